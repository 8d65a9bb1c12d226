//! The fetch engine: a sans-IO state machine running "main fetch", "HTTP
//! fetch", "CORS-preflight fetch", the CORS check and "HTTP-redirect fetch".
//! <https://fetch.spec.whatwg.org/#fetching>
//!
//! The engine performs no I/O, reads no clock and spawns nothing. A driver
//! runs it in a loop:
//!
//! 1. [`FetchController::poll`] yields [`Action::Send`] with the next request
//!    to put on the wire, or [`Action::Done`] with the outcome;
//! 2. after a `Send`, the driver hands back the network's answer with
//!    [`FetchController::handle_response`] (or
//!    [`FetchController::handle_network_failure`]) and polls again.
//!
//! The CORS-preflight cache is browser state shared by every fetch; the
//! driver owns it and passes it in, with the current time, on each call.

pub mod cors;
pub mod data_url;
pub mod metadata;
mod outcome;
pub mod preflight_cache;
pub mod redirect;
pub mod referrer;

pub use outcome::{FetchOutcome, NetworkError, Reason, RequestKind};

use std::time::Duration;

use serde::Serialize;
use url::Url;

use crate::browser::Profile;
use crate::fetch::cors::PreflightResult;
use crate::fetch::preflight_cache::{CacheKey, PreflightCache};
use crate::fetch::redirect::LocationUrl;
use crate::http::headers::{ExtractedValues, HeaderList, extract_header_list_values};
use crate::http::request::{
    CacheMode, CredentialsMode, Destination, Mode, RedirectMode, ReferrerPolicy, Request,
    ResponseTainting,
};
use crate::http::response::{FilteredResponse, NetworkResponse, is_redirect_status};
use crate::origin::Origin;
use crate::policy::coep::EmbedderPolicyValue;
use crate::policy::corp::cross_origin_resource_policy_check;
use crate::policy::local_network_access::{
    IpAddressSpace, LocalNetworkClient, local_network_access_check,
};
use crate::policy::mime_blocking::{
    element_response_check, should_response_to_request_be_blocked_due_to_its_mime_type,
    should_response_to_request_be_blocked_due_to_nosniff,
};
use crate::policy::mixed_content::{MixedContent, mixed_content_check};

/// A request the engine asks the driver to put on the wire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OutgoingRequest {
    /// A CORS-preflight request or the request itself (a redirect hop included).
    pub kind: RequestKind,
    /// The method.
    pub method: String,
    /// The URL (its fragment is never sent).
    pub url: Url,
    /// Every header the engine determines, in the order it appends them.
    #[serde(serialize_with = "serialize_header_list")]
    pub header_list: HeaderList,
    /// The body, if any.
    #[serde(skip)]
    pub body: Option<Vec<u8>>,
    /// Whether the browser attaches credentials (cookies, HTTP authentication).
    pub include_credentials: bool,
}

fn serialize_header_list<S: serde::Serializer>(list: &HeaderList, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(list.len()))?;
    for (n, v) in list.iter() {
        seq.serialize_element(&(String::from_utf8_lossy(n), String::from_utf8_lossy(v)))?;
    }
    seq.end()
}

impl OutgoingRequest {
    /// The request as an `http::Request<()>`; fails only when a header name
    /// or value is not acceptable to the `http` crate.
    pub fn to_http(&self) -> Result<http::Request<()>, http::Error> {
        let mut url = self.url.clone();
        url.set_fragment(None);
        let mut builder = http::Request::builder()
            .method(self.method.as_str())
            .uri(url.as_str());
        for (name, value) in self.header_list.iter() {
            builder = builder.header(name, value);
        }
        builder.body(())
    }
}

/// What the driver does next.
#[derive(Clone, Debug)]
pub enum Action {
    /// Put this request on the wire and hand back the response.
    Send(OutgoingRequest),
    /// The fetch is over.
    Done(FetchOutcome),
}

/// A call out of order: the engine was polled while waiting for a response,
/// or given a response it did not ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UsageError {
    /// `poll` was called while a sent request awaits its response.
    AwaitingResponse,
    /// A response was handed in when no request was outstanding.
    NoRequestOutstanding,
}

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UsageError::AwaitingResponse => write!(f, "poll called while a response is awaited"),
            UsageError::NoRequestOutstanding => {
                write!(f, "response handed in with no request outstanding")
            }
        }
    }
}

impl std::error::Error for UsageError {}

/// Whether the request the driver connected for may go on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connection {
    /// Send it.
    Proceed,
    /// Local Network Access blocked it: send nothing; the next poll yields
    /// the network error.
    Blocked,
}

#[derive(Clone, Debug)]
enum State {
    /// Run main fetch for the request's current URL.
    MainFetch,
    /// A CORS-preflight request is on the wire.
    AwaitPreflight { unsafe_names: Vec<String> },
    /// The request itself is to be sent (after the preflight, or without one).
    SendMain,
    /// The request itself is on the wire.
    AwaitMain,
    /// The outcome is known; the next poll yields it.
    Finished(Box<FetchOutcome>),
    /// The outcome was yielded.
    Over,
}

/// One fetch in progress.
#[derive(Clone, Debug)]
pub struct FetchController {
    request: Request,
    profile: Profile,
    partition: String,
    state: State,
    /// Set once a hop took main fetch's CORS-preflight branch: a network error
    /// then clears the cache entries for the request.
    took_preflight_branch: bool,
    /// The page's Local Network Access state; `None`: not known, no checks.
    local_network: Option<LocalNetworkClient>,
}

impl FetchController {
    /// Starts fetching `request` as browser `profile` would. `partition` is
    /// the network partition key (the top-level site, serialized).
    ///
    /// This runs the start of "fetch": a request without `Accept` gets `*/*`,
    /// or the profile's value for an image or style sheet load.
    /// <https://fetch.spec.whatwg.org/#fetching>
    pub fn new(
        mut request: Request,
        profile: &Profile,
        partition: impl Into<String>,
    ) -> FetchController {
        if !request.header_list.contains(b"accept") {
            // The user agent's value for the element loads it models.
            let value = match request.destination {
                crate::http::request::Destination::Image => profile.accept_image,
                crate::http::request::Destination::Style => profile.accept_style,
                _ => "*/*",
            };
            request.header_list.append(b"Accept", value.as_bytes());
        }
        let mut partition = partition.into();
        if profile.preflight_cache.credentials_in_key {
            // The credentials mode never changes during a fetch: fold it
            // into the partition, as Firefox's "cred"/"nocred" key prefix.
            let include = request.credentials_mode == CredentialsMode::Include;
            partition.push_str(if include { " cred" } else { " nocred" });
        }
        FetchController {
            request,
            profile: profile.clone(),
            partition,
            state: State::MainFetch,
            took_preflight_branch: false,
            local_network: None,
        }
    }

    /// Gives the engine the page's IP address space (from its policy
    /// container), secure-context state and local network permission, so
    /// that [`FetchController::handle_connection`] can run the Local Network
    /// Access check. Without it, no connection is checked.
    /// <https://wicg.github.io/local-network-access/#policy-container>
    pub fn with_local_network_client(mut self, client: LocalNetworkClient) -> FetchController {
        self.local_network = Some(client);
        self
    }

    /// Tells the engine which IP address space the connection for the
    /// request it last yielded reached (`None`: unknown, e.g. a proxy), before
    /// anything is sent on it, as Chromium checks on connecting. Under a
    /// profile that enforces Local Network Access this may block the request:
    /// then nothing is sent and the next poll yields the network error.
    /// <https://wicg.github.io/local-network-access/#check-local-network-access>
    pub fn handle_connection(
        &mut self,
        remote_space: Option<IpAddressSpace>,
        cache: &mut PreflightCache,
    ) -> Result<Connection, UsageError> {
        let kind = match &self.state {
            State::AwaitPreflight { .. } => RequestKind::Preflight,
            State::AwaitMain => RequestKind::Main,
            _ => return Err(UsageError::NoRequestOutstanding),
        };
        let Some(client) = &self.local_network else {
            return Ok(Connection::Proceed);
        };
        match local_network_access_check(
            &self.profile.local_network_access,
            client,
            &self.request.origin,
            self.request.current_url(),
            self.request.mode,
            remote_space,
        ) {
            Ok(()) => Ok(Connection::Proceed),
            Err(blocked) => {
                self.fail(Reason::LocalNetworkAccess { blocked }, Some(kind), cache);
                Ok(Connection::Blocked)
            }
        }
    }

    /// [`FetchController::handle_connection`] then, if the connection may be
    /// used, [`FetchController::handle_response`]: for drivers that learn the
    /// remote address together with the response. On `Blocked` the response
    /// is dropped (a real browser would not have sent the request).
    pub fn handle_response_from(
        &mut self,
        response: NetworkResponse,
        remote_space: Option<IpAddressSpace>,
        cache: &mut PreflightCache,
        now: Duration,
    ) -> Result<Connection, UsageError> {
        let connection = self.handle_connection(remote_space, cache)?;
        if connection == Connection::Proceed {
            self.handle_response(response, cache, now)?;
        }
        Ok(connection)
    }

    /// The request, as the fetch has changed it so far.
    pub fn request(&self) -> &Request {
        &self.request
    }

    /// Advances the fetch: the next request to send, or the outcome.
    pub fn poll(
        &mut self,
        cache: &mut PreflightCache,
        now: Duration,
    ) -> Result<Action, UsageError> {
        loop {
            match std::mem::replace(&mut self.state, State::Over) {
                State::MainFetch => self.main_fetch(cache, now),
                State::SendMain => {
                    let outgoing = self.http_network_request();
                    self.state = State::AwaitMain;
                    return Ok(Action::Send(outgoing));
                }
                State::Finished(outcome) => return Ok(Action::Done(*outcome)),
                State::AwaitPreflight { unsafe_names } => {
                    self.state = State::AwaitPreflight { unsafe_names };
                    return Err(UsageError::AwaitingResponse);
                }
                State::AwaitMain => {
                    self.state = State::AwaitMain;
                    return Err(UsageError::AwaitingResponse);
                }
                State::Over => return Err(UsageError::NoRequestOutstanding),
            }
            if let State::AwaitPreflight { unsafe_names } = &self.state {
                let outgoing = self.preflight_request(unsafe_names);
                return Ok(Action::Send(outgoing));
            }
        }
    }

    /// Hands the engine the network's response to the request it last yielded.
    pub fn handle_response(
        &mut self,
        response: NetworkResponse,
        cache: &mut PreflightCache,
        now: Duration,
    ) -> Result<(), UsageError> {
        let response = normalize_network_response(response);
        match std::mem::replace(&mut self.state, State::Over) {
            State::AwaitPreflight { unsafe_names } => {
                self.on_preflight_response(&response, &unsafe_names, cache, now);
                Ok(())
            }
            State::AwaitMain => {
                self.on_main_response(response, cache);
                Ok(())
            }
            other => {
                self.state = other;
                Err(UsageError::NoRequestOutstanding)
            }
        }
    }

    /// Tells the engine the request it last yielded got no response
    /// (connection refused, reset, DNS failure, ...).
    pub fn handle_network_failure(
        &mut self,
        detail: &str,
        cache: &mut PreflightCache,
    ) -> Result<(), UsageError> {
        let kind = match &self.state {
            State::AwaitPreflight { .. } => RequestKind::Preflight,
            State::AwaitMain => RequestKind::Main,
            _ => return Err(UsageError::NoRequestOutstanding),
        };
        self.fail(
            Reason::Network {
                detail: detail.to_owned(),
            },
            Some(kind),
            cache,
        );
        Ok(())
    }

    fn cache_key(&self) -> CacheKey<'_> {
        CacheKey {
            partition: &self.partition,
            origin: self.preflight_origin(),
            url: self.request.current_url().as_str(),
            credentials: self.request.credentials_mode == CredentialsMode::Include,
        }
    }

    /// The origin a CORS-preflight request carries and the cache is keyed
    /// by: the serialized request origin, or the client's own origin for a
    /// browser whose preflights ignore the redirect-taint.
    fn preflight_origin(&self) -> &str {
        if self.profile.preflight_origin_ignores_redirect_taint {
            self.request.origin.ascii_serialization()
        } else {
            self.request.serialized_origin()
        }
    }

    fn fail(&mut self, reason: Reason, on: Option<RequestKind>, cache: &mut PreflightCache) {
        if self.took_preflight_branch && self.profile.preflight_cache.cleared_on_network_error {
            // Main fetch: "If corsWithPreflightResponse is a network error,
            // then clear cache entries using request."
            cache.clear(&self.cache_key());
        }
        self.finish_with_error(reason, on);
    }

    /// Ends the fetch with a network error, leaving the preflight cache
    /// alone (main fetch's own blocks come after HTTP fetch's clearing).
    fn finish_with_error(&mut self, reason: Reason, on: Option<RequestKind>) {
        self.state = State::Finished(Box::new(FetchOutcome::NetworkError(NetworkError {
            reason,
            request_kind: on,
            url: self.request.current_url().to_string(),
            initial_url: self
                .request
                .url_list()
                .next()
                .map(Url::to_string)
                .unwrap_or_default(),
            origin: self.request.serialized_origin().to_owned(),
            redirected: self.request.url_list_len() > 1,
        })));
    }

    /// Main fetch, for the request's current URL, up to the point where a
    /// request goes on the wire. <https://fetch.spec.whatwg.org/#main-fetch>
    fn main_fetch(&mut self, cache: &mut PreflightCache, now: Duration) {
        let url = self.request.current_url();
        // Step 7: bad ports.
        if matches!(url.scheme(), "http" | "https")
            && let Some(port) = url.port_or_known_default()
            && is_bad_port(port)
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
        let url = self.request.current_url();
        let same_origin = self.request.origin.same_origin_with_url(url);
        let scheme = url.scheme().to_owned();
        // Step 12: the first matching statement.
        if same_origin && self.request.response_tainting == ResponseTainting::Basic {
            self.request.response_tainting = ResponseTainting::Basic;
            self.scheme_fetch(&scheme, cache);
            return;
        }
        // Navigations (and WebSocket, WebTransport) take basic scheme fetch.
        if scheme == "data" || self.request.mode == Mode::Navigate {
            self.request.response_tainting = ResponseTainting::Basic;
            if scheme == "data" {
                self.data_fetch(cache);
            } else {
                self.scheme_fetch(&scheme, cache);
            }
            return;
        }
        match self.request.mode {
            Mode::SameOrigin => {
                self.fail(Reason::SameOriginModeCrossOriginUrl, None, cache);
                return;
            }
            Mode::NoCors => {
                if self.request.redirect_mode != RedirectMode::Follow {
                    self.fail(Reason::NoCorsRedirectModeNotFollow, None, cache);
                    return;
                }
                self.request.response_tainting = ResponseTainting::Opaque;
                self.scheme_fetch(&scheme, cache);
                return;
            }
            Mode::Cors | Mode::Navigate => {}
        }
        if !matches!(scheme.as_str(), "http" | "https") {
            self.fail(Reason::CorsUnsupportedScheme { scheme }, None, cache);
            return;
        }
        self.request.response_tainting = ResponseTainting::Cors;
        let unsafe_names =
            cors::cors_unsafe_request_header_names(&self.request.header_list, &self.profile);
        if cors::needs_cors_preflight(&self.request, &unsafe_names) {
            self.took_preflight_branch = true;
            // HTTP fetch with makeCORSPreflight true, step 4.1.
            if self.preflight_needed(&unsafe_names, cache, now) {
                self.state = State::AwaitPreflight { unsafe_names };
                return;
            }
        }
        self.state = State::SendMain;
    }

    /// Scheme fetch: HTTP(S) goes to HTTP fetch; `about:blank` gives an empty
    /// response; other schemes are not fetchable here.
    /// <https://fetch.spec.whatwg.org/#scheme-fetch>
    fn scheme_fetch(&mut self, scheme: &str, cache: &mut PreflightCache) {
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
    fn data_fetch(&mut self, cache: &mut PreflightCache) {
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
    /// for the method or for one of the unsafe header names.
    /// <https://fetch.spec.whatwg.org/#http-fetch>
    fn preflight_needed(
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
        let method_missing = !cache.method_match(&key, method, now, wildcard)
            && (!exempt || self.request.use_cors_preflight);
        method_missing
            || unsafe_names.iter().any(|n| {
                // A profile whose cached `*` also covers `Authorization`.
                let star_covers = wildcard
                    && policy.cached_wildcard_covers_authorization
                    && crate::http::headers::is_cors_non_wildcard_request_header_name(n.as_bytes());
                !(cache.header_name_match(&key, n.as_bytes(), now, wildcard)
                    || star_covers && cache.header_name_match(&key, b"*", now, wildcard))
            })
    }

    /// Whether this request may use the preflight cache at all, per the
    /// profile (cache modes that bypass it, opaque origins).
    fn preflight_cache_usable(&self) -> bool {
        let policy = &self.profile.preflight_cache;
        let bypassing_mode = match self.request.cache_mode {
            CacheMode::NoStore | CacheMode::Reload => true,
            CacheMode::NoCache => policy.bypassed_by_no_cache_mode,
            _ => false,
        };
        !(policy.bypassed_by_cache_mode && bypassing_mode)
            && (policy.opaque_origins_cached || !self.request.origin.is_opaque())
    }

    /// The CORS-preflight request, with the headers HTTP-network-or-cache
    /// fetch adds. <https://fetch.spec.whatwg.org/#cors-preflight-fetch-0>
    fn preflight_request(&self, unsafe_names: &[String]) -> OutgoingRequest {
        let repeated;
        let listed = if self.profile.preflight_request_header_names_deduplicated {
            unsafe_names
        } else {
            // The name of each header that is not safelisted, lowercased and
            // sorted, repeats kept.
            let mut names: Vec<String> = self
                .request
                .header_list
                .iter()
                .filter(|(name, value)| {
                    !crate::http::headers::is_cors_safelisted_request_header(name, value)
                })
                .map(|(name, _)| crate::mime::isomorphic_decode(name).to_ascii_lowercase())
                .filter(|name| unsafe_names.contains(name))
                .collect();
            names.sort();
            repeated = names;
            &repeated
        };
        let mut header_list = cors::cors_preflight_request_headers(&self.request, listed);
        // The preflight's response tainting is "cors": `Origin` always.
        self.append_referer(&mut header_list);
        header_list.append(b"Origin", self.preflight_origin().as_bytes());
        crate::fetch::metadata::append_fetch_metadata_headers(
            &mut header_list,
            &self.request,
            Mode::Cors,
            true,
            &self.profile,
        );
        OutgoingRequest {
            kind: RequestKind::Preflight,
            method: "OPTIONS".to_owned(),
            url: self.request.current_url().clone(),
            header_list,
            body: None,
            // A new request in credentials mode "same-origin" with response
            // tainting "cors": no credentials.
            include_credentials: false,
        }
    }

    /// The request as HTTP-network-or-cache fetch puts it on the wire.
    /// <https://fetch.spec.whatwg.org/#http-network-or-cache-fetch>
    fn http_network_request(&self) -> OutgoingRequest {
        let request = &self.request;
        let mut header_list = request.header_list.clone();
        let content_length = match &request.body {
            Some(body) => Some(body.len().to_string()),
            None if request.method == "POST" || request.method == "PUT" => Some("0".to_owned()),
            None => None,
        };
        if let Some(length) = content_length {
            header_list.append(b"Content-Length", length.as_bytes());
        }
        if self.profile.only_one_content_type_sent && header_list.count(b"content-type") > 1 {
            let values: Vec<Vec<u8>> = header_list
                .iter()
                .filter(|(name, _)| name.eq_ignore_ascii_case(b"content-type"))
                .map(|(_, value)| value.to_vec())
                .collect();
            // A redirected request is a new channel: headers only.
            let kept = if request.body.is_some() && request.url_list_len() == 1 {
                values.first()
            } else {
                values.last()
            }
            .cloned();
            if let Some(value) = kept {
                header_list.delete(b"content-type");
                header_list.append(b"Content-Type", &value);
            }
        }
        self.append_referer(&mut header_list);
        if let Some(origin) = self.origin_header_value() {
            header_list.append(b"Origin", origin.as_bytes());
        }
        crate::fetch::metadata::append_fetch_metadata_headers(
            &mut header_list,
            request,
            request.mode,
            false,
            &self.profile,
        );
        // The cache mode's headers. A conditional header makes `default`
        // behave as `no-store`, which only changes the HTTP cache.
        match request.cache_mode {
            CacheMode::NoCache if !header_list.contains(b"cache-control") => {
                header_list.append(b"Cache-Control", b"max-age=0");
            }
            CacheMode::NoStore | CacheMode::Reload => {
                if !header_list.contains(b"pragma") {
                    header_list.append(b"Pragma", b"no-cache");
                }
                if !header_list.contains(b"cache-control") {
                    header_list.append(b"Cache-Control", b"no-cache");
                }
            }
            _ => {}
        }
        if header_list.contains(b"range") && !header_list.contains(b"accept-encoding") {
            header_list.append(b"Accept-Encoding", b"identity");
        }
        let include_credentials = self.include_credentials();
        OutgoingRequest {
            kind: RequestKind::Main,
            method: request.method.clone(),
            url: request.current_url().clone(),
            header_list,
            body: request.body.clone(),
            include_credentials,
        }
    }

    /// HTTP-network-or-cache fetch's includeCredentials, after
    /// "Cross-Origin-Embedder-Policy allows credentials".
    /// <https://fetch.spec.whatwg.org/#cross-origin-embedder-policy-allows-credentials>
    fn include_credentials(&self) -> bool {
        let request = &self.request;
        let include = match request.credentials_mode {
            CredentialsMode::Include => true,
            CredentialsMode::SameOrigin => request.response_tainting == ResponseTainting::Basic,
            CredentialsMode::Omit => false,
        };
        let coep_allows = request.mode != Mode::NoCors
            || request.embedder_policy.value != EmbedderPolicyValue::Credentialless
            || (request.origin.same_origin_with_url(request.current_url())
                && request.redirect_taint() == crate::http::request::RedirectTaint::SameOrigin);
        include && coep_allows
    }

    /// HTTP-network-or-cache fetch: "If httpRequest's referrer is a URL,
    /// append `Referer`", when the value follows from the page's origin.
    fn append_referer(&self, list: &mut HeaderList) {
        let request = &self.request;
        if let crate::fetch::referrer::RefererValue::OriginOnly(value) =
            crate::fetch::referrer::determine_referrer(
                &request.origin,
                request.referrer_policy,
                request.current_url(),
            )
        {
            list.append(b"Referer", value.as_bytes());
        }
    }

    /// "Append a request `Origin` header".
    /// <https://fetch.spec.whatwg.org/#append-a-request-origin-header>
    fn origin_header_value(&self) -> Option<&str> {
        let request = &self.request;
        let serialized = request.serialized_origin();
        if request.response_tainting == ResponseTainting::Cors {
            return Some(serialized);
        }
        if request.method == "GET" || request.method == "HEAD" {
            return None;
        }
        if request.mode == Mode::Cors {
            return Some(serialized);
        }
        if !self.profile.origin_header_follows_referrer_policy {
            return Some(serialized);
        }
        let url = request.current_url();
        let null = match request.referrer_policy {
            ReferrerPolicy::NoReferrer => true,
            ReferrerPolicy::NoReferrerWhenDowngrade
            | ReferrerPolicy::StrictOrigin
            | ReferrerPolicy::StrictOriginWhenCrossOrigin => match &request.origin {
                Origin::Tuple(t) => t.scheme() == "https" && url.scheme() != "https",
                Origin::Opaque(_) => false,
            },
            ReferrerPolicy::SameOrigin => !request.origin.same_origin_with_url(url),
            _ => false,
        };
        Some(if null { "null" } else { serialized })
    }

    /// The rest of CORS-preflight fetch, once its response is in.
    fn on_preflight_response(
        &mut self,
        response: &NetworkResponse,
        unsafe_names: &[String],
        cache: &mut PreflightCache,
        now: Duration,
    ) {
        match cors::check_cors_preflight_response(
            &self.request,
            response.status,
            &response.header_list,
            unsafe_names,
            &self.profile,
        ) {
            Ok(result) => {
                self.store_preflight_result(&result, cache, now);
                self.state = State::SendMain;
            }
            Err(failure) => self.fail(
                Reason::Preflight { failure },
                Some(RequestKind::Preflight),
                cache,
            ),
        }
    }

    /// CORS-preflight fetch steps 7.8 to 7.12: cache the allowed methods and
    /// header names for max-age seconds.
    fn store_preflight_result(
        &self,
        result: &PreflightResult,
        cache: &mut PreflightCache,
        now: Duration,
    ) {
        let Some(secs) = result.max_age_secs else {
            return;
        };
        if !self.preflight_cache_usable() {
            return;
        }
        if let Some(limit) = self.profile.preflight_cache.max_cacheable_url_len
            && self.request.current_url().as_str().len() >= limit
        {
            return;
        }
        let max_age = Duration::from_secs(secs);
        let key = self.cache_key();
        for method in &result.methods {
            cache.insert_method(&key, method, max_age, now);
        }
        for name in &result.header_names {
            cache.insert_header_name(&key, name, max_age, now);
        }
    }

    /// HTTP fetch after the network answered: CORS check, then redirects.
    /// <https://fetch.spec.whatwg.org/#http-fetch>
    fn on_main_response(&mut self, response: NetworkResponse, cache: &mut PreflightCache) {
        if self.request.response_tainting == ResponseTainting::Cors
            && let Err(failure) = cors::cors_check(&self.request, &response.header_list)
        {
            self.fail(
                Reason::CorsCheck { failure },
                Some(RequestKind::Main),
                cache,
            );
            return;
        }
        // HTTP fetch step 6: the cross-origin resource policy check for
        // opaque (no-cors) responses.
        if self.request.response_tainting == ResponseTainting::Opaque
            && let Err(blocked) = cross_origin_resource_policy_check(
                &self.request.origin,
                &self.request.embedder_policy,
                &response.header_list,
                self.request.current_url(),
                self.include_credentials(),
            )
        {
            self.fail(
                Reason::CrossOriginResourcePolicy { blocked },
                Some(RequestKind::Main),
                cache,
            );
            return;
        }
        if is_redirect_status(response.status) {
            match self.request.redirect_mode {
                RedirectMode::Error => {
                    self.fail(
                        Reason::RedirectModeError {
                            status: response.status,
                        },
                        Some(RequestKind::Main),
                        cache,
                    );
                    return;
                }
                RedirectMode::Manual => {
                    let urls: Vec<Url> = self.request.url_list().cloned().collect();
                    self.state = State::Finished(Box::new(FetchOutcome::Response(
                        FilteredResponse::opaque_redirect(&urls),
                    )));
                    return;
                }
                RedirectMode::Follow => {}
            }
            let current = self.request.current_url();
            match redirect::location_url(
                response.status,
                &response.header_list,
                current,
                current.fragment(),
            ) {
                LocationUrl::Null => {}
                LocationUrl::Failure { value } => {
                    self.fail(
                        Reason::Redirect {
                            failure: redirect::RedirectFailure::InvalidLocation { value },
                        },
                        Some(RequestKind::Main),
                        cache,
                    );
                    return;
                }
                LocationUrl::Url(location) => {
                    match redirect::follow_redirect_keeping_authorization(
                        &mut self.request,
                        response.status,
                        location,
                        self.profile.authorization_kept_on_cross_origin_redirect,
                    ) {
                        Ok(()) => {
                            redirect::set_referrer_policy_on_redirect(
                                &mut self.request,
                                &response.header_list,
                            );
                            self.state = State::MainFetch;
                        }
                        Err(failure) => {
                            self.fail(Reason::Redirect { failure }, Some(RequestKind::Main), cache)
                        }
                    }
                    return;
                }
            }
        }
        // Opaque-response blocking, on the response that ends the fetch (a
        // redirect is followed, not sniffed).
        if let crate::policy::orb::OrbVerdict::Blocked(blocked) = crate::policy::orb::orb_check(
            &self.request,
            response.status,
            &response.header_list,
            response.body.as_deref().unwrap_or_default(),
            &self.profile.orb,
        ) {
            let empty_response = self.request.destination
                == crate::http::request::Destination::Empty
                && self.profile.orb.blocked_fetch == crate::browser::OrbBlockedFetch::EmptyResponse;
            if !empty_response {
                self.fail(
                    Reason::OpaqueResponseBlocking { blocked },
                    Some(RequestKind::Main),
                    cache,
                );
                return;
            }
            // CORB-style: an empty opaque response, which script cannot tell
            // from any other opaque response.
        }
        self.finish_response(response);
    }

    /// The end of main fetch: the CORS-exposed header-name list and the
    /// filtered response for the request's response tainting.
    /// <https://fetch.spec.whatwg.org/#main-fetch> (step 14)
    fn finish_response(&mut self, response: NetworkResponse) {
        // Main fetch step 19: a script-like or style destination can block
        // the response for its MIME type or for nosniff.
        let destination = self.request.destination;
        // `fetch()` (the empty destination) skips both: nothing to parse.
        let element = matches!(destination, Destination::Script | Destination::Style);
        if element
            && let Err(blocked) = should_response_to_request_be_blocked_due_to_its_mime_type(
                destination,
                &response.header_list,
            )
            .and_then(|()| {
                should_response_to_request_be_blocked_due_to_nosniff(
                    destination,
                    &response.header_list,
                )
            })
        {
            self.finish_with_error(Reason::MimeTypeBlocked { blocked }, Some(RequestKind::Main));
            return;
        }
        // HTML, past Fetch: the element itself rejects some responses.
        if element
            && let Err(failure) = element_response_check(
                destination,
                response.status,
                &response.header_list,
                self.profile.non_css_stylesheet_fires_load,
                self.profile.untyped_stylesheet_loads,
            )
        {
            self.finish_with_error(Reason::ElementLoad { failure }, Some(RequestKind::Main));
            return;
        }
        let urls: Vec<Url> = self.request.url_list().cloned().collect();
        let filtered = match self.request.response_tainting {
            ResponseTainting::Basic => {
                FilteredResponse::basic(response.status, &response.header_list, &urls)
            }
            ResponseTainting::Opaque => FilteredResponse::opaque(),
            ResponseTainting::Cors => {
                let include = self.request.credentials_mode == CredentialsMode::Include;
                let exposed: Vec<Vec<u8>> = match extract_header_list_values(
                    b"access-control-expose-headers",
                    &response.header_list,
                ) {
                    ExtractedValues::Values(names) => {
                        if !include && names.iter().any(|n| n.as_slice() == b"*") {
                            response
                                .header_list
                                .iter()
                                .map(|(n, _)| n.to_ascii_lowercase())
                                .collect()
                        } else {
                            names
                        }
                    }
                    // Absent or failure: only the safelisted names.
                    ExtractedValues::Absent | ExtractedValues::Failure => Vec::new(),
                };
                let exposed: Vec<&[u8]> = exposed.iter().map(Vec::as_slice).collect();
                FilteredResponse::cors(response.status, &response.header_list, &exposed, &urls)
            }
        };
        self.state = State::Finished(Box::new(FetchOutcome::Response(filtered)));
    }
}

/// Header values as HTTP parsing delivers them: leading and trailing
/// whitespace is not part of a field value.
fn normalize_network_response(mut response: NetworkResponse) -> NetworkResponse {
    let needs = response
        .header_list
        .iter()
        .any(|(_, v)| crate::http::headers::normalize_header_value(v).len() != v.len());
    if needs {
        response.header_list = response
            .header_list
            .iter()
            .map(|(n, v)| (n, crate::http::headers::normalize_header_value(v)))
            .collect();
    }
    response
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

/// Runs a whole fetch with `respond` as the network: a convenience driver for
/// tests and simple embedders. Returns the outcome and every request sent.
/// The loop is bounded: a fetch sends at most 21 requests plus one preflight
/// per hop.
pub fn run_fetch(
    controller: FetchController,
    cache: &mut PreflightCache,
    now: Duration,
    respond: impl FnMut(&OutgoingRequest) -> Result<NetworkResponse, String>,
) -> (FetchOutcome, Vec<OutgoingRequest>) {
    run_fetch_with_address_spaces(controller, cache, now, |_| None, respond)
}

/// [`run_fetch`] with a resolver: `address_space_of` says which IP address
/// space each request's connection reaches, before it is sent (see
/// [`FetchController::handle_connection`]). A request Local Network Access
/// blocks is neither answered nor listed as sent.
pub fn run_fetch_with_address_spaces(
    mut controller: FetchController,
    cache: &mut PreflightCache,
    now: Duration,
    mut address_space_of: impl FnMut(&OutgoingRequest) -> Option<IpAddressSpace>,
    mut respond: impl FnMut(&OutgoingRequest) -> Result<NetworkResponse, String>,
) -> (FetchOutcome, Vec<OutgoingRequest>) {
    let mut sent = Vec::new();
    for _ in 0..(2 * (redirect::REDIRECT_LIMIT as usize + 1) + 2) {
        match controller.poll(cache, now) {
            Ok(Action::Done(outcome)) => return (outcome, sent),
            Ok(Action::Send(request)) => {
                match controller.handle_connection(address_space_of(&request), cache) {
                    Ok(Connection::Proceed) => {}
                    Ok(Connection::Blocked) => continue,
                    Err(_) => break,
                }
                let answer = respond(&request);
                sent.push(request);
                let handled = match answer {
                    Ok(response) => controller.handle_response(response, cache, now),
                    Err(detail) => controller.handle_network_failure(&detail, cache),
                };
                if handled.is_err() {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    (
        FetchOutcome::NetworkError(NetworkError::internal(&controller.request)),
        sent,
    )
}
