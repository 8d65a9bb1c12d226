//! The inputs every benchmark shares (`engine`, `predicates`,
//! `instructions`), so the wall-clock and instruction-count figures measure
//! the same operations.
#![allow(dead_code)]

use xorigin::browser::Profile;
use xorigin::fetch::{OutgoingRequest, RequestKind};
use xorigin::http::request::{FetchInit, Request};
use xorigin::http::response::{NetworkFailure, NetworkResponse};
use xorigin::origin::Origin;

pub const CLIENT: &str = "https://app.a.test";
pub const SIMPLE_URL: &str = "https://api.b.test/v1/items?page=2";
pub const PUT_URL: &str = "https://api.b.test/v1/items/42";

/// The request-header cases: label, name and value.
pub const REQUEST_HEADERS: [(&str, &[u8], &[u8]); 6] = [
    (
        "accept",
        b"Accept",
        b"text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
    ),
    ("accept_language", b"Accept-Language", b"en-US,en;q=0.9"),
    ("content_type", b"Content-Type", b"text/plain;charset=UTF-8"),
    ("range", b"Range", b"bytes=0-1023"),
    ("custom", b"X-Requested-With", b"XMLHttpRequest"),
    ("forbidden_name", b"Sec-Fetch-Mode", b"cors"),
];

/// The `X-HTTP-Method-Override` case: a value naming a forbidden method.
pub const METHOD_OVERRIDE: (&[u8], &[u8]) = (b"X-HTTP-Method-Override", b"GET, \"x\", TRACE");

/// The request `fetch()` builds for `init` from a page at [`CLIENT`].
pub fn request(init: &FetchInit<'_>, profile: &Profile) -> Request {
    let origin = Origin::parse_serialized(CLIENT).expect("client origin");
    Request::from_fetch_init(&origin, init, profile).expect("request")
}

/// A cross-origin simple GET of [`SIMPLE_URL`].
pub fn simple_get(profile: &Profile) -> Request {
    request(
        &FetchInit {
            url: SIMPLE_URL,
            ..FetchInit::default()
        },
        profile,
    )
}

/// Its answer: `Access-Control-Allow-Origin`, one exposed header and three
/// others.
pub fn simple_get_response() -> NetworkResponse {
    NetworkResponse::new(
        200,
        [
            ("Content-Type", "application/json"),
            ("Access-Control-Allow-Origin", CLIENT),
            ("Access-Control-Expose-Headers", "X-Request-Id"),
            ("X-Request-Id", "abc123"),
            ("Cache-Control", "no-store"),
        ],
    )
}

/// A PUT of [`PUT_URL`] with two custom headers: preflighted.
pub fn put(profile: &Profile) -> Request {
    let headers = [
        ("X-Api-Key".to_owned(), "k-123".to_owned()),
        ("X-Trace".to_owned(), "t-456".to_owned()),
    ];
    request(
        &FetchInit {
            url: PUT_URL,
            method: Some("PUT"),
            headers: &headers,
            body: Some("{}"),
            ..FetchInit::default()
        },
        profile,
    )
}

/// The server for [`put`]: a preflight answer that allows it for 600 s,
/// then the PUT's answer.
pub fn put_server() -> impl Fn(&OutgoingRequest) -> Result<NetworkResponse, NetworkFailure> {
    let (preflight_ok, put_ok) = put_answers();
    move |r: &OutgoingRequest| {
        Ok(match r.kind {
            RequestKind::Preflight => preflight_ok.clone(),
            RequestKind::Main => put_ok.clone(),
        })
    }
}

/// [`put_server`]'s two answers: the preflight's and the PUT's.
pub fn put_answers() -> (NetworkResponse, NetworkResponse) {
    let preflight_ok = NetworkResponse::new(
        204,
        [
            ("Access-Control-Allow-Origin", CLIENT),
            ("Access-Control-Allow-Methods", "GET, PUT, DELETE"),
            ("Access-Control-Allow-Headers", "x-api-key, x-trace"),
            ("Access-Control-Max-Age", "600"),
        ],
    );
    let put_ok = NetworkResponse::new(
        200,
        [
            ("Access-Control-Allow-Origin", CLIENT),
            ("Content-Type", "application/json"),
        ],
    );
    (preflight_ok, put_ok)
}
