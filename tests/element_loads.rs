//! Element loads (`<img>`, `<script>`, `<link rel=stylesheet>`) through the
//! scenario runner: the request headers the engine predicts for them.

use xorigin::browser::{BrowserName, Profile, SPEC_IMAGE_ACCEPT};
use xorigin::scenario::{Scenario, simulate};

fn scenario(destination: &str) -> Scenario {
    let json = format!(
        r#"{{"id":"t","client":{{"origin":"https://app.a.test"}},
            "server":[{{"method":"GET","url":"https://cdn.b.test/x","status":200,"headers":[]}}],
            "fetches":[{{"request":{{"url":"https://cdn.b.test/x","destination":"{destination}"}},
                         "expect":{{"result":"ok"}}}}]}}"#
    );
    serde_json::from_str(&json).expect("test scenario parses")
}

/// Fetch "fetching" step 1.9: `Accept` by destination; the image value is
/// the browser's (Chromium's from recordings).
#[test]
fn accept_header_by_destination() {
    let chromium_image =
        "image/jxl,image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
    let rows: &[(&str, BrowserName, &str)] = &[
        ("image", BrowserName::Spec, SPEC_IMAGE_ACCEPT),
        ("image", BrowserName::Chromium, chromium_image),
        ("style", BrowserName::Spec, "text/css,*/*;q=0.1"),
        ("style", BrowserName::Chromium, "text/css,*/*;q=0.1"),
        ("script", BrowserName::Spec, "*/*"),
        ("script", BrowserName::Chromium, "*/*"),
        ("", BrowserName::Chromium, "*/*"),
    ];
    for &(destination, browser, want) in rows {
        let profile: &Profile = browser.profile();
        let out = simulate(&scenario(destination), profile).expect("simulates");
        let expect = out.fetches[0].expect.as_ref().expect("expect predicted");
        let sent = &expect.sent.as_ref().expect("sent predicted")[0];
        assert_eq!(
            sent.headers.get("accept").cloned().flatten().as_deref(),
            Some(want),
            "{destination:?} in {browser:?}"
        );
    }
}

/// A same-origin image the element cannot decode (an HTML page) becomes the
/// page's `error`: a network
/// error that names the image's first and last URLs (preflights aside) and
/// whether it was redirected.
#[test]
fn undecodable_image_error_names_its_urls() {
    use std::time::Duration;
    use xorigin::fetch::preflight_cache::PreflightCache;
    use xorigin::fetch::{FetchController, FetchOutcome, OutgoingRequest, run_fetch};
    use xorigin::html::element_load::element_load_outcome;
    use xorigin::html::{CorsSettingsAttribute, create_potential_cors_request};
    use xorigin::http::request::Destination;
    use xorigin::http::response::NetworkResponse;
    use xorigin::origin::Origin;
    let (Ok(page), Ok(first), Ok(last)) = (
        url::Url::parse("https://app.a.test/"),
        url::Url::parse("https://app.a.test/img"),
        url::Url::parse("https://app.a.test/moved"),
    ) else {
        panic!("test URLs");
    };
    let origin = Origin::from_url(&page);
    for (url, redirected) in [(&first, true), (&last, false)] {
        let Ok(request) = create_potential_cors_request(
            url.clone(),
            Destination::Image,
            CorsSettingsAttribute::NoCors,
            &origin,
        ) else {
            panic!("{url}: request refused");
        };
        let profile = &Profile::SPEC;
        let respond = |r: &OutgoingRequest| {
            Ok(if r.url == first {
                NetworkResponse::new(302, [("Location", "/moved")])
            } else {
                NetworkResponse::new(200, [("Content-Type", "text/html")])
            })
        };
        let controller = FetchController::new(request, profile, "https://app.a.test");
        let mut cache = PreflightCache::default();
        let (outcome, sent) = run_fetch(controller, &mut cache, Duration::ZERO, respond);
        let mut response = NetworkResponse::new(200, [("Content-Type", "text/html")]);
        response.body = Some(b"<!doctype html>".to_vec());
        match element_load_outcome(
            Destination::Image,
            outcome,
            &sent,
            &response,
            "https://app.a.test",
            &profile.element_loads,
        ) {
            FetchOutcome::NetworkError(e) => {
                assert_eq!(e.url, last.as_str(), "{url}");
                assert_eq!(e.initial_url, url.as_str(), "{url}");
                assert_eq!(e.redirected, redirected, "{url}");
                assert_eq!(e.origin, "https://app.a.test", "{url}");
            }
            other => panic!("{url}: {other:?}"),
        }
    }
}

/// The word for what the page saw from each accepted element load.
#[test]
fn element_loaded_words() {
    use xorigin::html::element_load::ElementLoaded;
    for (loaded, word) in [
        (ElementLoaded::Decoded("image/png"), "decoded"),
        (ElementLoaded::Executed, "executed"),
        (ElementLoaded::Applied, "applied"),
        (ElementLoaded::LoadedNotApplied, "loaded (not applied)"),
    ] {
        assert_eq!(loaded.as_str(), word);
    }
}
