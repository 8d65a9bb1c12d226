//! The scenario format's serde types: `../shared/scenario-format.md`, v1
//! with the v1.1 and v1.2 fields and xorigin's extensions.
//!
//! Unknown fields are an error ([`Scenario::from_json`] names the JSON path
//! and the nearest known field): a misspelt `"header"` must not silently
//! change the verdict. The only fields kept in `extra` are the ones the
//! conformance harness records ([`RECORDED_FIELDS`]), which the engine does
//! not interpret.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::browser::BrowserName;
pub use crate::html::initiators::Api;
use crate::http::request::{CredentialsMode, Mode, RedirectMode};
use crate::policy::local_network_access::{IpAddressSpace, LocalNetworkPermission};

/// A header as written in a scenario: `[name, value]`.
pub type HeaderPair = (String, String);

/// One scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    /// Identifier, unique within a corpus.
    pub id: String,
    /// Free text; fixtures name the standard's section or the WPT file here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whose behaviour `expect` records; absent means `spec`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browser: Option<BrowserName>,
    /// The page.
    pub client: Client,
    /// The stateless server's fixed answers.
    #[serde(default)]
    pub server: Vec<ServerEntry>,
    /// The page's `fetch()` calls, in order, sharing browser state.
    pub fetches: Vec<FetchStep>,
    /// Fields this version does not know, kept for round trips.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The page that calls `fetch()`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Client {
    /// The page's serialized origin, or `"null"`.
    pub origin: String,
    /// (v1.1) The header list the page itself was served with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<HeaderPair>,
    /// (xorigin extension, optional) The IP address space of the page's
    /// policy container: `public`, `local` (alias `private`) or `loopback`.
    /// Absent: unknown, and no Local Network Access check runs for any fetch
    /// of the scenario. Readers that do not know the field ignore it.
    /// <https://wicg.github.io/local-network-access/>
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_space: Option<IpAddressSpace>,
    /// (xorigin extension, optional) The page's local network access
    /// permission: `granted` or `denied` (the default: what headless
    /// automation answers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_network_permission: Option<LocalNetworkPermission>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// One fixed answer of the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServerEntry {
    /// The method it answers (exact).
    pub method: String,
    /// The URL it answers (exact string, after URL parsing).
    pub url: String,
    /// The status code.
    pub status: u16,
    /// The header list, in order, duplicates kept.
    #[serde(default)]
    pub headers: Vec<HeaderPair>,
    /// The body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// (v1.2) The body as base64, used instead of `body` (bytes that are not
    /// UTF-8: fonts, images, media).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_base64: Option<String>,
    /// (xorigin extension, optional) The IP address space of the server at
    /// this URL's host and port, as the connection resolves it: `public`,
    /// `local` (alias `private`) or `loopback`. It applies to every request
    /// to that host and port (the first entry that gives one decides); the
    /// page's own host and port take `client.address_space`. Absent
    /// everywhere: unknown, which counts as public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address_space: Option<IpAddressSpace>,
    /// (xorigin extension, optional) The IP address the server's host
    /// resolves to; when `address_space` is absent, the space is this
    /// address's ([`IpAddressSpace::of_address`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<std::net::IpAddr>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// One `fetch()` call and what is expected of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FetchStep {
    /// Milliseconds to wait before the fetch.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub wait_ms: u64,
    /// The arguments of `fetch(url, init)`.
    pub request: RequestInit,
    /// What the browser does; absent in a scenario that only asks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<Expect>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// The arguments of `fetch(url, init)` (or, in v1.1, an element load).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RequestInit {
    /// `init.method`; absent means `GET`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The URL passed to `fetch()`, resolved against the page.
    pub url: String,
    /// `init.headers`, order kept, duplicates allowed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<HeaderPair>,
    /// `init.mode`; absent means `cors`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<Mode>,
    /// `init.credentials`; absent means `same-origin`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<CredentialsMode>,
    /// `init.redirect`; absent means `follow`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect: Option<RedirectMode>,
    /// `init.body`, as a string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// (v1.1) `""`/absent: `fetch()`; `image`, `script`, `style`: an element load.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// (v1.1) The element's `crossorigin` attribute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crossorigin: Option<String>,
    /// (v1.1) `init.referrerPolicy`.
    #[serde(
        default,
        rename = "referrerPolicy",
        skip_serializing_if = "Option::is_none"
    )]
    pub referrer_policy: Option<String>,
    /// (v1.1) `init.cache`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache: Option<String>,
    /// (v1.2) How the page issues the request; absent: `fetch()` or the
    /// v1.1 element that `destination` names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api: Option<Api>,
    /// (v1.2) `withCredentials` of `XMLHttpRequest` and `EventSource`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_credentials: Option<bool>,
    /// (v1.2) A listener on `xhr.upload`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload_listener: Option<bool>,
    /// (v1.2) `sendBeacon`'s body as a `Blob` of this type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_type: Option<String>,
    /// (v1.2) The form's `enctype`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enctype: Option<String>,
    /// (v1.2) The form's fields, `[[name, value], ...]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<Vec<HeaderPair>>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Whether the `fetch()` promise resolves or rejects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExpectResult {
    /// The promise resolves (or, for an element, the load event fires).
    Ok,
    /// The promise rejects with a `TypeError` (or the error event fires).
    NetworkError,
}

/// What a browser does with one fetch. A checker compares only the fields
/// that are present.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Expect {
    /// `ok` or `network-error`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<ExpectResult>,
    /// `response.type`: `basic`, `cors`, `opaque`, `opaqueredirect`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_type: Option<String>,
    /// `response.status` (0 for opaque responses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Lowercase header names script can read, sorted, unique.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_headers: Option<Vec<String>>,
    /// Every request put on the wire for this fetch, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent: Option<Vec<SentRequest>>,
    /// (v1.2) The exception a constructor threw synchronously
    /// (`"SecurityError"`); compared only when the expectation gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thrown: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A request the browser put on the wire.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SentRequest {
    /// Its method.
    pub method: String,
    /// Its URL.
    pub url: String,
    /// Lowercase header names to values; `null` means the header is absent.
    #[serde(default)]
    pub headers: BTreeMap<String, Option<String>>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A scenario that could not be read, with the JSON path of the fault.
#[derive(Debug)]
pub struct ScenarioError {
    /// The JSON path (e.g. `fetches[0].request.mode`), `.` for the root.
    pub path: String,
    /// What was wrong there.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at {}: {}", self.path, self.message)
    }
}

impl std::error::Error for ScenarioError {}

impl Scenario {
    /// Parses one scenario from JSON, naming the JSON path of any fault.
    ///
    /// The text must hold exactly one scenario: anything but whitespace
    /// after it (a second scenario, garbage) is an error, not ignored.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let de = &mut serde_json::Deserializer::from_str(text);
        // Tracking the path costs on every value: a scenario is read
        // without it, and read again with it only to say where it failed.
        let scenario: Scenario = match serde::Deserialize::deserialize(&mut *de) {
            Ok(scenario) => scenario,
            Err(_) => {
                let de = &mut serde_json::Deserializer::from_str(text);
                let e = match serde_path_to_error::deserialize::<_, Scenario>(&mut *de) {
                    Err(e) => e,
                    // (Deserializing is deterministic: not reached.)
                    Ok(_) => {
                        return Err(ScenarioError {
                            path: ".".to_owned(),
                            message: "the scenario failed to read once, then read".to_owned(),
                        });
                    }
                };
                return Err(ScenarioError {
                    path: e.path().to_string(),
                    message: e.inner().to_string(),
                });
            }
        };
        de.end().map_err(|e| ScenarioError {
            path: ".".to_owned(),
            message: e.to_string(),
        })?;
        scenario.reject_unknown_fields()?;
        Ok(scenario)
    }

    /// Reads a JSON array of scenarios: one result per element, in order, so
    /// that one bad element does not hide the others. An outer error (not an
    /// array, trailing content) is the only element.
    pub fn many_from_json_array(text: &str) -> Vec<Result<Scenario, ScenarioError>> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let values: Vec<serde_json::Value> =
            match serde::Deserialize::deserialize(&mut *de).and_then(|v| de.end().map(|()| v)) {
                Ok(values) => values,
                Err(e) => {
                    return vec![Err(ScenarioError {
                        path: ".".to_owned(),
                        message: e.to_string(),
                    })];
                }
            };
        values
            .into_iter()
            .enumerate()
            .map(|(i, value)| {
                let at = |inner: &str| {
                    if inner == "." || inner.is_empty() {
                        format!("[{i}]")
                    } else {
                        format!("[{i}].{inner}")
                    }
                };
                let scenario: Scenario =
                    serde_path_to_error::deserialize(value).map_err(|e| ScenarioError {
                        path: at(&e.path().to_string()),
                        message: e.inner().to_string(),
                    })?;
                scenario
                    .reject_unknown_fields()
                    .map_err(|e| ScenarioError {
                        path: at(&e.path),
                        message: e.message,
                    })?;
                Ok(scenario)
            })
            .collect()
    }

    /// Reads JSON Lines: one scenario per non-blank line, each with its line
    /// number (from 1), in order.
    pub fn many_from_json_lines(
        text: &str,
    ) -> impl Iterator<Item = (usize, Result<Scenario, ScenarioError>)> + '_ {
        text.lines()
            .enumerate()
            .filter(|(_, line)| !line.trim().is_empty())
            .map(|(i, line)| (i + 1, Scenario::from_json(line)))
    }

    /// The first field no reader knows, as an error with its JSON path and
    /// a "did you mean" hint; or a field whose value the types cannot check
    /// (a `body_base64` that is not base64, which would otherwise serve no
    /// body at all).
    fn reject_unknown_fields(&self) -> Result<(), ScenarioError> {
        // Each path prefix is built only for an error.
        unknown(&self.extra, String::new, ROOT_FIELDS, RECORDED_FIELDS.root)?;
        unknown(
            &self.client.extra,
            || "client.".to_owned(),
            CLIENT_FIELDS,
            &[],
        )?;
        for (i, entry) in self.server.iter().enumerate() {
            unknown(&entry.extra, || format!("server[{i}]."), SERVER_FIELDS, &[])?;
            let not_base64 = |c: char| {
                u8::try_from(c)
                    .ok()
                    .and_then(|b| BASE64.get(usize::from(b)))
                    .is_none_or(|&v| v == BASE64_INVALID)
            };
            if let Some((at, c)) = entry
                .body_base64
                .as_deref()
                .and_then(|encoded| encoded.char_indices().find(|&(_, c)| not_base64(c)))
            {
                return Err(ScenarioError {
                    path: format!("server[{i}].body_base64"),
                    message: format!(
                        "not base64: {c:?} at byte {at} (the standard alphabet A-Z a-z 0-9 + /, padding optional)"
                    ),
                });
            }
        }
        for (i, step) in self.fetches.iter().enumerate() {
            let at = || format!("fetches[{i}].");
            unknown(&step.extra, at, STEP_FIELDS, RECORDED_FIELDS.fetch)?;
            unknown(
                &step.request.extra,
                || format!("{}request.", at()),
                REQUEST_FIELDS,
                &[],
            )?;
            if let Some(expect) = &step.expect {
                let at = || format!("{}expect.", at());
                unknown(&expect.extra, at, EXPECT_FIELDS, &[])?;
                for (j, sent) in expect.sent.iter().flatten().enumerate() {
                    unknown(
                        &sent.extra,
                        || format!("{}sent[{j}].", at()),
                        SENT_FIELDS,
                        &[],
                    )?;
                }
            }
        }
        Ok(())
    }

    /// Serializes the scenario as pretty-printed JSON.
    pub fn to_json_pretty(&self) -> String {
        // Serializing these types cannot fail: every map key is a string.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// Fields the conformance harness records beside the format's own, kept in
/// `extra` and never interpreted: at the root, a disagreement's `seed`,
/// `index` and `disagreement` lines; on a fetch step, the browser's
/// `console` lines and the promise's `rejection` message.
pub struct RecordedFields {
    /// At the scenario's root.
    pub root: &'static [&'static str],
    /// On a fetch step.
    pub fetch: &'static [&'static str],
}

/// See [`RecordedFields`].
pub const RECORDED_FIELDS: RecordedFields = RecordedFields {
    root: &["seed", "index", "disagreement"],
    fetch: &["console", "rejection"],
};

const ROOT_FIELDS: &[&str] = &[
    "id",
    "description",
    "browser",
    "client",
    "server",
    "fetches",
];
const CLIENT_FIELDS: &[&str] = &[
    "origin",
    "headers",
    "address_space",
    "local_network_permission",
];
const SERVER_FIELDS: &[&str] = &[
    "method",
    "url",
    "status",
    "headers",
    "body",
    "body_base64",
    "address_space",
    "ip",
];
const STEP_FIELDS: &[&str] = &["wait_ms", "request", "expect"];
const REQUEST_FIELDS: &[&str] = &[
    "method",
    "url",
    "headers",
    "mode",
    "credentials",
    "redirect",
    "body",
    "destination",
    "crossorigin",
    "referrerPolicy",
    "cache",
    "api",
    "with_credentials",
    "upload_listener",
    "body_type",
    "enctype",
    "form",
];
const EXPECT_FIELDS: &[&str] = &[
    "result",
    "response_type",
    "status",
    "visible_headers",
    "sent",
    "thrown",
];
const SENT_FIELDS: &[&str] = &["method", "url", "headers"];

/// An error for the first key of `extra` that is neither a field of the
/// object nor a recorded one.
fn unknown(
    extra: &serde_json::Map<String, serde_json::Value>,
    at: impl FnOnce() -> String,
    fields: &[&str],
    recorded: &[&str],
) -> Result<(), ScenarioError> {
    let Some(key) = extra.keys().find(|k| !recorded.contains(&k.as_str())) else {
        return Ok(());
    };
    let at = at();
    let hint = fields
        .iter()
        .map(|f| {
            (
                edit_distance(&key.to_ascii_lowercase(), &f.to_ascii_lowercase()),
                f,
            )
        })
        .filter(|(d, f)| *d <= 2.max(f.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map_or_else(String::new, |(_, f)| format!("; did you mean {f:?}?"));
    Err(ScenarioError {
        path: format!("{at}{key}"),
        message: format!(
            "unknown field {key:?}{hint} (known here: {})",
            fields.join(", ")
        ),
    })
}

/// Levenshtein distance, for the "did you mean" hint.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

impl ServerEntry {
    /// The body's bytes: `body_base64` decoded, else `body`'s UTF-8 bytes,
    /// else `None`. A `body_base64` that is not base64 gives `None` (the
    /// scenario readers reject it with its path).
    pub fn body_bytes(&self) -> Option<Vec<u8>> {
        match &self.body_base64 {
            Some(encoded) => decode_base64(encoded),
            None => self.body.as_ref().map(|b| b.as_bytes().to_vec()),
        }
    }

    /// The entry's IP address space: `address_space`, else that of `ip`,
    /// else unknown.
    pub fn resolved_address_space(&self) -> Option<IpAddressSpace> {
        self.address_space
            .or_else(|| self.ip.map(IpAddressSpace::of_address))
    }
}

/// [`BASE64`]'s mark for padding and ASCII whitespace, which are skipped.
const BASE64_SKIP: u8 = 0xFE;
/// [`BASE64`]'s mark for a byte outside the alphabet.
const BASE64_INVALID: u8 = 0xFF;
/// Each byte's value in the standard base64 alphabet (RFC 4648), or a mark:
/// one look-up per byte instead of a chain of range tests.
const BASE64: [u8; 256] = {
    let mut table = [BASE64_INVALID; 256];
    let mut i = 0;
    while i < 26 {
        table[b'A' as usize + i] = i as u8;
        table[b'a' as usize + i] = 26 + i as u8;
        i += 1;
    }
    let mut d = 0;
    while d < 10 {
        table[b'0' as usize + d] = 52 + d as u8;
        d += 1;
    }
    table[b'+' as usize] = 62;
    table[b'/' as usize] = 63;
    table[b'=' as usize] = BASE64_SKIP;
    table[b' ' as usize] = BASE64_SKIP;
    table[b'\t' as usize] = BASE64_SKIP;
    table[b'\n' as usize] = BASE64_SKIP;
    table[b'\r' as usize] = BASE64_SKIP;
    table
};

/// Standard base64 (RFC 4648, with or without padding; ASCII whitespace
/// ignored); `None` for any other character.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut acc: u32 = 0;
    let mut bits = 0u8;
    for c in text.bytes() {
        let v = match BASE64
            .get(usize::from(c))
            .copied()
            .unwrap_or(BASE64_INVALID)
        {
            BASE64_SKIP => continue,
            BASE64_INVALID => return None,
            v => v,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod v1_2_tests {
    use super::*;

    #[test]
    fn base64_decodes_with_and_without_padding() {
        assert_eq!(decode_base64("d09GMg==").as_deref(), Some(&b"wOF2"[..]));
        assert_eq!(decode_base64("d09GMg").as_deref(), Some(&b"wOF2"[..]));
        assert_eq!(
            decode_base64("AAEAAA==").as_deref(),
            Some(&[0, 1, 0, 0][..])
        );
        assert_eq!(decode_base64("not*base64"), None);
        let bad = r#"{"id": "b", "client": {"origin": "https://a.test"},
            "server": [{"method": "GET", "url": "https://b.test/", "status": 200,
                        "headers": [], "body_base64": "iVBOR-w0K"}],
            "fetches": [{"request": {"url": "https://b.test/"}}]}"#;
        let err = Scenario::from_json(bad).err().map(|e| (e.path, e.message));
        assert_eq!(
            err.as_ref().map(|(p, _)| p.as_str()),
            Some("server[0].body_base64")
        );
        assert!(err.is_some_and(|(_, m)| m.contains("'-' at byte 5")));
    }

    #[test]
    fn v1_2_fields_parse_and_unknown_ones_are_still_refused() {
        let text = r#"{"id": "x", "client": {"origin": "https://a.test"},
            "server": [{"method": "GET", "url": "https://b.test/f", "status": 200, "body_base64": "d09GMg=="}],
            "fetches": [{"request": {"url": "https://b.test/f", "api": "module-worker",
                "with_credentials": true, "upload_listener": false, "body_type": "application/json",
                "enctype": "text/plain", "form": [["a", "b"]]},
                "expect": {"result": "network-error", "thrown": "SecurityError"}}]}"#;
        let scenario = Scenario::from_json(text).expect("v1.2 scenario");
        let request = &scenario.fetches[0].request;
        assert_eq!(request.api, Some(Api::ModuleWorker));
        assert_eq!(request.with_credentials, Some(true));
        assert_eq!(
            scenario.fetches[0]
                .expect
                .as_ref()
                .and_then(|e| e.thrown.as_deref()),
            Some("SecurityError")
        );
        assert_eq!(
            scenario.server[0].body_bytes().as_deref(),
            Some(&b"wOF2"[..])
        );
        let misspelt = text.replace("\"with_credentials\"", "\"withCredentials\"");
        let err = Scenario::from_json(&misspelt).expect_err("unknown field");
        assert!(
            err.to_string()
                .contains("did you mean \"with_credentials\""),
            "{err}"
        );
        let bad_api = text.replace("module-worker", "serviceworker");
        assert!(Scenario::from_json(&bad_api).is_err());
    }
}
