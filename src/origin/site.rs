//! Sites: HTML's unit of same-site checks.
//!
//! <https://html.spec.whatwg.org/multipage/browsers.html#sites>

use std::fmt;

use url::Host;

use super::{OpaqueOrigin, Origin, PublicSuffixList};

impl Origin {
    /// Obtains the site of this origin, with the embedded public suffix list.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#obtain-a-site>
    pub fn site(&self) -> Site {
        self.site_with(&PublicSuffixList::Embedded)
    }

    /// Obtains the site of this origin with the given public suffix list:
    /// the origin itself if opaque; else (scheme, registrable domain of the
    /// host), or (scheme, host) when the host has no registrable domain (IP
    /// addresses, public suffixes such as `github.io`, `localhost`).
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#obtain-a-site>
    pub fn site_with(&self, list: &PublicSuffixList) -> Site {
        match self {
            Origin::Opaque(o) => Site::Opaque(o.clone()),
            Origin::Tuple(t) => {
                let host = match list.registrable_domain(&t.host) {
                    Some(registrable) => Host::Domain(registrable),
                    None => t.host.clone(),
                };
                Site::SchemeAndHost {
                    scheme: t.scheme.to_owned(),
                    host,
                }
            }
        }
    }
}

/// A site: an opaque origin, or a scheme-and-host.
///
/// The host of a scheme-and-host obtained from an origin is the origin
/// host's registrable domain, or the host itself when it has none.
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#site>
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Site {
    /// The site of an opaque origin is that origin.
    Opaque(OpaqueOrigin),
    /// A scheme-and-host.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#scheme-and-host>
    SchemeAndHost {
        /// The scheme, lowercase.
        scheme: String,
        /// A registrable domain, or a host that has none.
        host: Host<String>,
    },
}

impl Site {
    /// Same site for sites: the same opaque origin, or scheme-and-hosts with
    /// equal schemes and equal hosts. (This is exactly `==`.)
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#concept-site-same-site>
    pub fn same_site(&self, other: &Site) -> bool {
        self == other
    }

    /// The serialization of a site: `null`, or `scheme://host`.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#serialization-of-a-site>
    pub fn serialization(&self) -> String {
        match self {
            Site::Opaque(_) => "null".to_owned(),
            Site::SchemeAndHost { scheme, host } => format!("{scheme}://{host}"),
        }
    }
}

impl fmt::Display for Site {
    /// The serialization of a site.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Site::Opaque(_) => f.write_str("null"),
            Site::SchemeAndHost { scheme, host } => write!(f, "{scheme}://{host}"),
        }
    }
}

/// Whether two origins are same site (embedded public suffix list): their
/// sites are equal, so schemes must match but ports do not matter.
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#same-site>
pub fn same_site(a: &Origin, b: &Origin) -> bool {
    same_site_with(a, b, &PublicSuffixList::Embedded)
}

/// [`same_site`] with the given public suffix list.
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#same-site>
pub fn same_site_with(a: &Origin, b: &Origin, list: &PublicSuffixList) -> bool {
    // Sites are schemeful: another scheme is another site, the same host the
    // same site; only the rest needs the public suffix list.
    if let (Origin::Tuple(x), Origin::Tuple(y)) = (a, b) {
        if x.scheme != y.scheme {
            return false;
        }
        if x.host == y.host {
            return true;
        }
        return same_site_hosts(&borrowed(&x.host), &borrowed(&y.host), list);
    }
    a.site_with(list).same_site(&b.site_with(list))
}

/// [`same_site`] of an origin and a URL's origin, without building the
/// URL's origin (the hot path of `Sec-Fetch-Site`).
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#same-site>
pub fn same_site_with_url(origin: &Origin, url: &url::Url) -> bool {
    match (origin, url.scheme(), url.host()) {
        // URLs of the tuple schemes have a tuple origin of their scheme and
        // host; a tuple origin's scheme is one of them or `file`, so one
        // comparison stands for the list.
        (Origin::Tuple(t), scheme, Some(host)) if t.scheme == scheme && scheme != "file" => {
            t.host == host
                || same_site_hosts(&borrowed(&t.host), &host, &PublicSuffixList::Embedded)
        }
        (Origin::Tuple(_), "http" | "https" | "ws" | "wss" | "ftp", Some(_)) => false,
        _ => same_site(origin, &Origin::from_url(url)),
    }
}

fn borrowed(host: &Host<String>) -> Host<&str> {
    match host {
        Host::Domain(d) => Host::Domain(d.as_str()),
        Host::Ipv4(a) => Host::Ipv4(*a),
        Host::Ipv6(a) => Host::Ipv6(*a),
    }
}

/// Whether two hosts of one scheme give equal sites: the hosts of their
/// sites (the registrable domain, or the host when it has none) are equal,
/// compared on borrowed slices.
fn same_site_hosts(a: &Host<&str>, b: &Host<&str>, list: &PublicSuffixList) -> bool {
    match (a, b) {
        (Host::Domain(a), Host::Domain(b)) => {
            let site_a = list.registrable_domain_of_domain(a).unwrap_or(a);
            // The other site's host is a suffix of its host: a host that does
            // not end with this one cannot have it (one look-up saved for a
            // cross-site pair).
            if !b.ends_with(site_a) {
                return false;
            }
            let site_b = list.registrable_domain_of_domain(b).unwrap_or(b);
            site_a == site_b
        }
        // An IP address is its own site's host.
        _ => a == b,
    }
}

/// Whether two origins are schemelessly same site (embedded public suffix
/// list): schemes and ports are ignored.
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#schemelessly-same-site>
pub fn schemelessly_same_site(a: &Origin, b: &Origin) -> bool {
    schemelessly_same_site_with(a, b, &PublicSuffixList::Embedded)
}

/// [`schemelessly_same_site`] with the given public suffix list.
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#schemelessly-same-site>
pub fn schemelessly_same_site_with(a: &Origin, b: &Origin, list: &PublicSuffixList) -> bool {
    match (a, b) {
        // Step 1.
        (Origin::Opaque(x), Origin::Opaque(y)) => x == y,
        // Step 2.
        (Origin::Tuple(x), Origin::Tuple(y)) => {
            let registrable_x = list.registrable_domain(&x.host);
            match registrable_x {
                // 2.2: equal hosts without a registrable domain (IP
                // addresses, public suffixes) are same site with themselves.
                None => x.host == y.host,
                // 2.3
                Some(rx) => list.registrable_domain(&y.host).as_ref() == Some(&rx),
            }
        }
        // Step 3.
        _ => false,
    }
}
