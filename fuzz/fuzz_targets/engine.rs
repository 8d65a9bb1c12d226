//! The fetch engine driven by a structured input: an arbitrary request
//! (method, headers, mode, credentials, redirect mode, body) from one of a few
//! client origins, answered by an arbitrary sequence of responses (header
//! lists and redirect chains). The same request runs twice against one
//! preflight cache, so cache hits are exercised too.
//!
//! Properties:
//! - a cors-mode fetch that went cross-origin never ends `ok` unless the
//!   final response carries `Access-Control-Allow-Origin`;
//! - never more requests than the redirect limit allows (21 requests, one
//!   preflight each at most), one request when the redirect mode is not
//!   `follow`;
//! - a same-origin fetch with no redirects never sends a preflight; nor does
//!   a `no-cors` fetch; a `same-origin`-mode fetch never leaves its origin;
//! - credentials mode `omit` never attaches credentials, nor does a preflight.
#![no_main]

use std::time::Duration;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use xorigin::browser::BrowserName;
use xorigin::fetch::preflight_cache::PreflightCache;
use xorigin::fetch::{FetchController, FetchOutcome, RequestKind, run_fetch};
use xorigin::http::request::{CredentialsMode, FetchInit, Mode, RedirectMode, Request};
use xorigin::http::response::{NetworkFailure, NetworkResponse, is_redirect_status};
use xorigin::origin::Origin;

const ORIGINS: [&str; 4] = [
    "https://a.test",
    "http://a.test",
    "https://b.a.test",
    "null",
];
const HOSTS: [&str; 5] = ["a.test", "b.a.test", "c.test", "127.0.0.1", "[::1]"];

#[derive(Arbitrary, Debug)]
enum Text {
    Choice(u8),
    Raw(String),
}

#[derive(Arbitrary, Debug)]
struct UrlSpec {
    https: bool,
    host: u8,
    port: Option<u16>,
    path: u8,
}

impl UrlSpec {
    fn render(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        let host = HOSTS[usize::from(self.host) % HOSTS.len()];
        let port = self.port.map(|p| format!(":{p}")).unwrap_or_default();
        format!("{scheme}://{host}{port}/p{}", self.path % 8)
    }
}

#[derive(Arbitrary, Debug)]
struct Input {
    profile: u8,
    client: u8,
    url: UrlSpec,
    method: Text,
    headers: Vec<(Text, Text)>,
    mode: u8,
    credentials: u8,
    redirect: u8,
    body: Option<String>,
    responses: Vec<Response>,
    second_wait_ms: u16,
}

#[derive(Arbitrary, Debug)]
struct Response {
    status: Text,
    headers: Vec<(Text, Text)>,
    location: Option<UrlSpec>,
    fail: bool,
}

fn method(t: &Text) -> String {
    const M: [&str; 8] = [
        "GET", "HEAD", "POST", "PUT", "DELETE", "patch", "OPTIONS", "FOO",
    ];
    match t {
        Text::Choice(i) => M[usize::from(*i) % M.len()].to_owned(),
        Text::Raw(s) => s.clone(),
    }
}

fn request_header(name: &Text, value: &Text) -> (String, String) {
    const N: [&str; 9] = [
        "Accept",
        "Content-Type",
        "X-Custom",
        "Authorization",
        "Range",
        "Accept-Language",
        "X-Other",
        "Cookie",
        "Device-Memory",
    ];
    const V: [&str; 7] = [
        "text/plain",
        "application/json",
        "bytes=0-1",
        "a",
        "en",
        "1",
        "multipart/form-data; boundary=x",
    ];
    let n = match name {
        Text::Choice(i) => N[usize::from(*i) % N.len()].to_owned(),
        Text::Raw(s) => s.clone(),
    };
    let v = match value {
        Text::Choice(i) => V[usize::from(*i) % V.len()].to_owned(),
        Text::Raw(s) => s.clone(),
    };
    (n, v)
}

fn response_header(name: &Text, value: &Text, client: &str) -> (Vec<u8>, Vec<u8>) {
    const N: [&str; 8] = [
        "Access-Control-Allow-Origin",
        "Access-Control-Allow-Credentials",
        "Access-Control-Allow-Methods",
        "Access-Control-Allow-Headers",
        "Access-Control-Expose-Headers",
        "Access-Control-Max-Age",
        "Content-Type",
        "X-Secret",
    ];
    let n = match name {
        Text::Choice(i) => N[usize::from(*i) % N.len()].as_bytes().to_vec(),
        Text::Raw(s) => s.as_bytes().to_vec(),
    };
    let v = match value {
        Text::Choice(i) => match i % 10 {
            0 => client.as_bytes().to_vec(),
            1 => b"*".to_vec(),
            2 => b"null".to_vec(),
            3 => b"true".to_vec(),
            4 => b"PUT, DELETE, patch, FOO".to_vec(),
            5 => b"x-custom, x-other, authorization, content-type".to_vec(),
            6 => b"600".to_vec(),
            7 => b"https://c.test".to_vec(),
            8 => b"x-secret, *".to_vec(),
            _ => b"".to_vec(),
        },
        Text::Raw(s) => s.as_bytes().to_vec(),
    };
    (n, v)
}

fn status(t: &Text) -> u16 {
    const S: [u16; 9] = [200, 204, 301, 302, 303, 307, 308, 404, 500];
    match t {
        Text::Choice(i) => S[usize::from(*i) % S.len()],
        Text::Raw(s) => s
            .bytes()
            .fold(0u16, |a, b| a.wrapping_mul(31).wrapping_add(u16::from(b))),
    }
}

fuzz_target!(|input: Input| {
    let profile = BrowserName::ALL[usize::from(input.profile) % BrowserName::ALL.len()].profile();
    let client_str = ORIGINS[usize::from(input.client) % ORIGINS.len()];
    let Ok(client) = Origin::parse_serialized(client_str) else {
        return;
    };
    let url = input.url.render();
    let method = method(&input.method);
    let headers: Vec<(String, String)> = input
        .headers
        .iter()
        .take(16)
        .map(|(n, v)| request_header(n, v))
        .collect();
    let mode = [Mode::Cors, Mode::NoCors, Mode::SameOrigin][usize::from(input.mode) % 3];
    let credentials = [
        CredentialsMode::SameOrigin,
        CredentialsMode::Include,
        CredentialsMode::Omit,
    ][usize::from(input.credentials) % 3];
    let redirect = [
        RedirectMode::Follow,
        RedirectMode::Error,
        RedirectMode::Manual,
    ][usize::from(input.redirect) % 3];
    let init = FetchInit {
        url: &url,
        method: Some(&method),
        headers: &headers,
        mode: Some(mode),
        credentials: Some(credentials),
        redirect: Some(redirect),
        body: input.body.as_deref(),
        ..FetchInit::default()
    };
    let Ok(request) = Request::from_fetch_init(&client, &init, profile) else {
        return;
    };
    let initial_same_origin = Origin::from_url(request.current_url()).same_origin(&client);

    let mut cache = PreflightCache::new(4);
    let mut now = Duration::ZERO;
    for round in 0..2 {
        if round == 1 {
            now += Duration::from_millis(u64::from(input.second_wait_ms));
        }
        let controller = FetchController::new(request.clone(), profile, client_str);
        // Every answer handed in, with the kind of request it answered.
        let mut answers: Vec<(RequestKind, Option<NetworkResponse>)> = Vec::new();
        let mut next = 0usize;
        let (outcome, sent) = run_fetch(controller, &mut cache, now, |req| {
            let spec = input.responses.get(next);
            next += 1;
            let Some(spec) = spec else {
                // Past the scripted answers: a plain 200 with no headers.
                let r = NetworkResponse::new::<&str, &str>(200, []);
                answers.push((req.kind, Some(r.clone())));
                return Ok(r);
            };
            if spec.fail {
                answers.push((req.kind, None));
                return Err(NetworkFailure::Reset {
                    detail: "reset".to_owned(),
                });
            }
            let mut r = NetworkResponse::new(
                status(&spec.status),
                spec.headers
                    .iter()
                    .take(16)
                    .map(|(n, v)| response_header(n, v, client_str)),
            );
            if let Some(loc) = &spec.location {
                r.header_list.append(b"Location", loc.render().as_bytes());
            }
            answers.push((req.kind, Some(r.clone())));
            Ok(r)
        });

        let mains = sent.iter().filter(|r| r.kind == RequestKind::Main).count();
        let preflights = sent.len() - mains;
        assert!(mains <= 21, "{mains} requests for one fetch");
        assert!(
            preflights <= mains + 1,
            "{preflights} preflights for {mains} requests"
        );
        assert!(sent.len() <= 42);
        if redirect != RedirectMode::Follow {
            assert!(
                mains <= 1,
                "redirect mode {redirect:?} sent {mains} requests"
            );
        }
        for r in &sent {
            if r.kind == RequestKind::Preflight {
                assert_eq!(r.method, "OPTIONS");
                assert!(!r.include_credentials, "a preflight with credentials");
                assert_eq!(mode, Mode::Cors, "a preflight for mode {mode:?}");
            }
            if credentials == CredentialsMode::Omit {
                assert!(!r.include_credentials, "credentials omit, yet attached");
            }
            if mode == Mode::SameOrigin {
                assert!(
                    Origin::from_url(&r.url).same_origin(&client),
                    "same-origin mode sent to {}",
                    r.url
                );
            }
        }
        let redirected = answers.iter().any(|(kind, r)| {
            *kind == RequestKind::Main && r.as_ref().is_some_and(|r| is_redirect_status(r.status))
        });
        if initial_same_origin && !redirected {
            assert!(
                sent.iter().all(|r| r.kind == RequestKind::Main),
                "a same-origin fetch without redirects sent a preflight"
            );
        }
        if let FetchOutcome::Response(_) = &outcome
            && mode == Mode::Cors
        {
            let went_cross_origin = sent.iter().any(|r| {
                r.kind == RequestKind::Main && !Origin::from_url(&r.url).same_origin(&client)
            });
            if went_cross_origin {
                let last = answers.last().and_then(|(_, r)| r.as_ref());
                let last = last.expect("an ok cross-origin fetch got a response");
                assert!(
                    last.header_list.contains(b"access-control-allow-origin"),
                    "ok for a cross-origin cors fetch without Access-Control-Allow-Origin: {outcome:?}"
                );
            }
        }
    }
});
