//! One sentence per network error saying what went wrong, in the
//! standard's terms.

use crate::fetch::cors::{CorsCheckFailure, PreflightFailure};
use crate::fetch::redirect::RedirectFailure;
use crate::fetch::{NetworkError, Reason};
use crate::http::request::Destination;
use crate::http::response::NetworkResponse;
use crate::http::response::is_redirect_status;
use crate::policy::local_network_access::LocalNetworkBlock;
use crate::policy::mime_blocking::{ElementLoadFailure, MimeBlocked};

/// One sentence saying what went wrong, in the standard's terms.
/// [`describe`], told the response that failed: a preflight answered with
/// a redirect fails the CORS check first (it rarely carries the headers), but
/// the redirect is the cause to name, as Chromium does ("Redirect is not
/// allowed for a preflight request").
pub fn describe_with_response(err: &NetworkError, response: Option<&NetworkResponse>) -> String {
    match preflight_redirect(err, response) {
        Some((status, location)) => format!(
            "the preflight was answered with a redirect ({status}{location}): a CORS-preflight response must not redirect, and a redirect rarely carries the CORS headers ({})",
            describe(err)
        ),
        None => describe(err),
    }
}

/// The status and ` to <Location>` of a failed preflight's redirect answer.
pub(super) fn preflight_redirect(
    err: &NetworkError,
    response: Option<&NetworkResponse>,
) -> Option<(u16, String)> {
    if !matches!(err.reason, Reason::Preflight { .. }) {
        return None;
    }
    let response = response.filter(|r| crate::http::response::is_redirect_status(r.status))?;
    let location = response
        .header_list
        .get(b"location")
        .map(|v| format!(" to {}", String::from_utf8_lossy(&v)))
        .unwrap_or_default();
    Some((response.status, location))
}

/// The reason in a sentence.
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
            ElementLoadFailure::ImageNotDecodable { essence, sniffed } => format!(
                "the fetch succeeded but the image fires `error`: the response ({}, {}) is not an image the decoder can read",
                essence.as_deref().map_or_else(|| "no MIME type".to_owned(), |e| format!("`{e}`")),
                sniffed.map_or_else(
                    || "no image signature".to_owned(),
                    |s| format!("a {s} signature cut before its first frame")
                )
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
                // `*` only fails to match when credentials are included.
                Some(v) if list_has_star(v) => format!(
                    "method {method} is not in Access-Control-Allow-Methods ({v:?}): the request includes credentials, so `*` is a literal method name, not a wildcard"
                ),
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
                if *wildcard_present && name == "authorization" {
                    s.push_str("; `*` never covers authorization");
                } else if *wildcard_present {
                    // `*` covers every other name unless credentials are included.
                    s.push_str(
                        ": the request includes credentials, so `*` is a literal header name, not a wildcard",
                    );
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

/// Whether a combined `Access-Control-Allow-*` value lists `*`.
pub(super) fn list_has_star(value: &str) -> bool {
    value.split(',').any(|t| t.trim() == "*")
}
