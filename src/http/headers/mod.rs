//! Headers: the header list and its operations, header name and value
//! validation, and every Fetch table that classifies a request-header or a
//! response-header.
//!
//! <https://fetch.spec.whatwg.org/#terminology-headers>
//!
//! Names and values are bytes, as in the standard. The predicates compare
//! ASCII case-insensitively on slices and never allocate; functions whose
//! answer is new data (the CORS-unsafe names, extracted values) allocate
//! only that answer.
//!
//! - [`request`]: CORS-safelisted, no-CORS-safelisted, privileged, forbidden
//!   request-headers, the CORS-unsafe request-header names, range values.
//! - [`response`]: forbidden and CORS-safelisted response-header names,
//!   "extract header list values", `Access-Control-Max-Age`, "extract a MIME
//!   type".

use std::borrow::Cow;

use crate::mime::is_tchar;
use crate::mime::isomorphic_decode;

pub mod request;
pub mod response;

pub use request::{
    cors_unsafe_request_header_names, is_cors_non_wildcard_request_header_name,
    is_cors_safelisted_request_header, is_cors_unsafe_request_header_byte,
    is_forbidden_request_header, is_no_cors_safelisted_request_header,
    is_no_cors_safelisted_request_header_name, is_privileged_no_cors_request_header_name,
    is_request_body_header_name, parse_single_range_header_value,
};
pub use response::{
    ExtractedValues, extract_header_list_values, extract_mime_type,
    is_cors_safelisted_response_header_name, is_forbidden_response_header_name,
    parse_access_control_max_age,
};

/// Whether `b` matches HTTP's `token` production: one or more `tchar`.
///
/// <https://httpwg.org/specs/rfc9110.html#tokens>
pub fn is_token(b: &[u8]) -> bool {
    !b.is_empty() && b.iter().all(|&c| is_tchar(c))
}

/// Whether `name` is a header name: it matches the `field-name` (`token`)
/// production.
///
/// <https://fetch.spec.whatwg.org/#header-name>
pub fn is_header_name(name: &[u8]) -> bool {
    is_token(name)
}

/// An HTTP tab or space byte: 0x09 or 0x20.
/// <https://fetch.spec.whatwg.org/#http-tab-or-space-byte>
pub(crate) const fn is_http_tab_or_space_byte(b: u8) -> bool {
    matches!(b, b'\t' | b' ')
}

/// An HTTP whitespace byte: 0x0A, 0x0D, 0x09 or 0x20.
/// <https://fetch.spec.whatwg.org/#http-whitespace-byte>
pub(crate) const fn is_http_whitespace_byte(b: u8) -> bool {
    matches!(b, b'\n' | b'\r' | b'\t' | b' ')
}

/// Whether `value` is a header value: no leading or trailing HTTP tab or
/// space byte, and no 0x00, 0x0A or 0x0D anywhere.
///
/// (The standard deliberately does not use HTTP's `field-value`
/// production, which deployed content does not follow.)
///
/// <https://fetch.spec.whatwg.org/#header-value>
pub fn is_header_value(value: &[u8]) -> bool {
    let edges_ok = match (value.first(), value.last()) {
        (Some(&first), Some(&last)) => {
            !is_http_tab_or_space_byte(first) && !is_http_tab_or_space_byte(last)
        }
        _ => true,
    };
    edges_ok && !value.iter().any(|&b| matches!(b, 0 | b'\n' | b'\r'))
}

/// Normalizes a potential header value: removes leading and trailing HTTP
/// whitespace bytes (tab, space, CR, LF). Borrows; never allocates.
///
/// <https://fetch.spec.whatwg.org/#concept-header-value-normalize>
pub fn normalize_header_value(value: &[u8]) -> &[u8] {
    trim_with(value, is_http_whitespace_byte)
}

/// Trims bytes matching `strip` from both ends of `s`.
pub(crate) fn trim_with(s: &[u8], strip: impl Fn(u8) -> bool) -> &[u8] {
    let start = s.iter().position(|&b| !strip(b)).unwrap_or(s.len());
    let end = s.iter().rposition(|&b| !strip(b)).map_or(start, |i| i + 1);
    s.get(start..end).unwrap_or_default()
}

/// The pieces of "get, decode, and split" a header value, as borrowed byte
/// slices of the value, without allocating.
///
/// Each piece is a contiguous run of the value: the algorithm appends
/// unquoted runs and whole quoted strings (quotes and backslashes kept)
/// until an unquoted `,`, then strips HTTP tab or space from both ends.
/// Isomorphic decoding maps each byte to one code point, so working on
/// bytes gives the same pieces.
///
/// <https://fetch.spec.whatwg.org/#header-value-get-decode-and-split>
pub(crate) fn split_header_value(value: &[u8]) -> SplitHeaderValue<'_> {
    SplitHeaderValue {
        value,
        position: 0,
        done: false,
    }
}

/// Iterator returned by [`split_header_value`]; always yields at least one
/// piece (the empty string for an empty value).
pub(crate) struct SplitHeaderValue<'a> {
    value: &'a [u8],
    position: usize,
    done: bool,
}

impl<'a> Iterator for SplitHeaderValue<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        if self.done {
            return None;
        }
        let bytes = self.value;
        let start = self.position;
        let mut position = start;
        loop {
            // Collect code points that are not `"` or `,`.
            while bytes.get(position).is_some_and(|&b| b != b'"' && b != b',') {
                position += 1;
            }
            if bytes.get(position) == Some(&b'"') {
                position = skip_http_quoted_string(bytes, position);
                if position < bytes.len() {
                    continue;
                }
            }
            break;
        }
        let piece = trim_with(
            bytes.get(start..position).unwrap_or_default(),
            is_http_tab_or_space_byte,
        );
        if position >= bytes.len() {
            self.done = true;
        } else {
            // Skip the `,`.
            self.position = position + 1;
        }
        Some(piece)
    }
}

/// "Collect an HTTP quoted string" with `extract-value` false, from a `"`
/// at `position`: returns the position just past the string (the closing
/// quote, or the end of input when unterminated).
///
/// <https://fetch.spec.whatwg.org/#collect-an-http-quoted-string>
fn skip_http_quoted_string(bytes: &[u8], mut position: usize) -> usize {
    position += 1;
    loop {
        while bytes
            .get(position)
            .is_some_and(|&b| b != b'"' && b != b'\\')
        {
            position += 1;
        }
        match bytes.get(position) {
            None => return position,
            Some(b'\\') => {
                // Skip the backslash and the byte it escapes, if any.
                position = (position + 2).min(bytes.len());
            }
            Some(_) => return position + 1,
        }
    }
}

/// "Get, decode, and split" a header value: split on `,` outside quoted
/// strings, strip tab or space, isomorphic decode each piece.
///
/// The standard reserves this for blessed call sites; most callers want
/// [`HeaderList::get_decode_split`].
///
/// <https://fetch.spec.whatwg.org/#header-value-get-decode-and-split>
pub fn get_decode_split_value(value: &[u8]) -> Vec<String> {
    split_header_value(value).map(isomorphic_decode).collect()
}

/// A header list: an ordered list of (name, value) pairs, duplicates
/// allowed, names kept with the casing they were given and compared
/// byte-case-insensitively.
///
/// <https://fetch.spec.whatwg.org/#concept-header-list>
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeaderList {
    headers: Vec<(Vec<u8>, Vec<u8>)>,
}

impl HeaderList {
    /// An empty header list, « ».
    pub fn new() -> Self {
        Self::default()
    }

    /// A copy of this list with room for `extra` more headers: a request's
    /// list grows by a few headers per hop, and one reservation saves the
    /// regrowth.
    pub fn clone_with_room(&self, extra: usize) -> Self {
        let mut headers = Vec::with_capacity(self.headers.len() + extra);
        headers.extend(self.headers.iter().cloned());
        HeaderList { headers }
    }

    /// The number of headers (duplicates counted).
    pub fn len(&self) -> usize {
        self.headers.len()
    }

    /// Whether the list has no header.
    pub fn is_empty(&self) -> bool {
        self.headers.is_empty()
    }

    /// The headers in order, names as stored.
    pub fn iter(&self) -> impl Iterator<Item = (&[u8], &[u8])> {
        self.headers
            .iter()
            .map(|(n, v)| (n.as_slice(), v.as_slice()))
    }

    /// The values of headers named `name` (byte-case-insensitively), in
    /// order.
    pub fn values<'a, 'n>(
        &'a self,
        name: &'n [u8],
    ) -> impl Iterator<Item = &'a [u8]> + use<'a, 'n> {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_slice())
    }

    /// Whether a header's name is a byte-case-insensitive match for `name`.
    ///
    /// <https://fetch.spec.whatwg.org/#header-list-contains>
    pub fn contains(&self, name: &[u8]) -> bool {
        self.headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    /// The number of headers named `name` (byte-case-insensitively); the
    /// engine needs it to reject a duplicated `Access-Control-Allow-Origin`.
    pub fn count(&self, name: &[u8]) -> usize {
        self.values(name).count()
    }

    /// Gets `name`: `None` (null) when absent, else all its values in order
    /// joined by `, ` (0x2C 0x20). Borrowed when there is one value.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-get>
    pub fn get(&self, name: &[u8]) -> Option<Cow<'_, [u8]>> {
        let mut values = self.values(name);
        let first = values.next()?;
        let Some(second) = values.next() else {
            return Some(Cow::Borrowed(first));
        };
        let mut joined = Vec::with_capacity(first.len() + 2 + second.len());
        joined.extend_from_slice(first);
        for value in std::iter::once(second).chain(values) {
            joined.extend_from_slice(b", ");
            joined.extend_from_slice(value);
        }
        Some(Cow::Owned(joined))
    }

    /// Gets, decodes and splits `name`: `None` when absent, else the
    /// combined value split on `,` outside quoted strings.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-get-decode-split>
    pub fn get_decode_split(&self, name: &[u8]) -> Option<Vec<String>> {
        self.get(name).map(|value| get_decode_split_value(&value))
    }

    /// Appends (`name`, `value`). When the list already contains `name`,
    /// the first such header's name casing is reused, so every header of one
    /// name is spelled alike.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-append>
    pub fn append(&mut self, name: &[u8], value: &[u8]) {
        let name = self
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map_or_else(|| name.to_vec(), |(n, _)| n.clone());
        self.headers.push((name, value.to_vec()));
    }

    /// Appends every (`name`, `value`) in order, as [`HeaderList::append`]
    /// does one by one, in linear time: each name's casing is looked up in a
    /// map instead of by scanning the list.
    pub fn append_all<'a>(&mut self, headers: impl IntoIterator<Item = (&'a [u8], &'a [u8])>) {
        let mut casing: std::collections::HashMap<Vec<u8>, usize> =
            std::collections::HashMap::new();
        for (i, (n, _)) in self.headers.iter().enumerate() {
            casing.entry(n.to_ascii_lowercase()).or_insert(i);
        }
        for (name, value) in headers {
            let index = *casing
                .entry(name.to_ascii_lowercase())
                .or_insert(self.headers.len());
            let name = self
                .headers
                .get(index)
                .map_or_else(|| name.to_vec(), |(n, _)| n.clone());
            self.headers.push((name, value.to_vec()));
        }
    }

    /// Appends (`name`, `value`) exactly as given, without reusing an
    /// existing name's casing: a list as it came off the network.
    pub fn push_raw(&mut self, name: &[u8], value: &[u8]) {
        self.headers.push((name.to_vec(), value.to_vec()));
    }

    /// Removes every header named `name`.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-delete>
    pub fn delete(&mut self, name: &[u8]) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    /// Sets (`name`, `value`): replaces the first such header's value and
    /// removes the others, or appends when absent.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-set>
    pub fn set(&mut self, name: &[u8], value: &[u8]) {
        let Some(first) = self
            .headers
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case(name))
        else {
            self.headers.push((name.to_vec(), value.to_vec()));
            return;
        };
        let mut index = 0;
        self.headers.retain_mut(|(n, v)| {
            let keep = if index == first {
                value.clone_into(v);
                true
            } else {
                !n.eq_ignore_ascii_case(name)
            };
            index += 1;
            keep
        });
    }

    /// Combines (`name`, `value`): appends `, ` and `value` to the first
    /// such header's value, or appends the header when absent.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-combine>
    pub fn combine(&mut self, name: &[u8], value: &[u8]) {
        match self
            .headers
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            Some((_, v)) => {
                v.extend_from_slice(b", ");
                v.extend_from_slice(value);
            }
            None => self.headers.push((name.to_vec(), value.to_vec())),
        }
    }

    /// Sorts and combines: one header per byte-lowercased name, sorted by
    /// byte order, values combined with `, `, except `set-cookie`, whose
    /// headers stay separate (they cannot be combined).
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-sort-and-combine>
    pub fn sort_and_combine(&self) -> Vec<(Vec<u8>, Vec<u8>)> {
        self.sort_and_combine_where(|_| true)
    }

    /// [`HeaderList::sort_and_combine`] of only the headers whose name
    /// `keep` accepts (`keep` sees the name as listed, so it must compare
    /// byte-case-insensitively): a response filter copies only what it keeps.
    pub fn sort_and_combine_where(&self, keep: impl Fn(&[u8]) -> bool) -> Vec<(Vec<u8>, Vec<u8>)> {
        // One pass to lowercase, a stable sort (which keeps each name's
        // values in list order), one pass to combine: O(n log n), where a
        // `get` per distinct name would be quadratic.
        let mut entries: Vec<(Vec<u8>, &[u8])> = self
            .headers
            .iter()
            .filter(|(n, _)| keep(n))
            .map(|(n, v)| (n.to_ascii_lowercase(), v.as_slice()))
            .collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out: Vec<(Vec<u8>, Vec<u8>)> = Vec::with_capacity(entries.len());
        for (name, value) in entries {
            match out.last_mut() {
                Some((last, combined)) if *last == name && name != b"set-cookie" => {
                    combined.extend_from_slice(b", ");
                    combined.extend_from_slice(value);
                }
                _ => out.push((name, value.to_vec())),
            }
        }
        out
    }
}

impl<N: AsRef<[u8]>, V: AsRef<[u8]>> FromIterator<(N, V)> for HeaderList {
    /// Collects headers exactly as given (names keep their casing, like a
    /// list received from the network; see [`HeaderList::push_raw`]). Use
    /// [`HeaderList::append`] for the standard's casing reuse.
    fn from_iter<I: IntoIterator<Item = (N, V)>>(iter: I) -> Self {
        HeaderList {
            headers: iter
                .into_iter()
                .map(|(n, v)| (n.as_ref().to_vec(), v.as_ref().to_vec()))
                .collect(),
        }
    }
}

impl<N: AsRef<[u8]>, V: AsRef<[u8]>> Extend<(N, V)> for HeaderList {
    /// Extends with headers exactly as given, like [`FromIterator`].
    fn extend<I: IntoIterator<Item = (N, V)>>(&mut self, iter: I) {
        self.headers.extend(
            iter.into_iter()
                .map(|(n, v)| (n.as_ref().to_vec(), v.as_ref().to_vec())),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_quotes_and_escapes() {
        let pieces: Vec<&[u8]> = split_header_value(br#""a\",b" , c,"#).collect();
        assert_eq!(pieces, [&br#""a\",b""#[..], b"c", b""]);
    }

    #[test]
    fn unterminated_quote_runs_to_end() {
        let pieces: Vec<&[u8]> = split_header_value(br#"text/html;", x/x"#).collect();
        assert_eq!(pieces, [&br#"text/html;", x/x"#[..]]);
    }
}
