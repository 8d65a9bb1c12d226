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
//!
//! The parts, each named after the standard's algorithm:
//!
//! | module | what | standard |
//! |---|---|---|
//! | `main_fetch` | main fetch and scheme fetch up to the wire; whether a preflight is needed | Fetch "main fetch", "scheme fetch" |
//! | `http_fetch` | the requests on the wire, their answers, the filtered response | Fetch "HTTP fetch", "HTTP-network-or-cache fetch", "CORS-preflight fetch" |
//! | [`cors`] | the CORS check and the CORS-preflight response checks | Fetch "CORS check", "CORS protocol" |
//! | [`preflight_cache`] | the bounded CORS-preflight cache | Fetch "CORS-preflight cache" |
//! | [`redirect`] | location URL, method rewriting, redirect-taint | Fetch "HTTP-redirect fetch" |
//! | [`referrer`] | the `Referer` value | Referrer Policy "determine request's referrer" |
//! | [`metadata`] | `Sec-Fetch-Dest`, `-Mode`, `-Site` | Fetch Metadata Request Headers |
//! | [`data_url`] | `data:` URLs | Fetch "data: URL processor" |
//! | `outcome` | the fetch's result and every [`Reason`] it can fail for | Fetch "network error" |
//! | `driver` | [`run_fetch`]: a loop for tests and simple embedders | (the edge) |

pub mod cors;
pub mod data_url;
mod driver;
mod http_fetch;
mod main_fetch;
pub mod metadata;
mod outcome;
pub mod preflight_cache;
pub mod redirect;
pub mod referrer;

pub use driver::{
    Exchange, Trace, run_fetch, run_fetch_with_address_spaces, trace_controller, trace_fetch,
};
pub use main_fetch::{
    BasicCause, MainFetchBranch, PreflightCauses, is_bad_port, main_fetch_branch,
};
pub use outcome::{FetchOutcome, NetworkError, Reason, RequestKind};

use std::time::Duration;

use serde::Serialize;
use url::Url;

use crate::browser::{PreflightAfterRedirect, Profile};
use crate::fetch::cors::PreflightResult;
use crate::fetch::preflight_cache::{CacheKey, PreflightCache};
use crate::fetch::redirect::LocationUrl;
use crate::http::headers::HeaderList;
use crate::http::headers::response::{BorrowedValues, extract_header_list_values_borrowed};
use crate::http::request::{
    CacheMode, CredentialsMode, Destination, Mode, RedirectMode, ReferrerPolicy, Request,
    ResponseTainting,
};
use crate::http::response::{
    FilteredResponse, NetworkFailure, NetworkResponse, is_redirect_status,
};
use crate::origin::Origin;
use crate::policy::coep::EmbedderPolicyValue;
use crate::policy::corp::cross_origin_resource_policy_check;
use crate::policy::local_network_access::{
    IpAddressSpace, LocalNetworkClient, local_network_access_check,
};
use crate::policy::mime_blocking::{
    should_response_to_request_be_blocked_due_to_its_mime_type,
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
#[must_use = "the driver must send the request or take the outcome"]
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
#[must_use]
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
    Finished(FetchOutcome),
    /// The outcome was yielded.
    Over,
}

/// One fetch in progress. It borrows its browser profile (the four built-in
/// profiles are `'static` constants, see [`BrowserName::profile`]), so starting a
/// fetch copies no knobs.
///
/// [`BrowserName::profile`]: crate::browser::BrowserName::profile
#[derive(Clone, Debug)]
pub struct FetchController<'p> {
    request: Request,
    profile: &'p Profile,
    partition: std::borrow::Cow<'p, str>,
    state: State,
    /// Set once a hop took main fetch's CORS-preflight branch: a network error
    /// then clears the cache entries for the request.
    took_preflight_branch: bool,
    /// The page's Local Network Access state; `None`: not known, no checks.
    local_network: Option<LocalNetworkClient>,
}

impl<'p> FetchController<'p> {
    /// Starts fetching `request` as browser `profile` would. `partition` is
    /// the network partition key (the top-level site, serialized); a `&str`
    /// is borrowed, not copied.
    ///
    /// This runs the start of "fetch": a request without `Accept` gets `*/*`,
    /// or the profile's value for an image or style sheet load.
    /// <https://fetch.spec.whatwg.org/#fetching>
    pub fn new(
        mut request: Request,
        profile: &'p Profile,
        partition: impl Into<std::borrow::Cow<'p, str>>,
    ) -> FetchController<'p> {
        let skip_accept =
            request.mode == Mode::WebSocket && !profile.initiators.websocket_sends_accept;
        if !request.header_list.contains(b"accept") && !skip_accept {
            // The user agent's value for the element loads it models.
            let value = match request.destination {
                crate::http::request::Destination::Image => profile.element_loads.accept_image,
                crate::http::request::Destination::Style => profile.element_loads.accept_style,
                _ => "*/*",
            };
            request.header_list.append(b"Accept", value.as_bytes());
        }
        if profile.preflight.after_redirect != PreflightAfterRedirect::PerHop {
            let names = cors::cors_unsafe_request_header_names(&request.header_list, profile);
            if !names.is_empty() {
                request.set_preflight_required_earlier(names);
            }
        }
        let mut partition = partition.into();
        if profile.preflight_cache.credentials_in_key {
            // The credentials mode never changes during a fetch: fold it
            // into the partition, as Firefox's "cred"/"nocred" key prefix.
            let include = request.credentials_mode == CredentialsMode::Include;
            partition
                .to_mut()
                .push_str(if include { " cred" } else { " nocred" });
        }
        FetchController {
            request,
            profile,
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
    pub fn with_local_network_client(mut self, client: LocalNetworkClient) -> FetchController<'p> {
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
    #[must_use = "poll yields the next request to send or the outcome"]
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
                State::Finished(outcome) => return Ok(Action::Done(outcome)),
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
        let response = http_fetch::normalize_network_response(response);
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
        failure: NetworkFailure,
        cache: &mut PreflightCache,
    ) -> Result<(), UsageError> {
        let kind = match &self.state {
            State::AwaitPreflight { .. } => RequestKind::Preflight,
            State::AwaitMain => RequestKind::Main,
            _ => return Err(UsageError::NoRequestOutstanding),
        };
        self.fail(Reason::Network { failure }, Some(kind), cache);
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
        if self.profile.preflight.origin_ignores_redirect_taint {
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
        self.state = State::Finished(FetchOutcome::NetworkError(NetworkError {
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
        }));
    }
}
