//! xorigin predicts, exactly, what a browser's same-origin policy and CORS
//! machinery do with a request.
//!
//! The crate is layered after the standards it implements; each module uses
//! only the ones on the floors below it:
//!
//! 1. [`site`], [`method`], [`mime`], [`browser`] (profiles: data, no logic)
//! 2. [`origin`], [`headers`]; [`document_origin`] (HTML: new documents'
//!    origins, `document.domain`, DOM access) beside `origin`
//! 3. `request`, `response` (the standard's fields and filtered views)
//! 4. `cors`, `preflight_cache`, `redirect`
//! 5. `fetch` (the sans-IO engine tying them together)
//! 6. [`scenario`] (fixtures and the scenario runner)
//!
//! The engine performs no I/O, reads no clock and spawns nothing: a driver
//! feeds it responses and the current time.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod browser;
pub mod cors;
pub mod data_url;
pub mod document_origin;
pub mod explain;
pub mod fetch;
pub mod fetch_metadata;
pub mod headers;
pub mod method;
pub mod mime;
pub mod origin;
pub mod policy;
pub mod preflight_cache;
pub mod redirect;
pub mod referrer;
pub mod request;
pub mod response;
pub mod scenario;
pub mod site;
