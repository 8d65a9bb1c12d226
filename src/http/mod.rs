//! HTTP as the Fetch standard sees it: methods, headers and header lists,
//! requests and responses.
//!
//! <https://fetch.spec.whatwg.org/#http>

pub mod headers;
pub mod method;
pub mod policy_container;
pub mod request;
pub mod response;

/// `bytes` decoded as UTF-8, each invalid sequence replaced by U+FFFD (as
/// `String::from_utf8_lossy`), checking valid text (the usual case) with the
/// faster validator first.
pub(crate) fn utf8_lossy(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}
