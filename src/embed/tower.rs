//! A client layer that behaves like a browser's network stack for one page
//! (feature `tower`): [`BrowserLayer`] wraps any
//! `tower::Service<http::Request<B>>` HTTP client (hyper-util's, an
//! `axum::Router` in-process, ...). For each request it runs the engine:
//! sends the CORS preflight when the engine asks, follows redirects itself
//! (the inner client must not), keeps the browser's preflight cache across
//! calls, and returns the response as script would see it ([`ScriptResponse`])
//! or the [`Blocked`] error with the browser's console message and the fix.
//!
//! The inner service's errors and the layer's timeout are network failures
//! ([`Reason::Network`](crate::fetch::Reason::Network)), never a CORS verdict.
//!
//! Cookies: with the `cookies` feature, a credentialed request carries the
//! browser's cookies and its response's `Set-Cookie` is stored; without it,
//! no cookies (the engine's `include_credentials` is in
//! [`ScriptResponse::sent`]). Response bodies are not sniffed, so a `no-cors`
//! fetch's opaque-response blocking sees an empty body.

use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::time::Instant;

use super::{Blocked, Browser, Page};
use crate::explain::MessageContext;
use crate::fetch::{Action, FetchOutcome, NetworkError, OutgoingRequest, Reason, RequestKind};
use crate::http::request::{CredentialsMode, FetchInit, Mode, RedirectMode};
use crate::http::response::{FilteredResponse, NetworkFailure, NetworkResponse, ResponseType};

/// The default time one request may take before it fails as a timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// `fetch()`'s `init` options the `http::Request` cannot carry; put one in
/// the request's extensions. Absent: mode `cors`, credentials `same-origin`,
/// redirect `follow`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FetchOptions {
    /// `init.mode`.
    pub mode: Option<Mode>,
    /// `init.credentials`.
    pub credentials: Option<CredentialsMode>,
    /// `init.redirect`.
    pub redirect: Option<RedirectMode>,
}

/// The response as script sees it.
#[derive(Debug)]
pub struct ScriptResponse<B> {
    /// The filtered response: type, status, the readable headers, URL.
    pub response: FilteredResponse,
    /// The body, unless the response is opaque or an opaque redirect.
    pub body: Option<B>,
    /// Every request that went on the wire, in order.
    pub sent: Vec<OutgoingRequest>,
}

impl<B> ScriptResponse<B> {
    /// The value of a header script can read (`headers.get(name)`).
    pub fn header(&self, name: &str) -> Option<&[u8]> {
        // The names are lowercase and combined: at most one matches.
        self.response
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name.as_bytes()))
            .map(|(_, v)| v)
    }

    /// How many CORS preflights went out.
    pub fn preflights(&self) -> usize {
        count_preflights(&self.sent)
    }
}

pub(crate) fn count_preflights(sent: &[OutgoingRequest]) -> usize {
    sent.iter()
        .filter(|r| r.kind == RequestKind::Preflight)
        .count()
}

/// What every service made by one layer shares.
#[derive(Debug)]
struct Shared {
    browser: Arc<Mutex<Browser>>,
    page: Page,
    timeout: Duration,
    epoch: Instant,
}

/// A `tower::Layer` that makes a client fetch as `page` in `browser` would.
///
/// ```no_run
/// # #[allow(dead_code)]
/// # async fn crawl<S>(client: S) -> Result<(), Box<dyn std::error::Error>>
/// # where S: tower_service::Service<http::Request<String>, Response = http::Response<String>> + Clone + Send + 'static,
/// #       S::Future: Send, S::Error: Into<Box<dyn std::error::Error + Send + Sync>> {
/// use tower_layer::Layer;
/// use tower_service::Service;
/// use xorigin::Browser;
/// use xorigin::embed::tower::BrowserLayer;
///
/// let browser = Browser::chromium();
/// let page = browser.page("https://app.example")?;
/// let mut service = BrowserLayer::new(browser, page).layer(client);
/// let request = http::Request::get("https://api.example.net/data").body(String::new())?;
/// match service.call(request).await {
///     Ok(seen) => println!("readable: {:?}", seen.response.visible_header_names()),
///     Err(blocked) => println!("{blocked}"), // the console message and the fix
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct BrowserLayer {
    shared: Arc<Shared>,
}

impl BrowserLayer {
    /// A layer for `page`, owning `browser`.
    pub fn new(browser: Browser, page: Page) -> BrowserLayer {
        BrowserLayer::shared(Arc::new(Mutex::new(browser)), page)
    }

    /// A layer for `page` in a browser shared with other layers (pages).
    pub fn shared(browser: Arc<Mutex<Browser>>, page: Page) -> BrowserLayer {
        BrowserLayer {
            shared: Arc::new(Shared {
                browser,
                page,
                timeout: DEFAULT_TIMEOUT,
                epoch: Instant::now(),
            }),
        }
    }

    /// How long one request (a preflight or a hop) may take; then it fails
    /// as [`NetworkFailure::Timeout`]. Default [`DEFAULT_TIMEOUT`].
    pub fn timeout(self, timeout: Duration) -> BrowserLayer {
        let shared = &self.shared;
        BrowserLayer {
            shared: Arc::new(Shared {
                browser: Arc::clone(&shared.browser),
                page: shared.page.clone(),
                timeout,
                epoch: shared.epoch,
            }),
        }
    }

    /// The browser, with its preflight cache.
    pub fn browser(&self) -> &Arc<Mutex<Browser>> {
        &self.shared.browser
    }
}

impl<S> tower_layer::Layer<S> for BrowserLayer {
    type Service = BrowserService<S>;

    fn layer(&self, inner: S) -> BrowserService<S> {
        BrowserService {
            inner,
            shared: Arc::clone(&self.shared),
        }
    }
}

/// The service [`BrowserLayer`] makes.
#[derive(Clone, Debug)]
pub struct BrowserService<S> {
    inner: S,
    shared: Arc<Shared>,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, B, RB> tower_service::Service<http::Request<B>> for BrowserService<S>
where
    S: tower_service::Service<http::Request<B>, Response = http::Response<RB>>
        + Clone
        + Send
        + 'static,
    S::Future: Send,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    B: Clone + Default + Send + 'static,
    RB: Send + 'static,
{
    type Response = ScriptResponse<RB>;
    type Error = Blocked;
    type Future = BoxFuture<Result<ScriptResponse<RB>, Blocked>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Blocked>> {
        // The inner service is made ready per request it sends, in `call`.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let mut inner = self.inner.clone();
        let shared = Arc::clone(&self.shared);
        Box::pin(async move {
            drive(
                &shared.browser,
                &shared.page,
                &mut inner,
                request,
                shared.timeout,
                shared.epoch,
            )
            .await
        })
    }
}

fn lock(browser: &Mutex<Browser>) -> MutexGuard<'_, Browser> {
    // A poisoned lock only means another fetch panicked; the cache is still
    // consistent (each engine call completes under the lock).
    browser
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs one fetch of `request` from `page` against `inner`, sending what the
/// engine asks for. The lock on `browser` is held only during engine calls,
/// never across an await.
pub(crate) async fn drive<S, B, RB>(
    browser: &Mutex<Browser>,
    page: &Page,
    inner: &mut S,
    request: http::Request<B>,
    timeout: Duration,
    epoch: Instant,
) -> Result<ScriptResponse<RB>, Blocked>
where
    S: tower_service::Service<http::Request<B>, Response = http::Response<RB>>,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    B: Clone + Default,
{
    let browser_name = page.profile().name;
    let (parts, body) = request.into_parts();
    let url = parts.uri.to_string();
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let options = parts
        .extensions
        .get::<FetchOptions>()
        .copied()
        .unwrap_or_default();
    let init = FetchInit {
        url: &url,
        method: Some(parts.method.as_str()),
        headers: &headers,
        mode: options.mode,
        credentials: options.credentials,
        redirect: options.redirect,
        ..FetchInit::default()
    };
    let mut ctx = MessageContext {
        kind: "fetch",
        method: parts.method.as_str(),
        response: None,
        client_origin: Some(page.origin().ascii_serialization()),
        request_headers: &headers,
        requested_headers: None,
        mode: options.mode.unwrap_or(Mode::Cors),
        credentials: options.credentials.unwrap_or(CredentialsMode::SameOrigin),
    };
    let mut fetch_request = match page.request(&init) {
        Ok(request) => request,
        Err(error) => return Err(Blocked::new(browser_name, *error, &ctx, Vec::new())),
    };
    // The engine only needs to know that a body exists (GET and HEAD cannot
    // have one); the driver keeps the bytes and sends them where it says.
    if !matches!(parts.method, http::Method::GET | http::Method::HEAD) {
        fetch_request.body = Some(Vec::new());
    }
    let mut fetch = page.fetch_request(fetch_request);
    let mut sent: Vec<OutgoingRequest> = Vec::new();
    let mut last_response: Option<NetworkResponse> = None;
    let mut requested_headers: Option<String> = None;
    let mut last_body: Option<RB> = None;
    loop {
        let now = epoch.elapsed();
        let action = fetch.poll(lock(browser).preflight_cache_mut(), now);
        let outgoing = match action {
            Ok(Action::Send(outgoing)) => outgoing,
            Ok(Action::Done(FetchOutcome::Response(response))) => {
                let body = match response.response_type {
                    ResponseType::Opaque | ResponseType::OpaqueRedirect => None,
                    _ => last_body,
                };
                return Ok(ScriptResponse {
                    response,
                    body,
                    sent,
                });
            }
            Ok(Action::Done(FetchOutcome::NetworkError(error))) => {
                ctx.response = last_response.as_ref();
                ctx.requested_headers = requested_headers.as_deref();
                return Err(Blocked::new(browser_name, error, &ctx, sent));
            }
            Err(_) => {
                let error = NetworkError {
                    reason: Reason::DriverProtocol,
                    request_kind: None,
                    url: url.clone(),
                    initial_url: url.clone(),
                    origin: page.origin().ascii_serialization().to_owned(),
                    redirected: false,
                };
                return Err(Blocked::new(browser_name, error, &ctx, sent));
            }
        };
        if outgoing.kind == RequestKind::Preflight {
            requested_headers = outgoing
                .header_list
                .get(b"access-control-request-headers")
                .map(|v| String::from_utf8_lossy(&v).into_owned());
        }
        let wire_body = if outgoing.body.is_some() {
            body.clone()
        } else {
            B::default()
        };
        let http_request = outgoing.to_http().map(|request| {
            let mut request = request.map(|()| wire_body);
            // The engine's `Content-Length` counts the placeholder body; the
            // inner client computes it from the body it sends.
            request.headers_mut().remove(http::header::CONTENT_LENGTH);
            #[cfg(feature = "cookies")]
            if outgoing.include_credentials {
                let cookie = lock(browser).cookie_header(&outgoing.url);
                if let Some(value) = cookie.and_then(|c| http::HeaderValue::from_str(&c).ok()) {
                    request.headers_mut().insert(http::header::COOKIE, value);
                }
            }
            request
        });
        #[cfg(feature = "cookies")]
        let (credentialed_url, include_credentials) =
            (outgoing.url.clone(), outgoing.include_credentials);
        sent.push(outgoing);
        let answer = match http_request {
            Ok(http_request) => send(inner, http_request, timeout).await,
            Err(error) => Err(NetworkFailure::Other {
                detail: format!("the request cannot be sent: {error}"),
            }),
        };
        let now = epoch.elapsed();
        let handled = match answer {
            Ok(response) => {
                #[cfg(feature = "cookies")]
                if include_credentials {
                    let set_cookies = response.headers().get_all(http::header::SET_COOKIE);
                    lock(browser).store_set_cookies(
                        &credentialed_url,
                        set_cookies.iter().map(http::HeaderValue::as_bytes),
                    );
                }
                let network = NetworkResponse::from_http(&response);
                last_response = Some(network.clone());
                last_body = Some(response.into_body());
                fetch.handle_response(network, lock(browser).preflight_cache_mut(), now)
            }
            Err(failure) => {
                last_response = None;
                last_body = None;
                fetch.handle_network_failure(failure, lock(browser).preflight_cache_mut())
            }
        };
        // A usage error cannot happen after a Send; the next poll reports it
        // as a driver-protocol error if it did.
        let _ = handled;
    }
}

/// Sends one request through `inner` within `timeout`.
async fn send<S, B, RB>(
    inner: &mut S,
    request: http::Request<B>,
    timeout: Duration,
) -> Result<http::Response<RB>, NetworkFailure>
where
    S: tower_service::Service<http::Request<B>, Response = http::Response<RB>>,
    S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let exchange = async {
        poll_fn(|cx| inner.poll_ready(cx)).await?;
        inner.call(request).await
    };
    match tokio::time::timeout(timeout, exchange).await {
        Ok(Ok(response)) => Ok(response),
        Ok(Err(error)) => Err(classify(error.into().as_ref())),
        Err(_) => Err(NetworkFailure::Timeout {
            detail: format!("no response within {timeout:?}"),
        }),
    }
}

/// The network failure an inner client's error stands for, from the I/O
/// error in its source chain or, failing that, its description.
fn classify(error: &(dyn std::error::Error + 'static)) -> NetworkFailure {
    use std::io::ErrorKind;
    let mut detail = error.to_string();
    let mut source = error.source();
    let mut io_kind = None;
    while let Some(cause) = source {
        detail.push_str(": ");
        detail.push_str(&cause.to_string());
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            io_kind.get_or_insert(io.kind());
        }
        source = cause.source();
    }
    if let Some(io) = error.downcast_ref::<std::io::Error>() {
        io_kind.get_or_insert(io.kind());
    }
    let lower = detail.to_ascii_lowercase();
    match io_kind {
        Some(ErrorKind::ConnectionRefused) => NetworkFailure::ConnectionRefused { detail },
        Some(ErrorKind::TimedOut) => NetworkFailure::Timeout { detail },
        Some(
            ErrorKind::ConnectionReset
            | ErrorKind::ConnectionAborted
            | ErrorKind::BrokenPipe
            | ErrorKind::UnexpectedEof,
        ) => NetworkFailure::Reset { detail },
        _ if lower.contains("parse") || lower.contains("invalid") => {
            NetworkFailure::MalformedResponse { detail }
        }
        _ if lower.contains("closed")
            || lower.contains("incomplete")
            || lower.contains("reset") =>
        {
            NetworkFailure::Reset { detail }
        }
        _ if lower.contains("timed out") || lower.contains("timeout") => {
            NetworkFailure::Timeout { detail }
        }
        _ if lower.contains("refused") => NetworkFailure::ConnectionRefused { detail },
        _ => NetworkFailure::Other { detail },
    }
}
