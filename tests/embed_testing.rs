//! The in-process browser against real `tower-http` `CorsLayer`
//! configurations that users get wrong, each with the verdict the engine
//! computes for Chromium, Firefox and WebKit.

use std::time::Duration;

use axum::Router;
use axum::routing::get;
use http::{HeaderName, HeaderValue, Method};
use tower_http::cors::{AllowOrigin, Any, CorsLayer};
use xorigin::browser::Profile;
use xorigin::embed::testing::{InProcess, Verdict};
use xorigin::embed::tower::FetchOptions;
use xorigin::fetch::Reason;
use xorigin::http::request::CredentialsMode;

const APP: &str = "https://app.example.com";
const API: &str = "https://api.example.com/items";

fn router(cors: CorsLayer) -> Router {
    Router::new()
        .route(
            "/items",
            get(|| async { ([("x-total-count", "3")], "[]") })
                .put(|| async { "put" })
                .patch(|| async { "patch" })
                .delete(|| async { "deleted" }),
        )
        .layer(cors)
}

fn request(method: &str, headers: &[(&str, &str)], credentials: bool) -> http::Request<String> {
    let mut builder = http::Request::builder().method(method).uri(API);
    for (n, v) in headers {
        builder = builder.header(*n, *v);
    }
    let Ok(mut request) = builder.body(String::new()) else {
        panic!("request")
    };
    if credentials {
        request.extensions_mut().insert(FetchOptions {
            credentials: Some(CredentialsMode::Include),
            ..FetchOptions::default()
        });
    }
    request
}

/// The same fetch in each browser, against a fresh copy of the router.
async fn each(
    cors: CorsLayer,
    method: &str,
    headers: &[(&str, &str)],
    credentials: bool,
) -> Vec<Verdict<axum::body::Body>> {
    let Ok(browsers) = InProcess::each_browser(APP) else {
        panic!("origin")
    };
    let mut verdicts = Vec::new();
    for browser in browsers {
        let mut service = router(cors.clone());
        verdicts.push(
            browser
                .fetch(&mut service, request(method, headers, credentials))
                .await,
        );
    }
    verdicts
}

#[tokio::test]
async fn a_correct_configuration_allows_a_json_put_everywhere() {
    let cors = CorsLayer::new()
        .allow_origin(HeaderValue::from_static(APP))
        .allow_methods([Method::PUT])
        .allow_headers([http::header::CONTENT_TYPE]);
    for verdict in each(cors, "PUT", &[("content-type", "application/json")], false).await {
        assert_eq!(verdict.assert_allowed().preflights(), 1);
    }
}

/// The standard says `Access-Control-Allow-Headers: *` never covers
/// `Authorization`; the three browsers' profiles record that today they let it
/// (the `preflight.wildcard_allow_headers_covers_authorization` knob). The
/// engine's verdict is per browser: allowed in all three, blocked by the
/// standard read literally.
#[tokio::test]
async fn allow_headers_any_with_authorization_passes_in_browsers_but_not_the_standard() {
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods(Any)
        .allow_headers(Any);
    for verdict in each(cors.clone(), "GET", &[("authorization", "Bearer t")], false).await {
        assert_eq!(verdict.assert_allowed().preflights(), 1);
    }
    let Ok(spec) = InProcess::new(&Profile::SPEC, APP) else {
        panic!("origin")
    };
    let verdict = spec
        .fetch(
            &mut router(cors),
            request("GET", &[("authorization", "Bearer t")], false),
        )
        .await;
    let blocked = verdict.assert_blocked();
    assert!(
        matches!(blocked.reason(), Reason::Preflight { .. }),
        "{blocked}"
    );
    assert_eq!(
        blocked.fix.header.as_deref(),
        Some("Access-Control-Allow-Headers")
    );
}

#[tokio::test]
async fn credentials_with_a_mirrored_origin_are_allowed_and_without_allow_credentials_blocked() {
    let mirrored = CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_credentials(true);
    for verdict in each(mirrored, "GET", &[], true).await {
        verdict.assert_allowed();
    }
    let no_credentials = CorsLayer::new().allow_origin(AllowOrigin::mirror_request());
    for verdict in each(no_credentials, "GET", &[], true).await {
        let blocked = verdict.assert_blocked();
        assert!(
            matches!(blocked.reason(), Reason::CorsCheck { .. }),
            "{blocked}"
        );
        assert_eq!(
            blocked.fix.header.as_deref(),
            Some("Access-Control-Allow-Credentials")
        );
    }
}

#[tokio::test]
async fn a_header_is_readable_only_once_exposed() {
    let hidden = CorsLayer::new().allow_origin(Any);
    for verdict in each(hidden, "GET", &[], false).await {
        assert_eq!(verdict.readable_header("x-total-count"), None);
        assert!(verdict.readable_header("content-type").is_some());
    }
    let exposed = CorsLayer::new()
        .allow_origin(Any)
        .expose_headers([HeaderName::from_static("x-total-count")]);
    for verdict in each(exposed, "GET", &[], false).await {
        assert_eq!(
            verdict.readable_header("x-total-count").as_deref(),
            Some("3")
        );
    }
}

#[tokio::test(start_paused = true)]
async fn max_age_beyond_a_browsers_cap_is_cut_to_the_cap() {
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::PUT])
        .max_age(Duration::from_secs(7 * 24 * 3600));
    let Ok(browsers) = InProcess::each_browser(APP) else {
        panic!("origin")
    };
    let mut preflights_after_3h = Vec::new();
    for browser in &browsers {
        let mut service = router(cors.clone());
        assert_eq!(
            browser
                .fetch(&mut service, request("PUT", &[], false))
                .await
                .preflights(),
            1
        );
        assert_eq!(
            browser
                .fetch(&mut service, request("PUT", &[], false))
                .await
                .preflights(),
            0
        );
        tokio::time::advance(Duration::from_secs(3 * 3600)).await;
        let verdict = browser
            .fetch(&mut service, request("PUT", &[], false))
            .await;
        preflights_after_3h.push((browser.name().as_str(), verdict.preflights()));
    }
    // Chromium caps at 2 hours, WebKit at 10 minutes, Firefox at 24 hours.
    assert_eq!(
        preflights_after_3h,
        [("chromium", 1), ("firefox", 0), ("webkit", 1)]
    );
}

#[tokio::test]
async fn a_method_listed_in_lower_case_does_not_allow_patch() {
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::from_bytes(b"patch").unwrap_or(Method::PATCH)]);
    for verdict in each(cors, "PATCH", &[], false).await {
        let blocked = verdict.assert_blocked();
        assert!(
            matches!(blocked.reason(), Reason::Preflight { .. }),
            "{blocked}"
        );
        assert!(blocked.fix.text.contains("PATCH"), "{blocked}");
    }
}

#[tokio::test]
async fn an_origin_list_sends_vary_and_blocks_other_origins() {
    let cors =
        CorsLayer::new().allow_origin([HeaderValue::from_static("https://admin.example.com")]);
    for verdict in each(cors.clone(), "GET", &[], false).await {
        let blocked = verdict.assert_blocked();
        assert!(
            matches!(blocked.reason(), Reason::CorsCheck { .. }),
            "{blocked}"
        );
    }
    // The response carries `Vary: origin` (for caches), which script cannot read.
    let Ok(admin) = InProcess::chromium("https://admin.example.com") else {
        panic!("origin")
    };
    let verdict = admin
        .fetch(&mut router(cors), request("GET", &[], false))
        .await;
    assert_eq!(verdict.readable_header("vary"), None);
}

#[tokio::test]
async fn the_assertion_message_is_the_console_text_and_the_fix() {
    let Ok(chromium) = InProcess::chromium(APP) else {
        panic!("origin")
    };
    let verdict = chromium
        .fetch(&mut router(CorsLayer::new()), request("GET", &[], false))
        .await;
    let message = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        verdict.assert_allowed();
    })) {
        Ok(()) => panic!("blocked without Access-Control-Allow-Origin"),
        Err(payload) => payload
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_default(),
    };
    assert!(
        message.contains("has been blocked by CORS policy"),
        "{message}"
    );
    assert!(message.contains("fix: "), "{message}");
}
