//! Explanations: every network error the engine can give, rendered the way
//! Chromium, Firefox and WebKit print it in the console, with the change a
//! server (or page) must make.
//!
//! This is the edge where structured reasons become text; the engine below
//! never formats a message. The message templates come from the browsers'
//! sources (Chromium `cors_error_string.cc`, Firefox `security.properties`,
//! WebKit `CrossOriginAccessControl.cpp`), catalogued in the project's
//! browser-evidence notes; a reason for which a browser prints nothing
//! CORS-specific (or whose text is not known) gives `None`.

use crate::policy::local_network_access::LocalNetworkBlock;
use std::fmt::Write as _;
use std::time::Duration;

use serde::Serialize;

use crate::browser::{BrowserName, Profile};
use crate::fetch::cors::{self, CorsCheckFailure, PreflightFailure};
use crate::fetch::preflight_cache::PreflightCache;
use crate::fetch::redirect::RedirectFailure;
use crate::fetch::{
    FetchController, FetchOutcome, NetworkError, OutgoingRequest, Reason, RequestKind, run_fetch,
};
use crate::http::headers::{self, HeaderList};
use crate::http::method;
use crate::http::request::{CredentialsMode, Destination, Mode, Request, RequestError};
use crate::http::response::{FilteredResponse, NetworkResponse, is_redirect_status};
use crate::origin::Origin;
use crate::policy::mime_blocking::{ElementLoadFailure, MimeBlocked};
use crate::scenario::{self, FetchRun, Scenario, SimulateError};

/// What the messages need beyond the [`NetworkError`] itself.
#[derive(Clone, Debug)]
pub struct MessageContext<'a> {
    /// Chromium's initiator kind: `fetch` for `fetch()`, `XMLHttpRequest`
    /// for XHR (Chromium lower-cases `Fetch` and keeps `XMLHttpRequest`).
    pub kind: &'a str,
    /// The method of the request that failed (Chromium's network-error lines).
    pub method: &'a str,
    /// The response that failed a check, when one came (its status and
    /// header lines appear in Firefox's and WebKit's messages).
    pub response: Option<&'a NetworkResponse>,
    /// The page's origin before any redirect taint: Chromium names the
    /// document's origin even when the request's origin became `null`.
    pub client_origin: Option<&'a str>,
    /// The request's headers as script spelled them (WebKit quotes the
    /// spelling when it rejects one).
    pub request_headers: &'a [(String, String)],
    /// The `Access-Control-Request-Headers` value of the last preflight, if
    /// any: the names the fix must list.
    pub requested_headers: Option<&'a str>,
    /// The request's mode.
    pub mode: Mode,
    /// The request's credentials mode.
    pub credentials: CredentialsMode,
}

impl<'a> MessageContext<'a> {
    /// A context for a `fetch()` with method `GET`, mode `cors`,
    /// credentials `same-origin`, and nothing else known.
    pub fn fetch() -> MessageContext<'a> {
        MessageContext {
            kind: "fetch",
            method: "GET",
            response: None,
            client_origin: None,
            request_headers: &[],
            requested_headers: None,
            mode: Mode::Cors,
            credentials: CredentialsMode::SameOrigin,
        }
    }
}

// ---------------------------------------------------------------------------
// Chromium

/// The suffix Chromium appends to fetch's `Access-Control-Allow-Origin`
/// value errors. Chrome 156 (recorded by the conformance harness) prints
/// this; older versions went on `, or, if an opaque response serves your
/// needs, set the request's mode to 'no-cors' ...` and added that sentence to
/// the missing-header message too.
const CHROMIUM_NO_CORS: &str = " Have the server send the header with a valid value.";
const CHROMIUM_XHR_CRED: &str = " The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.";

/// Whether `response` has two `name` header lines with different values.
fn has_differing_copies(response: &NetworkResponse, name: &[u8]) -> bool {
    let mut values = response
        .header_list
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v);
    match values.next() {
        Some(first) => values.any(|v| v != first),
        None => false,
    }
}

/// Chromium's `CorsError` detail for a failed CORS check
/// (`cors_error_string.cc`, `GetErrorString`).
fn chromium_cors_detail(failure: &CorsCheckFailure, kind: &str) -> String {
    let no_cors = if kind == "fetch" {
        CHROMIUM_NO_CORS
    } else {
        ""
    };
    let xhr_cred = if kind == "XMLHttpRequest" {
        CHROMIUM_XHR_CRED
    } else {
        ""
    };
    let mismatch = |value: &str| {
        format!(
            "The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal to the supplied origin.{no_cors}"
        )
    };
    let multiple = |value: &str| {
        format!(
            "The 'Access-Control-Allow-Origin' header contains multiple values '{value}', but only one is allowed.{no_cors}"
        )
    };
    match failure {
        CorsCheckFailure::MissingAllowOrigin => {
            "No 'Access-Control-Allow-Origin' header is present on the requested resource."
                .to_owned()
        }
        CorsCheckFailure::WildcardOriginWithCredentials => format!(
            "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.{xhr_cred}"
        ),
        CorsCheckFailure::MultipleAllowOriginValues { value } => multiple(value),
        // Chromium's `CheckAccess` calls any value with a space or a comma
        // "multiple values" before it tries to parse it (Chrome 156: `* null`).
        CorsCheckFailure::InvalidAllowOriginValue { value }
        | CorsCheckFailure::AllowOriginMismatch { value, .. }
            if value.contains([' ', ',']) =>
        {
            multiple(value)
        }
        // Chromium calls a value invalid only when it does not parse as a
        // URL at all (`https://a.test/` is a plain mismatch there).
        CorsCheckFailure::InvalidAllowOriginValue { value } if url::Url::parse(value).is_ok() => {
            mismatch(value)
        }
        CorsCheckFailure::InvalidAllowOriginValue { value } => format!(
            "The 'Access-Control-Allow-Origin' header contains the invalid value '{value}'.{no_cors}"
        ),
        CorsCheckFailure::AllowOriginMismatch { value, .. } => mismatch(value),
        CorsCheckFailure::InvalidAllowCredentials { value } => format!(
            "The value of the 'Access-Control-Allow-Credentials' header in the response is '{}' which must be 'true' when the request's credentials mode is 'include'.{xhr_cred}",
            value.as_deref().unwrap_or("")
        ),
    }
}

/// Chromium's `Access to <kind> at '<url>' [(redirected from '<initial>') ]from
/// origin '<origin>' has been blocked by CORS policy: ` prefix.
fn chromium_prefix(err: &NetworkError, ctx: &MessageContext<'_>) -> String {
    let mut s = format!("Access to {} at '{}' ", ctx.kind, err.url);
    if err.initial_url != err.url {
        let _ = write!(s, "(redirected from '{}') ", err.initial_url);
    }
    let origin = ctx.client_origin.unwrap_or(&err.origin);
    let _ = write!(
        s,
        "from origin '{origin}' has been blocked by CORS policy: "
    );
    s
}

/// The `TypeError` message Chromium's `fetch()` throws for a request error.
fn chromium_request_error(error: &RequestError) -> String {
    let detail = match error {
        RequestError::InvalidUrl { url } => format!("Failed to parse URL from {url}"),
        RequestError::UrlIncludesCredentials { url } => {
            format!("Request cannot be constructed from a URL that includes credentials: {url}")
        }
        RequestError::NavigateMode => {
            "Cannot construct a Request with a RequestInit whose mode member is set as 'navigate'."
                .to_owned()
        }
        RequestError::InvalidMethod { method } => format!("'{method}' is not a valid HTTP method."),
        RequestError::ForbiddenMethod { method } => {
            format!("'{method}' HTTP method is unsupported.")
        }
        RequestError::NoCorsMethod { method } => {
            format!("'{method}' is unsupported in no-cors mode.")
        }
        RequestError::InvalidHeaderName { .. } => "Invalid name".to_owned(),
        RequestError::InvalidHeaderValue { .. } => "Invalid value".to_owned(),
        RequestError::BodyWithGetOrHead { .. } => {
            "Request with GET/HEAD method cannot have body.".to_owned()
        }
        RequestError::OnlyIfCachedOutsideSameOrigin => {
            "'only-if-cached' can be set only with 'same-origin' mode".to_owned()
        }
        RequestError::InvalidOption { option, value } => {
            format!("The provided value '{value}' is not a valid enum value of type {option}.")
        }
    };
    format!("Failed to execute 'fetch' on 'Window': {detail}")
}

/// The message Chromium prints in the console for `err`: for CORS errors the
/// `Access to fetch at ... has been blocked by CORS policy: ...` line; for
/// errors of the network stack its `Failed to load resource: net::ERR_...`
/// line; for checks of the renderer its `Fetch API cannot load ...` line;
/// for a request error the message of the `TypeError` that `fetch()` throws.
/// `None` when the text is not known. Checked against Chrome 156's console
/// through the conformance harness (see [`chromium_console`] for the full
/// list of lines).
pub fn chromium_message(err: &NetworkError, ctx: &MessageContext<'_>) -> Option<String> {
    let prefix = || chromium_prefix(err, ctx);
    let net = |code: &str| format!("Failed to load resource: net::{code}");
    const PREFLIGHT: &str = "Response to preflight request doesn't pass access control check: ";
    Some(match &err.reason {
        Reason::Request { error } => chromium_request_error(error),
        Reason::BadPort { .. } => net("ERR_UNSAFE_PORT"),
        Reason::MixedContent => format!(
            "Mixed Content: The page at '{}/' was loaded over HTTPS, but requested an insecure resource '{}'. This request has been blocked; the content must be served over HTTPS.",
            ctx.client_origin.unwrap_or(&err.origin),
            err.url
        ),
        // After a redirect Chromium's URL loader, not fetch, rejects it.
        Reason::SameOriginModeCrossOriginUrl if err.redirected => format!(
            "Unsafe attempt to load URL {} from frame with URL {}/. Domains, protocols and ports must match.\n",
            err.url,
            ctx.client_origin.unwrap_or(&err.origin)
        ),
        Reason::SameOriginModeCrossOriginUrl => format!(
            "Fetch API cannot load {}. Request mode is \"same-origin\" but the URL's origin is not same as the request origin {}.",
            err.url,
            ctx.client_origin.unwrap_or(&err.origin)
        ),
        Reason::NoCorsRedirectModeNotFollow => format!(
            "Fetch API cannot load {}. Request mode is \"no-cors\" but the redirect mode is not \"follow\".",
            err.url
        ),
        Reason::CorsUnsupportedScheme { scheme } | Reason::UnsupportedScheme { scheme } => {
            format!(
                "Fetch API cannot load {}. URL scheme \"{scheme}\" is not supported.",
                err.url
            )
        }
        Reason::DataUrl { .. } => net("ERR_INVALID_URL"),
        // Chromium's network stack follows a 3xx with a `Location` before any
        // check runs, and the preflight controller rejects the redirect.
        Reason::Preflight { .. }
            if ctx.response.is_some_and(|r| {
                is_redirect_status(r.status)
                    && r.header_list
                        .get(b"location")
                        .is_some_and(|l| !l.is_empty())
            }) =>
        {
            format!(
                "{}{PREFLIGHT}Redirect is not allowed for a preflight request.",
                prefix()
            )
        }
        Reason::Preflight { failure } => match failure {
            PreflightFailure::CorsCheck { failure } => format!(
                "{}{PREFLIGHT}{}",
                prefix(),
                chromium_cors_detail(failure, ctx.kind)
            ),
            PreflightFailure::InvalidStatus { status } if is_redirect_status(*status) => format!(
                "{}{PREFLIGHT}Redirect is not allowed for a preflight request.",
                prefix()
            ),
            PreflightFailure::InvalidStatus { .. } => {
                format!("{}{PREFLIGHT}It does not have HTTP ok status.", prefix())
            }
            PreflightFailure::InvalidAllowMethods { .. } => format!(
                "{}Cannot parse Access-Control-Allow-Methods response header field in preflight response.",
                prefix()
            ),
            PreflightFailure::InvalidAllowHeaders { .. } => format!(
                "{}Cannot parse Access-Control-Allow-Headers response header field in preflight response.",
                prefix()
            ),
            PreflightFailure::MethodNotAllowed { method, .. } => format!(
                "{}Method {method} is not allowed by Access-Control-Allow-Methods in preflight response.",
                prefix()
            ),
            PreflightFailure::HeaderNotAllowed { name, .. } => format!(
                "{}Request header field {name} is not allowed by Access-Control-Allow-Headers in preflight response.",
                prefix()
            ),
        },
        Reason::CorsCheck { failure } => {
            format!("{}{}", prefix(), chromium_cors_detail(failure, ctx.kind))
        }
        Reason::Redirect { failure } => match failure {
            RedirectFailure::TooManyRedirects => net("ERR_TOO_MANY_REDIRECTS"),
            // Chromium's HTTP stack rejects differing copies of `Location`
            // before any redirect logic (`HeadersContainMultipleCopiesOfField`).
            RedirectFailure::InvalidLocation { .. }
                if ctx
                    .response
                    .is_some_and(|r| has_differing_copies(r, b"location")) =>
            {
                net("ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION")
            }
            RedirectFailure::InvalidLocation { .. } => net("ERR_INVALID_REDIRECT"),
            RedirectFailure::NonHttpScheme { .. } => net("ERR_UNSAFE_REDIRECT"),
            // Chrome 156 leaves the location out of this message: `''`.
            RedirectFailure::LocationIncludesCredentials { .. } => format!(
                "{}Redirect location '' contains a username and password, which is disallowed for cross-origin requests.",
                prefix()
            ),
        },
        Reason::RedirectModeError { .. } => net("ERR_FAILED"),
        // Chromium reports Local Network Access as a CORS error (recorded:
        // spec-fixtures/local-network-access/).
        Reason::LocalNetworkAccess { blocked } => match blocked.why {
            LocalNetworkBlock::PermissionDenied => format!(
                "{}Permission was denied for this request to access the `{}` address space.",
                prefix(),
                blocked.resource_space.as_str()
            ),
            LocalNetworkBlock::NonSecureContext => format!(
                "{}The request client is not a secure context and the resource is in more-private address space `{}`.",
                prefix(),
                blocked.resource_space.as_str()
            ),
        },
        // Chromium reports CORP blocks as a network error.
        Reason::CrossOriginResourcePolicy { blocked } => net(&format!(
            "ERR_BLOCKED_BY_RESPONSE.{}",
            match (blocked.policy.as_str(), blocked.implied_by_embedder_policy) {
                ("same-site", _) => "NotSameSite",
                (_, true) => "NotSameOriginAfterDefaultedToSameOriginByCoep",
                _ => "NotSameOrigin",
            }
        )),
        // The network service fails the load with this error code, which
        // DevTools shows beside the failed request; the page's console log
        // gets no line (recorded: spec-fixtures/chromium/orb-*.json and the
        // element loads of spec-fixtures/orb/, `console: []`).
        Reason::OpaqueResponseBlocking { .. } => {
            format!("{} {} net::ERR_BLOCKED_BY_ORB", ctx.method, err.url)
        }
        Reason::MimeTypeBlocked { blocked } => chromium_mime_blocked(blocked, &err.url),
        Reason::ElementLoad { failure } => match failure {
            ElementLoadFailure::NotOkStatus { status } => format!(
                "Failed to load resource: the server responded with a status of {status} ({})",
                reason_phrase(*status)
            ),
            ElementLoadFailure::StyleNotTextCss { essence } => format!(
                "Refused to apply style from '{}' because its MIME type ('{}') is not a supported stylesheet MIME type, and strict MIME checking is enabled.",
                err.url,
                essence.as_deref().unwrap_or("")
            ),
        },
        Reason::Network { .. } | Reason::DriverProtocol => return None,
    })
}

/// Chromium's console line for a MIME-type block (Chromium 156 recordings).
fn chromium_mime_blocked(blocked: &MimeBlocked, url: &str) -> String {
    match blocked {
        MimeBlocked::NotExecutable { essence } => format!(
            "Refused to execute script from '{url}' because its MIME type ('{essence}') is not executable."
        ),
        MimeBlocked::Nosniff {
            destination: Destination::Style,
            essence,
        } => format!(
            "Refused to apply style from '{url}' because its MIME type ('{}') is not a supported stylesheet MIME type, and strict MIME checking is enabled.",
            essence.as_deref().unwrap_or("")
        ),
        MimeBlocked::Nosniff { essence, .. } => format!(
            "Refused to execute script from '{url}' because its MIME type ('{}') is not executable, and strict MIME type checking is enabled.",
            essence.as_deref().unwrap_or("")
        ),
    }
}

/// The reason phrase servers commonly send with `status` (empty when none
/// is customary).
fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        410 => "Gone",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Every line Chromium logs in the console for `err`, in order: the message
/// of [`chromium_message`] and, after a CORS error, the resource-load line
/// `Failed to load resource: net::ERR_FAILED`. A request error logs nothing
/// (the `TypeError` goes to the page; see [`type_error_message`]), and
/// neither does an opaque-response block.
pub fn chromium_console(err: &NetworkError, ctx: &MessageContext<'_>) -> Vec<String> {
    // An ORB block logs nothing to the console (Chrome 156, recorded).
    if matches!(
        err.reason,
        Reason::Request { .. } | Reason::OpaqueResponseBlocking { .. }
    ) {
        return Vec::new();
    }
    let mut lines: Vec<String> = chromium_message(err, ctx).into_iter().collect();
    if lines.first().is_some_and(|l| l.starts_with("Access to ")) {
        lines.push("Failed to load resource: net::ERR_FAILED".to_owned());
    }
    lines
}

// ---------------------------------------------------------------------------
// Firefox

/// The reason code Firefox logs (its console category, which links to the
/// MDN page of the same name), e.g. `CORSMissingAllowOrigin`.
pub fn firefox_reason_code(err: &NetworkError, ctx: &MessageContext<'_>) -> Option<&'static str> {
    firefox_parts(err, ctx).map(|(code, _)| code)
}

/// The message Firefox prints in the console for `err`
/// (`security.properties`), or `None` when it prints no CORS message.
pub fn firefox_message(err: &NetworkError, ctx: &MessageContext<'_>) -> Option<String> {
    firefox_parts(err, ctx).map(|(_, text)| text)
}

fn firefox_status(ctx: &MessageContext<'_>) -> String {
    ctx.response
        .map_or_else(|| "(null)".to_owned(), |r| r.status.to_string())
}

/// The first item of a comma-separated list that is not a token, as
/// Firefox reports it; the whole value when every item is one.
fn first_invalid_token(value: &str) -> String {
    value
        .split(',')
        .map(|t| t.trim_matches([' ', '\t']))
        .find(|t| !t.is_empty() && !headers::is_token(t.as_bytes()))
        .unwrap_or(value)
        .to_owned()
}

fn firefox_cors_parts(
    failure: &CorsCheckFailure,
    url: &str,
    ctx: &MessageContext<'_>,
) -> (&'static str, String) {
    let blocked = format!(
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {url}."
    );
    match failure {
        CorsCheckFailure::MissingAllowOrigin => (
            "CORSMissingAllowOrigin",
            format!(
                "{blocked} (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: {}.",
                firefox_status(ctx)
            ),
        ),
        CorsCheckFailure::WildcardOriginWithCredentials => (
            "CORSNotSupportingCredentials",
            format!(
                "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘{url}’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’)."
            ),
        ),
        CorsCheckFailure::MultipleAllowOriginValues { .. }
            if ctx
                .response
                .is_some_and(|r| r.header_list.count(b"access-control-allow-origin") > 1) =>
        {
            (
                "CORSMultipleAllowOriginNotAllowed",
                format!(
                    "{blocked} (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed)."
                ),
            )
        }
        // Firefox counts header lines; one line `a, b` is a plain mismatch.
        CorsCheckFailure::MultipleAllowOriginValues { value }
        | CorsCheckFailure::InvalidAllowOriginValue { value }
        | CorsCheckFailure::AllowOriginMismatch { value, .. } => (
            "CORSAllowOriginNotMatchingOrigin",
            format!(
                "{blocked} (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘{value}’)."
            ),
        ),
        CorsCheckFailure::InvalidAllowCredentials { .. } => (
            "CORSMissingAllowCredentials",
            format!(
                "{blocked} (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’)."
            ),
        ),
    }
}

fn firefox_parts(err: &NetworkError, ctx: &MessageContext<'_>) -> Option<(&'static str, String)> {
    let url = &err.url;
    let blocked = format!(
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {url}."
    );
    Some(match &err.reason {
        Reason::CorsCheck { failure }
        | Reason::Preflight {
            failure: PreflightFailure::CorsCheck { failure },
        } => firefox_cors_parts(failure, url, ctx),
        Reason::Preflight { failure } => match failure {
            PreflightFailure::CorsCheck { .. } => return None,
            PreflightFailure::InvalidStatus { status } if is_redirect_status(*status) => (
                "CORSExternalRedirectNotAllowed",
                format!("{blocked} (Reason: CORS request external redirect not allowed)."),
            ),
            PreflightFailure::InvalidStatus { status } => (
                "CORSPreflightDidNotSucceed",
                format!(
                    "{blocked} (Reason: CORS preflight response did not succeed). Status code: {status}."
                ),
            ),
            PreflightFailure::InvalidAllowMethods { value } => (
                "CORSInvalidAllowMethod",
                format!(
                    "{blocked} (Reason: invalid token ‘{}’ in CORS header ‘Access-Control-Allow-Methods’).",
                    first_invalid_token(value)
                ),
            ),
            PreflightFailure::InvalidAllowHeaders { value } => (
                "CORSInvalidAllowHeader",
                format!(
                    "{blocked} (Reason: invalid token ‘{}’ in CORS header ‘Access-Control-Allow-Headers’).",
                    first_invalid_token(value)
                ),
            ),
            PreflightFailure::MethodNotAllowed { .. } => (
                "CORSMethodNotFound",
                format!(
                    "{blocked} (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’)."
                ),
            ),
            PreflightFailure::HeaderNotAllowed { name, .. } => (
                "CORSMissingAllowHeaderFromPreflight",
                format!(
                    "{blocked} (Reason: header ‘{name}’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response)."
                ),
            ),
        },
        // security.properties `BlockMixedActiveContent`.
        Reason::MixedContent => (
            "BlockMixedActiveContent",
            format!("Blocked loading mixed active content “{url}”"),
        ),
        // necko.properties `CORPBlocked`.
        Reason::CrossOriginResourcePolicy { .. } => (
            "CORPBlocked",
            format!(
                "The resource at “{url}” was blocked due to its Cross-Origin-Resource-Policy header (or lack thereof). See https://developer.mozilla.org/docs/Web/HTTP/Cross-Origin_Resource_Policy_(CORP)#"
            ),
        ),
        Reason::CorsUnsupportedScheme { .. }
        | Reason::Redirect {
            failure: RedirectFailure::NonHttpScheme { .. },
        } => (
            "CORSRequestNotHttp",
            format!("{blocked} (Reason: CORS request not http)."),
        ),
        // Firefox's network monitor text for a response ORB blocked
        // (`OpaqueResponseBlocker::BlockResponse` cancels with
        // NS_BINDING_ABORTED).
        Reason::OpaqueResponseBlocking { .. } => (
            "OpaqueResponseBlocking",
            "A resource is blocked by OpaqueResponseBlocking, please check browser console for details.".to_owned(),
        ),
        // A CORS request that got no response at all.
        Reason::Network { .. } if ctx.mode == Mode::Cors && is_cross_origin(err) => (
            "CORSDidNotSucceed",
            format!("{blocked} (Reason: CORS request did not succeed). Status code: (null)."),
        ),
        _ => return None,
    })
}

/// The `TypeError` message Firefox's `fetch()` throws for a request error,
/// as Firefox 153 prints it (recorded by the conformance harness); `None`
/// where not recorded.
fn firefox_request_error(error: &RequestError) -> Option<String> {
    Some(match error {
        RequestError::NavigateMode => "Window.fetch: Invalid request mode navigate.".to_owned(),
        // Firefox names the header in lowercase (recorded: `x bad`).
        RequestError::InvalidHeaderName { name } => format!(
            "Window.fetch: {} is an invalid header name.",
            name.to_ascii_lowercase()
        ),
        RequestError::InvalidMethod { method }
        | RequestError::ForbiddenMethod { method }
        | RequestError::NoCorsMethod { method } => {
            format!("Window.fetch: Invalid request method {method}.")
        }
        _ => return None,
    })
}

/// WebKit's `TypeError` message for a request the `Request` constructor
/// rejects (recorded with WebKitGTK 2.50.6: the `*-throws` fixtures of
/// `spec-fixtures/modes/` and `spec-fixtures/simple/`).
fn webkit_request_error(error: &RequestError) -> Option<String> {
    Some(match error {
        RequestError::NavigateMode => {
            "Request constructor does not accept navigate fetch mode.".to_owned()
        }
        RequestError::InvalidMethod { .. } => "Method is not a valid HTTP token.".to_owned(),
        RequestError::ForbiddenMethod { .. } => "Method is forbidden.".to_owned(),
        RequestError::NoCorsMethod { .. } => {
            "Method must be GET, POST or HEAD in no-cors mode.".to_owned()
        }
        RequestError::BodyWithGetOrHead { method } => {
            format!("Request has method '{method}' and cannot have a body")
        }
        _ => return None,
    })
}

/// Every line Firefox logs in the console for `err`, in order: the message
/// of [`firefox_message`] and, after a failed preflight, the lines of the
/// request that then fails (`CORS preflight response did not succeed` for a
/// redirected preflight, then `CORS request did not succeed ... (null)`), as
/// Firefox 153 logs them.
pub fn firefox_console(err: &NetworkError, ctx: &MessageContext<'_>) -> Vec<String> {
    let mut lines: Vec<String> = firefox_message(err, ctx).into_iter().collect();
    // A CORS request redirected to a blocked http URL: the channel of the
    // first URL reports it did not succeed (recorded in Firefox 153,
    // mixed-content-redirect-to-http-blocked).
    if matches!(err.reason, Reason::MixedContent)
        && err.redirected
        && ctx.mode == Mode::Cors
        && !lines.is_empty()
    {
        lines.push(format!(
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {}. (Reason: CORS request did not succeed). Status code: (null).",
            err.initial_url
        ));
    }
    // A redirect that fails the CORS check cancels the channel: Firefox then
    // also reports the request as not succeeded (recorded in Firefox 153,
    // credentials-include-redirect-hop-missing-allow-credentials).
    if let Reason::CorsCheck { .. } = &err.reason
        && ctx.response.is_some_and(|r| is_redirect_status(r.status))
        && !lines.is_empty()
    {
        lines.push(format!(
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {}. (Reason: CORS request did not succeed). Status code: (null).",
            err.url
        ));
    }
    if let Reason::Preflight { failure } = &err.reason
        && !lines.is_empty()
    {
        let blocked = format!(
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {}.",
            err.url
        );
        if let PreflightFailure::InvalidStatus { status } = failure
            && is_redirect_status(*status)
        {
            lines.push(format!(
                "{blocked} (Reason: CORS preflight response did not succeed). Status code: {status}."
            ));
        }
        lines.push(format!(
            "{blocked} (Reason: CORS request did not succeed). Status code: (null)."
        ));
    }
    lines
}

/// Whether the failing URL's origin differs from the request's origin.
fn is_cross_origin(err: &NetworkError) -> bool {
    url::Url::parse(&err.url)
        .map(|u| Origin::from_url(&u).ascii_serialization() != err.origin)
        .unwrap_or(true)
}

// ---------------------------------------------------------------------------
// WebKit

/// The detail message WebKit prints in the console for `err` (the
/// `ResourceError` description), or `None`. WebKit follows it with a second
/// line, [`webkit_load_line`].
pub fn webkit_message(err: &NetworkError, ctx: &MessageContext<'_>) -> Option<String> {
    let status = ctx.response.map_or(0, |r| r.status);
    let cors = |failure: &CorsCheckFailure| match failure {
        CorsCheckFailure::WildcardOriginWithCredentials => {
            "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true."
                .to_owned()
        }
        CorsCheckFailure::MultipleAllowOriginValues { value }
        | CorsCheckFailure::InvalidAllowOriginValue { value }
            if value.contains(',') =>
        {
            "Access-Control-Allow-Origin cannot contain more than one origin.".to_owned()
        }
        CorsCheckFailure::InvalidAllowCredentials { .. } => {
            "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\"."
                .to_owned()
        }
        _ => format!(
            "Origin {} is not allowed by Access-Control-Allow-Origin. Status code: {status}",
            err.origin
        ),
    };
    Some(match &err.reason {
        Reason::CorsCheck { failure }
        | Reason::Preflight {
            failure: PreflightFailure::CorsCheck { failure },
        } => cors(failure),
        Reason::Preflight { failure } => match failure {
            PreflightFailure::CorsCheck { .. } => return None,
            PreflightFailure::InvalidStatus { status } if is_redirect_status(*status) => {
                "Preflight response is not successful".to_owned()
            }
            PreflightFailure::InvalidStatus { status } => {
                format!("Preflight response is not successful. Status code: {status}")
            }
            PreflightFailure::InvalidAllowMethods { value } => {
                format!("Header Access-Control-Allow-Methods has an invalid value: {value}")
            }
            PreflightFailure::InvalidAllowHeaders { value } => {
                format!("Header Access-Control-Allow-Headers has an invalid value: {value}")
            }
            PreflightFailure::MethodNotAllowed { method, .. } => {
                format!("Method {method} is not allowed by Access-Control-Allow-Methods.")
            }
            PreflightFailure::HeaderNotAllowed { name, .. } => {
                // WebKit quotes the name as the request spelled it.
                let spelled = ctx
                    .request_headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map_or(name.as_str(), |(n, _)| n.as_str());
                format!(
                    "Request header field {spelled} is not allowed by Access-Control-Allow-Headers."
                )
            }
        },
        Reason::SameOriginModeCrossOriginUrl => {
            "Cross origin requests are not allowed when using same-origin fetch mode.".to_owned()
        }
        Reason::CorsUnsupportedScheme { .. } => {
            "Cross origin requests are only supported for HTTP.".to_owned()
        }
        Reason::Redirect { failure } => match failure {
            RedirectFailure::NonHttpScheme { .. } => {
                "not allowed to follow a cross-origin CORS redirection with non CORS scheme"
                    .to_owned()
            }
            RedirectFailure::LocationIncludesCredentials { url } => {
                format!("redirection URL {url} has credentials")
            }
            _ => return None,
        },
        _ => return None,
    })
}

/// WebKit's second console line (`ThreadableLoader.cpp`, `logError`):
/// `Fetch API cannot load <url> due to access control checks.` for access
/// control errors, `Fetch API cannot load <url>.` otherwise.
pub fn webkit_load_line(err: &NetworkError, ctx: &MessageContext<'_>) -> Option<String> {
    if matches!(err.reason, Reason::Request { .. } | Reason::DriverProtocol) {
        return None;
    }
    let start = match ctx.kind {
        "fetch" => "Fetch API cannot load ",
        "XMLHttpRequest" => "XMLHttpRequest cannot load ",
        _ => "Cannot load ",
    };
    let end = if webkit_message(err, ctx).is_some() {
        " due to access control checks."
    } else {
        "."
    };
    Some(format!("{start}{}{end}", err.url))
}

/// The message of the `TypeError` the `fetch()` promise rejects with, per
/// browser: Chromium `Failed to fetch`, Firefox `NetworkError when
/// attempting to fetch resource.`, WebKit `Load failed`; for a request error
/// Chromium's and (where recorded) Firefox's and WebKit's constructor
/// message.
pub fn type_error_message(browser: BrowserName, err: &NetworkError) -> Option<String> {
    if let Reason::Request { error } = &err.reason {
        return match browser {
            BrowserName::Chromium => Some(chromium_request_error(error)),
            BrowserName::Firefox => firefox_request_error(error),
            BrowserName::Webkit => webkit_request_error(error),
            BrowserName::Spec => None,
        };
    }
    Some(
        match browser {
            BrowserName::Chromium => "Failed to fetch",
            BrowserName::Firefox => "NetworkError when attempting to fetch resource.",
            BrowserName::Webkit => "Load failed",
            BrowserName::Spec => return None,
        }
        .to_owned(),
    )
}

// ---------------------------------------------------------------------------
// Plain descriptions and fixes

/// One sentence saying what went wrong, in the standard's terms.
pub fn describe(err: &NetworkError) -> String {
    match &err.reason {
        Reason::Request { error } => {
            format!("fetch() throws a TypeError before sending anything: {error}")
        }
        Reason::BadPort { port } => {
            format!("port {port} is a bad port: browsers never connect to it")
        }
        Reason::MixedContent => {
            "the page is a secure context and the URL is not potentially trustworthy: blockable mixed content".to_owned()
        }
        Reason::MimeTypeBlocked { blocked } => match blocked {
            MimeBlocked::NotExecutable { essence } => format!(
                "a script cannot be an `{essence}` response (audio, image, video and text/csv are never executable)"
            ),
            MimeBlocked::Nosniff { destination, essence } => format!(
                "`X-Content-Type-Options: nosniff` and the MIME type `{}` is not {}",
                essence.as_deref().unwrap_or("(none)"),
                if *destination == Destination::Style { "text/css" } else { "a JavaScript MIME type" }
            ),
        },
        Reason::ElementLoad { failure } => match failure {
            ElementLoadFailure::NotOkStatus { status } => format!(
                "the fetch succeeded but the element fires `error`: status {status} is not an ok status"
            ),
            ElementLoadFailure::StyleNotTextCss { essence } => format!(
                "the fetch succeeded but the stylesheet fires `error`: its MIME type `{}` is not text/css",
                essence.as_deref().unwrap_or("(none)")
            ),
        },
        Reason::SameOriginModeCrossOriginUrl => {
            "the request's mode is \"same-origin\" and the URL is cross-origin".to_owned()
        }
        Reason::NoCorsRedirectModeNotFollow => {
            "a \"no-cors\" request must use redirect mode \"follow\"".to_owned()
        }
        Reason::CorsUnsupportedScheme { scheme } => {
            format!("CORS requests only go to http: and https: URLs, not {scheme}:")
        }
        Reason::UnsupportedScheme { scheme } => format!("{scheme}: URLs cannot be fetched here"),
        Reason::DataUrl { error } => match error {
            crate::fetch::data_url::DataUrlError::NoComma => {
                "the data: URL has no comma between its MIME type and its body".to_owned()
            }
            crate::fetch::data_url::DataUrlError::InvalidBase64 => {
                "the data: URL's body is marked base64 but is not valid base64".to_owned()
            }
        },
        Reason::Preflight { failure } => match failure {
            PreflightFailure::CorsCheck { failure } => {
                format!(
                    "the preflight response fails the CORS check: {}",
                    describe_cors(failure)
                )
            }
            PreflightFailure::InvalidStatus { status } if is_redirect_status(*status) => format!(
                "the preflight response is a redirect ({status}); preflights never follow redirects"
            ),
            PreflightFailure::InvalidStatus { status } => {
                format!("the preflight response's status {status} is not an ok status (200-299)")
            }
            PreflightFailure::InvalidAllowMethods { value } => {
                format!(
                    "Access-Control-Allow-Methods {value:?} does not parse as a list of methods"
                )
            }
            PreflightFailure::InvalidAllowHeaders { value } => format!(
                "Access-Control-Allow-Headers {value:?} does not parse as a list of header names"
            ),
            PreflightFailure::MethodNotAllowed { method, allowed } => match allowed {
                Some(v) => {
                    format!("method {method} is not in Access-Control-Allow-Methods ({v:?})")
                }
                None => format!(
                    "method {method} is not CORS-safelisted and the preflight response has no Access-Control-Allow-Methods"
                ),
            },
            PreflightFailure::HeaderNotAllowed {
                name,
                allowed,
                wildcard_present,
            } => {
                let mut s = match allowed {
                    Some(v) => format!(
                        "request header {name} is not in Access-Control-Allow-Headers ({v:?})"
                    ),
                    None => format!(
                        "request header {name} needs permission and the preflight response has no Access-Control-Allow-Headers"
                    ),
                };
                if *wildcard_present {
                    s.push_str("; `*` never covers authorization");
                }
                s
            }
        },
        Reason::CorsCheck { failure } => {
            format!(
                "the response fails the CORS check: {}",
                describe_cors(failure)
            )
        }
        Reason::CrossOriginResourcePolicy { blocked } => format!(
            "the no-cors response fails the cross-origin resource policy check (policy `{}`{})",
            blocked.policy,
            if blocked.implied_by_embedder_policy {
                format!(
                    ", implied by the page's embedder policy `{}`",
                    blocked.embedder_policy.as_str()
                )
            } else {
                String::new()
            }
        ),
        Reason::LocalNetworkAccess { blocked } => format!(
            "Local Network Access: the page is in the {} address space and the server in the less public {} space{}",
            blocked.client_space.as_str(),
            blocked.resource_space.as_str(),
            match blocked.why {
                LocalNetworkBlock::NonSecureContext => {
                    "; a page that is not a secure context may never make local network requests"
                }
                LocalNetworkBlock::PermissionDenied => {
                    "; the local network access permission was not granted (headless automation denies the prompt)"
                }
            }
        ),
        Reason::OpaqueResponseBlocking { blocked } => format!(
            "opaque-response blocking blocked the no-cors response ({}): {}",
            blocked.mime_type.as_deref().unwrap_or("no Content-Type"),
            describe_orb(blocked)
        ),
        Reason::RedirectModeError { status } => {
            format!("the response is a redirect ({status}) and the redirect mode is \"error\"")
        }
        Reason::Redirect { failure } => match failure {
            RedirectFailure::InvalidLocation { value } => {
                format!("the redirect's Location {value:?} is not a single valid URL")
            }
            RedirectFailure::NonHttpScheme { url } => {
                format!("the redirect goes to {url}, which is not an http(s) URL")
            }
            RedirectFailure::TooManyRedirects => "more than 20 redirects".to_owned(),
            RedirectFailure::LocationIncludesCredentials { url } => {
                format!("a cross-origin redirect goes to {url}, which includes credentials")
            }
        },
        Reason::Network { failure: detail } => format!("no response from the network: {detail}"),
        Reason::DriverProtocol => "internal error: the driver answered out of order".to_owned(),
    }
}

fn describe_orb(blocked: &crate::policy::orb::OrbBlocked) -> String {
    use crate::policy::orb::OrbBlockReason as R;
    match blocked.reason {
        R::NeverSniffedMimeType => {
            "its MIME type is never a script, style sheet, image or media (opaque-blocklisted-never-sniffed)".to_owned()
        }
        R::PartialBlocklisted => {
            "a 206 partial response with an HTML, JSON or XML MIME type".to_owned()
        }
        R::InvalidPartialResponse => {
            "a 206 partial response that does not start at byte 0 (or has no valid Content-Range)".to_owned()
        }
        R::NosniffBlocklisted => {
            "X-Content-Type-Options: nosniff with an HTML, JSON, XML or text/plain MIME type".to_owned()
        }
        R::SniffedAsMedia => {
            "its bytes are audio or video, which only a media element may load".to_owned()
        }
        R::Nosniff => "X-Content-Type-Options: nosniff and its bytes are not an image".to_owned(),
        R::NotOkStatus => format!(
            "status {} is not an ok status and its bytes are not an image",
            blocked.status
        ),
        R::MediaMimeTypeMismatch => {
            "an audio, image or video MIME type whose bytes are none of these".to_owned()
        }
        R::SniffedAsHtml => "its first bytes are HTML".to_owned(),
        R::SniffedAsXml => "its first bytes are XML".to_owned(),
        R::SniffedAsJson => {
            "its body is JSON (or starts with a JSON parser breaker such as )]}')".to_owned()
        }
    }
}

fn describe_cors(failure: &CorsCheckFailure) -> String {
    match failure {
        CorsCheckFailure::MissingAllowOrigin => "no Access-Control-Allow-Origin header".to_owned(),
        CorsCheckFailure::WildcardOriginWithCredentials => {
            "Access-Control-Allow-Origin is `*` but the request includes credentials".to_owned()
        }
        CorsCheckFailure::MultipleAllowOriginValues { value } => {
            format!("Access-Control-Allow-Origin has several values ({value:?})")
        }
        CorsCheckFailure::InvalidAllowOriginValue { value } => {
            format!("Access-Control-Allow-Origin {value:?} is not an origin")
        }
        CorsCheckFailure::AllowOriginMismatch { value, expected } => {
            format!(
                "Access-Control-Allow-Origin {value:?} is not the request's origin {expected:?}"
            )
        }
        CorsCheckFailure::InvalidAllowCredentials { value } => match value {
            Some(v) => format!(
                "credentials are included and Access-Control-Allow-Credentials is {v:?}, not \"true\""
            ),
            None => "credentials are included and Access-Control-Allow-Credentials is missing"
                .to_owned(),
        },
    }
}

/// Which response (or party) a fix is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixTarget {
    /// The response to the CORS-preflight request (`OPTIONS`).
    Preflight,
    /// The response to the request itself (on the hop that failed).
    Actual,
    /// The page's `fetch()` call (or where the page is served from).
    Client,
    /// The server or network as a whole (it must answer).
    Server,
}

/// What to change so the request goes through.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// The header the server must send, if the fix is a header.
    pub header: Option<String>,
    /// With this value.
    pub value: Option<String>,
    /// On which response (or `client`: change the request).
    pub on: FixTarget,
    /// The fix in a sentence or two.
    pub text: String,
}

fn fix_header(header: &str, value: &str, on: FixTarget, text: String) -> Fix {
    Fix {
        header: Some(header.to_owned()),
        value: Some(value.to_owned()),
        on,
        text,
    }
}

fn fix_text(on: FixTarget, text: impl Into<String>) -> Fix {
    Fix {
        header: None,
        value: None,
        on,
        text: text.into(),
    }
}

fn fix_cors(
    failure: &CorsCheckFailure,
    err: &NetworkError,
    ctx: &MessageContext<'_>,
    on: FixTarget,
) -> Fix {
    let which = match on {
        FixTarget::Preflight => "the preflight (OPTIONS) response",
        _ => "the response",
    };
    let origin = err.origin.as_str();
    let include = ctx.credentials == CredentialsMode::Include;
    let tainted = if origin == "null" && ctx.client_origin.is_some_and(|o| o != "null") {
        " (the request's origin became `null` after a cross-origin redirect, so `null` is what it must echo)"
    } else {
        ""
    };
    let creds = if include {
        " The request includes credentials, so also send `Access-Control-Allow-Credentials: true`; `*` is not allowed."
    } else {
        " Without credentials, `*` also works."
    };
    match failure {
        CorsCheckFailure::MissingAllowOrigin
        | CorsCheckFailure::InvalidAllowOriginValue { .. }
        | CorsCheckFailure::AllowOriginMismatch { .. } => fix_header(
            "Access-Control-Allow-Origin",
            origin,
            on,
            format!("Send `Access-Control-Allow-Origin: {origin}` on {which}{tainted}.{creds}"),
        ),
        CorsCheckFailure::MultipleAllowOriginValues { .. } => fix_header(
            "Access-Control-Allow-Origin",
            origin,
            on,
            format!(
                "Send exactly one `Access-Control-Allow-Origin` line on {which}, with the single value `{origin}`{tainted}: echo the request's Origin after checking it against your allow-list."
            ),
        ),
        CorsCheckFailure::WildcardOriginWithCredentials => fix_header(
            "Access-Control-Allow-Origin",
            origin,
            on,
            format!(
                "Replace `*` with the request's origin, `Access-Control-Allow-Origin: {origin}`, on {which}, add `Access-Control-Allow-Credentials: true` and `Vary: Origin`; or make the request without credentials."
            ),
        ),
        CorsCheckFailure::InvalidAllowCredentials { .. } => fix_header(
            "Access-Control-Allow-Credentials",
            "true",
            on,
            format!(
                "Send `Access-Control-Allow-Credentials: true` (exactly, lower case) on {which}; or make the request without credentials."
            ),
        ),
    }
}

/// The change that makes `err` go away: which header the server must send,
/// with which value, on which response; or what the page must change.
pub fn fix(err: &NetworkError, ctx: &MessageContext<'_>) -> Fix {
    match &err.reason {
        Reason::Request { error } => {
            fix_text(FixTarget::Client, format!("Fix the fetch() call: {error}."))
        }
        Reason::BadPort { port } => fix_text(
            FixTarget::Client,
            format!("Serve the resource on another port: browsers refuse port {port}."),
        ),
        Reason::MixedContent => fix_text(
            FixTarget::Client,
            "Fetch the resource over https (and serve it there); an https page cannot fetch http URLs.",
        ),
        Reason::MimeTypeBlocked { blocked } => {
            let (value, text) = match blocked {
                MimeBlocked::Nosniff {
                    destination: Destination::Style,
                    ..
                } => ("text/css", "Serve the stylesheet as `Content-Type: text/css`."),
                _ => (
                    "text/javascript",
                    "Serve the script as `Content-Type: text/javascript`.",
                ),
            };
            fix_header("Content-Type", value, FixTarget::Actual, text.to_owned())
        }
        Reason::ElementLoad { failure } => match failure {
            ElementLoadFailure::NotOkStatus { status } => fix_text(
                FixTarget::Actual,
                format!("Answer with a 2xx status: scripts and stylesheets fail on {status}."),
            ),
            ElementLoadFailure::StyleNotTextCss { .. } => fix_header(
                "Content-Type",
                "text/css",
                FixTarget::Actual,
                "Serve the stylesheet as `Content-Type: text/css`.".to_owned(),
            ),
        },
        Reason::SameOriginModeCrossOriginUrl => fix_text(
            FixTarget::Client,
            "Use mode \"cors\" (the default) and have the server allow the page's origin, or fetch a same-origin URL.",
        ),
        Reason::NoCorsRedirectModeNotFollow => fix_text(
            FixTarget::Client,
            "Use redirect: \"follow\" with mode \"no-cors\", or use mode \"cors\".",
        ),
        Reason::CorsUnsupportedScheme { scheme } => fix_text(
            FixTarget::Client,
            format!(
                "Serve the resource over http(s) instead of {scheme}: (for a page opened from file:, run a local web server)."
            ),
        ),
        Reason::UnsupportedScheme { scheme } => fix_text(
            FixTarget::Client,
            format!("Fetch an http(s) URL instead of a {scheme}: URL."),
        ),
        Reason::DataUrl { .. } => fix_text(
            FixTarget::Client,
            "Write the data: URL as data:[<mediatype>][;base64],<data> with valid base64.",
        ),
        Reason::Preflight { failure } => match failure {
            PreflightFailure::CorsCheck { failure } => {
                let mut f = fix_cors(failure, err, ctx, FixTarget::Preflight);
                // Several faults: the status check comes next.
                if let Some(status) = ctx
                    .response
                    .map(|r| r.status)
                    .filter(|s| !crate::http::response::is_ok_status(*s))
                {
                    f.text.push_str(&format!(
                        " The preflight's status must also be 2xx (it is {status}): answer OPTIONS with 204 before authentication."
                    ));
                }
                f
            }
            PreflightFailure::InvalidStatus { status } if is_redirect_status(*status) => fix_text(
                FixTarget::Preflight,
                format!(
                    "Answer the OPTIONS request at {} itself with 204 (or 200) and the CORS headers instead of redirecting ({status}); or make the page fetch the final URL.",
                    err.url
                ),
            ),
            PreflightFailure::InvalidStatus { status } => Fix {
                header: None,
                value: None,
                on: FixTarget::Preflight,
                text: format!(
                    "Answer OPTIONS requests with 204 (or any 2xx) instead of {status}, before authentication or routing rejects them, with the Access-Control-Allow-* headers."
                ),
            },
            PreflightFailure::InvalidAllowMethods { .. } => fix_header(
                "Access-Control-Allow-Methods",
                ctx.method,
                FixTarget::Preflight,
                format!(
                    "Send a comma-separated list of method tokens, e.g. `Access-Control-Allow-Methods: {}`, on the preflight response.",
                    ctx.method
                ),
            ),
            PreflightFailure::MethodNotAllowed { method, allowed } => {
                let value = match allowed {
                    Some(v) if !v.trim().is_empty() => format!("{v}, {method}"),
                    _ => method.clone(),
                };
                fix_header(
                    "Access-Control-Allow-Methods",
                    &value,
                    FixTarget::Preflight,
                    format!(
                        "Send `Access-Control-Allow-Methods: {value}` on the preflight response (method names are case-sensitive)."
                    ),
                )
            }
            PreflightFailure::InvalidAllowHeaders { .. }
            | PreflightFailure::HeaderNotAllowed { .. } => {
                let name = match failure {
                    PreflightFailure::HeaderNotAllowed { name, .. } => Some(name.as_str()),
                    _ => None,
                };
                let requested = ctx
                    .requested_headers
                    .map(|v| v.split(',').map(str::trim).collect::<Vec<_>>().join(", "));
                let value = requested
                    .filter(|v| {
                        name.is_none_or(|n| v.split(", ").any(|x| x.eq_ignore_ascii_case(n)))
                    })
                    .or_else(|| name.map(str::to_owned))
                    .unwrap_or_default();
                let wildcard = matches!(
                    failure,
                    PreflightFailure::HeaderNotAllowed {
                        wildcard_present: true,
                        ..
                    }
                );
                let note = if wildcard {
                    " `*` never covers `authorization`: list it by name."
                } else {
                    ""
                };
                fix_header(
                    "Access-Control-Allow-Headers",
                    &value,
                    FixTarget::Preflight,
                    format!(
                        "Send `Access-Control-Allow-Headers: {value}` on the preflight response (every name the preflight's Access-Control-Request-Headers lists).{note}"
                    ),
                )
            }
        },
        Reason::CorsCheck { failure } => fix_cors(failure, err, ctx, FixTarget::Actual),
        Reason::CrossOriginResourcePolicy { .. } => fix_header(
            "Cross-Origin-Resource-Policy",
            "cross-origin",
            FixTarget::Actual,
            "Send `Cross-Origin-Resource-Policy: cross-origin` on the response (or `same-site` when the page is same-site), or fetch it in cors mode with CORS headers.".to_owned(),
        ),
        Reason::LocalNetworkAccess { blocked } => fix_text(
            FixTarget::Client,
            match blocked.why {
                LocalNetworkBlock::NonSecureContext => format!(
                    "Serve the page over https (a secure context), then the user can grant local network access; or serve the {} server from the page's own address space.",
                    blocked.resource_space.as_str()
                ),
                LocalNetworkBlock::PermissionDenied => format!(
                    "Have the user grant the page local network access (the permission prompt), or reach the {} server from a page in the same address space; no response header can allow it.",
                    blocked.resource_space.as_str()
                ),
            },
        ),
        Reason::OpaqueResponseBlocking { .. } => fix_header(
            "Content-Type",
            "<the resource's real type>",
            FixTarget::Actual,
            "Serve the resource with its real Content-Type (text/javascript, text/css, image/*) and, for data meant for script, read it with a CORS request (mode \"cors\" or a crossorigin attribute) answered with Access-Control-Allow-Origin; drop X-Content-Type-Options: nosniff only if the type is right.".to_owned(),
        ),
        Reason::RedirectModeError { .. } => fix_text(
            FixTarget::Client,
            "Fetch the final URL directly, or use redirect: \"follow\" (or \"manual\" to get an opaque redirect).",
        ),
        Reason::Redirect { failure } => match failure {
            RedirectFailure::InvalidLocation { .. } => fix_header(
                "Location",
                "<one absolute or relative URL>",
                FixTarget::Actual,
                "Send exactly one Location header whose value parses as a URL.".to_owned(),
            ),
            RedirectFailure::NonHttpScheme { .. } => {
                fix_text(FixTarget::Actual, "Redirect only to http: or https: URLs.")
            }
            RedirectFailure::TooManyRedirects => fix_text(
                FixTarget::Actual,
                "Break the redirect loop: at most 20 redirects are followed.",
            ),
            RedirectFailure::LocationIncludesCredentials { .. } => fix_text(
                FixTarget::Actual,
                "Remove the user name and password from the Location URL; send credentials in a header the preflight allows.",
            ),
        },
        Reason::Network { failure: detail } => fix_text(
            FixTarget::Server,
            format!(
                "Make the server reachable and answering ({detail}); this is not a CORS problem."
            ),
        ),
        Reason::DriverProtocol => fix_text(FixTarget::Server, "Report this as a bug in xorigin."),
    }
}

// ---------------------------------------------------------------------------
// Runs and explanations

/// One request the engine sent and what came back.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// The request as put on the wire.
    pub request: OutgoingRequest,
    /// The response, or how the network failed.
    pub response: Result<NetworkResponse, crate::http::response::NetworkFailure>,
}

/// A fetch's outcome with every exchange it made.
#[derive(Clone, Debug)]
pub struct Trace {
    /// How the fetch ended.
    pub outcome: FetchOutcome,
    /// Every request sent, with its response, in order.
    pub exchanges: Vec<Exchange>,
}

/// Runs one fetch with a fresh CORS-preflight cache, recording every
/// response `respond` gives.
pub fn trace_fetch(
    request: Request,
    profile: &Profile,
    mut respond: impl FnMut(
        &OutgoingRequest,
    ) -> Result<NetworkResponse, crate::http::response::NetworkFailure>,
) -> Trace {
    let partition = request.origin.ascii_serialization().to_owned();
    let controller = FetchController::new(request, profile, partition);
    let mut cache = PreflightCache::new(profile.preflight_cache.capacity);
    let mut answers = Vec::new();
    let (outcome, sent) = run_fetch(controller, &mut cache, Duration::ZERO, |r| {
        let answer = respond(r);
        answers.push(answer.clone());
        answer
    });
    Trace {
        outcome,
        exchanges: sent
            .into_iter()
            .zip(answers)
            .map(|(request, response)| Exchange { request, response })
            .collect(),
    }
}

/// Whether and why a request needs a CORS-preflight.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Classification {
    /// `same-origin`, `simple`, `preflighted`, `no-cors`,
    /// `same-origin-mode` (cross-origin in mode `same-origin`: blocked) or
    /// `unsupported-scheme` (a CORS request to a non-HTTP(S) URL: blocked).
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
    let url = request.current_url();
    let same_origin = Origin::from_url(url).same_origin(&request.origin);
    let mut out = Classification {
        kind: String::new(),
        preflight: false,
        unsafe_method: None,
        unsafe_headers: Vec::new(),
        why: Vec::new(),
    };
    for (name, value) in script_headers {
        if request.header_list.contains(name.as_bytes()) {
            continue;
        }
        let why = if headers::is_forbidden_request_header(name.as_bytes(), value.as_bytes()) {
            "a forbidden request header: the browser sets it, script cannot"
        } else {
            "not a no-CORS-safelisted request header, and the mode is \"no-cors\""
        };
        out.why
            .push(format!("header {name} was dropped without an error: {why}"));
    }
    if same_origin || url.scheme() == "data" {
        out.kind = "same-origin".to_owned();
        out.why.push(
            "the URL is same-origin with the page: no CORS protocol, every header readable"
                .to_owned(),
        );
        return out;
    }
    match request.mode {
        Mode::SameOrigin => {
            out.kind = "same-origin-mode".to_owned();
            out.why
                .push("mode \"same-origin\" forbids cross-origin URLs".to_owned());
            return out;
        }
        Mode::NoCors => {
            out.kind = "no-cors".to_owned();
            out.why.push(
                "mode \"no-cors\": no preflight, no CORS check; script gets an opaque response (status 0, no headers, no body)"
                    .to_owned(),
            );
            return out;
        }
        Mode::Cors | Mode::Navigate => {}
    }
    if !matches!(url.scheme(), "http" | "https") {
        out.kind = "unsupported-scheme".to_owned();
        out.why.push(format!(
            "CORS requests only go to http: and https: URLs, not {}:",
            url.scheme()
        ));
        return out;
    }
    let unsafe_names = cors::cors_unsafe_request_header_names(&request.header_list, profile);
    out.preflight = cors::needs_cors_preflight(request, &unsafe_names);
    if !method::is_cors_safelisted_method(&request.method) {
        out.unsafe_method = Some(request.method.clone());
        out.why.push(format!(
            "method {} is not a CORS-safelisted method (GET, HEAD, POST)",
            request.method
        ));
    }
    let safelisted_total: usize = request
        .header_list
        .iter()
        .filter(|(n, v)| headers::is_cors_safelisted_request_header(n, v))
        .map(|(_, v)| v.len())
        .sum();
    for name in &unsafe_names {
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
            out.why.push(format!(
                "header {name}: {value} is safelisted, but the safelisted values total more than 1024 bytes"
            ));
        } else {
            out.why.push(format!(
                "header {name}: {value} is not a CORS-safelisted request header"
            ));
        }
    }
    out.unsafe_headers = unsafe_names;
    if out.preflight && out.why.is_empty() {
        out.why
            .push("the use-CORS-preflight flag is set".to_owned());
    }
    out.kind = if out.preflight {
        "preflighted"
    } else {
        "simple"
    }
    .to_owned();
    if !out.preflight {
        out.why.push(
            "CORS-safelisted method and headers: no preflight; the response must pass the CORS check"
                .to_owned(),
        );
    }
    out
}

/// A header as the JSON output spells it: `[name, value]`.
pub type HeaderPair = (String, String);

fn pairs(list: &HeaderList) -> Vec<HeaderPair> {
    list.iter()
        .map(|(n, v)| {
            (
                String::from_utf8_lossy(n).into_owned(),
                String::from_utf8_lossy(v).into_owned(),
            )
        })
        .collect()
}

/// Whether a response header plays a part in CORS or redirects.
fn header_matters(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.starts_with("access-control-") || n == "location" || n == "vary"
}

/// A response as the explanation shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResponseReport {
    /// The status.
    pub status: u16,
    /// Every header, in order.
    pub headers: Vec<HeaderPair>,
    /// The headers that matter to CORS and redirects (`Access-Control-*`,
    /// `Location`, `Vary`).
    pub mattered: Vec<HeaderPair>,
}

/// What a check on one exchange found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// Whether the exchange let the fetch go on.
    pub passed: bool,
    /// What was checked and what it found.
    pub detail: String,
}

/// One request sent, its response and the check on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExchangeReport {
    /// `preflight` or `main`.
    pub kind: RequestKind,
    /// The method.
    pub method: String,
    /// The URL.
    pub url: String,
    /// Every request header, in order.
    pub headers: Vec<HeaderPair>,
    /// Whether cookies and HTTP authentication are attached.
    pub credentials: bool,
    /// The response, when one came.
    pub response: Option<ResponseReport>,
    /// The network's failure, when none came.
    pub network_error: Option<String>,
    /// The check.
    pub check: CheckReport,
}

/// Allowed or blocked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The `fetch()` promise resolves.
    Allowed,
    /// The `fetch()` promise rejects with a `TypeError`.
    Blocked,
}

/// What one browser does and prints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BrowserReport {
    /// The browser.
    pub browser: BrowserName,
    /// Its verdict (its profile's run).
    pub verdict: Verdict,
    /// Firefox's reason code (console category), e.g. `CORSMissingAllowOrigin`.
    pub code: Option<String>,
    /// The console lines, in order (empty when allowed or unknown).
    pub console: Vec<String>,
    /// The message of the `TypeError` the promise rejects with.
    pub type_error: Option<String>,
}

/// Everything about one fetch: the structured form of the human report and
/// of `--json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// Whose behaviour the verdict is (the profile run).
    pub browser: BrowserName,
    /// The URL passed to `fetch()`.
    pub url: String,
    /// The page's origin.
    pub origin: String,
    /// The method.
    pub method: String,
    /// Simple or preflighted, and why (when the request could be built).
    pub classification: Option<Classification>,
    /// Every request sent, in order.
    pub exchanges: Vec<ExchangeReport>,
    /// Allowed or blocked.
    pub verdict: Verdict,
    /// On which request it failed.
    pub failed_on: Option<RequestKind>,
    /// The engine's structured reason.
    pub reason: Option<Reason>,
    /// The reason in a sentence.
    pub summary: String,
    /// What script sees, when allowed.
    pub response: Option<FilteredResponse>,
    /// What Chromium, Firefox and WebKit do and print.
    pub browsers: Vec<BrowserReport>,
    /// What to change, when blocked.
    pub fix: Option<Fix>,
    /// When blocked by a server-side CORS check: every header the server's
    /// answers need for this request (which also fixes later failures).
    pub server_config: Option<ServerConfig>,
}

/// The response headers a server must send for one request to pass every
/// CORS check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServerConfig {
    /// On the preflight response (status 204 or 200), when a preflight is sent.
    pub preflight: Option<Vec<HeaderPair>>,
    /// On the response to the request itself.
    pub actual: Vec<HeaderPair>,
}

/// The headers that let a `simple` or `preflighted` request from `origin`
/// through: the exact origin (always valid, credentials or not), the
/// method and header names the preflight asks for, and
/// `Access-Control-Allow-Credentials` when credentials are included.
/// `None` for other classifications (no CORS protocol, or nothing a server
/// can do).
pub fn server_config(
    classification: &Classification,
    origin: &str,
    credentials: CredentialsMode,
) -> Option<ServerConfig> {
    let include = credentials == CredentialsMode::Include;
    let mut actual = vec![("Access-Control-Allow-Origin".to_owned(), origin.to_owned())];
    if include {
        actual.push((
            "Access-Control-Allow-Credentials".to_owned(),
            "true".to_owned(),
        ));
    }
    let preflight = match classification.kind.as_str() {
        "simple" => None,
        "preflighted" => {
            let mut list = actual.clone();
            if let Some(m) = &classification.unsafe_method {
                list.push(("Access-Control-Allow-Methods".to_owned(), m.clone()));
            }
            if !classification.unsafe_headers.is_empty() {
                list.push((
                    "Access-Control-Allow-Headers".to_owned(),
                    classification.unsafe_headers.join(", "),
                ));
            }
            Some(list)
        }
        _ => return None,
    };
    Some(ServerConfig { preflight, actual })
}

/// A context whose method, response and requested headers come from `trace`.
fn context_for<'a>(base: &MessageContext<'a>, trace: &'a Trace) -> MessageContext<'a> {
    let mut ctx = base.clone();
    if let Some(last) = trace.exchanges.last() {
        ctx.method = &last.request.method;
        ctx.response = last.response.as_ref().ok();
    }
    ctx.requested_headers = trace
        .exchanges
        .iter()
        .rev()
        .find(|e| e.request.kind == RequestKind::Preflight)
        .and_then(|e| {
            e.request
                .header_list
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(b"access-control-request-headers"))
                .and_then(|(_, v)| std::str::from_utf8(v).ok())
        });
    ctx
}

fn exchange_reports(trace: &Trace) -> Vec<ExchangeReport> {
    let count = trace.exchanges.len();
    trace
        .exchanges
        .iter()
        .enumerate()
        .map(|(i, ex)| {
            let last = i + 1 == count;
            let r = &ex.request;
            let (response, network_error) = match &ex.response {
                Ok(resp) => {
                    let headers = pairs(&resp.header_list);
                    let mattered = headers
                        .iter()
                        .filter(|(n, _)| header_matters(n))
                        .cloned()
                        .collect();
                    (
                        Some(ResponseReport {
                            status: resp.status,
                            headers,
                            mattered,
                        }),
                        None,
                    )
                }
                Err(detail) => (None, Some(detail.to_string())),
            };
            let check = match (&trace.outcome, last) {
                (FetchOutcome::NetworkError(err), true) => CheckReport {
                    passed: false,
                    detail: describe(err),
                },
                _ => CheckReport {
                    passed: true,
                    detail: passed_detail(ex, last, &trace.outcome),
                },
            };
            let mut url = r.url.clone();
            url.set_fragment(None);
            ExchangeReport {
                kind: r.kind,
                method: r.method.clone(),
                url: url.to_string(),
                headers: pairs(&r.header_list),
                credentials: r.include_credentials,
                response,
                network_error,
                check,
            }
        })
        .collect()
}

fn passed_detail(ex: &Exchange, last: bool, outcome: &FetchOutcome) -> String {
    let status = ex.response.as_ref().map_or(0, |r| r.status);
    if ex.request.kind == RequestKind::Preflight {
        return format!(
            "preflight passed: CORS check ok, status {status} ok, method and headers allowed"
        );
    }
    if !last {
        let location = ex
            .response
            .as_ref()
            .ok()
            .and_then(|r| r.header_list.get(b"location"))
            .map(|v| String::from_utf8_lossy(&v).into_owned())
            .unwrap_or_default();
        return format!("redirect {status} followed to {location}");
    }
    match outcome {
        FetchOutcome::Response(resp) => match resp.response_type {
            crate::http::response::ResponseType::Cors => {
                format!("CORS check passed: script reads a \"cors\" response, status {status}")
            }
            crate::http::response::ResponseType::Basic => {
                format!("same-origin: script reads a \"basic\" response, status {status}")
            }
            crate::http::response::ResponseType::Opaque => {
                "no-cors: no CORS check; script gets an opaque response".to_owned()
            }
            crate::http::response::ResponseType::OpaqueRedirect => {
                "redirect not followed (redirect mode \"manual\"): opaque redirect".to_owned()
            }
            _ => format!("status {status}"),
        },
        FetchOutcome::NetworkError(_) => String::new(),
    }
}

fn browser_report(browser: BrowserName, trace: &Trace, base: &MessageContext<'_>) -> BrowserReport {
    let FetchOutcome::NetworkError(err) = &trace.outcome else {
        return BrowserReport {
            browser,
            verdict: Verdict::Allowed,
            code: None,
            console: Vec::new(),
            type_error: None,
        };
    };
    let ctx = context_for(base, trace);
    let (code, console) = match browser {
        BrowserName::Chromium => (None, chromium_console(err, &ctx)),
        BrowserName::Firefox => (
            firefox_reason_code(err, &ctx).map(str::to_owned),
            firefox_console(err, &ctx),
        ),
        BrowserName::Webkit => {
            let mut lines: Vec<String> = webkit_message(err, &ctx).into_iter().collect();
            lines.extend(webkit_load_line(err, &ctx));
            (None, lines)
        }
        BrowserName::Spec => (None, Vec::new()),
    };
    BrowserReport {
        browser,
        verdict: Verdict::Blocked,
        code,
        console,
        // Element loads fire an `error` event; only fetch() rejects.
        type_error: if base.kind == "fetch" {
            type_error_message(browser, err)
        } else {
            None
        },
    }
}

/// Explains one fetch: `trace` is the run as `browser` predicts it;
/// `others` are the runs of other browsers' profiles, whose messages (and
/// verdicts) are reported for Chromium, Firefox and WebKit (a browser missing
/// from `others` is reported from `trace`).
pub fn explain_run(
    browser: BrowserName,
    request: &RequestSummary,
    trace: &Trace,
    others: &[(BrowserName, &Trace)],
    base: &MessageContext<'_>,
) -> Explanation {
    let ctx = context_for(base, trace);
    let (verdict, failed_on, reason, summary, response, fix) = match &trace.outcome {
        FetchOutcome::Response(resp) => (
            Verdict::Allowed,
            None,
            None,
            match resp.response_type {
                crate::http::response::ResponseType::Opaque => {
                    "the fetch resolves with an opaque response (script sees status 0, no headers, no body)".to_owned()
                }
                _ => format!(
                    "the fetch resolves with a \"{}\" response, status {}",
                    resp.response_type.as_str(),
                    resp.status
                ),
            },
            Some(resp.clone()),
            None,
        ),
        FetchOutcome::NetworkError(err) => (
            Verdict::Blocked,
            err.request_kind,
            Some(err.reason.clone()),
            describe(err),
            None,
            Some(fix(err, &ctx)),
        ),
    };
    let browsers = [
        BrowserName::Chromium,
        BrowserName::Firefox,
        BrowserName::Webkit,
    ]
    .into_iter()
    .map(|b| {
        let t = others
            .iter()
            .find(|(name, _)| *name == b)
            .map_or(trace, |(_, t)| *t);
        browser_report(b, t, base)
    })
    .collect();
    Explanation {
        browser,
        url: request.url.clone(),
        origin: request.origin.clone(),
        method: request.method.clone(),
        classification: request.classification.clone(),
        exchanges: exchange_reports(trace),
        verdict,
        failed_on,
        reason,
        summary,
        response,
        browsers,
        server_config: match (&fix, &request.classification) {
            (
                Some(Fix {
                    on: FixTarget::Preflight | FixTarget::Actual,
                    header: Some(_),
                    ..
                }),
                Some(c),
            ) if base.client_origin.is_none_or(|o| o == request.origin)
                && !matches!(&trace.outcome, FetchOutcome::NetworkError(e) if e.redirected) =>
            {
                server_config(c, &request.origin, base.credentials)
            }
            _ => None,
        },
        fix,
    }
}

/// The request an explanation is about, as the page asked for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestSummary {
    /// The URL passed to `fetch()`.
    pub url: String,
    /// The page's origin.
    pub origin: String,
    /// The method (normalized when it is valid).
    pub method: String,
    /// Simple or preflighted, when the request could be built.
    pub classification: Option<Classification>,
}

// ---------------------------------------------------------------------------
// Scenarios

/// The scenario's stateless server, as [`scenario::run_scenario`] runs it:
/// the first entry for (method, URL without fragment), else 404 with no
/// headers. The explanation needs the responses, which the runner does not
/// keep.
fn scenario_response(scenario: &Scenario, request: &OutgoingRequest) -> NetworkResponse {
    let mut url = request.url.clone();
    url.set_fragment(None);
    let entry = scenario.server.iter().find(|e| {
        e.method == request.method
            && url::Url::parse(&e.url).is_ok_and(|mut u| {
                u.set_fragment(None);
                u == url
            })
    });
    let mut response = NetworkResponse::new(
        entry.map_or(404, |e| e.status),
        std::iter::empty::<(&str, &str)>(),
    );
    for (n, v) in entry.map_or(&[][..], |e| e.headers.as_slice()) {
        response.header_list.push_raw(n.as_bytes(), v.as_bytes());
    }
    response.body = entry
        .and_then(|e| e.body.as_ref())
        .map(|b| b.as_bytes().to_vec());
    response
}

fn scenario_trace(scenario: &Scenario, run: &FetchRun) -> Trace {
    Trace {
        outcome: run.outcome.clone(),
        exchanges: run
            .sent
            .iter()
            .map(|r| Exchange {
                request: r.clone(),
                response: Ok(scenario_response(scenario, r)),
            })
            .collect(),
    }
}

/// Explains every fetch of a scenario as `browser` predicts it, with
/// Chromium's, Firefox's and WebKit's messages from their own profiles' runs.
pub fn explain_scenario(
    scenario: &Scenario,
    browser: BrowserName,
) -> Result<Vec<Explanation>, SimulateError> {
    let profile = browser.profile();
    let origin = scenario::client_origin(&scenario.client.origin)?;
    let runs = scenario::run_scenario(scenario, &profile)?;
    let mut others = Vec::new();
    for b in [
        BrowserName::Chromium,
        BrowserName::Firefox,
        BrowserName::Webkit,
    ] {
        if b != browser {
            others.push((b, scenario::run_scenario(scenario, &b.profile())?));
        }
    }
    let mut explanations = Vec::with_capacity(runs.len());
    for (i, (step, run)) in scenario.fetches.iter().zip(&runs).enumerate() {
        let init = &step.request;
        let trace = scenario_trace(scenario, run);
        let other_traces: Vec<(BrowserName, Trace)> = others
            .iter()
            .filter_map(|(b, runs)| runs.get(i).map(|r| (*b, scenario_trace(scenario, r))))
            .collect();
        let other_refs: Vec<(BrowserName, &Trace)> =
            other_traces.iter().map(|(b, t)| (*b, t)).collect();
        let is_fetch = init.destination.as_deref().is_none_or(str::is_empty);
        let classification = if is_fetch {
            crate::scenario::build_request(&origin, init, &profile, i)
                .ok()
                .and_then(Result::ok)
                .map(|r| classify(&r, &profile, &init.headers))
        } else {
            None
        };
        let method = init.method.as_deref().unwrap_or("GET");
        let method = if method::is_method(method) {
            method::normalize_method(method).into_owned()
        } else {
            method.to_owned()
        };
        let summary = RequestSummary {
            url: init.url.clone(),
            origin: scenario.client.origin.clone(),
            method: method.clone(),
            classification,
        };
        // Chromium names an element load by its resource type.
        let kind = match init.destination.as_deref() {
            Some("image") => "image",
            Some("script") => "script",
            Some("style") => "CSS stylesheet",
            _ => "fetch",
        };
        // An element's mode and credentials come from its `crossorigin` attribute.
        let (mode, credentials) = if is_fetch {
            (
                init.mode.unwrap_or(Mode::Cors),
                init.credentials.unwrap_or(CredentialsMode::SameOrigin),
            )
        } else {
            match init.crossorigin.as_deref() {
                None => (Mode::NoCors, CredentialsMode::Include),
                Some("use-credentials") => (Mode::Cors, CredentialsMode::Include),
                Some(_) => (Mode::Cors, CredentialsMode::SameOrigin),
            }
        };
        let ctx = MessageContext {
            kind,
            method: &method,
            client_origin: Some(&scenario.client.origin),
            request_headers: &init.headers,
            mode,
            credentials,
            ..MessageContext::fetch()
        };
        explanations.push(explain_run(browser, &summary, &trace, &other_refs, &ctx));
    }
    Ok(explanations)
}

// ---------------------------------------------------------------------------
// Human rendering

/// ANSI styles, or none.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Whether to emit ANSI escape codes.
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
    fn bold(self, t: &str) -> String {
        self.paint("1", t)
    }
    fn red(self, t: &str) -> String {
        self.paint("1;31", t)
    }
    fn green(self, t: &str) -> String {
        self.paint("1;32", t)
    }
    fn dim(self, t: &str) -> String {
        self.paint("2", t)
    }
    fn yellow(self, t: &str) -> String {
        self.paint("33", t)
    }
}

fn browser_title(b: BrowserName) -> &'static str {
    match b {
        BrowserName::Spec => "Spec",
        BrowserName::Chromium => "Chromium",
        BrowserName::Firefox => "Firefox",
        BrowserName::Webkit => "WebKit",
    }
}

/// Renders an explanation as a readable report.
pub fn render(e: &Explanation, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} from {}  ({})",
        style.bold(&e.method),
        style.bold(&e.url),
        e.origin,
        e.browser.as_str()
    );
    if let Some(c) = &e.classification {
        let _ = writeln!(out, "Request: {}", style.bold(&c.kind));
        for why in &c.why {
            let _ = writeln!(out, "  - {why}");
        }
    }
    if e.exchanges.is_empty() {
        let _ = writeln!(out, "\nNothing was sent.");
    }
    for (i, x) in e.exchanges.iter().enumerate() {
        let title = match x.kind {
            RequestKind::Preflight => "CORS-preflight request",
            RequestKind::Main => "Request",
        };
        let _ = writeln!(out, "\n{}. {title}", i + 1);
        let _ = writeln!(out, "   > {} {}", style.bold(&x.method), x.url);
        for (n, v) in &x.headers {
            let _ = writeln!(out, "   > {n}: {v}");
        }
        if x.credentials {
            let _ = writeln!(
                out,
                "   {}",
                style.dim("(with cookies / HTTP authentication)")
            );
        }
        if let Some(r) = &x.response {
            let _ = writeln!(out, "   < {}", style.bold(&r.status.to_string()));
            if r.mattered.is_empty() {
                let _ = writeln!(out, "   {}", style.dim("(no Access-Control-* headers)"));
            }
            for (n, v) in &r.mattered {
                let _ = writeln!(out, "   < {n}: {v}");
            }
        }
        if let Some(err) = &x.network_error {
            let _ = writeln!(out, "   < {}", style.red(&format!("no response: {err}")));
        }
        let mark = if x.check.passed {
            style.green("ok")
        } else {
            style.red("FAILED")
        };
        let _ = writeln!(out, "   {mark} {}", x.check.detail);
    }
    let verdict = match e.verdict {
        Verdict::Allowed => style.green("ALLOWED"),
        Verdict::Blocked => style.red("BLOCKED"),
    };
    let _ = writeln!(out, "\nVerdict: {verdict}: {}", e.summary);
    if let Some(resp) = &e.response
        && resp.response_type != crate::http::response::ResponseType::Opaque
    {
        let names = resp.visible_header_names();
        let _ = writeln!(
            out,
            "Script can read headers: {}",
            if names.is_empty() {
                "(none)".to_owned()
            } else {
                names.join(", ")
            }
        );
        // Response headers script cannot read: the usual surprise after CORS passes.
        let mut hidden: Vec<String> = e
            .exchanges
            .last()
            .and_then(|x| x.response.as_ref())
            .map(|r| {
                r.headers
                    .iter()
                    .map(|(n, _)| n.to_ascii_lowercase())
                    .filter(|n| !n.starts_with("access-control-") && !names.contains(n))
                    .collect()
            })
            .unwrap_or_default();
        hidden.sort();
        hidden.dedup();
        if !hidden.is_empty() && resp.response_type == crate::http::response::ResponseType::Cors {
            let _ = writeln!(
                out,
                "Hidden from script: {} (list them in Access-Control-Expose-Headers to expose them)",
                hidden.join(", ")
            );
        }
    }
    let mut differing = Vec::new();
    for b in &e.browsers {
        if b.verdict != e.verdict {
            differing.push(b);
        }
        if b.verdict == Verdict::Allowed {
            continue;
        }
        let code = b.code.as_ref().map_or(String::new(), |c| format!(" [{c}]"));
        let _ = writeln!(out, "\n{}{code}:", style.bold(browser_title(b.browser)));
        if b.console.is_empty() {
            let _ = writeln!(out, "  {}", style.dim("(no CORS console message)"));
        }
        for line in &b.console {
            let _ = writeln!(out, "  {line}");
        }
        if let Some(t) = &b.type_error {
            let _ = writeln!(out, "  {}", style.dim(&format!("TypeError: {t}")));
        }
    }
    for b in differing {
        let v = match b.verdict {
            Verdict::Allowed => "allows",
            Verdict::Blocked => "blocks",
        };
        let _ = writeln!(
            out,
            "\n{}",
            style.yellow(&format!(
                "Note: {} {v} this request (its profile differs from {}).",
                browser_title(b.browser),
                e.browser.as_str()
            ))
        );
    }
    if let Some(f) = &e.fix {
        let on = match f.on {
            FixTarget::Preflight => "on the preflight (OPTIONS) response",
            FixTarget::Actual => "on the response",
            FixTarget::Client => "in the page",
            FixTarget::Server => "on the server",
        };
        match (&f.header, &f.value) {
            (Some(h), Some(v)) => {
                let _ = writeln!(out, "\n{} send `{h}: {v}` {on}", style.bold("Fix:"));
            }
            _ => {
                let _ = writeln!(out, "\n{} {on}", style.bold("Fix:"));
            }
        }
        let _ = writeln!(out, "  {}", f.text);
    }
    if let Some(c) = &e.server_config {
        let _ = writeln!(
            out,
            "\n{}",
            style.bold("Everything this request needs from the server:")
        );
        if let Some(p) = &c.preflight {
            let _ = writeln!(out, "  on the preflight (OPTIONS, status 204):");
            for (n, v) in p {
                let _ = writeln!(out, "    {n}: {v}");
            }
        }
        let _ = writeln!(out, "  on the response to {} {}:", e.method, e.url);
        for (n, v) in &c.actual {
            let _ = writeln!(out, "    {n}: {v}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(reason: Reason, kind: Option<RequestKind>) -> NetworkError {
        NetworkError {
            reason,
            request_kind: kind,
            url: "https://b.test/x".to_owned(),
            initial_url: "https://b.test/x".to_owned(),
            origin: "https://a.test".to_owned(),
            redirected: false,
        }
    }

    #[test]
    fn chromium_messages() {
        let resp = NetworkResponse::new(404, [("X", "y")]);
        let mut ctx = MessageContext::fetch();
        ctx.response = Some(&resp);
        let cases: Vec<(NetworkError, &str)> = vec![
            (
                err(
                    Reason::CorsCheck {
                        failure: CorsCheckFailure::MissingAllowOrigin,
                    },
                    Some(RequestKind::Main),
                ),
                "Access to fetch at 'https://b.test/x' from origin 'https://a.test' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
            ),
            (
                err(
                    Reason::Preflight {
                        failure: PreflightFailure::InvalidStatus { status: 404 },
                    },
                    Some(RequestKind::Preflight),
                ),
                "Access to fetch at 'https://b.test/x' from origin 'https://a.test' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.",
            ),
            (
                err(
                    Reason::Preflight {
                        failure: PreflightFailure::InvalidStatus { status: 302 },
                    },
                    Some(RequestKind::Preflight),
                ),
                "Access to fetch at 'https://b.test/x' from origin 'https://a.test' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: Redirect is not allowed for a preflight request.",
            ),
            (
                err(
                    Reason::Preflight {
                        failure: PreflightFailure::MethodNotAllowed {
                            method: "PUT".to_owned(),
                            allowed: None,
                        },
                    },
                    Some(RequestKind::Preflight),
                ),
                "Access to fetch at 'https://b.test/x' from origin 'https://a.test' has been blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.",
            ),
            (
                err(
                    Reason::Preflight {
                        failure: PreflightFailure::HeaderNotAllowed {
                            name: "x-api-key".to_owned(),
                            allowed: None,
                            wildcard_present: false,
                        },
                    },
                    Some(RequestKind::Preflight),
                ),
                "Access to fetch at 'https://b.test/x' from origin 'https://a.test' has been blocked by CORS policy: Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response.",
            ),
            (
                err(
                    Reason::CorsCheck {
                        failure: CorsCheckFailure::InvalidAllowCredentials { value: None },
                    },
                    Some(RequestKind::Main),
                ),
                "Access to fetch at 'https://b.test/x' from origin 'https://a.test' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'.",
            ),
            (
                err(
                    Reason::Request {
                        error: RequestError::ForbiddenMethod {
                            method: "CONNECT".to_owned(),
                        },
                    },
                    None,
                ),
                "Failed to execute 'fetch' on 'Window': 'CONNECT' HTTP method is unsupported.",
            ),
            (
                err(Reason::BadPort { port: 6000 }, None),
                "Failed to load resource: net::ERR_UNSAFE_PORT",
            ),
        ];
        for (e, want) in cases {
            assert_eq!(chromium_message(&e, &ctx).as_deref(), Some(want), "{e:?}");
        }
    }

    #[test]
    fn chromium_redirected_from() {
        let mut e = err(
            Reason::CorsCheck {
                failure: CorsCheckFailure::AllowOriginMismatch {
                    value: "https://a.test".to_owned(),
                    expected: "null".to_owned(),
                },
            },
            Some(RequestKind::Main),
        );
        e.initial_url = "https://a.test/r".to_owned();
        e.origin = "null".to_owned();
        let mut ctx = MessageContext::fetch();
        ctx.client_origin = Some("https://a.test");
        assert_eq!(
            chromium_message(&e, &ctx).as_deref(),
            Some(
                "Access to fetch at 'https://b.test/x' (redirected from 'https://a.test/r') from origin 'https://a.test' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'https://a.test' that is not equal to the supplied origin. Have the server send the header with a valid value."
            )
        );
        assert_eq!(fix(&e, &ctx).value.as_deref(), Some("null"));
    }

    #[test]
    fn firefox_and_webkit_messages() {
        let resp = NetworkResponse::new(
            200,
            [
                ("Access-Control-Allow-Origin", "https://a.test"),
                ("Access-Control-Allow-Origin", "https://c.test"),
            ],
        );
        let mut ctx = MessageContext::fetch();
        ctx.response = Some(&resp);
        let missing = err(
            Reason::CorsCheck {
                failure: CorsCheckFailure::MissingAllowOrigin,
            },
            Some(RequestKind::Main),
        );
        assert_eq!(
            firefox_reason_code(&missing, &ctx),
            Some("CORSMissingAllowOrigin")
        );
        assert_eq!(
            firefox_message(&missing, &ctx).as_deref(),
            Some(
                "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://b.test/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200."
            )
        );
        assert_eq!(
            webkit_message(&missing, &ctx).as_deref(),
            Some(
                "Origin https://a.test is not allowed by Access-Control-Allow-Origin. Status code: 200"
            )
        );
        assert_eq!(
            webkit_load_line(&missing, &ctx).as_deref(),
            Some("Fetch API cannot load https://b.test/x due to access control checks.")
        );
        let multiple = err(
            Reason::CorsCheck {
                failure: CorsCheckFailure::MultipleAllowOriginValues {
                    value: "https://a.test, https://c.test".to_owned(),
                },
            },
            Some(RequestKind::Main),
        );
        assert_eq!(
            firefox_reason_code(&multiple, &ctx),
            Some("CORSMultipleAllowOriginNotAllowed")
        );
        ctx.response = None;
        assert_eq!(
            firefox_reason_code(&multiple, &ctx),
            Some("CORSAllowOriginNotMatchingOrigin")
        );
        assert_eq!(
            webkit_message(&multiple, &ctx).as_deref(),
            Some("Access-Control-Allow-Origin cannot contain more than one origin.")
        );
        let status = err(
            Reason::Preflight {
                failure: PreflightFailure::InvalidStatus { status: 403 },
            },
            Some(RequestKind::Preflight),
        );
        assert_eq!(
            firefox_message(&status, &ctx).as_deref(),
            Some(
                "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://b.test/x. (Reason: CORS preflight response did not succeed). Status code: 403."
            )
        );
        assert_eq!(
            webkit_message(&status, &ctx).as_deref(),
            Some("Preflight response is not successful. Status code: 403")
        );
        let headers = [("X-Api-Key".to_owned(), "1".to_owned())];
        ctx.request_headers = &headers;
        let header = err(
            Reason::Preflight {
                failure: PreflightFailure::HeaderNotAllowed {
                    name: "x-api-key".to_owned(),
                    allowed: Some("content-type".to_owned()),
                    wildcard_present: false,
                },
            },
            Some(RequestKind::Preflight),
        );
        assert_eq!(
            webkit_message(&header, &ctx).as_deref(),
            Some("Request header field X-Api-Key is not allowed by Access-Control-Allow-Headers.")
        );
        let methods = err(
            Reason::Preflight {
                failure: PreflightFailure::InvalidAllowMethods {
                    value: "GET, P(T".to_owned(),
                },
            },
            Some(RequestKind::Preflight),
        );
        assert_eq!(
            firefox_message(&methods, &ctx).as_deref(),
            Some(
                "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://b.test/x. (Reason: invalid token ‘P(T’ in CORS header ‘Access-Control-Allow-Methods’)."
            )
        );
    }

    #[test]
    fn fixes_name_header_value_and_response() {
        let ctx = MessageContext {
            requested_headers: Some("content-type,x-api-key"),
            method: "PUT",
            ..MessageContext::fetch()
        };
        let table: Vec<(Reason, Option<&str>, Option<&str>, FixTarget)> = vec![
            (
                Reason::CorsCheck {
                    failure: CorsCheckFailure::MissingAllowOrigin,
                },
                Some("Access-Control-Allow-Origin"),
                Some("https://a.test"),
                FixTarget::Actual,
            ),
            (
                Reason::Preflight {
                    failure: PreflightFailure::CorsCheck {
                        failure: CorsCheckFailure::InvalidAllowCredentials { value: None },
                    },
                },
                Some("Access-Control-Allow-Credentials"),
                Some("true"),
                FixTarget::Preflight,
            ),
            (
                Reason::Preflight {
                    failure: PreflightFailure::MethodNotAllowed {
                        method: "PUT".to_owned(),
                        allowed: Some("GET".to_owned()),
                    },
                },
                Some("Access-Control-Allow-Methods"),
                Some("GET, PUT"),
                FixTarget::Preflight,
            ),
            (
                Reason::Preflight {
                    failure: PreflightFailure::HeaderNotAllowed {
                        name: "x-api-key".to_owned(),
                        allowed: None,
                        wildcard_present: false,
                    },
                },
                Some("Access-Control-Allow-Headers"),
                Some("content-type, x-api-key"),
                FixTarget::Preflight,
            ),
            (
                Reason::Preflight {
                    failure: PreflightFailure::InvalidStatus { status: 401 },
                },
                None,
                None,
                FixTarget::Preflight,
            ),
            (Reason::BadPort { port: 1 }, None, None, FixTarget::Client),
        ];
        for (reason, header, value, on) in table {
            let f = fix(&err(reason.clone(), None), &ctx);
            assert_eq!(
                (f.header.as_deref(), f.value.as_deref(), f.on),
                (header, value, on),
                "{reason:?}"
            );
            assert!(!f.text.is_empty());
        }
    }

    #[test]
    fn every_reason_has_a_description_and_fix() {
        let reasons = vec![
            Reason::Request {
                error: RequestError::NavigateMode,
            },
            Reason::BadPort { port: 25 },
            Reason::SameOriginModeCrossOriginUrl,
            Reason::NoCorsRedirectModeNotFollow,
            Reason::CorsUnsupportedScheme {
                scheme: "ftp".to_owned(),
            },
            Reason::UnsupportedScheme {
                scheme: "blob".to_owned(),
            },
            Reason::RedirectModeError { status: 301 },
            Reason::Redirect {
                failure: RedirectFailure::TooManyRedirects,
            },
            Reason::Redirect {
                failure: RedirectFailure::InvalidLocation {
                    value: "http://[".to_owned(),
                },
            },
            Reason::Network {
                failure: crate::http::response::NetworkFailure::ConnectionRefused {
                    detail: "connection refused".to_owned(),
                },
            },
            Reason::LocalNetworkAccess {
                blocked: crate::policy::local_network_access::LocalNetworkAccessBlocked {
                    client_space: crate::policy::local_network_access::IpAddressSpace::Public,
                    resource_space: crate::policy::local_network_access::IpAddressSpace::Local,
                    why: LocalNetworkBlock::NonSecureContext,
                },
            },
            Reason::DriverProtocol,
        ];
        let ctx = MessageContext::fetch();
        for r in reasons {
            let e = err(r.clone(), None);
            assert!(!describe(&e).is_empty(), "{r:?}");
            assert!(!fix(&e, &ctx).text.is_empty(), "{r:?}");
            // Rendering never panics, whatever a browser knows.
            let _ = (
                chromium_message(&e, &ctx),
                firefox_message(&e, &ctx),
                webkit_message(&e, &ctx),
            );
        }
    }
}
