//! What every browser's console messages need beyond the network error
//! itself ([`MessageContext`]), and the `TypeError` each browser's `fetch()`
//! rejects with.

use crate::browser::BrowserName;
use crate::fetch::{NetworkError, Reason};
use crate::http::request::{CredentialsMode, Mode};
use crate::http::response::NetworkResponse;

use super::chromium::chromium_request_error;
use super::firefox::{firefox_invalid_header_value, firefox_request_error};
use super::webkit::{webkit_invalid_header_value, webkit_request_error};
use crate::http::request::RequestError;

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

/// [`type_error_message`], with what script passed (`ctx.request_headers`):
/// Firefox's and WebKit's `TypeError` for an invalid header value quote the
/// value, which the error itself does not carry.
pub fn type_error_message_in(
    browser: BrowserName,
    err: &NetworkError,
    ctx: &MessageContext<'_>,
) -> Option<String> {
    if let Reason::Request {
        error: RequestError::InvalidHeaderValue { name },
    } = &err.reason
        && matches!(browser, BrowserName::Firefox | BrowserName::Webkit)
    {
        // The first header of that name whose normalized value is invalid
        // (NUL, CR or LF left after trimming HTTP whitespace).
        let invalid = ctx.request_headers.iter().find_map(|(n, v)| {
            let value = v.trim_matches(['\t', '\n', '\r', ' ']);
            (n.eq_ignore_ascii_case(name) && value.contains(['\0', '\r', '\n']))
                .then_some((n.as_str(), value))
        });
        if let Some((spelled, value)) = invalid {
            return Some(match browser {
                BrowserName::Firefox => firefox_invalid_header_value(value),
                _ => webkit_invalid_header_value(spelled, value),
            });
        }
    }
    type_error_message(browser, err)
}
