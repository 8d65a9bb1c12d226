//! The `tower` layer's overhead over its inner client: one simple CORS GET
//! to an axum server on 127.0.0.1, through hyper-util's client alone and
//! through `BrowserLayer`, and a preflighted PUT whose preflight is cached.
//!
//! `cargo bench --bench layer --features tower`

use std::hint::black_box;

use axum::Router;
use axum::routing::get;
use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use tower::{Layer, ServiceExt};
use xorigin::Browser;
use xorigin::embed::tower::BrowserLayer;

fn layer(c: &mut Criterion) {
    let Ok(rt) = tokio::runtime::Runtime::new() else {
        return;
    };
    let addr = rt.block_on(async {
        let router = Router::new().route(
            "/data",
            get(|| async { ([("access-control-allow-origin", "*")], "{}") })
                .put(|| async { ([("access-control-allow-origin", "*")], "{}") })
                .options(|| async {
                    (
                        http::StatusCode::NO_CONTENT,
                        [
                            ("access-control-allow-origin", "*"),
                            ("access-control-allow-methods", "PUT"),
                            ("access-control-max-age", "7200"),
                        ],
                    )
                }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.ok()?;
        let addr = listener.local_addr().ok()?;
        tokio::spawn(async move { axum::serve(listener, router).await });
        Some(addr)
    });
    let Some(addr) = addr else { return };
    let url = format!("http://{addr}/data");
    let client: Client<HttpConnector, Full<Bytes>> =
        Client::builder(TokioExecutor::new()).build_http();
    let browser = Browser::chromium();
    let Ok(page) = browser.page("https://app.example") else {
        return;
    };
    let layered = BrowserLayer::new(browser, page).layer(client.clone());
    let get = |url: &str| http::Request::get(url).body(Full::default()).ok();
    let put = |url: &str| http::Request::put(url).body(Full::default()).ok();

    let mut group = c.benchmark_group("loopback GET");
    group.bench_function("hyper-util client", |b| {
        b.iter(|| {
            rt.block_on(async {
                let request = get(&url)?;
                black_box(client.clone().oneshot(request).await.ok())
            })
        })
    });
    group.bench_function("through BrowserLayer (chromium)", |b| {
        b.iter(|| {
            rt.block_on(async {
                let request = get(&url)?;
                black_box(layered.clone().oneshot(request).await.ok())
            })
        })
    });
    group.bench_function("PUT, cached preflight, through BrowserLayer", |b| {
        b.iter(|| {
            rt.block_on(async {
                let request = put(&url)?;
                black_box(layered.clone().oneshot(request).await.ok())
            })
        })
    });
    group.finish();
}

criterion_group!(benches, layer);
criterion_main!(benches);
