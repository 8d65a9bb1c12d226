//! Property tests of opaque-response blocking: whatever the response says,
//! ORB never blocks a CORS-mode request's response nor a same-origin one,
//! in any browser profile; and it blocks only `no-cors` cross-origin ones.

use std::time::Duration;

use proptest::prelude::*;
use proptest::sample::select;
use xorigin::browser::{BrowserName, Profile};
use xorigin::fetch::preflight_cache::PreflightCache;
use xorigin::fetch::{FetchController, FetchOutcome, Reason, run_fetch};
use xorigin::http::request::{FetchInit, Mode, Request};
use xorigin::http::response::NetworkResponse;
use xorigin::origin::Origin;

const CONTENT_TYPES: &[&str] = &[
    "text/html",
    "application/json",
    "text/plain",
    "application/pdf",
    "text/csv",
    "image/png",
    "video/mp4",
    "text/javascript",
    "application/xml",
    "nonsense",
];

const BODIES: &[&str] = &[
    "",
    "<!doctype html><p>secret",
    "{\"secret\": 1}",
    ")]}'\n{\"a\":1}",
    "<?xml version=\"1.0\"?><a/>",
    "[1,2,3]",
    "GIF89a",
    "ID3\u{3}",
    "alert(1)",
];

const STATUSES: &[u16] = &[200, 204, 206, 404, 500];

fn response_strategy() -> impl Strategy<Value = NetworkResponse> {
    (
        select(STATUSES),
        proptest::option::of(select(CONTENT_TYPES)),
        any::<bool>(),
        select(BODIES),
        "[ -~]{0,40}",
    )
        .prop_map(|(status, content_type, nosniff, body, tail)| {
            let mut headers: Vec<(&str, String)> = Vec::new();
            if let Some(ct) = content_type {
                headers.push(("Content-Type", ct.to_owned()));
            }
            if nosniff {
                headers.push(("X-Content-Type-Options", "nosniff".to_owned()));
            }
            // Whatever CORS answer the page needs, so that only ORB could fail.
            headers.push(("Access-Control-Allow-Origin", "*".to_owned()));
            let mut response = NetworkResponse::new(status, headers);
            response.body = Some(format!("{body}{tail}").into_bytes());
            response
        })
}

fn blocked_by_orb(outcome: &FetchOutcome) -> bool {
    matches!(
        outcome,
        FetchOutcome::NetworkError(e) if matches!(e.reason, Reason::OpaqueResponseBlocking { .. })
    )
}

fn run(
    client: &str,
    url: &str,
    mode: Mode,
    browser: BrowserName,
    response: &NetworkResponse,
) -> FetchOutcome {
    let profile = browser.profile();
    let origin = Origin::parse_serialized(client).expect("origin");
    let init = FetchInit {
        url,
        mode: Some(mode),
        ..FetchInit::default()
    };
    let request = Request::from_fetch_init(&origin, &init, profile).expect("request");
    let controller = FetchController::new(request, profile, client.to_owned());
    let mut cache = PreflightCache::new(16);
    run_fetch(controller, &mut cache, Duration::ZERO, |_| {
        Ok(response.clone())
    })
    .0
}

proptest! {
    #[test]
    fn orb_never_blocks_cors_mode(response in response_strategy(), browser in select(&BrowserName::ALL[..])) {
        let outcome = run("https://app.a.test", "https://api.b.test/r", Mode::Cors, browser, &response);
        prop_assert!(!blocked_by_orb(&outcome), "{outcome:?}");
    }

    #[test]
    fn orb_never_blocks_same_origin(
        response in response_strategy(),
        browser in select(&BrowserName::ALL[..]),
        mode in select(&[Mode::Cors, Mode::NoCors, Mode::SameOrigin][..]),
    ) {
        let outcome = run("https://app.a.test", "https://app.a.test/r", mode, browser, &response);
        prop_assert!(!blocked_by_orb(&outcome), "{outcome:?}");
    }

    #[test]
    fn orb_blocks_like_the_check(response in response_strategy()) {
        // A cross-origin no-cors fetch fails by ORB exactly when the check
        // says blocked (spec profile: blocked fetches are network errors).
        let profile = Profile::SPEC;
        let outcome = run("https://app.a.test", "https://api.b.test/r", Mode::NoCors, BrowserName::Spec, &response);
        let verdict = xorigin::policy::orb::opaque_response_safelist_check(
            response.status,
            &response.header_list,
            response.body.as_deref().unwrap_or_default(),
            &profile.orb,
        );
        prop_assert_eq!(blocked_by_orb(&outcome), verdict.is_blocked());
        // Chromium answers fetch() with an empty opaque response instead.
        let chromium = run("https://app.a.test", "https://api.b.test/r", Mode::NoCors, BrowserName::Chromium, &response);
        prop_assert!(!blocked_by_orb(&chromium), "{chromium:?}");
    }
}
