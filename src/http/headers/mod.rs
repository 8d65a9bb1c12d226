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

mod method_override;
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
///
/// Storage: every name and value lives in one byte buffer, each header being
/// two ranges of it, so a list costs two allocations however many headers
/// it holds, and cloning one copies two buffers. Headers of one name share
/// the first one's name bytes (the standard's casing rule). A removed or
/// replaced header leaves its bytes behind until they are more than half of
/// the buffer; then the buffer is rebuilt (within the same linear pass).
#[derive(Clone, Default)]
pub struct HeaderList {
    /// Every name and value, back to back.
    bytes: Vec<u8>,
    /// Each header's name and value as ranges of `bytes`, in list order.
    entries: Vec<Entry>,
    /// About how many bytes of `bytes` no entry refers to (an upper bound:
    /// shared names count once per header removed).
    unused: usize,
}

/// One header: its name and value as `start..end` ranges of
/// [`HeaderList::bytes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    name: (usize, usize),
    value: (usize, usize),
}

impl Entry {
    const EMPTY: Entry = Entry {
        name: (0, 0),
        value: (0, 0),
    };

    fn len(&self) -> usize {
        (self.name.1 - self.name.0) + (self.value.1 - self.value.0)
    }
}

impl PartialEq for HeaderList {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for HeaderList {}

impl std::fmt::Debug for HeaderList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        struct Pairs<'a>(&'a HeaderList);
        impl std::fmt::Debug for Pairs<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_list().entries(self.0.iter()).finish()
            }
        }
        f.debug_struct("HeaderList")
            .field("headers", &Pairs(self))
            .finish()
    }
}

impl HeaderList {
    /// An empty header list, « ».
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty header list with room for `headers` headers whose names and
    /// values take `bytes` bytes in all, so that filling it does not regrow.
    pub fn with_capacity(headers: usize, bytes: usize) -> Self {
        HeaderList {
            bytes: Vec::with_capacity(bytes),
            entries: Vec::with_capacity(headers),
            unused: 0,
        }
    }

    /// A copy of this list with room for `extra` more headers: a request's
    /// list grows by a few headers per hop, and one reservation saves the
    /// regrowth.
    pub fn clone_with_room(&self, extra: usize) -> Self {
        // Room for typical names and values of the headers to come.
        const BYTES_PER_HEADER: usize = 48;
        let mut bytes = Vec::with_capacity(
            self.bytes.len() - self.unused.min(self.bytes.len()) + extra * BYTES_PER_HEADER,
        );
        let mut entries = Vec::with_capacity(self.entries.len() + extra);
        if self.unused == 0 {
            bytes.extend_from_slice(&self.bytes);
            entries.extend_from_slice(&self.entries);
        } else {
            for entry in &self.entries {
                let name = push_bytes(&mut bytes, self.slice(entry.name));
                let value = push_bytes(&mut bytes, self.slice(entry.value));
                entries.push(Entry { name, value });
            }
        }
        HeaderList {
            bytes,
            entries,
            unused: 0,
        }
    }

    fn slice(&self, (start, end): (usize, usize)) -> &[u8] {
        self.bytes.get(start..end).unwrap_or_default()
    }

    fn name_of(&self, entry: &Entry) -> &[u8] {
        self.slice(entry.name)
    }

    /// The index of the first header named `name`.
    fn position(&self, name: &[u8]) -> Option<usize> {
        self.entries
            .iter()
            .position(|e| self.name_of(e).eq_ignore_ascii_case(name))
    }

    /// Rebuilds the buffer once more than half of it is unused.
    fn maybe_compact(&mut self) {
        if self.unused <= self.bytes.len() / 2 {
            return;
        }
        let used: usize = self.entries.iter().map(Entry::len).sum();
        let mut bytes = Vec::with_capacity(used);
        for entry in &mut self.entries {
            let name = self
                .bytes
                .get(entry.name.0..entry.name.1)
                .unwrap_or_default();
            entry.name = push_bytes(&mut bytes, name);
            let value = self
                .bytes
                .get(entry.value.0..entry.value.1)
                .unwrap_or_default();
            entry.value = push_bytes(&mut bytes, value);
        }
        self.bytes = bytes;
        self.unused = 0;
    }

    /// The number of headers (duplicates counted).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the list has no header.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The headers in order, names as stored.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            list: self,
            entries: self.entries.iter(),
        }
    }

    /// The values of headers named `name` (byte-case-insensitively), in
    /// order.
    pub fn values<'a, 'n>(
        &'a self,
        name: &'n [u8],
    ) -> impl Iterator<Item = &'a [u8]> + use<'a, 'n> {
        self.iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// Whether a header's name is a byte-case-insensitive match for `name`.
    ///
    /// <https://fetch.spec.whatwg.org/#header-list-contains>
    pub fn contains(&self, name: &[u8]) -> bool {
        self.position(name).is_some()
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
        self.append_concat(name, &[value]);
    }

    /// [`HeaderList::append`] of a value given in pieces, without building
    /// it first.
    pub(crate) fn append_concat(&mut self, name: &[u8], value: &[&[u8]]) {
        let name = match self.position(name).and_then(|i| self.entries.get(i)) {
            Some(first) => first.name,
            None => push_bytes(&mut self.bytes, name),
        };
        let start = self.bytes.len();
        for piece in value {
            self.bytes.extend_from_slice(piece);
        }
        let value = (start, self.bytes.len());
        self.entries.push(Entry { name, value });
    }

    /// Appends every (`name`, `value`) in order, as [`HeaderList::append`]
    /// does one by one, in linear time: each name's casing is looked up in a
    /// map instead of by scanning the list.
    pub fn append_all<'a>(&mut self, headers: impl IntoIterator<Item = (&'a [u8], &'a [u8])>) {
        let mut casing: std::collections::HashMap<Vec<u8>, (usize, usize)> =
            std::collections::HashMap::new();
        for entry in &self.entries {
            casing
                .entry(self.name_of(entry).to_ascii_lowercase())
                .or_insert(entry.name);
        }
        for (name, value) in headers {
            let name = match casing.entry(name.to_ascii_lowercase()) {
                std::collections::hash_map::Entry::Occupied(first) => *first.get(),
                std::collections::hash_map::Entry::Vacant(slot) => {
                    *slot.insert(push_bytes(&mut self.bytes, name))
                }
            };
            let value = push_bytes(&mut self.bytes, value);
            self.entries.push(Entry { name, value });
        }
    }

    /// Appends (`name`, `value`) exactly as given, without reusing an
    /// existing name's casing: a list as it came off the network.
    pub fn push_raw(&mut self, name: &[u8], value: &[u8]) {
        let name = push_bytes(&mut self.bytes, name);
        let value = push_bytes(&mut self.bytes, value);
        self.entries.push(Entry { name, value });
    }

    /// Removes every header named `name`.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-delete>
    pub fn delete(&mut self, name: &[u8]) {
        let bytes = &self.bytes;
        let mut removed = 0;
        self.entries.retain(|e| {
            let matches = bytes
                .get(e.name.0..e.name.1)
                .unwrap_or_default()
                .eq_ignore_ascii_case(name);
            if matches {
                removed += e.len();
            }
            !matches
        });
        self.unused += removed;
        self.maybe_compact();
    }

    /// Sets (`name`, `value`): replaces the first such header's value and
    /// removes the others, or appends when absent.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-set>
    pub fn set(&mut self, name: &[u8], value: &[u8]) {
        let Some(first) = self.position(name) else {
            self.push_raw(name, value);
            return;
        };
        let new_value = push_bytes(&mut self.bytes, value);
        let bytes = &self.bytes;
        let mut removed = 0;
        let mut index = 0;
        self.entries.retain_mut(|e| {
            let keep = if index == first {
                removed += e.value.1 - e.value.0;
                e.value = new_value;
                true
            } else {
                let matches = bytes
                    .get(e.name.0..e.name.1)
                    .unwrap_or_default()
                    .eq_ignore_ascii_case(name);
                if matches {
                    removed += e.len();
                }
                !matches
            };
            index += 1;
            keep
        });
        self.unused += removed;
        self.maybe_compact();
    }

    /// Combines (`name`, `value`): appends `, ` and `value` to the first
    /// such header's value, or appends the header when absent.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-combine>
    pub fn combine(&mut self, name: &[u8], value: &[u8]) {
        let Some(entry) = self.position(name).and_then(|i| self.entries.get_mut(i)) else {
            self.push_raw(name, value);
            return;
        };
        if entry.value.1 != self.bytes.len() {
            // Move the value to the end, where it can grow in place.
            let (start, end) = entry.value;
            let moved = self.bytes.len();
            self.bytes.extend_from_within(start..end);
            self.unused += end - start;
            entry.value = (moved, self.bytes.len());
        }
        self.bytes.extend_from_slice(b", ");
        self.bytes.extend_from_slice(value);
        entry.value.1 = self.bytes.len();
        self.maybe_compact();
    }

    /// Sorts and combines: one header per byte-lowercased name, sorted by
    /// byte order, values combined with `, `, except `set-cookie`, whose
    /// headers stay separate (they cannot be combined).
    ///
    /// <https://fetch.spec.whatwg.org/#concept-header-list-sort-and-combine>
    pub fn sort_and_combine(&self) -> HeaderList {
        self.sort_and_combine_where(|_| true)
    }

    /// [`HeaderList::sort_and_combine`] of only the headers whose name
    /// `keep` accepts (`keep` sees the name as listed, so it must compare
    /// byte-case-insensitively): a response filter copies only what it keeps.
    pub fn sort_and_combine_where(&self, keep: impl Fn(&[u8]) -> bool) -> HeaderList {
        // The kept headers' entries, sorted by lowercase name: O(n log n),
        // where a `get` per distinct name would be quadratic. A short list's
        // entries live on the stack; the names and values are copied once,
        // into the result's one buffer.
        const ON_STACK: usize = 16;
        let mut small = [Entry::EMPTY; ON_STACK];
        let mut large = Vec::new();
        let mut bytes = 0;
        let mut kept_entry = |e: &Entry| {
            let kept = keep(self.name_of(e));
            if kept {
                bytes += e.len() + 2;
            }
            kept
        };
        let kept: &mut [Entry] = if self.entries.len() <= ON_STACK {
            let mut n = 0;
            for e in &self.entries {
                if kept_entry(e)
                    && let Some(slot) = small.get_mut(n)
                {
                    *slot = *e;
                    n += 1;
                }
            }
            small.get_mut(..n).unwrap_or_default()
        } else {
            large.extend(self.entries.iter().filter(|e| kept_entry(e)));
            &mut large
        };
        // A stable sort: each name's values stay in list order.
        kept.sort_by(|a, b| {
            let (na, nb) = (self.slice(a.name), self.slice(b.name));
            na.iter()
                .map(u8::to_ascii_lowercase)
                .cmp(nb.iter().map(u8::to_ascii_lowercase))
        });
        let mut out = HeaderList::with_capacity(kept.len(), bytes);
        let mut previous: Option<Entry> = None;
        for &e in kept.iter() {
            let (name, value) = (self.slice(e.name), self.slice(e.value));
            if let Some(last) = previous
                && self.slice(last.name).eq_ignore_ascii_case(name)
                && !name.eq_ignore_ascii_case(b"set-cookie")
                && let Some(combined) = out.entries.last_mut()
            {
                // The value is the last thing in the buffer: extend it.
                out.bytes.extend_from_slice(b", ");
                out.bytes.extend_from_slice(value);
                combined.value.1 = out.bytes.len();
            } else {
                let name = push_bytes(&mut out.bytes, name);
                if let Some(copied) = out.bytes.get_mut(name.0..name.1) {
                    copied.make_ascii_lowercase();
                }
                let value = push_bytes(&mut out.bytes, value);
                out.entries.push(Entry { name, value });
            }
            previous = Some(e);
        }
        out
    }
}

/// The headers of a [`HeaderList`] in order, as `(name, value)`.
#[derive(Clone, Debug)]
pub struct Iter<'a> {
    list: &'a HeaderList,
    entries: std::slice::Iter<'a, Entry>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a [u8], &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let e = self.entries.next()?;
        Some((self.list.slice(e.name), self.list.slice(e.value)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.entries.size_hint()
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        let e = self.entries.next_back()?;
        Some((self.list.slice(e.name), self.list.slice(e.value)))
    }
}

impl<'a> IntoIterator for &'a HeaderList {
    type Item = (&'a [u8], &'a [u8]);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// Appends `b` to `bytes`, returning its range.
fn push_bytes(bytes: &mut Vec<u8>, b: &[u8]) -> (usize, usize) {
    let start = bytes.len();
    bytes.extend_from_slice(b);
    (start, bytes.len())
}

impl<N: AsRef<[u8]>, V: AsRef<[u8]>> FromIterator<(N, V)> for HeaderList {
    /// Collects headers exactly as given (names keep their casing, like a
    /// list received from the network; see [`HeaderList::push_raw`]). Use
    /// [`HeaderList::append`] for the standard's casing reuse.
    fn from_iter<I: IntoIterator<Item = (N, V)>>(iter: I) -> Self {
        let mut list = HeaderList::new();
        list.extend(iter);
        list
    }
}

impl<N: AsRef<[u8]>, V: AsRef<[u8]>> Extend<(N, V)> for HeaderList {
    /// Extends with headers exactly as given, like [`FromIterator`].
    fn extend<I: IntoIterator<Item = (N, V)>>(&mut self, iter: I) {
        // Room for typical names and values.
        const BYTES_PER_HEADER: usize = 32;
        let iter = iter.into_iter();
        let hint = iter.size_hint().0;
        self.entries.reserve(hint);
        self.bytes.reserve(hint * BYTES_PER_HEADER);
        for (n, v) in iter {
            self.push_raw(n.as_ref(), v.as_ref());
        }
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
