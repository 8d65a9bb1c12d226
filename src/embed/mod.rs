//! Doors for programs that embed the engine: [`Browser`], the state a
//! browser keeps across fetches, and [`Page`], a document that fetches; with
//! the `tower` feature a client layer that enforces what a page may read
//! ([`tower`](crate::embed::tower)), with the `testing` feature an in-process
//! browser for server tests ([`testing`](crate::embed::testing)), with the
//! `reqwest` feature that layer over a `reqwest::Client`.
//!
//! # Ownership
//!
//! - One [`Browser`] per browser profile and per storage partition you model
//!   (one "profile directory" of a real browser). It owns what outlives a
//!   fetch: a borrowed `&'static` [`Profile`] (never cloned), the bounded
//!   CORS-preflight cache and, with the `cookies` feature, a cookie store
//!   (`cookie_store`). The engine says, per request, whether the browser
//!   attaches credentials ([`OutgoingRequest::include_credentials`]); the
//!   `tower` layer then sends the store's cookies and stores the response's
//!   `Set-Cookie`, as HTTP-network-or-cache fetch does. Cookie partitioning
//!   and `SameSite` are not modelled.
//! - A [`Page`] is a client: an origin, the top-level site it is embedded
//!   under, and the policy its headers set (COEP). It is a small value made
//!   from a browser ([`Browser::page`]) and does not borrow it, so many pages
//!   can share one browser's cache.
//! - [`Page::fetch`] returns the sans-IO [`FetchController`]; it owns its
//!   request. The driver passes the browser's cache
//!   ([`Browser::preflight_cache_mut`]) and its own clock to each call.
//!
//! # The preflight cache's partition key
//!
//! Browsers key the CORS-preflight cache by more than the standard's (origin,
//! URL, credentials): Chromium by the network anonymization key (the
//! top-level frame's site), Firefox by origin attributes (the top-level site
//! under state partitioning) and by whether credentials go along. A page's
//! partition is the serialized site of its top-level document (by default
//! its own: a top-level page), so a preflight cached for a page under one
//! top-level site is not reused under another.
//! <https://fetch.spec.whatwg.org/#cors-preflight-cache>

use crate::browser::{BrowserName, Profile};
use crate::fetch::preflight_cache::PreflightCache;
use crate::fetch::{FetchController, NetworkError};
use crate::http::headers::HeaderList;
use crate::http::policy_container::EmbedderPolicy;
use crate::http::request::{FetchInit, Request};
use crate::origin::{Origin, OriginParseError};
use crate::policy::coep::obtain_embedder_policy;
use crate::policy::local_network_access::LocalNetworkClient;

#[cfg(doc)]
use crate::fetch::OutgoingRequest;

mod blocked;
#[cfg(feature = "reqwest")]
pub mod reqwest;
#[cfg(feature = "testing")]
pub mod testing;
#[cfg(feature = "tower")]
pub mod tower;

pub use blocked::Blocked;

/// The state a browser keeps across fetches: its profile and its bounded
/// CORS-preflight cache. See the [module](crate::embed) for what is shared.
///
/// ```
/// use std::time::Duration;
/// use xorigin::Browser;
/// use xorigin::fetch::{Action, FetchOutcome};
/// use xorigin::http::request::FetchInit;
/// use xorigin::http::response::NetworkResponse;
///
/// let mut browser = Browser::chromium();
/// let page = browser.page("https://app.a.test")?;
/// let init = FetchInit { url: "https://api.b.test/items", method: Some("PUT"), ..FetchInit::default() };
/// let mut fetch = page.fetch(&init).map_err(|error| format!("{:?}", error.reason))?;
/// let now = Duration::ZERO; // the driver's clock
/// let outcome = loop {
///     match fetch.poll(browser.preflight_cache_mut(), now)? {
///         Action::Send(_request) => {
///             let answer = NetworkResponse::new(204, [
///                 ("Access-Control-Allow-Origin", "https://app.a.test"),
///                 ("Access-Control-Allow-Methods", "PUT"),
///             ]);
///             fetch.handle_response(answer, browser.preflight_cache_mut(), now)?;
///         }
///         Action::Done(outcome) => break outcome,
///     }
/// };
/// assert!(matches!(outcome, FetchOutcome::Response(_)));
/// // The preflight's answer is cached for the next fetch from this page.
/// assert_eq!(browser.preflight_cache().entry_count(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Browser {
    profile: &'static Profile,
    preflight_cache: PreflightCache,
    #[cfg(feature = "cookies")]
    cookies: cookie_store::CookieStore,
}

impl Browser {
    /// A browser with `profile`'s knobs and an empty preflight cache of the
    /// profile's capacity.
    pub fn new(profile: &'static Profile) -> Browser {
        Browser {
            profile,
            preflight_cache: PreflightCache::new(profile.preflight_cache.capacity),
            #[cfg(feature = "cookies")]
            cookies: cookie_store::CookieStore::default(),
        }
    }

    /// [`Browser::new`] with [`Profile::CHROMIUM`].
    pub fn chromium() -> Browser {
        Browser::new(&Profile::CHROMIUM)
    }

    /// [`Browser::new`] with [`Profile::FIREFOX`].
    pub fn firefox() -> Browser {
        Browser::new(&Profile::FIREFOX)
    }

    /// [`Browser::new`] with [`Profile::WEBKIT`].
    pub fn webkit() -> Browser {
        Browser::new(&Profile::WEBKIT)
    }

    /// [`Browser::new`] with [`Profile::SPEC`]: the standard, read literally.
    pub fn spec() -> Browser {
        Browser::new(&Profile::SPEC)
    }

    /// The profile.
    pub fn profile(&self) -> &'static Profile {
        self.profile
    }

    /// Which browser.
    pub fn name(&self) -> BrowserName {
        self.profile.name
    }

    /// The CORS-preflight cache.
    pub fn preflight_cache(&self) -> &PreflightCache {
        &self.preflight_cache
    }

    /// The CORS-preflight cache, to pass to the fetches' calls.
    pub fn preflight_cache_mut(&mut self) -> &mut PreflightCache {
        &mut self.preflight_cache
    }

    /// The cookie store.
    #[cfg(feature = "cookies")]
    pub fn cookie_store(&self) -> &cookie_store::CookieStore {
        &self.cookies
    }

    /// The cookie store, to add or clear cookies.
    #[cfg(feature = "cookies")]
    pub fn cookie_store_mut(&mut self) -> &mut cookie_store::CookieStore {
        &mut self.cookies
    }

    /// The `Cookie` header value a credentialed request to `url` carries,
    /// if the store has cookies for it.
    /// <https://fetch.spec.whatwg.org/#http-network-or-cache-fetch>
    #[cfg(feature = "cookies")]
    pub fn cookie_header(&self, url: &url::Url) -> Option<String> {
        let pairs: Vec<String> = self
            .cookies
            .get_request_values(url)
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        (!pairs.is_empty()).then(|| pairs.join("; "))
    }

    /// Stores the `Set-Cookie` values of a response to a credentialed
    /// request to `url`; values that do not parse are ignored, as browsers do.
    #[cfg(feature = "cookies")]
    pub fn store_set_cookies<'v>(
        &mut self,
        url: &url::Url,
        values: impl IntoIterator<Item = &'v [u8]>,
    ) {
        for value in values {
            if let Ok(value) = std::str::from_utf8(value) {
                let _ = self.cookies.parse(value, url);
            }
        }
    }

    /// A top-level page whose origin is `origin` (a serialized origin such as
    /// `https://app.example.com`), without policy headers.
    pub fn page(&self, origin: &str) -> Result<Page, OriginParseError> {
        let origin = Origin::parse_serialized(origin)?;
        Ok(Page::new(self.profile, origin))
    }
}

/// A document that fetches: its origin, the site of its top-level document
/// (the preflight cache's partition) and the policy its headers set.
#[derive(Clone, Debug)]
pub struct Page {
    profile: &'static Profile,
    origin: Origin,
    partition: String,
    embedder_policy: EmbedderPolicy,
    local_network: Option<LocalNetworkClient>,
}

impl Page {
    fn new(profile: &'static Profile, origin: Origin) -> Page {
        let partition = origin.site().to_string();
        Page {
            profile,
            origin,
            partition,
            embedder_policy: EmbedderPolicy::default(),
            local_network: None,
        }
    }

    /// The page as its response headers set it: today
    /// `Cross-Origin-Embedder-Policy` (and its report-only twin), which
    /// applies in secure contexts only.
    /// <https://html.spec.whatwg.org/multipage/browsers.html#obtain-an-embedder-policy>
    pub fn with_policy_headers<N: AsRef<[u8]>, V: AsRef<[u8]>>(
        mut self,
        headers: impl IntoIterator<Item = (N, V)>,
    ) -> Page {
        let list: HeaderList = headers.into_iter().collect();
        self.embedder_policy =
            obtain_embedder_policy(&list, self.origin.is_potentially_trustworthy());
        self
    }

    /// The page embedded (as an iframe) under a top-level document whose
    /// origin is `top_level_origin`: its preflights are cached in that site's
    /// partition.
    pub fn embedded_under(mut self, top_level_origin: &str) -> Result<Page, OriginParseError> {
        self.partition = Origin::parse_serialized(top_level_origin)?
            .site()
            .to_string();
        Ok(self)
    }

    /// The page's Local Network Access state, for drivers that report each
    /// connection's address space.
    pub fn with_local_network_client(mut self, client: LocalNetworkClient) -> Page {
        self.local_network = Some(client);
        self
    }

    /// The page's origin.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The preflight cache's network-partition key: the top-level site,
    /// serialized.
    pub fn partition(&self) -> &str {
        &self.partition
    }

    /// The page's embedder policy.
    pub fn embedder_policy(&self) -> EmbedderPolicy {
        self.embedder_policy
    }

    /// The profile of the browser the page was made from.
    pub fn profile(&self) -> &'static Profile {
        self.profile
    }

    /// The `Request` constructor as `fetch(input, init)` in this page runs
    /// it; a `TypeError` becomes the network error it rejects with.
    /// <https://fetch.spec.whatwg.org/#dom-request>
    pub fn request(&self, init: &FetchInit<'_>) -> Result<Request, Box<NetworkError>> {
        let mut request =
            Request::from_fetch_init(&self.origin, init, self.profile).map_err(|error| {
                Box::new(NetworkError::from_request_error(
                    error,
                    init.url,
                    self.origin.ascii_serialization(),
                ))
            })?;
        request.embedder_policy = self.embedder_policy;
        Ok(request)
    }

    /// `fetch(input, init)` in this page: the sans-IO state machine, or the
    /// network error `fetch()` rejects with before sending anything.
    /// <https://fetch.spec.whatwg.org/#fetch-method>
    pub fn fetch(
        &self,
        init: &FetchInit<'_>,
    ) -> Result<FetchController<'static>, Box<NetworkError>> {
        Ok(self.fetch_request(self.request(init)?))
    }

    /// Starts fetching a request built elsewhere (an element load, say) from
    /// this page.
    pub fn fetch_request(&self, request: Request) -> FetchController<'static> {
        let controller = FetchController::new(request, self.profile, self.partition.clone());
        match self.local_network {
            Some(client) => controller.with_local_network_client(client),
            None => controller,
        }
    }
}

#[cfg(test)]
mod tests;
