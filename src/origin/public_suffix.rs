//! Public suffixes and registrable domains of hosts.
//!
//! <https://url.spec.whatwg.org/#host-public-suffix>
//!
//! The URL Standard defers to the Public Suffix List's formal algorithm
//! (<https://github.com/publicsuffix/list/wiki/Format#formal-algorithm>).
//! Two lists are offered:
//!
//! - [`PublicSuffixList::Embedded`] (the default): the `psl` crate, which
//!   compiles a snapshot of the list into match code. Zero configuration, no
//!   file or network at run time, no allocation per lookup.
//! - [`PublicSuffixList::Custom`]: a list parsed at run time by the
//!   `publicsuffix` crate, for a user-pinned snapshot (browsers ship different
//!   snapshots; the URL Standard warns that the list "will diverge from client
//!   to client").
//!
//! This module sits on floor 1: it knows hosts, not origins.

use std::fmt;
use std::net::Ipv4Addr;

use psl::Psl;
use url::Host;

/// A public suffix list to run the Public Suffix List algorithm with.
///
/// <https://url.spec.whatwg.org/#host-public-suffix>
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum PublicSuffixList {
    /// The snapshot compiled into the `psl` crate (the default).
    #[default]
    Embedded,
    /// A list parsed at run time, e.g. from `public_suffix_list.dat`.
    Custom(publicsuffix::List),
}

/// Why a custom public suffix list was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SiteError {
    /// The text holds no rule at all.
    NoRules,
    /// A rule has an empty label (`a..b`, `.com`).
    EmptyLabel {
        /// The offending rule.
        rule: String,
    },
    /// An exception rule (`!x`) has a single label; exceptions must
    /// carve a name out of a wildcard, so they have at least two.
    ExceptionAtFirstLabel {
        /// The offending rule.
        rule: String,
    },
    /// A rule is not a valid domain (IDNA fails on it).
    InvalidRule {
        /// The offending rule.
        rule: String,
    },
    /// The list parser rejected the text for another reason.
    Other {
        /// The parser's own description.
        message: String,
    },
}

impl fmt::Display for SiteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SiteError::NoRules => f.write_str("the public suffix list holds no rule"),
            SiteError::EmptyLabel { rule } => {
                write!(f, "public suffix rule `{rule}` has an empty label")
            }
            SiteError::ExceptionAtFirstLabel { rule } => write!(
                f,
                "public suffix exception rule `{rule}` must have at least two labels"
            ),
            SiteError::InvalidRule { rule } => {
                write!(f, "public suffix rule `{rule}` is not a valid domain")
            }
            SiteError::Other { message } => {
                write!(f, "invalid public suffix list: {message}")
            }
        }
    }
}

impl std::error::Error for SiteError {}

impl From<publicsuffix::Error> for SiteError {
    fn from(e: publicsuffix::Error) -> Self {
        match e {
            publicsuffix::Error::EmptyLabel(rule) => SiteError::EmptyLabel { rule },
            publicsuffix::Error::ExceptionAtFirstLabel(rule) => {
                SiteError::ExceptionAtFirstLabel { rule }
            }
            publicsuffix::Error::InvalidRule(rule) => SiteError::InvalidRule { rule },
            publicsuffix::Error::InvalidList => SiteError::NoRules,
            other => SiteError::Other {
                message: other.to_string(),
            },
        }
    }
}

/// The marker that opens the ICANN section of `public_suffix_list.dat`.
/// The `publicsuffix` parser ignores every rule before a section marker.
const ICANN_MARKER: &str = "BEGIN ICANN DOMAINS";
const PRIVATE_MARKER: &str = "BEGIN PRIVATE DOMAINS";

impl PublicSuffixList {
    /// Parses a list in the format of `public_suffix_list.dat`
    /// (<https://github.com/publicsuffix/list/wiki/Format>).
    ///
    /// Rules in Unicode are matched in their IDNA ASCII form too, since hosts
    /// reach this module in that form. A text without the `BEGIN ICANN
    /// DOMAINS` / `BEGIN PRIVATE DOMAINS` section markers (a hand-written
    /// list such as `com\nwildlife.museum`) is read as one ICANN section,
    /// rather than silently ignored as the underlying parser would.
    pub fn from_list_text(text: &str) -> Result<Self, SiteError> {
        let list: publicsuffix::List =
            if text.contains(ICANN_MARKER) || text.contains(PRIVATE_MARKER) {
                text.parse()?
            } else {
                let mut sectioned = String::with_capacity(text.len() + 32);
                sectioned.push_str("// ===");
                sectioned.push_str(ICANN_MARKER);
                sectioned.push_str("===\n");
                sectioned.push_str(text);
                sectioned.parse()?
            };
        Ok(PublicSuffixList::Custom(list))
    }

    /// The public suffix of `host`, or `None` when `host` is not a domain.
    ///
    /// `host` is first parsed with the URL Standard's host parser, so
    /// `EXAMPLE.COM` gives `com`, `إختبار` gives `xn--kgbechtv`, and IP
    /// addresses (including forms such as `0x7f.1`) give `None`. A trailing dot
    /// is kept: `example.com.` gives `com.`.
    ///
    /// <https://url.spec.whatwg.org/#host-public-suffix>
    pub fn public_suffix(&self, host: &str) -> Option<String> {
        match Host::parse(host).ok()? {
            Host::Domain(domain) => self.domain_public_suffix(&domain),
            Host::Ipv4(_) | Host::Ipv6(_) => None,
        }
    }

    /// The registrable domain of `host`: its public suffix plus the label
    /// before it, or `None` when `host` is an IP address, is itself a public
    /// suffix, or has no label before its public suffix.
    ///
    /// `host` is expected as the URL parser produces it (lowercase, IDNA
    /// ASCII form). A trailing dot is kept: `example.com.` gives
    /// `example.com.`, a different domain from `example.com`.
    ///
    /// <https://url.spec.whatwg.org/#host-registrable-domain>
    pub fn registrable_domain(&self, host: &Host<String>) -> Option<String> {
        match host {
            Host::Domain(domain) => self.domain_registrable_domain(domain),
            Host::Ipv4(_) | Host::Ipv6(_) => None,
        }
    }

    /// The Public Suffix List algorithm on a domain without its trailing
    /// dot: the length of the public suffix, or `None` for no match.
    fn suffix_len(&self, name: &str) -> Option<usize> {
        let suffix = match self {
            PublicSuffixList::Embedded => psl::List.suffix(name.as_bytes()),
            PublicSuffixList::Custom(list) => list.suffix(name.as_bytes()),
        }?;
        let len = suffix.as_bytes().len();
        // The list's implicit `*` rule always matches at least the last label,
        // so an empty suffix can only come from an empty last label (`a..`).
        (len > 0 && len <= name.len()).then_some(len)
    }

    /// Steps of "host public suffix" for a domain (already parsed).
    fn domain_public_suffix(&self, domain: &str) -> Option<String> {
        let (name, trailing_dot) = split_trailing_dot(domain);
        if name.is_empty() || looks_like_ipv4(name) {
            return None;
        }
        let len = self.suffix_len(name)?;
        let suffix = name.get(name.len() - len..)?;
        let mut out = String::with_capacity(len + 1);
        out.push_str(suffix);
        out.push_str(trailing_dot);
        Some(out)
    }

    /// Steps of "host registrable domain" for a domain (already parsed).
    fn domain_registrable_domain(&self, domain: &str) -> Option<String> {
        self.registrable_domain_of_domain(domain).map(str::to_owned)
    }

    /// "Host registrable domain" for a domain, borrowed: the registrable
    /// domain (with the domain's trailing dot, if any) is a suffix of the
    /// domain itself, so same-site checks compare slices, not copies.
    pub(crate) fn registrable_domain_of_domain<'a>(&self, domain: &'a str) -> Option<&'a str> {
        let (name, _) = split_trailing_dot(domain);
        if name.is_empty() || looks_like_ipv4(name) {
            return None;
        }
        let len = self.suffix_len(name)?;
        // Step 1: a host that is its own public suffix has no registrable domain.
        let before_suffix = name.get(..name.len() - len)?.strip_suffix('.')?;
        // The label preceding the suffix. An empty one (`a..com`) is no label:
        // a registrable domain of `.com` would name nothing.
        let start = before_suffix
            .bytes()
            .rposition(|b| b == b'.')
            .map_or(0, |dot| dot + 1);
        if start == before_suffix.len() {
            return None;
        }
        // The registrable part of `name` plus the trailing dot `name` lost.
        domain.get(start..)
    }
}

/// Splits one trailing dot off a domain (`example.com.` is a distinct domain
/// whose public suffix is `com.`).
fn split_trailing_dot(domain: &str) -> (&str, &str) {
    match domain.strip_suffix('.') {
        Some(name) => (name, "."),
        None => (domain, ""),
    }
}

/// Whether a domain string is in fact a dotted IPv4 address (a caller that
/// built `Host::Domain("127.0.0.1")` by hand); IP addresses have no public
/// suffix.
fn looks_like_ipv4(name: &str) -> bool {
    // A dotted IPv4 address ends with a digit: most domains are ruled out
    // without the parse.
    name.as_bytes().last().is_some_and(u8::is_ascii_digit) && name.parse::<Ipv4Addr>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rd(list: &PublicSuffixList, host: &str) -> Option<String> {
        let host = Host::parse(host).ok()?;
        list.registrable_domain(&host)
    }

    /// The URL Standard's example table
    /// (<https://url.spec.whatwg.org/#example-host-psl>).
    #[test]
    fn url_standard_examples() {
        let list = PublicSuffixList::default();
        let cases: &[(&str, Option<&str>, Option<&str>)] = &[
            ("com", Some("com"), None),
            ("example.com", Some("com"), Some("example.com")),
            ("www.example.com", Some("com"), Some("example.com")),
            ("sub.www.example.com", Some("com"), Some("example.com")),
            ("EXAMPLE.COM", Some("com"), Some("example.com")),
            ("example.com.", Some("com."), Some("example.com.")),
            ("github.io", Some("github.io"), None),
            (
                "whatwg.github.io",
                Some("github.io"),
                Some("whatwg.github.io"),
            ),
            ("إختبار", Some("xn--kgbechtv"), None),
            (
                "example.إختبار",
                Some("xn--kgbechtv"),
                Some("example.xn--kgbechtv"),
            ),
            (
                "sub.example.إختبار",
                Some("xn--kgbechtv"),
                Some("example.xn--kgbechtv"),
            ),
            ("[2001:0db8:85a3:0000:0000:8a2e:0370:7334]", None, None),
        ];
        for &(host, suffix, registrable) in cases {
            assert_eq!(
                list.public_suffix(host).as_deref(),
                suffix,
                "public suffix of {host}"
            );
            assert_eq!(
                rd(&list, host).as_deref(),
                registrable,
                "registrable domain of {host}"
            );
        }
    }

    #[test]
    fn ip_addresses_have_no_suffix() {
        let list = PublicSuffixList::default();
        for host in ["127.0.0.1", "0x7f.1", "[::1]", "10.0.0.1"] {
            assert_eq!(list.public_suffix(host), None, "{host}");
            assert_eq!(rd(&list, host), None, "{host}");
        }
        let fake = Host::Domain("127.0.0.1".to_owned());
        assert_eq!(list.registrable_domain(&fake), None);
    }

    #[test]
    fn multi_label_and_idn_suffixes() {
        let list = PublicSuffixList::default();
        assert_eq!(
            rd(&list, "a.b.example.co.uk").as_deref(),
            Some("example.co.uk")
        );
        assert_eq!(rd(&list, "co.uk"), None);
        // 公司.cn is a two-label ICANN suffix, written in Unicode in the list.
        assert_eq!(
            list.public_suffix("shop.example.公司.cn").as_deref(),
            Some("xn--55qx5d.cn")
        );
        assert_eq!(
            rd(&list, "shop.example.公司.cn").as_deref(),
            Some("example.xn--55qx5d.cn")
        );
        // Unknown TLD: the implicit `*` rule.
        assert_eq!(rd(&list, "a.b.test").as_deref(), Some("b.test"));
        assert_eq!(rd(&list, "localhost"), None);
        assert_eq!(
            list.public_suffix("localhost").as_deref(),
            Some("localhost")
        );
    }

    #[test]
    fn empty_labels_have_no_registrable_domain() {
        let list = PublicSuffixList::default();
        let host = Host::Domain("a..com".to_owned());
        assert_eq!(list.registrable_domain(&host), None);
        let dot = Host::Domain(".".to_owned());
        assert_eq!(list.registrable_domain(&dot), None);
        let empty = Host::Domain(String::new());
        assert_eq!(list.registrable_domain(&empty), None);
    }

    #[test]
    fn custom_list_without_markers() {
        let list = PublicSuffixList::from_list_text("museum\nwildlife.museum\ncom\n")
            .expect("list parses");
        assert_eq!(
            rd(&list, "r.wildlife.museum").as_deref(),
            Some("r.wildlife.museum")
        );
        assert_eq!(rd(&list, "wildlife.museum"), None);
        assert_eq!(
            rd(&list, "sub.other.example.com").as_deref(),
            Some("example.com")
        );
    }

    #[test]
    fn custom_list_with_markers_wildcards_and_exceptions() {
        let text = "// header\n// ===BEGIN ICANN DOMAINS===\nck\n*.ck\n!www.ck\n\
                    // ===END ICANN DOMAINS===\n// ===BEGIN PRIVATE DOMAINS===\n\
                    host.example\n";
        let list = PublicSuffixList::from_list_text(text).expect("list parses");
        assert_eq!(rd(&list, "a.b.ck").as_deref(), Some("a.b.ck"));
        assert_eq!(rd(&list, "www.ck").as_deref(), Some("www.ck"));
        assert_eq!(rd(&list, "x.www.ck").as_deref(), Some("www.ck"));
        assert_eq!(
            rd(&list, "me.host.example").as_deref(),
            Some("me.host.example")
        );
        assert_eq!(rd(&list, "host.example"), None);
    }

    #[test]
    fn custom_list_errors() {
        assert_eq!(
            PublicSuffixList::from_list_text(""),
            Err(SiteError::NoRules)
        );
        assert_eq!(
            PublicSuffixList::from_list_text("// only a comment\n"),
            Err(SiteError::NoRules)
        );
        assert!(matches!(
            PublicSuffixList::from_list_text("a..b\n"),
            Err(SiteError::EmptyLabel { .. })
        ));
        assert!(matches!(
            PublicSuffixList::from_list_text("!com\n"),
            Err(SiteError::ExceptionAtFirstLabel { .. })
        ));
    }
}
