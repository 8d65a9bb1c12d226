//! The engine for JavaScript: [`xorigin::json`]'s two one-shot calls
//! exported to WebAssembly with `wasm-bindgen`, JSON text in and out.
//!
//! The package's ES module (`npm/index.js`) turns JavaScript objects into
//! that text and back and throws an `XoriginError` from a [`RawError`]; the
//! work and the output are [`xorigin::json`]'s, so a result is byte for
//! byte what `xorigin simulate --json` and `xorigin check --json` print.
//!
//! Nothing here panics on input: every failure is a [`RawError`] with the
//! kind `xorigin::json::JsonErrorKind` names (`invalid-json`,
//! `invalid-scenario`, `invalid-request`, `unknown-browser`).

#![forbid(unsafe_code)]

use serde_json::Value;
use wasm_bindgen::prelude::wasm_bindgen;
use xorigin::json::{self, JsonError, JsonErrorKind};

/// A failure as it crosses into JavaScript: the kind and the message of a
/// [`JsonError`]. The ES module rethrows it as an `XoriginError`.
#[wasm_bindgen]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawError {
    kind: String,
    message: String,
}

#[wasm_bindgen]
impl RawError {
    /// `invalid-json`, `invalid-scenario`, `invalid-request` or
    /// `unknown-browser`.
    #[wasm_bindgen(getter)]
    pub fn kind(&self) -> String {
        self.kind.clone()
    }

    /// What was wrong, naming the input.
    #[wasm_bindgen(getter)]
    pub fn message(&self) -> String {
        self.message.clone()
    }
}

impl From<JsonError> for RawError {
    fn from(e: JsonError) -> RawError {
        RawError {
            kind: kind_name(e.kind),
            message: e.message,
        }
    }
}

/// The kind's name as the library serializes it (`invalid-json`, ...).
fn kind_name(kind: JsonErrorKind) -> String {
    match serde_json::to_value(kind) {
        Ok(Value::String(s)) => s,
        _ => format!("{kind:?}"),
    }
}

/// `xorigin simulate --browser B --json` for one scenario: the scenario
/// (JSON text) with every `expect` filled in, as JSON text. `browser`
/// absent: the scenario's own `browser` field, else the standard.
#[wasm_bindgen(js_name = simulateJson)]
pub fn simulate_json(scenario: &str, browser: Option<String>) -> Result<String, RawError> {
    let browser = browser.as_deref().map(json::browser_name).transpose()?;
    let out = json::simulate(scenario, browser)?;
    to_text(&out)
}

/// `xorigin check --json`: the input object of [`xorigin::json::check`]
/// (JSON text), the report as JSON text.
#[wasm_bindgen(js_name = checkJson)]
pub fn check_json(input: &str) -> Result<String, RawError> {
    let out = json::check(input)?;
    to_text(&out)
}

/// Whether `name` is a browser the engine has a profile for (`chromium`,
/// `firefox`, `webkit`, `spec`); an `unknown-browser` error if not.
#[wasm_bindgen(js_name = browserName)]
pub fn browser_name(name: &str) -> Result<String, RawError> {
    json::browser_name(name)?;
    Ok(name.to_owned())
}

fn to_text(value: &Value) -> Result<String, RawError> {
    serde_json::to_string(value).map_err(|e| RawError {
        kind: kind_name(JsonErrorKind::InvalidScenario),
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_carry_the_librarys_kind_names() {
        let kinds = [
            simulate_json("nope", None).err().map(|e| e.kind),
            simulate_json("{}", Some("safari".into()))
                .err()
                .map(|e| e.kind),
            check_json(r#"{"url": "http://[::1", "origin": "https://a.test"}"#)
                .err()
                .map(|e| e.kind),
            check_json(
                r#"{"url": "https://b.test/", "origin": "https://a.test", "browser": "ie"}"#,
            )
            .err()
            .map(|e| e.kind),
        ];
        assert_eq!(
            kinds,
            [
                Some("invalid-json".to_owned()),
                Some("unknown-browser".to_owned()),
                Some("invalid-request".to_owned()),
                Some("unknown-browser".to_owned()),
            ]
        );
    }

    #[test]
    fn check_is_the_librarys_report_as_text() {
        let input = r#"{"url": "https://api.b.test/x", "origin": "https://app.a.test"}"#;
        let ours = check_json(input).ok();
        let theirs = json::check(input)
            .ok()
            .and_then(|v| serde_json::to_string(&v).ok());
        assert!(ours.is_some());
        assert_eq!(ours, theirs);
    }
}
