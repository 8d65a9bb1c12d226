//! Mixed content: requests from a secure page to URLs that are not
//! potentially trustworthy.
//! <https://w3c.github.io/webappsec-mixed-content/level2.html>

use url::Url;

use crate::http::request::Destination;
use crate::origin::{Origin, is_potentially_trustworthy_url};

/// What mixed-content processing does with a request's current URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MixedContent {
    /// Not mixed content (or a page that allows it).
    Allowed,
    /// An upgradable request (images, audio, video): fetched over `https`.
    Upgrade(Url),
    /// A blockable request: a network error.
    Blocked,
}

/// "Upgrade a mixed content request to a potentially trustworthy URL, if
/// appropriate" followed by "should fetching request be blocked as mixed
/// content?", for a request from a page whose origin is `client` (a page is
/// treated as a secure context exactly when its origin is potentially
/// trustworthy; an opaque-origin page is not).
/// <https://w3c.github.io/webappsec-mixed-content/level2.html#upgrade-algorithm>
/// <https://w3c.github.io/webappsec-mixed-content/level2.html#should-block-fetch>
pub fn mixed_content_check(client: &Origin, destination: Destination, url: &Url) -> MixedContent {
    // Only insecure transports are mixed content here: other schemes
    // (`ftp:`, `blob:`, ...) fail later as unsupported or non-HTTP(S), which
    // is the failure browsers report for them.
    if !matches!(url.scheme(), "http" | "ws")
        || is_potentially_trustworthy_url(url)
        || !client.is_potentially_trustworthy()
    {
        return MixedContent::Allowed;
    }
    match destination {
        // Upgradable: only `http` URLs, whose host is not an IP address.
        Destination::Image | Destination::Audio | Destination::Video
            if url.scheme() == "http" && matches!(url.host(), Some(url::Host::Domain(_))) =>
        {
            let mut upgraded = url.clone();
            // Setting the scheme of a special URL keeps it valid; port 80
            // becomes the new scheme's default.
            let port = upgraded.port();
            if upgraded.set_scheme("https").is_err() {
                return MixedContent::Blocked;
            }
            if port == Some(80) {
                let _ = upgraded.set_port(None);
            }
            MixedContent::Upgrade(upgraded)
        }
        _ => MixedContent::Blocked,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_on_an_ip_address_is_not_upgraded_but_blocked() {
        // Upgrade step 1: "request's URL's host is an IP address" returns
        // without upgrading; the request is then blocked.
        let https = Origin::parse_serialized("https://app.a.test").expect("origin");
        for u in ["http://192.0.2.1/i.png", "http://[2001:db8::1]/i.png"] {
            let url = Url::parse(u).expect("url");
            assert_eq!(
                mixed_content_check(&https, Destination::Image, &url),
                MixedContent::Blocked,
                "{u}"
            );
        }
    }

    #[test]
    fn mixed_content_table() {
        let https = Origin::parse_serialized("https://app.a.test").expect("origin");
        let http = Origin::parse_serialized("http://app.a.test").expect("origin");
        let url = |u: &str| Url::parse(u).expect("url");
        assert_eq!(
            mixed_content_check(&https, Destination::Empty, &url("http://api.b.test/")),
            MixedContent::Blocked
        );
        assert_eq!(
            mixed_content_check(&https, Destination::Empty, &url("https://api.b.test/")),
            MixedContent::Allowed
        );
        assert_eq!(
            mixed_content_check(&https, Destination::Empty, &url("http://127.0.0.1/")),
            MixedContent::Allowed
        );
        assert_eq!(
            mixed_content_check(&https, Destination::Empty, &url("http://localhost/")),
            MixedContent::Allowed
        );
        assert_eq!(
            mixed_content_check(&http, Destination::Empty, &url("http://api.b.test/")),
            MixedContent::Allowed
        );
        assert_eq!(
            mixed_content_check(
                &Origin::new_opaque(),
                Destination::Empty,
                &url("http://api.b.test/")
            ),
            MixedContent::Allowed
        );
        assert_eq!(
            mixed_content_check(&https, Destination::Image, &url("http://api.b.test/i.png")),
            MixedContent::Upgrade(url("https://api.b.test/i.png"))
        );
        assert_eq!(
            mixed_content_check(&https, Destination::Script, &url("http://api.b.test/s.js")),
            MixedContent::Blocked
        );
    }
}
