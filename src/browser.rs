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
    /// Whether a CORS request (not its preflight) loses its Fetch Metadata
    /// headers once a redirect has taken it to another origin.
    pub fetch_metadata_removed_after_cross_origin_redirect: bool,
    /// Whether `Authorization` survives a redirect to another origin (the
    /// standard removes it: HTTP-redirect fetch step 13).
    pub authorization_kept_on_cross_origin_redirect: bool,
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
                cached_wildcard_covers_authorization: false,
            },
            wildcard_allow_headers_covers_authorization: false,
            extra_cors_safelisted_request_headers: &[],
            preflight_status_checked_first: false,
            extra_forbidden_request_header_names: &[],
            safelisting_sees_combined_values: false,
            origin_header_follows_referrer_policy: true,
            fetch_metadata_checks_current_url: false,
            preflight_sec_fetch_site_current_url_only: false,
            fetch_metadata_removed_after_cross_origin_redirect: false,
            authorization_kept_on_cross_origin_redirect: false,
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
                ..Profile::spec().preflight_cache
            },
            wildcard_allow_headers_covers_authorization: true,
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
        source: "gecko netwerk/protocol/http/nsCORSListenerProxy.cpp AddResultToCache: any non-digit byte returns without caching; \"if (!age ...) return;\"",
    },
    Evidence {
        knob: "preflight_cache.cached_wildcard_matches",
        source: "gecko netwerk/protocol/http/nsCORSListenerProxy.cpp CacheEntry::CheckRequest compares cached tokens literally (e.token.Equals(method)), so a cached '*' never matches",
    },
    Evidence {
        knob: "preflight_cache.head_exempt_from_method_cache",
        source: "gecko netwerk/protocol/http/nsCORSListenerProxy.cpp CacheEntry::CheckRequest: \"if (!aMethod.EqualsLiteral(\\\"GET\\\") && !aMethod.EqualsLiteral(\\\"POST\\\"))\"",
    },
    Evidence {
        knob: "preflight_cache.capacity",
        source: "gecko netwerk/protocol/http/nsCORSListenerProxy.cpp: PREFLIGHT_CACHE_SIZE 100, LRU",
    },
    Evidence {
        knob: "wildcard_allow_headers_covers_authorization",
        source: "gecko modules/libpref/init/StaticPrefList.yaml: network.cors_preflight.authorization_covered_by_wildcard = true",
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
