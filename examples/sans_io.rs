//! The README's library example: drive the sans-IO engine by hand.
//! `cargo run --example sans_io`

use std::time::Duration;

use xorigin::fetch::{Action, FetchController};
use xorigin::http::request::{FetchInit, Request};
use xorigin::http::response::NetworkResponse;
use xorigin::{browser::Profile, fetch::preflight_cache::PreflightCache, origin::Origin};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Shared, never copied: the fetch borrows it.
    let profile = &Profile::CHROMIUM;
    let page = Origin::parse_serialized("https://app.a.test")?;
    let init = FetchInit {
        url: "https://api.b.test/data",
        method: Some("PUT"),
        ..FetchInit::default()
    };
    let request = Request::from_fetch_init(&page, &init, profile)?;
    let mut cache = PreflightCache::new(profile.preflight_cache.capacity);
    let mut fetch = FetchController::new(request, profile, page.ascii_serialization());
    let now = Duration::ZERO; // the driver's clock
    loop {
        match fetch.poll(&mut cache, now)? {
            Action::Send(req) => {
                println!("> {} {}", req.method, req.url);
                for (name, value) in req.header_list.iter() {
                    let (name, value) = (
                        String::from_utf8_lossy(name),
                        String::from_utf8_lossy(value),
                    );
                    println!(">   {name}: {value}");
                }
                let answer = NetworkResponse::new(
                    if req.method == "OPTIONS" { 204 } else { 200 },
                    [
                        ("Access-Control-Allow-Origin", "https://app.a.test"),
                        ("Access-Control-Allow-Methods", "PUT"),
                    ],
                );
                fetch.handle_response(answer, &mut cache, now)?;
            }
            Action::Done(outcome) => {
                println!("{}", serde_json::to_string_pretty(&outcome)?);
                return Ok(());
            }
        }
    }
}
