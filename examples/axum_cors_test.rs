//! What a server test with xorigin's in-process browser looks like: an axum
//! router with tower-http's `CorsLayer`, fetched from a page in Chromium,
//! Firefox and WebKit without a browser or a port. In a test suite you would
//! call `assert_allowed()` / `assert_blocked()`, which panic with the
//! browser's console message and the fix.
//!
//! `cargo run --example axum_cors_test --features testing`

use axum::Router;
use axum::routing::put;
use http::{HeaderValue, Method};
use tower_http::cors::CorsLayer;
use xorigin::embed::testing::InProcess;

fn app(cors: CorsLayer) -> Router {
    Router::new()
        .route("/items", put(|| async { "stored" }))
        .layer(cors)
}

fn put_json() -> Result<http::Request<String>, http::Error> {
    http::Request::put("https://api.example.com/items")
        .header("content-type", "application/json")
        .body(String::from("{}"))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A common mistake: the methods are allowed, the JSON content type is not.
    let forgot_headers = CorsLayer::new()
        .allow_origin(HeaderValue::from_static("https://app.example.com"))
        .allow_methods([Method::PUT]);
    let fixed = forgot_headers
        .clone()
        .allow_headers([http::header::CONTENT_TYPE]);

    for browser in InProcess::each_browser("https://app.example.com")? {
        let verdict = browser
            .fetch(&mut app(forgot_headers.clone()), put_json()?)
            .await;
        let blocked = verdict.assert_blocked();
        println!(
            "{}: {}\n  fix: {}",
            browser.name().as_str(),
            blocked.console,
            blocked.fix.text
        );

        let verdict = browser.fetch(&mut app(fixed.clone()), put_json()?).await;
        verdict.assert_allowed();
        println!(
            "{}: allowed once Content-Type is listed",
            browser.name().as_str()
        );
    }
    Ok(())
}
