//! Origins and sites: the unit of the same-origin policy.
//!
//! <https://html.spec.whatwg.org/multipage/browsers.html#origin>
//!
//! - An [`Origin`] is opaque (a unique identity, serialized `null`) or a
//!   tuple (scheme, host, port, domain).
//! - The origin of a URL follows the URL Standard
//!   (<https://url.spec.whatwg.org/#concept-url-origin>); the `file:` case,
//!   which the standard leaves to implementations, is the [`FileUrlOrigin`]
//!   knob.
//! - [`Site`], [`same_site`] and [`schemelessly_same_site`] follow HTML's
//!   "Sites" section, with registrable domains from the public suffix list ([`PublicSuffixList`]).
//! - [`Origin::is_potentially_trustworthy`] follows Secure Contexts.
//!
//! Hosts are [`url::Host`] values as the URL parser produces them: domains
//! lowercase in IDNA ASCII form (`xn--…`), IPv4 and IPv6 addresses parsed
//! (`0x7f.1` is `127.0.0.1`).

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use url::{Host, Url};

mod public_suffix;
mod site;
mod trustworthy;

pub use public_suffix::{PublicSuffixList, SiteError};
pub use site::{
    Site, same_site, same_site_with, same_site_with_url, schemelessly_same_site,
    schemelessly_same_site_with,
};
pub use trustworthy::is_potentially_trustworthy_url;

/// An opaque origin: "an internal value, with no serialization it can be
/// recreated from … for which the only meaningful operation is testing for
/// equality".
///
/// Each [`OpaqueOrigin::new`] is a distinct origin; a clone is the same one.
/// Identity is the address of a shared allocation, so no global counter is
/// needed and two live opaque origins can never collide.
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-opaque>
#[derive(Clone)]
pub struct OpaqueOrigin(Arc<()>);

impl OpaqueOrigin {
    /// A new opaque origin, different from every other one.
    pub fn new() -> OpaqueOrigin {
        OpaqueOrigin(Arc::new(()))
    }
}

impl Default for OpaqueOrigin {
    /// A new opaque origin (the default is never shared).
    fn default() -> Self {
        OpaqueOrigin::new()
    }
}

impl PartialEq for OpaqueOrigin {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for OpaqueOrigin {}

impl std::hash::Hash for OpaqueOrigin {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::ptr::hash(Arc::as_ptr(&self.0), state);
    }
}

impl fmt::Debug for OpaqueOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OpaqueOrigin({:p})", Arc::as_ptr(&self.0))
    }
}

/// A tuple origin: scheme, host, port and domain.
///
/// The port is `None` when it is the scheme's default port (the URL parser
/// normalizes default ports away, and so does every constructor here). The
/// ASCII serialization is computed once, at construction, so
/// [`Origin::ascii_serialization`] never allocates.
///
/// `==` compares all four components (the tuple's identity, `domain`
/// included); HTML's relation is [`Origin::same_origin`], which ignores
/// `domain`.
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-tuple>
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TupleOrigin {
    /// One of the tuple schemes or `file`: static, so an origin holds only
    /// its host and serialization.
    scheme: &'static str,
    host: Host<String>,
    port: Option<u16>,
    domain: Option<Host<String>>,
    /// A function of scheme, host and port, so deriving `Eq`/`Hash` with it
    /// changes nothing.
    serialization: Box<str>,
}

/// Schemes whose URLs have tuple origins
/// (<https://url.spec.whatwg.org/#concept-url-origin>), with their default
/// ports (<https://url.spec.whatwg.org/#default-port>).
const TUPLE_SCHEMES: &[(&str, u16)] = &[
    ("ftp", 21),
    ("http", 80),
    ("https", 443),
    ("ws", 80),
    ("wss", 443),
];

/// The default port of a special scheme, if it has one.
///
/// <https://url.spec.whatwg.org/#default-port>
fn default_port(scheme: &str) -> Option<u16> {
    TUPLE_SCHEMES
        .iter()
        .find(|(s, _)| *s == scheme)
        .map(|&(_, port)| port)
}

/// The static name of a lowercase tuple scheme or `file`.
fn origin_scheme(scheme: &str) -> Option<&'static str> {
    if scheme == "file" {
        return Some("file");
    }
    TUPLE_SCHEMES
        .iter()
        .find(|(s, _)| *s == scheme)
        .map(|&(s, _)| s)
}

impl TupleOrigin {
    /// A tuple origin from its parts. `scheme` must be one of `http`,
    /// `https`, `ws`, `wss`, `ftp` (ASCII case-insensitive) or `file`; `host`
    /// must be what the URL host parser produces for itself (for `file`, the
    /// empty domain stands for the empty host). An explicit default port is
    /// normalized to `None`. The domain starts out null.
    pub fn new(
        scheme: &str,
        host: Host<String>,
        port: Option<u16>,
    ) -> Result<TupleOrigin, OriginParseError> {
        let lower = scheme.to_ascii_lowercase();
        let Some(scheme) = origin_scheme(&lower) else {
            return Err(OriginParseError::UnsupportedScheme { scheme: lower });
        };
        let is_file = scheme == "file";
        let is_empty_file_host = is_file && matches!(&host, Host::Domain(d) if d.is_empty());
        if !is_empty_file_host {
            // Re-parse the host's serialization: a hand-built `Host::Domain`
            // might hold something the parser would never produce.
            let serialized = host.to_string();
            match Host::parse(&serialized) {
                Ok(reparsed) if reparsed == host => {}
                Ok(_) => {
                    return Err(OriginParseError::InvalidHost {
                        host: serialized,
                        reason: HostError::NotNormalized,
                    });
                }
                Err(reason) => {
                    return Err(OriginParseError::InvalidHost {
                        host: serialized,
                        reason: HostError::Url(reason),
                    });
                }
            }
        }
        Ok(TupleOrigin::from_parts(scheme, host, port))
    }

    /// Builds the tuple and its serialization; inputs are already valid.
    fn from_parts(scheme: &'static str, host: Host<String>, port: Option<u16>) -> TupleOrigin {
        let port = port.filter(|&p| default_port(scheme) != Some(p));
        let serialization = serialize_tuple(scheme, &host, port).into_boxed_str();
        TupleOrigin {
            scheme,
            host,
            port,
            domain: None,
            serialization,
        }
    }

    /// The scheme, lowercase.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-scheme>
    pub fn scheme(&self) -> &str {
        self.scheme
    }

    /// The host, in IDNA ASCII form.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-host>
    pub fn host(&self) -> &Host<String> {
        &self.host
    }

    /// The port, `None` when it is the scheme's default port.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-port>
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The port, with the scheme's default filled in (`None` only for
    /// `file`, which has no default port).
    pub fn port_or_known_default(&self) -> Option<u16> {
        self.port.or_else(|| default_port(self.scheme))
    }

    /// The `document.domain` value, if one was set.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-domain>
    pub fn domain(&self) -> Option<&Host<String>> {
        self.domain.as_ref()
    }

    /// The ASCII serialization, `scheme://host[:port]`.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin>
    pub fn ascii_serialization(&self) -> &str {
        &self.serialization
    }
}

impl fmt::Debug for TupleOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("TupleOrigin");
        d.field("origin", &&*self.serialization);
        if let Some(domain) = &self.domain {
            d.field("domain", &format_args!("{domain}"));
        }
        d.finish()
    }
}

/// Steps 2–6 of "serialization of an origin".
fn serialize_tuple(scheme: &str, host: &Host<String>, port: Option<u16>) -> String {
    // `Host`'s `Display` is the URL host serializer: IPv6 in brackets,
    // compressed; IPv4 dotted decimal. A domain (the usual host) is its own
    // serialization, copied without the formatter.
    use std::fmt::Write;
    let mut out = String::with_capacity(scheme.len() + 3 + 32);
    out.push_str(scheme);
    out.push_str("://");
    match host {
        Host::Domain(domain) => out.push_str(domain),
        _ => {
            let _ = write!(out, "{host}");
        }
    }
    if let Some(port) = port {
        let _ = write!(out, ":{port}");
    }
    out
}

/// What the origin of a `file:` URL is.
///
/// The URL Standard leaves it open ("Unfortunate as it is, this is left as
/// an exercise to the reader. When in doubt, return a new opaque origin.").
/// Browsers send `Origin: null` for requests from `file:` documents, which
/// is why [`FileUrlOrigin::Opaque`] is the default.
///
/// <https://url.spec.whatwg.org/#concept-url-origin>
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FileUrlOrigin {
    /// Each `file:` URL gets a new opaque origin (the standard's "when in
    /// doubt"; Firefox's `security.fileuri.strict_origin_policy`, Safari, and
    /// Chromium's documents without `--allow-file-access-from-files`).
    #[default]
    Opaque,
    /// A tuple origin (`file`, host, null), the empty host for `file:///…`,
    /// serialized `file://` (the model of Chromium's `url::Origin`).
    Tuple,
}

/// An origin: opaque or a tuple.
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin>
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// An opaque origin, serialized `null`.
    Opaque(OpaqueOrigin),
    /// A tuple origin (scheme, host, port, domain).
    Tuple(TupleOrigin),
}

impl Origin {
    /// A new opaque origin, different from every other one.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-opaque>
    pub fn new_opaque() -> Origin {
        Origin::Opaque(OpaqueOrigin::new())
    }

    /// The origin of a URL, with `file:` URLs opaque.
    ///
    /// <https://url.spec.whatwg.org/#concept-url-origin>
    pub fn from_url(url: &Url) -> Origin {
        Origin::from_url_with(url, FileUrlOrigin::default())
    }

    /// The origin of a URL, with the `file:` policy given.
    ///
    /// `blob:` URLs take the origin of the URL in their path when its scheme
    /// is `http`, `https` or `file` (the blob URL store, which would give the
    /// creator's origin, is not modelled). Every other non-tuple scheme
    /// (`data:`, `about:`, `javascript:`, …) gets a new opaque origin, so such
    /// a URL is not even same origin with itself.
    ///
    /// <https://url.spec.whatwg.org/#concept-url-origin>
    pub fn from_url_with(url: &Url, file: FileUrlOrigin) -> Origin {
        match url.scheme() {
            "blob" => {
                // Steps 2–5. The inner origin is computed without recursing:
                // only http(s) and file inner URLs are looked into, and those
                // are not blob URLs themselves.
                match Url::parse(url.path()) {
                    Ok(inner) if matches!(inner.scheme(), "http" | "https" | "file") => {
                        non_blob_origin(&inner, file)
                    }
                    _ => Origin::new_opaque(),
                }
            }
            _ => non_blob_origin(url, file),
        }
    }

    /// Parses a serialized origin, as found in `Origin` and
    /// `Access-Control-Allow-Origin` values: exactly `scheme://host[:port]`,
    /// or `null` (which gives a new opaque origin).
    ///
    /// Rejected, each with its own [`OriginParseError`]: whitespace or
    /// control characters anywhere, a path (even a lone trailing `/`),
    /// userinfo, a query, a fragment, an empty host, an empty, non-digit
    /// (`+80`) or out-of-range port, and schemes without tuple origins
    /// (`file`, `blob`, `data`, `foo`, …).
    ///
    /// Accepted and normalized, because this parses *origins* rather than
    /// comparing bytes: the scheme and host case (`HTTPS://A.TEST`), an
    /// explicit default port (`https://a.test:443`), leading zeros in the
    /// port, and every host form the URL host parser normalizes (IDNA
    /// Unicode, `0x7f.1`, percent-encoded domain bytes). Such inputs are the
    /// same origin as their canonical form, but are *not* byte-equal to it:
    /// the `Access-Control-Allow-Origin` check compares bytes and must be done
    /// on the raw value (or with [`Origin::parse_serialized_exact`]).
    ///
    /// Because the host goes through IDNA, a Unicode input can lose
    /// characters that UTS #46 maps to nothing (`a.test\u{200B}` is
    /// `a.test`). Header values cannot carry them:
    /// [`Origin::parse_serialized_bytes`] accepts ASCII only.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin>
    pub fn parse_serialized(s: &str) -> Result<Origin, OriginParseError> {
        parse_serialized_origin(s)
    }

    /// [`Origin::parse_serialized`] on a header value's bytes. A serialized
    /// origin is ASCII, so any byte above 0x7F is rejected with its index.
    pub fn parse_serialized_bytes(b: &[u8]) -> Result<Origin, OriginParseError> {
        if let Some(index) = b.iter().position(|byte| !byte.is_ascii()) {
            return Err(OriginParseError::NonAscii { index });
        }
        match std::str::from_utf8(b) {
            Ok(s) => parse_serialized_origin(s),
            // Unreachable after the ASCII check; reported rather than assumed.
            Err(e) => Err(OriginParseError::NonAscii {
                index: e.valid_up_to(),
            }),
        }
    }

    /// [`Origin::parse_serialized`], additionally requiring `s` to be the
    /// origin's exact ASCII serialization (`https://a.test`, not
    /// `https://a.test:443` or `HTTPS://a.test`).
    pub fn parse_serialized_exact(s: &str) -> Result<Origin, OriginParseError> {
        let origin = parse_serialized_origin(s)?;
        if origin.ascii_serialization() != s {
            return Err(OriginParseError::NotCanonical {
                canonical: origin.ascii_serialization().to_owned(),
            });
        }
        Ok(origin)
    }

    /// The ASCII serialization: `null` for an opaque origin, otherwise
    /// `scheme://host[:port]`. Never allocates (tuple origins carry theirs).
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin>
    pub fn ascii_serialization(&self) -> &str {
        match self {
            Origin::Opaque(_) => "null",
            Origin::Tuple(t) => t.ascii_serialization(),
        }
    }

    /// Whether this is an opaque origin.
    pub fn is_opaque(&self) -> bool {
        matches!(self, Origin::Opaque(_))
    }

    /// The tuple, if this is a tuple origin.
    pub fn as_tuple(&self) -> Option<&TupleOrigin> {
        match self {
            Origin::Tuple(t) => Some(t),
            Origin::Opaque(_) => None,
        }
    }

    /// Same origin: the same opaque origin, or tuples with identical scheme,
    /// host and port (`domain` is ignored).
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#same-origin>
    pub fn same_origin(&self, other: &Origin) -> bool {
        match (self, other) {
            (Origin::Opaque(a), Origin::Opaque(b)) => a == b,
            (Origin::Tuple(a), Origin::Tuple(b)) => {
                a.scheme == b.scheme && a.host == b.host && a.port == b.port
            }
            _ => false,
        }
    }

    /// Whether this origin is same origin with `url`'s origin, without
    /// building that origin (the engine asks this on every hop). For the
    /// schemes whose origin is the URL's (scheme, host, port) the URL parser
    /// has already normalized the parts; other URLs take the full path.
    pub fn same_origin_with_url(&self, url: &Url) -> bool {
        match (self, url.scheme()) {
            // The origin's scheme is a tuple scheme or `file`: when the URL
            // has it and it is not `file`, the URL's origin is its (scheme,
            // host, port), without matching the scheme against the list.
            (Origin::Tuple(t), scheme) if t.scheme == scheme && scheme != "file" => {
                t.port == url.port()
                    && match (&t.host, url.host()) {
                        (Host::Domain(a), Some(Host::Domain(b))) => a == b,
                        (Host::Ipv4(a), Some(Host::Ipv4(b))) => *a == b,
                        (Host::Ipv6(a), Some(Host::Ipv6(b))) => *a == b,
                        _ => false,
                    }
            }
            (_, "http" | "https" | "ws" | "wss" | "ftp") => false,
            _ => self.same_origin(&Origin::from_url(url)),
        }
    }

    /// Same origin-domain: the same opaque origin; or tuples with the same
    /// scheme and identical non-null domains (ports then do not matter); or
    /// same-origin tuples whose domains are both null.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#same-origin-domain>
    pub fn same_origin_domain(&self, other: &Origin) -> bool {
        match (self, other) {
            (Origin::Opaque(a), Origin::Opaque(b)) => a == b,
            (Origin::Tuple(a), Origin::Tuple(b)) => match (&a.domain, &b.domain) {
                (Some(da), Some(db)) => a.scheme == b.scheme && da == db,
                (None, None) => self.same_origin(other),
                _ => false,
            },
            _ => false,
        }
    }

    /// Sets the origin's domain, as the `document.domain` setter does. An
    /// opaque origin has no domain and is returned unchanged (the setter
    /// throws for opaque origins).
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-domain>
    pub fn with_domain(self, domain: Option<Host<String>>) -> Origin {
        match self {
            Origin::Tuple(mut t) => {
                t.domain = domain;
                Origin::Tuple(t)
            }
            opaque @ Origin::Opaque(_) => opaque,
        }
    }

    /// The effective domain: null for an opaque origin, else the domain if
    /// set, else the host.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-effective-domain>
    pub fn effective_domain(&self) -> Option<&Host<String>> {
        match self {
            Origin::Opaque(_) => None,
            Origin::Tuple(t) => Some(t.domain.as_ref().unwrap_or(&t.host)),
        }
    }
}

/// The origin of a URL whose scheme is not `blob`.
fn non_blob_origin(url: &Url, file: FileUrlOrigin) -> Origin {
    let scheme = url.scheme();
    if scheme == "file" {
        return match file {
            FileUrlOrigin::Opaque => Origin::new_opaque(),
            FileUrlOrigin::Tuple => {
                let host = url
                    .host()
                    .map(|h| h.to_owned())
                    .unwrap_or_else(|| Host::Domain(String::new()));
                Origin::Tuple(TupleOrigin::from_parts("file", host, None))
            }
        };
    }
    let Some(scheme) = origin_scheme(scheme).filter(|&s| s != "file") else {
        return Origin::new_opaque();
    };
    match url.host() {
        // `url` already drops default ports, and `from_parts` would too.
        Some(host) => Origin::Tuple(TupleOrigin::from_parts(scheme, host.to_owned(), url.port())),
        // Special URLs other than file: always have a host; be total anyway.
        None => Origin::new_opaque(),
    }
}

impl fmt::Display for Origin {
    /// The ASCII serialization.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.ascii_serialization())
    }
}

impl FromStr for Origin {
    type Err = OriginParseError;

    /// [`Origin::parse_serialized`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_serialized_origin(s)
    }
}

impl serde::Serialize for Origin {
    /// As its ASCII serialization (an opaque origin becomes `"null"`).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.ascii_serialization())
    }
}

impl<'de> serde::Deserialize<'de> for Origin {
    /// From a serialized origin, with [`Origin::parse_serialized`].
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        parse_serialized_origin(&s).map_err(serde::de::Error::custom)
    }
}

/// Why a host was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostError {
    /// The URL host parser failed.
    Url(url::ParseError),
    /// The host parses, but to something else: it is not in the form the
    /// parser produces (only from [`TupleOrigin::new`]).
    NotNormalized,
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HostError::Url(e) => write!(f, "{e}"),
            HostError::NotNormalized => f.write_str("not in the URL parser's normal form"),
        }
    }
}

/// Why a string is not a serialized origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OriginParseError {
    /// The input is empty.
    Empty,
    /// Whitespace at byte `index` (origins never contain any; the URL parser
    /// would silently strip some, which a strict parser must not).
    Whitespace {
        /// Byte offset of the whitespace.
        index: usize,
    },
    /// A control character at byte `index`.
    ControlCharacter {
        /// Byte offset of the control character.
        index: usize,
    },
    /// A byte above 0x7F at `index` (bytes input only).
    NonAscii {
        /// Byte offset of the first non-ASCII byte.
        index: usize,
    },
    /// Not `null` and no `://` after a scheme.
    MissingSchemeSeparator,
    /// The scheme is empty or holds characters no scheme may hold.
    InvalidScheme {
        /// The text before `://`.
        scheme: String,
    },
    /// A well-formed scheme whose URLs do not have tuple origins
    /// (only `http`, `https`, `ws`, `wss` and `ftp` do).
    UnsupportedScheme {
        /// The scheme, lowercase.
        scheme: String,
    },
    /// Userinfo (`user@`, `user:pass@`) before the host.
    Userinfo,
    /// A lone `/` after the host: `https://a.test/` is a URL, not an origin.
    TrailingSlash,
    /// A path after the host.
    Path,
    /// A query (`?`).
    Query,
    /// A fragment (`#`).
    Fragment,
    /// Nothing between `://` and the port or end.
    EmptyHost,
    /// The host does not parse.
    InvalidHost {
        /// The host text.
        host: String,
        /// What the host parser said.
        reason: HostError,
    },
    /// A `:` with no port after it.
    EmptyPort,
    /// A port with something other than ASCII digits (`+80`, `80a`, `-1`).
    InvalidPort {
        /// The port text.
        port: String,
    },
    /// A port above 65535.
    PortOutOfRange {
        /// The port text.
        port: String,
    },
    /// A valid origin whose exact serialization differs from the input
    /// ([`Origin::parse_serialized_exact`] only).
    NotCanonical {
        /// The origin's ASCII serialization.
        canonical: String,
    },
}

impl fmt::Display for OriginParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use OriginParseError as E;
        match self {
            E::Empty => f.write_str("empty string is not an origin"),
            E::Whitespace { index } => write!(f, "whitespace at byte {index} in origin"),
            E::ControlCharacter { index } => {
                write!(f, "control character at byte {index} in origin")
            }
            E::NonAscii { index } => write!(f, "non-ASCII byte at {index} in origin"),
            E::MissingSchemeSeparator => {
                f.write_str("origin is neither `null` nor `scheme://host[:port]`")
            }
            E::InvalidScheme { scheme } => write!(f, "invalid scheme `{scheme}` in origin"),
            E::UnsupportedScheme { scheme } => {
                write!(f, "scheme `{scheme}` has no tuple origins")
            }
            E::Userinfo => f.write_str("origin contains userinfo (`@`)"),
            E::TrailingSlash => f.write_str("origin ends with `/` (a URL, not an origin)"),
            E::Path => f.write_str("origin contains a path"),
            E::Query => f.write_str("origin contains a query (`?`)"),
            E::Fragment => f.write_str("origin contains a fragment (`#`)"),
            E::EmptyHost => f.write_str("origin has an empty host"),
            E::InvalidHost { host, reason } => {
                write!(f, "invalid host `{host}` in origin: {reason}")
            }
            E::EmptyPort => f.write_str("origin has `:` but no port"),
            E::InvalidPort { port } => write!(f, "port `{port}` is not ASCII digits"),
            E::PortOutOfRange { port } => write!(f, "port `{port}` is above 65535"),
            E::NotCanonical { canonical } => {
                write!(f, "origin is not in canonical form `{canonical}`")
            }
        }
    }
}

impl std::error::Error for OriginParseError {}

/// The strict serialized-origin parser behind [`Origin::parse_serialized`].
fn parse_serialized_origin(s: &str) -> Result<Origin, OriginParseError> {
    use OriginParseError as E;
    if s.is_empty() {
        return Err(E::Empty);
    }
    if s == "null" {
        return Ok(Origin::new_opaque());
    }
    if let Some((index, c)) = s
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || c.is_control())
    {
        return Err(if c.is_whitespace() {
            E::Whitespace { index }
        } else {
            E::ControlCharacter { index }
        });
    }
    let (scheme, rest) = s.split_once("://").ok_or(E::MissingSchemeSeparator)?;
    if !is_scheme(scheme) {
        return Err(E::InvalidScheme {
            scheme: scheme.to_owned(),
        });
    }
    let lower = scheme.to_ascii_lowercase();
    let Some(scheme) = origin_scheme(&lower).filter(|&s| s != "file") else {
        return Err(E::UnsupportedScheme { scheme: lower });
    };
    // The first delimiter that ends the authority says what follows it.
    if let Some(i) = rest.find(['@', '/', '\\', '?', '#']) {
        return Err(match rest.as_bytes().get(i) {
            Some(b'@') => E::Userinfo,
            Some(b'/') if i + 1 == rest.len() => E::TrailingSlash,
            Some(b'?') => E::Query,
            Some(b'#') => E::Fragment,
            _ => E::Path,
        });
    }
    let (host_text, port_text) = split_host_port(rest);
    if host_text.is_empty() {
        return Err(E::EmptyHost);
    }
    let port = match port_text {
        None => None,
        Some("") => return Err(E::EmptyPort),
        Some(p) if !p.bytes().all(|b| b.is_ascii_digit()) => {
            return Err(E::InvalidPort { port: p.to_owned() });
        }
        Some(p) => Some(
            p.parse::<u16>()
                .map_err(|_| E::PortOutOfRange { port: p.to_owned() })?,
        ),
    };
    let host = Host::parse(host_text).map_err(|reason| E::InvalidHost {
        host: host_text.to_owned(),
        reason: HostError::Url(reason),
    })?;
    Ok(Origin::Tuple(TupleOrigin::from_parts(scheme, host, port)))
}

/// Splits `host[:port]`; a bracketed IPv6 host keeps its colons.
fn split_host_port(rest: &str) -> (&str, Option<&str>) {
    if rest.starts_with('[') {
        if let Some(close) = rest.find(']') {
            let (host, after) = rest.split_at(close + 1);
            return match after.strip_prefix(':') {
                Some(port) => (host, Some(port)),
                // Nothing after `]`, or junk that the host parser rejects.
                None if after.is_empty() => (host, None),
                None => (rest, None),
            };
        }
        return (rest, None);
    }
    match rest.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    }
}

/// Whether `s` matches the URL Standard's scheme production: an ASCII alpha
/// followed by ASCII alphanumerics, `+`, `-` or `.`.
///
/// <https://url.spec.whatwg.org/#scheme-state>
fn is_scheme(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(s: &str) -> Origin {
        Origin::from_url(&Url::parse(s).expect("test URL parses"))
    }

    #[test]
    fn opaque_identity() {
        let a = Origin::new_opaque();
        let b = Origin::new_opaque();
        assert_ne!(a, b);
        assert_eq!(a, a.clone());
        assert!(a.same_origin(&a.clone()));
        assert!(!a.same_origin(&b));
    }

    #[test]
    fn html_same_origin_domain_table() {
        let ex = || Host::Domain("example.org".to_owned());
        let t = |scheme: &str, port: Option<u16>, domain: bool| {
            Origin::Tuple(TupleOrigin::new(scheme, ex(), port).expect("valid"))
                .with_domain(domain.then(ex))
        };
        let rows = [
            (t("https", None, false), t("https", None, false), true, true),
            (
                t("https", Some(314), false),
                t("https", Some(420), false),
                false,
                false,
            ),
            (
                t("https", Some(314), true),
                t("https", Some(420), true),
                false,
                true,
            ),
            (t("https", None, false), t("https", None, true), true, false),
            (t("https", None, true), t("http", None, true), false, false),
        ];
        for (a, b, so, sod) in rows {
            assert_eq!(a.same_origin(&b), so, "{a:?} {b:?}");
            assert_eq!(a.same_origin_domain(&b), sod, "{a:?} {b:?}");
        }
    }

    #[test]
    fn tuple_new_validates() {
        assert!(TupleOrigin::new("HTTPS", Host::Domain("a.test".into()), Some(443)).is_ok());
        assert!(matches!(
            TupleOrigin::new("data", Host::Domain("a.test".into()), None),
            Err(OriginParseError::UnsupportedScheme { .. })
        ));
        assert!(matches!(
            TupleOrigin::new("https", Host::Domain("A.TEST".into()), None),
            Err(OriginParseError::InvalidHost {
                reason: HostError::NotNormalized,
                ..
            })
        ));
        assert!(matches!(
            TupleOrigin::new("https", Host::Domain("a b".into()), None),
            Err(OriginParseError::InvalidHost { .. })
        ));
        let file = TupleOrigin::new("file", Host::Domain(String::new()), None).expect("valid");
        assert_eq!(file.ascii_serialization(), "file://");
    }

    #[test]
    fn effective_domain() {
        let o = origin("https://sub.example.com/");
        assert_eq!(
            o.effective_domain(),
            Some(&Host::Domain("sub.example.com".into()))
        );
        let o = o.with_domain(Some(Host::Domain("example.com".into())));
        assert_eq!(
            o.effective_domain(),
            Some(&Host::Domain("example.com".into()))
        );
        assert_eq!(Origin::new_opaque().effective_domain(), None);
    }

    #[test]
    fn serde_round_trip() {
        let o = origin("https://a.test:8443/x");
        let json = serde_json::to_string(&o).expect("serializes");
        assert_eq!(json, "\"https://a.test:8443\"");
        let back: Origin = serde_json::from_str(&json).expect("deserializes");
        assert_eq!(back, o);
        assert!(serde_json::from_str::<Origin>("\"https://a.test/\"").is_err());
    }
}
