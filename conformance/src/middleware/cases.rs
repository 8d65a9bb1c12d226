//! The servers the `middleware` mode runs: real `tower_http::cors::CorsLayer`
//! configurations on axum routers (the ones users get wrong), and a few
//! hand-written handlers with classic mistakes. Each case is one page (a
//! client origin) and the fetches it runs, in the scenario format's
//! `request` spelling.

use std::time::Duration;

use axum::Router;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post, put};
use serde_json::{Value, json};
use tower_http::cors::{AllowHeaders, AllowOrigin, Any, CorsLayer, ExposeHeaders};

/// The page's origin in most cases.
pub const APP: &str = "https://app.a.test";
/// The API the page fetches, cross-site.
const API: &str = "https://api.b.test";

/// One page and the server it fetches from.
pub struct Case {
    /// The scenario id.
    pub id: &'static str,
    /// The client origin.
    pub origin: &'static str,
    /// The server.
    pub app: fn() -> Router,
    /// The fetches, as the scenario format's `request` objects.
    pub fetches: Vec<Value>,
}

fn url(path: &str) -> String {
    format!("{API}{path}")
}

fn get_req(path: &str) -> Value {
    json!({"url": url(path)})
}

fn put_json(path: &str) -> Value {
    json!({"url": url(path), "method": "PUT", "headers": [["Content-Type", "application/json"]], "body": "{}"})
}

fn with(mut request: Value, key: &str, value: Value) -> Value {
    if let Some(o) = request.as_object_mut() {
        o.insert(key.into(), value);
    }
    request
}

fn header_req(path: &str, name: &str, value: &str) -> Value {
    json!({"url": url(path), "headers": [[name, value]]})
}

/// The routes every `CorsLayer` case wraps: `/items` (GET, PUT, POST,
/// DELETE, PATCH) with a header script may want to read.
fn routes() -> Router {
    let items = || async { ([("x-total-count", "3"), ("x-request-id", "r-1")], "[1,2,3]") };
    Router::new().route(
        "/items",
        get(items).put(items).post(items).delete(items).patch(items),
    )
}

fn layered(cors: CorsLayer) -> Router {
    routes().layer(cors)
}

fn app_origin() -> HeaderValue {
    HeaderValue::from_static(APP)
}

const X_TOTAL: HeaderName = HeaderName::from_static("x-total-count");
const X_CUSTOM: HeaderName = HeaderName::from_static("x-custom");

/// The 21 `CorsLayer` cases and the hand-written ones.
pub fn all() -> Vec<Case> {
    let mut cases = cors_layer_cases();
    cases.extend(hand_written_cases());
    cases
}

fn case(id: &'static str, app: fn() -> Router, fetches: Vec<Value>) -> Case {
    Case {
        id,
        origin: APP,
        app,
        fetches,
    }
}

fn cors_layer_cases() -> Vec<Case> {
    vec![
        case(
            "mw-permissive",
            || layered(CorsLayer::permissive()),
            vec![get_req("/items"), put_json("/items")],
        ),
        case(
            "mw-very-permissive-credentials",
            || layered(CorsLayer::very_permissive()),
            vec![
                with(get_req("/items"), "credentials", json!("include")),
                with(
                    header_req("/items", "Authorization", "Bearer t"),
                    "credentials",
                    json!("include"),
                ),
            ],
        ),
        case(
            "mw-forgot-allow-headers",
            || {
                layered(
                    CorsLayer::new()
                        .allow_origin(app_origin())
                        .allow_methods([Method::PUT]),
                )
            },
            vec![put_json("/items")],
        ),
        case(
            "mw-allow-headers-any-authorization",
            || {
                layered(
                    CorsLayer::new()
                        .allow_origin(app_origin())
                        .allow_headers(Any),
                )
            },
            vec![
                header_req("/items", "Authorization", "Bearer t"),
                header_req("/items", "X-Custom", "1"),
            ],
        ),
        case(
            "mw-allow-headers-authorization-listed",
            || {
                layered(
                    CorsLayer::new()
                        .allow_origin(app_origin())
                        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
                        .allow_methods([Method::GET, Method::PUT]),
                )
            },
            vec![
                header_req("/items", "Authorization", "Bearer t"),
                put_json("/items"),
            ],
        ),
        case(
            "mw-mirror-origin-credentials",
            || {
                layered(
                    CorsLayer::new()
                        .allow_origin(AllowOrigin::mirror_request())
                        .allow_credentials(true),
                )
            },
            vec![
                with(get_req("/items"), "credentials", json!("include")),
                get_req("/items"),
            ],
        ),
        case(
            "mw-mirror-origin-no-credentials-header",
            || layered(CorsLayer::new().allow_origin(AllowOrigin::mirror_request())),
            vec![
                with(get_req("/items"), "credentials", json!("include")),
                get_req("/items"),
            ],
        ),
        case(
            "mw-any-origin-with-credentials-request",
            || layered(CorsLayer::new().allow_origin(Any)),
            vec![
                with(get_req("/items"), "credentials", json!("include")),
                get_req("/items"),
            ],
        ),
        case(
            "mw-missing-expose-headers",
            || layered(CorsLayer::new().allow_origin(app_origin())),
            vec![get_req("/items")],
        ),
        case(
            "mw-expose-headers-listed",
            || {
                layered(
                    CorsLayer::new()
                        .allow_origin(app_origin())
                        .expose_headers([X_TOTAL]),
                )
            },
            vec![get_req("/items")],
        ),
        case(
            "mw-expose-headers-any",
            || {
                layered(
                    CorsLayer::new()
                        .allow_origin(Any)
                        .expose_headers(ExposeHeaders::any()),
                )
            },
            vec![
                get_req("/items"),
                with(get_req("/items"), "credentials", json!("include")),
            ],
        ),
        case(
            "mw-max-age-beyond-cap",
            || {
                layered(
                    CorsLayer::new()
                        .allow_origin(app_origin())
                        .allow_methods([Method::PUT])
                        .allow_headers([header::CONTENT_TYPE])
                        .max_age(Duration::from_secs(30 * 86_400)),
                )
            },
            vec![put_json("/items"), put_json("/items")],
        ),
        case(
            "mw-max-age-zero",
            || {
                layered(
                    CorsLayer::new()
                        .allow_origin(app_origin())
                        .allow_methods([Method::PUT])
                        .allow_headers([header::CONTENT_TYPE])
                        .max_age(Duration::ZERO),
                )
            },
            vec![put_json("/items"), put_json("/items")],
        ),
        case(
            "mw-no-max-age",
            || {
                layered(
                    CorsLayer::new()
                        .allow_origin(app_origin())
                        .allow_methods([Method::DELETE]),
                )
            },
            vec![
                json!({"url": url("/items"), "method": "DELETE"}),
                json!({"url": url("/items"), "method": "DELETE"}),
            ],
        ),
        case(
            "mw-methods-lower-case",
            || {
                layered(
                    CorsLayer::new()
                        .allow_origin(app_origin())
                        .allow_methods([Method::from_bytes(b"patch").unwrap_or(Method::PATCH)]),
                )
            },
            vec![
                json!({"url": url("/items"), "method": "PATCH"}),
                json!({"url": url("/items"), "method": "patch"}),
            ],
        ),
        case(
            "mw-method-not-listed",
            || {
                layered(
                    CorsLayer::new()
                        .allow_origin(app_origin())
                        .allow_methods([Method::GET, Method::POST]),
                )
            },
            vec![
                json!({"url": url("/items"), "method": "DELETE"}),
                json!({"url": url("/items"), "method": "POST", "body": "x"}),
            ],
        ),
        case(
            "mw-origin-list",
            || {
                layered(CorsLayer::new().allow_origin([
                    HeaderValue::from_static("https://other.a.test"),
                    app_origin(),
                ]))
            },
            vec![get_req("/items")],
        ),
        case(
            "mw-origin-list-without-page",
            || {
                layered(
                    CorsLayer::new()
                        .allow_origin([HeaderValue::from_static("https://other.a.test")]),
                )
            },
            vec![get_req("/items")],
        ),
        case(
            "mw-origin-predicate-subdomains",
            || {
                layered(CorsLayer::new().allow_origin(AllowOrigin::predicate(
                    |origin: &HeaderValue, _| origin.as_bytes().ends_with(b".a.test"),
                )))
            },
            vec![get_req("/items"), put_json("/items")],
        ),
        case(
            "mw-allow-private-network",
            || {
                layered(
                    CorsLayer::new()
                        .allow_origin(app_origin())
                        .allow_methods([Method::PUT])
                        .allow_headers([header::CONTENT_TYPE])
                        .allow_private_network(true),
                )
            },
            vec![put_json("/items"), get_req("/items")],
        ),
        case(
            "mw-vary-removed",
            || {
                layered(
                    CorsLayer::new()
                        .allow_origin(AllowOrigin::mirror_request())
                        .vary([]),
                )
            },
            vec![get_req("/items"), get_req("/items")],
        ),
        case(
            "mw-allow-headers-mirror",
            || {
                layered(
                    CorsLayer::new()
                        .allow_origin(app_origin())
                        .allow_methods([Method::PUT])
                        .allow_headers(AllowHeaders::mirror_request()),
                )
            },
            vec![with(
                put_json("/items"),
                "headers",
                json!([["Content-Type", "application/json"], ["X-Custom", "1"]]),
            )],
        ),
        case(
            "mw-default-layer",
            || layered(CorsLayer::new()),
            vec![
                get_req("/items"),
                with(get_req("/items"), "mode", json!("no-cors")),
            ],
        ),
        case(
            "mw-credentials-exact-origin-put",
            || {
                layered(
                    CorsLayer::new()
                        .allow_origin(app_origin())
                        .allow_methods([Method::PUT])
                        .allow_headers([header::CONTENT_TYPE])
                        .allow_credentials(true),
                )
            },
            vec![with(put_json("/items"), "credentials", json!("include"))],
        ),
        case(
            "mw-preflight-only-route",
            // The layer answers the preflight for a route that has no PUT:
            // the PUT itself gets axum's 405, with CORS headers.
            || {
                Router::new()
                    .route("/items", post(|| async { "created" }))
                    .layer(
                        CorsLayer::new()
                            .allow_origin(app_origin())
                            .allow_methods([Method::PUT, Method::POST])
                            .allow_headers([header::CONTENT_TYPE]),
                    )
            },
            vec![put_json("/items"), put_json("/missing")],
        ),
        case(
            "mw-route-layer-unmatched-preflight",
            // `route_layer` wraps only matched routes: a path without a
            // route answers its preflight with a bare 404.
            || {
                Router::new()
                    .route("/items", put(|| async { "stored" }))
                    .route_layer(
                        CorsLayer::new()
                            .allow_origin(app_origin())
                            .allow_methods([Method::PUT])
                            .allow_headers([header::CONTENT_TYPE]),
                    )
            },
            vec![put_json("/items"), put_json("/missing")],
        ),
        case(
            "mw-custom-header-not-allowed",
            || {
                layered(
                    CorsLayer::new()
                        .allow_origin(app_origin())
                        .allow_headers([X_CUSTOM]),
                )
            },
            vec![
                header_req("/items", "X-Custom", "1"),
                header_req("/items", "X-Other", "1"),
            ],
        ),
    ]
}

/// A router that sends every request on `/items` to `handler`.
fn hand(handler: fn(Method, HeaderMap) -> Response) -> Router {
    Router::new().route(
        "/items",
        any(move |method: Method, headers: HeaderMap| async move { handler(method, headers) }),
    )
}

fn origin_of(headers: &HeaderMap) -> HeaderValue {
    headers
        .get(header::ORIGIN)
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static("null"))
}

fn hand_written_cases() -> Vec<Case> {
    vec![
        case(
            "hand-echo-origin-without-vary",
            || {
                hand(|_, headers| {
                    (
                        [
                            (header::ACCESS_CONTROL_ALLOW_ORIGIN, origin_of(&headers)),
                            (
                                header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                                HeaderValue::from_static("true"),
                            ),
                        ],
                        "[]",
                    )
                        .into_response()
                })
            },
            vec![
                with(get_req("/items"), "credentials", json!("include")),
                get_req("/items"),
            ],
        ),
        case(
            "hand-acao-on-get-not-options",
            || {
                hand(|method, headers| {
                    if method == Method::OPTIONS {
                        StatusCode::NO_CONTENT.into_response()
                    } else {
                        (
                            [(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin_of(&headers))],
                            "[]",
                        )
                            .into_response()
                    }
                })
            },
            vec![get_req("/items"), put_json("/items")],
        ),
        case(
            "hand-redirecting-preflight",
            || {
                hand(|method, _| {
                    if method == Method::OPTIONS {
                        (
                            StatusCode::MOVED_PERMANENTLY,
                            [
                                (header::LOCATION, HeaderValue::from_static("/items/")),
                                (
                                    header::ACCESS_CONTROL_ALLOW_ORIGIN,
                                    HeaderValue::from_static("*"),
                                ),
                            ],
                        )
                            .into_response()
                    } else {
                        ([(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")], "[]").into_response()
                    }
                })
            },
            vec![put_json("/items")],
        ),
        case(
            "hand-wildcard-with-credentials",
            || {
                hand(|_, _| {
                    (
                        [
                            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
                            (header::ACCESS_CONTROL_ALLOW_CREDENTIALS, "true"),
                        ],
                        "[]",
                    )
                        .into_response()
                })
            },
            vec![
                with(get_req("/items"), "credentials", json!("include")),
                get_req("/items"),
            ],
        ),
        case(
            "hand-null-origin-allowed-from-https-page",
            null_server,
            vec![get_req("/items")],
        ),
        Case {
            id: "hand-null-origin-from-sandboxed-page",
            origin: "null",
            app: null_server,
            fetches: vec![get_req("/items")],
        },
        case(
            "hand-preflight-error-status",
            || {
                hand(|method, headers| {
                    let cors = [
                        (header::ACCESS_CONTROL_ALLOW_ORIGIN, origin_of(&headers)),
                        (
                            header::ACCESS_CONTROL_ALLOW_METHODS,
                            HeaderValue::from_static("PUT"),
                        ),
                        (
                            header::ACCESS_CONTROL_ALLOW_HEADERS,
                            HeaderValue::from_static("content-type"),
                        ),
                    ];
                    if method == Method::OPTIONS {
                        (StatusCode::UNAUTHORIZED, cors).into_response()
                    } else {
                        (cors, "[]").into_response()
                    }
                })
            },
            vec![put_json("/items")],
        ),
        case(
            "hand-acao-trailing-slash",
            || {
                hand(|_, _| {
                    (
                        [(header::ACCESS_CONTROL_ALLOW_ORIGIN, "https://app.a.test/")],
                        "[]",
                    )
                        .into_response()
                })
            },
            vec![get_req("/items")],
        ),
        case(
            "hand-acao-twice",
            || {
                hand(|_, headers| {
                    let mut response = "[]".into_response();
                    let h = response.headers_mut();
                    h.append(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin_of(&headers));
                    h.append(
                        header::ACCESS_CONTROL_ALLOW_ORIGIN,
                        HeaderValue::from_static("*"),
                    );
                    response
                })
            },
            vec![get_req("/items")],
        ),
    ]
}

/// Allows the `null` origin, literally.
fn null_server() -> Router {
    hand(|_, _| ([(header::ACCESS_CONTROL_ALLOW_ORIGIN, "null")], "[]").into_response())
}
