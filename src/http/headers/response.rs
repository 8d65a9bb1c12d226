//! Response-header classification and parsing: which response headers
//! script may read, the CORS response headers' list values, the preflight
//! cache lifetime, and the response's MIME type.
//!
//! <https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name>

use super::request::eq_lowercase;
use super::{HeaderList, is_token, split_header_value, trim_with};
use crate::mime::MimeType;

/// Whether `name` is a forbidden response-header name: `Set-Cookie` or
/// `Set-Cookie2`, which script never reads, even when a server lists them in
/// `Access-Control-Expose-Headers`.
///
/// <https://fetch.spec.whatwg.org/#forbidden-response-header-name>
pub fn is_forbidden_response_header_name(name: &[u8]) -> bool {
    name.eq_ignore_ascii_case(b"set-cookie") || name.eq_ignore_ascii_case(b"set-cookie2")
}

/// Whether `name` is a CORS-safelisted response-header name given `list`
/// (the names a server exposed): one of `Cache-Control`,
/// `Content-Language`, `Content-Length`, `Content-Type`, `Expires`,
/// `Last-Modified`, `Pragma`, or an item of `list` that is not a forbidden
/// response-header name. All byte-case-insensitive. A `*` item is matched
/// literally here; the wildcard is the caller's business (it depends on the
/// credentials mode).
///
/// <https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name>
pub fn is_cors_safelisted_response_header_name(name: &[u8], list: &[&[u8]]) -> bool {
    // Cache-Control, Content-Language, Content-Length, Content-Type,
    // Expires, Last-Modified, Pragma, dispatched on the name's length and
    // compared as words: at most two comparisons.
    let always = match name.len() {
        6 => eq_lowercase(name, b"pragma"),
        7 => eq_lowercase(name, b"expires"),
        12 => eq_lowercase(name, b"content-type"),
        13 => eq_lowercase(name, b"cache-control") || eq_lowercase(name, b"last-modified"),
        14 => eq_lowercase(name, b"content-length"),
        16 => eq_lowercase(name, b"content-language"),
        _ => false,
    };
    always
        || list
            .iter()
            .any(|item| name.eq_ignore_ascii_case(item) && !is_forbidden_response_header_name(item))
}

/// The result of "extract header list values".
///
/// <https://fetch.spec.whatwg.org/#extract-header-list-values>
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExtractedValues {
    /// The list does not contain the name (the standard's null).
    Absent,
    /// A header's value does not match the name's ABNF, or a single-valued
    /// header appears more than once. For `Access-Control-Allow-Methods` and
    /// `-Allow-Headers` the engine turns this into a network error.
    Failure,
    /// The values, in order over all headers of that name.
    Values(Vec<Vec<u8>>),
}

/// The ABNF "extract header list values" knows, per header name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Abnf {
    /// `#token` (`#method`, `#field-name`); `at_least_one` for `1#`.
    TokenList { at_least_one: bool },
    /// A single `token` (`method`).
    SingleToken,
    /// A single `delta-seconds` (`1*DIGIT`).
    SingleDeltaSeconds,
    /// No ABNF known: each header's whole value is one value.
    Unknown,
}

fn abnf_for(name: &[u8]) -> Abnf {
    // Dispatched on the length, compared as words.
    match name.len() {
        28 if eq_lowercase(name, b"access-control-allow-methods")
            || eq_lowercase(name, b"access-control-allow-headers") =>
        {
            Abnf::TokenList {
                at_least_one: false,
            }
        }
        29 if eq_lowercase(name, b"access-control-expose-headers") => Abnf::TokenList {
            at_least_one: false,
        },
        30 if eq_lowercase(name, b"access-control-request-headers") => {
            Abnf::TokenList { at_least_one: true }
        }
        29 if eq_lowercase(name, b"access-control-request-method") => Abnf::SingleToken,
        22 if eq_lowercase(name, b"access-control-max-age") => Abnf::SingleDeltaSeconds,
        _ => Abnf::Unknown,
    }
}

/// HTTP's `OWS`: optional space or tab.
fn trim_ows(s: &[u8]) -> &[u8] {
    trim_with(s, super::is_http_tab_or_space_byte)
}

/// Extracts header list values: `Absent` when `list` lacks `name`,
/// `Failure` when any header of that name fails its ABNF (or a single-valued
/// header is repeated), else every value in order.
///
/// The ABNF comes from the CORS protocol's header syntax:
/// `Access-Control-Allow-Methods` (`#method`), `-Allow-Headers` and
/// `-Expose-Headers` (`#field-name`), `Access-Control-Request-Headers`
/// (`1#field-name`), `Access-Control-Request-Method` (`method`) and
/// `Access-Control-Max-Age` (`delta-seconds`). A `#` list follows HTTP's
/// list rule: elements separated by `,` with optional whitespace, empty
/// elements ignored (`a, ,b` is `a`, `b`); one element that is not a token
/// (`"PUT"`, `x y`) fails the whole extraction. For any other name each
/// header's whole value is one value.
///
/// <https://fetch.spec.whatwg.org/#extract-header-list-values>
/// <https://fetch.spec.whatwg.org/#http-new-header-syntax>
pub fn extract_header_list_values(name: &[u8], list: &HeaderList) -> ExtractedValues {
    match extract_header_list_values_borrowed(name, list) {
        BorrowedValues::Absent => ExtractedValues::Absent,
        BorrowedValues::Failure => ExtractedValues::Failure,
        BorrowedValues::Values(values) => {
            ExtractedValues::Values(values.as_slice().iter().map(|v| v.to_vec()).collect())
        }
    }
}

/// [`ExtractedValues`] borrowing from the header list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum BorrowedValues<'a> {
    Absent,
    Failure,
    Values(SmallValues<'a>),
}

/// Borrowed values, the first [`SmallValues::INLINE`] kept inline: a
/// response names few headers in `Access-Control-Expose-Headers`, and
/// collecting them should not allocate.
#[derive(Clone, Debug)]
pub(crate) struct SmallValues<'a> {
    inline: [&'a [u8]; SmallValues::INLINE],
    len: usize,
    /// Every value once there are more than fit inline.
    spilled: Vec<&'a [u8]>,
}

impl<'a> SmallValues<'a> {
    const INLINE: usize = 8;

    fn new() -> Self {
        SmallValues {
            inline: [&[]; SmallValues::INLINE],
            len: 0,
            spilled: Vec::new(),
        }
    }

    fn push(&mut self, value: &'a [u8]) {
        if self.spilled.is_empty()
            && let Some(slot) = self.inline.get_mut(self.len)
        {
            *slot = value;
        } else {
            if self.spilled.is_empty() {
                self.spilled.extend_from_slice(&self.inline);
            }
            self.spilled.push(value);
        }
        self.len += 1;
    }

    fn len(&self) -> usize {
        self.len
    }

    /// The values in order.
    pub(crate) fn as_slice(&self) -> &[&'a [u8]] {
        if self.spilled.is_empty() {
            self.inline.get(..self.len).unwrap_or_default()
        } else {
            &self.spilled
        }
    }
}

impl PartialEq for SmallValues<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for SmallValues<'_> {}

/// [`extract_header_list_values`] with the values borrowed from `list`
/// (slices of its values): no allocation for a few values.
pub(crate) fn extract_header_list_values_borrowed<'a>(
    name: &[u8],
    list: &'a HeaderList,
) -> BorrowedValues<'a> {
    // One pass over the list: absent when nothing matches; a second header
    // of a single-valued name fails as a count would have.
    let abnf = abnf_for(name);
    let single = matches!(abnf, Abnf::SingleToken | Abnf::SingleDeltaSeconds);
    let mut found = false;
    let mut values = SmallValues::new();
    for value in list.values(name) {
        if single && found {
            return BorrowedValues::Failure;
        }
        found = true;
        match abnf {
            Abnf::TokenList { at_least_one } => {
                let before = values.len();
                for element in value.split(|&b| b == b',').map(trim_ows) {
                    if element.is_empty() {
                        continue;
                    }
                    if !is_token(element) {
                        return BorrowedValues::Failure;
                    }
                    values.push(element);
                }
                if at_least_one && values.len() == before {
                    return BorrowedValues::Failure;
                }
            }
            Abnf::SingleToken => {
                let element = trim_ows(value);
                if !is_token(element) {
                    return BorrowedValues::Failure;
                }
                values.push(element);
            }
            Abnf::SingleDeltaSeconds => {
                let element = trim_ows(value);
                if element.is_empty() || !element.iter().all(u8::is_ascii_digit) {
                    return BorrowedValues::Failure;
                }
                values.push(element);
            }
            Abnf::Unknown => values.push(value),
        }
    }
    if !found {
        return BorrowedValues::Absent;
    }
    BorrowedValues::Values(values)
}

/// The `Access-Control-Max-Age` of a preflight response, in seconds, as
/// the CORS-preflight fetch reads it: "extract header list values" with
/// `delta-seconds` (`1*DIGIT`). `None` when absent or on failure (more than
/// one header, empty, a sign, a fraction, any other byte), where the
/// standard uses 5 seconds; the caller applies that default and its
/// imposed limit. A number above `u64::MAX` saturates (HTTP caching says to
/// treat an unrepresentable `delta-seconds` as the largest one
/// representable).
///
/// Notes for browser profiles, not applied here: browsers impose different
/// limits (reported as 7200 s in Chromium, 86400 s in Firefox, 600 s in
/// WebKit), and their parsers may differ on edge cases such as negative
/// values; those belong in profiles with evidence.
///
/// <https://fetch.spec.whatwg.org/#http-access-control-max-age>
/// <https://fetch.spec.whatwg.org/#cors-preflight-fetch>
pub fn parse_access_control_max_age(list: &HeaderList) -> Option<u64> {
    match extract_header_list_values(b"access-control-max-age", list) {
        ExtractedValues::Values(values) => match values.as_slice() {
            [digits] => Some(super::request::saturating_decimal(digits)),
            _ => None,
        },
        ExtractedValues::Absent | ExtractedValues::Failure => None,
    }
}

/// Extracts a MIME type from `list`'s `Content-Type` headers, the forgiving
/// way browsers read responses: of the comma-separated values, the last
/// one that parses (and is not `*/*`) wins; a `charset` seen earlier for
/// the same essence is carried over when the winner has none. `None` is
/// the standard's failure.
///
/// (Request safelisting deliberately does not use this; see
/// [`super::is_cors_safelisted_request_header`].)
///
/// <https://fetch.spec.whatwg.org/#concept-header-extract-mime-type>
pub fn extract_mime_type(list: &HeaderList) -> Option<MimeType> {
    let combined = list.get(b"content-type")?;
    let mut charset: Option<String> = None;
    let mut essence: Option<String> = None;
    let mut mime_type: Option<MimeType> = None;
    for value in split_header_value(&combined) {
        let Some(mut temporary) = MimeType::parse_bytes(value) else {
            continue;
        };
        if temporary.essence_is("*/*") {
            continue;
        }
        let temporary_essence = temporary.essence();
        if essence.as_deref() != Some(temporary_essence.as_str()) {
            charset = temporary.parameter("charset").map(str::to_owned);
            essence = Some(temporary_essence);
        } else if let Some(charset) = &charset
            && temporary.parameter("charset").is_none()
        {
            temporary.set_parameter("charset", charset);
        }
        mime_type = Some(temporary);
    }
    mime_type
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Past the inline capacity the values spill to the heap, in order.
    #[test]
    fn many_values_spill_in_order() {
        for count in [0, 1, 7, 8, 9, 20] {
            let names: Vec<String> = (0..count).map(|i| format!("x-{i}")).collect();
            let list: HeaderList = [("Access-Control-Expose-Headers", names.join(", "))]
                .into_iter()
                .collect();
            let BorrowedValues::Values(values) =
                extract_header_list_values_borrowed(b"access-control-expose-headers", &list)
            else {
                panic!("{count} names: values expected");
            };
            let got: Vec<&[u8]> = values.as_slice().to_vec();
            let want: Vec<&[u8]> = names.iter().map(|n| n.as_bytes()).collect();
            assert_eq!(got, want, "{count} names");
            assert_eq!(values.len(), count);
        }
    }
}
