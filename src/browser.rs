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

/// The CORS-preflight cache policy of a browser.
/// <https://fetch.spec.whatwg.org/#concept-cache>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PreflightCachePolicy {
    /// Max-age used when the response has no `Access-Control-Max-Age`.
    pub default_max_age_secs: u64,
    /// "An imposed limit on max-age"; `None` means no limit.
    pub max_age_cap_secs: Option<u64>,
    /// Handling of an unparsable `Access-Control-Max-Age`.
    pub invalid_max_age: InvalidMaxAge,
    /// How many (origin, URL, credentials) groups the cache holds before it
    /// evicts the oldest. The standard lets entries be "removed before that
    /// moment arrives"; xorigin always bounds the cache.
    pub capacity: usize,
    /// Whether a cached `*` method or header-name entry matches later
    /// requests, as the standard says.
    pub cached_wildcard_matches: bool,
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
    /// Request-header names the browser treats as CORS-safelisted beyond the
    /// standard's list (lowercase), whatever their value.
    pub extra_cors_safelisted_request_header_names: &'static [&'static str],
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
                capacity: DEFAULT_PREFLIGHT_CACHE_CAPACITY,
                cached_wildcard_matches: true,
            },
            wildcard_allow_headers_covers_authorization: false,
            extra_cors_safelisted_request_header_names: &[],
        }
    }

    /// Chromium.
    pub fn chromium() -> Profile {
        Profile {
            name: BrowserName::Chromium,
            preflight_cache: PreflightCachePolicy {
                max_age_cap_secs: Some(7200),
                ..Profile::spec().preflight_cache
            },
            wildcard_allow_headers_covers_authorization: true,
            ..Profile::spec()
        }
    }

    /// Firefox.
    pub fn firefox() -> Profile {
        Profile {
            name: BrowserName::Firefox,
            preflight_cache: PreflightCachePolicy {
                max_age_cap_secs: Some(86400),
                capacity: 100,
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
                ..Profile::spec().preflight_cache
            },
            wildcard_allow_headers_covers_authorization: true,
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

    /// Whether `name` (any case) is safelisted by this browser beyond the standard.
    pub fn is_extra_cors_safelisted_request_header_name(&self, name: &[u8]) -> bool {
        self.extra_cors_safelisted_request_header_names
            .iter()
            .any(|n| n.as_bytes().eq_ignore_ascii_case(name))
    }
}

impl Default for Profile {
    fn default() -> Profile {
        Profile::spec()
    }
}

const CHROMIUM_EVIDENCE: &[Evidence] = &[
    Evidence {
        knob: "preflight_cache.max_age_cap_secs",
        source: "chromium services/network/public/cpp/cors/preflight_result.cc: kMaxTimeoutInSeconds = 7200 (2 hours)",
    },
    Evidence {
        knob: "wildcard_allow_headers_covers_authorization",
        source: "chromium services/network/public/cpp/cors/preflight_result.cc: Authorization is only excluded from '*' when feature CorsNonWildcardRequestHeadersSupport is enabled (off by default); WPT fetch/api/cors/cors-preflight-star.any.js fails in Chromium's expectations",
    },
];

const FIREFOX_EVIDENCE: &[Evidence] = &[
    Evidence {
        knob: "preflight_cache.max_age_cap_secs",
        source: "gecko netwerk/protocol/http/nsCORSListenerProxy.cpp: max-age clamped to 86400 (24 h)",
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
        source: "WebKit Source/WebCore/loader/CrossOriginPreflightResultCache.cpp: maxPreflightCacheTimeout = 600 s",
    },
    Evidence {
        knob: "wildcard_allow_headers_covers_authorization",
        source: "WebKit Source/WebCore/loader/CrossOriginPreflightResultCache.cpp: allowsCrossOriginHeaders accepts '*' for every header when credentials are not included",
    },
];
