//! Local Network Access: the recorded fixtures' console lines, the knob's
//! evidence (each blocked fixture fails under `spec`), the sans-IO
//! connection step, and an invariant over whole fetches.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use proptest::prelude::*;
use xorigin::browser::{BrowserName, Profile};
use xorigin::explain::explain_scenario;
use xorigin::fetch::preflight_cache::PreflightCache;
use xorigin::fetch::{Action, Connection, FetchController, FetchOutcome, Reason, RequestKind};
use xorigin::http::request::{FetchInit, Request};
use xorigin::http::response::NetworkResponse;
use xorigin::origin::Origin;
use xorigin::policy::local_network_access::{
    IpAddressSpace, LocalNetworkBlock, LocalNetworkClient, LocalNetworkPermission,
};
use xorigin::scenario::{self, Scenario};

fn fixtures() -> Vec<(PathBuf, Scenario)> {
    common::fixture_files("local-network-access")
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable");
            let s = Scenario::from_json(&text).expect("fixture parses");
            (p, s)
        })
        .collect()
}

fn recorded_console(step: &scenario::FetchStep) -> Vec<String> {
    step.extra
        .get("console")
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|l| l.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Chrome 156's console, line for line, for every recorded fetch that Local
/// Network Access blocked or let through (the mixed-content one names the
/// harness page's path, which the engine does not know).
#[test]
fn chromium_console_matches_the_recordings() {
    let mut checked = 0;
    for (path, s) in fixtures() {
        let explanations = explain_scenario(&s, BrowserName::Chromium).expect("runs");
        for (i, (step, e)) in s.fetches.iter().zip(&explanations).enumerate() {
            let console = recorded_console(step);
            if console.iter().any(|l| l.starts_with("Mixed Content")) {
                continue;
            }
            let chromium = e
                .browsers
                .iter()
                .find(|b| b.browser == BrowserName::Chromium)
                .expect("a Chromium report");
            assert_eq!(chromium.console, console, "{} fetch {i}", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 25, "only {checked} fetches checked");
}

/// Every fixture a Local Network Access check blocks passes under `chromium`
/// (tests/spec_fixtures.rs) and fails under `spec`: the knob's evidence.
#[test]
fn blocked_fixtures_fail_under_spec() {
    let mut blocked = 0;
    for (path, s) in fixtures() {
        let runs = scenario::run_scenario(&s, &Profile::CHROMIUM).expect("runs");
        let lna = runs.iter().any(|r| {
            matches!(&r.outcome, FetchOutcome::NetworkError(e)
                if matches!(e.reason, Reason::LocalNetworkAccess { .. }))
        });
        if lna {
            blocked += 1;
            let mismatches = scenario::verify(&s, &Profile::SPEC).expect("runs");
            assert!(
                !mismatches.is_empty(),
                "{} passes under spec",
                path.display()
            );
        }
    }
    assert!(blocked >= 12, "only {blocked} blocked fixtures");
}

fn controller(
    method: &str,
    url: &str,
    client: Option<LocalNetworkClient>,
) -> FetchController<'static> {
    let profile = &Profile::CHROMIUM;
    let page = Origin::parse_serialized("https://app.a.test").expect("origin");
    let init = FetchInit {
        url,
        method: Some(method),
        ..FetchInit::default()
    };
    let request = Request::from_fetch_init(&page, &init, profile).expect("request");
    let c = FetchController::new(request, profile, "https://a.test");
    match client {
        Some(client) => c.with_local_network_client(client),
        None => c,
    }
}

fn public_client(permission: LocalNetworkPermission) -> LocalNetworkClient {
    LocalNetworkClient {
        address_space: IpAddressSpace::Public,
        secure_context: true,
        permission,
    }
}

#[test]
fn a_blocked_preflight_connection_ends_the_fetch() {
    let mut cache = PreflightCache::new(16);
    let mut c = controller(
        "PUT",
        "https://api.b.test:8443/x",
        Some(public_client(LocalNetworkPermission::Denied)),
    );
    // Nothing outstanding yet.
    assert!(
        c.handle_connection(Some(IpAddressSpace::Local), &mut cache)
            .is_err()
    );
    let Ok(Action::Send(first)) = c.poll(&mut cache, Duration::ZERO) else {
        panic!("a request to send");
    };
    assert_eq!(first.method, "OPTIONS");
    assert_eq!(
        c.handle_connection(Some(IpAddressSpace::Local), &mut cache),
        Ok(Connection::Blocked)
    );
    // The blocked request takes no response.
    assert!(
        c.handle_response(
            NetworkResponse::new(204, [("a", "b")]),
            &mut cache,
            Duration::ZERO
        )
        .is_err()
    );
    match c.poll(&mut cache, Duration::ZERO) {
        Ok(Action::Done(FetchOutcome::NetworkError(e))) => {
            assert_eq!(e.request_kind, Some(RequestKind::Preflight));
            match e.reason {
                Reason::LocalNetworkAccess { blocked } => {
                    assert_eq!(blocked.resource_space, IpAddressSpace::Local);
                    assert_eq!(blocked.client_space, IpAddressSpace::Public);
                    assert_eq!(blocked.why, LocalNetworkBlock::PermissionDenied);
                }
                other => panic!("{other:?}"),
            }
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn granted_permission_sends_an_ordinary_preflight() {
    let mut cache = PreflightCache::new(16);
    let mut c = controller(
        "PUT",
        "https://api.b.test:8443/x",
        Some(public_client(LocalNetworkPermission::Granted)),
    );
    let Ok(Action::Send(preflight)) = c.poll(&mut cache, Duration::ZERO) else {
        panic!("a preflight");
    };
    // Chromium's LNA sends no Private Network Access preflight header.
    assert!(
        !preflight
            .header_list
            .contains(b"access-control-request-private-network")
    );
    let allow = NetworkResponse::new(
        204,
        [
            ("Access-Control-Allow-Origin", "*"),
            ("Access-Control-Allow-Methods", "PUT"),
        ],
    );
    assert_eq!(
        c.handle_response_from(
            allow,
            Some(IpAddressSpace::Loopback),
            &mut cache,
            Duration::ZERO
        ),
        Ok(Connection::Proceed)
    );
    let Ok(Action::Send(put)) = c.poll(&mut cache, Duration::ZERO) else {
        panic!("the PUT");
    };
    assert_eq!(put.method, "PUT");
}

#[test]
fn without_a_client_state_nothing_is_checked() {
    let mut cache = PreflightCache::new(16);
    let mut c = controller("GET", "https://api.b.test:8443/x", None);
    let Ok(Action::Send(_)) = c.poll(&mut cache, Duration::ZERO) else {
        panic!("a request");
    };
    assert_eq!(
        c.handle_connection(Some(IpAddressSpace::Loopback), &mut cache),
        Ok(Connection::Proceed)
    );
}

fn space() -> impl Strategy<Value = IpAddressSpace> {
    prop_oneof![
        Just(IpAddressSpace::Public),
        Just(IpAddressSpace::Local),
        Just(IpAddressSpace::Loopback),
    ]
}

fn space_json(s: IpAddressSpace) -> &'static str {
    s.as_str()
}

proptest! {
    /// Over whole scenarios (a redirect from one server to another, any
    /// method, mode, page scheme and permission): a fetch whose every hop is
    /// in the same or a more public space than the page is never blocked by
    /// Local Network Access; and a first hop strictly less public (for
    /// Chromium, which counts `local` and `loopback` alike) without a granted
    /// permission is blocked with nothing sent.
    #[test]
    fn local_network_access_blocks_only_less_public_hops(
        client in space(),
        first in space(),
        second in space(),
        secure in any::<bool>(),
        granted in any::<bool>(),
        method in prop_oneof![Just("GET"), Just("POST"), Just("PUT")],
        no_cors in any::<bool>(),
    ) {
        let scheme = if secure { "https" } else { "http" };
        let (p1, p2) = if secure { (8443, 443) } else { (8080, 80) };
        let method = if no_cors && method == "PUT" { "POST" } else { method };
        let mut request = serde_json::json!({ "url": format!("{scheme}://api.b.test:{p1}/r"), "method": method });
        if no_cors {
            request["mode"] = "no-cors".into();
        }
        let allow = serde_json::json!([["Access-Control-Allow-Origin", "*"], ["Access-Control-Allow-Methods", "PUT"]]);
        let text = serde_json::json!({
            "id": "p",
            "client": {
                "origin": format!("{scheme}://app.a.test"),
                "address_space": space_json(client),
                "local_network_permission": if granted { "granted" } else { "denied" },
            },
            "server": [
                { "method": "OPTIONS", "url": format!("{scheme}://api.b.test:{p1}/r"), "status": 204,
                  "headers": allow, "address_space": space_json(first) },
                { "method": method, "url": format!("{scheme}://api.b.test:{p1}/r"), "status": 307,
                  "headers": [["Access-Control-Allow-Origin", "*"], ["Location", format!("{scheme}://api.c.test:{p2}/x")]] },
                { "method": "OPTIONS", "url": format!("{scheme}://api.c.test:{p2}/x"), "status": 204,
                  "headers": allow, "address_space": space_json(second) },
                { "method": method, "url": format!("{scheme}://api.c.test:{p2}/x"), "status": 200,
                  "headers": [["Access-Control-Allow-Origin", "*"]] },
            ],
            "fetches": [{ "request": request }],
        })
        .to_string();
        let s = Scenario::from_json(&text).expect("scenario");
        let runs = scenario::run_scenario(&s, &Profile::CHROMIUM).expect("runs");
        let run = runs.first().expect("one run");
        let lna = matches!(&run.outcome, FetchOutcome::NetworkError(e)
            if matches!(e.reason, Reason::LocalNetworkAccess { .. }));
        if first >= client && second >= client {
            prop_assert!(!lna, "{:?}", run.outcome);
        }
        let collapse = |s: IpAddressSpace| s.max(IpAddressSpace::Local);
        if collapse(first) < collapse(client) && !(secure && granted) {
            prop_assert!(lna, "{:?}", run.outcome);
            prop_assert!(run.sent.is_empty());
        }
        // The Fetch standard has no such check.
        let spec = scenario::run_scenario(&s, &Profile::SPEC).expect("runs");
        let spec_lna = spec.iter().any(|r| matches!(&r.outcome, FetchOutcome::NetworkError(e)
            if matches!(e.reason, Reason::LocalNetworkAccess { .. })));
        prop_assert!(!spec_lna);
    }
}

#[test]
fn a_server_entry_ip_gives_its_space_unless_address_space_does() {
    let entry = |extra: serde_json::Value| {
        let mut v = serde_json::json!({ "method": "GET", "url": "https://b.test/", "status": 200 });
        if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
            o.extend(e.clone());
        }
        serde_json::from_value::<scenario::ServerEntry>(v).expect("entry")
    };
    let cases = [
        (serde_json::json!({}), None),
        (
            serde_json::json!({ "ip": "10.1.2.3" }),
            Some(IpAddressSpace::Local),
        ),
        (
            serde_json::json!({ "ip": "::1" }),
            Some(IpAddressSpace::Loopback),
        ),
        (
            serde_json::json!({ "ip": "8.8.8.8" }),
            Some(IpAddressSpace::Public),
        ),
        (
            serde_json::json!({ "ip": "10.1.2.3", "address_space": "public" }),
            Some(IpAddressSpace::Public),
        ),
        (
            serde_json::json!({ "address_space": "private" }),
            Some(IpAddressSpace::Local),
        ),
    ];
    for (extra, expected) in cases {
        assert_eq!(
            entry(extra.clone()).resolved_address_space(),
            expected,
            "{extra}"
        );
    }
    // A bad token is an error naming the field.
    let bad = r#"{"id":"x","client":{"origin":"https://a.test","address_space":"intranet"},"fetches":[]}"#;
    let err = Scenario::from_json(bad).expect_err("unknown space");
    assert_eq!(err.path, "client.address_space");
}
