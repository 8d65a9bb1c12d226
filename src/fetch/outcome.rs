//! What a fetch ends with: a filtered response, or a network error with a
//! structured reason (rendered into browser messages at the edge).

use serde::Serialize;
use url::Url;

use crate::fetch::cors::{CorsCheckFailure, PreflightFailure};
use crate::fetch::redirect::RedirectFailure;
use crate::http::request::{Request, RequestError};
use crate::http::response::FilteredResponse;

/// Which request of a fetch a failure is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequestKind {
    /// The CORS-preflight request (`OPTIONS`).
    Preflight,
    /// The request itself, on any redirect hop.
    Main,
}

/// Why a fetch ended in a network error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Reason {
    /// `fetch()` threw before anything was sent.
    Request {
        /// The `Request` constructor's or `Headers` object's check.
        error: RequestError,
    },
    /// The URL's port is a bad port. <https://fetch.spec.whatwg.org/#bad-port>
    BadPort {
        /// The port.
        port: u16,
    },
    /// A blockable request from a secure page to a URL that is not
    /// potentially trustworthy (mixed content).
    MixedContent,
    /// Mode `same-origin` and the current URL is cross-origin.
    SameOriginModeCrossOriginUrl,
    /// Mode `no-cors` with a redirect mode other than `follow`.
    NoCorsRedirectModeNotFollow,
    /// A CORS request to a scheme other than `http`/`https`.
    CorsUnsupportedScheme {
        /// The scheme.
        scheme: String,
    },
    /// A `data:` URL the data: URL processor rejects.
    DataUrl {
        /// Why.
        error: crate::fetch::data_url::DataUrlError,
    },
    /// A scheme xorigin cannot fetch (`blob:`, `file:`, ...).
    UnsupportedScheme {
        /// The scheme.
        scheme: String,
    },
    /// The CORS-preflight fetch failed.
    Preflight {
        /// How.
        failure: PreflightFailure,
    },
    /// The response (or a redirect) failed the CORS check.
    CorsCheck {
        /// How.
        failure: CorsCheckFailure,
    },
    /// The cross-origin resource policy check blocked a no-cors response.
    CrossOriginResourcePolicy {
        /// Which policy, and where it came from.
        blocked: crate::policy::corp::CorpBlocked,
    },
    /// Local Network Access blocked the connection: a less public address
    /// space than the page's, from a non-secure page or without permission.
    /// Nothing was sent on it.
    LocalNetworkAccess {
        /// The spaces and why.
        blocked: crate::policy::local_network_access::LocalNetworkAccessBlocked,
    },
    /// Opaque-response blocking blocked a cross-origin `no-cors` response.
    /// <https://github.com/annevk/orb>
    OpaqueResponseBlocking {
        /// Which step, and what the response said.
        blocked: crate::policy::orb::OrbBlocked,
    },
    /// Main fetch blocked a script or style response for its MIME type or
    /// for `X-Content-Type-Options: nosniff`.
    MimeTypeBlocked {
        /// How.
        blocked: crate::policy::mime_blocking::MimeBlocked,
    },
    /// The fetch succeeded but the element (`<script>`, `<link
    /// rel=stylesheet>`) rejected the response and fires `error` (HTML, not
    /// a network error in Fetch's sense).
    ElementLoad {
        /// Why.
        failure: crate::policy::mime_blocking::ElementLoadFailure,
    },
    /// Redirect mode `error` and the response is a redirect.
    RedirectModeError {
        /// The redirect status.
        status: u16,
    },
    /// A redirect could not be followed.
    Redirect {
        /// How.
        failure: RedirectFailure,
    },
    /// The network gave no response (reported by the driver).
    Network {
        /// How it failed (serialized as `failure` and `detail` beside
        /// `kind`).
        #[serde(flatten)]
        failure: crate::http::response::NetworkFailure,
    },
    /// The driver stopped answering the engine's requests in order.
    DriverProtocol,
}

/// A network error and where it happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NetworkError {
    /// Why.
    pub reason: Reason,
    /// On which request, when one was sent.
    pub request_kind: Option<RequestKind>,
    /// The request's current URL when it failed, serialized.
    pub url: String,
    /// The URL passed to `fetch()`, serialized (as given when it did not parse).
    pub initial_url: String,
    /// The serialized request origin at that point (`null` once tainted).
    pub origin: String,
    /// Whether a redirect was followed before the failure.
    pub redirected: bool,
}

impl NetworkError {
    /// A `fetch()` that threw before anything was sent.
    pub fn from_request_error(error: RequestError, url: &str, origin: &str) -> NetworkError {
        let url = Url::parse(url).map_or_else(|_| url.to_owned(), String::from);
        NetworkError {
            reason: Reason::Request { error },
            request_kind: None,
            initial_url: url.clone(),
            url,
            origin: origin.to_owned(),
            redirected: false,
        }
    }

    pub(crate) fn internal(request: &Request) -> NetworkError {
        NetworkError {
            reason: Reason::DriverProtocol,
            request_kind: None,
            initial_url: request
                .url_list()
                .next()
                .map(Url::to_string)
                .unwrap_or_default(),
            url: request.current_url().to_string(),
            origin: request.serialized_origin().to_owned(),
            redirected: request.url_list_len() > 1,
        }
    }
}

/// How a fetch ends.
#[must_use]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "kebab-case")]
pub enum FetchOutcome {
    /// The promise resolves with this response.
    #[serde(rename = "ok")]
    Response(FilteredResponse),
    /// The promise rejects with a `TypeError`.
    NetworkError(NetworkError),
}
