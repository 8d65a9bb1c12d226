//! An in-process browser for server tests (feature `testing`): drive the
//! engine against your own `tower::Service` (an `axum::Router` with
//! `tower-http`'s `CorsLayer`, say), per browser profile, with no browser and
//! no port, and assert what the browser would do.
//!
//! ```
//! use axum::{Router, routing::put};
//! use http::{HeaderValue, Method, header::CONTENT_TYPE};
//! use tower_http::cors::CorsLayer;
//! use xorigin::embed::testing::InProcess;
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let app = |cors: CorsLayer| Router::new().route("/items", put(|| async { "stored" })).layer(cors);
//! let cors = CorsLayer::new()
//!     .allow_origin(HeaderValue::from_static("https://app.example.com"))
//!     .allow_methods([Method::PUT]);
//! let put_json = || {
//!     http::Request::put("https://api.example.com/items")
//!         .header("content-type", "application/json")
//!         .body(String::from("{}"))
//! };
//! let chrome = InProcess::chromium("https://app.example.com")?;
//! // `Content-Type: application/json` is not listed in Access-Control-Allow-Headers.
//! let blocked = chrome.fetch(&mut app(cors.clone()), put_json()?).await;
//! assert!(blocked.assert_blocked().console.contains("content-type is not allowed"));
//! let fixed = cors.allow_headers([CONTENT_TYPE]);
//! chrome.fetch(&mut app(fixed), put_json()?).await.assert_allowed();
//! # Ok(()) }
//! ```
//!
//! A failed assertion panics with the browser's console message and the fix:
//! these helpers are for tests, where a panic is the report.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use super::tower::{DEFAULT_TIMEOUT, ScriptResponse, count_preflights, drive};
use super::{Blocked, Browser, Page};
use crate::browser::{BrowserName, Profile};
use crate::fetch::Reason;
use crate::origin::OriginParseError;

/// A browser with one page, fetching through an in-process service. It keeps
/// its preflight cache across fetches (pause tokio's clock and advance it to
/// test `Access-Control-Max-Age`).
#[derive(Clone, Debug)]
pub struct InProcess {
    browser: Arc<Mutex<Browser>>,
    page: Page,
    epoch: Instant,
    timeout: Duration,
}

impl InProcess {
    /// A fresh `profile` browser with a top-level page at `origin`.
    pub fn new(profile: &'static Profile, origin: &str) -> Result<InProcess, OriginParseError> {
        let browser = Browser::new(profile);
        let page = browser.page(origin)?;
        Ok(InProcess::with_page(browser, page))
    }

    /// A browser and a page made from it (with policy headers, embedded, ...).
    pub fn with_page(browser: Browser, page: Page) -> InProcess {
        InProcess {
            browser: Arc::new(Mutex::new(browser)),
            page,
            epoch: Instant::now(),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// [`InProcess::new`] with [`Profile::CHROMIUM`].
    pub fn chromium(origin: &str) -> Result<InProcess, OriginParseError> {
        InProcess::new(&Profile::CHROMIUM, origin)
    }

    /// [`InProcess::new`] with [`Profile::FIREFOX`].
    pub fn firefox(origin: &str) -> Result<InProcess, OriginParseError> {
        InProcess::new(&Profile::FIREFOX, origin)
    }

    /// [`InProcess::new`] with [`Profile::WEBKIT`].
    pub fn webkit(origin: &str) -> Result<InProcess, OriginParseError> {
        InProcess::new(&Profile::WEBKIT, origin)
    }

    /// One per browser: Chromium, Firefox, WebKit.
    pub fn each_browser(origin: &str) -> Result<[InProcess; 3], OriginParseError> {
        Ok([
            InProcess::chromium(origin)?,
            InProcess::firefox(origin)?,
            InProcess::webkit(origin)?,
        ])
    }

    /// Which browser.
    pub fn name(&self) -> BrowserName {
        self.page.profile().name
    }

    /// `fetch()` from the page, every request going to `service`. Put a
    /// [`FetchOptions`](super::tower::FetchOptions) in the request's
    /// extensions for another mode, credentials or redirect mode.
    pub async fn fetch<S, B, RB>(&self, service: &mut S, request: http::Request<B>) -> Verdict<RB>
    where
        S: tower_service::Service<http::Request<B>, Response = http::Response<RB>>,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        B: Clone + Default,
    {
        let outcome = drive(
            &self.browser,
            &self.page,
            service,
            request,
            self.timeout,
            self.epoch,
        )
        .await;
        Verdict {
            browser: self.name(),
            outcome,
        }
    }
}

/// What the browser did with one fetch.
#[derive(Debug)]
pub struct Verdict<B> {
    /// The browser.
    pub browser: BrowserName,
    /// The response script got, or why the promise rejected.
    pub outcome: Result<ScriptResponse<B>, Blocked>,
}

impl<B> Verdict<B> {
    /// Whether script got a response.
    pub fn is_allowed(&self) -> bool {
        self.outcome.is_ok()
    }

    /// Why it was blocked, if it was.
    pub fn reason(&self) -> Option<&Reason> {
        self.outcome.as_ref().err().map(Blocked::reason)
    }

    /// How many CORS preflights went out.
    pub fn preflights(&self) -> usize {
        match &self.outcome {
            Ok(response) => response.preflights(),
            Err(blocked) => count_preflights(&blocked.sent),
        }
    }

    /// The response script got; panics with the browser's console message
    /// and the fix when the fetch was blocked.
    #[track_caller]
    pub fn assert_allowed(&self) -> &ScriptResponse<B> {
        match &self.outcome {
            Ok(response) => response,
            Err(blocked) => panic!("expected the fetch to be allowed, but {blocked}"),
        }
    }

    /// Why the fetch was blocked; panics, saying what script could read,
    /// when it was allowed.
    #[track_caller]
    pub fn assert_blocked(&self) -> &Blocked {
        match &self.outcome {
            Err(blocked) => blocked,
            Ok(response) => panic!(
                "expected {} to block the fetch, but script gets a `{}` response, status {}, readable headers {:?}",
                self.browser.as_str(),
                response.response.response_type.as_str(),
                response.response.status,
                response.response.visible_header_names()
            ),
        }
    }

    /// The value of a response header script can read; panics like
    /// [`Verdict::assert_allowed`] when blocked.
    #[track_caller]
    pub fn readable_header(&self, name: &str) -> Option<String> {
        self.assert_allowed()
            .header(name)
            .map(|v| String::from_utf8_lossy(v).into_owned())
    }
}
