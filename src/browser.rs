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

/// Where a knob's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// The knob (a field path of [`Profile`]).
    pub knob: &'static str,
    /// The source line, test expectation or recording that shows it.
    pub source: &'static str,
}

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
                ..Profile::spec().preflight_cache
            },
            wildcard_allow_headers_covers_authorization: true,
            preflight_status_checked_first: true,
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

const CHROMIUM_EVIDENCE: &[Evidence] = &[
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
        knob: "extra_cors_safelisted_request_headers",
        source: "chromium services/network/public/cpp/cors/cors.cc IsCorsSafelistedHeader: safe_names with IsSimilarToDoubleABNF / IsSimilarToIntABNF / ect / save-data==on value checks",
    },
];

const FIREFOX_EVIDENCE: &[Evidence] = &[
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

const WEBKIT_EVIDENCE: &[Evidence] = &[
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
        knob: "preflight_status_checked_first",
        source: "WebKit Source/WebCore/loader/CrossOriginAccessControl.cpp validatePreflightResponse checks the status before passesAccessControlCheck",
    },
];
