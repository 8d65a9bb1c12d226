//! Unit tests of the messages, descriptions and fixes.

use super::*;
use crate::browser::BrowserName;
use crate::fetch::cors::{CorsCheckFailure, PreflightFailure};
use crate::fetch::redirect::RedirectFailure;
use crate::fetch::{NetworkError, Reason, RequestKind};
use crate::http::request::RequestError;
use crate::http::response::NetworkResponse;
use crate::policy::local_network_access::LocalNetworkBlock;

fn err(reason: Reason, kind: Option<RequestKind>) -> NetworkError {
    NetworkError {
        reason,
        request_kind: kind,
        url: "https://b.test/x".to_owned(),
        initial_url: "https://b.test/x".to_owned(),
        origin: "https://a.test".to_owned(),
        redirected: false,
    }
}

#[test]
fn chromium_messages() {
    let resp = NetworkResponse::new(404, [("X", "y")]);
    let mut ctx = MessageContext::fetch();
    ctx.response = Some(&resp);
    let cases: Vec<(NetworkError, &str)> = vec![
        (
            err(
                Reason::CorsCheck {
                    failure: CorsCheckFailure::MissingAllowOrigin,
                },
                Some(RequestKind::Main),
            ),
            "Access to fetch at 'https://b.test/x' from origin 'https://a.test' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
        ),
        (
            err(
                Reason::Preflight {
                    failure: PreflightFailure::InvalidStatus { status: 404 },
                },
                Some(RequestKind::Preflight),
            ),
            "Access to fetch at 'https://b.test/x' from origin 'https://a.test' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.",
        ),
        (
            err(
                Reason::Preflight {
                    failure: PreflightFailure::InvalidStatus { status: 302 },
                },
                Some(RequestKind::Preflight),
            ),
            "Access to fetch at 'https://b.test/x' from origin 'https://a.test' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: Redirect is not allowed for a preflight request.",
        ),
        (
            err(
                Reason::Preflight {
                    failure: PreflightFailure::MethodNotAllowed {
                        method: "PUT".to_owned(),
                        allowed: None,
                    },
                },
                Some(RequestKind::Preflight),
            ),
            "Access to fetch at 'https://b.test/x' from origin 'https://a.test' has been blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.",
        ),
        (
            err(
                Reason::Preflight {
                    failure: PreflightFailure::HeaderNotAllowed {
                        name: "x-api-key".to_owned(),
                        allowed: None,
                        wildcard_present: false,
                    },
                },
                Some(RequestKind::Preflight),
            ),
            "Access to fetch at 'https://b.test/x' from origin 'https://a.test' has been blocked by CORS policy: Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response.",
        ),
        (
            err(
                Reason::CorsCheck {
                    failure: CorsCheckFailure::InvalidAllowCredentials { value: None },
                },
                Some(RequestKind::Main),
            ),
            "Access to fetch at 'https://b.test/x' from origin 'https://a.test' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'.",
        ),
        (
            err(
                Reason::Request {
                    error: RequestError::ForbiddenMethod {
                        method: "CONNECT".to_owned(),
                    },
                },
                None,
            ),
            "Failed to execute 'fetch' on 'Window': 'CONNECT' HTTP method is unsupported.",
        ),
        (
            err(Reason::BadPort { port: 6000 }, None),
            "Failed to load resource: net::ERR_UNSAFE_PORT",
        ),
    ];
    for (e, want) in cases {
        assert_eq!(chromium_message(&e, &ctx).as_deref(), Some(want), "{e:?}");
    }
}

#[test]
fn chromium_redirected_from() {
    let mut e = err(
        Reason::CorsCheck {
            failure: CorsCheckFailure::AllowOriginMismatch {
                value: "https://a.test".to_owned(),
                expected: "null".to_owned(),
            },
        },
        Some(RequestKind::Main),
    );
    e.initial_url = "https://a.test/r".to_owned();
    e.origin = "null".to_owned();
    let mut ctx = MessageContext::fetch();
    ctx.client_origin = Some("https://a.test");
    assert_eq!(
        chromium_message(&e, &ctx).as_deref(),
        Some(
            "Access to fetch at 'https://b.test/x' (redirected from 'https://a.test/r') from origin 'https://a.test' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'https://a.test' that is not equal to the supplied origin. Have the server send the header with a valid value."
        )
    );
    assert_eq!(fix(&e, &ctx).value.as_deref(), Some("null"));
}

#[test]
fn firefox_and_webkit_messages() {
    let resp = NetworkResponse::new(
        200,
        [
            ("Access-Control-Allow-Origin", "https://a.test"),
            ("Access-Control-Allow-Origin", "https://c.test"),
        ],
    );
    let mut ctx = MessageContext::fetch();
    ctx.response = Some(&resp);
    let missing = err(
        Reason::CorsCheck {
            failure: CorsCheckFailure::MissingAllowOrigin,
        },
        Some(RequestKind::Main),
    );
    assert_eq!(
        firefox_reason_code(&missing, &ctx),
        Some("CORSMissingAllowOrigin")
    );
    assert_eq!(
        firefox_message(&missing, &ctx).as_deref(),
        Some(
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://b.test/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200."
        )
    );
    assert_eq!(
        webkit_message(&missing, &ctx).as_deref(),
        Some(
            "Origin https://a.test is not allowed by Access-Control-Allow-Origin. Status code: 200"
        )
    );
    assert_eq!(
        webkit_load_line(&missing, &ctx).as_deref(),
        Some("Fetch API cannot load https://b.test/x due to access control checks.")
    );
    let multiple = err(
        Reason::CorsCheck {
            failure: CorsCheckFailure::MultipleAllowOriginValues {
                value: "https://a.test, https://c.test".to_owned(),
            },
        },
        Some(RequestKind::Main),
    );
    assert_eq!(
        firefox_reason_code(&multiple, &ctx),
        Some("CORSMultipleAllowOriginNotAllowed")
    );
    ctx.response = None;
    assert_eq!(
        firefox_reason_code(&multiple, &ctx),
        Some("CORSAllowOriginNotMatchingOrigin")
    );
    assert_eq!(
        webkit_message(&multiple, &ctx).as_deref(),
        Some("Access-Control-Allow-Origin cannot contain more than one origin.")
    );
    let status = err(
        Reason::Preflight {
            failure: PreflightFailure::InvalidStatus { status: 403 },
        },
        Some(RequestKind::Preflight),
    );
    assert_eq!(
        firefox_message(&status, &ctx).as_deref(),
        Some(
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://b.test/x. (Reason: CORS preflight response did not succeed). Status code: 403."
        )
    );
    assert_eq!(
        webkit_message(&status, &ctx).as_deref(),
        Some("Preflight response is not successful. Status code: 403")
    );
    let headers = [("X-Api-Key".to_owned(), "1".to_owned())];
    ctx.request_headers = &headers;
    let header = err(
        Reason::Preflight {
            failure: PreflightFailure::HeaderNotAllowed {
                name: "x-api-key".to_owned(),
                allowed: Some("content-type".to_owned()),
                wildcard_present: false,
            },
        },
        Some(RequestKind::Preflight),
    );
    assert_eq!(
        webkit_message(&header, &ctx).as_deref(),
        Some("Request header field X-Api-Key is not allowed by Access-Control-Allow-Headers.")
    );
    let methods = err(
        Reason::Preflight {
            failure: PreflightFailure::InvalidAllowMethods {
                value: "GET, P(T".to_owned(),
            },
        },
        Some(RequestKind::Preflight),
    );
    assert_eq!(
        firefox_message(&methods, &ctx).as_deref(),
        Some(
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://b.test/x. (Reason: invalid token ‘P(T’ in CORS header ‘Access-Control-Allow-Methods’)."
        )
    );
}

#[test]
fn fixes_name_header_value_and_response() {
    let ctx = MessageContext {
        requested_headers: Some("content-type,x-api-key"),
        method: "PUT",
        ..MessageContext::fetch()
    };
    let table: Vec<(Reason, Option<&str>, Option<&str>, FixTarget)> = vec![
        (
            Reason::CorsCheck {
                failure: CorsCheckFailure::MissingAllowOrigin,
            },
            Some("Access-Control-Allow-Origin"),
            Some("https://a.test"),
            FixTarget::Actual,
        ),
        (
            Reason::Preflight {
                failure: PreflightFailure::CorsCheck {
                    failure: CorsCheckFailure::InvalidAllowCredentials { value: None },
                },
            },
            Some("Access-Control-Allow-Credentials"),
            Some("true"),
            FixTarget::Preflight,
        ),
        (
            Reason::Preflight {
                failure: PreflightFailure::MethodNotAllowed {
                    method: "PUT".to_owned(),
                    allowed: Some("GET".to_owned()),
                },
            },
            Some("Access-Control-Allow-Methods"),
            Some("GET, PUT"),
            FixTarget::Preflight,
        ),
        (
            Reason::Preflight {
                failure: PreflightFailure::HeaderNotAllowed {
                    name: "x-api-key".to_owned(),
                    allowed: None,
                    wildcard_present: false,
                },
            },
            Some("Access-Control-Allow-Headers"),
            Some("content-type, x-api-key"),
            FixTarget::Preflight,
        ),
        (
            Reason::Preflight {
                failure: PreflightFailure::InvalidStatus { status: 401 },
            },
            None,
            None,
            FixTarget::Preflight,
        ),
        (Reason::BadPort { port: 1 }, None, None, FixTarget::Client),
    ];
    for (reason, header, value, on) in table {
        let f = fix(&err(reason.clone(), None), &ctx);
        assert_eq!(
            (f.header.as_deref(), f.value.as_deref(), f.on),
            (header, value, on),
            "{reason:?}"
        );
        assert!(!f.text.is_empty());
    }
}

#[test]
fn every_reason_has_a_description_and_fix() {
    let reasons = vec![
        Reason::Request {
            error: RequestError::NavigateMode,
        },
        Reason::BadPort { port: 25 },
        Reason::SameOriginModeCrossOriginUrl,
        Reason::NoCorsRedirectModeNotFollow,
        Reason::CorsUnsupportedScheme {
            scheme: "ftp".to_owned(),
        },
        Reason::UnsupportedScheme {
            scheme: "blob".to_owned(),
        },
        Reason::RedirectModeError { status: 301 },
        Reason::Redirect {
            failure: RedirectFailure::TooManyRedirects,
        },
        Reason::Redirect {
            failure: RedirectFailure::InvalidLocation {
                value: "http://[".to_owned(),
            },
        },
        Reason::Network {
            failure: crate::http::response::NetworkFailure::ConnectionRefused {
                detail: "connection refused".to_owned(),
            },
        },
        Reason::LocalNetworkAccess {
            blocked: crate::policy::local_network_access::LocalNetworkAccessBlocked {
                client_space: crate::policy::local_network_access::IpAddressSpace::Public,
                resource_space: crate::policy::local_network_access::IpAddressSpace::Local,
                why: LocalNetworkBlock::NonSecureContext,
            },
        },
        Reason::DriverProtocol,
    ];
    let ctx = MessageContext::fetch();
    for r in reasons {
        let e = err(r.clone(), None);
        assert!(!describe(&e).is_empty(), "{r:?}");
        assert!(!fix(&e, &ctx).text.is_empty(), "{r:?}");
        // Rendering never panics, whatever a browser knows.
        let _ = (
            chromium_message(&e, &ctx),
            firefox_message(&e, &ctx),
            webkit_message(&e, &ctx),
        );
    }
}

/// Firefox counts `Access-Control-Allow-Origin` lines spelled exactly so:
/// two lower-case lines (hyper and axum write names in lower case) read as
/// one combined value that does not match (recorded, Firefox 153).
#[test]
fn firefox_multiple_allow_origin_counts_exactly_spelled_lines() {
    let multiple = err(
        Reason::CorsCheck {
            failure: CorsCheckFailure::MultipleAllowOriginValues {
                value: "https://app.a.test, *".to_owned(),
            },
        },
        Some(RequestKind::Main),
    );
    let lower = NetworkResponse::new(
        200,
        [
            ("access-control-allow-origin", "https://app.a.test"),
            ("access-control-allow-origin", "*"),
        ],
    );
    let canonical = NetworkResponse::new(
        200,
        [
            ("Access-Control-Allow-Origin", "https://app.a.test"),
            ("Access-Control-Allow-Origin", "*"),
        ],
    );
    let mut ctx = MessageContext::fetch();
    ctx.response = Some(&lower);
    assert_eq!(
        firefox_reason_code(&multiple, &ctx),
        Some("CORSAllowOriginNotMatchingOrigin")
    );
    ctx.response = Some(&canonical);
    assert_eq!(
        firefox_reason_code(&multiple, &ctx),
        Some("CORSMultipleAllowOriginNotAllowed")
    );
}

/// Texts recorded for issue 13 item 4: Firefox's and WebKit's `TypeError`
/// for an invalid header value quote it (Firefox up to its first NUL);
/// Firefox's `MimeNotCss` line; Chromium's ORB line for an element (none for
/// fetch()).
#[test]
fn recorded_header_value_stylesheet_and_orb_texts() {
    let invalid = NetworkError::from_request_error(
        RequestError::InvalidHeaderValue {
            name: "X-Bad".to_owned(),
        },
        "https://app.a.test/x",
        "https://app.a.test",
    );
    let cases = [
        (
            "a\u{0}b",
            "Window.fetch: a is an invalid header value.",
            "Header 'X-Bad' has invalid value: 'a\u{0}b'",
        ),
        (
            "a\nb",
            "Window.fetch: a\nb is an invalid header value.",
            "Header 'X-Bad' has invalid value: 'a\nb'",
        ),
        (
            " 1\u{0} ",
            "Window.fetch: 1 is an invalid header value.",
            "Header 'X-Bad' has invalid value: '1\u{0}'",
        ),
    ];
    for (value, firefox, webkit) in cases {
        let headers = vec![("X-Bad".to_owned(), value.to_owned())];
        let mut ctx = MessageContext::fetch();
        ctx.request_headers = &headers;
        assert_eq!(
            type_error_message_in(BrowserName::Firefox, &invalid, &ctx).as_deref(),
            Some(firefox)
        );
        assert_eq!(
            type_error_message_in(BrowserName::Webkit, &invalid, &ctx).as_deref(),
            Some(webkit)
        );
        assert_eq!(
            type_error_message_in(BrowserName::Chromium, &invalid, &ctx).as_deref(),
            Some("Failed to execute 'fetch' on 'Window': Invalid value")
        );
    }
    // Without the value, no quote is made up.
    assert_eq!(
        type_error_message_in(BrowserName::Firefox, &invalid, &MessageContext::fetch()),
        None
    );

    let style = err(
        Reason::ElementLoad {
            failure: crate::policy::mime_blocking::ElementLoadFailure::StyleNotTextCss {
                essence: Some("text/html".to_owned()),
            },
        },
        Some(RequestKind::Main),
    );
    assert_eq!(
        firefox_message(&style, &MessageContext::fetch()).as_deref(),
        Some(
            "The stylesheet https://b.test/x was not loaded because its MIME type, “text/html”, is not “text/css”."
        )
    );

    let scenario = crate::scenario::Scenario::from_json(
        r#"{"id": "orb", "client": {"origin": "https://a.test"},
            "server": [{"method": "GET", "url": "https://b.test/d", "status": 200,
                        "headers": [["Content-Type", "application/json"]], "body": "{\"a\": 1}"}],
            "fetches": [{"request": {"url": "https://b.test/d", "destination": "image"}}]}"#,
    )
    .expect("valid");
    let explained = explain_scenario(&scenario, BrowserName::Chromium).expect("explains");
    let chromium = explained[0]
        .browsers
        .iter()
        .find(|b| b.browser == BrowserName::Chromium)
        .expect("a chromium report");
    assert_eq!(
        chromium.console,
        vec!["GET https://b.test/d net::ERR_BLOCKED_BY_ORB".to_owned()]
    );
}

/// Chromium's warning for an `<img>` it upgraded from http to https (the
/// load goes on), recorded in Chrome 156.
#[test]
fn chromium_warns_of_an_upgraded_image() {
    let scenario = crate::scenario::Scenario::from_json(
        r#"{"id": "up", "client": {"origin": "https://a.test"},
            "server": [{"method": "GET", "url": "https://b.test/i.png", "status": 200,
                        "headers": [["Content-Type", "image/png"]],
                        "body_base64": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="}],
            "fetches": [{"request": {"url": "http://b.test/i.png", "destination": "image"}},
                        {"request": {"url": "https://b.test/i.png", "destination": "image"}}]}"#,
    )
    .expect("valid");
    let explained = explain_scenario(&scenario, BrowserName::Chromium).expect("explains");
    let console = |i: usize, browser: BrowserName| {
        explained[i]
            .browsers
            .iter()
            .find(|b| b.browser == browser)
            .map(|b| b.console.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        console(0, BrowserName::Chromium),
        vec!["Mixed Content: The page at 'https://a.test/' was loaded over HTTPS, but requested an insecure element 'http://b.test/i.png'. This request was automatically upgraded to HTTPS, For more information see https://blog.chromium.org/2019/10/no-more-mixed-messages-about-https.html".to_owned()]
    );
    assert!(console(1, BrowserName::Chromium).is_empty());
}
