//! A crawler that asks "what would a page at this origin be allowed to
//! read?": a hyper-util client wrapped in xorigin's `BrowserLayer`, against a
//! small API served on 127.0.0.1 for the demonstration.
//!
//! `cargo run --example crawler --features tower`

use std::time::Duration;

use axum::Router;
use axum::http::HeaderMap;
use axum::routing::get;
use bytes::Bytes;
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use tower::{Layer, ServiceExt};
use xorigin::Browser;
use xorigin::embed::tower::BrowserLayer;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The site being crawled: one public endpoint, one that forgot CORS, one
    // redirect.
    let site = Router::new()
        .route(
            "/public",
            get(|| async {
                (
                    [("access-control-allow-origin", "*"), ("x-internal", "1")],
                    "{}",
                )
            }),
        )
        .route("/private", get(|| async { "no CORS headers" }))
        .route(
            "/moved",
            get(|_: HeaderMap| async {
                (
                    http::StatusCode::FOUND,
                    [
                        ("location", "/public"),
                        ("access-control-allow-origin", "*"),
                    ],
                )
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, site).await });

    // The crawler: the inner client must not follow redirects (hyper-util's
    // does not); the layer does, as the browser would.
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let browser = Browser::chromium();
    let page = browser.page("https://app.example")?;
    let crawler = BrowserLayer::new(browser, page)
        .timeout(Duration::from_secs(5))
        .layer(client);

    let mut blocked_count = 0;
    for path in ["/public", "/private", "/moved"] {
        let request = http::Request::get(format!("http://{addr}{path}")).body(Full::default())?;
        match crawler.clone().oneshot(request).await {
            Ok(seen) => println!(
                "{path}: readable ({} {}), headers {:?}, {} request(s) on the wire",
                seen.response.response_type.as_str(),
                seen.response.status,
                seen.response.visible_header_names(),
                seen.sent.len()
            ),
            Err(blocked) => {
                blocked_count += 1;
                println!("{path}: {blocked}");
            }
        }
    }
    // The example is run in CI: it must show exactly one blocked endpoint.
    if blocked_count != 1 {
        return Err(format!("expected 1 blocked endpoint, got {blocked_count}").into());
    }
    Ok(())
}
