//! Firefox's console messages and reason codes, from `security.properties`
//! and Firefox 153's console as recorded by the conformance harness.

use crate::fetch::cors::{CorsCheckFailure, PreflightFailure};
use crate::fetch::redirect::RedirectFailure;
use crate::fetch::{NetworkError, Reason};
use crate::http::headers;
use crate::http::request::{Mode, RequestError};
use crate::http::response::is_redirect_status;
use crate::origin::Origin;
use crate::policy::mime_blocking::ElementLoadFailure;

use super::message::MessageContext;

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
        // Firefox counts the lines spelled exactly `Access-Control-Allow-Origin`
        // (two lower-case lines, as hyper/axum send them, are one combined
        // value that does not match: recorded in Firefox 153 with
        // `xorigin-conformance middleware`, case `hand-acao-twice`).
        CorsCheckFailure::MultipleAllowOriginValues { .. }
            if ctx.response.is_some_and(|r| {
                r.header_list
                    .iter()
                    .filter(|(n, _)| *n == b"Access-Control-Allow-Origin")
                    .count()
                    > 1
            }) =>
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
        // Gecko's css `Loader` (`MimeNotCss` in css.properties): recorded in
        // Firefox 153 for a `<link rel=stylesheet>` served as `text/html`.
        Reason::ElementLoad {
            failure: ElementLoadFailure::StyleNotTextCss { essence },
        } => (
            "MimeNotCss",
            format!(
                "The stylesheet {url} was not loaded because its MIME type, “{}”, is not “text/css”.",
                essence.as_deref().unwrap_or("")
            ),
        ),
        // A CORS request that got no response at all (Firefox 153 logs a
        // denied Local Network Access request the same way; recorded:
        // spec-fixtures/firefox/firefox-lna-*.json).
        Reason::Network { .. } | Reason::LocalNetworkAccess { .. }
            if ctx.mode == Mode::Cors && is_cross_origin(err) =>
        {
            (
                "CORSDidNotSucceed",
                format!("{blocked} (Reason: CORS request did not succeed). Status code: (null)."),
            )
        }
        _ => return None,
    })
}

/// The `TypeError` message Firefox's `fetch()` throws for a request error,
/// as Firefox 153 prints it (recorded by the conformance harness); `None`
/// where not recorded.
pub(super) fn firefox_request_error(error: &RequestError) -> Option<String> {
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

/// Firefox's `TypeError` for a header value that is not a valid header
/// value, given the value script passed (`ctx.request_headers`): Firefox
/// 153 prints the normalized value up to its first NUL byte (recorded:
/// `a\0b` reads `a`, `a\nb` and `a\rb` as given).
pub(super) fn firefox_invalid_header_value(value: &str) -> String {
    let shown = value.split('\0').next().unwrap_or("");
    format!("Window.fetch: {shown} is an invalid header value.")
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
