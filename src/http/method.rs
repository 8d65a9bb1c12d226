//! Methods: validation, the CORS-safelisted and forbidden sets, and
//! normalization.
//!
//! <https://fetch.spec.whatwg.org/#methods>
//!
//! Methods are Rust strings here (a method is a byte sequence in the
//! standard; every valid method is a token, hence ASCII). Every predicate is
//! allocation-free.

use std::borrow::Cow;

use crate::mime::is_tchar;

/// Whether `m` is a method: it matches HTTP's `method` (`token`) production.
///
/// <https://fetch.spec.whatwg.org/#concept-method>
pub fn is_method(m: &str) -> bool {
    !m.is_empty() && m.bytes().all(is_tchar)
}

/// Whether `m` is a CORS-safelisted method: `GET`, `HEAD` or `POST`,
/// byte for byte (case-sensitive: `get` is not safelisted, which is why
/// callers normalize first).
///
/// <https://fetch.spec.whatwg.org/#cors-safelisted-method>
pub fn is_cors_safelisted_method(m: &str) -> bool {
    matches!(m, "GET" | "HEAD" | "POST")
}

/// Whether `m` is a forbidden method: a byte-case-insensitive match for
/// `CONNECT`, `TRACE` or `TRACK`.
///
/// <https://fetch.spec.whatwg.org/#forbidden-method>
pub fn is_forbidden_method(m: &str) -> bool {
    is_forbidden_method_bytes(m.as_bytes())
}

/// [`is_forbidden_method`] on bytes, for header values (the
/// `X-HTTP-Method-Override` family) that are not necessarily UTF-8.
pub(crate) fn is_forbidden_method_bytes(m: &[u8]) -> bool {
    m.eq_ignore_ascii_case(b"CONNECT")
        || m.eq_ignore_ascii_case(b"TRACE")
        || m.eq_ignore_ascii_case(b"TRACK")
}

/// The methods that normalization upper-cases.
const NORMALIZED_METHODS: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];

/// Normalizes a method: a byte-case-insensitive match for `DELETE`, `GET`,
/// `HEAD`, `OPTIONS`, `POST` or `PUT` is byte-uppercased; anything else
/// (`patch`, `Egg`) is returned as written.
///
/// Never allocates: an upper-cased method is one of the six static names.
///
/// <https://fetch.spec.whatwg.org/#concept-method-normalize>
pub fn normalize_method(m: &str) -> Cow<'_, str> {
    NORMALIZED_METHODS
        .iter()
        .find(|known| known.eq_ignore_ascii_case(m))
        .map_or(Cow::Borrowed(m), |known| Cow::Borrowed(*known))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_keeps_unknown_methods() {
        assert_eq!(normalize_method("patch"), "patch");
        assert_eq!(normalize_method("pOsT"), "POST");
        assert!(matches!(normalize_method("get"), Cow::Borrowed("GET")));
    }

    #[test]
    fn token_bytes() {
        assert!(is_method("M-SEARCH"));
        assert!(!is_method("GET "));
        assert!(!is_method(""));
        assert!(!is_method("GÉT"));
    }
}
