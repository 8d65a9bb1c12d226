//! The engine as JSON in, JSON out: the one-shot calls every binding makes
//! (the C ABI, the Python and npm packages), giving exactly the JSON the
//! command line prints with `--json`, so a result is the same whichever way
//! it was asked for.
//!
//! - [`simulate`]: a scenario (the format of `spec-fixtures/`) with every
//!   `expect` filled in, as `xorigin simulate` prints it.
//! - [`check`]: one request against the server's answers, per browser, as
//!   `xorigin check --json` prints it.
//!
//! Errors are typed ([`JsonError`] with a [`JsonErrorKind`]) and name the
//! faulty input; nothing here panics on input.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::browser::BrowserName;
use crate::explain::{
    self, BrowserVerdict, CheckRequest, CheckResult, CheckServer, Explanation, Verdict,
};
use crate::html::initiators::Api;
use crate::html::potential_cors_request::CorsSettingsAttribute;
use crate::http::request::{CredentialsMode, Destination, Mode, RedirectMode};
use crate::http::response::NetworkResponse;
use crate::policy::local_network_access::IpAddressSpace;
use crate::scenario::{self, Scenario, ServerEntry};

/// What kind of input a [`JsonError`] rejects; bindings map each to their
/// own exception type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum JsonErrorKind {
    /// The text is not JSON, or not of the expected shape (a field of the
    /// wrong type, an unknown field, a missing required field).
    InvalidJson,
    /// The scenario is JSON of the right shape but cannot be run (a bad URL
    /// or origin, a server with conflicting entries).
    InvalidScenario,
    /// The check's request cannot be made (a bad URL, origin, method or
    /// header).
    InvalidRequest,
    /// The browser's name is none of `chromium`, `firefox`, `webkit`, `spec`.
    UnknownBrowser,
}

/// Input that [`simulate`] or [`check`] cannot run, with what was wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct JsonError {
    /// What kind of input was wrong.
    pub kind: JsonErrorKind,
    /// What was wrong, naming the input (a JSON path where there is one).
    pub message: String,
}

impl JsonError {
    fn new(kind: JsonErrorKind, message: impl Into<String>) -> JsonError {
        JsonError {
            kind,
            message: message.into(),
        }
    }
}

/// A browser's name as the command line spells it (`chromium`, `firefox`,
/// `webkit`, `spec`).
pub fn browser_name(name: &str) -> Result<BrowserName, JsonError> {
    serde_json::from_value(Value::String(name.to_owned())).map_err(|_| {
        JsonError::new(
            JsonErrorKind::UnknownBrowser,
            format!("unknown browser {name:?}: expected chromium, firefox, webkit or spec"),
        )
    })
}

/// `xorigin simulate --browser B`: the scenario with every fetch's `expect`
/// filled in, as predicted under `browser`'s profile (`None`: the
/// scenario's own `browser`, else the standard).
///
/// ```
/// let out = xorigin::json::simulate(r#"{
///     "id": "simple-get", "client": { "origin": "https://app.a.test" },
///     "server": [ { "method": "GET", "url": "https://api.b.test/x", "status": 200,
///                   "headers": [["Access-Control-Allow-Origin", "*"]] } ],
///     "fetches": [ { "request": { "url": "https://api.b.test/x" } } ]
/// }"#, Some(xorigin::browser::BrowserName::Chromium))?;
/// assert_eq!(out["fetches"][0]["expect"]["result"], "ok");
/// # Ok::<(), xorigin::json::JsonError>(())
/// ```
pub fn simulate(scenario: &str, browser: Option<BrowserName>) -> Result<Value, JsonError> {
    let scenario = Scenario::from_json(scenario)
        .map_err(|e| JsonError::new(JsonErrorKind::InvalidJson, e.to_string()))?;
    let profile = browser
        .or(scenario.browser)
        .unwrap_or(BrowserName::Spec)
        .profile();
    let out = scenario::simulate(&scenario, profile)
        .map_err(|e| JsonError::new(JsonErrorKind::InvalidScenario, e.to_string()))?;
    serde_json::to_value(&out)
        .map_err(|e| JsonError::new(JsonErrorKind::InvalidScenario, e.to_string()))
}

/// A header list: `[["name", "value"], ...]` (order and duplicates kept) or
/// `{"name": "value", ...}`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(untagged)]
enum Headers {
    #[default]
    None,
    Pairs(Vec<(String, String)>),
    Map(serde_json::Map<String, Value>),
}

impl Headers {
    fn into_pairs(self, field: &str) -> Result<Vec<(String, String)>, JsonError> {
        match self {
            Headers::None => Ok(Vec::new()),
            Headers::Pairs(p) => Ok(p),
            Headers::Map(m) => m
                .into_iter()
                .map(|(k, v)| match v {
                    Value::String(s) => Ok((k, s)),
                    other => Err(JsonError::new(
                        JsonErrorKind::InvalidJson,
                        format!("{field}.{k}: a header value is a string, not {other}"),
                    )),
                })
                .collect(),
        }
    }
}

/// One fixed answer: `{"status": 200, "headers": ..., "body": "..."}`;
/// without `status`, the command line's default for that answer (204 for
/// the preflight, 200 for the response).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FixedAnswer {
    #[serde(default)]
    status: Option<u16>,
    #[serde(default)]
    headers: Headers,
    #[serde(default)]
    body: Option<String>,
}

impl FixedAnswer {
    fn response(self, field: &str, default_status: u16) -> Result<NetworkResponse, JsonError> {
        let headers = self.headers.into_pairs(&format!("{field}.headers"))?;
        let status = self.status.unwrap_or(default_status);
        // The command line's range: a status outside it is no HTTP answer.
        if !(100..=999).contains(&status) {
            return Err(JsonError::new(
                JsonErrorKind::InvalidJson,
                format!("{field}.status: {status} is not an HTTP status (100 to 999)"),
            ));
        }
        let mut response = NetworkResponse::new(status, std::iter::empty::<(&str, &str)>());
        for (n, v) in &headers {
            response.header_list.push_raw(n.as_bytes(), v.as_bytes());
        }
        response.body = self.body.map(String::into_bytes);
        response.body_len = response.body.as_ref().map(|b| b.len() as u64);
        Ok(response)
    }
}

/// The input of [`check`]: the command line's `check` flags as one object.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckInput {
    url: String,
    origin: String,
    #[serde(default = "get")]
    method: String,
    #[serde(default)]
    headers: Headers,
    #[serde(default)]
    body: Option<String>,
    #[serde(default = "cors")]
    mode: Mode,
    #[serde(default = "same_origin")]
    credentials: CredentialsMode,
    #[serde(default = "follow")]
    redirect: RedirectMode,
    #[serde(default)]
    referrer_policy: Option<String>,
    #[serde(default)]
    destination: Option<Destination>,
    /// The element's `crossorigin` attribute value (`anonymous`,
    /// `use-credentials`; any other value is `anonymous`).
    #[serde(default)]
    crossorigin: Option<String>,
    /// (v1.2) How the page makes the request (`xhr`, `font`, ...); absent:
    /// `fetch()` or the element `destination` names.
    #[serde(default)]
    api: Option<Api>,
    #[serde(default)]
    with_credentials: bool,
    #[serde(default)]
    upload_listener: bool,
    #[serde(default)]
    page_headers: Headers,
    #[serde(default)]
    client_address_space: Option<IpAddressSpace>,
    #[serde(default)]
    target_address_space: Option<IpAddressSpace>,
    /// The scenario format's `server` array (redirect chains, an answer per
    /// URL). Exclusive with `preflight`/`response`.
    #[serde(default)]
    server: Option<Vec<ServerEntry>>,
    /// The answer to the CORS preflight (default: 204, no headers).
    #[serde(default)]
    preflight: Option<FixedAnswer>,
    /// The answer to every other request (default: 200, no headers).
    #[serde(default)]
    response: Option<FixedAnswer>,
    /// One browser (its report alone, as `check --browser B --json`), or
    /// absent: Chromium, Firefox and WebKit.
    /// Kept as text so an unknown name is [`JsonErrorKind::UnknownBrowser`].
    #[serde(default)]
    browser: Option<String>,
}

fn get() -> String {
    "GET".to_owned()
}
fn cors() -> Mode {
    Mode::Cors
}
fn same_origin() -> CredentialsMode {
    CredentialsMode::SameOrigin
}
fn follow() -> RedirectMode {
    RedirectMode::Follow
}

/// `xorigin check --json`: one request from a page against the server's
/// answers. The input is one JSON object:
///
/// | field | default | meaning |
/// |---|---|---|
/// | `url`, `origin` | required | the URL passed to `fetch()`; the page's origin |
/// | `method`, `headers`, `body`, `mode`, `credentials`, `redirect`, `referrer_policy` | `GET`, none, none, `cors`, `same-origin`, `follow`, none | `fetch()`'s init |
/// | `destination`, `crossorigin` | none | an element load (`image`, `script`, `style`) and its attribute |
/// | `api`, `with_credentials`, `upload_listener` | none, `false`, `false` | another way in (`xhr`, `eventsource`, `beacon`, `websocket`, `module`, `import`, `worker`, `module-worker`, `shared-worker`, `font`, `media`, `iframe`, `form`), as `check --api` |
/// | `page_headers` | none | the page's own response headers (COEP) |
/// | `client_address_space`, `target_address_space` | none | Local Network Access |
/// | `server` | none | the scenario format's `server` array |
/// | `preflight`, `response` | `{"status": 204}`, `{"status": 200}` | fixed answers `{"status", "headers", "body"}` when there is no `server` |
/// | `browser` | the three | one browser's report alone |
///
/// Headers are `[["name", "value"], ...]` or `{"name": "value"}`. The
/// output is what the command line prints: without `browser`, the detailed
/// explanation of the first browser that blocks (else the first) with
/// `verdicts`, `standard`, `assumed_empty_body` and `blocked_in` beside it;
/// with `browser`, that browser's explanation.
///
/// ```
/// let out = xorigin::json::check(r#"{
///     "url": "https://api.b.test/items", "origin": "https://app.a.test",
///     "method": "PUT", "headers": {"Content-Type": "application/json"},
///     "preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", "https://app.a.test"]]}
/// }"#)?;
/// assert_eq!(out["blocked_in"], serde_json::json!(["chromium", "firefox", "webkit"]));
/// # Ok::<(), xorigin::json::JsonError>(())
/// ```
pub fn check(input: &str) -> Result<Value, JsonError> {
    let de = &mut serde_json::Deserializer::from_str(input);
    let input: CheckInput = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let at = if path == "." {
            String::new()
        } else {
            format!("{path}: ")
        };
        JsonError::new(JsonErrorKind::InvalidJson, format!("{at}{}", e.inner()))
    })?;
    let request = CheckRequest {
        url: input.url,
        origin: input.origin,
        method: input.method,
        headers: input.headers.into_pairs("headers")?,
        body: input.body,
        mode: input.mode,
        credentials: input.credentials,
        redirect: input.redirect,
        referrer_policy: input.referrer_policy,
        destination: input.destination,
        crossorigin: input
            .crossorigin
            .as_deref()
            .map(|v| CorsSettingsAttribute::from_attribute_value(Some(v))),
        page_headers: input.page_headers.into_pairs("page_headers")?,
        client_address_space: input.client_address_space,
        target_address_space: input.target_address_space,
        api: input.api,
        with_credentials: input.with_credentials,
        upload_listener: input.upload_listener,
    };
    let server = match (input.server, input.preflight, input.response) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            return Err(JsonError::new(
                JsonErrorKind::InvalidJson,
                "server: give either `server` entries or `preflight`/`response`, not both",
            ));
        }
        (Some(entries), None, None) => CheckServer::Entries(entries),
        (None, preflight, response) => CheckServer::Fixed {
            preflight: match preflight {
                Some(p) => p.response("preflight", 204)?,
                None => NetworkResponse::new(204, std::iter::empty::<(&str, &str)>()),
            },
            response: match response {
                Some(r) => r.response("response", 200)?,
                None => NetworkResponse::new(200, std::iter::empty::<(&str, &str)>()),
            },
        },
    };
    let browser = input.browser.as_deref().map(browser_name).transpose()?;
    let browsers: Vec<BrowserName> = browser.into_iter().collect();
    let result = explain::check(&request, &server, &browsers)
        .map_err(|e| JsonError::new(JsonErrorKind::InvalidRequest, e.to_string()))?;
    check_report(&result, browser.is_some())
}

/// The JSON of a check over every browser: the detailed browser's
/// explanation, with each browser's verdict beside it.
#[derive(Serialize)]
struct AcrossBrowsers<'a> {
    #[serde(flatten)]
    explanation: &'a Explanation,
    verdicts: &'a [BrowserVerdict],
    standard: Verdict,
    assumed_empty_body: bool,
    blocked_in: &'a [BrowserName],
}

/// The browser whose full report is given: the first that blocks, else the
/// first asked.
pub fn detailed(result: &CheckResult) -> Option<&Explanation> {
    result
        .explanations
        .iter()
        .find(|e| e.verdict == Verdict::Blocked)
        .or_else(|| result.explanations.first())
}

/// What `xorigin check --json` prints for `result`: with `one_browser`,
/// that browser's explanation; else the detailed explanation with every
/// browser's verdict beside it.
pub fn check_report(result: &CheckResult, one_browser: bool) -> Result<Value, JsonError> {
    let Some(explanation) = detailed(result) else {
        return Err(JsonError::new(
            JsonErrorKind::InvalidRequest,
            "no browser was asked",
        ));
    };
    let value = if one_browser {
        serde_json::to_value(explanation)
    } else {
        serde_json::to_value(AcrossBrowsers {
            explanation,
            verdicts: &result.verdicts,
            standard: result.standard,
            assumed_empty_body: result.assumed_empty_body,
            blocked_in: &result.blocked_in,
        })
    };
    value.map_err(|e| JsonError::new(JsonErrorKind::InvalidRequest, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_defaults_to_the_three_browsers_and_names_who_blocks() {
        let out = check(r#"{"url": "https://api.b.test/x", "origin": "https://app.a.test"}"#)
            .unwrap_or_default();
        assert_eq!(out["verdicts"].as_array().map(Vec::len), Some(3));
        assert_eq!(out["verdict"], "blocked");
        assert_eq!(
            out["blocked_in"],
            serde_json::json!(["chromium", "firefox", "webkit"])
        );
    }

    #[test]
    fn check_with_one_browser_is_that_browsers_explanation() {
        let out = check(
            r#"{"url": "https://api.b.test/x", "origin": "https://app.a.test",
                "response": {"headers": {"Access-Control-Allow-Origin": "*"}},
                "browser": "webkit"}"#,
        )
        .unwrap_or_default();
        assert_eq!(out["verdict"], "allowed");
        assert!(out.get("verdicts").is_none());
    }

    #[test]
    fn a_preflight_answer_without_a_status_is_a_204_as_on_the_command_line() {
        let out = check(
            r#"{"url": "https://api.b.test/x", "origin": "https://app.a.test", "method": "PUT",
                "preflight": {"headers": {"Access-Control-Allow-Origin": "*"}},
                "browser": "chromium"}"#,
        )
        .unwrap_or_default();
        assert_eq!(out["exchanges"][0]["kind"], "preflight");
        assert_eq!(out["exchanges"][0]["response"]["status"], 204);
    }

    #[test]
    fn bad_input_is_a_typed_error_naming_the_field() {
        let cases = [
            ("not json", JsonErrorKind::InvalidJson, ""),
            (r#"{"url": "x"}"#, JsonErrorKind::InvalidJson, "origin"),
            (
                r#"{"url": "https://b.test/", "origin": "https://a.test", "mode": "sideways"}"#,
                JsonErrorKind::InvalidJson,
                "mode",
            ),
            (
                r#"{"url": "https://b.test/", "origin": "https://a.test", "hedaers": []}"#,
                JsonErrorKind::InvalidJson,
                "hedaers",
            ),
            (
                r#"{"url": "https://b.test/", "origin": "https://a.test", "headers": {"X": 1}}"#,
                JsonErrorKind::InvalidJson,
                "headers",
            ),
            (
                r#"{"url": "https://b.test/", "origin": "https://a.test", "server": [], "response": {}}"#,
                JsonErrorKind::InvalidJson,
                "server",
            ),
            (
                r#"{"url": "http://[::1", "origin": "https://a.test"}"#,
                JsonErrorKind::InvalidRequest,
                "",
            ),
        ];
        for (input, kind, names) in cases {
            let err = check(input).err();
            assert_eq!(err.as_ref().map(|e| e.kind), Some(kind), "{input}");
            let message = err.map(|e| e.message).unwrap_or_default();
            assert!(message.contains(names), "{input}: {message}");
        }
        for (input, kind) in [
            (
                r#"{"url": "https://b.test/", "origin": "https://a.test", "browser": "safari"}"#,
                JsonErrorKind::UnknownBrowser,
            ),
            (
                r#"{"url": "https://b.test/", "origin": "https://a.test", "response": {"status": 1000}}"#,
                JsonErrorKind::InvalidJson,
            ),
            (
                r#"{"url": "https://b.test/", "origin": "https://a.test", "preflight": {"status": 99}}"#,
                JsonErrorKind::InvalidJson,
            ),
        ] {
            assert_eq!(check(input).err().map(|e| e.kind), Some(kind), "{input}");
        }
        assert_eq!(
            browser_name("safari").err().map(|e| e.kind),
            Some(JsonErrorKind::UnknownBrowser)
        );
        assert_eq!(browser_name("webkit"), Ok(BrowserName::Webkit));
    }

    #[test]
    fn simulate_rejects_a_scenario_it_cannot_read() {
        let err = simulate("{}", None).err().map(|e| e.kind);
        assert_eq!(err, Some(JsonErrorKind::InvalidJson));
    }
}
