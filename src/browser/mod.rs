//! Browser profiles: every point where a browser is known to differ from the
//! Fetch standard, as data. The knobs are grouped by concern ([`knobs`]);
//! each knob that differs from [`Profile::SPEC`] names its evidence
//! ([`Profile::evidence`], keyed by [`Knob`]).
//!
//! The four profiles are constants, shared by every fetch (a
//! [`crate::fetch::FetchController`] borrows its profile); a test or embedder
//! builds a custom one with struct-update syntax from one of them.
//!
//! The engine reads these knobs; it never branches on a browser's name.

mod evidence;
pub mod knobs;

pub use evidence::{Evidence, Knob};
pub use knobs::{
    CorpRules, ElementLoadRules, ExtraSafelistRule, FetchMetadataRules, InitiatorRules,
    InvalidMaxAge, LocalNetworkAccessRules, OrbBlockedFetch, OrbPolicy, PortRules,
    PreflightAfterRedirect, PreflightCachePolicy, PreflightRules, RedirectRules,
    RequestHeaderRules,
};
use serde::{Deserialize, Serialize};

/// Whose behaviour a profile or a scenario's `expect` describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BrowserName {
    /// The WHATWG standards, read literally.
    Spec,
    /// Chromium (Chrome, Edge, ...).
    Chromium,
    /// Firefox (Gecko).
    Firefox,
    /// WebKit (Safari, WebKitGTK).
    Webkit,
}

impl BrowserName {
    /// Every browser name, `spec` first.
    pub const ALL: [BrowserName; 4] = [
        BrowserName::Spec,
        BrowserName::Chromium,
        BrowserName::Firefox,
        BrowserName::Webkit,
    ];

    /// The lowercase name used in scenarios and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            BrowserName::Spec => "spec",
            BrowserName::Chromium => "chromium",
            BrowserName::Firefox => "firefox",
            BrowserName::Webkit => "webkit",
        }
    }

    /// Parses a lowercase browser name.
    pub fn from_name(name: &str) -> Option<BrowserName> {
        BrowserName::ALL.into_iter().find(|b| b.as_str() == name)
    }

    /// The profile for this browser, shared: a fetch borrows it.
    pub fn profile(self) -> &'static Profile {
        match self {
            BrowserName::Spec => &Profile::SPEC,
            BrowserName::Chromium => &Profile::CHROMIUM,
            BrowserName::Firefox => &Profile::FIREFOX,
            BrowserName::Webkit => &Profile::WEBKIT,
        }
    }
}

/// A browser profile: the knobs that differ between browsers, by concern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    /// Whose behaviour this is.
    pub name: BrowserName,
    /// Which request headers are safelisted, forbidden or set.
    pub request_headers: RequestHeaderRules,
    /// How a CORS-preflight request is made and checked.
    pub preflight: PreflightRules,
    /// The CORS-preflight cache policy.
    pub preflight_cache: PreflightCachePolicy,
    /// When Fetch Metadata (`Sec-Fetch-*`) headers are sent.
    pub fetch_metadata: FetchMetadataRules,
    /// What a cross-origin redirect does to the request's headers.
    pub redirects: RedirectRules,
    /// How `<img>` and `<link rel=stylesheet>` loads are requested and accepted.
    pub element_loads: ElementLoadRules,
    /// How XHR, workers, navigations and the other initiators depart from
    /// their standards.
    pub initiators: InitiatorRules,
    /// Opaque-response blocking.
    pub orb: OrbPolicy,
    /// Whether and how Local Network Access checks connections (not part of
    /// the Fetch standard).
    pub local_network_access: LocalNetworkAccessRules,
    /// Which bad ports are blocked.
    pub ports: PortRules,
    /// How `Cross-Origin-Resource-Policy` is read.
    pub corp: CorpRules,
}

/// The `Accept` value the Fetch standard suggests for image requests.
/// <https://fetch.spec.whatwg.org/#fetching>
pub const SPEC_IMAGE_ACCEPT: &str = "image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5";

/// The document `Accept` header value: a navigation request's.
/// <https://fetch.spec.whatwg.org/#document-accept-header-value>
pub const SPEC_DOCUMENT_ACCEPT: &str =
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/// The default capacity of the preflight cache for the `spec` profile.
pub const DEFAULT_PREFLIGHT_CACHE_CAPACITY: usize = 1024;

/// WebKitGTK 2.50's `Accept` for `<img>` loads (recorded).
const WEBKIT_IMAGE_ACCEPT: &str =
    "image/webp,image/avif,video/*;q=0.8,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5";

impl Profile {
    /// The Fetch standard read literally. Where the standard leaves a choice to
    /// the user agent (cache cap, size), xorigin picks no cap and
    /// [`DEFAULT_PREFLIGHT_CACHE_CAPACITY`] groups.
    pub const SPEC: Profile = Profile {
        name: BrowserName::Spec,
        request_headers: RequestHeaderRules {
            extra_safelisted: &[],
            extra_forbidden_names: &[],
            safelisting_sees_combined_values: false,
            safelisted_values_size_limited: true,
            origin_header_follows_referrer_policy: true,
            only_one_content_type_sent: false,
            origin_on_same_origin_cors_destinations: &[],
        },
        preflight: PreflightRules {
            wildcard_allow_headers_covers_authorization: false,
            status_checked_first: false,
            disallowed_header_reported_in_request_order: false,
            request_header_names_deduplicated: true,
            origin_ignores_redirect_taint: false,
            after_redirect: PreflightAfterRedirect::PerHop,
        },
        preflight_cache: PreflightCachePolicy {
            default_max_age_secs: 5,
            max_age_cap_secs: None,
            invalid_max_age: InvalidMaxAge::UseDefault,
            negative_max_age: InvalidMaxAge::UseDefault,
            capacity: DEFAULT_PREFLIGHT_CACHE_CAPACITY,
            cached_wildcard_matches: true,
            head_exempt_from_method_cache: true,
            max_cacheable_url_len: None,
            cached_wildcard_ignored_with_credentials: false,
            bypassed_by_cache_mode: false,
            opaque_origins_cached: true,
            cleared_on_network_error: true,
            insufficient_entry_removed_on_lookup: false,
            cached_wildcard_covers_authorization: false,
            credentials_in_key: false,
            bypassed_by_no_cache_mode: true,
        },
        fetch_metadata: FetchMetadataRules {
            checks_current_url: false,
            preflight_site_checks_own_url_only: false,
            preflight_mode_on_non_trustworthy_url: false,
            preflight_needs_trustworthy_first_url: false,
        },
        redirects: RedirectRules {
            authorization_kept_cross_origin: false,
            fetch_metadata_removed_cross_origin: false,
            delete_becomes_get_cross_origin: false,
            client_hints_removed_unless_page_origin: &[],
        },
        initiators: InitiatorRules {
            accept_document: SPEC_DOCUMENT_ACCEPT,
            worker_cross_origin_url_throws: false,
            accept_font: "*/*",
            accept_audio: "*/*",
            accept_video: "*/*",
            websocket_mixed_content_throws: false,
            beacon_mixed_content_returns_false: false,
            websocket_sends_accept: true,
            websocket_sends_fetch_metadata: true,
            websocket_sec_fetch_dest: "empty",
            classic_worker_mime_checked: true,
            worker_script_without_mime_runs: false,
            module_worker_mime_checked: true,
            font_mode_cors: true,
            xhr_upload_listener_preflights_without_body: false,
            navigation_origin_null_after_cross_origin_redirect: false,
        },
        element_loads: ElementLoadRules {
            accept_image: SPEC_IMAGE_ACCEPT,
            accept_style: "text/css,*/*;q=0.1",
            non_css_stylesheet_fires_load: false,
            untyped_stylesheet_loads: false,
            untyped_stylesheet_sniffed: false,
            svg_image_needs_ok_status: false,
        },
        orb: OrbPolicy {
            enabled: true,
            blocked_fetch: OrbBlockedFetch::NetworkError,
            never_sniffed_mime_types: ORB_NEVER_SNIFFED,
            media_mime_types_safelisted: false,
            javascript_mime_types_sniffed: false,
            partial_responses_validated: true,
            text_plain_nosniff_allowed: false,
            final_steps: true,
            sniffed_media_allowed_for_any_request: false,
            same_origin_url_exempt: false,
        },
        local_network_access: LocalNetworkAccessRules::NOT_ENFORCED,
        ports: PortRules {
            bad_ports_allowed: &[],
        },
        corp: CorpRules {
            embedder_policy_implies_only_when_absent: false,
        },
    };

    /// Chromium.
    pub const CHROMIUM: Profile = Profile {
        name: BrowserName::Chromium,
        request_headers: RequestHeaderRules {
            extra_safelisted: CHROMIUM_EXTRA_SAFELISTED,
            extra_forbidden_names: &["user-agent"],
            safelisting_sees_combined_values: true,
            origin_header_follows_referrer_policy: false,
            origin_on_same_origin_cors_destinations: &["image", "script", "style"],
            ..Profile::SPEC.request_headers
        },
        preflight: PreflightRules {
            wildcard_allow_headers_covers_authorization: true,
            disallowed_header_reported_in_request_order: true,
            ..Profile::SPEC.preflight
        },
        preflight_cache: PreflightCachePolicy {
            max_age_cap_secs: Some(7200),
            negative_max_age: InvalidMaxAge::DoNotCache,
            max_cacheable_url_len: Some(1024),
            cached_wildcard_ignored_with_credentials: true,
            bypassed_by_cache_mode: true,
            opaque_origins_cached: false,
            cleared_on_network_error: false,
            insufficient_entry_removed_on_lookup: true,
            ..Profile::SPEC.preflight_cache
        },
        fetch_metadata: FetchMetadataRules {
            checks_current_url: true,
            preflight_site_checks_own_url_only: true,
            preflight_mode_on_non_trustworthy_url: true,
            preflight_needs_trustworthy_first_url: false,
        },
        initiators: InitiatorRules {
            accept_document: "text/html,application/xhtml+xml,application/xml;q=0.9,image/jxl,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
            worker_cross_origin_url_throws: true,
            accept_font: "*/*",
            accept_audio: "*/*",
            accept_video: "*/*",
            websocket_mixed_content_throws: true,
            beacon_mixed_content_returns_false: true,
            websocket_sends_accept: false,
            websocket_sends_fetch_metadata: false,
            websocket_sec_fetch_dest: "empty",
            classic_worker_mime_checked: false,
            worker_script_without_mime_runs: false,
            module_worker_mime_checked: true,
            font_mode_cors: true,
            xhr_upload_listener_preflights_without_body: false,
            navigation_origin_null_after_cross_origin_redirect: true,
        },
        element_loads: ElementLoadRules {
            accept_image: "image/jxl,image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8",
            non_css_stylesheet_fires_load: true,
            ..Profile::SPEC.element_loads
        },
        orb: OrbPolicy {
            enabled: true,
            blocked_fetch: OrbBlockedFetch::EmptyResponse,
            never_sniffed_mime_types: CHROMIUM_ORB_NEVER_SNIFFED,
            media_mime_types_safelisted: true,
            javascript_mime_types_sniffed: true,
            partial_responses_validated: false,
            text_plain_nosniff_allowed: false,
            final_steps: false,
            sniffed_media_allowed_for_any_request: true,
            same_origin_url_exempt: true,
        },
        local_network_access: LocalNetworkAccessRules {
            enforced: true,
            loopback_same_as_local: true,
        },
        ports: PortRules {
            bad_ports_allowed: &[4190, 6679],
        },
        redirects: RedirectRules {
            client_hints_removed_unless_page_origin: CHROMIUM_REDIRECT_REMOVED_CLIENT_HINTS,
            ..Profile::SPEC.redirects
        },
        ..Profile::SPEC
    };

    /// Firefox.
    pub const FIREFOX: Profile = Profile {
        name: BrowserName::Firefox,
        corp: CorpRules {
            embedder_policy_implies_only_when_absent: true,
        },
        request_headers: RequestHeaderRules {
            safelisted_values_size_limited: false,
            only_one_content_type_sent: true,
            ..Profile::SPEC.request_headers
        },
        preflight: PreflightRules {
            wildcard_allow_headers_covers_authorization: true,
            request_header_names_deduplicated: false,
            origin_ignores_redirect_taint: true,
            after_redirect: PreflightAfterRedirect::RequiredListingCurrentNames,
            ..Profile::SPEC.preflight
        },
        preflight_cache: PreflightCachePolicy {
            max_age_cap_secs: Some(86400),
            invalid_max_age: InvalidMaxAge::DoNotCache,
            negative_max_age: InvalidMaxAge::DoNotCache,
            capacity: 100,
            cached_wildcard_matches: false,
            head_exempt_from_method_cache: false,
            credentials_in_key: true,
            bypassed_by_cache_mode: true,
            bypassed_by_no_cache_mode: false,
            ..Profile::SPEC.preflight_cache
        },
        fetch_metadata: FetchMetadataRules {
            checks_current_url: true,
            preflight_site_checks_own_url_only: true,
            preflight_mode_on_non_trustworthy_url: false,
            preflight_needs_trustworthy_first_url: false,
        },
        initiators: InitiatorRules {
            accept_document: SPEC_DOCUMENT_ACCEPT,
            worker_cross_origin_url_throws: false,
            accept_font: "application/font-woff2;q=1.0,application/font-woff;q=0.9,*/*;q=0.8",
            accept_audio: "audio/webm,audio/ogg,audio/wav,audio/*;q=0.9,application/ogg;q=0.7,video/*;q=0.6,*/*;q=0.5",
            accept_video: "video/webm,video/ogg,video/*;q=0.9,application/ogg;q=0.7,audio/*;q=0.6,*/*;q=0.5",
            websocket_mixed_content_throws: true,
            beacon_mixed_content_returns_false: true,
            websocket_sends_accept: true,
            websocket_sends_fetch_metadata: true,
            websocket_sec_fetch_dest: "empty",
            classic_worker_mime_checked: true,
            worker_script_without_mime_runs: false,
            module_worker_mime_checked: true,
            font_mode_cors: true,
            xhr_upload_listener_preflights_without_body: true,
            navigation_origin_null_after_cross_origin_redirect: false,
        },
        element_loads: ElementLoadRules {
            accept_image: "image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5",
            untyped_stylesheet_loads: true,
            untyped_stylesheet_sniffed: true,
            svg_image_needs_ok_status: true,
            ..Profile::SPEC.element_loads
        },
        orb: OrbPolicy {
            blocked_fetch: OrbBlockedFetch::EmptyResponse,
            text_plain_nosniff_allowed: true,
            ..Profile::SPEC.orb
        },
        // Firefox 153 ESR: network.lna.enabled and network.lna.blocking on
        // (a prompt; denied, the fetch fails before anything is sent);
        // local -> loopback is not checked.
        local_network_access: LocalNetworkAccessRules {
            enforced: true,
            loopback_same_as_local: true,
        },
        ..Profile::SPEC
    };

    /// WebKit.
    pub const WEBKIT: Profile = Profile {
        name: BrowserName::Webkit,
        request_headers: RequestHeaderRules {
            safelisting_sees_combined_values: true,
            origin_on_same_origin_cors_destinations: &["audio", "image", "script", "style"],
            ..Profile::SPEC.request_headers
        },
        preflight: PreflightRules {
            wildcard_allow_headers_covers_authorization: true,
            status_checked_first: true,
            after_redirect: PreflightAfterRedirect::RequiredListingFetchStartNames,
            ..Profile::SPEC.preflight
        },
        preflight_cache: PreflightCachePolicy {
            max_age_cap_secs: Some(600),
            negative_max_age: InvalidMaxAge::DoNotCache,
            cached_wildcard_ignored_with_credentials: true,
            cleared_on_network_error: false,
            cached_wildcard_covers_authorization: true,
            insufficient_entry_removed_on_lookup: true,
            ..Profile::SPEC.preflight_cache
        },
        fetch_metadata: FetchMetadataRules {
            checks_current_url: true,
            preflight_needs_trustworthy_first_url: true,
            ..Profile::SPEC.fetch_metadata
        },
        redirects: RedirectRules {
            authorization_kept_cross_origin: true,
            fetch_metadata_removed_cross_origin: true,
            delete_becomes_get_cross_origin: true,
            ..Profile::SPEC.redirects
        },
        initiators: InitiatorRules {
            accept_document: SPEC_DOCUMENT_ACCEPT,
            worker_cross_origin_url_throws: true,
            accept_font: "*/*",
            accept_audio: "*/*",
            accept_video: "*/*",
            websocket_mixed_content_throws: false,
            beacon_mixed_content_returns_false: true,
            websocket_sends_accept: false,
            websocket_sends_fetch_metadata: true,
            websocket_sec_fetch_dest: "websocket",
            classic_worker_mime_checked: true,
            worker_script_without_mime_runs: true,
            module_worker_mime_checked: false,
            font_mode_cors: false,
            xhr_upload_listener_preflights_without_body: true,
            navigation_origin_null_after_cross_origin_redirect: true,
        },
        element_loads: ElementLoadRules {
            accept_image: WEBKIT_IMAGE_ACCEPT,
            untyped_stylesheet_loads: true,
            ..Profile::SPEC.element_loads
        },
        orb: OrbPolicy {
            enabled: false,
            ..Profile::SPEC.orb
        },
        ..Profile::SPEC
    };

    /// The evidence for every knob where this profile differs from the standard.
    pub fn evidence(&self) -> &'static [Evidence] {
        match self.name {
            BrowserName::Spec => &[],
            BrowserName::Chromium => evidence::CHROMIUM_EVIDENCE,
            BrowserName::Firefox => evidence::FIREFOX_EVIDENCE,
            BrowserName::Webkit => evidence::WEBKIT_EVIDENCE,
        }
    }

    /// Whether `name` (any case) is dropped from `fetch()` by this browser
    /// beyond the standard's forbidden request-headers.
    pub fn is_extra_forbidden_request_header_name(&self, name: &[u8]) -> bool {
        self.request_headers
            .extra_forbidden_names
            .iter()
            .any(|n| n.as_bytes().eq_ignore_ascii_case(name))
    }

    /// Whether (`name`, `value`) is safelisted by this browser beyond the standard.
    pub fn is_extra_cors_safelisted_request_header(&self, name: &[u8], value: &[u8]) -> bool {
        self.request_headers
            .extra_safelisted
            .iter()
            .any(|(n, rule)| n.as_bytes().eq_ignore_ascii_case(name) && rule.allows(value))
    }
}

impl Default for Profile {
    fn default() -> Profile {
        Profile::SPEC
    }
}

/// Client hints Chromium safelists that script can set (the `sec-ch-*` ones
/// are forbidden request-header names).
/// The client hints among [`CHROMIUM_EXTRA_SAFELISTED`] that Chromium removes
/// on a redirect to a URL whose origin is not the page's (blink
/// `FindClientHintsToRemove`: their `ch-*` permissions-policy features default
/// to `'self'`). `Save-Data` (default `*`) and `Intervention` (not a hint)
/// stay.
const CHROMIUM_REDIRECT_REMOVED_CLIENT_HINTS: &[&str] = &[
    "device-memory",
    "downlink",
    "dpr",
    "ect",
    "rtt",
    "viewport-width",
    "width",
];

const CHROMIUM_EXTRA_SAFELISTED: &[(&str, ExtraSafelistRule)] = &[
    ("device-memory", ExtraSafelistRule::Decimal),
    ("downlink", ExtraSafelistRule::Decimal),
    ("dpr", ExtraSafelistRule::Decimal),
    ("ect", ExtraSafelistRule::EffectiveConnectionType),
    ("intervention", ExtraSafelistRule::Any),
    ("rtt", ExtraSafelistRule::Integer),
    ("save-data", ExtraSafelistRule::On),
    ("viewport-width", ExtraSafelistRule::Integer),
    ("width", ExtraSafelistRule::Integer),
];

/// The proposal's opaque-blocklisted-never-sniffed MIME types.
/// <https://github.com/annevk/orb#new-mime-type-sets>
const ORB_NEVER_SNIFFED: &[&str] = &[
    "application/dash+xml",
    "application/gzip",
    "application/msexcel",
    "application/mspowerpoint",
    "application/msword",
    "application/msword-template",
    "application/pdf",
    "application/vnd.apple.mpegurl",
    "application/vnd.ces-quickpoint",
    "application/vnd.ces-quicksheet",
    "application/vnd.ces-quickword",
    "application/vnd.ms-excel",
    "application/vnd.ms-excel.sheet.macroenabled.12",
    "application/vnd.ms-powerpoint",
    "application/vnd.ms-powerpoint.presentation.macroenabled.12",
    "application/vnd.ms-word",
    "application/vnd.ms-word.document.12",
    "application/vnd.ms-word.document.macroenabled.12",
    "application/vnd.msword",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-officedocument.presentationml.template",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
    "application/vnd.presentation-openxml",
    "application/vnd.presentation-openxmlm",
    "application/vnd.spreadsheet-openxml",
    "application/vnd.wordprocessing-openxml",
    "application/x-gzip",
    "application/x-protobuf",
    "application/x-protobuffer",
    "application/zip",
    "audio/mpegurl",
    "multipart/byteranges",
    "multipart/signed",
    "text/csv",
    "text/event-stream",
    "text/vtt",
];

/// Chromium's never-sniffed list (`orb_mimetypes.cc`
/// `GetNeverSniffedMimeTypes`): `text/pdf` added; the media manifests and
/// `text/vtt` are allowed as media instead; no `application/x-protobuffer`.
const CHROMIUM_ORB_NEVER_SNIFFED: &[&str] = &[
    "application/gzip",
    "application/msexcel",
    "application/mspowerpoint",
    "application/msword",
    "application/msword-template",
    "application/pdf",
    "application/vnd.ces-quickpoint",
    "application/vnd.ces-quicksheet",
    "application/vnd.ces-quickword",
    "application/vnd.ms-excel",
    "application/vnd.ms-excel.sheet.macroenabled.12",
    "application/vnd.ms-powerpoint",
    "application/vnd.ms-powerpoint.presentation.macroenabled.12",
    "application/vnd.ms-word",
    "application/vnd.ms-word.document.12",
    "application/vnd.ms-word.document.macroenabled.12",
    "application/vnd.msword",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-officedocument.presentationml.template",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
    "application/vnd.presentation-openxml",
    "application/vnd.presentation-openxmlm",
    "application/vnd.spreadsheet-openxml",
    "application/vnd.wordprocessing-openxml",
    "application/x-gzip",
    "application/x-protobuf",
    "application/zip",
    "multipart/byteranges",
    "multipart/signed",
    "text/csv",
    "text/event-stream",
    "text/pdf",
];
