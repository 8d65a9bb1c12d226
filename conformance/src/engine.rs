//! The bridge to xorigin's engine: its prediction for a scenario, and the
//! field-by-field comparison of a recording with it.

use xorigin::browser::BrowserName;
use xorigin::scenario::{self, ExpectResult, Scenario, SentHeaders};

/// The engine's prediction: the scenario with every `expect` replaced.
pub fn predict(s: &Scenario, browser: BrowserName) -> Result<Scenario, String> {
    scenario::simulate(s, browser.profile()).map_err(|e| e.to_string())
}

/// Every field where the recording and the prediction differ, one line each.
/// Only the fields the recording has are compared; for `sent`, the method,
/// URL and the header names the engine predicts (a recording lists every
/// header the browser sent, most of which the engine does not model).
pub fn disagreements(recorded: &Scenario, predicted: &Scenario) -> Vec<String> {
    let mut out = Vec::new();
    if recorded.fetches.len() != predicted.fetches.len() {
        out.push(format!(
            "fetches.length: recorded {}, predicted {}",
            recorded.fetches.len(),
            predicted.fetches.len()
        ));
    }
    for (i, (r, p)) in recorded.fetches.iter().zip(&predicted.fetches).enumerate() {
        let (Some(re), Some(pe)) = (&r.expect, &p.expect) else {
            continue;
        };
        out.extend(
            scenario::compare_expect(
                re,
                pe,
                SentHeaders::Predicted,
                &format!("fetches[{i}].expect"),
            )
            .iter()
            .map(ToString::to_string),
        );
    }
    out
}

/// Where the engine's console lines and `TypeError` for `browser` differ
/// from what the browser printed, for every fetch it rejected.
///
/// A recording holds `console` (every message logged while the fetch ran)
/// and `rejection` (the error the promise rejected with). Fetches that
/// succeeded, and element loads (their errors are events, not messages the
/// engine renders), are not compared. The harness page's path is read as
/// the page's origin (the engine knows no page URL). Chromium's lines must
/// match exactly; Firefox's and WebKit's captures are partial (see the
/// body). The `TypeError` is compared for every browser. Firefox's capture misses messages that
/// arrive after the fetch settles, so an empty Firefox capture says nothing.
pub fn console_disagreements(recorded: &Scenario, browser: BrowserName) -> Vec<String> {
    let explanations = match xorigin::explain::explain_scenario(recorded, browser) {
        Ok(e) => e,
        Err(e) => return vec![format!("the engine cannot explain it: {e}")],
    };
    let mut out = Vec::new();
    for (i, (step, explanation)) in recorded.fetches.iter().zip(&explanations).enumerate() {
        let rejected = step
            .expect
            .as_ref()
            .is_some_and(|e| e.result == Some(ExpectResult::NetworkError));
        let element = step
            .request
            .destination
            .as_deref()
            .is_some_and(|d| !d.is_empty());
        let Some(console) = step.extra.get("console").and_then(|c| c.as_array()) else {
            continue;
        };
        if !rejected || element {
            continue;
        }
        // The harness's page is `<origin>/__xorigin/page`; the engine knows
        // only the origin and names the page `<origin>/`.
        let page = format!("{}/__xorigin/page", recorded.client.origin);
        let home = format!("{}/", recorded.client.origin);
        // Lines about the harness's own requests (Firefox's DNS warm-up
        // `/__xorigin/warm`, blocked by a COEP page) are not the scenario's.
        let console: Vec<String> = console
            .iter()
            .filter_map(|l| l.as_str())
            .map(|l| l.replace(&page, &home))
            .filter(|l| !l.contains("/__xorigin/"))
            .collect();
        let Some(report) = explanation.browsers.iter().find(|b| b.browser == browser) else {
            out.push(format!(
                "fetches[{i}].console: the engine has no {browser:?} report"
            ));
            continue;
        };
        let agrees = match browser {
            BrowserName::Chromium | BrowserName::Spec => report.console == console,
            // WebKit's console is not captured (its WebDriver has no log);
            // Firefox's capture can end before the last lines arrive, and the
            // engine does not model every Firefox message (`Security Error:
            // Content at <page>` names the harness page). So only lines on
            // both sides compare, and a prefix of the prediction agrees.
            BrowserName::Firefox | BrowserName::Webkit => {
                console.is_empty()
                    || report.console.is_empty()
                    || report.console.starts_with(&console)
            }
        };
        if !agrees {
            out.push(format!(
                "fetches[{i}].console: recorded {console:?}, engine {:?}",
                report.console
            ));
        }
        let rejection = step.extra.get("rejection").and_then(|r| r.as_str());
        // An engine without a text for it (a constructor message it does
        // not know, e.g. Firefox's quoting the invalid header value) is a gap,
        // not a disagreement.
        if let Some(message) = rejection.and_then(|r| r.strip_prefix("TypeError: "))
            && let Some(predicted) = report.type_error.as_deref()
            && predicted != message
        {
            out.push(format!(
                "fetches[{i}].rejection: recorded {:?}, engine {:?}",
                rejection.unwrap_or(""),
                report
                    .type_error
                    .as_deref()
                    .map(|m| format!("TypeError: {m}"))
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(expect: serde_json::Value) -> Scenario {
        Scenario::from_json(
            &serde_json::json!({
                "id": "e", "client": {"origin": "https://app.a.test"},
                "server": [{"method": "GET", "url": "https://app.a.test/x", "status": 200,
                            "headers": [["X-A", "1"]]}],
                "fetches": [{"request": {"url": "https://app.a.test/x"}, "expect": expect}]
            })
            .to_string(),
        )
        .expect("valid")
    }

    #[test]
    fn headers_the_engine_does_not_predict_are_not_compared() {
        let asked = scenario(serde_json::json!({}));
        let predicted = predict(&asked, BrowserName::Chromium).expect("engine runs");
        // A recording lists every header sent; add ones no engine models.
        let mut recorded = predicted.clone();
        for step in &mut recorded.fetches {
            for sent in step
                .expect
                .iter_mut()
                .flat_map(|e| e.sent.iter_mut().flatten())
            {
                sent.headers.insert("user-agent".into(), Some("x".into()));
                sent.headers
                    .insert("accept-language".into(), Some("en".into()));
            }
        }
        assert!(disagreements(&recorded, &predicted).is_empty());
        // But a predicted header that is missing from the recording counts.
        let first = recorded
            .fetches
            .first_mut()
            .and_then(|f| f.expect.as_mut())
            .and_then(|e| e.sent.as_mut())
            .and_then(|s| s.first_mut())
            .expect("one request sent");
        let name = predicted.fetches[0]
            .expect
            .as_ref()
            .and_then(|e| e.sent.as_ref())
            .and_then(|s| s.first())
            .and_then(|r| r.headers.keys().next().cloned())
            .expect("a predicted header");
        first.headers.remove(&name);
        assert_eq!(disagreements(&recorded, &predicted).len(), 1);
    }

    #[test]
    fn a_wrong_recording_is_reported_field_by_field() {
        let recorded = scenario(serde_json::json!({
            "result": "ok", "response_type": "cors", "status": 201
        }));
        let predicted = predict(&recorded, BrowserName::Chromium).expect("engine runs");
        let d = disagreements(&recorded, &predicted);
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d.iter().any(|l| l.contains("response_type")));
        assert!(d.iter().any(|l| l.contains("status")));
    }

    /// A cross-origin fetch without `Access-Control-Allow-Origin`, recorded
    /// as rejected with `console` lines.
    fn blocked(console: serde_json::Value) -> Scenario {
        Scenario::from_json(
            &serde_json::json!({
                "id": "c", "client": {"origin": "https://app.a.test"},
                "server": [{"method": "GET", "url": "https://api.b.test/x", "status": 200}],
                "fetches": [{"request": {"url": "https://api.b.test/x"},
                             "expect": {"result": "network-error"},
                             "console": console,
                             "rejection": "TypeError: Failed to fetch"}]
            })
            .to_string(),
        )
        .expect("valid")
    }

    #[test]
    fn console_messages_are_compared_for_rejected_fetches() {
        let chrome = serde_json::json!([
            "Access to fetch at 'https://api.b.test/x' from origin 'https://app.a.test' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
            "Failed to load resource: net::ERR_FAILED"
        ]);
        assert_eq!(
            console_disagreements(&blocked(chrome), BrowserName::Chromium),
            Vec::<String>::new()
        );
        let wrong = serde_json::json!(["Failed to load resource: net::ERR_FAILED"]);
        let d = console_disagreements(&blocked(wrong.clone()), BrowserName::Chromium);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].starts_with("fetches[0].console"), "{d:?}");
        // Firefox's capture can miss late messages: an empty one or a prefix
        // of the prediction says nothing, but a wrong one counts.
        let none = serde_json::json!([]);
        let d = console_disagreements(&blocked(none), BrowserName::Firefox);
        assert!(!d.iter().any(|l| l.contains(".console")), "{d:?}");
        // (as does Chromium's rejection text, which is not Firefox's).
        let d = console_disagreements(&blocked(wrong), BrowserName::Firefox);
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d[1].starts_with("fetches[0].rejection"), "{d:?}");
    }
}
