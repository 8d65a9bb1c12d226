//! Browser profiles: every point where a browser is known to differ from the
//! Fetch standard, as data. Each knob carries its evidence ([`Profile::evidence`]);
//! no knob differs from [`Profile::spec`] without it.
//!
//! The engine reads these knobs; it never branches on a browser's name.

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

    /// The profile for this browser.
    pub fn profile(self) -> Profile {
        match self {
            BrowserName::Spec => Profile::spec(),
            BrowserName::Chromium => Profile::chromium(),
            BrowserName::Firefox => Profile::firefox(),
            BrowserName::Webkit => Profile::webkit(),
        }
    }
}

/// What a browser does with an `Access-Control-Max-Age` value that does not
/// parse as delta-seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvalidMaxAge {
    /// The standard: treat it as absent, so the default max-age applies.
    UseDefault,
    /// Do not cache the preflight result at all.
    DoNotCache,
}

/// A value rule for a request header a browser safelists beyond the standard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtraSafelistRule {
    /// Any value (of at most 128 bytes).
    Any,
    /// `1*DIGIT [ "." 1*DIGIT ]`
    Decimal,
    /// `1*DIGIT`
    Integer,
    /// One of `slow-2g`, `2g`, `3g`, `4g`.
    EffectiveConnectionType,
    /// `on`, any case.
    On,
}

impl ExtraSafelistRule {
    /// Whether `value` passes the rule (and the 128-byte limit every
    /// safelisted value has).
    pub fn allows(self, value: &[u8]) -> bool {
        if value.len() > 128 {
            return false;
        }
        let digits = |v: &[u8]| !v.is_empty() && v.iter().all(u8::is_ascii_digit);
        match self {
            ExtraSafelistRule::Any => true,
            ExtraSafelistRule::Integer => digits(value),
            ExtraSafelistRule::Decimal => match value.iter().position(|&b| b == b'.') {
                Some(dot) => digits(&value[..dot]) && digits(&value[dot + 1..]),
                None => digits(value),
            },
            ExtraSafelistRule::EffectiveConnectionType => {
                matches!(value, b"slow-2g" | b"2g" | b"3g" | b"4g")
            }
            ExtraSafelistRule::On => value.eq_ignore_ascii_case(b"on"),
        }
    }
}

/// The CORS-preflight cache policy of a browser.
/// <https://fetch.spec.whatwg.org/#concept-cache>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PreflightCachePolicy {
    /// Max-age used when the response has no `Access-Control-Max-Age`.
    pub default_max_age_secs: u64,
    /// "An imposed limit on max-age"; `None` means no limit.
    pub max_age_cap_secs: Option<u64>,
    /// Handling of an `Access-Control-Max-Age` that is not a number.
    pub invalid_max_age: InvalidMaxAge,
    /// Handling of a negative `Access-Control-Max-Age` (e.g. `-1`), which the
    /// standard treats like any other invalid value.
    pub negative_max_age: InvalidMaxAge,
    /// How many (URL, partition, origin) groups the cache holds before it
    /// evicts the oldest. The standard lets entries be "removed before that
    /// moment arrives"; xorigin always bounds the cache.
    pub capacity: usize,
    /// Whether a cached `*` method or header-name entry matches later
    /// requests, as the standard says.
    pub cached_wildcard_matches: bool,
    /// Whether a `HEAD` request skips the method cache check like the other
    /// CORS-safelisted methods (the standard) or needs a cached `HEAD` entry.
    pub head_exempt_from_method_cache: bool,
    /// Preflights for URLs this long or longer are not cached.
    pub max_cacheable_url_len: Option<usize>,
    /// Whether a cached `*` is ignored for requests whose credentials mode
    /// is `include` (the standard lets it match).
    pub cached_wildcard_ignored_with_credentials: bool,
    /// Whether cache modes `no-store`, `no-cache` and `reload` bypass the
    /// preflight cache (look-up and storage).
    pub bypassed_by_cache_mode: bool,
    /// Whether preflights from an opaque origin are cached.
    pub opaque_origins_cached: bool,
    /// Whether a network error after the preflight branch clears the cache
    /// entries for the request ("clear cache entries" in main fetch).
    pub cleared_on_network_error: bool,
    /// Whether a cached `*` header-name entry also covers `Authorization`
    /// (the standard: never, it is a CORS non-wildcard request-header name).
    pub cached_wildcard_covers_authorization: bool,
    /// Whether the request's credentials flag is part of the cache key, so an
    /// entry made for a `credentials: "include"` request serves only such
    /// requests and the other way round (the standard lets a credentialed
    /// entry serve every request).
    pub credentials_in_key: bool,
    /// Whether cache mode `no-cache` also bypasses the cache when
    /// [`PreflightCachePolicy::bypassed_by_cache_mode`] is set (Firefox
    /// bypasses it only for `no-store` and `reload`).
    pub bypassed_by_no_cache_mode: bool,
}

/// How a `fetch()` call (destination "") sees a response that opaque-response
/// blocking blocked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrbBlockedFetch {
    /// A network error: the promise rejects (the proposal, and element
    /// loads in every browser that ships ORB).
    NetworkError,
    /// An opaque response with an empty body: the promise resolves, as CORB
    /// did ("ORB v0.1" error handling).
    EmptyResponse,
}

/// A browser's opaque-response blocking (ORB), as data: the proposal's
/// algorithm with the departures a browser ships.
/// <https://github.com/annevk/orb>, <https://github.com/whatwg/fetch/pull/1755>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrbPolicy {
    /// Whether the browser blocks opaque responses at all.
    pub enabled: bool,
    /// What `fetch()` sees of a blocked response (element loads always get a
    /// network error).
    pub blocked_fetch: OrbBlockedFetch,
    /// The opaque-blocklisted-never-sniffed MIME type essences (lowercase).
    pub never_sniffed_mime_types: &'static [&'static str],
    /// Whether `audio/*`, `video/*`, `application/ogg`, DASH and HLS
    /// manifests and `text/vtt` are allowed before any sniffing.
    pub media_mime_types_safelisted: bool,
    /// Whether JavaScript MIME types are sniffed like unknown types (the
    /// HTML, XML and JSON sniffers can block them) instead of safelisted.
    pub javascript_mime_types_sniffed: bool,
    /// Whether a 206 response is validated as the proposal says: blocked
    /// when its MIME type is opaque-blocklisted, or when its `Content-Range`
    /// is missing or does not parse. (A range that does not start at byte 0
    /// is blocked either way: no media element is modelled.)
    pub partial_responses_validated: bool,
    /// Whether `text/plain` with `nosniff` is allowed (the proposal blocks it).
    pub text_plain_nosniff_allowed: bool,
    /// Whether the steps after the image sniff run (nosniff, ok status,
    /// `audio/`, `image/`, `video/` essences, then "parses as JavaScript");
    /// without them a response the sniffers do not recognize is allowed.
    pub final_steps: bool,
    /// Whether bytes sniffed as audio or video are allowed for any request
    /// (the proposal allows them only for a media element's initial request).
    pub sniffed_media_allowed_for_any_request: bool,
    /// Whether a response whose URL is same-origin with the request's origin
    /// is exempt (after a redirect back to the page's origin the response
    /// tainting is still "opaque").
    pub same_origin_url_exempt: bool,
}

/// A browser profile: the knobs that differ between browsers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    /// Whose behaviour this is.
    pub name: BrowserName,
    /// The CORS-preflight cache policy.
    pub preflight_cache: PreflightCachePolicy,
    /// Whether `Access-Control-Allow-Headers: *` also covers `Authorization`
    /// (the standard: never; a "CORS non-wildcard request-header name").
    pub wildcard_allow_headers_covers_authorization: bool,
    /// Request headers the browser treats as CORS-safelisted beyond the
    /// standard's list: lowercase name and value rule.
    pub extra_cors_safelisted_request_headers: &'static [(&'static str, ExtraSafelistRule)],
    /// Whether a preflight response's status is checked before its CORS check
    /// (changes only which failure is reported).
    pub preflight_status_checked_first: bool,
    /// Request-header names the browser drops from `fetch()` beyond the
    /// standard's forbidden request-headers (lowercase).
    pub extra_forbidden_request_header_names: &'static [&'static str],
    /// Whether CORS-safelisting looks at each header of a name apart (the
    /// standard) or at the name's combined value (`a, b`).
    pub safelisting_sees_combined_values: bool,
    /// Whether the `Origin` of a non-CORS, non-GET request becomes `null`
    /// under the referrer policies the standard lists.
    pub origin_header_follows_referrer_policy: bool,
    /// Which URL decides whether Fetch Metadata headers are sent: the
    /// request's first URL (the standard) or its current URL.
    pub fetch_metadata_checks_current_url: bool,
    /// Whether a CORS-preflight request's `Sec-Fetch-Site` looks only at its
    /// own URL (not the redirect chain before it).
    pub preflight_sec_fetch_site_current_url_only: bool,
    /// Whether the header a preflight response fails to allow is the first
    /// in the request's header-list order (the standard: the sorted
    /// CORS-unsafe request-header names). Changes only which name is reported.
    pub disallowed_header_reported_in_request_order: bool,
    /// Whether and how Local Network Access checks connections (not part of
    /// the Fetch standard).
    pub local_network_access: LocalNetworkAccessRules,
    /// Opaque-response blocking.
    pub orb: OrbPolicy,
    /// The `Accept` value of an `<img>` load (the standard's "should" value
    /// for destination "image").
    pub accept_image: &'static str,
    /// The `Accept` value of a `<link rel=stylesheet>` load.
    pub accept_style: &'static str,
    /// Whether a stylesheet whose Content-Type is not `text/css` still fires
    /// `load` (the sheet is just not applied); HTML says `error`.
    /// <https://html.spec.whatwg.org/multipage/links.html#link-type-stylesheet>
    pub non_css_stylesheet_fires_load: bool,
    /// Whether a stylesheet with no valid MIME type (no or a malformed
    /// `Content-Type`) is used as if it were `text/css`.
    pub untyped_stylesheet_loads: bool,
    /// Whether a CORS request (not its preflight) loses its Fetch Metadata
    /// headers once a redirect has taken it to another origin.
    pub fetch_metadata_removed_after_cross_origin_redirect: bool,
    /// Whether `Authorization` survives a redirect to another origin (the
    /// standard removes it: HTTP-redirect fetch step 13).
    pub authorization_kept_on_cross_origin_redirect: bool,
    /// Whether CORS-safelisted request headers whose values total more than
    /// 1024 bytes become CORS-unsafe (the standard) or each header is judged
    /// alone.
    pub safelisted_values_size_limited: bool,
    /// Whether `Access-Control-Request-Headers` names each unsafe header name
    /// once (the standard's sorted set) or once per header of that name.
    pub preflight_request_header_names_deduplicated: bool,
    /// Whether only one `Content-Type` value of the request's header list
    /// goes on the wire: the first when the request has a body and is not
    /// redirected (Firefox passes it with the upload stream), else the last
    /// (each header set replaces the one before; a redirect's new channel
    /// copies headers only). The standard sends every value, combined.
    pub only_one_content_type_sent: bool,
    /// Whether a CORS-preflight request made after a redirect tainted the
    /// request's origin still carries the client's origin in `Origin`, and the
    /// preflight cache is keyed by that origin (the standard: `null` for
    /// both).
    pub preflight_origin_ignores_redirect_taint: bool,
}

/// How a browser applies Local Network Access (a [`Profile`]
/// knob).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalNetworkAccessRules {
    /// Whether local network requests are checked at all.
    pub enforced: bool,
    /// Whether `local` and `loopback` count as one space when deciding
    /// whether a request is a local network request (so a `local` page may
    /// reach `loopback` freely). The specification orders them apart.
    pub loopback_same_as_local: bool,
}

impl LocalNetworkAccessRules {
    /// No checks (the Fetch standard; browsers without LNA).
    pub const NOT_ENFORCED: LocalNetworkAccessRules = LocalNetworkAccessRules {
        enforced: false,
        loopback_same_as_local: false,
    };
}

/// Where a knob's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// The knob (a field path of [`Profile`]).
    pub knob: &'static str,
    /// The source line, test expectation or recording that shows it.
    pub source: &'static str,
}

/// The `Accept` value the Fetch standard suggests for image requests.
/// <https://fetch.spec.whatwg.org/#fetching>
pub const SPEC_IMAGE_ACCEPT: &str = "image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5";

/// The default capacity of the preflight cache for the `spec` profile.
pub const DEFAULT_PREFLIGHT_CACHE_CAPACITY: usize = 1024;

impl Profile {
    /// The Fetch standard read literally. Where the standard leaves a choice to
    /// the user agent (cache cap, size), xorigin picks no cap and
    /// [`DEFAULT_PREFLIGHT_CACHE_CAPACITY`] groups.
    pub fn spec() -> Profile {
        Profile {
            name: BrowserName::Spec,
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
                cached_wildcard_covers_authorization: false,
                credentials_in_key: false,
                bypassed_by_no_cache_mode: true,
            },
            wildcard_allow_headers_covers_authorization: false,
            extra_cors_safelisted_request_headers: &[],
            preflight_status_checked_first: false,
            extra_forbidden_request_header_names: &[],
            safelisting_sees_combined_values: false,
            origin_header_follows_referrer_policy: true,
            fetch_metadata_checks_current_url: false,
            preflight_sec_fetch_site_current_url_only: false,
            disallowed_header_reported_in_request_order: false,
            local_network_access: LocalNetworkAccessRules::NOT_ENFORCED,
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
            accept_image: SPEC_IMAGE_ACCEPT,
            accept_style: "text/css,*/*;q=0.1",
            non_css_stylesheet_fires_load: false,
            untyped_stylesheet_loads: false,
            fetch_metadata_removed_after_cross_origin_redirect: false,
            authorization_kept_on_cross_origin_redirect: false,
            safelisted_values_size_limited: true,
            preflight_request_header_names_deduplicated: true,
            only_one_content_type_sent: false,
            preflight_origin_ignores_redirect_taint: false,
        }
    }

    /// Chromium.
    pub fn chromium() -> Profile {
        Profile {
            name: BrowserName::Chromium,
            preflight_cache: PreflightCachePolicy {
                max_age_cap_secs: Some(7200),
                negative_max_age: InvalidMaxAge::DoNotCache,
                max_cacheable_url_len: Some(1024),
                cached_wildcard_ignored_with_credentials: true,
                bypassed_by_cache_mode: true,
                opaque_origins_cached: false,
                cleared_on_network_error: false,
                ..Profile::spec().preflight_cache
            },
            wildcard_allow_headers_covers_authorization: true,
            extra_cors_safelisted_request_headers: CHROMIUM_EXTRA_SAFELISTED,
            extra_forbidden_request_header_names: &["user-agent"],
            safelisting_sees_combined_values: true,
            origin_header_follows_referrer_policy: false,
            fetch_metadata_checks_current_url: true,
            preflight_sec_fetch_site_current_url_only: true,
            disallowed_header_reported_in_request_order: true,
            local_network_access: LocalNetworkAccessRules {
                enforced: true,
                loopback_same_as_local: true,
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
            accept_image: "image/jxl,image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8",
            non_css_stylesheet_fires_load: true,
            ..Profile::spec()
        }
    }

    /// Firefox.
    pub fn firefox() -> Profile {
        Profile {
            name: BrowserName::Firefox,
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
                ..Profile::spec().preflight_cache
            },
            wildcard_allow_headers_covers_authorization: true,
            orb: OrbPolicy {
                blocked_fetch: OrbBlockedFetch::EmptyResponse,
                text_plain_nosniff_allowed: true,
                ..Profile::spec().orb
            },
            accept_image: "image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5",
            untyped_stylesheet_loads: true,
            fetch_metadata_checks_current_url: true,
            preflight_sec_fetch_site_current_url_only: true,
            safelisted_values_size_limited: false,
            preflight_request_header_names_deduplicated: false,
            only_one_content_type_sent: true,
            preflight_origin_ignores_redirect_taint: true,
            ..Profile::spec()
        }
    }

    /// WebKit.
    pub fn webkit() -> Profile {
        Profile {
            name: BrowserName::Webkit,
            preflight_cache: PreflightCachePolicy {
                max_age_cap_secs: Some(600),
                negative_max_age: InvalidMaxAge::DoNotCache,
                cached_wildcard_ignored_with_credentials: true,
                cleared_on_network_error: false,
                cached_wildcard_covers_authorization: true,
                ..Profile::spec().preflight_cache
            },
            wildcard_allow_headers_covers_authorization: true,
            preflight_status_checked_first: true,
            orb: OrbPolicy {
                enabled: false,
                ..Profile::spec().orb
            },
            accept_image: WEBKIT_IMAGE_ACCEPT,
            untyped_stylesheet_loads: true,
            safelisting_sees_combined_values: true,
            fetch_metadata_removed_after_cross_origin_redirect: true,
            authorization_kept_on_cross_origin_redirect: true,
            ..Profile::spec()
        }
    }

    /// The evidence for every knob where this profile differs from the standard.
    pub fn evidence(&self) -> &'static [Evidence] {
        match self.name {
            BrowserName::Spec => &[],
            BrowserName::Chromium => CHROMIUM_EVIDENCE,
            BrowserName::Firefox => FIREFOX_EVIDENCE,
            BrowserName::Webkit => WEBKIT_EVIDENCE,
        }
    }

    /// Whether `name` (any case) is dropped from `fetch()` by this browser
    /// beyond the standard's forbidden request-headers.
    pub fn is_extra_forbidden_request_header_name(&self, name: &[u8]) -> bool {
        self.extra_forbidden_request_header_names
            .iter()
            .any(|n| n.as_bytes().eq_ignore_ascii_case(name))
    }

    /// Whether (`name`, `value`) is safelisted by this browser beyond the standard.
    pub fn is_extra_cors_safelisted_request_header(&self, name: &[u8], value: &[u8]) -> bool {
        self.extra_cors_safelisted_request_headers
            .iter()
            .any(|(n, rule)| n.as_bytes().eq_ignore_ascii_case(name) && rule.allows(value))
    }
}

impl Default for Profile {
    fn default() -> Profile {
        Profile::spec()
    }
}

/// Client hints Chromium safelists that script can set (the `sec-ch-*` ones
/// are forbidden request-header names).
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

const CHROMIUM_EVIDENCE: &[Evidence] = &[
    Evidence {
        knob: "disallowed_header_reported_in_request_order",
        source: "chromium services/network/public/cpp/cors/preflight_result.cc EnsureAllowedCrossOriginHeaders: \"for (const auto& name : CorsUnsafeNotForbiddenRequestHeaderNames(headers.GetHeaderVector(), ...))\" (the request's order, unsorted); recordings: `xorigin-conformance random --seed 1` scenarios 148 and 208 (Chrome 156 names x-other before range, x-custom before content-type)",
    },
    Evidence {
        knob: "non_css_stylesheet_fires_load",
        source: "recordings, Chromium 156: <link rel=stylesheet> of text/plain or Content-Type-less responses, same-origin, cross-origin and crossorigin=anonymous, fires load (spec-fixtures/chromium/chromium-element-style-*.json); HTML 'link type stylesheet' sets success to false",
    },
    Evidence {
        knob: "accept_image",
        source: "recordings, Chromium 156: every <img> request (41 in spec-fixtures/element-loads/) carries \"Accept: image/jxl,image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8\"; stylesheets carry the standard's text/css,*/*;q=0.1",
    },
    Evidence {
        knob: "preflight_cache.max_age_cap_secs",
        source: "chromium services/network/cors/preflight_result.cc: \"constexpr base::TimeDelta kMaxTimeout = base::Hours(2);\"",
    },
    Evidence {
        knob: "preflight_cache.negative_max_age",
        source: "chromium services/network/cors/preflight_result.cc ParseAccessControlMaxAge: unparsable -> kDefaultTimeout (5 s); \"if (seconds < 0)\" -> 0, not reusable; WPT cors/preflight-cache.htm 'age = -1, should not be cached'; recording: spec-fixtures/chromium/chromium-max-age-negative-not-cached.json",
    },
    Evidence {
        knob: "preflight_cache.max_cacheable_url_len",
        source: "chromium services/network/cors/preflight_cache.cc: kMaxKeyLength = 1024u; \"if (url_spec.length() >= kMaxKeyLength) { return; }\"",
    },
    Evidence {
        knob: "wildcard_allow_headers_covers_authorization",
        source: "chromium services/network/cors/preflight_result.cc EnsureAllowedCrossOriginHeaders excludes Authorization from '*' only with kCorsNonWildcardRequestHeadersSupport; services/network/public/cpp/features.cc: FEATURE_DISABLED_BY_DEFAULT; WPT expectation cors-preflight-star.any.js.ini: expected FAIL; recording: spec-fixtures/chromium/chromium-wildcard-allow-headers-covers-authorization.json",
    },
    Evidence {
        knob: "preflight_cache.bypassed_by_cache_mode",
        source: "recording: conformance harness, Chromium 156.0.8078.108 headless, fixture spec-fixtures/chromium/chromium-cache-no-store-bypasses-preflight-cache.json; chromium services/network/cors/preflight_controller.cc RetrieveCacheFlags (LOAD_VALIDATE_CACHE | LOAD_BYPASS_CACHE | LOAD_DISABLE_CACHE skip the cache)",
    },
    Evidence {
        knob: "preflight_cache.cached_wildcard_ignored_with_credentials",
        source: "recording: conformance harness, Chromium 156.0.8078.108 headless, fixture spec-fixtures/chromium/chromium-cached-star-method-not-with-credentials.json",
    },
    Evidence {
        knob: "preflight_cache.cleared_on_network_error",
        source: "recording: conformance harness, Chromium 156.0.8078.108 headless, fixture spec-fixtures/chromium/chromium-cache-kept-after-failed-request.json",
    },
    Evidence {
        knob: "preflight_cache.opaque_origins_cached",
        source: "recording: conformance harness, Chromium 156.0.8078.108 headless, fixture spec-fixtures/chromium/chromium-null-origin-preflight-not-cached.json",
    },
    Evidence {
        knob: "extra_forbidden_request_header_names",
        source: "recording: conformance harness, Chromium 156.0.8078.108 headless, fixture spec-fixtures/chromium/chromium-user-agent-dropped.json (crbug.com/571722: User-Agent still treated as forbidden)",
    },
    Evidence {
        knob: "safelisting_sees_combined_values",
        source: "recording: conformance harness, Chromium 156.0.8078.108 headless, fixture spec-fixtures/chromium/chromium-duplicate-content-type-combined.json",
    },
    Evidence {
        knob: "origin_header_follows_referrer_policy",
        source: "recording: conformance harness, Chromium 156.0.8078.108 headless, fixture spec-fixtures/chromium/chromium-no-cors-post-no-referrer-real-origin.json",
    },
    Evidence {
        knob: "fetch_metadata_checks_current_url",
        source: "recording: conformance harness, Chromium 156.0.8078.108 headless, fixture spec-fixtures/chromium/chromium-no-sec-fetch-after-redirect-to-http.json",
    },
    Evidence {
        knob: "preflight_sec_fetch_site_current_url_only",
        source: "recording: conformance harness, Chromium 156.0.8078.108 headless, fixture spec-fixtures/chromium/chromium-preflight-sec-fetch-site-after-chain.json",
    },
    Evidence {
        knob: "local_network_access.enforced",
        source: "chromium services/network/public/cpp/features.cc: BASE_FEATURE(kLocalNetworkAccessChecks, FEATURE_ENABLED_BY_DEFAULT), LocalNetworkAccessChecksWarn default false; content/browser/renderer_host/private_network_access_util.cc: subresources and workers get kPermissionBlock from secure contexts, kBlock from non-secure ones, main-frame navigations kAllow; recordings: conformance harness with --ip-address-space-overrides, Chromium 156.0.8078.108 headless (the prompt is denied), spec-fixtures/local-network-access/",
    },
    Evidence {
        knob: "local_network_access.loopback_same_as_local",
        source: "chromium services/network/private_network_access_checker.cc: with kLocalNetworkAccessChecks, IsLessPublicAddressSpaceLNA (ip_address_space_util.cc CollapseLocalAndLoopback) decides 'no less public': \"Requests from local -> loopback ... are not blocked at present\"; recording: spec-fixtures/local-network-access/lna-local-to-loopback-get.json",
    },
    Evidence {
        knob: "extra_cors_safelisted_request_headers",
        source: "chromium services/network/public/cpp/cors/cors.cc IsCorsSafelistedHeader: safe_names with IsSimilarToDoubleABNF / IsSimilarToIntABNF / ect / save-data==on value checks",
    },
    Evidence {
        knob: "orb.blocked_fetch",
        source: "chromium services/network/orb/orb_impl.cc ShouldHandleBlockedResponseAs: \"ORB v0.1\" kEmptyResponse when request_destination_from_renderer_ is kEmpty (fetch()), kNetworkError otherwise; recordings: spec-fixtures/chromium/orb-*.json",
    },
    Evidence {
        knob: "orb.never_sniffed_mime_types",
        source: "chromium services/network/orb/orb_mimetypes.cc GetNeverSniffedMimeTypes (adds text/pdf; no application/x-protobuffer; dash, mpegurl and vtt handled as media)",
    },
    Evidence {
        knob: "orb.media_mime_types_safelisted",
        source: "chromium services/network/orb/orb_impl.cc IsOpaqueSafelistedMimeType: IsAudioOrVideoMimeType (audio/*, video/*, application/ogg, application/dash+xml, application/vnd.apple.mpegurl, text/vtt) -> kAllow",
    },
    Evidence {
        knob: "orb.javascript_mime_types_sniffed",
        source: "chromium services/network/orb/orb_impl.cc: \"Deviation from spec: We do not handle JavaScript MIME types here\" (IsOpaqueSafelistedMimeTypeThatWeSniffAnyway); Sniff() blocks SniffForHTML/SniffForXML/SniffForFetchOnlyResource matches",
    },
    Evidence {
        knob: "orb.partial_responses_validated",
        source: "chromium services/network/orb/orb_impl.cc Init: \"Step iii. is missing\"; only IsRangeResponseWithMiddleOfResource (206, Content-Range first byte > 0) blocks",
    },
    Evidence {
        knob: "orb.final_steps",
        source: "chromium services/network/orb/orb_impl.cc HandleEndOfSniffableResponseBody: steps 10, 11, 13 and 15 skipped, \"Changing step 16 to fail open (e.g. return true / kAllow)\"",
    },
    Evidence {
        knob: "orb.sniffed_media_allowed_for_any_request",
        source: "chromium services/network/orb/orb_impl.cc Sniff: \"Spec-divergence: no step 8\"; audio/video bytes -> kAllow whatever the destination",
    },
    Evidence {
        knob: "orb.same_origin_url_exempt",
        source: "chromium services/network/orb/orb_impl.cc Init: \"if (request_initiator->IsSameOriginWith(request_url)) return Decision::kAllow;\"",
    },
];

const FIREFOX_EVIDENCE: &[Evidence] = &[
    Evidence {
        knob: "untyped_stylesheet_loads",
        source: "recordings, Firefox ESR 153.7.0 (conformance harness, --browser firefox): spec-fixtures/element-loads/element-style-no-content-type-cross-origin-error.json and element-style-same-origin-no-content-type-error.json fire load (a stylesheet load gives the channel a text/css type hint, so a response without Content-Type is CSS); spec-fixtures/firefox/firefox-element-style-no-content-type-load.json",
    },
    Evidence {
        knob: "accept_image",
        source: "recording: conformance harness, Firefox 153.7.0 ESR headless, spec-fixtures/orb/orb-img-*.json (sent[].headers.accept)",
    },
    Evidence {
        knob: "orb.blocked_fetch",
        source: "recording: conformance harness, Firefox 153.7.0 ESR headless, spec-fixtures/firefox/orb-*.json (21 blocked no-cors fetch() calls of spec-fixtures/orb/ resolve opaque; element loads get the error event); gecko netwerk/protocol/http/OpaqueResponseUtils.cpp OpaqueResponseFilter drops the headers and discards the data",
    },
    Evidence {
        knob: "orb.text_plain_nosniff_allowed",
        source: "gecko netwerk/protocol/http/OpaqueResponseUtils.cpp IsOpaqueSafeListedSpecBreakingMIMEType: \"if (aContentType.EqualsLiteral(TEXT_PLAIN) && aNoSniff) return true;\" (bug 1828375)",
    },
    Evidence {
        knob: "preflight_cache.max_age_cap_secs",
        source: "gecko netwerk/protocol/http/nsCORSListenerProxy.cpp AddResultToCache: \"age = std::min(age, 86400U);\"",
    },
    Evidence {
        knob: "preflight_cache.invalid_max_age, negative_max_age",
        source: "gecko netwerk/protocol/http/nsCORSListenerProxy.cpp AddResultToCache: any non-digit byte returns without caching; \"if (!age ...) return;\"; recording: conformance harness, Firefox 153.7.0esr headless, fixture spec-fixtures/firefox/firefox-max-age-invalid-not-cached.json, firefox-max-age-negative-not-cached.json",
    },
    Evidence {
        knob: "preflight_cache.cached_wildcard_matches",
        source: "gecko netwerk/protocol/http/nsCORSListenerProxy.cpp CacheEntry::CheckRequest compares cached tokens literally (e.token.Equals(method)), so a cached '*' never matches; recording: conformance harness, Firefox 153.7.0esr headless, fixture spec-fixtures/firefox/firefox-cached-star-method-never-matches.json",
    },
    Evidence {
        knob: "preflight_cache.head_exempt_from_method_cache",
        source: "gecko netwerk/protocol/http/nsCORSListenerProxy.cpp CacheEntry::CheckRequest: \"if (!aMethod.EqualsLiteral(\\\"GET\\\") && !aMethod.EqualsLiteral(\\\"POST\\\"))\"; recording: conformance harness, Firefox 153.7.0esr headless, fixture spec-fixtures/firefox/firefox-head-not-exempt-from-method-cache.json",
    },
    Evidence {
        knob: "preflight_cache.capacity",
        source: "gecko netwerk/protocol/http/nsCORSListenerProxy.cpp: PREFLIGHT_CACHE_SIZE 100, LRU",
    },
    Evidence {
        knob: "preflight_cache.credentials_in_key",
        source: "gecko caps/BasePrincipal.cpp GetPrefLightCacheKey: the key starts with \"cred\" or \"nocred\"; recording: conformance harness, Firefox 153.7.0esr headless, fixture spec-fixtures/firefox/firefox-cache-credentials-in-key.json",
    },
    Evidence {
        knob: "preflight_cache.bypassed_by_cache_mode, bypassed_by_no_cache_mode",
        source: "gecko netwerk/protocol/http/nsCORSListenerProxy.cpp StartCORSPreflight: \"bool disableCache = (loadFlags & nsIRequest::LOAD_BYPASS_CACHE);\"; recording: conformance harness, Firefox 153.7.0esr headless, fixture spec-fixtures/firefox/firefox-cache-no-store-bypasses-preflight-cache.json, firefox-cache-reload-bypasses-preflight-cache.json, firefox-cache-no-cache-uses-preflight-cache.json",
    },
    Evidence {
        knob: "wildcard_allow_headers_covers_authorization",
        source: "gecko modules/libpref/init/StaticPrefList.yaml: network.cors_preflight.authorization_covered_by_wildcard = true; recording: conformance harness, Firefox 153.7.0esr headless, fixture spec-fixtures/firefox/firefox-wildcard-allow-headers-covers-authorization.json",
    },
    Evidence {
        knob: "fetch_metadata_checks_current_url",
        source: "recording: conformance harness, Firefox 153.7.0esr headless, fixture spec-fixtures/firefox/firefox-no-sec-fetch-after-redirect-to-http.json (gecko dom/security/SecFetch.cpp: headers only for a potentially trustworthy channel URI)",
    },
    Evidence {
        knob: "preflight_sec_fetch_site_current_url_only",
        source: "recording: conformance harness, Firefox 153.7.0esr headless, fixture spec-fixtures/firefox/firefox-preflight-sec-fetch-site-own-url.json",
    },
    Evidence {
        knob: "safelisted_values_size_limited",
        source: "gecko dom/fetch/InternalHeaders.cpp GetUnsafeHeaders judges each header alone (IsSimpleHeader), no total; recording: conformance harness, Firefox 153.7.0esr headless, fixture spec-fixtures/firefox/firefox-safelisted-values-over-1024-bytes-no-preflight.json",
    },
    Evidence {
        knob: "preflight_request_header_names_deduplicated",
        source: "gecko netwerk/protocol/http/nsCORSListenerProxy.cpp StartCORSPreflight lowercases, sorts and joins aUnsafeHeaders with ',' without removing repeats; recording: conformance harness, Firefox 153.7.0esr headless, fixture spec-fixtures/firefox/firefox-preflight-duplicate-header-names.json",
    },
    Evidence {
        knob: "only_one_content_type_sent",
        source: "recording: conformance harness, Firefox 153.7.0esr headless, fixture spec-fixtures/firefox/firefox-content-type-one-value-sent.json; random --browser firefox --seed 1 scenario 263 (redirected PATCH: the last value)",
    },
    Evidence {
        knob: "preflight_origin_ignores_redirect_taint",
        source: "gecko netwerk/protocol/http/nsCORSListenerProxy.cpp StartCORSPreflight keys the cache with the loading principal (GetEntry(uri, principal, ...)); recording: conformance harness, Firefox 153.7.0esr headless, fixture spec-fixtures/firefox/firefox-preflight-origin-after-taint.json, firefox-preflight-cache-keyed-by-client-origin.json",
    },
];

/// WebKitGTK 2.50's `Accept` for `<img>` loads (recorded).
const WEBKIT_IMAGE_ACCEPT: &str =
    "image/webp,image/avif,video/*;q=0.8,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5";

const WEBKIT_EVIDENCE: &[Evidence] = &[
    Evidence {
        knob: "untyped_stylesheet_loads",
        source: "WebKit Source/WebCore/loader/cache/CachedCSSStyleSheet.cpp canUseSheet: \"bool typeOK = mimeType.isEmpty() || equalLettersIgnoringASCIICase(mimeType, \"text/css\"_s) || equalLettersIgnoringASCIICase(mimeType, \"application/x-unknown-content-type\"_s) || !isValidContentType(mimeType);\"; recordings, WebKitGTK 2.50.6: spec-fixtures/element-loads/element-style-no-content-type-cross-origin-error.json and element-style-same-origin-no-content-type-error.json fire load (spec-fixtures/webkit/webkit-element-style-no-content-type-load.json)",
    },
    Evidence {
        knob: "accept_image",
        source: "recordings, WebKitGTK 2.50.6 (conformance harness, --browser webkit): every <img> request in spec-fixtures/element-loads/ carries \"Accept: image/webp,image/avif,video/*;q=0.8,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5\"",
    },
    Evidence {
        knob: "orb.enabled",
        source: "WebKit/standards-positions#64 (ORB: position support, 2024) with no implementation: WebKit has no ORB or CORB analyzer; wpt.fyi fetch/orb fails in Safari",
    },
    Evidence {
        knob: "preflight_cache.max_age_cap_secs",
        source: "WebKit Source/WebCore/loader/CrossOriginPreflightResultCache.cpp: \"static const auto maxPreflightCacheTimeout = 600_s;\"",
    },
    Evidence {
        knob: "preflight_cache.negative_max_age",
        source: "WebKit Source/WebCore/loader/CrossOriginPreflightResultCache.cpp parseAccessControlMaxAge: -1 parses, expiry in the past, never reused",
    },
    Evidence {
        knob: "wildcard_allow_headers_covers_authorization",
        source: "WebKit Source/WebCore/loader/CrossOriginPreflightResultCache.cpp validateCrossOriginHeaders: validWildcard ('*' without credentials) accepts every header, Authorization included",
    },
    Evidence {
        knob: "preflight_cache.cached_wildcard_ignored_with_credentials",
        source: "WebKit Source/WebCore/loader/CrossOriginPreflightResultCache.cpp allowsCrossOriginMethod: \"m_methods.contains(\\\"*\\\") && storedCredentialsPolicy != StoredCredentialsPolicy::Use\" (and validWildcard for headers); recording: WebKitGTK 2.50.6 MiniBrowser, fixture spec-fixtures/webkit/webkit-cached-star-method-not-with-credentials.json",
    },
    Evidence {
        knob: "preflight_cache.cleared_on_network_error",
        source: "WebKit Source/WebCore/loader/CrossOriginPreflightResultCache.cpp: entries leave only through canSkipPreflight (a request the entry does not allow) or clear(), never on a failed request; recording: WebKitGTK 2.50.6 MiniBrowser, fixture spec-fixtures/webkit/webkit-cache-kept-after-failed-request.json",
    },
    Evidence {
        knob: "preflight_cache.cached_wildcard_covers_authorization",
        source: "WebKit Source/WebCore/loader/CrossOriginPreflightResultCache.cpp validateCrossOriginHeaders: \"if (!m_headers.contains(header.key) && !validWildcard) return header.key;\" (no Authorization exception); recording: WebKitGTK 2.50.6 MiniBrowser, fixture spec-fixtures/webkit/webkit-cached-star-header-covers-authorization.json",
    },
    Evidence {
        knob: "safelisting_sees_combined_values",
        source: "WebKit Source/WebCore/loader/CrossOriginAccessControl.cpp createAccessControlPreflightRequest: isCrossOriginSafeRequestHeader(name, headerField.value) over the HTTPHeaderMap, whose value for a repeated name is the combined `a, b`; recording: WebKitGTK 2.50.6 MiniBrowser, fixture spec-fixtures/webkit/webkit-duplicate-content-type-combined.json",
    },
    Evidence {
        knob: "fetch_metadata_removed_after_cross_origin_redirect",
        source: "WebKit Source/WebCore/loader/CrossOriginAccessControl.cpp cleanHTTPRequestHeadersForAccessControl: \"request.removeHTTPHeaderField(HTTPHeaderName::SecFetchDest); ... SecFetchMode; ... SecFetchSite\" when a CORS request is redirected to another origin (same-origin to cross-origin, cross-origin back to the page, https to http); createAccessControlPreflightRequest adds them afresh; recording: WebKitGTK 2.50.6 MiniBrowser, fixture spec-fixtures/webkit/webkit-no-sec-fetch-after-tainting-redirect.json",
    },
    Evidence {
        knob: "authorization_kept_on_cross_origin_redirect",
        source: "WebKit Source/WebCore/loader/CrossOriginAccessControl.cpp cleanHTTPRequestHeadersForAccessControl, the header cleaning of a cross-origin CORS redirect, removes Content-Type, Accept-Encoding, Cache-Control, Origin, Pragma, Referer, User-Agent and Sec-Fetch-* but not Authorization; recording: WebKitGTK 2.50.6 MiniBrowser, fixture spec-fixtures/webkit/webkit-authorization-kept-on-cross-origin-redirect.json (the redirected GET is preflighted for authorization)",
    },
    Evidence {
        knob: "preflight_status_checked_first",
        source: "WebKit Source/WebCore/loader/CrossOriginAccessControl.cpp validatePreflightResponse checks the status before passesAccessControlCheck",
    },
];

#[cfg(test)]
mod webkit_profile_tests {
    use super::*;

    /// Every WebKit knob taken from a recording differs from the standard and
    /// names its evidence.
    #[test]
    fn webkit_knobs_differ_from_spec_and_carry_evidence() {
        let (w, s) = (Profile::webkit(), Profile::spec());
        let (wc, sc) = (&w.preflight_cache, &s.preflight_cache);
        let cases = [
            (
                "preflight_cache.cached_wildcard_ignored_with_credentials",
                wc.cached_wildcard_ignored_with_credentials
                    != sc.cached_wildcard_ignored_with_credentials,
            ),
            (
                "preflight_cache.cleared_on_network_error",
                wc.cleared_on_network_error != sc.cleared_on_network_error,
            ),
            (
                "preflight_cache.cached_wildcard_covers_authorization",
                wc.cached_wildcard_covers_authorization != sc.cached_wildcard_covers_authorization,
            ),
            (
                "safelisting_sees_combined_values",
                w.safelisting_sees_combined_values != s.safelisting_sees_combined_values,
            ),
            (
                "fetch_metadata_removed_after_cross_origin_redirect",
                w.fetch_metadata_removed_after_cross_origin_redirect
                    != s.fetch_metadata_removed_after_cross_origin_redirect,
            ),
            (
                "authorization_kept_on_cross_origin_redirect",
                w.authorization_kept_on_cross_origin_redirect
                    != s.authorization_kept_on_cross_origin_redirect,
            ),
        ];
        for (knob, differs) in cases {
            assert!(differs, "{knob}: webkit equals spec");
            assert!(
                w.evidence().iter().any(|e| e.knob == knob),
                "{knob}: no evidence"
            );
        }
        // The other profiles keep the standard's behaviour for the new knobs.
        for p in [Profile::chromium(), Profile::firefox()] {
            assert!(!p.preflight_cache.cached_wildcard_covers_authorization);
            assert!(!p.fetch_metadata_removed_after_cross_origin_redirect);
            assert!(!p.authorization_kept_on_cross_origin_redirect);
        }
    }
}
