use std::time::Duration;

use super::*;
use crate::fetch::{Action, FetchOutcome, Reason, RequestKind};
use crate::http::policy_container::EmbedderPolicyValue;
use crate::http::response::NetworkResponse;

fn run(
    browser: &mut Browser,
    page: &Page,
    init: &FetchInit<'_>,
    answer: impl Fn(&crate::fetch::OutgoingRequest) -> NetworkResponse,
) -> (FetchOutcome, usize) {
    let Ok(mut fetch) = page.fetch(init) else {
        panic!("fetch() threw");
    };
    let mut preflights = 0;
    loop {
        match fetch.poll(browser.preflight_cache_mut(), Duration::ZERO) {
            Ok(Action::Send(request)) => {
                if request.kind == RequestKind::Preflight {
                    preflights += 1;
                }
                let response = answer(&request);
                assert!(
                    fetch
                        .handle_response(response, browser.preflight_cache_mut(), Duration::ZERO)
                        .is_ok()
                );
            }
            Ok(Action::Done(outcome)) => return (outcome, preflights),
            Err(error) => panic!("{error}"),
        }
    }
}

fn allow(_: &crate::fetch::OutgoingRequest) -> NetworkResponse {
    NetworkResponse::new(
        200,
        [
            ("Access-Control-Allow-Origin", "https://app.a.test"),
            ("Access-Control-Allow-Methods", "PUT"),
        ],
    )
}

#[test]
fn the_preflight_cache_outlives_a_fetch_and_is_shared_by_pages_of_one_site() {
    let mut browser = Browser::chromium();
    let Ok(page) = browser.page("https://app.a.test") else {
        panic!()
    };
    let init = FetchInit {
        url: "https://api.b.test/x",
        method: Some("PUT"),
        ..FetchInit::default()
    };
    let (outcome, preflights) = run(&mut browser, &page, &init, allow);
    assert!(matches!(outcome, FetchOutcome::Response(_)));
    assert_eq!(preflights, 1);
    let (_, preflights) = run(&mut browser, &page, &init, allow);
    assert_eq!(preflights, 0, "the second PUT uses the cached preflight");
    assert_eq!(page.partition(), "https://a.test");
}

#[test]
fn a_page_embedded_under_another_site_has_its_own_partition() {
    let mut browser = Browser::chromium();
    let Ok(top) = browser.page("https://app.a.test") else {
        panic!()
    };
    let Ok(framed) = browser
        .page("https://app.a.test")
        .and_then(|p| p.embedded_under("https://news.c.test"))
    else {
        panic!()
    };
    assert_eq!(framed.partition(), "https://c.test");
    let init = FetchInit {
        url: "https://api.b.test/x",
        method: Some("PUT"),
        ..FetchInit::default()
    };
    let (_, first) = run(&mut browser, &top, &init, allow);
    let (_, second) = run(&mut browser, &framed, &init, allow);
    assert_eq!((first, second), (1, 1));
}

#[test]
fn policy_headers_set_the_embedder_policy_in_secure_contexts_only() {
    let browser = Browser::firefox();
    let coep = [("Cross-Origin-Embedder-Policy", "require-corp")];
    let Ok(secure) = browser.page("https://app.a.test") else {
        panic!()
    };
    let Ok(insecure) = browser.page("http://app.a.test") else {
        panic!()
    };
    assert_eq!(
        secure.with_policy_headers(coep).embedder_policy().value,
        EmbedderPolicyValue::RequireCorp
    );
    assert_eq!(
        insecure.with_policy_headers(coep).embedder_policy().value,
        EmbedderPolicyValue::UnsafeNone
    );
}

#[test]
fn a_request_that_throws_is_a_network_error_and_blocked_carries_the_message() {
    let browser = Browser::chromium();
    let Ok(page) = browser.page("https://app.a.test") else {
        panic!()
    };
    let init = FetchInit {
        url: "https://user:pw@api.b.test/",
        ..FetchInit::default()
    };
    let Err(error) = page.fetch(&init) else {
        panic!("credentials in the URL throw")
    };
    assert!(matches!(error.reason, Reason::Request { .. }));
    let blocked = Blocked::new(
        browser.name(),
        *error,
        &crate::explain::MessageContext::fetch(),
        Vec::new(),
    );
    assert!(!blocked.is_network_failure());
    assert!(
        blocked
            .to_string()
            .starts_with("chromium blocked the fetch of"),
        "{blocked}"
    );
}

#[test]
fn a_bad_origin_is_an_error_not_a_panic() {
    assert!(Browser::webkit().page("not an origin").is_err());
}
