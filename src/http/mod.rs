//! HTTP as the Fetch standard sees it: methods, headers and header lists,
//! requests and responses.
//!
//! <https://fetch.spec.whatwg.org/#http>

pub mod headers;
pub mod method;
pub mod policy_container;
pub mod request;
pub mod response;
