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
            },
            wildcard_allow_headers_covers_authorization: false,
            extra_cors_safelisted_request_headers: &[],
            preflight_status_checked_first: false,
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
                ..Profile::spec().preflight_cache
            },
            wildcard_allow_headers_covers_authorization: true,
            extra_cors_safelisted_request_headers: CHROMIUM_EXTRA_SAFELISTED,
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
        source: "chromium services/network/cors/preflight_result.cc ParseAccessControlMaxAge: unparsable -> kDefaultTimeout (5 s); \"if (seconds < 0)\" -> 0, not reusable; WPT cors/preflight-cache.htm 'age = -1, should not be cached'",
    },
    Evidence {
        knob: "preflight_cache.max_cacheable_url_len",
        source: "chromium services/network/cors/preflight_cache.cc: kMaxKeyLength = 1024u; \"if (url_spec.length() >= kMaxKeyLength) { return; }\"",
    },
    Evidence {
        knob: "wildcard_allow_headers_covers_authorization",
        source: "chromium services/network/cors/preflight_result.cc EnsureAllowedCrossOriginHeaders excludes Authorization from '*' only with kCorsNonWildcardRequestHeadersSupport; services/network/public/cpp/features.cc: FEATURE_DISABLED_BY_DEFAULT; WPT expectation cors-preflight-star.any.js.ini: expected FAIL",
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
        knob: "preflight_status_checked_first",
        source: "WebKit Source/WebCore/loader/CrossOriginAccessControl.cpp validatePreflightResponse checks the status before passesAccessControlCheck",
    },
];
