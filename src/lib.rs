//! xorigin predicts, exactly, what a browser's same-origin policy and CORS
//! machinery do with a request.
//!
//! # Where to start
//!
//! - "Will this request work in Chrome, Firefox and Safari, and why not?":
//!   [`explain::check`] takes a [`explain::CheckRequest`] and the server's
//!   answers and returns each browser's verdict and explanation (what
//!   `xorigin check` prints).
//! - "Does this request need a preflight?": [`fetch::main_fetch_branch`],
//!   main fetch's step 12 as a browser takes it. Not
//!   [`fetch::cors::needs_cors_preflight`], which only looks at the method
//!   and headers and so answers `true` for a same-origin `PUT`, which is
//!   never preflighted.
//! - Driving the engine yourself (sans-IO): [`fetch::FetchController`], or
//!   [`fetch::trace_fetch`] with a closure as the network.
//! - Scenario files ([`scenario::Scenario`]): `docs/scenario-format.md`.
//!
//! ```
//! use xorigin::browser::Profile;
//! use xorigin::fetch::{MainFetchBranch, main_fetch_branch};
//! use xorigin::http::request::{FetchInit, Request};
//! use xorigin::origin::Origin;
//!
//! let page = Origin::parse_serialized("https://app.a.test").unwrap();
//! let profile = &Profile::CHROMIUM;
//! let put = |url| FetchInit { url, method: Some("PUT"), ..FetchInit::default() };
//! let same = Request::from_fetch_init(&page, &put("https://app.a.test/items"), profile).unwrap();
//! let cross = Request::from_fetch_init(&page, &put("https://api.b.test/items"), profile).unwrap();
//! // A same-origin PUT is not preflighted; a cross-origin one is.
//! assert!(matches!(main_fetch_branch(&same, profile, |_| false), MainFetchBranch::Basic(_)));
//! assert!(matches!(
//!     main_fetch_branch(&cross, profile, |_| false),
//!     MainFetchBranch::CorsWithPreflight { .. }
//! ));
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod browser;
pub mod explain;
pub mod fetch;
pub mod html;
pub mod http;
pub mod mime;
pub mod origin;
pub mod policy;
pub mod scenario;
