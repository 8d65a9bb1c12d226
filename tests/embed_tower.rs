//! The `tower` layer against real servers on 127.0.0.1: what a page may read,
//! preflights and their cache, redirects followed by the layer, and network
//! failures (a hanging server, a reset, a malformed response head, nothing
//! listening) that must never turn into a CORS verdict.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use bytes::Bytes;
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tower::{Layer, ServiceExt};
use xorigin::Browser;
use xorigin::embed::tower::{BrowserLayer, BrowserService, FetchOptions};
use xorigin::fetch::{Reason, RequestKind};
use xorigin::http::request::RedirectMode;
use xorigin::http::response::{NetworkFailure, ResponseType};

const PAGE: &str = "http://app.localhost:8080";

type HttpClient = Client<HttpConnector, Full<Bytes>>;

fn client() -> HttpClient {
    Client::builder(TokioExecutor::new()).build_http()
}

fn service(browser: Browser, timeout: Duration) -> BrowserService<HttpClient> {
    let Ok(page) = browser.page(PAGE) else {
        panic!("page origin")
    };
    BrowserLayer::new(browser, page)
        .timeout(timeout)
        .layer(client())
}

async fn serve(router: Router) -> SocketAddr {
    let Ok(listener) = TcpListener::bind("127.0.0.1:0").await else {
        panic!("bind")
    };
    let Ok(addr) = listener.local_addr() else {
        panic!("addr")
    };
    tokio::spawn(async move { axum::serve(listener, router).await });
    addr
}

/// A raw server: for each connection, `reply` decides what to do.
async fn raw(reply: &'static [u8], reset: bool) -> SocketAddr {
    let Ok(listener) = TcpListener::bind("127.0.0.1:0").await else {
        panic!("bind")
    };
    let Ok(addr) = listener.local_addr() else {
        panic!("addr")
    };
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf).await;
                if reset {
                    // Linger 0 makes the close an RST; with 0 it cannot block.
                    #[allow(deprecated)]
                    let _ = stream.set_linger(Some(Duration::ZERO));
                    drop(stream);
                    return;
                }
                if reply.is_empty() {
                    // Hang: hold the connection, answer nothing.
                    tokio::time::sleep(Duration::from_secs(60)).await;
                    return;
                }
                let _ = stream.write_all(reply).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    addr
}

fn request(method: &str, url: String) -> http::Request<Full<Bytes>> {
    let Ok(request) = http::Request::builder()
        .method(method)
        .uri(url)
        .body(Full::default())
    else {
        panic!("request")
    };
    request
}

fn acao(headers: &HeaderMap) -> [(&'static str, String); 1] {
    let origin = headers
        .get("origin")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("none")
        .to_owned();
    [("access-control-allow-origin", origin)]
}

fn api() -> Router {
    Router::new()
        .route(
            "/open",
            get(|h: HeaderMap| async move {
                let mut r = (acao(&h), "hello").into_response();
                r.headers_mut()
                    .insert("x-secret", http::HeaderValue::from_static("s"));
                r
            }),
        )
        .route("/closed", get(|| async { "no CORS headers" }))
        .route(
            "/r1",
            get(|h: HeaderMap| async move {
                (StatusCode::FOUND, acao(&h), [("location", "/r2")]).into_response()
            }),
        )
        .route(
            "/r2",
            get(|h: HeaderMap| async move {
                (StatusCode::FOUND, acao(&h), [("location", "/open")]).into_response()
            }),
        )
        .route(
            "/login",
            get(|h: HeaderMap| async move {
                let [(n, v)] = acao(&h);
                (
                    [
                        (n, v),
                        ("access-control-allow-credentials", "true".to_owned()),
                        ("set-cookie", "session=42; Path=/".to_owned()),
                    ],
                    "logged in",
                )
                    .into_response()
            }),
        )
        .route(
            "/me",
            get(|h: HeaderMap| async move {
                let [(n, v)] = acao(&h);
                let cookie = h
                    .get("cookie")
                    .and_then(|c| c.to_str().ok())
                    .unwrap_or("none")
                    .to_owned();
                (
                    [
                        (n, v),
                        ("access-control-allow-credentials", "true".to_owned()),
                    ],
                    cookie,
                )
                    .into_response()
            }),
        )
        .route(
            "/echo",
            axum::routing::post(|h: HeaderMap, body: String| async move {
                (acao(&h), body).into_response()
            }),
        )
        .route(
            "/items",
            get(|| async { "get" })
                .put(|h: HeaderMap| async move { (acao(&h), "put").into_response() })
                .options(|h: HeaderMap| async move {
                    let [(n, v)] = acao(&h);
                    (
                        StatusCode::NO_CONTENT,
                        [(n, v), ("access-control-allow-methods", "PUT".to_owned())],
                    )
                        .into_response()
                }),
        )
}

#[tokio::test]
async fn script_reads_only_the_safelisted_headers_of_an_allowed_response() {
    let addr = serve(api()).await;
    let svc = service(Browser::chromium(), Duration::from_secs(5));
    let Ok(seen) = svc
        .oneshot(request("GET", format!("http://{addr}/open")))
        .await
    else {
        panic!("allowed")
    };
    assert_eq!(seen.response.response_type, ResponseType::Cors);
    assert!(seen.header("content-type").is_some());
    assert!(seen.header("x-secret").is_none(), "not exposed");
    assert!(seen.body.is_some());
}

#[tokio::test]
async fn a_response_without_allow_origin_is_blocked_with_chromiums_message() {
    let addr = serve(api()).await;
    let svc = service(Browser::chromium(), Duration::from_secs(5));
    let Err(blocked) = svc
        .oneshot(request("GET", format!("http://{addr}/closed")))
        .await
    else {
        panic!("blocked")
    };
    assert!(
        matches!(blocked.reason(), Reason::CorsCheck { .. }),
        "{blocked}"
    );
    assert!(
        blocked.console.contains("has been blocked by CORS policy"),
        "{}",
        blocked.console
    );
    assert_eq!(
        blocked.fix.header.as_deref(),
        Some("Access-Control-Allow-Origin")
    );
    assert!(!blocked.is_network_failure());
}

#[tokio::test]
async fn the_layer_follows_a_redirect_chain_itself() {
    let addr = serve(api()).await;
    let svc = service(Browser::firefox(), Duration::from_secs(5));
    let Ok(seen) = svc
        .oneshot(request("GET", format!("http://{addr}/r1")))
        .await
    else {
        panic!("allowed")
    };
    assert!(seen.response.redirected);
    assert_eq!(seen.response.url.as_ref().map(|u| u.path()), Some("/open"));
    let paths: Vec<&str> = seen.sent.iter().map(|r| r.url.path()).collect();
    assert_eq!(paths, ["/r1", "/r2", "/open"]);
}

#[tokio::test]
async fn redirect_manual_gives_an_opaque_redirect_without_a_body() {
    let addr = serve(api()).await;
    let svc = service(Browser::webkit(), Duration::from_secs(5));
    let mut req = request("GET", format!("http://{addr}/r1"));
    req.extensions_mut().insert(FetchOptions {
        redirect: Some(RedirectMode::Manual),
        ..FetchOptions::default()
    });
    let Ok(seen) = svc.oneshot(req).await else {
        panic!("allowed")
    };
    assert_eq!(seen.response.response_type, ResponseType::OpaqueRedirect);
    assert_eq!(seen.response.status, 0);
    assert!(seen.body.is_none());
}

#[tokio::test]
async fn the_preflight_goes_out_once_and_is_cached_across_calls() {
    let addr = serve(api()).await;
    let svc = service(Browser::chromium(), Duration::from_secs(5));
    let url = format!("http://{addr}/items");
    let Ok(first) = svc.clone().oneshot(request("PUT", url.clone())).await else {
        panic!("first")
    };
    let kinds: Vec<(RequestKind, &str)> = first
        .sent
        .iter()
        .map(|r| (r.kind, r.method.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (RequestKind::Preflight, "OPTIONS"),
            (RequestKind::Main, "PUT")
        ]
    );
    let Ok(second) = svc.oneshot(request("PUT", url)).await else {
        panic!("second")
    };
    assert_eq!(second.preflights(), 0);
}

#[tokio::test]
async fn a_hanging_server_is_a_timeout_not_a_cors_verdict() {
    let addr = raw(b"", false).await;
    let svc = service(Browser::chromium(), Duration::from_millis(200));
    // The outer bound only keeps a broken layer from hanging the suite; the
    // verdict is the reason, not a measured time.
    let answer = tokio::time::timeout(
        Duration::from_secs(120),
        svc.oneshot(request("GET", format!("http://{addr}/"))),
    )
    .await
    .expect("the layer's own timeout fires");
    let Err(blocked) = answer else {
        panic!("no answer")
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

#[tokio::test]
async fn a_connection_reset_is_a_network_failure() {
    let addr = raw(b"", true).await;
    let svc = service(Browser::firefox(), Duration::from_secs(5));
    let Err(blocked) = svc.oneshot(request("GET", format!("http://{addr}/"))).await else {
        panic!("reset")
    };
    assert!(
        matches!(
            blocked.reason(),
            Reason::Network {
                failure: NetworkFailure::Reset { .. }
            }
        ),
        "{:?}",
        blocked.reason()
    );
}

#[tokio::test]
async fn a_malformed_response_head_is_a_network_failure() {
    let addr = raw(
        b"HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin http://app.localhost:8080\r\n\r\n",
        false,
    )
    .await;
    let svc = service(Browser::webkit(), Duration::from_secs(5));
    let Err(blocked) = svc.oneshot(request("GET", format!("http://{addr}/"))).await else {
        panic!("malformed")
    };
    assert!(
        matches!(
            blocked.reason(),
            Reason::Network {
                failure: NetworkFailure::MalformedResponse { .. }
            }
        ),
        "{:?}",
        blocked.reason()
    );
}

#[tokio::test]
async fn nothing_listening_is_connection_refused() {
    let Ok(listener) = TcpListener::bind("127.0.0.1:0").await else {
        panic!("bind")
    };
    let Ok(addr) = listener.local_addr() else {
        panic!("addr")
    };
    drop(listener);
    let svc = service(Browser::chromium(), Duration::from_secs(5));
    let Err(blocked) = svc.oneshot(request("GET", format!("http://{addr}/"))).await else {
        panic!("refused")
    };
    assert!(
        matches!(
            blocked.reason(),
            Reason::Network {
                failure: NetworkFailure::ConnectionRefused { .. }
            }
        ),
        "{:?}",
        blocked.reason()
    );
}

#[tokio::test]
async fn the_body_goes_on_the_wire_with_its_own_length() {
    use http_body_util::BodyExt;
    let addr = serve(api()).await;
    let svc = service(Browser::chromium(), Duration::from_secs(5));
    let Ok(request) = http::Request::post(format!("http://{addr}/echo"))
        .header("content-type", "text/plain")
        .body(Full::new(Bytes::from_static(b"hello, server")))
    else {
        panic!("request")
    };
    let Ok(seen) = svc.oneshot(request).await else {
        panic!("allowed")
    };
    assert_eq!(
        seen.preflights(),
        0,
        "a text/plain POST is a simple request"
    );
    let Some(body) = seen.body else {
        panic!("a cors response has a body")
    };
    let Ok(collected) = body.collect().await else {
        panic!("body")
    };
    assert_eq!(collected.to_bytes().as_ref(), b"hello, server");
}

#[cfg(feature = "cookies")]
#[tokio::test]
async fn credentialed_requests_carry_the_browsers_cookies_and_others_do_not() {
    use http_body_util::BodyExt;
    use xorigin::http::request::CredentialsMode;
    let addr = serve(api()).await;
    let svc = service(Browser::chromium(), Duration::from_secs(5));
    let credentialed = |path: &str| {
        let mut req = request("GET", format!("http://{addr}{path}"));
        req.extensions_mut().insert(FetchOptions {
            credentials: Some(CredentialsMode::Include),
            ..FetchOptions::default()
        });
        req
    };
    let Ok(_) = svc.clone().oneshot(credentialed("/login")).await else {
        panic!("login")
    };
    let body = |seen: xorigin::embed::tower::ScriptResponse<hyper::body::Incoming>| async move {
        let Some(body) = seen.body else {
            panic!("body")
        };
        let Ok(collected) = body.collect().await else {
            panic!("collect")
        };
        String::from_utf8_lossy(&collected.to_bytes()).into_owned()
    };
    let Ok(me) = svc.clone().oneshot(credentialed("/me")).await else {
        panic!("me")
    };
    assert_eq!(body(me).await, "session=42");
    // credentials "same-origin" (the default) to another origin: no cookies.
    let Ok(me) = svc
        .oneshot(request("GET", format!("http://{addr}/me")))
        .await
    else {
        panic!("me")
    };
    assert_eq!(body(me).await, "none");
}
