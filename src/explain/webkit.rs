//! WebKit's console messages, from `CrossOriginAccessControl.cpp` and
//! WebKitGTK 2.50's console as recorded by the conformance harness.

use crate::fetch::cors::{CorsCheckFailure, PreflightFailure};
use crate::fetch::redirect::RedirectFailure;
use crate::fetch::{NetworkError, Reason};
use crate::http::request::RequestError;
use crate::http::response::is_redirect_status;

use super::message::MessageContext;

/// WebKit's `TypeError` message for a request the `Request` constructor
/// rejects (recorded with WebKitGTK 2.50.6: the `*-throws` fixtures of
/// `spec-fixtures/modes/` and `spec-fixtures/simple/`).
pub(super) fn webkit_request_error(error: &RequestError) -> Option<String> {
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

/// WebKit's `TypeError` for a header value that is not a valid header
/// value: the name as script spelled it and the normalized value, bytes as
/// given (recorded with WebKitGTK 2.50.6: `Header 'X-Bad' has invalid value:
/// 'a\nb'`).
pub(super) fn webkit_invalid_header_value(name: &str, value: &str) -> String {
    format!("Header '{name}' has invalid value: '{value}'")
}

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
        // EventSource, beacons, WebSockets and navigations (v1.2): WebKit's
        // lines for them are not recorded yet, so none is claimed.
        "resource" => return None,
        _ => "Cannot load ",
    };
    let end = if webkit_message(err, ctx).is_some() {
        " due to access control checks."
    } else {
        "."
    };
    Some(format!("{start}{}{end}", err.url))
}
