//! The layer over `reqwest` against real servers on 127.0.0.1: the same
//! behaviour as over hyper-util (the engine follows redirects, not reqwest;
//! failures of the network are not CORS verdicts).

use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use tokio::net::TcpListener;
use tower::{Layer, ServiceExt};
use xorigin::Browser;
use xorigin::embed::reqwest::{ReqwestClient, browser_client};
use xorigin::embed::tower::BrowserLayer;
use xorigin::fetch::Reason;
use xorigin::http::response::NetworkFailure;

async fn serve() -> std::net::SocketAddr {
    let router = Router::new()
        .route(
            "/open",
            get(|| async { ([("access-control-allow-origin", "*")], "ok") }),
        )
        .route("/closed", get(|| async { "no CORS" }))
        .route(
            "/moved",
            get(|| async {
                (
                    StatusCode::FOUND,
                    [("location", "/open"), ("access-control-allow-origin", "*")],
                )
            }),
        )
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(30)).await;
                "late"
            }),
        );
    let Ok(listener) = TcpListener::bind("127.0.0.1:0").await else {
        panic!("bind")
    };
    let Ok(addr) = listener.local_addr() else {
        panic!("addr")
    };
    tokio::spawn(async move { axum::serve(listener, router).await });
    addr
}

fn get_request(url: String) -> http::Request<String> {
    let Ok(request) = http::Request::get(url).body(String::new()) else {
        panic!("request")
    };
    request
}

#[tokio::test]
async fn redirects_are_followed_by_the_engine_and_cors_is_enforced() {
    let addr = serve().await;
    let browser = Browser::chromium();
    let Ok(page) = browser.page("https://app.example") else {
        panic!("origin")
    };
    let Ok(client) = browser_client(browser, page) else {
        panic!("client")
    };
    let Ok(seen) = client
        .clone()
        .oneshot(get_request(format!("http://{addr}/moved")))
        .await
    else {
        panic!("allowed")
    };
    let paths: Vec<&str> = seen.sent.iter().map(|r| r.url.path()).collect();
    assert_eq!(paths, ["/moved", "/open"]);
    let Err(blocked) = client
        .oneshot(get_request(format!("http://{addr}/closed")))
        .await
    else {
        panic!("blocked")
    };
    assert!(
        matches!(blocked.reason(), Reason::CorsCheck { .. }),
        "{blocked}"
    );
}

#[tokio::test]
async fn a_slow_server_is_a_timeout() {
    let addr = serve().await;
    let browser = Browser::webkit();
    let Ok(page) = browser.page("https://app.example") else {
        panic!("origin")
    };
    let Ok(inner) = ReqwestClient::new() else {
        panic!("client")
    };
    let client = BrowserLayer::new(browser, page)
        .timeout(Duration::from_millis(200))
        .layer(inner);
    let Err(blocked) = client
        .oneshot(get_request(format!("http://{addr}/slow")))
        .await
    else {
        panic!("timeout")
    };
    assert!(
        matches!(
            blocked.reason(),
            Reason::Network {
                failure: NetworkFailure::Timeout { .. }
            }
        ),
        "{:?}",
        blocked.reason()
    );
}
