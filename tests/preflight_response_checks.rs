//! Rows for the preflight-response checks whose outcome does not show in a
//! fixture's `result`: which disallowed header a failure names (the console
//! message and `explain` print it), per profile.
//! <https://fetch.spec.whatwg.org/#cors-preflight-fetch-0> step 7.7

use url::Url;
use xorigin::browser::Profile;
use xorigin::fetch::cors::{
    PreflightFailure, check_cors_preflight_response, cors_unsafe_request_header_names,
};
use xorigin::http::headers::HeaderList;
use xorigin::http::request::{Mode, Request};
use xorigin::origin::Origin;

/// Request headers in order, `Access-Control-Allow-Headers`, the name the
/// standard's order reports, the name the request's order reports.
type Row = (
    &'static [(&'static str, &'static str)],
    &'static str,
    &'static str,
    &'static str,
);

fn failure_name(
    request_headers: &[(&str, &str)],
    allow_headers: &str,
    profile: &Profile,
) -> Option<String> {
    let page = Url::parse("https://app.a.test/").ok()?;
    let url = Url::parse("https://api.b.test/x").ok()?;
    let mut request = Request::new(url, Origin::from_url(&page));
    request.mode = Mode::Cors;
    for (name, value) in request_headers {
        request
            .header_list
            .append(name.as_bytes(), value.as_bytes());
    }
    let unsafe_names = cors_unsafe_request_header_names(&request.header_list, profile);
    let mut response = HeaderList::new();
    response.append(b"Access-Control-Allow-Origin", b"https://app.a.test");
    response.append(b"Access-Control-Allow-Headers", allow_headers.as_bytes());
    match check_cors_preflight_response(&request, 204, &response, &unsafe_names, profile) {
        Err(PreflightFailure::HeaderNotAllowed { name, .. }) => Some(name),
        _ => None,
    }
}

#[test]
fn the_disallowed_header_named_follows_each_profile() {
    // (request headers in order, Access-Control-Allow-Headers, spec/Firefox/
    // WebKit name (sorted: the standard walks the CORS-unsafe request-header
    // names, which are sorted), Chromium name (the request's order)).
    let rows: &[Row] = &[
        (
            &[("X-Zeta", "1"), ("X-Alpha", "1")],
            "x-other",
            "x-alpha",
            "x-zeta",
        ),
        (
            &[("X-Alpha", "1"), ("X-Zeta", "1")],
            "x-other",
            "x-alpha",
            "x-alpha",
        ),
        (
            &[("X-Zeta", "1"), ("X-Alpha", "1")],
            "x-alpha",
            "x-zeta",
            "x-zeta",
        ),
        (
            &[("X-Zeta", "1"), ("X-Mid", "1"), ("X-Alpha", "1")],
            "X-Zeta",
            "x-alpha",
            "x-mid",
        ),
    ];
    for (headers, allow, sorted, in_order) in rows {
        for (profile, want) in [
            (&Profile::SPEC, sorted),
            (&Profile::FIREFOX, sorted),
            (&Profile::WEBKIT, sorted),
            (&Profile::CHROMIUM, in_order),
        ] {
            assert_eq!(
                failure_name(headers, allow, profile).as_deref(),
                Some(*want),
                "{:?} {headers:?} allowed {allow:?}",
                profile.name
            );
        }
    }
}

#[test]
fn allowed_headers_name_no_failure() {
    for profile in [
        &Profile::SPEC,
        &Profile::CHROMIUM,
        &Profile::FIREFOX,
        &Profile::WEBKIT,
    ] {
        assert_eq!(
            failure_name(
                &[("X-Zeta", "1"), ("X-Alpha", "1")],
                "x-alpha, X-ZETA",
                profile
            ),
            None
        );
    }
}

/// The max-age a successful preflight is cached for, per profile, or `None`
/// when it is not cached. Pins each profile's handling of a negative value
/// apart from other invalid ones (`preflight_cache.negative_max_age` and
/// `invalid_max_age`) and its imposed limit.
fn cached_max_age(max_age: Option<&str>, profile: &Profile) -> Result<Option<u64>, String> {
    let page = Url::parse("https://app.a.test/").map_err(|e| e.to_string())?;
    let url = Url::parse("https://api.b.test/x").map_err(|e| e.to_string())?;
    let mut request = Request::new(url, Origin::from_url(&page));
    request.mode = Mode::Cors;
    request.header_list.append(b"X-Custom", b"1");
    let unsafe_names = cors_unsafe_request_header_names(&request.header_list, profile);
    let mut response = HeaderList::new();
    response.append(b"Access-Control-Allow-Origin", b"https://app.a.test");
    response.append(b"Access-Control-Allow-Headers", b"x-custom");
    if let Some(value) = max_age {
        response.append(b"Access-Control-Max-Age", value.as_bytes());
    }
    check_cors_preflight_response(&request, 204, &response, &unsafe_names, profile)
        .map(|result| result.max_age_secs)
        .map_err(|failure| format!("{failure:?}"))
}

#[test]
fn max_age_per_profile_negative_apart_from_invalid() {
    // (Access-Control-Max-Age, standard, Chromium, Firefox, WebKit).
    type MaxAgeRow = (Option<&'static str>, [Option<u64>; 4]);
    let rows: &[MaxAgeRow] = &[
        (None, [Some(5), Some(5), Some(5), Some(5)]),
        (Some("10"), [Some(10), Some(10), Some(10), Some(10)]),
        (Some("0"), [Some(0), Some(0), Some(0), Some(0)]),
        (
            Some("100000"),
            [Some(100_000), Some(7200), Some(86400), Some(600)],
        ),
        // Negative: Chromium, Firefox and WebKit do not cache; the standard
        // treats it like any invalid value (5 s).
        (Some("-1"), [Some(5), None, None, None]),
        (Some("-600"), [Some(5), None, None, None]),
        // Invalid but not a negative integer: only Firefox refuses to cache.
        (Some("abc"), [Some(5), Some(5), None, Some(5)]),
        (Some("-"), [Some(5), Some(5), None, Some(5)]),
        (Some("-1a"), [Some(5), Some(5), None, Some(5)]),
        (Some("1.5"), [Some(5), Some(5), None, Some(5)]),
        (Some("--1"), [Some(5), Some(5), None, Some(5)]),
    ];
    let profiles = [
        &Profile::SPEC,
        &Profile::CHROMIUM,
        &Profile::FIREFOX,
        &Profile::WEBKIT,
    ];
    for (value, wants) in rows {
        for (profile, want) in profiles.iter().zip(wants) {
            assert_eq!(
                cached_max_age(*value, profile),
                Ok(*want),
                "{:?} max-age {value:?}",
                profile.name
            );
        }
    }
}
