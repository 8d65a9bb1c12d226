//! Chromium's console messages, from `cors_error_string.cc` and Chrome 156's
//! console as recorded by the conformance harness.

use std::fmt::Write as _;

use crate::fetch::cors::{CorsCheckFailure, PreflightFailure};
use crate::fetch::redirect::RedirectFailure;
use crate::fetch::{NetworkError, Reason};
use crate::http::request::{Destination, RequestError};
use crate::http::response::{NetworkResponse, is_redirect_status};
use crate::policy::local_network_access::LocalNetworkBlock;
use crate::policy::mime_blocking::{ElementLoadFailure, MimeBlocked};

use super::message::MessageContext;

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
pub(super) fn chromium_request_error(error: &RequestError) -> String {
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
        // Blink names the request context: `resource` for fetch() (recorded:
        // spec-fixtures/local-network-access/lna-public-to-local-mixed-content.json),
        // `script`, `stylesheet`, `image` for elements (Blink
        // mixed_content_checker.cc, `typeNameFromContext`).
        Reason::MixedContent => format!(
            "Mixed Content: The page at '{}/' was loaded over HTTPS, but requested an insecure {} '{}'. This request has been blocked; the content must be served over HTTPS.",
            ctx.client_origin.unwrap_or(&err.origin),
            match ctx.kind {
                "script" => "script",
                "CSS stylesheet" => "stylesheet",
                "image" => "image",
                // Recorded: spec-fixtures/api-xhr/api-xhr-mixed-content-blocked.json,
                // api-font/api-font-mixed-content-blocked.json.
                "XMLHttpRequest" => "XMLHttpRequest endpoint",
                "font" => "font",
                _ => "resource",
            },
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
            // A broken image logs nothing to the page's console in Chromium
            // (recordings: spec-fixtures/element-loads/element-img-decode-*).
            ElementLoadFailure::ImageNotDecodable { .. } => return None,
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
/// (the `TypeError` goes to the page; see
/// [`type_error_message`](super::type_error_message)), and
/// neither does an opaque-response block.
pub fn chromium_console(err: &NetworkError, ctx: &MessageContext<'_>) -> Vec<String> {
    // An ORB block logs nothing to the page's console log (Chrome 156,
    // recorded); for an element DevTools' console shows the failed load as
    // `GET <url> net::ERR_BLOCKED_BY_ORB` (recorded: `Network.loadingFailed`
    // with `errorText: "net::ERR_BLOCKED_BY_ORB"` for spec-fixtures/orb/
    // orb-img-json-blocked.json; a no-cors fetch() is not failed this way).
    if let Reason::OpaqueResponseBlocking { .. } = err.reason
        && ctx.kind != "fetch"
    {
        return chromium_message(err, ctx).into_iter().collect();
    }
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

/// Chromium's warning when it upgrades an `<img>` (or other upgradable
/// element) from `http` to `https` on an https page: the load goes on
/// (recorded in Chrome 156, spec-fixtures/element-loads/
/// element-mixed-img-http-upgraded.json; Chromium names the page's URL, the
/// engine its origin's root).
pub fn chromium_upgrade_warning(page_origin: &str, insecure_url: &str) -> String {
    format!(
        "Mixed Content: The page at '{page_origin}/' was loaded over HTTPS, but requested an insecure element '{insecure_url}'. This request was automatically upgraded to HTTPS, For more information see https://blog.chromium.org/2019/10/no-more-mixed-messages-about-https.html"
    )
}
