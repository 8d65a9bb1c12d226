//! What the HTML standard adds on top of Fetch: the origins of new
//! documents, `document.domain`, and the requests elements make.
//!
//! <https://html.spec.whatwg.org/multipage/browsers.html#origin>

pub mod document_origin;
