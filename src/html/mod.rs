//! What the HTML standard adds on top of Fetch: the origins of new
//! documents, `document.domain`, and the requests elements make.
//!
//! <https://html.spec.whatwg.org/multipage/browsers.html#origin>

pub mod document_origin;
pub mod potential_cors_request;

pub use potential_cors_request::{CorsSettingsAttribute, create_potential_cors_request};
