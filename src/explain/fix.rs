//! The change that makes a network error go away: which header the server
//! must send, with which value, on which response; or what the page must
//! change.

use serde::Serialize;

use crate::fetch::cors::{CorsCheckFailure, PreflightFailure};
use crate::fetch::redirect::RedirectFailure;
use crate::fetch::{NetworkError, Reason};
use crate::http::request::{CredentialsMode, Destination};
use crate::http::response::is_redirect_status;
use crate::policy::local_network_access::LocalNetworkBlock;
use crate::policy::mime_blocking::{ElementLoadFailure, MimeBlocked};

use super::describe::{list_has_star, preflight_redirect};
use super::message::MessageContext;

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

fn redirect_preflight_fix(err: &NetworkError, status: u16) -> Fix {
    fix_text(
        FixTarget::Preflight,
        format!(
            "Answer the OPTIONS request at {} itself with 204 (or 200) and the CORS headers instead of redirecting ({status}); or make the page fetch the final URL.",
            err.url
        ),
    )
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
                format!("Answer with a 2xx status: scripts, stylesheets (and SVG images in Firefox) fail on {status}."),
            ),
            ElementLoadFailure::StyleNotTextCss { .. } => fix_header(
                "Content-Type",
                "text/css",
                FixTarget::Actual,
                "Serve the stylesheet as `Content-Type: text/css`.".to_owned(),
            ),
            ElementLoadFailure::ImageNotDecodable { .. } => fix_text(
                FixTarget::Actual,
                "Serve the image itself (PNG, GIF, JPEG, WebP, BMP, ICO, or an SVG document as `image/svg+xml`): the response was delivered but is not an image the decoder can read.".to_owned(),
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
            PreflightFailure::CorsCheck { .. }
                if let Some((status, _)) = preflight_redirect(err, ctx.response) =>
            {
                redirect_preflight_fix(err, status)
            }
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
            PreflightFailure::InvalidStatus { status } if is_redirect_status(*status) => {
                redirect_preflight_fix(err, *status)
            }
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
                // With credentials `*` is a literal name: the fix is the
                // explicit list, without it.
                let star = allowed.as_deref().is_some_and(list_has_star);
                let listed: Vec<&str> = allowed
                    .as_deref()
                    .unwrap_or("")
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty() && *t != "*")
                    .collect();
                let value = if listed.is_empty() {
                    method.clone()
                } else {
                    format!("{}, {method}", listed.join(", "))
                };
                let note = if star {
                    " The request includes credentials, so `*` is a literal method name, not a wildcard: list the methods by name."
                } else {
                    ""
                };
                fix_header(
                    "Access-Control-Allow-Methods",
                    &value,
                    FixTarget::Preflight,
                    format!(
                        "Send `Access-Control-Allow-Methods: {value}` on the preflight response (method names are case-sensitive).{note}"
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
                let note = if wildcard && name == Some("authorization") {
                    " `*` never covers `authorization`: list it by name."
                } else if wildcard {
                    " The request includes credentials, so `*` is a literal header name, not a wildcard: list every header by name."
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
