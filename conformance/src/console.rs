//! Checks the engine's console prediction (`xorigin::explain`) against the
//! console lines a browser was recorded logging for a failing fetch.
//!
//! Only fetches that failed in both the recording and the prediction, whose
//! recording holds console lines and for which the engine predicts some, are
//! compared: the harness may miss messages that arrive late, so an empty
//! recording says nothing, and the engine does not model every message
//! (e.g. Firefox's `Security Error: Content at <document URL> ...` names the
//! harness's page). A recording that holds the first lines of the
//! prediction agrees: the capture may end before the last line arrives.

use serde_json::Value;
use xorigin::browser::BrowserName;
use xorigin::explain::explain_scenario;
use xorigin::scenario::{ExpectResult, Scenario};

/// Whether the engine predicts `browser`'s console text (so that [`check`]
/// has something to compare).
pub fn supported(browser: BrowserName) -> bool {
    matches!(browser, BrowserName::Firefox)
}

/// Disagreement lines (`fetches[i].console: expected [...], predicted
/// [...]`) between `recorded`'s console lines and the lines the engine
/// predicts `browser` logs for `scenario`; empty when they agree or when
/// nothing can be compared.
pub fn check(browser: BrowserName, scenario: &Scenario, recorded: &Scenario) -> Vec<String> {
    if !supported(browser) {
        return Vec::new();
    }
    let Ok(explanations) = explain_scenario(scenario, browser) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, (step, explanation)) in recorded.fetches.iter().zip(&explanations).enumerate() {
        let failed = step
            .expect
            .as_ref()
            .is_some_and(|e| e.result == Some(ExpectResult::NetworkError));
        let element = step
            .request
            .destination
            .as_deref()
            .is_some_and(|d| !d.is_empty());
        let lines: Vec<&str> = step
            .extra
            .get("console")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if !failed || element || lines.is_empty() || explanation.reason.is_none() {
            continue;
        }
        let Some(report) = explanation.browsers.iter().find(|b| b.browser == browser) else {
            continue;
        };
        // The capture may stop before the last lines arrive: a recording
        // that is a prefix of the prediction agrees.
        let agrees = report.console.len() >= lines.len()
            && report.console.iter().zip(&lines).all(|(p, r)| p == r);
        if !report.console.is_empty() && !agrees {
            out.push(format!(
                "fetches[{i}].console: expected {}, predicted {}",
                Value::from(lines),
                Value::from(report.console.clone())
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn blocked_scenario(console: Value) -> (Scenario, Scenario) {
        let s = Scenario::from_json(
            &json!({
                "id": "c", "client": {"origin": "https://app.a.test"},
                "server": [{"method": "GET", "url": "https://api.b.test/x", "status": 200,
                            "headers": [], "body": "ok"}],
                "fetches": [{"request": {"url": "https://api.b.test/x"}}]
            })
            .to_string(),
        )
        .expect("valid");
        let mut recorded = s.clone();
        recorded.fetches[0].expect = Some(xorigin::scenario::Expect {
            result: Some(ExpectResult::NetworkError),
            ..Default::default()
        });
        recorded.fetches[0].extra.insert("console".into(), console);
        (s, recorded)
    }

    const MISSING: &str = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.";

    #[test]
    fn firefox_console_lines_are_compared() {
        let cases: &[(Value, usize)] = &[
            (json!([MISSING]), 0),
            (json!(["something else"]), 1),
            // Nothing captured: nothing to say.
            (json!([]), 0),
        ];
        for (console, expected) in cases {
            let (s, recorded) = blocked_scenario(console.clone());
            let lines = check(BrowserName::Firefox, &s, &recorded);
            assert_eq!(lines.len(), *expected, "{console}: {lines:?}");
        }
    }

    #[test]
    fn browsers_without_a_console_model_are_not_compared() {
        let (s, recorded) = blocked_scenario(json!(["something else"]));
        assert!(check(BrowserName::Chromium, &s, &recorded).is_empty());
        assert!(!supported(BrowserName::Chromium));
    }
}
