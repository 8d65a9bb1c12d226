//! Potentially trustworthy origins and URLs (Secure Contexts).
//!
//! <https://w3c.github.io/webappsec-secure-contexts/#potentially-trustworthy-origin>

use std::net::Ipv6Addr;

use url::{Host, Url};

use super::{FileUrlOrigin, Origin};

impl Origin {
    /// Whether this origin is potentially trustworthy: a tuple origin whose
    /// scheme is `https`, `wss` or `file`, or whose host is in `127.0.0.0/8`,
    /// is `::1`, or is `localhost`/`*.localhost` (with or without a trailing
    /// dot). Port and domain play no part. Opaque origins are not.
    ///
    /// xorigin models a user agent that follows "let localhost be localhost"
    /// (step 5), as Chromium and Firefox do, and configures no extra
    /// trustworthy schemes or origins (steps 7 and 8).
    ///
    /// <https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy>
    pub fn is_potentially_trustworthy(&self) -> bool {
        let Origin::Tuple(t) = self else {
            return false;
        };
        if matches!(t.scheme(), "https" | "wss") {
            return true;
        }
        let host_is_trustworthy = match &t.host {
            Host::Ipv4(ip) => ip.octets()[0] == 127,
            Host::Ipv6(ip) => *ip == Ipv6Addr::LOCALHOST,
            Host::Domain(d) => {
                let name = d.strip_suffix('.').unwrap_or(d);
                name == "localhost" || name.ends_with(".localhost")
            }
        };
        host_is_trustworthy || t.scheme() == "file"
    }
}

/// Whether a URL is potentially trustworthy: `about:blank` and
/// `about:srcdoc` (query and fragment ignored, as HTML's "matches
/// about:blank" does), `data:` URLs, `file:` URLs, and otherwise the verdict
/// on the URL's origin.
///
/// `file:` is decided on the scheme: Secure Contexts says user agents
/// "SHOULD treat `file` URLs as potentially trustworthy" and browsers do,
/// but with the default opaque [`FileUrlOrigin`] step 1 of the origin
/// algorithm would hide the scheme.
///
/// <https://w3c.github.io/webappsec-secure-contexts/#is-url-trustworthy>
pub fn is_potentially_trustworthy_url(url: &Url) -> bool {
    match url.scheme() {
        // Every other `about:` URL has an opaque origin: not trustworthy.
        "about" => {
            url.host().is_none()
                && url.username().is_empty()
                && url.password().is_none()
                && matches!(url.path(), "blank" | "srcdoc")
        }
        "data" | "file" | "https" | "wss" => true,
        // `blob:file:…` too is decided on the file scheme, hence `Tuple`.
        _ => Origin::from_url_with(url, FileUrlOrigin::Tuple).is_potentially_trustworthy(),
    }
}
