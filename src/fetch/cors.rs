//! The CORS protocol's checks: the CORS check, the CORS-preflight request and
//! the checks on its response.
//! <https://fetch.spec.whatwg.org/#http-cors-protocol>

use serde::Serialize;

use crate::browser::Profile;
use crate::http::headers::{self, ExtractedValues, HeaderList};
use crate::http::method;
use crate::http::request::{CredentialsMode, Request};
use crate::origin::Origin;

/// Why a CORS check failed. The standard only says "failure"; the variants
/// keep what browsers' messages tell apart (Chromium's `CorsError`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum CorsCheckFailure {
    /// No `Access-Control-Allow-Origin` header.
    MissingAllowOrigin,
    /// `Access-Control-Allow-Origin: *` with credentials mode `include`.
    WildcardOriginWithCredentials,
    /// Several values (several header lines, or a comma in the value).
    MultipleAllowOriginValues {
        /// The combined value.
        value: String,
    },
    /// A value that is not a serialized origin (nor `*` or `null`).
    InvalidAllowOriginValue {
        /// The value.
        value: String,
    },
    /// A serialized origin other than the request's.
    AllowOriginMismatch {
        /// The value.
        value: String,
        /// What it had to be: the byte-serialized request origin.
        expected: String,
    },
    /// Credentials mode `include` and `Access-Control-Allow-Credentials` is not
    /// exactly `true`.
    InvalidAllowCredentials {
        /// The combined value, if any.
        value: Option<String>,
    },
}

fn lossy(bytes: &[u8]) -> String {
    crate::http::utf8_lossy(bytes)
}

/// The CORS check. <https://fetch.spec.whatwg.org/#concept-cors-check>
pub fn cors_check(
    request: &Request,
    response_headers: &HeaderList,
) -> Result<(), CorsCheckFailure> {
    let include = request.credentials_mode == CredentialsMode::Include;
    // 1-2. "Null is not `null`": an absent header fails.
    let Some(origin) = response_headers.get(b"access-control-allow-origin") else {
        return Err(CorsCheckFailure::MissingAllowOrigin);
    };
    // 3.
    if !include && origin.as_ref() == b"*" {
        return Ok(());
    }
    // 4. Byte-for-byte, against the (possibly `null`) serialized origin.
    let expected = request.serialized_origin();
    if origin.as_ref() != expected.as_bytes() {
        return Err(classify_allow_origin_failure(&origin, expected));
    }
    // 5.
    if !include {
        return Ok(());
    }
    // 6-8.
    match response_headers.get(b"access-control-allow-credentials") {
        Some(v) if v.as_ref() == b"true" => Ok(()),
        other => Err(CorsCheckFailure::InvalidAllowCredentials {
            value: other.map(|v| lossy(&v)),
        }),
    }
}

/// Why a value that is not the expected origin fails. Several header lines
/// reach here combined with `, `, so the comma test covers them too.
fn classify_allow_origin_failure(value: &[u8], expected: &str) -> CorsCheckFailure {
    if value == b"*" {
        return CorsCheckFailure::WildcardOriginWithCredentials;
    }
    let text = lossy(value);
    if value.contains(&b',') {
        return CorsCheckFailure::MultipleAllowOriginValues { value: text };
    }
    if value != b"null" && Origin::parse_serialized_bytes(value).is_err() {
        return CorsCheckFailure::InvalidAllowOriginValue { value: text };
    }
    CorsCheckFailure::AllowOriginMismatch {
        value: text,
        expected: expected.to_owned(),
    }
}

/// The CORS-unsafe request-header names of a request's header list, less the
/// names the browser safelists beyond the standard.
/// <https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names>
pub fn cors_unsafe_request_header_names(list: &HeaderList, profile: &Profile) -> Vec<String> {
    let rules = &profile.request_headers;
    let combined;
    let list = if rules.safelisting_sees_combined_values && has_repeated_name(list) {
        combined = list.sort_and_combine();
        &combined
    } else {
        list
    };
    let mut names = if rules.safelisted_values_size_limited {
        headers::cors_unsafe_request_header_names(list)
    } else {
        // Each header judged alone: no 1024-byte total.
        let mut names: Vec<String> = list
            .iter()
            .filter(|(name, value)| !headers::is_cors_safelisted_request_header(name, value))
            .map(|(name, _)| crate::mime::isomorphic_decode(name).to_ascii_lowercase())
            .collect();
        names.sort();
        names.dedup();
        names
    };
    if !rules.extra_safelisted.is_empty() {
        // A name stays unsafe if any of its values fails the browser's rule.
        names.retain(|n| {
            !list
                .iter()
                .filter(|(name, _)| name.eq_ignore_ascii_case(n.as_bytes()))
                .all(|(name, value)| profile.is_extra_cors_safelisted_request_header(name, value))
        });
    }
    names
}

/// Whether the request needs the CORS-preflight branch of main fetch: its
/// method is not CORS-safelisted or it has CORS-unsafe request-header names
/// (or the use-CORS-preflight flag is set). It does not look at the URL:
/// it answers `true` for a same-origin `PUT`, which is never preflighted; to
/// ask whether a request is preflighted, use [`super::main_fetch_branch`].
/// <https://fetch.spec.whatwg.org/#main-fetch> (step 12, the `cors` branch)
pub fn needs_cors_preflight(request: &Request, unsafe_names: &[String]) -> bool {
    request.use_cors_preflight
        || (request.unsafe_request
            && (!method::is_cors_safelisted_method(&request.method) || !unsafe_names.is_empty()))
}

/// The header list of a CORS-preflight request before the network layer adds
/// `Origin` and the rest: `Accept: */*`, `Access-Control-Request-Method` and,
/// when there are unsafe names, `Access-Control-Request-Headers` (joined by
/// `,` without a space, not "combined").
/// <https://fetch.spec.whatwg.org/#cors-preflight-fetch-0>
pub fn cors_preflight_request_headers(request: &Request, unsafe_names: &[String]) -> HeaderList {
    // Room for these three and what the preflight adds: `Referer`,
    // `Origin`, Fetch Metadata (about a URL's length each for the first two).
    let joined = unsafe_names.join(",");
    let url_len = request.current_url().as_str().len();
    let mut list =
        HeaderList::with_capacity(12, 256 + request.method.len() + joined.len() + 2 * url_len);
    list.append(b"Accept", b"*/*");
    list.append(b"Access-Control-Request-Method", request.method.as_bytes());
    if !unsafe_names.is_empty() {
        list.append(b"Access-Control-Request-Headers", joined.as_bytes());
    }
    list
}

/// Why a CORS-preflight response did not let the request through.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum PreflightFailure {
    /// The preflight response failed the CORS check.
    CorsCheck {
        /// How.
        failure: CorsCheckFailure,
    },
    /// The preflight response's status is not an ok status (3xx included:
    /// preflights never follow redirects).
    InvalidStatus {
        /// The status.
        status: u16,
    },
    /// `Access-Control-Allow-Methods` does not parse as a list of methods.
    InvalidAllowMethods {
        /// The combined value.
        value: String,
    },
    /// `Access-Control-Allow-Headers` does not parse as a list of names.
    InvalidAllowHeaders {
        /// The combined value.
        value: String,
    },
    /// The request's method is not allowed.
    MethodNotAllowed {
        /// The method.
        method: String,
        /// The combined `Access-Control-Allow-Methods` value, if any.
        allowed: Option<String>,
    },
    /// A request header is not allowed.
    HeaderNotAllowed {
        /// The lowercase header name.
        name: String,
        /// The combined `Access-Control-Allow-Headers` value, if any.
        allowed: Option<String>,
        /// The name is `Authorization` and the list has `*`, which never
        /// covers it.
        wildcard_present: bool,
    },
}

/// What a successful CORS-preflight response allows, for the cache.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreflightResult {
    /// The methods to cache (`*` included as a literal).
    pub methods: Vec<String>,
    /// The header names to cache (`*` included as a literal), lowercase.
    pub header_names: Vec<Vec<u8>>,
    /// The max-age in seconds, after the browser's cap; `None` means "do not cache".
    pub max_age_secs: Option<u64>,
}

/// The checks of "CORS-preflight fetch" on the preflight's response (steps 7
/// onward): CORS check and ok status, then the allowed methods and headers,
/// then the max-age. <https://fetch.spec.whatwg.org/#cors-preflight-fetch-0>
pub fn check_cors_preflight_response(
    request: &Request,
    status: u16,
    response_headers: &HeaderList,
    unsafe_names: &[String],
    profile: &Profile,
) -> Result<PreflightResult, PreflightFailure> {
    let status_ok = || {
        if crate::http::response::is_ok_status(status) {
            Ok(())
        } else {
            Err(PreflightFailure::InvalidStatus { status })
        }
    };
    if profile.preflight.status_checked_first {
        status_ok()?;
    }
    cors_check(request, response_headers)
        .map_err(|failure| PreflightFailure::CorsCheck { failure })?;
    status_ok()?;
    let combined = |name: &[u8]| response_headers.get(name).map(|v| lossy(&v));
    let mut methods: Vec<String> = match headers::extract_header_list_values(
        b"access-control-allow-methods",
        response_headers,
    ) {
        ExtractedValues::Failure => {
            return Err(PreflightFailure::InvalidAllowMethods {
                value: combined(b"access-control-allow-methods").unwrap_or_default(),
            });
        }
        ExtractedValues::Absent => Vec::new(),
        ExtractedValues::Values(v) => v.iter().map(|m| lossy(m)).collect(),
    };
    let methods_absent = !response_headers.contains(b"access-control-allow-methods");
    let header_names: Vec<Vec<u8>> = match headers::extract_header_list_values(
        b"access-control-allow-headers",
        response_headers,
    ) {
        ExtractedValues::Failure => {
            return Err(PreflightFailure::InvalidAllowHeaders {
                value: combined(b"access-control-allow-headers").unwrap_or_default(),
            });
        }
        ExtractedValues::Absent => Vec::new(),
        ExtractedValues::Values(v) => v.into_iter().map(|n| n.to_ascii_lowercase()).collect(),
    };
    if methods_absent && request.use_cors_preflight {
        methods.push(request.method.clone());
    }
    let include = request.credentials_mode == CredentialsMode::Include;
    let methods_wildcard = !include && methods.iter().any(|m| m == "*");
    if !methods.contains(&request.method)
        && !method::is_cors_safelisted_method(&request.method)
        && !methods_wildcard
    {
        return Err(PreflightFailure::MethodNotAllowed {
            method: request.method.clone(),
            allowed: combined(b"access-control-allow-methods"),
        });
    }
    let names_contain = |name: &[u8]| header_names.iter().any(|n| n.eq_ignore_ascii_case(name));
    let headers_wildcard = !include && names_contain(b"*");
    for (name, _) in request.header_list.iter() {
        if headers::is_cors_non_wildcard_request_header_name(name)
            && !names_contain(name)
            && !(headers_wildcard
                && profile
                    .preflight
                    .wildcard_allow_headers_covers_authorization)
        {
            return Err(PreflightFailure::HeaderNotAllowed {
                name: lossy(name).to_ascii_lowercase(),
                allowed: combined(b"access-control-allow-headers"),
                wildcard_present: names_contain(b"*"),
            });
        }
    }
    let disallowed = |name: &str| !names_contain(name.as_bytes()) && !headers_wildcard;
    let in_request_order = profile
        .preflight
        .disallowed_header_reported_in_request_order;
    let first_disallowed = match unsafe_names.iter().find(|n| disallowed(n)) {
        // Only on failure, walk the request's order for the name to report
        // (`unsafe_names` is sorted: a binary search keeps this n log n).
        Some(first) if in_request_order => request
            .header_list
            .iter()
            .find_map(|(name, _)| {
                let name = lossy(name).to_ascii_lowercase();
                (unsafe_names.binary_search(&name).is_ok() && disallowed(&name)).then_some(name)
            })
            .or_else(|| Some(first.clone())),
        first => first.cloned(),
    };
    if let Some(name) = first_disallowed {
        return Err(PreflightFailure::HeaderNotAllowed {
            name,
            allowed: combined(b"access-control-allow-headers"),
            wildcard_present: names_contain(b"*"),
        });
    }
    let policy = &profile.preflight_cache;
    let invalid = |handling: crate::browser::InvalidMaxAge| match handling {
        crate::browser::InvalidMaxAge::UseDefault => Some(policy.default_max_age_secs),
        crate::browser::InvalidMaxAge::DoNotCache => None,
    };
    let max_age_secs = match headers::parse_access_control_max_age(response_headers) {
        Some(secs) => Some(secs),
        None => match response_headers.get(b"access-control-max-age") {
            None => Some(policy.default_max_age_secs),
            Some(v) if is_negative_integer(&v) => invalid(policy.negative_max_age),
            Some(_) => invalid(policy.invalid_max_age),
        },
    }
    .map(|secs| policy.max_age_cap_secs.map_or(secs, |cap| secs.min(cap)));
    Ok(PreflightResult {
        methods,
        header_names,
        max_age_secs,
    })
}

/// `-` followed by digits: a negative max-age, which some browsers treat
/// apart from other invalid values.
fn is_negative_integer(value: &[u8]) -> bool {
    value
        .strip_prefix(b"-")
        .is_some_and(|digits| !digits.is_empty() && digits.iter().all(u8::is_ascii_digit))
}

/// Whether some header name appears twice (any case). Request header lists
/// are short; past 32 headers this says yes rather than compare every pair,
/// which only costs a combine that changes nothing.
fn has_repeated_name(list: &HeaderList) -> bool {
    let n = list.len();
    if n > 32 {
        return true;
    }
    let names: Vec<&[u8]> = list.iter().map(|(name, _)| name).collect();
    (0..n).any(|i| (i + 1..n).any(|j| names[i].eq_ignore_ascii_case(names[j])))
}
