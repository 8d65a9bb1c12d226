//! Main fetch's branch for a request (same-origin, no-cors, CORS with or
//! without a preflight), rendered for people: the engine decides it with
//! [`main_fetch_branch`]; this module only words it, and adds what the
//! `Headers` guard dropped before the engine saw the request.
//! <https://fetch.spec.whatwg.org/#main-fetch> (step 12)

use serde::Serialize;

use crate::browser::Profile;
use crate::fetch::{BasicCause, MainFetchBranch, main_fetch_branch};
use crate::http::headers;
use crate::http::request::Request;

/// Whether and why a request needs a CORS-preflight.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Classification {
    /// `same-origin`, `simple`, `preflighted`, `no-cors`,
    /// `same-origin-mode` (cross-origin in mode `same-origin`: blocked),
    /// `unsupported-scheme` (a CORS request to a non-HTTP(S) URL: blocked) or
    /// `navigate`.
    pub kind: String,
    /// Whether main fetch takes the CORS-preflight branch (a cached
    /// preflight may still avoid sending one).
    pub preflight: bool,
    /// The method, when it is not CORS-safelisted.
    pub unsafe_method: Option<String>,
    /// The CORS-unsafe request-header names (lowercase, sorted).
    pub unsafe_headers: Vec<String>,
    /// Why, one line per cause.
    pub why: Vec<String>,
    /// The branch as the engine decides it, with a cold preflight cache.
    #[serde(skip)]
    pub branch: MainFetchBranch,
}

/// Classifies a request as main fetch will see it on its first hop:
/// same-origin, simple, or needing a CORS-preflight, and why. `script_headers`
/// are the headers the page passed, so that the ones the `Headers` guard
/// dropped silently (forbidden, or not no-CORS-safelisted) are named too.
/// <https://fetch.spec.whatwg.org/#main-fetch> (step 12)
pub fn classify(
    request: &Request,
    profile: &Profile,
    script_headers: &[(String, String)],
) -> Classification {
    // Explanations describe one fetch on its own: a cold preflight cache.
    let branch = main_fetch_branch(request, profile, |_| false);
    let mut why = dropped_headers(request, script_headers);
    let mut unsafe_method = None;
    let mut unsafe_headers = Vec::new();
    let kind = match &branch {
        MainFetchBranch::Basic(BasicCause::SameOriginUrl | BasicCause::DataUrl) => {
            why.push(
                "the URL is same-origin with the page: no CORS protocol, every header readable"
                    .to_owned(),
            );
            "same-origin"
        }
        MainFetchBranch::Basic(BasicCause::NavigateMode) => {
            why.push("mode \"navigate\": no CORS protocol".to_owned());
            "navigate"
        }
        MainFetchBranch::SameOriginModeCrossOriginUrl => {
            why.push("mode \"same-origin\" forbids cross-origin URLs".to_owned());
            "same-origin-mode"
        }
        // Main fetch fails a no-cors request whose redirect mode is not
        // "follow"; the verdict says so.
        MainFetchBranch::NoCors | MainFetchBranch::NoCorsRedirectModeNotFollow => {
            why.push(
                "mode \"no-cors\": no preflight, no CORS check; script gets an opaque response (status 0, no headers, no body)"
                    .to_owned(),
            );
            "no-cors"
        }
        MainFetchBranch::CorsUnsupportedScheme { scheme } => {
            why.push(format!(
                "CORS requests only go to http: and https: URLs, not {scheme}:"
            ));
            "unsupported-scheme"
        }
        MainFetchBranch::CorsWithPreflight { causes, .. } => {
            if causes.unsafe_method {
                unsafe_method = Some(request.method.clone());
                why.push(format!(
                    "method {} is not a CORS-safelisted method (GET, HEAD, POST)",
                    request.method
                ));
            }
            why.extend(
                causes
                    .unsafe_header_names
                    .iter()
                    .map(|name| unsafe_header_why(request, name)),
            );
            if causes.required_earlier {
                why.push(
                    "the fetch needed a preflight before the redirect (CORS-unsafe headers when it started, or a preflighted hop); this browser preflights every later cross-origin hop"
                        .to_owned(),
                );
            }
            if causes.use_cors_preflight_flag
                && !causes.unsafe_method
                && causes.unsafe_header_names.is_empty()
            {
                why.push("the use-CORS-preflight flag is set".to_owned());
            }
            unsafe_headers.clone_from(&causes.unsafe_header_names);
            "preflighted"
        }
        MainFetchBranch::Cors => {
            why.push(
                "CORS-safelisted method and headers: no preflight; the response must pass the CORS check"
                    .to_owned(),
            );
            "simple"
        }
    };
    Classification {
        kind: kind.to_owned(),
        preflight: matches!(branch, MainFetchBranch::CorsWithPreflight { .. }),
        unsafe_method,
        unsafe_headers,
        why,
        branch,
    }
}

/// One line per header the page passed that the `Headers` guard dropped
/// without an error.
fn dropped_headers(request: &Request, script_headers: &[(String, String)]) -> Vec<String> {
    // A header is dropped when no value the request carries under its name
    // is the one the page passed: `Content-Type: application/json` in
    // no-cors mode is dropped, and a string body's own type sent instead.
    script_headers
        .iter()
        .filter(|(name, value)| {
            let value = value.trim_matches([' ', '\t', '\r', '\n']).as_bytes();
            !request
                .header_list
                .values(name.as_bytes())
                .any(|v| v == value || v.split(|&b| b == b',').any(|p| p.trim_ascii() == value))
        })
        .map(|(name, value)| {
            let why = if headers::is_forbidden_request_header(name.as_bytes(), value.as_bytes()) {
                "a forbidden request header: the browser sets it, script cannot"
            } else {
                "not a no-CORS-safelisted request header, and the mode is \"no-cors\""
            };
            let mut line = format!("header {name} was dropped without an error: {why}");
            if let Some(sent) = request.header_list.get(name.as_bytes()) {
                line.push_str(&format!(
                    " (sent instead: {name}: {}, the body's own, not {value})",
                    String::from_utf8_lossy(&sent)
                ));
            }
            line
        })
        .collect()
}

/// Why the CORS-unsafe request-header name `name` is unsafe: its value, or
/// the 1,024-byte total of the safelisted values.
/// <https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names>
fn unsafe_header_why(request: &Request, name: &str) -> String {
    let safelisted_total: usize = request
        .header_list
        .iter()
        .filter(|(n, v)| headers::is_cors_safelisted_request_header(n, v))
        .map(|(_, v)| v.len())
        .sum();
    let value = request
        .header_list
        .get(name.as_bytes())
        .map(|v| String::from_utf8_lossy(&v).into_owned())
        .unwrap_or_default();
    let safelisted_alone = request
        .header_list
        .values(name.as_bytes())
        .all(|v| headers::is_cors_safelisted_request_header(name.as_bytes(), v));
    if safelisted_alone && safelisted_total > 1024 {
        format!(
            "header {name}: {value} is safelisted, but the safelisted values total more than 1024 bytes"
        )
    } else {
        format!("header {name}: {value} is not a CORS-safelisted request header")
    }
}
