//! The `X-HTTP-Method-Override` rule of "forbidden request-header":
//! whether a value, got, decoded and split, names a forbidden method
//! (`CONNECT`, `TRACE`, `TRACK`), decided without allocating.
//!
//! <https://fetch.spec.whatwg.org/#forbidden-request-header>

use super::request::eq_lowercase;
use super::{is_http_tab_or_space_byte, skip_http_quoted_string, trim_with};

/// Whether `value`, got, decoded and split, contains a forbidden method, in
/// one pass without allocating: split on `,` outside quoted strings, each
/// piece stripped of tab or space, as
/// [`split_header_value`](super::split_header_value) does (isomorphic
/// encoding a piece gives back its bytes).
///
/// The scan jumps from one `,` or `"` to the next, eight bytes at a time
/// ([`find_comma_or_quote`]). A piece without `"` is trimmed and compared
/// byte-case-insensitively with `TRACE`, `TRACK` and `CONNECT` (only when
/// it is long enough to be one); the quoted-string-aware path runs only
/// from a `"`: a piece holding a quoted string holds a `"`, which no
/// forbidden method does, so it is skipped over (commas inside the quoted
/// string included), not compared.
///
/// <https://fetch.spec.whatwg.org/#forbidden-request-header>
pub(super) fn has_forbidden_method(value: &[u8]) -> bool {
    // A short value (the usual case) byte by byte: the word scan's set-up
    // costs more than it saves on a few bytes.
    if value.len() <= SHORT {
        has_forbidden_method_bytewise(value)
    } else {
        has_forbidden_method_by_words(value)
    }
}

/// [`has_forbidden_method`] jumping from one `,` or `"` to the next, eight
/// bytes at a time.
fn has_forbidden_method_by_words(value: &[u8]) -> bool {
    let mut rest = value;
    loop {
        let Some(at) = find_comma_or_quote(rest) else {
            return is_forbidden_method_piece(rest);
        };
        let (piece, from) = rest.split_at(at);
        if from.first() == Some(&b',') {
            if is_forbidden_method_piece(piece) {
                return true;
            }
            rest = from.get(1..).unwrap_or_default();
            continue;
        }
        // A `"`: this piece is not a method; skip quoted strings and the
        // bytes between them up to the next `,` outside them.
        let mut quote = from;
        loop {
            let after = quote
                .get(skip_http_quoted_string(quote, 0)..)
                .unwrap_or_default();
            match find_comma_or_quote(after) {
                None => return false,
                Some(at) => {
                    let (_, from) = after.split_at(at);
                    if from.first() == Some(&b',') {
                        rest = from.get(1..).unwrap_or_default();
                        break;
                    }
                    quote = from;
                }
            }
        }
    }
}

/// The longest value [`has_forbidden_method`] scans byte by byte.
const SHORT: usize = 32;

/// [`has_forbidden_method`] in one loop over the bytes: a `,` ends a piece
/// (compared unless it holds a quoted string), a `"` starts a quoted string
/// that is skipped whole.
fn has_forbidden_method_bytewise(value: &[u8]) -> bool {
    let (mut at, mut start, mut quoted) = (0, 0, false);
    while let Some(&b) = value.get(at) {
        match b {
            b'"' => {
                quoted = true;
                at = skip_http_quoted_string(value, at);
                continue;
            }
            b',' => {
                if !quoted && is_forbidden_method_piece(value.get(start..at).unwrap_or_default()) {
                    return true;
                }
                start = at + 1;
                quoted = false;
            }
            _ => {}
        }
        at += 1;
    }
    !quoted && is_forbidden_method_piece(value.get(start..).unwrap_or_default())
}

/// Whether a piece of a split value without `"` is, stripped of tab or
/// space, a forbidden method (`TRACE`, `TRACK`, `CONNECT`,
/// byte-case-insensitively).
#[inline]
fn is_forbidden_method_piece(piece: &[u8]) -> bool {
    // Stripping only shortens: a piece under five bytes is no method.
    if piece.len() < 5 {
        return false;
    }
    let piece = trim_with(piece, is_http_tab_or_space_byte);
    match piece.len() {
        5 => eq_lowercase(piece, b"trace") || eq_lowercase(piece, b"track"),
        7 => eq_lowercase(piece, b"connect"),
        _ => false,
    }
}

/// The index of the first `,` or `"` in `bytes`, looked for eight bytes at
/// a time (a word's bytes equal to a given byte found with the
/// "has zero byte" arithmetic: `(x - 0x01…) & !x & 0x80…` flags a zero
/// byte of `x`, and wrongly flags bytes only after a true zero, so the
/// lowest flag is exact).
#[inline]
fn find_comma_or_quote(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    const COMMAS: u64 = u64::from_le_bytes([b','; 8]);
    const QUOTES: u64 = u64::from_le_bytes([b'"'; 8]);
    let zero_bytes = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let flags = zero_bytes(w ^ COMMAS) | zero_bytes(w ^ QUOTES);
        if flags != 0 {
            // The lowest flag is the first such byte (little-endian).
            return Some(offset + (flags.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    let rest = chunks.remainder();
    if rest.is_empty() {
        return None;
    }
    // The last eight bytes, overlapping the ones already scanned (which
    // hold no `,` or `"`, so their flags are dropped and no borrow comes
    // from them), or byte by byte in a value under eight bytes.
    let Some(last) = bytes.len().checked_sub(8).and_then(|at| bytes.get(at..)) else {
        return rest.iter().position(|&b| b == b',' || b == b'"');
    };
    let mut word = [0; 8];
    word.copy_from_slice(last);
    let w = u64::from_le_bytes(word);
    let seen = 8 * (8 - rest.len());
    let flags = (zero_bytes(w ^ COMMAS) | zero_bytes(w ^ QUOTES)) >> seen;
    (flags != 0).then(|| offset + (flags.trailing_zeros() / 8) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dispatcher and both of its scans.
    const SCANS: [fn(&[u8]) -> bool; 3] = [
        has_forbidden_method,
        has_forbidden_method_bytewise,
        has_forbidden_method_by_words,
    ];

    #[test]
    fn forbidden_method_scan_is_split_then_compare() {
        let pieces = [
            "",
            " ",
            "GET",
            "trace",
            "TRACE",
            " TrAcK\t",
            "connect",
            "CONNECT ",
            "TRACE2",
            "TRAC",
            "\"TRACE\"",
            "\"a,TRACE\"",
            "x\"TRACE",
            "\"x\\\"\", TRACE",
            "\"x",
            "TRACE\"",
            "\\",
            "tra ce",
            "\x0btrace",
            "trace\r",
        ];
        for a in pieces {
            for b in pieces {
                for c in ["", ",", ", ", ",\t"] {
                    let value = format!("{a}{c}{b}");
                    let by_split = crate::http::headers::split_header_value(value.as_bytes())
                        .any(crate::http::method::is_forbidden_method_bytes);
                    for scan in SCANS {
                        assert_eq!(scan(value.as_bytes()), by_split, "{value:?}");
                    }
                }
            }
        }
    }

    /// The standard's way: "get, decode, and split" into strings, then
    /// "is a forbidden method" on each.
    fn forbidden_method_by_the_standard(value: &[u8]) -> bool {
        crate::http::headers::get_decode_split_value(value)
            .iter()
            .any(|m| crate::http::method::is_forbidden_method(m))
    }

    #[test]
    fn forbidden_method_table() {
        // (value, has a forbidden method): the fast path (no `"`) and the
        // quoted-string path.
        let table: [(&[u8], bool); 34] = [
            (b"", false),
            (b"GET", false),
            (b"TRACE", true),
            (b"trace", true),
            (b"TrAcK", true),
            (b"connect", true),
            (b"CONNECT", true),
            (b"GET,TRACE", true),
            (b"GET, \t TRACE \t ", true),
            (b",,,TRACE,,", true),
            (b",,, ,", false),
            (b"TRACES", false),
            (b"TRAC", false),
            (b"TRA CE", false),
            (b"\x0bTRACE", false),
            (b"TRACE\r", false),
            (
                b"GET, POST, PUT, DELETE, PATCH, OPTIONS, HEAD, CONNECT",
                true,
            ),
            (
                b"GET, POST, PUT, DELETE, PATCH, OPTIONS, HEAD, CONNECTS",
                false,
            ),
            (b"GET, \"x\", TRACE", true),
            (b"\"TRACE\"", false),
            (b"\"a,TRACE\"", false),
            (b"\"a,\", TRACE", true),
            (b"\"a\\\",TRACE\"", false),
            (b"\"a\\\",TRACE\", connect", true),
            (b"x\"y\"z,track", true),
            (b"x\"y,z\",track", true),
            (b"x\"y,z,track", false),
            (b"TRACE\"", false),
            (b"\"", false),
            (b"\\,TRACE", true),
            (b"0123456789abcdef, TRACE", true),
            (b"0123456789abcdef\"01234567,\"TRACE,trace", true),
            (
                b"a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z,0,1,2,3,4,TRACE",
                true,
            ),
            (
                b"a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z,0,1,2,3,4,\"TRACE",
                false,
            ),
        ];
        for (value, expected) in table {
            let shown = String::from_utf8_lossy(value);
            for scan in SCANS {
                assert_eq!(scan(value), expected, "{shown:?}");
            }
            assert_eq!(
                forbidden_method_by_the_standard(value),
                expected,
                "the standard, {shown:?}"
            );
        }
    }

    #[test]
    fn forbidden_method_agrees_with_get_decode_split_exhaustively() {
        // Every sequence of up to four of these tokens, so that commas,
        // quotes and escapes fall on both sides of the eight-byte words.
        let tokens: [&str; 11] = [
            "", ",", "\"", "\\", " ", "\t", "x", "TRACE", "track", "CoNnEcT", "abcdefg",
        ];
        let n = tokens.len();
        for i in 0..n * n * n * n {
            let value: String = [i % n, i / n % n, i / (n * n) % n, i / (n * n * n)]
                .iter()
                .filter_map(|&t| tokens.get(t).copied())
                .collect();
            let bytes = value.as_bytes();
            let expected = forbidden_method_by_the_standard(bytes);
            for scan in SCANS {
                assert_eq!(scan(bytes), expected, "{value:?}");
            }
            // The same pieces after forty others.
            let long = format!("{}{value}", "a,".repeat(40));
            let expected = forbidden_method_by_the_standard(long.as_bytes());
            for scan in SCANS {
                assert_eq!(scan(long.as_bytes()), expected, "{long:?}");
            }
            let found = find_comma_or_quote(bytes);
            let expected = bytes.iter().position(|&b| b == b',' || b == b'"');
            assert_eq!(found, expected, "{value:?}");
        }
    }
}
