//! xorigin predicts, exactly, what a browser's same-origin policy and CORS
//! machinery do with a request: which requests go on the wire (preflight,
//! redirect hops) with which headers, whether script gets the response or a
//! network error, what script may read, and why it failed. It follows the
//! WHATWG Fetch standard step by step; where Chromium, Firefox and WebKit
//! depart from it, a [`browser::Profile`] knob says so, with its evidence.
//!
//! # Start here
//!
//! There are three ways in.
//!
//! **A scenario** (a page, its requests, the server's fixed answers; the
//! format is the one of `spec-fixtures/`): [`scenario::simulate`] fills in
//! what the browser does.
//!
//! ```
//! use xorigin::browser::Profile;
//! use xorigin::scenario::{ExpectResult, Scenario, simulate};
//!
//! let scenario = Scenario::from_json(r#"{
//!     "id": "put-without-allow-methods",
//!     "client": { "origin": "https://app.a.test" },
//!     "server": [
//!         { "method": "OPTIONS", "url": "https://api.b.test/items", "status": 204,
//!           "headers": [["Access-Control-Allow-Origin", "https://app.a.test"]] }
//!     ],
//!     "fetches": [ { "request": { "method": "PUT", "url": "https://api.b.test/items" } } ]
//! }"#)?;
//! let predicted = simulate(&scenario, &Profile::CHROMIUM)?;
//! let expect = predicted.fetches[0].expect.as_ref().expect("simulate fills expect");
//! // The preflight went out; its answer does not allow PUT, so the PUT never does.
//! assert_eq!(expect.result, Some(ExpectResult::NetworkError));
//! let sent: Vec<&str> = expect.sent.iter().flatten().map(|r| r.method.as_str()).collect();
//! assert_eq!(sent, ["OPTIONS"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **One request, driven by your own network** (a crawler, a headless
//! browser): the sans-IO engine, [`fetch::FetchController`]. It does no I/O
//! and reads no clock; you loop, sending what it asks for and handing back
//! what the network answered, with the time.
//!
//! ```
//! use std::time::Duration;
//! use xorigin::browser::Profile;
//! use xorigin::fetch::preflight_cache::PreflightCache;
//! use xorigin::fetch::{Action, FetchController, FetchOutcome};
//! use xorigin::http::request::{FetchInit, Request};
//! use xorigin::http::response::NetworkResponse;
//! use xorigin::origin::Origin;
//!
//! let profile = &Profile::CHROMIUM;
//! let page = Origin::parse_serialized("https://app.a.test")?;
//! let init = FetchInit { url: "https://api.b.test/data", method: Some("PUT"), ..FetchInit::default() };
//! let request = Request::from_fetch_init(&page, &init, profile)?;
//! // Browser state that outlives a fetch: keep one per browser profile.
//! let mut cache = PreflightCache::new(profile.preflight_cache.capacity);
//! let mut fetch = FetchController::new(request, profile, page.ascii_serialization());
//! let now = Duration::ZERO; // the driver's clock
//! let outcome = loop {
//!     match fetch.poll(&mut cache, now)? {
//!         Action::Send(request) => {
//!             // Put `request` on the wire; here, a server that allows it.
//!             let status = if request.method == "OPTIONS" { 204 } else { 200 };
//!             let answer = NetworkResponse::new(status, [
//!                 ("Access-Control-Allow-Origin", "https://app.a.test"),
//!                 ("Access-Control-Allow-Methods", "PUT"),
//!             ]);
//!             fetch.handle_response(answer, &mut cache, now)?;
//!         }
//!         Action::Done(outcome) => break outcome,
//!     }
//! };
//! assert!(matches!(outcome, FetchOutcome::Response(_)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`fetch::run_fetch`] is that loop with a closure for the network.
//!
//! **"Will this request work in Chrome, Firefox and Safari, and why
//! not?"**: [`explain::check`] takes an [`explain::CheckRequest`] and the
//! server's answers and returns each browser's verdict and explanation (what
//! `xorigin check` prints).
//!
//! **The command line**: `xorigin simulate | verify | check | probe |
//! explain | explain-error | audit` (the `cli` feature, on by default); see
//! the README. Scenario files are described in `docs/scenario-format.md`.
//!
//! **"Does this request need a preflight?"** is main fetch's branch,
//! [`fetch::main_fetch_branch`]: it knows that a same-origin `PUT` needs
//! none, which [`fetch::cors::needs_cors_preflight`] alone (a predicate on
//! the request's method and headers) does not.
//!
//! ```
//! use xorigin::browser::Profile;
//! use xorigin::fetch::{MainFetchBranch, main_fetch_branch};
//! use xorigin::http::request::{FetchInit, Request};
//! use xorigin::origin::Origin;
//!
//! let page = Origin::parse_serialized("https://app.a.test")?;
//! let branch = |url| -> Result<MainFetchBranch, Box<dyn std::error::Error>> {
//!     let init = FetchInit { url, method: Some("PUT"), ..FetchInit::default() };
//!     let request = Request::from_fetch_init(&page, &init, &Profile::SPEC)?;
//!     Ok(main_fetch_branch(&request, &Profile::SPEC, |_| false))
//! };
//! assert!(matches!(branch("https://app.a.test/items")?, MainFetchBranch::Basic(_)));
//! assert!(matches!(branch("https://api.b.test/items")?, MainFetchBranch::CorsWithPreflight { .. }));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Map
//!
//! Folders are floors; each uses only the floors below it
//! (`tests/layering.rs` checks it):
//!
//! | floor | modules | standard |
//! |---|---|---|
//! | 0 | [`origin`] (origins, sites, potentially trustworthy, public suffixes), [`mime`] (MIME types, sniffing patterns), [`browser`] (profiles: data) | HTML "Origins", URL, Secure Contexts, MIME Sniffing |
//! | 1 | [`http`] (methods, headers, requests, responses, the policy container) | Fetch "HTTP extensions", "Requests", "Responses" |
//! | 2 | [`policy`] (CORP, COEP, mixed content, Local Network Access, ORB, MIME blocking) | Fetch, HTML, Mixed Content, WICG LNA, ORB |
//! | 3 | [`fetch`] (main fetch, HTTP fetch, CORS, preflight cache, redirects, referrer, Fetch Metadata, `data:`; the drivers) | Fetch "Fetching" |
//! | 4 | [`html`] (new documents' origins, `document.domain`, element requests) | HTML |
//! | 5 | [`scenario`] (the scenario format and its runner) | the scenario format |
//! | 6 | [`explain`] (browsers' console messages, descriptions, fixes, reports) | browser sources and recordings |
//! | 7 | [`embed`] ([`Browser`] and [`Page`]; the `tower` client layer and the `testing` in-process browser behind features), [`json`] (JSON in, JSON out: what the C, Python and npm bindings call) | (the edge) |
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![doc(test(attr(deny(warnings))))]

pub mod browser;
pub mod embed;
pub mod explain;
pub mod fetch;
pub mod html;
pub mod http;
pub mod json;
pub mod mime;
pub mod origin;
pub mod policy;
pub mod scenario;

pub use embed::{Browser, Page};

/// The README's Rust examples, compiled and run as doctests so they cannot
/// drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
