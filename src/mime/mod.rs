//! MIME types as the MIME Sniffing standard defines them: the record, its
//! parser and serializer, and the MIME type groups that Fetch and Opaque
//! Response Blocking ask about.
//!
//! <https://mimesniff.spec.whatwg.org/#understanding-mime-types>
//!
//! This module knows nothing of headers: Fetch's "extract a MIME type" lives
//! in [`crate::http::headers::extract_mime_type`], one floor up.

pub mod sniff;

use std::fmt;

/// A MIME type record: type and subtype (ASCII lowercase, non-empty
/// tokens) and parameters in insertion order (names ASCII lowercase and
/// unique, values limited to HTTP quoted-string token code points).
///
/// <https://mimesniff.spec.whatwg.org/#mime-type>
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MimeType {
    type_: String,
    subtype: String,
    parameters: Vec<(String, String)>,
}

/// Whether `b` is a `tchar` of HTTP's `token` production
/// (<https://httpwg.org/specs/rfc9110.html#tokens>).
///
/// MIME Sniffing's "HTTP token code point" is the same set
/// (<https://mimesniff.spec.whatwg.org/#http-token-code-point>); methods and
/// header names, on the `http` floor above, use it too.
pub(crate) const fn is_tchar(b: u8) -> bool {
    TCHAR[b as usize]
}

/// `tchar` as a byte table: one load per byte on the hot path.
const TCHAR: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(
            b as u8,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'-'
                | b'.'
                | b'^'
                | b'_'
                | b'`'
                | b'|'
                | b'~'
                | b'0'..=b'9'
                | b'A'..=b'Z'
                | b'a'..=b'z'
        );
        b += 1;
    }
    table
};

/// Whether `s` solely contains HTTP token code points. Works on the UTF-8
/// encoding: a non-ASCII code point is never a token code point, and each of
/// its bytes is >= 0x80, which is not a token byte either.
fn is_http_token(s: &[u8]) -> bool {
    s.iter().all(|&b| is_tchar(b))
}

/// An HTTP quoted-string token code point: U+0009, U+0020 to U+007E, or
/// U+0080 to U+00FF.
///
/// <https://mimesniff.spec.whatwg.org/#http-quoted-string-token-code-point>
fn is_http_quoted_string_token_code_point(c: char) -> bool {
    matches!(c, '\t' | ' '..='~' | '\u{80}'..='\u{ff}')
}

/// HTTP whitespace: LF, CR, TAB or SPACE.
/// <https://fetch.spec.whatwg.org/#http-whitespace>
const fn is_http_whitespace_byte(b: u8) -> bool {
    matches!(b, b'\n' | b'\r' | b'\t' | b' ')
}

fn trim_http_whitespace(s: &[u8]) -> &[u8] {
    trim_end_http_whitespace(trim_start_http_whitespace(s))
}

fn trim_start_http_whitespace(s: &[u8]) -> &[u8] {
    let start = s
        .iter()
        .position(|&b| !is_http_whitespace_byte(b))
        .unwrap_or(s.len());
    s.get(start..).unwrap_or_default()
}

fn trim_end_http_whitespace(s: &[u8]) -> &[u8] {
    let end = s
        .iter()
        .rposition(|&b| !is_http_whitespace_byte(b))
        .map_or(0, |i| i + 1);
    s.get(..end).unwrap_or_default()
}

/// The type and subtype part of "parse a MIME type" (steps 1 to 9), on the
/// UTF-8 bytes of a string or on the bytes of a header value (whose
/// isomorphic decoding maps each byte to one code point, with the same
/// verdict for every byte since all delimiters and token code points are
/// ASCII).
///
/// Returns the type and subtype as written (not lowercased) and the rest
/// of the input, which starts with `;` or is empty. The parameters never
/// make parsing fail, so this alone decides failure. Allocation-free.
///
/// <https://mimesniff.spec.whatwg.org/#parse-a-mime-type>
pub(crate) fn parse_type_and_subtype(input: &[u8]) -> Option<(&[u8], &[u8], &[u8])> {
    let input = trim_http_whitespace(input);
    let slash = input.iter().position(|&b| b == b'/')?;
    let type_ = input.get(..slash)?;
    if type_.is_empty() || !is_http_token(type_) {
        return None;
    }
    let after_slash = input.get(slash + 1..)?;
    let semicolon = after_slash
        .iter()
        .position(|&b| b == b';')
        .unwrap_or(after_slash.len());
    let subtype = trim_end_http_whitespace(after_slash.get(..semicolon)?);
    if subtype.is_empty() || !is_http_token(subtype) {
        return None;
    }
    Some((type_, subtype, after_slash.get(semicolon..)?))
}

/// Collects an HTTP quoted string with `extract-value` true, from `input`
/// starting at byte offset `position` (which points at `"`). Returns the
/// unescaped value and the offset just past what was consumed.
///
/// <https://fetch.spec.whatwg.org/#collect-an-http-quoted-string>
fn collect_http_quoted_string_value(input: &str, mut position: usize) -> (String, usize) {
    let mut value = String::new();
    // Skip the opening quote.
    position += 1;
    loop {
        let rest = input.get(position..).unwrap_or_default();
        let run = rest.find(['"', '\\']).unwrap_or(rest.len());
        value.push_str(rest.get(..run).unwrap_or_default());
        position += run;
        let Some(quote_or_backslash) = input.as_bytes().get(position).copied() else {
            break;
        };
        position += 1;
        if quote_or_backslash == b'\\' {
            match input.get(position..).and_then(|r| r.chars().next()) {
                None => {
                    value.push('\\');
                    break;
                }
                Some(c) => {
                    value.push(c);
                    position += c.len_utf8();
                }
            }
        } else {
            break;
        }
    }
    (value, position)
}

impl MimeType {
    /// Parses a MIME type from a string; `None` is the standard's failure.
    ///
    /// <https://mimesniff.spec.whatwg.org/#parse-a-mime-type>
    pub fn parse(input: &str) -> Option<MimeType> {
        let (type_, subtype, rest) = parse_type_and_subtype(input.as_bytes())?;
        let mut mime = MimeType {
            type_: String::from_utf8_lossy(type_).to_ascii_lowercase(),
            subtype: String::from_utf8_lossy(subtype).to_ascii_lowercase(),
            parameters: Vec::new(),
        };
        // `rest` is a suffix of the trimmed input, which is a substring of
        // `input`; re-slice the string at the same (ASCII) boundary.
        let trimmed = trim_http_whitespace(input.as_bytes());
        let trimmed_start = input.len() - trim_start_http_whitespace(input.as_bytes()).len();
        let rest_start = trimmed_start + (trimmed.len() - rest.len());
        let input = input
            .get(rest_start..trimmed_start + trimmed.len())
            .unwrap_or_default();
        mime.parse_parameters(input);
        Some(mime)
    }

    /// Step 11 of "parse a MIME type": the parameter loop, over `input`
    /// which is empty or starts with `;`.
    fn parse_parameters(&mut self, input: &str) {
        let bytes = input.as_bytes();
        let mut position = 0;
        let until = |from: usize, stop: &[u8]| {
            bytes
                .get(from..)
                .unwrap_or_default()
                .iter()
                .position(|b| stop.contains(b))
                .map_or(bytes.len(), |i| from + i)
        };
        while position < bytes.len() {
            // Skip past `;`.
            position += 1;
            while bytes
                .get(position)
                .is_some_and(|&b| is_http_whitespace_byte(b))
            {
                position += 1;
            }
            let name_end = until(position, b";=");
            let name = input
                .get(position..name_end)
                .unwrap_or_default()
                .to_ascii_lowercase();
            position = name_end;
            if let Some(&b) = bytes.get(position) {
                if b == b';' {
                    continue;
                }
                // Skip past `=`.
                position += 1;
            }
            if position >= bytes.len() {
                break;
            }
            let value = if bytes.get(position) == Some(&b'"') {
                let (value, after) = collect_http_quoted_string_value(input, position);
                // Anything between the closing quote and `;` is dropped.
                position = until(after, b";");
                value
            } else {
                let value_end = until(position, b";");
                let raw = input.get(position..value_end).unwrap_or_default();
                position = value_end;
                let value = raw.trim_end_matches(['\t', '\n', '\r', ' ']);
                if value.is_empty() {
                    continue;
                }
                value.to_owned()
            };
            if !name.is_empty()
                && is_http_token(name.as_bytes())
                && value.chars().all(is_http_quoted_string_token_code_point)
                && self.parameter(&name).is_none()
            {
                self.parameters.push((name, value));
            }
        }
    }

    /// Parses a MIME type from bytes, isomorphic decoding them first (each
    /// byte becomes the code point of the same value).
    ///
    /// <https://mimesniff.spec.whatwg.org/#parse-a-mime-type-from-bytes>
    pub fn parse_bytes(input: &[u8]) -> Option<MimeType> {
        // Fail before allocating when type or subtype is invalid.
        parse_type_and_subtype(input)?;
        // ASCII decodes to itself: skip the copy.
        match std::str::from_utf8(input) {
            Ok(ascii) if input.is_ascii() => Self::parse(ascii),
            _ => Self::parse(&isomorphic_decode(input)),
        }
    }

    /// The essence: `type/subtype`.
    ///
    /// <https://mimesniff.spec.whatwg.org/#mime-type-essence>
    pub fn essence(&self) -> String {
        format!("{}/{}", self.type_, self.subtype)
    }

    /// Whether the essence equals `essence` (which must be lowercase),
    /// without allocating.
    pub fn essence_is(&self, essence: &str) -> bool {
        essence
            .split_once('/')
            .is_some_and(|(t, s)| t == self.type_ && s == self.subtype)
    }

    /// The type, ASCII lowercase. <https://mimesniff.spec.whatwg.org/#type>
    pub fn type_(&self) -> &str {
        &self.type_
    }

    /// The subtype, ASCII lowercase. <https://mimesniff.spec.whatwg.org/#subtype>
    pub fn subtype(&self) -> &str {
        &self.subtype
    }

    /// The value of parameter `name` (compared ASCII case-insensitively, as
    /// stored names are lowercase).
    /// <https://mimesniff.spec.whatwg.org/#parameters>
    pub fn parameter(&self, name: &str) -> Option<&str> {
        self.parameters
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The parameters, in order.
    pub fn parameters(&self) -> impl Iterator<Item = (&str, &str)> {
        self.parameters
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// Sets parameter `name` (lowercased) to `value`, in place when it
    /// exists, at the end otherwise (an ordered map's "set"). Used by
    /// "extract a MIME type" to carry a `charset` over.
    pub fn set_parameter(&mut self, name: &str, value: &str) {
        let name = name.to_ascii_lowercase();
        match self.parameters.iter_mut().find(|(n, _)| *n == name) {
            Some((_, v)) => value.clone_into(v),
            None => self.parameters.push((name, value.to_owned())),
        }
    }

    /// Serializes the MIME type: parameter values that are empty or not
    /// tokens are quoted, with `"` and `\` escaped.
    ///
    /// <https://mimesniff.spec.whatwg.org/#serialize-a-mime-type>
    pub fn serialize(&self) -> String {
        let mut out = self.essence();
        for (name, value) in &self.parameters {
            out.push(';');
            out.push_str(name);
            out.push('=');
            if value.is_empty() || !is_http_token(value.as_bytes()) {
                out.push('"');
                for c in value.chars() {
                    if c == '"' || c == '\\' {
                        out.push('\\');
                    }
                    out.push(c);
                }
                out.push('"');
            } else {
                out.push_str(value);
            }
        }
        out
    }

    /// Serializes to bytes (isomorphic encoding: every code point of a
    /// serialization is below U+0100).
    ///
    /// <https://mimesniff.spec.whatwg.org/#serialize-a-mime-type-to-bytes>
    pub fn serialize_bytes(&self) -> Vec<u8> {
        // Parameter values are limited to code points <= U+00FF, so each
        // fits in one byte.
        self.serialize()
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
            .collect()
    }

    /// An image MIME type: type `image`.
    /// <https://mimesniff.spec.whatwg.org/#image-mime-type>
    pub fn is_image_mime_type(&self) -> bool {
        self.type_ == "image"
    }

    /// An audio or video MIME type: type `audio` or `video`, or essence
    /// `application/ogg`.
    /// <https://mimesniff.spec.whatwg.org/#audio-or-video-mime-type>
    pub fn is_audio_or_video_mime_type(&self) -> bool {
        self.type_ == "audio" || self.type_ == "video" || self.essence_is("application/ogg")
    }

    /// A font MIME type: type `font`, or one of the legacy `application/`
    /// font essences.
    /// <https://mimesniff.spec.whatwg.org/#font-mime-type>
    pub fn is_font_mime_type(&self) -> bool {
        self.type_ == "font"
            || (self.type_ == "application"
                && matches!(
                    self.subtype.as_str(),
                    "font-cff"
                        | "font-otf"
                        | "font-sfnt"
                        | "font-ttf"
                        | "font-woff"
                        | "vnd.ms-fontobject"
                        | "vnd.ms-opentype"
                ))
    }

    /// A ZIP-based MIME type: subtype ending in `+zip`, or `application/zip`.
    /// <https://mimesniff.spec.whatwg.org/#zip-based-mime-type>
    pub fn is_zip_based_mime_type(&self) -> bool {
        self.subtype.ends_with("+zip") || self.essence_is("application/zip")
    }

    /// An archive MIME type.
    /// <https://mimesniff.spec.whatwg.org/#archive-mime-type>
    pub fn is_archive_mime_type(&self) -> bool {
        self.type_ == "application"
            && matches!(self.subtype.as_str(), "x-rar-compressed" | "zip" | "x-gzip")
    }

    /// An XML MIME type: subtype ending in `+xml`, or `text/xml` or
    /// `application/xml`.
    /// <https://mimesniff.spec.whatwg.org/#xml-mime-type>
    pub fn is_xml_mime_type(&self) -> bool {
        self.subtype.ends_with("+xml")
            || self.essence_is("text/xml")
            || self.essence_is("application/xml")
    }

    /// An HTML MIME type: `text/html`.
    /// <https://mimesniff.spec.whatwg.org/#html-mime-type>
    pub fn is_html_mime_type(&self) -> bool {
        self.essence_is("text/html")
    }

    /// A scriptable MIME type: XML, HTML, or `application/pdf`.
    /// <https://mimesniff.spec.whatwg.org/#scriptable-mime-type>
    pub fn is_scriptable_mime_type(&self) -> bool {
        self.is_xml_mime_type() || self.is_html_mime_type() || self.essence_is("application/pdf")
    }

    /// A JavaScript MIME type: one of sixteen legacy and current essences.
    /// <https://mimesniff.spec.whatwg.org/#javascript-mime-type>
    pub fn is_javascript_mime_type(&self) -> bool {
        is_javascript_essence(&self.type_, &self.subtype)
    }

    /// A JSON MIME type: subtype ending in `+json`, or `application/json` or
    /// `text/json`.
    /// <https://mimesniff.spec.whatwg.org/#json-mime-type>
    pub fn is_json_mime_type(&self) -> bool {
        self.subtype.ends_with("+json")
            || self.essence_is("application/json")
            || self.essence_is("text/json")
    }
}

impl fmt::Display for MimeType {
    /// Writes the serialization.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.serialize())
    }
}

/// Whether `type_/subtype` (lowercase) is a JavaScript MIME type essence.
fn is_javascript_essence(type_: &str, subtype: &str) -> bool {
    match type_ {
        "application" => matches!(
            subtype,
            "ecmascript" | "javascript" | "x-ecmascript" | "x-javascript"
        ),
        "text" => matches!(
            subtype,
            "ecmascript"
                | "javascript"
                | "javascript1.0"
                | "javascript1.1"
                | "javascript1.2"
                | "javascript1.3"
                | "javascript1.4"
                | "javascript1.5"
                | "jscript"
                | "livescript"
                | "x-ecmascript"
                | "x-javascript"
        ),
        _ => false,
    }
}

/// Whether `s` is an ASCII case-insensitive match for a JavaScript MIME type
/// essence (the hook HTML's `<script type>` uses).
///
/// <https://mimesniff.spec.whatwg.org/#javascript-mime-type-essence-match>
pub fn is_javascript_mime_type_essence_match(s: &str) -> bool {
    s.split_once('/').is_some_and(|(t, st)| {
        // The essences are short; a stack buffer would avoid this
        // allocation but this hook is not on a hot path.
        is_javascript_essence(&t.to_ascii_lowercase(), &st.to_ascii_lowercase())
    })
}

/// Isomorphic decode: each byte becomes the code point of the same value.
/// <https://infra.spec.whatwg.org/#isomorphic-decode>
pub(crate) fn isomorphic_decode(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_garbage_after_quoted_value_is_dropped() {
        let m = MimeType::parse("text/html;charset=\"shift_jis\"iso-2022-jp").unwrap();
        assert_eq!(m.serialize(), "text/html;charset=shift_jis");
    }

    #[test]
    fn bytes_are_isomorphic_decoded() {
        let m = MimeType::parse_bytes(b"text/plain;x=\xff").unwrap();
        assert_eq!(m.parameter("x"), Some("\u{ff}"));
        assert_eq!(m.serialize_bytes(), b"text/plain;x=\"\xff\"");
    }
}
