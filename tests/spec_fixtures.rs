//! Runs every scenario under `spec-fixtures/` through the engine with the
//! profile its `browser` field names (the standard when absent) and checks
//! every field its `expect` blocks give.

mod common;

use xorigin::browser::BrowserName;
use xorigin::scenario::{self, Scenario};

#[test]
fn every_spec_fixture_matches_the_engine() {
    let files = common::fixture_files("");
    assert!(
        files.len() >= 200,
        "expected at least 200 fixtures, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    let mut ids = std::collections::HashSet::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable fixture");
        let scenario = match Scenario::from_json(&text) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{}: {e}", file.display()));
                continue;
            }
        };
        if !ids.insert(scenario.id.clone()) {
            failures.push(format!("{}: duplicate id {}", file.display(), scenario.id));
        }
        assert!(
            scenario.fetches.iter().all(|f| f.expect.is_some()),
            "{}: every fixture fetch has an expectation",
            file.display()
        );
        let profile = scenario.browser.unwrap_or(BrowserName::Spec).profile();
        match scenario::verify(&scenario, profile) {
            Ok(m) if m.is_empty() => {}
            Ok(m) => failures.push(format!(
                "{}:\n  {}",
                file.display(),
                m.iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n  ")
            )),
            Err(e) => failures.push(format!("{}: {e}", file.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_wrong_expectation_is_reported() {
    // The checker must be able to fail: flip one fixture's result.
    let files = common::fixture_files("simple");
    let file = files.first().expect("a simple fixture");
    let mut scenario =
        Scenario::from_json(&std::fs::read_to_string(file).expect("read")).expect("parse");
    let expect = scenario.fetches[0].expect.as_mut().expect("expect");
    expect.result = Some(match expect.result {
        Some(scenario::ExpectResult::Ok) => scenario::ExpectResult::NetworkError,
        _ => scenario::ExpectResult::Ok,
    });
    let mismatches = scenario::verify(&scenario, &xorigin::browser::Profile::SPEC).expect("runs");
    assert!(
        mismatches
            .iter()
            .any(|m| m.path == "fetches[0].expect.result"),
        "{mismatches:?}"
    );
}

#[test]
fn a_malformed_scenario_names_the_json_path() {
    let err = Scenario::from_json(r#"{"id":"x","client":{"origin":"https://a.test"},"fetches":[{"request":{"url":"https://a.test/","mode":"sideways"}}]}"#)
        .expect_err("bad mode");
    assert_eq!(err.path, "fetches[0].request.mode");
}

/// `initiators.navigation_origin_null_after_cross_origin_redirect`: a
/// same-origin POST form submission redirected (307) to another site keeps
/// the page's `Origin` in the standard and Firefox, and sends `null` in
/// Chromium and WebKit (their recordings of this fixture).
#[test]
fn a_post_navigation_redirected_across_origins_sends_origin_null_in_chromium_and_webkit() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("spec-fixtures/api-form/api-form-post-307-keeps-origin.json");
    let text = std::fs::read_to_string(&path).expect("readable fixture");
    let scenario = Scenario::from_json(&text).expect("valid fixture");
    for browser in [BrowserName::Spec, BrowserName::Firefox] {
        let m = scenario::verify(&scenario, browser.profile()).expect("runs");
        assert!(m.is_empty(), "{browser:?}: {m:?}");
    }
    for browser in [BrowserName::Chromium, BrowserName::Webkit] {
        let m = scenario::verify(&scenario, browser.profile()).expect("runs");
        let lines: Vec<String> = m.iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 1, "{browser:?}: {lines:?}");
        assert!(
            lines[0].contains("sent[1]")
                && lines[0].contains("origin")
                && lines[0].contains("null"),
            "{browser:?}: {lines:?}"
        );
    }
}
