//! The bridge to xorigin's engine: its prediction for a scenario, and the
//! field-by-field comparison of a recording with it.

use xorigin::browser::BrowserName;
use xorigin::scenario::{self, Scenario, SentHeaders};

/// The engine's prediction: the scenario with every `expect` replaced.
pub fn predict(s: &Scenario, browser: BrowserName) -> Result<Scenario, String> {
    scenario::simulate(s, &browser.profile()).map_err(|e| e.to_string())
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
}
