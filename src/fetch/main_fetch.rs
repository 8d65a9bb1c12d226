//! Main fetch and scheme fetch up to the point where a request goes on the
//! wire, and the decision "does this request need a CORS preflight?"
//! ([`main_fetch_branch`], which `explain` renders too).
//!
//! <https://fetch.spec.whatwg.org/#main-fetch>

use super::*;

impl FetchController<'_> {
    /// Main fetch, for the request's current URL, up to the point where a
    /// request goes on the wire. <https://fetch.spec.whatwg.org/#main-fetch>
    pub(super) fn main_fetch(&mut self, cache: &mut PreflightCache, now: Duration) {
        let url = self.request.current_url();
        // Step 7: bad ports.
        if matches!(url.scheme(), "http" | "https")
            && let Some(port) = url.port_or_known_default()
            && is_bad_port(port)
            && !self.profile.ports.bad_ports_allowed.contains(&port)
        {
            self.fail(Reason::BadPort { port }, None, cache);
            return;
        }
        // Steps 5 to 7: mixed content (upgrade, then block).
        match mixed_content_check(&self.request.origin, self.request.destination, url) {
            MixedContent::Allowed => {}
            MixedContent::Upgrade(upgraded) => self.request.replace_current_url(upgraded),
            MixedContent::Blocked => {
                self.fail(Reason::MixedContent, None, cache);
                return;
            }
        }
        // Step 12: the first matching statement, decided by `main_fetch_branch`.
        let branch = main_fetch_branch(&self.request, self.profile, |unsafe_names| {
            !self.preflight_needed(unsafe_names, cache, now)
        });
        match branch {
            MainFetchBranch::Basic(cause) => {
                self.request.response_tainting = ResponseTainting::Basic;
                if cause == BasicCause::DataUrl {
                    self.data_fetch(cache);
                } else {
                    let scheme = self.request.current_url().scheme().to_owned();
                    self.scheme_fetch(&scheme, cache);
                }
            }
            MainFetchBranch::SameOriginModeCrossOriginUrl => {
                self.fail(Reason::SameOriginModeCrossOriginUrl, None, cache);
            }
            MainFetchBranch::NoCorsRedirectModeNotFollow => {
                self.fail(Reason::NoCorsRedirectModeNotFollow, None, cache);
            }
            MainFetchBranch::NoCors => {
                self.request.response_tainting = ResponseTainting::Opaque;
                let scheme = self.request.current_url().scheme().to_owned();
                self.scheme_fetch(&scheme, cache);
            }
            MainFetchBranch::CorsUnsupportedScheme { scheme } => {
                self.fail(Reason::CorsUnsupportedScheme { scheme }, None, cache);
            }
            MainFetchBranch::CorsWithPreflight { causes, cache_hit } => {
                self.request.response_tainting = ResponseTainting::Cors;
                self.took_preflight_branch = true;
                if self.profile.preflight.after_redirect != PreflightAfterRedirect::PerHop {
                    self.request
                        .set_preflight_required_earlier(causes.unsafe_header_names.clone());
                }
                // A browser that keeps one result per key drops the one that
                // did not cover this request (`preflight_cache` knob).
                if !cache_hit
                    && self
                        .profile
                        .preflight_cache
                        .insufficient_entry_removed_on_lookup
                    && self.preflight_cache_usable()
                {
                    cache.clear(&self.cache_key());
                }
                self.state = if cache_hit {
                    State::SendMain
                } else {
                    State::AwaitPreflight {
                        unsafe_names: causes.unsafe_header_names,
                    }
                };
            }
            MainFetchBranch::Cors => {
                self.request.response_tainting = ResponseTainting::Cors;
                self.state = State::SendMain;
            }
        }
    }

    /// Scheme fetch: HTTP(S) goes to HTTP fetch; `about:blank` gives an empty
    /// response; other schemes are not fetchable here.
    /// <https://fetch.spec.whatwg.org/#scheme-fetch>
    pub(super) fn scheme_fetch(&mut self, scheme: &str, cache: &mut PreflightCache) {
        match scheme {
            "http" | "https" => self.state = State::SendMain,
            "about" if self.request.current_url().path() == "blank" => {
                let response =
                    NetworkResponse::new(200, [("Content-Type", "text/html;charset=utf-8")]);
                self.finish_response(response);
            }
            _ => self.fail(
                Reason::UnsupportedScheme {
                    scheme: scheme.to_owned(),
                },
                None,
                cache,
            ),
        }
    }

    /// A `data:` URL gives a 200 response whose `Content-Type` is the URL's
    /// MIME type; an invalid one a network error.
    /// <https://fetch.spec.whatwg.org/#scheme-fetch>
    pub(super) fn data_fetch(&mut self, cache: &mut PreflightCache) {
        match crate::fetch::data_url::process_data_url(self.request.current_url()) {
            Ok(data) => {
                let mut response =
                    NetworkResponse::new(200, [("Content-Type", data.mime_type.serialize())]);
                response.body_len = Some(data.body.len() as u64);
                self.finish_response(response);
            }
            Err(error) => self.fail(Reason::DataUrl { error }, None, cache),
        }
    }

    /// HTTP fetch step 4.1: whether the CORS-preflight cache lacks an entry
    /// for the method or for one of the unsafe header names (the negation of
    /// [`MainFetchBranch::CorsWithPreflight`]'s `cache_hit`).
    /// <https://fetch.spec.whatwg.org/#http-fetch>
    pub(super) fn preflight_needed(
        &self,
        unsafe_names: &[String],
        cache: &PreflightCache,
        now: Duration,
    ) -> bool {
        let policy = &self.profile.preflight_cache;
        if !self.preflight_cache_usable() {
            // Nothing is looked up: the branch's request needs its preflight.
            return true;
        }
        let key = self.cache_key();
        let include = self.request.credentials_mode == CredentialsMode::Include;
        let wildcard = policy.cached_wildcard_matches
            && !(include && policy.cached_wildcard_ignored_with_credentials);
        let method = &self.request.method;
        let exempt = crate::http::method::is_cors_safelisted_method(method)
            && (policy.head_exempt_from_method_cache || method != "HEAD");
        let found = cache.lookup(&key);
        if !cors::needs_cors_preflight(&self.request, unsafe_names) {
            // Required only because an earlier hop needed one
            // (`preflight.after_redirect`): Firefox's cache answers it from
            // any entry for the URL and origin.
            return !found.any_match(now);
        }
        let method_missing = !found.method_match(method, now, wildcard)
            && (!exempt || self.request.use_cors_preflight);
        method_missing
            || unsafe_names.iter().any(|n| {
                // A profile whose cached `*` also covers `Authorization`.
                let star_covers = wildcard
                    && policy.cached_wildcard_covers_authorization
                    && crate::http::headers::is_cors_non_wildcard_request_header_name(n.as_bytes());
                !(found.header_name_match(n.as_bytes(), now, wildcard)
                    || star_covers && found.header_name_match(b"*", now, wildcard))
            })
    }

    /// Whether this request may use the preflight cache at all, per the
    /// profile (cache modes that bypass it, opaque origins).
    pub(super) fn preflight_cache_usable(&self) -> bool {
        let policy = &self.profile.preflight_cache;
        let bypassing_mode = match self.request.cache_mode {
            CacheMode::NoStore | CacheMode::Reload => true,
            CacheMode::NoCache => policy.bypassed_by_no_cache_mode,
            _ => false,
        };
        !(policy.bypassed_by_cache_mode && bypassing_mode)
            && (policy.opaque_origins_cached || !self.request.origin.is_opaque())
    }
}

/// The statement of main fetch step 12 a request matches: which fetch runs
/// and with which response tainting, or the network error it returns; and
/// why. The engine acts on it and `explain` renders it, so the two cannot
/// disagree. <https://fetch.spec.whatwg.org/#main-fetch> (step 12)
#[must_use]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MainFetchBranch {
    /// Response tainting "basic", scheme fetch: no CORS protocol.
    Basic(BasicCause),
    /// Mode "same-origin" and a cross-origin URL: a network error.
    SameOriginModeCrossOriginUrl,
    /// Mode "no-cors" and a redirect mode other than "follow": a network
    /// error.
    NoCorsRedirectModeNotFollow,
    /// Mode "no-cors": response tainting "opaque", scheme fetch.
    NoCors,
    /// A CORS request to a URL whose scheme is not an HTTP(S) scheme: a
    /// network error.
    CorsUnsupportedScheme {
        /// The URL's scheme.
        scheme: String,
    },
    /// Response tainting "cors", HTTP fetch with makeCORSPreflight true.
    CorsWithPreflight {
        /// Why the request needs a CORS-preflight.
        causes: PreflightCauses,
        /// Whether the CORS-preflight cache answers for the method and every
        /// unsafe header name, so that no preflight is sent (HTTP fetch step
        /// 4.1). <https://fetch.spec.whatwg.org/#http-fetch>
        cache_hit: bool,
    },
    /// Response tainting "cors", HTTP fetch without a preflight: the
    /// response must pass the CORS check.
    Cors,
}

/// Why main fetch takes the "basic" branch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BasicCause {
    /// The current URL is same origin with the request's origin, and the
    /// response tainting is still "basic" (no cross-origin hop before).
    SameOriginUrl,
    /// The current URL is a `data:` URL.
    DataUrl,
    /// The mode is "navigate".
    NavigateMode,
}

/// Why a request takes main fetch's CORS-preflight branch: the
/// use-CORS-preflight flag, or the unsafe-request flag with a method that is
/// not CORS-safelisted or CORS-unsafe request-header names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PreflightCauses {
    /// The use-CORS-preflight flag is set.
    pub use_cors_preflight_flag: bool,
    /// The method is not a CORS-safelisted method.
    pub unsafe_method: bool,
    /// The CORS-unsafe request-header names (lowercase, sorted), less those
    /// the profile safelists beyond the standard: what
    /// `Access-Control-Request-Headers` lists.
    pub unsafe_header_names: Vec<String>,
    /// Preflighted only because the fetch needed a preflight before a
    /// redirect (unsafe names at its start, or an earlier preflighted hop)
    /// and the profile keeps requiring one (`preflight.after_redirect`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub required_earlier: bool,
}

/// Main fetch step 12 for `request` at its current URL, as `profile` would
/// take it. `preflight_cached` says whether the CORS-preflight cache answers
/// for the request's method and the given unsafe header names (HTTP fetch
/// step 4.1); pass `|_| false` for a cold cache.
/// <https://fetch.spec.whatwg.org/#main-fetch>
pub fn main_fetch_branch(
    request: &Request,
    profile: &Profile,
    preflight_cached: impl FnOnce(&[String]) -> bool,
) -> MainFetchBranch {
    let url = request.current_url();
    let scheme = url.scheme();
    if request.response_tainting == ResponseTainting::Basic
        && request.origin.same_origin_with_url(url)
    {
        return MainFetchBranch::Basic(BasicCause::SameOriginUrl);
    }
    if scheme == "data" {
        return MainFetchBranch::Basic(BasicCause::DataUrl);
    }
    // The WebSocket mode takes this branch too (WebTransport is not modelled).
    match request.mode {
        Mode::Navigate | Mode::WebSocket => {
            return MainFetchBranch::Basic(BasicCause::NavigateMode);
        }
        Mode::SameOrigin => return MainFetchBranch::SameOriginModeCrossOriginUrl,
        Mode::NoCors if request.redirect_mode != RedirectMode::Follow => {
            return MainFetchBranch::NoCorsRedirectModeNotFollow;
        }
        Mode::NoCors => return MainFetchBranch::NoCors,
        Mode::Cors => {}
    }
    if !matches!(scheme, "http" | "https") {
        return MainFetchBranch::CorsUnsupportedScheme {
            scheme: scheme.to_owned(),
        };
    }
    let mut unsafe_names = cors::cors_unsafe_request_header_names(&request.header_list, profile);
    let standard = cors::needs_cors_preflight(request, &unsafe_names);
    // Firefox and WebKit: once a fetch needed a preflight (unsafe names at
    // its start, or an earlier preflighted hop), a redirect does not spare
    // later hops one; WebKit's lists the names the fetch started with.
    let earlier = match profile.preflight.after_redirect {
        PreflightAfterRedirect::PerHop => None,
        _ if !request.unsafe_request => None,
        _ => request.preflight_required_earlier(),
    };
    let required_earlier = earlier.is_some();
    if let Some(names_at_start) = earlier
        && profile.preflight.after_redirect
            == PreflightAfterRedirect::RequiredListingFetchStartNames
    {
        unsafe_names.extend(names_at_start.iter().cloned());
        unsafe_names.sort();
        unsafe_names.dedup();
    }
    if !required_earlier && !standard {
        return MainFetchBranch::Cors;
    }
    let cache_hit = preflight_cached(&unsafe_names);
    MainFetchBranch::CorsWithPreflight {
        causes: PreflightCauses {
            use_cors_preflight_flag: request.use_cors_preflight,
            unsafe_method: !crate::http::method::is_cors_safelisted_method(&request.method),
            unsafe_header_names: unsafe_names,
            required_earlier: required_earlier && !standard,
        },
        cache_hit,
    }
}

/// A bad port. <https://fetch.spec.whatwg.org/#bad-port>
pub fn is_bad_port(port: u16) -> bool {
    const BAD_PORTS: [u16; 81] = [
        0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95,
        101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179,
        389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601,
        636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566,
        6665, 6666, 6667, 6668, 6669, 6679,
    ];
    port == 6697 || port == 10080 || BAD_PORTS.binary_search(&port).is_ok()
}
