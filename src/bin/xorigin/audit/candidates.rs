//! The attacker origins an audit tries against a target, and which
//! browsers can produce each of them. No I/O.
use serde::Serialize;
use url::{Host, Url};
use xorigin::browser::BrowserName;
use xorigin::origin::PublicSuffixList;

/// What an audit checks. The spelling (kebab-case) is the `check` field of
/// the JSON and the SARIF rule id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Check {
    /// Any origin is echoed in `Access-Control-Allow-Origin`.
    ArbitraryOrigin,
    /// `null` is trusted (sandboxed iframes, `data:` documents).
    NullOrigin,
    /// `https://target.example.attacker.test` is trusted (a prefix match).
    PrefixMatch,
    /// `https://xorigintarget.example` is trusted (a suffix match).
    SuffixMatch,
    /// An origin that merely contains the trusted host is trusted.
    SubstringMatch,
    /// A dot of the trusted host matched any character (an unescaped `.` in
    /// a regular expression).
    UnescapedDot,
    /// Any subdomain of the target's site is trusted.
    AnySubdomain,
    /// An `http:` origin is trusted by an `https:` resource.
    InsecureOrigin,
    /// An origin whose host has a character only some browsers put in a host.
    SpecialCharacter,
    /// A third-party hosting origin (anyone can publish there) is trusted.
    ThirdPartyHosting,
    /// The preflight answer allows whatever method is asked for.
    ReflectedMethods,
    /// The preflight answer allows whatever request headers are asked for.
    ReflectedHeaders,
    /// `Access-Control-Allow-Private-Network: true` to any origin.
    PrivateNetworkToAnyOrigin,
    /// A reflected `Access-Control-Allow-Origin` without `Vary: Origin`.
    MissingVaryOrigin,
    /// `Access-Control-Max-Age` beyond every browser's cap.
    MaxAgeBeyondCaps,
    /// `Access-Control-Allow-Origin: *` with credentials.
    WildcardWithCredentials,
}

impl Check {
    /// Every check, in report order.
    pub(crate) const ALL: [Check; 16] = [
        Check::ArbitraryOrigin,
        Check::NullOrigin,
        Check::PrefixMatch,
        Check::SuffixMatch,
        Check::SubstringMatch,
        Check::UnescapedDot,
        Check::AnySubdomain,
        Check::InsecureOrigin,
        Check::SpecialCharacter,
        Check::ThirdPartyHosting,
        Check::ReflectedMethods,
        Check::ReflectedHeaders,
        Check::PrivateNetworkToAnyOrigin,
        Check::MissingVaryOrigin,
        Check::MaxAgeBeyondCaps,
        Check::WildcardWithCredentials,
    ];

    /// The kebab-case id.
    pub(crate) fn id(self) -> &'static str {
        match self {
            Check::ArbitraryOrigin => "arbitrary-origin",
            Check::NullOrigin => "null-origin",
            Check::PrefixMatch => "prefix-match",
            Check::SuffixMatch => "suffix-match",
            Check::SubstringMatch => "substring-match",
            Check::UnescapedDot => "unescaped-dot",
            Check::AnySubdomain => "any-subdomain",
            Check::InsecureOrigin => "insecure-origin",
            Check::SpecialCharacter => "special-character",
            Check::ThirdPartyHosting => "third-party-hosting",
            Check::ReflectedMethods => "reflected-methods",
            Check::ReflectedHeaders => "reflected-headers",
            Check::PrivateNetworkToAnyOrigin => "private-network-to-any-origin",
            Check::MissingVaryOrigin => "missing-vary-origin",
            Check::MaxAgeBeyondCaps => "max-age-beyond-caps",
            Check::WildcardWithCredentials => "wildcard-with-credentials",
        }
    }

    /// One line saying what the check found.
    pub(crate) fn title(self) -> &'static str {
        match self {
            Check::ArbitraryOrigin => {
                "Any origin is trusted (Access-Control-Allow-Origin echoes it)"
            }
            Check::NullOrigin => {
                "The null origin is trusted (sandboxed iframes and data: documents have it)"
            }
            Check::PrefixMatch => "An origin that starts with a trusted origin is trusted",
            Check::SuffixMatch => "An origin that ends with the trusted site's name is trusted",
            Check::SubstringMatch => "An origin that contains the trusted host is trusted",
            Check::UnescapedDot => {
                "A dot in the trusted host matches any character (unescaped in a pattern)"
            }
            Check::AnySubdomain => "Any subdomain of the site is trusted",
            Check::InsecureOrigin => "An http: origin is trusted by an https: resource",
            Check::SpecialCharacter => "An origin with a special character in its host is trusted",
            Check::ThirdPartyHosting => {
                "A third-party hosting origin (anyone can publish there) is trusted"
            }
            Check::ReflectedMethods => "The preflight answer allows any requested method",
            Check::ReflectedHeaders => "The preflight answer allows any requested header",
            Check::PrivateNetworkToAnyOrigin => {
                "Access-Control-Allow-Private-Network: true is sent to any origin"
            }
            Check::MissingVaryOrigin => {
                "A per-origin Access-Control-Allow-Origin without Vary: Origin (shared-cache poisoning)"
            }
            Check::MaxAgeBeyondCaps => "Access-Control-Max-Age beyond every browser's cap",
            Check::WildcardWithCredentials => {
                "Access-Control-Allow-Origin: * with credentials (no browser allows it)"
            }
        }
    }
}

/// The origin a fake attacker uses; `.test` is reserved (RFC 2606), so it
/// never names a real site.
pub(crate) const ATTACKER_SITE: &str = "xorigin-attacker.test";

/// Static hosting and object-storage domains where anyone can publish a
/// page: a server trusting any origin under one of them trusts strangers.
/// Each is tried as `https://xorigin-audit.<domain>`.
pub(crate) const THIRD_PARTY_HOSTING: [&str; 14] = [
    "github.io",
    "gitlab.io",
    "netlify.app",
    "vercel.app",
    "pages.dev",
    "herokuapp.com",
    "web.app",
    "firebaseapp.com",
    "azurewebsites.net",
    "appspot.com",
    "cloudfront.net",
    "s3.amazonaws.com",
    "storage.googleapis.com",
    "blob.core.windows.net",
];

/// Characters tried after the trusted host (`https://app.example_.attacker.test`),
/// for patterns that stop the host at anything but a letter, digit, `-` or
/// `.`: `_` and `}` go into a host in every browser, `"` in Chromium and
/// WebKit, `*` in WebKit only (see [`keeps_in_host`]).
pub(crate) const SPECIAL_CHARACTERS: [char; 4] = ['_', '}', '"', '*'];

/// At most this many trusted origins are used to derive candidates.
pub(crate) const MAX_TRUSTED_ORIGINS: usize = 4;

/// One origin to send in `Origin`, and the check that flags it if trusted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub check: Check,
    /// The serialized origin.
    pub origin: String,
}

/// The origin an `http(s)` URL with `host` has, serialized.
fn origin(scheme: &str, host: &str, port: Option<u16>) -> String {
    match port {
        Some(p) => format!("{scheme}://{host}:{p}"),
        None => format!("{scheme}://{host}"),
    }
}

/// The site name the suffix and subdomain candidates hang on: the host's
/// registrable domain, or the host itself (an IP address, `localhost`).
fn site_name(host: &Host<String>) -> String {
    PublicSuffixList::Embedded
        .registrable_domain(host)
        .unwrap_or_else(|| host.to_string())
}

/// The attacker origins tried against `target`, trusting `trusted`
/// (serialized tuple origins; at most [`MAX_TRUSTED_ORIGINS`] are used,
/// and the target's own origin when there are none). Deduplicated, in
/// check order.
pub(crate) fn candidates(target: &Url, trusted: &[Url]) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut push = |check: Check, origin: String| {
        // Each origin is tried once, under the most general check that
        // produced it; a candidate that would not parse is left out.
        if !out.iter().any(|c| c.origin == origin) && parses(&origin) {
            out.push(Candidate { check, origin });
        }
    };
    push(Check::ArbitraryOrigin, format!("https://{ATTACKER_SITE}"));
    push(Check::NullOrigin, "null".to_owned());
    let own = [target.clone()];
    let bases = if trusted.is_empty() {
        &own[..]
    } else {
        trusted
    };
    for base in bases.iter().take(MAX_TRUSTED_ORIGINS) {
        let Some(host) = base.host() else { continue };
        let host = host.to_owned();
        let name = host.to_string();
        let scheme = base.scheme();
        let port = base.port();
        let site = site_name(&host);
        push(
            Check::PrefixMatch,
            origin(scheme, &format!("{name}.{ATTACKER_SITE}"), port),
        );
        push(
            Check::SuffixMatch,
            origin(scheme, &format!("xorigin{site}"), port),
        );
        push(
            Check::SubstringMatch,
            origin(scheme, &format!("xorigin{site}.{ATTACKER_SITE}"), port),
        );
        if let Host::Domain(d) = &host
            && d.contains('.')
        {
            push(
                Check::UnescapedDot,
                origin(scheme, &d.replacen('.', "x", 1), port),
            );
        }
        if matches!(host, Host::Domain(_)) {
            push(
                Check::AnySubdomain,
                origin(scheme, &format!("xorigin-audit.{site}"), port),
            );
        }
        if target.scheme() == "https" && scheme == "https" {
            push(Check::InsecureOrigin, origin("http", &name, port));
        }
        if matches!(host, Host::Domain(_)) {
            for c in SPECIAL_CHARACTERS {
                push(
                    Check::SpecialCharacter,
                    origin(scheme, &format!("{name}{c}.{ATTACKER_SITE}"), port),
                );
            }
        }
    }
    for domain in THIRD_PARTY_HOSTING {
        push(
            Check::ThirdPartyHosting,
            format!("https://xorigin-audit.{domain}"),
        );
    }
    out
}

/// Whether the engine can take `origin` as a page's origin.
fn parses(origin: &str) -> bool {
    xorigin::origin::Origin::parse_serialized(origin).is_ok()
}

/// Whether `browser`'s URL parser keeps the ASCII character `c` as it is in
/// a domain (so a page can have an origin with it, and sends it as is in
/// `Origin`).
///
/// The URL Standard keeps every character but the forbidden domain code
/// points; this is asked of the `url` crate, which implements it. WebKit's
/// `URLParser` follows it (WebKit aligned its forbidden host and domain
/// code points with the standard in 2023, WebKit pull request 14253).
/// Chromium's `url_canon_host.cc` (`kHostCharLookup`) keeps what the
/// standard keeps but percent-escapes `*` (and space), crbug.com/1416013.
/// Firefox's `nsStandardURL.cpp` also rejects `*` and `"` in a host
/// (whatwg/url issue 458).
/// <https://url.spec.whatwg.org/#forbidden-domain-code-point>
pub(crate) fn keeps_in_host(browser: BrowserName, c: char) -> bool {
    let spec = Url::parse(&format!("https://a{c}b.test/"))
        .ok()
        .and_then(|u| u.host_str().map(|h| h.contains(c)))
        .unwrap_or(false);
    match browser {
        BrowserName::Chromium => spec && c != '*',
        BrowserName::Firefox => spec && !matches!(c, '*' | '"'),
        BrowserName::Spec | BrowserName::Webkit => spec,
    }
}

/// Whether a page in `browser` can have `origin` (serialized): `null`
/// always (a sandboxed iframe), a tuple origin when the browser keeps each
/// character of its host as it is.
pub(crate) fn can_produce(browser: BrowserName, origin: &str) -> bool {
    let Ok(url) = Url::parse(origin) else {
        return origin == "null";
    };
    match url.host() {
        Some(Host::Domain(d)) => d.chars().all(|c| keeps_in_host(browser, c)),
        Some(_) => true,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn candidates_cover_every_origin_check_once() {
        let got = candidates(
            &url("https://api.target.example/items"),
            &[url("https://app.target.example")],
        );
        let find = |o: &str| got.iter().find(|c| c.origin == o).map(|c| c.check);
        assert_eq!(
            find("https://xorigin-attacker.test"),
            Some(Check::ArbitraryOrigin)
        );
        assert_eq!(find("null"), Some(Check::NullOrigin));
        assert_eq!(
            find("https://app.target.example.xorigin-attacker.test"),
            Some(Check::PrefixMatch)
        );
        assert_eq!(
            find("https://xorigintarget.example"),
            Some(Check::SuffixMatch)
        );
        assert_eq!(
            find("https://xorigintarget.example.xorigin-attacker.test"),
            Some(Check::SubstringMatch)
        );
        assert_eq!(
            find("https://appxtarget.example"),
            Some(Check::UnescapedDot)
        );
        assert_eq!(
            find("https://xorigin-audit.target.example"),
            Some(Check::AnySubdomain)
        );
        assert_eq!(
            find("http://app.target.example"),
            Some(Check::InsecureOrigin)
        );
        assert_eq!(
            find("https://app.target.example}.xorigin-attacker.test"),
            Some(Check::SpecialCharacter)
        );
        assert_eq!(
            find("https://xorigin-audit.github.io"),
            Some(Check::ThirdPartyHosting)
        );
        let mut origins: Vec<&str> = got.iter().map(|c| c.origin.as_str()).collect();
        let len = origins.len();
        origins.dedup();
        assert_eq!(origins.len(), len);
        assert_eq!(
            len,
            2 + 6 + SPECIAL_CHARACTERS.len() + THIRD_PARTY_HOSTING.len(),
            "{got:#?}"
        );
    }

    #[test]
    fn no_insecure_candidate_for_an_http_target_and_ports_are_kept() {
        let got = candidates(
            &url("http://127.0.0.1:8080/"),
            &[url("http://localhost:3000")],
        );
        assert!(got.iter().all(|c| c.check != Check::InsecureOrigin));
        assert!(
            got.iter()
                .any(|c| c.origin == "http://localhost.xorigin-attacker.test:3000")
        );
        // Without trusted origins the target's own origin is the base; an IP
        // address has no subdomains and no special-character variants.
        let own = candidates(&url("http://127.0.0.1:8080/"), &[]);
        assert!(
            own.iter()
                .all(|c| !matches!(c.check, Check::AnySubdomain | Check::SpecialCharacter))
        );
    }

    #[test]
    fn which_browsers_can_produce_an_origin() {
        for b in [
            BrowserName::Chromium,
            BrowserName::Firefox,
            BrowserName::Webkit,
        ] {
            assert!(can_produce(b, "null"));
            assert!(can_produce(b, "https://a_b.example.test"));
            assert!(can_produce(b, "http://127.0.0.1:3000"));
        }
        let star = "https://app.example*.xorigin-attacker.test";
        assert!(!can_produce(BrowserName::Chromium, star));
        assert!(!can_produce(BrowserName::Firefox, star));
        assert!(can_produce(BrowserName::Webkit, star));
        let quote = "https://app.example\".xorigin-attacker.test";
        assert!(can_produce(BrowserName::Chromium, quote));
        assert!(!can_produce(BrowserName::Firefox, quote));
        assert!(can_produce(BrowserName::Webkit, quote));
        for b in [
            BrowserName::Chromium,
            BrowserName::Firefox,
            BrowserName::Webkit,
        ] {
            assert!(can_produce(b, "https://app.example}.xorigin-attacker.test"));
            // Forbidden domain code points: no browser.
            for c in ['^', '|', '<', '%', ' '] {
                assert!(!keeps_in_host(b, c), "{b:?} {c:?}");
            }
        }
    }

    #[test]
    fn check_ids_are_the_serde_spelling() {
        for c in Check::ALL {
            assert_eq!(
                serde_json::to_value(c).ok(),
                Some(serde_json::Value::String(c.id().to_owned()))
            );
        }
    }
}
