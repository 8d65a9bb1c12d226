//! Request-header classification: which headers script may set, which
//! need a CORS preflight, which survive a `no-cors` request.
//!
//! <https://fetch.spec.whatwg.org/#cors-safelisted-request-header>
//!
//! Everything here is the standard's rule. Browser differences are notes for
//! the browser profiles, not applied here: Chromium's
//! `services/network/public/cpp/cors/cors.cc` (`IsCorsSafelistedHeader`)
//! also safelists client hints (`DPR`, `Device-Memory`, `Width`,
//! `Viewport-Width`, `Save-Data`, some `Sec-CH-*`) with value rules of its
//! own, and reads the `content-type` essence with its own MIME parser
//! (`net::ParseMimeTypeWithoutParameter`) rather than "parse a MIME type".

use super::HeaderList;
use super::method_override::has_forbidden_method;

/// Whether `name` is a byte-case-insensitive match for one of `list`.
fn is_one_of(name: &[u8], list: &[&str]) -> bool {
    list.iter()
        .any(|item| name.eq_ignore_ascii_case(item.as_bytes()))
}

/// Whether (`name`, `value`) is a CORS-safelisted request-header: a request
/// carrying only such headers (and a CORS-safelisted method) needs no
/// preflight.
///
/// 1. A value longer than 128 bytes is never safelisted.
/// 2. `accept`: no CORS-unsafe request-header byte.
/// 3. `accept-language`, `content-language`: only `0-9A-Za-z *,-.;=`.
/// 4. `content-type`: no CORS-unsafe request-header byte, parses as a MIME
///    type (not "extract a MIME type", which is more forgiving than servers
///    are), essence `application/x-www-form-urlencoded`,
///    `multipart/form-data` or `text/plain`.
/// 5. `range`: a single range header value (without whitespace) whose start
///    is present (`bytes=-5` is not safelisted).
///
/// Allocation-free.
///
/// <https://fetch.spec.whatwg.org/#cors-safelisted-request-header>
pub fn is_cors_safelisted_request_header(name: &[u8], value: &[u8]) -> bool {
    if value.len() > 128 {
        return false;
    }
    // Dispatch on the name's length: one word compare per name.
    match name.len() {
        6 if eq_lowercase(name, b"accept") => !has_cors_unsafe_request_header_byte(value),
        15 | 16
            if eq_lowercase(name, b"accept-language")
                || eq_lowercase(name, b"content-language") =>
        {
            // No early exit: one branch-free pass over at most 128 bytes.
            value
                .iter()
                .fold(true, |all, &b| all & LANGUAGE_BYTE[usize::from(b)])
        }
        12 if eq_lowercase(name, b"content-type") => {
            !has_cors_unsafe_request_header_byte(value) && is_safelisted_content_type(value)
        }
        // Browsers have never emitted suffix ranges such as `bytes=-500`,
        // so those are not safelisted.
        5 if eq_lowercase(name, b"range") => is_safelisted_range(value),
        _ => false,
    }
}

/// Whether `s` is a byte-case-insensitive match for `lower`, which is ASCII
/// lowercase: each byte is compared with one OR and one XOR (an ASCII
/// letter differs from its uppercase only in bit 0x20; any other byte must
/// be equal), without early exit, so a constant `lower` compiles to a few
/// word compares.
#[inline]
pub(super) fn eq_lowercase<const N: usize>(s: &[u8], lower: &[u8; N]) -> bool {
    let Ok(s) = <&[u8; N]>::try_from(s) else {
        return false;
    };
    s.iter().zip(lower).fold(0u8, |diff, (&b, &l)| {
        let case = if l.is_ascii_lowercase() { 0x20 } else { 0 };
        diff | ((b | case) ^ l)
    }) == 0
}

/// Whether `s` starts with a byte-case-insensitive match for `lower`.
#[inline]
fn starts_with_lowercase<const N: usize>(s: &[u8], lower: &[u8; N]) -> bool {
    s.get(..N).is_some_and(|head| eq_lowercase(head, lower))
}

/// The `content-type` rule without the unsafe-byte check: "parse a MIME
/// type" on `value` does not fail and its essence is
/// `application/x-www-form-urlencoded`, `multipart/form-data` or
/// `text/plain`. Decided without parsing or allocating:
///
/// - the parser trims HTTP whitespace, the type is everything before the
///   first `/` and the subtype everything after it up to the first `;`,
///   its trailing HTTP whitespace trimmed (parameters never make it fail),
///   and the essence is both lowercased; so the essence is one of the three
///   exactly when the value, leading HTTP whitespace skipped, starts with
///   one of them byte-case-insensitively,
/// - followed by HTTP whitespace only up to the end or up to a `;` (any
///   other byte would make the subtype longer, or hold whitespace inside
///   it, which is not a token: failure).
///
/// `tests::content_type_quick_path_is_the_mime_type_parser` checks it
/// against [`crate::mime::MimeType::parse`].
///
/// <https://mimesniff.spec.whatwg.org/#parse-a-mime-type>
fn is_safelisted_content_type(value: &[u8]) -> bool {
    let start = value
        .iter()
        .position(|&b| !is_http_whitespace_byte(b))
        .unwrap_or(value.len());
    let value = value.get(start..).unwrap_or_default();
    // Dispatch on the first byte: one essence to compare.
    let essence_len = match value.first() {
        Some(b'a' | b'A') if starts_with_lowercase(value, b"application/x-www-form-urlencoded") => {
            33
        }
        Some(b'm' | b'M') if starts_with_lowercase(value, b"multipart/form-data") => 19,
        Some(b't' | b'T') if starts_with_lowercase(value, b"text/plain") => 10,
        _ => return false,
    };
    let rest = value.get(essence_len..).unwrap_or_default();
    rest.iter()
        .find(|&&b| !is_http_whitespace_byte(b))
        .is_none_or(|&b| b == b';')
}

/// HTTP whitespace: LF, CR, TAB or SPACE.
///
/// <https://fetch.spec.whatwg.org/#http-whitespace>
const fn is_http_whitespace_byte(b: u8) -> bool {
    matches!(b, b'\n' | b'\r' | b'\t' | b' ')
}

/// Whether `value` is a safelisted `range` value: a single range header
/// value without whitespace ([`parse_single_range_header_value`] with
/// `allow_whitespace` false) whose start is present, in one pass:
/// `bytes=`, one or more digits, `-`, zero or more digits, nothing else,
/// and the start not above the end.
///
/// <https://fetch.spec.whatwg.org/#cors-safelisted-request-header>
fn is_safelisted_range(value: &[u8]) -> bool {
    let Some(rest) = value.strip_prefix(b"bytes=") else {
        return false;
    };
    let start_len = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let (Some(start), Some(b'-'), Some(end)) = (
        rest.get(..start_len),
        rest.get(start_len),
        rest.get(start_len + 1..),
    ) else {
        return false;
    };
    !start.is_empty()
        && end.iter().all(u8::is_ascii_digit)
        && (end.is_empty() || !decimal_greater_than(start, end))
}

/// Whether `value` has a CORS-unsafe request-header byte, without early
/// exit (the values it sees are at most 128 bytes): 16 bytes at a time
/// with comparisons the compiler turns into vector instructions, the last
/// 16 overlapping the previous chunk; a value shorter than 16 bytes byte by
/// byte through the table.
fn has_cors_unsafe_request_header_byte(value: &[u8]) -> bool {
    if value.len() < 16 {
        return value
            .iter()
            .fold(false, |any, &b| any | CORS_UNSAFE_BYTE[usize::from(b)]);
    }
    let chunk_has_unsafe = |chunk: &[u8]| {
        chunk.iter().fold(0u8, |any, &b| {
            any | u8::from(is_cors_unsafe_byte_arithmetic(b))
        })
    };
    let mut chunks = value.chunks_exact(16);
    let mut any = (&mut chunks).fold(0u8, |any, chunk| any | chunk_has_unsafe(chunk));
    if !chunks.remainder().is_empty() {
        any |= chunk_has_unsafe(value.get(value.len() - 16..).unwrap_or_default());
    }
    any != 0
}

/// [`is_cors_unsafe_request_header_byte`] as comparisons only (no table
/// load), so that it vectorizes.
#[inline]
fn is_cors_unsafe_byte_arithmetic(b: u8) -> bool {
    (b < 0x20) & (b != 0x09)
        | (b == b'"')
        | (b | 1 == b')')
        | (b == b':')
        | (b == b'<')
        | (b.wrapping_sub(b'>') < 3)
        | (b.wrapping_sub(b'[') < 3)
        | (b == b'{')
        | (b == b'}')
        | (b == 0x7F)
}

/// The bytes an `Accept-Language` or `Content-Language` value may have to be
/// CORS-safelisted: ASCII alphanumerics and ` *,-.;=`.
const LANGUAGE_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric()
            || matches!(b as u8, b' ' | b'*' | b',' | b'-' | b'.' | b';' | b'=');
        b += 1;
    }
    table
};

/// Whether `b` is a CORS-unsafe request-header byte: a control byte other
/// than HT, or one of `"():<>?@[\]{}` and DEL (HTTP's delimiters except
/// `,/;=`).
///
/// <https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte>
pub fn is_cors_unsafe_request_header_byte(b: u8) -> bool {
    CORS_UNSAFE_BYTE[usize::from(b)]
}

/// [`is_cors_unsafe_request_header_byte`] as a byte table.
const CORS_UNSAFE_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b < 0x20 && b != 0x09)
            || matches!(
                b as u8,
                b'"' | b'('
                    | b')'
                    | b':'
                    | b'<'
                    | b'>'
                    | b'?'
                    | b'@'
                    | b'['
                    | b'\\'
                    | b']'
                    | b'{'
                    | b'}'
                    | 0x7F
            );
        b += 1;
    }
    table
};

/// The CORS-unsafe request-header names of `list`: the names of headers
/// that are not CORS-safelisted, plus, when the safelisted values together
/// exceed 1024 bytes, the names of the safelisted ones too. Byte-lowercased,
/// sorted by byte order, deduplicated, isomorphic decoded.
///
/// <https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names>
pub fn cors_unsafe_request_header_names(list: &HeaderList) -> Vec<String> {
    let mut unsafe_names: Vec<&[u8]> = Vec::new();
    let mut safelist_value_size: usize = 0;
    for (name, value) in list.iter() {
        if is_cors_safelisted_request_header(name, value) {
            safelist_value_size = safelist_value_size.saturating_add(value.len());
        } else {
            unsafe_names.push(name);
        }
    }
    if safelist_value_size > 1024 {
        // The potentially unsafe names join the unsafe ones: every name.
        // (Not collected on the way, so that a list of safelisted headers
        // allocates nothing.)
        unsafe_names = list.iter().map(|(name, _)| name).collect();
    }
    // "Convert header names to a sorted-lowercase set", then isomorphic
    // decoded, in one copy per name: decoding keeps
    // byte order and uniqueness (UTF-8 orders code points as their values),
    // so sorting the strings sorts the bytes.
    let mut names: Vec<String> = unsafe_names
        .into_iter()
        .map(|name| {
            let mut decoded = String::with_capacity(name.len());
            decoded.extend(name.iter().map(|&b| char::from(b.to_ascii_lowercase())));
            decoded
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// Whether `name` is a CORS non-wildcard request-header name:
/// `Authorization`, which a `*` in `Access-Control-Allow-Headers` does not
/// cover.
///
/// <https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name>
pub fn is_cors_non_wildcard_request_header_name(name: &[u8]) -> bool {
    name.eq_ignore_ascii_case(b"authorization")
}

/// Whether `name` is a privileged no-CORS request-header name: `Range`,
/// which privileged APIs (downloads, media) may set and which unprivileged
/// changes to a request remove.
///
/// <https://fetch.spec.whatwg.org/#privileged-no-cors-request-header-name>
pub fn is_privileged_no_cors_request_header_name(name: &[u8]) -> bool {
    name.eq_ignore_ascii_case(b"range")
}

/// Whether `name` is a no-CORS-safelisted request-header name: `Accept`,
/// `Accept-Language`, `Content-Language`, `Content-Type` (not `Range`).
///
/// <https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header-name>
pub fn is_no_cors_safelisted_request_header_name(name: &[u8]) -> bool {
    is_one_of(
        name,
        &[
            "accept",
            "accept-language",
            "content-language",
            "content-type",
        ],
    )
}

/// Whether (`name`, `value`) is a no-CORS-safelisted request-header: its
/// name is a no-CORS-safelisted request-header name and it is a
/// CORS-safelisted request-header.
///
/// <https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header>
pub fn is_no_cors_safelisted_request_header(name: &[u8], value: &[u8]) -> bool {
    is_no_cors_safelisted_request_header_name(name)
        && is_cors_safelisted_request_header(name, value)
}

/// The forbidden request-header names (step 1), looked up by length
/// through [`is_forbidden_request_header_name_on_list`].
#[cfg(test)]
const FORBIDDEN_REQUEST_HEADER_NAMES: [&str; 21] = [
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

/// Whether (`name`, `value`) is a forbidden request-header, one the user
/// agent keeps control of:
///
/// 1. a name on the fixed list (`Cookie`, `Host`, `Origin`, `Set-Cookie`,
///    `Keep-Alive`, `Via`, ...);
/// 2. a name starting with `proxy-` or `sec-` (byte-case-insensitively);
/// 3. `X-HTTP-Method`, `X-HTTP-Method-Override` or `X-Method-Override` whose
///    value, got, decoded and split, contains a forbidden method (so
///    `X-HTTP-Method-Override: GET` is allowed, `trace` is not).
///
/// Allocation-free.
///
/// <https://fetch.spec.whatwg.org/#forbidden-request-header>
pub fn is_forbidden_request_header(name: &[u8], value: &[u8]) -> bool {
    if is_forbidden_request_header_name_on_list(name) {
        return true;
    }
    if starts_with_lowercase(name, b"proxy-") || starts_with_lowercase(name, b"sec-") {
        return true;
    }
    let method_override = match name.len() {
        13 => eq_lowercase(name, b"x-http-method"),
        17 => eq_lowercase(name, b"x-method-override"),
        22 => eq_lowercase(name, b"x-http-method-override"),
        _ => false,
    };
    method_override && has_forbidden_method(value)
}

/// Whether `name` is on the list of [`FORBIDDEN_REQUEST_HEADER_NAMES`]
/// (step 1): dispatched on the length, so that a name is compared, as
/// words, with at most four.
fn is_forbidden_request_header_name_on_list(name: &[u8]) -> bool {
    let n = name;
    match n.len() {
        2 => eq_lowercase(n, b"te"),
        3 => eq_lowercase(n, b"dnt") || eq_lowercase(n, b"via"),
        4 => eq_lowercase(n, b"date") || eq_lowercase(n, b"host"),
        6 => eq_lowercase(n, b"cookie") || eq_lowercase(n, b"expect") || eq_lowercase(n, b"origin"),
        7 => {
            eq_lowercase(n, b"cookie2")
                || eq_lowercase(n, b"referer")
                || eq_lowercase(n, b"trailer")
                || eq_lowercase(n, b"upgrade")
        }
        10 => {
            eq_lowercase(n, b"connection")
                || eq_lowercase(n, b"keep-alive")
                || eq_lowercase(n, b"set-cookie")
        }
        14 => eq_lowercase(n, b"accept-charset") || eq_lowercase(n, b"content-length"),
        15 => eq_lowercase(n, b"accept-encoding"),
        17 => eq_lowercase(n, b"transfer-encoding"),
        29 => eq_lowercase(n, b"access-control-request-method"),
        30 => eq_lowercase(n, b"access-control-request-headers"),
        _ => false,
    }
}

/// Whether `name` is a request-body-header name: `Content-Encoding`,
/// `Content-Language`, `Content-Location` or `Content-Type` (dropped when a
/// redirect turns a request into a bodiless `GET`).
///
/// <https://fetch.spec.whatwg.org/#request-body-header-name>
pub fn is_request_body_header_name(name: &[u8]) -> bool {
    is_one_of(
        name,
        &[
            "content-encoding",
            "content-language",
            "content-location",
            "content-type",
        ],
    )
}

/// Parses a single range header value: `bytes=` then an optional start,
/// `-`, an optional end, nothing else (no list, no other unit; `bytes` is
/// case-sensitive). With `allow_whitespace`, HTTP tab or space is allowed
/// around `=` and `-` (and before `=`).
///
/// Returns `(start, end)`, at least one present and start <= end; `None` is
/// the standard's failure. The ordering check is made on the exact decimal
/// numbers; a returned number above `u64::MAX` saturates to `u64::MAX`.
///
/// <https://fetch.spec.whatwg.org/#simple-range-header-value>
pub fn parse_single_range_header_value(
    value: &[u8],
    allow_whitespace: bool,
) -> Option<(Option<u64>, Option<u64>)> {
    let data = value.strip_prefix(b"bytes")?;
    let mut position = 0;
    let skip_whitespace = |position: &mut usize| {
        if allow_whitespace {
            while data
                .get(*position)
                .is_some_and(|&b| super::is_http_tab_or_space_byte(b))
            {
                *position += 1;
            }
        }
    };
    let collect_digits = |position: &mut usize| {
        let start = *position;
        while data.get(*position).is_some_and(u8::is_ascii_digit) {
            *position += 1;
        }
        data.get(start..*position).unwrap_or_default()
    };
    skip_whitespace(&mut position);
    if data.get(position) != Some(&b'=') {
        return None;
    }
    position += 1;
    skip_whitespace(&mut position);
    let range_start = collect_digits(&mut position);
    skip_whitespace(&mut position);
    if data.get(position) != Some(&b'-') {
        return None;
    }
    position += 1;
    skip_whitespace(&mut position);
    let range_end = collect_digits(&mut position);
    if position < data.len() {
        return None;
    }
    if range_start.is_empty() && range_end.is_empty() {
        return None;
    }
    if !range_start.is_empty()
        && !range_end.is_empty()
        && decimal_greater_than(range_start, range_end)
    {
        return None;
    }
    let number = |digits: &[u8]| (!digits.is_empty()).then(|| saturating_decimal(digits));
    Some((number(range_start), number(range_end)))
}

/// Whether decimal digit string `a` denotes a larger number than `b`, for
/// any length.
fn decimal_greater_than(a: &[u8], b: &[u8]) -> bool {
    let strip = |d: &[u8]| -> usize { d.iter().take_while(|&&c| c == b'0').count() };
    let a = a.get(strip(a)..).unwrap_or_default();
    let b = b.get(strip(b)..).unwrap_or_default();
    a.len() > b.len() || (a.len() == b.len() && a > b)
}

/// ASCII digits as a number, saturating at `u64::MAX`.
pub(crate) fn saturating_decimal(digits: &[u8]) -> u64 {
    digits.iter().fold(0u64, |n, &d| {
        n.saturating_mul(10)
            .saturating_add(u64::from(d.saturating_sub(b'0')))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The standard's `content-type` rule, through the MIME type parser.
    fn content_type_by_the_parser(value: &[u8]) -> bool {
        let decoded: String = value.iter().map(|&b| char::from(b)).collect();
        crate::mime::MimeType::parse(&decoded).is_some_and(|m| {
            matches!(
                m.essence().as_str(),
                "application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain"
            )
        })
    }

    #[test]
    fn content_type_quick_path_is_the_mime_type_parser() {
        let essences = [
            "text/plain",
            "TEXT/Plain",
            "multipart/form-data",
            "Multipart/Form-Data",
            "application/x-www-form-urlencoded",
            "APPLICATION/X-WWW-FORM-URLENCODED",
            "text/html",
            "text/plai",
            "text",
            "",
            "/plain",
            "text /plain",
            "tex/plain",
            "texx/plain",
            "multipart/form-dat",
            "application/x-www-form-urlencode",
            "text/plain/",
        ];
        let around = [
            ("", ""),
            (" ", ""),
            ("\t \r\n", ""),
            ("", " "),
            ("", "\t\n"),
            ("", ";"),
            ("", ";charset=UTF-8"),
            ("", " ;charset=utf-8"),
            ("", "\t; x"),
            ("", "x"),
            ("", "-x"),
            ("", " x"),
            ("", " x;"),
            ("", "/"),
            ("", "\""),
            ("", "\u{e9}"),
            ("", " ; \"bad"),
            ("", ",text/html"),
            (" \t", " ;a=b;c=\"d\" "),
        ];
        for essence in essences {
            for (before, after) in around {
                let value = format!("{before}{essence}{after}");
                // Isomorphic encode: each code point below U+0100 is a byte.
                let bytes: Vec<u8> = value
                    .chars()
                    .filter_map(|c| u8::try_from(u32::from(c)).ok())
                    .collect();
                assert_eq!(
                    is_safelisted_content_type(&bytes),
                    content_type_by_the_parser(&bytes),
                    "{value:?}"
                );
            }
        }
    }

    #[test]
    fn range_quick_path_is_the_range_parser() {
        for value in [
            "bytes=0-1023",
            "bytes=0-",
            "bytes=5-5",
            "bytes=6-5",
            "bytes=-5",
            "bytes=-",
            "bytes=",
            "bytes",
            "Bytes=0-1",
            "bytes =0-1",
            "bytes=0 -1",
            "bytes=0-1,2-3",
            "bytes=0-1 ",
            "bytes=00010-9",
            "bytes=0009-10",
            "bytes=99999999999999999999999-99999999999999999999998",
            "bytes=18446744073709551615-18446744073709551616",
            "bytes=0-1x",
            "bytes=x-1",
            "bytes=1--2",
        ] {
            assert_eq!(
                is_safelisted_range(value.as_bytes()),
                matches!(
                    parse_single_range_header_value(value.as_bytes(), false),
                    Some((Some(_), _))
                ),
                "{value:?}"
            );
        }
    }

    #[test]
    fn eq_lowercase_is_eq_ignore_ascii_case() {
        let names: [&[u8]; 8] = [
            b"content-type",
            b"CONTENT-TYPE",
            b"Content-Type",
            b"content\rtype",
            b"content\x0dtype",
            b"content_type",
            b"content-typ",
            b"content-type ",
        ];
        for name in names {
            assert_eq!(
                eq_lowercase(name, b"content-type"),
                name.eq_ignore_ascii_case(b"content-type"),
                "{name:?}"
            );
        }
        // A byte that is a letter with bit 0x20 cleared is not the letter.
        for b in 0..=u8::MAX {
            assert_eq!(eq_lowercase(&[b], b"a"), b == b'a' || b == b'A');
            assert_eq!(eq_lowercase(&[b], b"-"), b == b'-');
        }
    }

    #[test]
    fn unsafe_byte_arithmetic_is_the_table() {
        for b in 0..=u8::MAX {
            assert_eq!(
                is_cors_unsafe_byte_arithmetic(b),
                is_cors_unsafe_request_header_byte(b),
                "{b:#04x}"
            );
            // Every position of every chunking sees the byte.
            for len in [1, 15, 16, 17, 31, 32, 48, 127, 128] {
                for at in 0..len {
                    let mut value = vec![b'a'; len];
                    if let Some(slot) = value.get_mut(at) {
                        *slot = b;
                    }
                    assert_eq!(
                        has_cors_unsafe_request_header_byte(&value),
                        is_cors_unsafe_request_header_byte(b),
                        "{b:#04x} at {at} of {len}"
                    );
                }
            }
        }
    }

    #[test]
    fn forbidden_names_by_length_are_the_list() {
        for name in FORBIDDEN_REQUEST_HEADER_NAMES {
            assert!(is_forbidden_request_header_name_on_list(name.as_bytes()));
            let upper = name.to_ascii_uppercase();
            assert!(is_forbidden_request_header_name_on_list(upper.as_bytes()));
            // One byte changed, one added or one removed: off the list.
            for at in 0..name.len() {
                let mut changed = name.as_bytes().to_vec();
                if let Some(b) = changed.get_mut(at) {
                    *b ^= 0x01;
                }
                assert!(!is_forbidden_request_header_name_on_list(&changed));
            }
            let longer = format!("{name}s");
            assert!(!is_forbidden_request_header_name_on_list(longer.as_bytes()));
            let shorter = name.get(1..).unwrap_or_default();
            assert!(!is_forbidden_request_header_name_on_list(
                shorter.as_bytes()
            ));
        }
    }
}
