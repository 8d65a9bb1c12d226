//! What the page sees from an element load: HTML's processing of the
//! response an element's fetch delivered, which decides between the
//! element's `load` and `error` events.
//!
//! Fetch can deliver a response (CORS, CORP and ORB let it through) that the
//! element still rejects:
//!
//! - `<img>`: "update the image data" hands the response to the image
//!   decoder. The image is decodable when its bytes match an image signature
//!   of the MIME Sniffing standard's image type pattern matching (whatever
//!   the `Content-Type` says) and reach the first frame's data, or when the response is `image/svg+xml` holding an SVG
//!   document. Anything else (an HTML page, CSS, JSON, text, an empty body,
//!   a body cut before the first frame) fires `error`. The status is not looked at: a PNG
//!   answered 404 or 500 fires `load` in all three browsers (recorded).
//!   <https://html.spec.whatwg.org/multipage/images.html#update-the-image-data>
//!   <https://mimesniff.spec.whatwg.org/#image-type-pattern-matching-algorithm>
//! - `<script>`: "fetch a classic script" rejects a response whose status is
//!   not ok; a body that does not parse still fires `load` (the syntax error
//!   goes to `window.onerror`), whatever the MIME type Fetch let through:
//!   `application/json`, `text/json`, `application/ld+json`, `text/html`,
//!   `text/xml` all fire `load` in Chromium 156, Firefox ESR 153 and
//!   WebKitGTK 2.50 (spec-fixtures/element-loads/element-script-*-same-origin.json).
//!   <https://html.spec.whatwg.org/multipage/webappapis.html#fetch-a-classic-script>
//! - `<link rel=stylesheet>`: "process the linked resource" needs an ok
//!   status and `text/css` (per-profile exceptions in [`ElementLoadRules`]);
//!   a sheet that fails to parse still loads.
//!   <https://html.spec.whatwg.org/multipage/links.html#link-type-stylesheet>
//!
//! The response is the unsafe (unfiltered) response: an opaque response's
//! body and status still reach the decoder.

use crate::browser::ElementLoadRules;
use crate::fetch::{FetchOutcome, NetworkError, OutgoingRequest, Reason, RequestKind};
use crate::http::headers::HeaderList;
use crate::http::headers::response::extract_mime_type;
use crate::http::request::Destination;
use crate::http::response::NetworkResponse;
use crate::mime::sniff::image_type_pattern_matching;
pub use crate::policy::mime_blocking::ElementLoadFailure;

/// What the element did with a response it accepted, as the page sees it
/// (each fires `load`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElementLoaded {
    /// An `<img>` whose data decoded (the essence the bytes sniffed as, or
    /// `image/svg+xml`).
    Decoded(&'static str),
    /// A `<script>` that ran (or tried to: a syntax error is not an error
    /// event).
    Executed,
    /// A stylesheet that was applied.
    Applied,
    /// A stylesheet that fired `load` without being applied (Chromium's
    /// non-`text/css` sheets).
    LoadedNotApplied,
}

impl ElementLoaded {
    /// The word for what the page saw.
    pub fn as_str(self) -> &'static str {
        match self {
            ElementLoaded::Decoded(_) => "decoded",
            ElementLoaded::Executed => "executed",
            ElementLoaded::Applied => "applied",
            ElementLoaded::LoadedNotApplied => "loaded (not applied)",
        }
    }
}

/// The element's processing of the response its fetch delivered: `Ok` when
/// the page gets `load`, the reason when it gets `error`. `status`,
/// `headers` and `body` are the unsafe response's; `redirected` says whether
/// the fetch followed a redirect. `Destination::Empty`
/// (`fetch()`) has no element and no processing: `Ok(Executed)`.
pub fn process_element_response(
    destination: Destination,
    status: u16,
    headers: &HeaderList,
    body: &[u8],
    redirected: bool,
    rules: &ElementLoadRules,
) -> Result<ElementLoaded, ElementLoadFailure> {
    match destination {
        Destination::Image => update_the_image_data(status, headers, body, rules),
        Destination::Script => fetch_a_classic_script(status),
        Destination::Style => {
            process_the_linked_stylesheet(status, headers, body, redirected, rules)
        }
        // `fetch()` has no element; the other destinations' requests are
        // made (and observed) by `html::initiators`.
        _ => Ok(ElementLoaded::Executed),
    }
}

/// What the page sees from an element load whose fetch ended with
/// `outcome`: a delivered response the element rejects becomes a network
/// error with [`Reason::ElementLoad`] (the `error` event); every other
/// outcome is kept. `sent` is the fetch's requests and `response` the
/// (unsafe) response to the last of them; `origin` the page's serialized
/// origin.
pub fn element_load_outcome(
    destination: Destination,
    outcome: FetchOutcome,
    sent: &[OutgoingRequest],
    response: &NetworkResponse,
    origin: &str,
    rules: &ElementLoadRules,
) -> FetchOutcome {
    if destination == Destination::Empty || !matches!(outcome, FetchOutcome::Response(_)) {
        return outcome;
    }
    let body = response.body.as_deref().unwrap_or_default();
    let redirected = sent
        .iter()
        .filter(|r| r.method != "OPTIONS")
        .nth(1)
        .is_some();
    match process_element_response(
        destination,
        response.status,
        &response.header_list,
        body,
        redirected,
        rules,
    ) {
        Ok(_) => outcome,
        Err(failure) => {
            let mut hops = sent.iter().filter(|r| r.method != "OPTIONS");
            let first = hops.next();
            let url_of =
                |r: Option<&OutgoingRequest>| r.map(|r| r.url.to_string()).unwrap_or_default();
            FetchOutcome::NetworkError(NetworkError {
                reason: Reason::ElementLoad { failure },
                request_kind: Some(RequestKind::Main),
                url: url_of(hops.next_back().or(first)),
                initial_url: url_of(first),
                origin: origin.to_owned(),
                redirected,
            })
        }
    }
}

/// `<img>`: the decoder's verdict on the response.
/// <https://html.spec.whatwg.org/multipage/images.html#update-the-image-data>
fn update_the_image_data(
    status: u16,
    headers: &HeaderList,
    body: &[u8],
    rules: &ElementLoadRules,
) -> Result<ElementLoaded, ElementLoadFailure> {
    let mime = extract_mime_type(headers);
    let svg_typed = mime.as_ref().is_some_and(|m| m.essence_is("image/svg+xml"));
    // An SVG image is a document: only `image/svg+xml` is parsed as one
    // (SVG is never sniffed).
    if svg_typed {
        if rules.svg_image_needs_ok_status && !(200..=299).contains(&status) {
            return Err(ElementLoadFailure::NotOkStatus { status });
        }
        if is_svg_document(body) {
            return Ok(ElementLoaded::Decoded("image/svg+xml"));
        }
    } else if let Some(essence) = image_type_pattern_matching(body)
        && first_frame_started(essence, body)
    {
        return Ok(ElementLoaded::Decoded(essence));
    }
    Err(ElementLoadFailure::ImageNotDecodable {
        essence: mime.map(|m| m.essence()),
        sniffed: image_type_pattern_matching(body),
    })
}

/// Whether the decoder gets as far as the first frame's data in `body`,
/// whose signature matched `essence`. Recorded in Chromium 156, Firefox ESR
/// 153 and WebKitGTK 2.50 (spec-fixtures/element-loads/element-img-decode-*):
/// a PNG cut after its IHDR chunk fires `error`, one cut right after the
/// IDAT chunk header (or inside IDAT, or without IEND) fires `load`; a GIF
/// cut after its image descriptor fires `load`. So a body that reaches the
/// first frame shows what there is and fires `load`; one cut before it
/// fires `error`. Every walk is iterative and bounded by the body's length.
fn first_frame_started(essence: &str, body: &[u8]) -> bool {
    match essence {
        "image/png" => png_reaches_idat(body),
        "image/gif" => gif_reaches_image_descriptor(body),
        // The file header's pixel-data offset (bytes 10..14) is inside the
        // body, after the BITMAPINFOHEADER's width and height (26 bytes).
        "image/bmp" => {
            let offset = body.get(10..14).map_or(usize::MAX, |b| {
                u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize
            });
            body.len() >= 26 && body.len() > offset
        }
        "image/jpeg" => jpeg_reaches_scan(body),
        // ICONDIR (6) + one directory entry (16); not recorded.
        "image/x-icon" => body.len() >= 22,
        // RIFF header (12) + chunk header (8) + the frame header (10); not
        // recorded.
        "image/webp" => body.len() >= 30,
        _ => false,
    }
}

/// PNG: the chunk list after the signature reaches a complete `IDAT` chunk
/// header (length and type).
fn png_reaches_idat(body: &[u8]) -> bool {
    let mut at = 8usize;
    while let Some(header) = body.get(at..at.saturating_add(8)) {
        if &header[4..8] == b"IDAT" {
            return true;
        }
        let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        // Length, type, data, CRC.
        at = at.saturating_add(12).saturating_add(length);
    }
    false
}

/// GIF: past the header, the logical screen descriptor and the global
/// color table, the block list reaches a complete image descriptor
/// (`0x2C` and 9 bytes).
fn gif_reaches_image_descriptor(body: &[u8]) -> bool {
    let Some(&flags) = body.get(10) else {
        return false;
    };
    let mut at = 13usize;
    if flags & 0x80 != 0 {
        at += 3 * (2usize << (flags & 0x07));
    }
    loop {
        match body.get(at) {
            Some(0x2C) => return body.len() >= at + 10,
            Some(0x21) => {
                // Extension: introducer, label, then sub-blocks up to a
                // zero-length one.
                at += 2;
                loop {
                    let Some(&size) = body.get(at) else {
                        return false;
                    };
                    at += 1 + usize::from(size);
                    if size == 0 {
                        break;
                    }
                }
            }
            _ => return false,
        }
    }
}

/// JPEG: the marker segments reach a start-of-frame segment (SOF0–SOF15
/// except DHT, JPG and DAC) and then a complete start-of-scan header.
fn jpeg_reaches_scan(body: &[u8]) -> bool {
    // After SOI (FF D8), each segment is FF, a marker, a 2-byte length.
    let mut at = 2usize;
    let mut frame = false;
    while let (Some(&0xFF), Some(&marker)) = (body.get(at), body.get(at + 1)) {
        if marker == 0xFF {
            at += 1; // fill byte
            continue;
        }
        let (Some(&hi), Some(&lo)) = (body.get(at + 2), body.get(at + 3)) else {
            return false;
        };
        let length = usize::from(hi) << 8 | usize::from(lo);
        if length < 2 {
            return false;
        }
        if marker == 0xDA {
            return frame && body.len() >= at + 2 + length;
        }
        frame |= (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        at += 2 + length;
    }
    false
}

/// Whether `body` is an SVG document: after an optional byte order mark,
/// XML declaration, comments, processing instructions and doctype, the
/// root element is `svg` (optionally prefixed) and the SVG namespace is
/// declared. A sketch of "parse as XML, the document element is an SVG
/// `svg` element", which is what the browsers' SVG image loaders need.
fn is_svg_document(body: &[u8]) -> bool {
    let text = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let mut rest = text;
    loop {
        rest = trim_ascii_start(rest);
        if let Some(after) = rest.strip_prefix(b"<?") {
            let Some(end) = find(after, b"?>") else {
                return false;
            };
            rest = &after[end + 2..];
        } else if let Some(after) = rest.strip_prefix(b"<!--") {
            let Some(end) = find(after, b"-->") else {
                return false;
            };
            rest = &after[end + 3..];
        } else if let Some(after) = rest.strip_prefix(b"<!") {
            let Some(end) = find(after, b">") else {
                return false;
            };
            rest = &after[end + 1..];
        } else {
            break;
        }
    }
    let Some(tag) = rest.strip_prefix(b"<") else {
        return false;
    };
    let name_end = tag
        .iter()
        .position(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
        .unwrap_or(tag.len());
    let name = &tag[..name_end];
    let local = name
        .iter()
        .rposition(|b| *b == b':')
        .map_or(name, |i| &name[i + 1..]);
    local == b"svg" && find(rest, b"http://www.w3.org/2000/svg").is_some()
}

fn trim_ascii_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `<script>`: "fetch a classic script" step "if response's status is not
/// an ok status, run onComplete given null" (the `error` event).
/// <https://html.spec.whatwg.org/multipage/webappapis.html#fetch-a-classic-script>
fn fetch_a_classic_script(status: u16) -> Result<ElementLoaded, ElementLoadFailure> {
    if !(200..=299).contains(&status) {
        return Err(ElementLoadFailure::NotOkStatus { status });
    }
    Ok(ElementLoaded::Executed)
}

/// `<link rel=stylesheet>`: "process the linked resource": an ok status and
/// (in a standards-mode document) `text/css`, with the profile's
/// exceptions.
/// <https://html.spec.whatwg.org/multipage/links.html#link-type-stylesheet>
fn process_the_linked_stylesheet(
    status: u16,
    headers: &HeaderList,
    body: &[u8],
    redirected: bool,
    rules: &ElementLoadRules,
) -> Result<ElementLoaded, ElementLoadFailure> {
    if !(200..=299).contains(&status) {
        return Err(ElementLoadFailure::NotOkStatus { status });
    }
    let mime = extract_mime_type(headers);
    let untyped = mime
        .as_ref()
        .is_none_or(|m| m.essence_is("application/x-unknown-content-type"));
    let css = mime.as_ref().is_some_and(|m| m.essence_is("text/css"));
    if untyped
        && rules.untyped_stylesheet_sniffed
        && let Some(sniffed) = sniffed_untyped_stylesheet(body, redirected)
    {
        return Err(ElementLoadFailure::StyleNotTextCss {
            essence: Some(sniffed.to_owned()),
        });
    }
    if css || rules.untyped_stylesheet_loads && untyped {
        return Ok(ElementLoaded::Applied);
    }
    if rules.non_css_stylesheet_fires_load {
        return Ok(ElementLoaded::LoadedNotApplied);
    }
    Err(ElementLoadFailure::StyleNotTextCss {
        essence: mime.map(|m| m.essence()),
    })
}

/// The type an untyped stylesheet response is sniffed as, where that is not
/// `text/css`, as Gecko does: the stylesheet channel carries a `text/css`
/// type hint, so only the content sniffers (images, audio and video) can
/// type it; a redirect drops the hint and the unknown-content decoder types
/// every body, falling back to `text/plain` or `application/octet-stream`
/// (recorded: a CSS body fails as `text/plain` after a redirect).
fn sniffed_untyped_stylesheet(body: &[u8], redirected: bool) -> Option<&'static str> {
    use crate::mime::sniff::audio_or_video_type_pattern_matching;
    let media = image_type_pattern_matching(body).or_else(|| {
        // Gecko's name for the WAVE signature (recorded).
        audio_or_video_type_pattern_matching(body).map(|t| match t {
            "audio/wave" => "audio/x-wav",
            other => other,
        })
    });
    if media.is_some() || !redirected {
        return media;
    }
    // The rules' last steps: a body with a "binary data byte" is
    // `application/octet-stream`, any other `text/plain`.
    // <https://mimesniff.spec.whatwg.org/#binary-data-byte>
    Some(
        identified_unknown_type(body).unwrap_or(
            if body
                .iter()
                .any(|&b| matches!(b, 0x00..=0x08 | 0x0B | 0x0E..=0x1A | 0x1C..=0x1F))
            {
                "application/octet-stream"
            } else {
                "text/plain"
            },
        ),
    )
}

/// The type MIME Sniffing's "rules for identifying an unknown MIME type"
/// find by a pattern (scriptable types included; the HTML patterns as ORB
/// sniffs them), or `None` when they would fall back to `text/plain` or
/// `application/octet-stream`.
/// <https://mimesniff.spec.whatwg.org/#rules-for-identifying-an-unknown-mime-type>
fn identified_unknown_type(body: &[u8]) -> Option<&'static str> {
    use crate::policy::orb::{Sniffed, sniff_for_html, sniff_for_xml};
    if sniff_for_html(body) == Sniffed::Yes {
        return Some("text/html");
    }
    if sniff_for_xml(body) == Sniffed::Yes {
        return Some("text/xml");
    }
    if body.starts_with(b"%PDF-") {
        return Some("application/pdf");
    }
    image_type_pattern_matching(body)
        .or_else(|| crate::mime::sniff::audio_or_video_type_pattern_matching(body))
}

#[cfg(test)]
#[path = "element_load_tests.rs"]
mod tests;
