//! The origin a new document gets, and the same-origin checks that live
//! outside Fetch: the `document.domain` setter and DOM access between
//! documents (HTML's "same origin-domain").
//!
//! - [`determine_the_origin`] is HTML's "determining the origin"; around it,
//!   [`document_origin`] covers every way a document comes to be (a
//!   navigation response, `about:blank`, `about:srcdoc`, `data:`, `blob:`,
//!   `javascript:`, `file:`), with [`SandboxingFlags`] from the `sandbox`
//!   attribute or a CSP `sandbox` directive.
//! - [`set_document_domain`] is the `document.domain` setter, each failure a
//!   [`DocumentDomainError`] naming the step; [`is_origin_keyed`] decides
//!   whether the setter is a no-op (origin-keyed agent clusters).
//! - [`is_platform_object_same_origin`] is the check a DOM access makes.
//!
//! COOP does not change a document's origin; it matters here only through
//! cross-origin isolation, which makes the agent cluster origin-keyed.
//!
//! This module sits beside [`crate::origin`] and uses only it and
//! [`crate::origin`].
//!
//! <https://html.spec.whatwg.org/multipage/browsers.html#origin>

use std::fmt;

use url::{Host, Url};

use crate::origin::PublicSuffixList;
use crate::origin::{FileUrlOrigin, Origin};

/// A sandboxing flag set: which features a sandboxed document loses.
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#sandboxing-flag-set>
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SandboxingFlags(u32);

impl SandboxingFlags {
    /// No flag: an unsandboxed document.
    pub const NONE: SandboxingFlags = SandboxingFlags(0);
    /// <https://html.spec.whatwg.org/multipage/browsers.html#sandboxed-navigation-browsing-context-flag>
    pub const NAVIGATION: SandboxingFlags = SandboxingFlags(1 << 0);
    /// <https://html.spec.whatwg.org/multipage/browsers.html#sandboxed-auxiliary-navigation-browsing-context-flag>
    pub const AUXILIARY_NAVIGATION: SandboxingFlags = SandboxingFlags(1 << 1);
    /// <https://html.spec.whatwg.org/multipage/browsers.html#sandboxed-top-level-navigation-without-user-activation-browsing-context-flag>
    pub const TOP_LEVEL_NAVIGATION_WITHOUT_USER_ACTIVATION: SandboxingFlags =
        SandboxingFlags(1 << 2);
    /// <https://html.spec.whatwg.org/multipage/browsers.html#sandboxed-top-level-navigation-with-user-activation-browsing-context-flag>
    pub const TOP_LEVEL_NAVIGATION_WITH_USER_ACTIVATION: SandboxingFlags = SandboxingFlags(1 << 3);
    /// <https://html.spec.whatwg.org/multipage/browsers.html#sandboxed-plugins-browsing-context-flag>
    pub const PLUGINS: SandboxingFlags = SandboxingFlags(1 << 4);
    /// The flag that gives a sandboxed document a new opaque origin; only
    /// `allow-same-origin` leaves it unset.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#sandboxed-origin-browsing-context-flag>
    pub const ORIGIN: SandboxingFlags = SandboxingFlags(1 << 5);
    /// <https://html.spec.whatwg.org/multipage/browsers.html#sandboxed-forms-browsing-context-flag>
    pub const FORMS: SandboxingFlags = SandboxingFlags(1 << 6);
    /// <https://html.spec.whatwg.org/multipage/browsers.html#sandboxed-pointer-lock-browsing-context-flag>
    pub const POINTER_LOCK: SandboxingFlags = SandboxingFlags(1 << 7);
    /// <https://html.spec.whatwg.org/multipage/browsers.html#sandboxed-scripts-browsing-context-flag>
    pub const SCRIPTS: SandboxingFlags = SandboxingFlags(1 << 8);
    /// <https://html.spec.whatwg.org/multipage/browsers.html#sandboxed-automatic-features-browsing-context-flag>
    pub const AUTOMATIC_FEATURES: SandboxingFlags = SandboxingFlags(1 << 9);
    /// Set by every `sandbox` attribute: no keyword lifts it, so a sandboxed
    /// document can never set `document.domain`, even with
    /// `allow-same-origin`.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#sandboxed-document.domain-browsing-context-flag>
    pub const DOCUMENT_DOMAIN: SandboxingFlags = SandboxingFlags(1 << 10);
    /// <https://html.spec.whatwg.org/multipage/browsers.html#sandbox-propagates-to-auxiliary-browsing-contexts-flag>
    pub const PROPAGATES_TO_AUXILIARY_BROWSING_CONTEXTS: SandboxingFlags = SandboxingFlags(1 << 11);
    /// <https://html.spec.whatwg.org/multipage/browsers.html#sandboxed-modals-flag>
    pub const MODALS: SandboxingFlags = SandboxingFlags(1 << 12);
    /// <https://html.spec.whatwg.org/multipage/browsers.html#sandboxed-orientation-lock-browsing-context-flag>
    pub const ORIENTATION_LOCK: SandboxingFlags = SandboxingFlags(1 << 13);
    /// <https://html.spec.whatwg.org/multipage/browsers.html#sandboxed-presentation-browsing-context-flag>
    pub const PRESENTATION: SandboxingFlags = SandboxingFlags(1 << 14);
    /// <https://html.spec.whatwg.org/multipage/browsers.html#sandboxed-downloads-browsing-context-flag>
    pub const DOWNLOADS: SandboxingFlags = SandboxingFlags(1 << 15);
    /// <https://html.spec.whatwg.org/multipage/browsers.html#sandboxed-custom-protocols-navigation-browsing-context-flag>
    pub const CUSTOM_PROTOCOLS_NAVIGATION: SandboxingFlags = SandboxingFlags(1 << 16);
    /// <https://html.spec.whatwg.org/multipage/browsers.html#sandboxed-storage-access-browsing-context-flag>
    pub const STORAGE_ACCESS: SandboxingFlags = SandboxingFlags(1 << 17);

    /// Every flag: what `sandbox=""` sets.
    pub const ALL: SandboxingFlags = SandboxingFlags((1 << 18) - 1);

    /// Whether every flag of `other` is set here.
    pub fn contains(self, other: SandboxingFlags) -> bool {
        self.0 & other.0 == other.0
    }

    /// The union of both sets (a frame's flags are its container's and its
    /// parent's together).
    pub fn union(self, other: SandboxingFlags) -> SandboxingFlags {
        SandboxingFlags(self.0 | other.0)
    }

    /// This set without the flags of `other`.
    fn without(self, other: SandboxingFlags) -> SandboxingFlags {
        SandboxingFlags(self.0 & !other.0)
    }

    /// Whether no flag is set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// "Parse a sandboxing directive": the flags an iframe `sandbox` attribute
/// value (or a CSP `sandbox` directive's value) sets. Tokens are split on
/// ASCII whitespace and compared ASCII case-insensitively; unknown tokens are
/// ignored, as the standard says.
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#parse-a-sandboxing-directive>
pub fn parse_a_sandboxing_directive(input: &str) -> SandboxingFlags {
    let has = |keyword: &str| {
        input
            .split(|c: char| c.is_ascii_whitespace())
            .any(|t| t.eq_ignore_ascii_case(keyword))
    };
    let mut flags = SandboxingFlags::ALL;
    let mut lift = |cond: bool, flag: SandboxingFlags| {
        if cond {
            flags = flags.without(flag);
        }
    };
    lift(has("allow-popups"), SandboxingFlags::AUXILIARY_NAVIGATION);
    lift(
        has("allow-top-navigation"),
        SandboxingFlags::TOP_LEVEL_NAVIGATION_WITHOUT_USER_ACTIVATION,
    );
    lift(
        has("allow-top-navigation") || has("allow-top-navigation-by-user-activation"),
        SandboxingFlags::TOP_LEVEL_NAVIGATION_WITH_USER_ACTIVATION,
    );
    lift(has("allow-same-origin"), SandboxingFlags::ORIGIN);
    lift(has("allow-forms"), SandboxingFlags::FORMS);
    lift(has("allow-pointer-lock"), SandboxingFlags::POINTER_LOCK);
    lift(has("allow-scripts"), SandboxingFlags::SCRIPTS);
    lift(has("allow-scripts"), SandboxingFlags::AUTOMATIC_FEATURES);
    lift(
        has("allow-popups-to-escape-sandbox"),
        SandboxingFlags::PROPAGATES_TO_AUXILIARY_BROWSING_CONTEXTS,
    );
    lift(has("allow-modals"), SandboxingFlags::MODALS);
    lift(
        has("allow-orientation-lock"),
        SandboxingFlags::ORIENTATION_LOCK,
    );
    lift(has("allow-presentation"), SandboxingFlags::PRESENTATION);
    lift(has("allow-downloads"), SandboxingFlags::DOWNLOADS);
    lift(
        has("allow-popups")
            || has("allow-top-navigation")
            || has("allow-top-navigation-to-custom-protocols"),
        SandboxingFlags::CUSTOM_PROTOCOLS_NAVIGATION,
    );
    lift(
        has("allow-storage-access-by-user-activation"),
        SandboxingFlags::STORAGE_ACCESS,
    );
    flags
}

/// Whether `url` "matches `about:blank`": scheme `about`, path `blank`, no
/// credentials, no host. Query and fragment do not matter.
///
/// <https://html.spec.whatwg.org/multipage/urls-and-fetching.html#matches-about:blank>
pub fn matches_about_blank(url: &Url) -> bool {
    matches_about(url, "blank")
}

/// Whether `url` "matches `about:srcdoc`".
///
/// <https://html.spec.whatwg.org/multipage/urls-and-fetching.html#matches-about:srcdoc>
pub fn matches_about_srcdoc(url: &Url) -> bool {
    matches_about(url, "srcdoc")
}

fn matches_about(url: &Url, path: &str) -> bool {
    url.scheme() == "about"
        && url.path() == path
        && url.username().is_empty()
        && url.password().is_none()
        && url.host().is_none()
}

/// Why no origin could be determined for a new document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocumentOriginError {
    /// The document's URL does not parse.
    InvalidUrl {
        /// The input.
        url: String,
        /// The URL parser's error.
        error: url::ParseError,
    },
    /// Step 3 of "determining the origin": an `about:srcdoc` document needs
    /// its parent's origin (the standard asserts it is there).
    ///
    /// <https://html.spec.whatwg.org/multipage/document-sequences.html#determining-the-origin>
    SrcdocWithoutSourceOrigin,
    /// A `javascript:` URL makes no new document on its own: its result
    /// replaces the target navigable's active document, whose origin must be
    /// given.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsing-the-web.html#evaluate-a-javascript:-url>
    JavascriptUrlWithoutTarget,
    /// "Navigate to a `javascript:` URL" step 3: the initiator's origin is not
    /// same origin-domain with the target's active document's origin, so the
    /// navigation does nothing.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsing-the-web.html#navigate-to-a-javascript:-url>
    JavascriptUrlNotSameOriginDomain {
        /// The initiator's origin, serialized.
        initiator: String,
        /// The target's active document's origin, serialized.
        target: String,
    },
}

impl fmt::Display for DocumentOriginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocumentOriginError::InvalidUrl { url, error } => {
                write!(f, "the document URL {url:?} does not parse: {error}")
            }
            DocumentOriginError::SrcdocWithoutSourceOrigin => f.write_str(
                "determining the origin, step 3: an about:srcdoc document needs its parent's origin",
            ),
            DocumentOriginError::JavascriptUrlWithoutTarget => f.write_str(
                "a javascript: URL's result takes the target navigable's active document's origin, which was not given",
            ),
            DocumentOriginError::JavascriptUrlNotSameOriginDomain { initiator, target } => write!(
                f,
                "navigate to a javascript: URL, step 3: the initiator {initiator} is not same origin-domain with the target document's origin {target}"
            ),
        }
    }
}

impl std::error::Error for DocumentOriginError {}

/// HTML's "determining the origin", given a URL (or null), the sandboxing
/// flag set the new document will have, and the source origin (the
/// navigation's initiator, the creator of a new browsing context, or the
/// parent of a `srcdoc` iframe).
///
/// 1. The sandboxed origin browsing context flag gives a new opaque origin.
/// 2. A null URL gives a new opaque origin.
/// 3. `about:srcdoc` gives the source origin (the parent's).
/// 4. `about:blank` with a source origin gives it.
/// 5. Otherwise the URL's origin (`data:` and other schemes opaque; `file:`
///    as `file` says).
///
/// <https://html.spec.whatwg.org/multipage/document-sequences.html#determining-the-origin>
pub fn determine_the_origin(
    url: Option<&Url>,
    sandbox_flags: SandboxingFlags,
    source_origin: Option<&Origin>,
    file: FileUrlOrigin,
) -> Result<Origin, DocumentOriginError> {
    if sandbox_flags.contains(SandboxingFlags::ORIGIN) {
        return Ok(Origin::new_opaque());
    }
    let Some(url) = url else {
        return Ok(Origin::new_opaque());
    };
    if matches_about_srcdoc(url) {
        return source_origin
            .cloned()
            .ok_or(DocumentOriginError::SrcdocWithoutSourceOrigin);
    }
    if matches_about_blank(url)
        && let Some(source) = source_origin
    {
        return Ok(source.clone());
    }
    Ok(Origin::from_url_with(url, file))
}

/// Everything that decides a new document's origin.
#[derive(Clone, Debug, Default)]
pub struct NewDocument<'a> {
    /// The document's URL (a navigation response's final URL,
    /// `about:blank`, `about:srcdoc`, `data:…`, `blob:…`, `javascript:…`,
    /// `file:…`).
    pub url: &'a str,
    /// The source origin: the navigation's initiator origin, the creator's
    /// origin for a new browsing context's initial `about:blank`, the parent's
    /// origin for `about:srcdoc`. `None` for a browser-initiated navigation
    /// or a top-level context without an opener.
    pub source_origin: Option<&'a Origin>,
    /// The document's sandboxing flags: the iframe's `sandbox` attribute
    /// united with the parent's active flags and any CSP `sandbox`
    /// directive of the response.
    pub sandboxing_flags: SandboxingFlags,
    /// What a `file:` URL's origin is.
    pub file_url_origin: FileUrlOrigin,
    /// For a `blob:` URL, the origin of the environment that created it (the
    /// blob URL entry), when the caller knows it.
    ///
    /// <https://url.spec.whatwg.org/#concept-url-origin>
    pub blob_url_entry_origin: Option<&'a Origin>,
    /// For a `javascript:` URL, the target navigable's active document's
    /// origin.
    pub javascript_target_origin: Option<&'a Origin>,
}

/// The origin of the document `doc` describes.
///
/// A `javascript:` URL runs in the target document; when its result is a
/// string, the new document keeps the target document's origin (domain
/// included), provided the initiator is same origin-domain with it. A
/// `blob:` URL takes its entry's origin when given, else the URL
/// Standard's fallback (the origin of an http(s) or file URL in its path).
///
/// <https://html.spec.whatwg.org/multipage/document-sequences.html#determining-the-origin>
pub fn document_origin(doc: &NewDocument<'_>) -> Result<Origin, DocumentOriginError> {
    let url = Url::parse(doc.url).map_err(|error| DocumentOriginError::InvalidUrl {
        url: doc.url.to_owned(),
        error,
    })?;
    match url.scheme() {
        "javascript" => {
            let target = doc
                .javascript_target_origin
                .ok_or(DocumentOriginError::JavascriptUrlWithoutTarget)?;
            // A browser-initiated javascript: navigation (a bookmarklet) has
            // no initiator to check.
            if let Some(initiator) = doc.source_origin
                && !initiator.same_origin_domain(target)
            {
                return Err(DocumentOriginError::JavascriptUrlNotSameOriginDomain {
                    initiator: initiator.ascii_serialization().to_owned(),
                    target: target.ascii_serialization().to_owned(),
                });
            }
            // The replacement document is created in the target's sandboxed
            // context; its origin is the target's, not re-determined.
            Ok(target.clone())
        }
        "blob" if !doc.sandboxing_flags.contains(SandboxingFlags::ORIGIN) => {
            match doc.blob_url_entry_origin {
                Some(origin) => Ok(origin.clone()),
                None => determine_the_origin(
                    Some(&url),
                    doc.sandboxing_flags,
                    doc.source_origin,
                    doc.file_url_origin,
                ),
            }
        }
        _ => determine_the_origin(
            Some(&url),
            doc.sandboxing_flags,
            doc.source_origin,
            doc.file_url_origin,
        ),
    }
}

/// Why "is a registrable domain suffix of or is equal to" said no.
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#is-a-registrable-domain-suffix-of-or-is-equal-to>
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegistrableSuffixError {
    /// Step 1: the empty string.
    Empty,
    /// Steps 2–3: the host parser rejects it.
    InvalidHost(url::ParseError),
    /// Step 4.1: not equal, and one of the two is an IP address: IP
    /// addresses must match exactly.
    NotADomain,
    /// Step 4.2: not a suffix of the original host at a label boundary.
    NotASuffix,
    /// Step 4.3, first case: the value is itself a public suffix.
    IsAPublicSuffix {
        /// The public suffix.
        public_suffix: String,
    },
    /// Step 4.3, second case: the value is a suffix of the original host's
    /// public suffix (it would cut through a wildcard suffix such as
    /// `*.kawasaki.jp`).
    WithinPublicSuffix {
        /// The original host's public suffix.
        public_suffix: String,
    },
}

impl fmt::Display for RegistrableSuffixError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegistrableSuffixError::Empty => f.write_str("step 1: the value is empty"),
            RegistrableSuffixError::InvalidHost(e) => {
                write!(f, "steps 2-3: the value is not a host ({e})")
            }
            RegistrableSuffixError::NotADomain => {
                f.write_str("step 4.1: an IP address can only be set to itself")
            }
            RegistrableSuffixError::NotASuffix => {
                f.write_str("step 4.2: the value is not a suffix of the current domain")
            }
            RegistrableSuffixError::IsAPublicSuffix { public_suffix } => {
                write!(f, "step 4.3: {public_suffix} is a public suffix")
            }
            RegistrableSuffixError::WithinPublicSuffix { public_suffix } => write!(
                f,
                "step 4.3: the value is a suffix of the public suffix {public_suffix}"
            ),
        }
    }
}

impl std::error::Error for RegistrableSuffixError {}

/// "Is a registrable domain suffix of or is equal to": whether
/// `host_suffix_string` may replace `original_host` as a `document.domain`
/// (or a WebAuthn RP ID). `Ok` holds the parsed host.
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#is-a-registrable-domain-suffix-of-or-is-equal-to>
pub fn is_a_registrable_domain_suffix_of_or_is_equal_to(
    host_suffix_string: &str,
    original_host: &Host<String>,
    list: &PublicSuffixList,
) -> Result<Host<String>, RegistrableSuffixError> {
    if host_suffix_string.is_empty() {
        return Err(RegistrableSuffixError::Empty);
    }
    let host_suffix =
        Host::parse(host_suffix_string).map_err(RegistrableSuffixError::InvalidHost)?;
    if host_suffix == *original_host {
        return Ok(host_suffix);
    }
    let (Host::Domain(suffix), Host::Domain(original)) = (&host_suffix, original_host) else {
        return Err(RegistrableSuffixError::NotADomain);
    };
    if !dot_prefixed_matches_end(suffix, original) {
        return Err(RegistrableSuffixError::NotASuffix);
    }
    let own_suffix = list.public_suffix(suffix);
    if let Some(public_suffix) = own_suffix.filter(|p| p == suffix) {
        return Err(RegistrableSuffixError::IsAPublicSuffix { public_suffix });
    }
    if let Some(public_suffix) = list.public_suffix(original)
        && dot_prefixed_matches_end(suffix, &public_suffix)
    {
        return Err(RegistrableSuffixError::WithinPublicSuffix { public_suffix });
    }
    Ok(host_suffix)
}

/// "`suffix`, prefixed by U+002E (.), matches the end of `s`".
fn dot_prefixed_matches_end(suffix: &str, s: &str) -> bool {
    s.strip_suffix(suffix)
        .is_some_and(|rest| rest.ends_with('.'))
}

/// What an `Origin-Agent-Cluster` response header says.
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#origin-agent-cluster>
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum OriginAgentClusterHeader {
    /// No header, or a value that is not a structured-header boolean
    /// (ignored, like an absent header).
    #[default]
    Absent,
    /// `?1`: the document asks for an origin-keyed agent cluster.
    True,
    /// `?0`: the document asks for a site-keyed one.
    False,
}

impl OriginAgentClusterHeader {
    /// Parses the header's value as a structured-field boolean (`?1`, `?0`,
    /// with optional parameters); anything else counts as absent.
    ///
    /// <https://httpwg.org/specs/rfc8941.html#boolean>
    pub fn parse(value: Option<&[u8]>) -> OriginAgentClusterHeader {
        let Some(value) = value else {
            return OriginAgentClusterHeader::Absent;
        };
        let trimmed = value.trim_ascii();
        // Parameters (`?1;a=b`) do not change the item's value.
        let item = trimmed.split(|&b| b == b';').next().unwrap_or(&[]);
        match item {
            b"?1" => OriginAgentClusterHeader::True,
            b"?0" => OriginAgentClusterHeader::False,
            _ => OriginAgentClusterHeader::Absent,
        }
    }
}

/// How agent clusters are keyed when the document says nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum OriginAgentClusterDefault {
    /// By site (the HTML standard's text before whatwg/html#7617): an absent
    /// header leaves `document.domain` working.
    #[default]
    SiteKeyed,
    /// By origin (Chromium since 115, whatwg/html#7617, Firefox prototyping):
    /// an absent header makes the `document.domain` setter a no-op; only
    /// `Origin-Agent-Cluster: ?0` keeps it working.
    OriginKeyed,
}

/// The inputs of the agent cluster keying that matter to `document.domain`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AgentClusterInputs {
    /// The document response's `Origin-Agent-Cluster`.
    pub header: OriginAgentClusterHeader,
    /// Whether the document is a secure context: an explicit `?1` is only
    /// honoured there.
    pub secure_context: bool,
    /// Whether the browsing context group is cross-origin isolated (COOP
    /// `same-origin` and COEP `require-corp`/`credentialless` on the top
    /// document): such groups key every agent cluster by origin.
    pub cross_origin_isolated: bool,
    /// The browsing context group's historical agent cluster key for this
    /// origin, if the origin was seen before: `Some(true)` origin-keyed,
    /// `Some(false)` site-keyed. The first decision sticks for the group.
    pub historical_origin_keyed: Option<bool>,
    /// The browser's default when the header is absent.
    pub default: OriginAgentClusterDefault,
}

/// Whether the document's agent cluster is origin-keyed ("obtain a
/// similar-origin window agent" steps 3–5, with requestsOAC from "create and
/// initialize a `Document` object").
///
/// <https://html.spec.whatwg.org/multipage/webappapis.html#obtain-similar-origin-window-agent>
pub fn is_origin_keyed(inputs: &AgentClusterInputs) -> bool {
    if inputs.cross_origin_isolated {
        return true;
    }
    if let Some(keyed) = inputs.historical_origin_keyed {
        return keyed;
    }
    match inputs.header {
        OriginAgentClusterHeader::True => inputs.secure_context,
        OriginAgentClusterHeader::False => false,
        OriginAgentClusterHeader::Absent => {
            inputs.default == OriginAgentClusterDefault::OriginKeyed
        }
    }
}

/// The failed step of the `document.domain` setter; each throws a
/// "`SecurityError`" `DOMException` in a browser.
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#dom-document-domain>
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocumentDomainError {
    /// Step 1: the document has no browsing context (`new Document`,
    /// `createHTMLDocument()`).
    NoBrowsingContext,
    /// Step 2: the sandboxed `document.domain` browsing context flag is set
    /// (any sandboxed iframe, `allow-same-origin` or not).
    Sandboxed,
    /// Step 4: the origin is opaque, so there is no effective domain.
    OpaqueOrigin,
    /// Step 5: the value is not a registrable domain suffix of, or equal to,
    /// the effective domain.
    NotARegistrableDomainSuffix {
        /// The value given.
        value: String,
        /// The effective domain it was checked against.
        effective_domain: String,
        /// The failed step of that check.
        reason: RegistrableSuffixError,
    },
}

impl fmt::Display for DocumentDomainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocumentDomainError::NoBrowsingContext => {
                f.write_str("document.domain setter, step 1: the document has no browsing context")
            }
            DocumentDomainError::Sandboxed => f.write_str(
                "document.domain setter, step 2: the sandboxed document.domain browsing context flag is set",
            ),
            DocumentDomainError::OpaqueOrigin => f.write_str(
                "document.domain setter, step 4: the origin is opaque (no effective domain)",
            ),
            DocumentDomainError::NotARegistrableDomainSuffix {
                value,
                effective_domain,
                reason,
            } => write!(
                f,
                "document.domain setter, step 5: {value:?} is not a registrable domain suffix of or equal to {effective_domain:?} ({reason})"
            ),
        }
    }
}

impl std::error::Error for DocumentDomainError {}

/// What a successful `document.domain` assignment did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocumentDomainOutcome {
    /// Step 7: the origin's domain is now the parsed value.
    DomainSet(Origin),
    /// Step 6: the agent cluster is origin-keyed, so the setter returns
    /// without changing anything (it does not throw).
    NoOpOriginKeyed,
}

/// A document as far as the same-origin checks outside Fetch see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// Its origin (the domain is set by `document.domain`).
    pub origin: Origin,
    /// Whether it has a browsing context (documents made by `new Document`
    /// or `createHTMLDocument()` do not).
    pub has_browsing_context: bool,
    /// Its active sandboxing flag set.
    pub active_sandboxing_flags: SandboxingFlags,
    /// Whether its agent cluster is origin-keyed ([`is_origin_keyed`]).
    pub origin_keyed: bool,
}

impl Document {
    /// A document in a browsing context, unsandboxed, site-keyed.
    pub fn new(origin: Origin) -> Document {
        Document {
            origin,
            has_browsing_context: true,
            active_sandboxing_flags: SandboxingFlags::NONE,
            origin_keyed: false,
        }
    }

    /// The `document.domain` getter: the effective domain serialized, or
    /// the empty string for an opaque origin.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#dom-document-domain>
    pub fn domain(&self) -> String {
        self.origin
            .effective_domain()
            .map(|h| h.to_string())
            .unwrap_or_default()
    }

    /// The `document.domain` setter: on success the document's origin is
    /// updated (or left alone, in an origin-keyed agent cluster).
    pub fn set_domain(
        &mut self,
        value: &str,
        list: &PublicSuffixList,
    ) -> Result<(), DocumentDomainError> {
        if let DocumentDomainOutcome::DomainSet(origin) = set_document_domain(self, value, list)? {
            self.origin = origin;
        }
        Ok(())
    }

    /// Whether script in this document may access `other`'s DOM.
    pub fn can_access(&self, other: &Document) -> bool {
        is_platform_object_same_origin(&self.origin, &other.origin)
    }
}

/// The `document.domain` setter's steps on `doc` with `value`; the
/// document is not changed, the new origin is returned.
///
/// 1. No browsing context: throw.
/// 2. Sandboxed `document.domain` flag: throw.
/// 3. (and 4) No effective domain (opaque origin): throw.
/// 5. Not a registrable domain suffix of or equal to the effective domain
///    (checked against the *effective* domain, so a second assignment can
///    only shorten further): throw.
/// 6. Origin-keyed agent cluster: return, doing nothing.
/// 7. Set the origin's domain to the parsed value.
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#dom-document-domain>
pub fn set_document_domain(
    doc: &Document,
    value: &str,
    list: &PublicSuffixList,
) -> Result<DocumentDomainOutcome, DocumentDomainError> {
    if !doc.has_browsing_context {
        return Err(DocumentDomainError::NoBrowsingContext);
    }
    if doc
        .active_sandboxing_flags
        .contains(SandboxingFlags::DOCUMENT_DOMAIN)
    {
        return Err(DocumentDomainError::Sandboxed);
    }
    let effective_domain = doc
        .origin
        .effective_domain()
        .ok_or(DocumentDomainError::OpaqueOrigin)?;
    let host = is_a_registrable_domain_suffix_of_or_is_equal_to(value, effective_domain, list)
        .map_err(|reason| DocumentDomainError::NotARegistrableDomainSuffix {
            value: value.to_owned(),
            effective_domain: effective_domain.to_string(),
            reason,
        })?;
    if doc.origin_keyed {
        return Ok(DocumentDomainOutcome::NoOpOriginKeyed);
    }
    Ok(DocumentDomainOutcome::DomainSet(
        doc.origin.clone().with_domain(Some(host)),
    ))
}

/// The check a DOM access across documents makes (a `WindowProxy` or
/// `Location` property, `contentDocument`, …): "IsPlatformObjectSameOrigin",
/// which is same origin-domain between the two documents' origins. After
/// both documents set `document.domain` to the same value, ports no longer
/// matter; the schemes still must match.
///
/// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#isplatformobjectsameorigin-(-o-)>
pub fn is_platform_object_same_origin(accessor: &Origin, target: &Origin) -> bool {
    accessor.same_origin_domain(target)
}
