//! Opaque-response blocking (ORB): which cross-origin `no-cors` responses
//! may reach the page at all, judged from their MIME type, their status and
//! their first bytes.
//!
//! ORB is not in the Fetch standard yet: it is the proposal of
//! <https://github.com/annevk/orb> (explainer), being upstreamed as
//! <https://github.com/whatwg/fetch/pull/1755> (after
//! <https://github.com/whatwg/fetch/pull/1442>). Names here are the
//! proposal's. Chromium ships "ORB v0.1" (`services/network/orb/`), which
//! departs from it in ways [`OrbPolicy`] lists; Firefox ships it with a full
//! JavaScript parse (`netwerk/protocol/http/OpaqueResponseUtils.cpp`); WebKit
//! does not ship it.
//!
//! The proposal's last step asks whether the body "parses as JavaScript and
//! does not parse as JSON". xorigin parses JSON exactly and approximates
//! "does not parse as JavaScript" with Chromium's sniffers for HTML, XML and
//! JSON parser breakers (`orb_sniffers.cc`): anything else is taken as
//! JavaScript, so allowed.

use serde::Serialize;

use crate::browser::OrbPolicy;
use crate::http::headers::HeaderList;
use crate::http::headers::response::extract_mime_type;
use crate::http::request::{Request, ResponseTainting};
use crate::mime::MimeType;
use crate::mime::sniff::{audio_or_video_type_pattern_matching, image_type_pattern_matching};

/// How many bytes the sniffing steps look at ("wait for 1024 bytes of
/// response or end-of-file").
pub const SNIFF_LEN: usize = 1024;

/// Why ORB let a response through (the step that decided).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrbAllowed {
    /// The browser does not ship ORB.
    Disabled,
    /// The response tainting is not "opaque" (a CORS or same-origin request).
    NotOpaque,
    /// The response's URL is same-origin with the request's origin.
    SameOriginUrl,
    /// An opaque-safelisted MIME type (JavaScript, `text/css`, `image/svg+xml`).
    SafelistedMimeType,
    /// A media MIME type the browser allows without sniffing.
    MediaMimeType,
    /// `text/plain` with `nosniff`, which the browser allows.
    TextPlainNosniff,
    /// The first bytes match an audio or video signature.
    SniffedAsMedia,
    /// The first bytes match an image signature.
    SniffedAsImage,
    /// No MIME type could be extracted.
    MimeTypeFailure,
    /// The body is taken to parse as JavaScript (no HTML, XML or JSON found).
    JavaScript,
}

/// Why ORB blocked a response (the step that decided).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrbBlockReason {
    /// An opaque-blocklisted-never-sniffed MIME type (PDF, ZIP, CSV, ...).
    NeverSniffedMimeType,
    /// A 206 response with an opaque-blocklisted MIME type.
    PartialBlocklisted,
    /// A 206 response that is not the start of the resource (or whose
    /// `Content-Range` is missing or invalid).
    InvalidPartialResponse,
    /// `nosniff` with an opaque-blocklisted MIME type or `text/plain`.
    NosniffBlocklisted,
    /// Audio or video bytes for a request that is not a media element's.
    SniffedAsMedia,
    /// `nosniff` and the bytes are not an image.
    Nosniff,
    /// The status is not an ok status and the bytes are not an image.
    NotOkStatus,
    /// An `audio/`, `image/` or `video/` MIME type whose bytes do not match.
    MediaMimeTypeMismatch,
    /// The first bytes look like HTML.
    SniffedAsHtml,
    /// The first bytes look like XML.
    SniffedAsXml,
    /// The body is JSON, or starts with a JSON parser breaker (`)]}'`, ...).
    SniffedAsJson,
}

/// A response ORB blocked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrbBlocked {
    /// Which step blocked it.
    pub reason: OrbBlockReason,
    /// The extracted MIME type's essence, if any.
    pub mime_type: Option<String>,
    /// The response's status.
    pub status: u16,
    /// Whether `X-Content-Type-Options: nosniff` was present.
    pub nosniff: bool,
}

/// The outcome of the opaque-response-safelist check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "kebab-case")]
pub enum OrbVerdict {
    /// The response reaches the page (still opaque).
    Allowed {
        /// Why.
        because: OrbAllowed,
    },
    /// The response is blocked.
    Blocked(OrbBlocked),
}

impl OrbVerdict {
    /// Whether the response was blocked.
    pub fn is_blocked(&self) -> bool {
        matches!(self, OrbVerdict::Blocked(_))
    }
}

/// A three-way sniffing answer: the bytes so far match, cannot match, or are
/// a prefix of something that would match.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sniffed {
    /// A match.
    Yes,
    /// Not enough bytes to tell.
    Maybe,
    /// No match.
    No,
}

/// An opaque-safelisted MIME type: a JavaScript MIME type, or essence
/// `text/css` or `image/svg+xml`.
/// <https://github.com/annevk/orb#new-mime-type-sets>
pub fn is_opaque_safelisted_mime_type(mime_type: &MimeType) -> bool {
    mime_type.is_javascript_mime_type()
        || mime_type.essence_is("text/css")
        || mime_type.essence_is("image/svg+xml")
}

/// An opaque-blocklisted MIME type: an HTML, JSON or XML MIME type.
/// <https://github.com/annevk/orb#new-mime-type-sets>
pub fn is_opaque_blocklisted_mime_type(mime_type: &MimeType) -> bool {
    mime_type.is_html_mime_type() || mime_type.is_json_mime_type() || mime_type.is_xml_mime_type()
}

/// An opaque-blocklisted-never-sniffed MIME type, from the browser's list.
/// <https://github.com/annevk/orb#new-mime-type-sets>
pub fn is_opaque_blocklisted_never_sniffed_mime_type(
    mime_type: &MimeType,
    policy: &OrbPolicy,
) -> bool {
    policy
        .never_sniffed_mime_types
        .iter()
        .any(|essence| mime_type.essence_is(essence))
}

/// The media types Chromium allows before sniffing (`orb_impl.cc`
/// `IsAudioOrVideoMimeType`): `audio/*`, `video/*`, `application/ogg`, and
/// the DASH, HLS and WebVTT essences.
fn is_media_mime_type(mime_type: &MimeType) -> bool {
    mime_type.is_audio_or_video_mime_type()
        || mime_type.essence_is("application/dash+xml")
        || mime_type.essence_is("application/vnd.apple.mpegurl")
        || mime_type.essence_is("text/vtt")
}

/// Determine nosniff: the first value of `X-Content-Type-Options` is an
/// ASCII case-insensitive match for `nosniff`.
/// <https://fetch.spec.whatwg.org/#determine-nosniff>
pub fn determine_nosniff(list: &HeaderList) -> bool {
    list.get_decode_split(b"x-content-type-options")
        .and_then(|values| values.into_iter().next())
        .is_some_and(|first| first.eq_ignore_ascii_case("nosniff"))
}

/// `data` with its leading ASCII whitespace (space, tab, CR, LF) removed.
fn skip_whitespace(data: &[u8]) -> &[u8] {
    let start = data
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        .unwrap_or(data.len());
    data.get(start..).unwrap_or_default()
}

/// Matches `data` against `signatures`: `Yes` with the rest of `data` when
/// one is a prefix of it, `Maybe` when `data` is a prefix of one.
fn match_signature<'a>(
    data: &'a [u8],
    signatures: &[&[u8]],
    ignore_case: bool,
) -> (Sniffed, &'a [u8]) {
    let eq = |a: &[u8], b: &[u8]| {
        if ignore_case {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    };
    for signature in signatures {
        match data.get(..signature.len()) {
            Some(prefix) if eq(prefix, signature) => {
                return (
                    Sniffed::Yes,
                    data.get(signature.len()..).unwrap_or_default(),
                );
            }
            Some(_) => {}
            None if eq(data, signature.get(..data.len()).unwrap_or_default()) => {
                return (Sniffed::Maybe, data);
            }
            None => {}
        }
    }
    (Sniffed::No, data)
}

/// Skips one HTML comment (`<!-- ... -->`) and the rest of its line (a
/// JavaScript "SingleLineHTMLCloseComment"): `Yes` with the rest, `Maybe`
/// when unterminated, `No` when `data` does not start a comment.
fn skip_html_comment(data: &[u8]) -> (Sniffed, &[u8]) {
    const START: &[u8] = b"<!--";
    if !data.starts_with(START) {
        let maybe = START.starts_with(data);
        return (if maybe { Sniffed::Maybe } else { Sniffed::No }, data);
    }
    let Some(end) = find(data, b"-->", START.len()) else {
        return (Sniffed::Maybe, data);
    };
    let after = end + 3;
    // The next line terminator: LF, CR, U+2028 or U+2029 (UTF-8). The rest
    // starts at it, not after it, as in Chromium's `MaybeSkipHtmlComment`
    // (`services/network/orb/orb_sniffers.cc`): LF and CR are then skipped
    // as whitespace, U+2028 and U+2029 are not, so nothing after them is
    // sniffed.
    let rest = data.get(after..).unwrap_or_default();
    let mut i = 0;
    while i < rest.len() {
        match rest.get(i..) {
            Some([b'\n' | b'\r', ..]) => {
                return (Sniffed::Yes, rest.get(i..).unwrap_or_default());
            }
            Some([0xE2, 0x80, 0xA8 | 0xA9, ..]) => {
                return (Sniffed::Yes, rest.get(i..).unwrap_or_default());
            }
            _ => i += 1,
        }
    }
    (Sniffed::Maybe, data)
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Sniffs for HTML as Chromium's ORB does: after whitespace and HTML
/// comments, one of the HTML tag signatures (`<!doctype html`, `<script`,
/// `<html`, `<head`, `<iframe`, `<h1`, `<div`, `<font`, `<table`, `<a`,
/// `<style`, `<title`, `<b`, `<p`), any case. `<!--` alone is not HTML: it
/// is valid JavaScript.
/// <https://mimesniff.spec.whatwg.org/#rules-for-identifying-an-unknown-mime-type>
pub fn sniff_for_html(data: &[u8]) -> Sniffed {
    const SIGNATURES: &[&[u8]] = &[
        b"<!doctype html",
        b"<script",
        b"<html",
        b"<head",
        b"<iframe",
        b"<h1",
        b"<div",
        b"<font",
        b"<table",
        b"<a",
        b"<style",
        b"<title",
        b"<b",
        b"<p",
    ];
    let mut data = data;
    // Each turn consumes at least one comment: bounded by the input length.
    while !data.is_empty() {
        data = skip_whitespace(data);
        let (found, _) = match_signature(data, SIGNATURES, true);
        if found != Sniffed::No {
            return found;
        }
        match skip_html_comment(data) {
            (Sniffed::Yes, rest) => data = rest,
            (other, _) => return other,
        }
    }
    Sniffed::Maybe
}

/// Sniffs for XML: `<?xml` after whitespace, case-sensitively.
/// <https://mimesniff.spec.whatwg.org/#rules-for-identifying-an-unknown-mime-type>
pub fn sniff_for_xml(data: &[u8]) -> Sniffed {
    match_signature(skip_whitespace(data), &[b"<?xml"], false).0
}

/// Sniffs for a JSON object: `{`, a string literal, then `:` (whitespace
/// allowed between). That sequence is a JavaScript syntax error, so such a
/// body cannot be a script.
pub fn sniff_for_json(data: &[u8]) -> Sniffed {
    #[derive(PartialEq)]
    enum State {
        Start,
        LeftBrace,
        InString,
        Escape,
        RightQuote,
    }
    let mut state = State::Start;
    for &c in data {
        if state != State::InString
            && state != State::Escape
            && matches!(c, b' ' | b'\t' | b'\r' | b'\n')
        {
            continue;
        }
        state = match state {
            State::Start if c == b'{' => State::LeftBrace,
            State::LeftBrace if c == b'"' => State::InString,
            State::InString if c == b'"' => State::RightQuote,
            State::InString if c == b'\\' => State::Escape,
            State::InString | State::Escape => State::InString,
            State::RightQuote if c == b':' => return Sniffed::Yes,
            _ => return Sniffed::No,
        };
    }
    Sniffed::Maybe
}

/// Sniffs for a resource meant only for `fetch()`: a JSON parser breaker
/// prefix (`)]}'`, `{}&&`, `{} &&`, `for(;;);`, `while(1);`, `for (;;);`,
/// `while (1);`), else a JSON object ([`sniff_for_json`]).
pub fn sniff_for_fetch_only_resource(data: &[u8]) -> Sniffed {
    const BREAKERS: &[&[u8]] = &[
        b")]}'",
        b"{}&&",
        b"{} &&",
        b"for(;;);",
        b"while(1);",
        b"for (;;);",
        b"while (1);",
    ];
    match match_signature(data, BREAKERS, false).0 {
        Sniffed::No => sniff_for_json(data),
        found => found,
    }
}

/// Whether `body` parses as JSON ("parse JSON from bytes": UTF-8 decode,
/// BOM removed, then a JSON text).
/// <https://infra.spec.whatwg.org/#parse-json-bytes-to-a-javascript-value>
pub fn parses_as_json(body: &[u8]) -> bool {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok()
}

/// The sniffers on the first bytes: HTML, then XML, then JSON and parser
/// breakers. `None` when none says yes.
fn sniff_not_javascript(bytes: &[u8]) -> Option<OrbBlockReason> {
    if sniff_for_html(bytes) == Sniffed::Yes {
        Some(OrbBlockReason::SniffedAsHtml)
    } else if sniff_for_xml(bytes) == Sniffed::Yes {
        Some(OrbBlockReason::SniffedAsXml)
    } else if sniff_for_fetch_only_resource(bytes) == Sniffed::Yes {
        Some(OrbBlockReason::SniffedAsJson)
    } else {
        None
    }
}

/// The first byte position of a `Content-Range: bytes first-last/length`
/// value; `None` when it does not parse.
/// <https://fetch.spec.whatwg.org/#simple-range-header-value>
fn content_range_first_byte(list: &HeaderList) -> Option<u64> {
    let value = list.get(b"content-range")?;
    let value = std::str::from_utf8(&value).ok()?;
    let rest = value.strip_prefix("bytes ")?;
    let (range, length) = rest.split_once('/')?;
    let (first, last) = range.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(first) || !digits(last) || !(length == "*" || digits(length)) {
        return None;
    }
    let first: u64 = first.parse().ok()?;
    let last: u64 = last.parse().ok()?;
    (first <= last).then_some(first)
}

/// The opaque-response-safelist check on a response, as `policy` runs it:
/// whether the response may be handed to the page. `body` is the whole body
/// as far as known (the first [`SNIFF_LEN`] bytes are sniffed; the JSON step
/// reads all of it).
/// <https://github.com/annevk/orb#orbs-algorithm>
pub fn opaque_response_safelist_check(
    status: u16,
    headers: &HeaderList,
    body: &[u8],
    policy: &OrbPolicy,
) -> OrbVerdict {
    safelist_check(status, headers, body, policy, false)
}

/// [`opaque_response_safelist_check`] with the request's "no-cors media
/// request state": `media_initial` for a media element's first request
/// (`<audio>`/`<video>`), which may receive audio or video bytes (step 6).
fn safelist_check(
    status: u16,
    headers: &HeaderList,
    body: &[u8],
    policy: &OrbPolicy,
    media_initial: bool,
) -> OrbVerdict {
    let allow = |because| OrbVerdict::Allowed { because };
    // 1. and 2.
    let mime_type = extract_mime_type(headers);
    let nosniff = determine_nosniff(headers);
    let block = |reason| {
        OrbVerdict::Blocked(OrbBlocked {
            reason,
            mime_type: mime_type.as_ref().map(MimeType::essence),
            status,
            nosniff,
        })
    };
    // 3. If mimeType is not failure:
    if let Some(m) = &mime_type {
        let javascript = m.is_javascript_mime_type();
        if is_opaque_safelisted_mime_type(m)
            && !(javascript && policy.javascript_mime_types_sniffed)
        {
            return allow(OrbAllowed::SafelistedMimeType);
        }
        if policy.media_mime_types_safelisted && is_media_mime_type(m) {
            return allow(OrbAllowed::MediaMimeType);
        }
        if policy.text_plain_nosniff_allowed && nosniff && m.essence_is("text/plain") {
            return allow(OrbAllowed::TextPlainNosniff);
        }
        if is_opaque_blocklisted_never_sniffed_mime_type(m, policy) {
            return block(OrbBlockReason::NeverSniffedMimeType);
        }
        let blocklisted = is_opaque_blocklisted_mime_type(m);
        if policy.partial_responses_validated && status == 206 && blocklisted {
            return block(OrbBlockReason::PartialBlocklisted);
        }
        if nosniff && (blocklisted || m.essence_is("text/plain")) {
            return block(OrbBlockReason::NosniffBlocklisted);
        }
    }
    // 4. (no-cors media request state "subsequent": no media element is
    // modelled.) A 206 must be the start of the resource.
    if status == 206 {
        match content_range_first_byte(headers) {
            Some(0) => {}
            None if !policy.partial_responses_validated => {}
            _ => return block(OrbBlockReason::InvalidPartialResponse),
        }
    }
    // 5. The first bytes.
    let bytes = body.get(..SNIFF_LEN).unwrap_or(body);
    // 6. Audio or video: only a media element's initial request may have it.
    if audio_or_video_type_pattern_matching(bytes).is_some() {
        return if media_initial || policy.sniffed_media_allowed_for_any_request {
            allow(OrbAllowed::SniffedAsMedia)
        } else {
            block(OrbBlockReason::SniffedAsMedia)
        };
    }
    // 7. (no-cors media request state is "N/A".) 8. An image.
    if image_type_pattern_matching(bytes).is_some() {
        return allow(OrbAllowed::SniffedAsImage);
    }
    if !policy.final_steps {
        // Chromium "ORB v0.1": no nosniff, status or media-essence steps;
        // the HTML, XML and JSON sniffers replace the JavaScript parse and
        // anything they do not recognize is allowed.
        if mime_type.is_none() {
            return allow(OrbAllowed::MimeTypeFailure);
        }
        return match sniff_not_javascript(bytes) {
            Some(reason) => block(reason),
            None => allow(OrbAllowed::JavaScript),
        };
    }
    // 9. to 12.
    if nosniff {
        return block(OrbBlockReason::Nosniff);
    }
    if !crate::http::response::is_ok_status(status) {
        return block(OrbBlockReason::NotOkStatus);
    }
    let Some(m) = &mime_type else {
        return allow(OrbAllowed::MimeTypeFailure);
    };
    if matches!(m.type_(), "audio" | "image" | "video") {
        return block(OrbBlockReason::MediaMimeTypeMismatch);
    }
    // 13. and 14. "Parses as JavaScript and does not parse as JSON".
    if parses_as_json(body) {
        return block(OrbBlockReason::SniffedAsJson);
    }
    match sniff_not_javascript(bytes) {
        Some(reason) => block(reason),
        None => allow(OrbAllowed::JavaScript),
    }
}

/// Opaque-response blocking for `request`'s response: the check applies
/// only to responses whose response tainting is "opaque" (cross-origin
/// `no-cors`), in a browser that ships ORB.
/// <https://github.com/annevk/orb#orbs-algorithm>
pub fn orb_check(
    request: &Request,
    status: u16,
    headers: &HeaderList,
    body: &[u8],
    policy: &OrbPolicy,
) -> OrbVerdict {
    if !policy.enabled {
        return OrbVerdict::Allowed {
            because: OrbAllowed::Disabled,
        };
    }
    if request.response_tainting != ResponseTainting::Opaque {
        return OrbVerdict::Allowed {
            because: OrbAllowed::NotOpaque,
        };
    }
    if policy.same_origin_url_exempt && request.origin.same_origin_with_url(request.current_url()) {
        return OrbVerdict::Allowed {
            because: OrbAllowed::SameOriginUrl,
        };
    }
    let media_initial = matches!(
        request.destination,
        crate::http::request::Destination::Audio | crate::http::request::Destination::Video
    );
    safelist_check(status, headers, body, policy, media_initial)
}

#[cfg(test)]
#[path = "orb_tests.rs"]
mod tests;
