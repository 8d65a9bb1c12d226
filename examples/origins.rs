//! Prints, for a few URLs, the origin's serialization, its site, whether it
//! is same site with the first URL, and the Secure Contexts verdict.
//!
//! Run with `cargo run --example origins [URL...]`.

use url::Url;
use xorigin::origin::{Origin, is_potentially_trustworthy_url, same_site, schemelessly_same_site};

const DEFAULT_URLS: &[&str] = &[
    "https://app.example.com/dashboard",
    "https://api.example.com:443/v1/items",
    "http://example.com/",
    "https://example.com.:8443/",
    "https://ÉXAMPLE.com/",
    "https://whatwg.github.io/",
    "https://other.github.io/",
    "http://0x7f.1/",
    "http://[::1]:80/",
    "http://app.localhost:3000/",
    "blob:https://app.example.com/d0360e2f-caee-469f-9a2f-87d5b0456f6f",
    "file:///home/me/index.html",
    "data:text/html,hi",
    "about:blank",
    "javascript:void(0)",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let inputs: Vec<&str> = if args.is_empty() {
        DEFAULT_URLS.to_vec()
    } else {
        args.iter().map(String::as_str).collect()
    };

    let mut first: Option<Origin> = None;
    println!(
        "{:<44} {:<30} {:<28} {:<9} {:<11} trustworthy",
        "url", "origin", "site", "same-site", "schemeless"
    );
    for input in inputs {
        let url = match Url::parse(input) {
            Ok(url) => url,
            Err(e) => {
                println!("{input:<44} (not a URL: {e})");
                continue;
            }
        };
        let origin = Origin::from_url(&url);
        let reference = first.get_or_insert_with(|| origin.clone());
        println!(
            "{:<44} {:<30} {:<28} {:<9} {:<11} {}",
            input.chars().take(44).collect::<String>(),
            origin.ascii_serialization(),
            origin.site().to_string(),
            yes_no(same_site(reference, &origin)),
            yes_no(schemelessly_same_site(reference, &origin)),
            yes_no(is_potentially_trustworthy_url(&url)),
        );
    }
    if let Some(first) = first {
        println!("\nsame-site and schemeless compare each URL with {first}.");
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}
