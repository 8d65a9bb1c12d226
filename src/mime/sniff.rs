//! The MIME Sniffing standard's pattern matching: the byte signatures of
//! image, audio and video types. The rules for identifying an unknown MIME
//! type as browsers apply them to opaque responses live with ORB
//! ([`crate::policy::orb`]), which is their only user.
//!
//! <https://mimesniff.spec.whatwg.org/#matching-a-mime-type-pattern>

/// One signature of the MIME Sniffing standard: `pattern` under `mask`,
/// leading bytes in `ignored` skipped first.
struct Signature {
    pattern: &'static [u8],
    mask: &'static [u8],
    essence: &'static str,
}

/// The pattern matching algorithm (no ignored bytes in any signature used
/// here).
/// <https://mimesniff.spec.whatwg.org/#pattern-matching-algorithm>
fn pattern_matches(input: &[u8], signature: &Signature) -> bool {
    input.len() >= signature.pattern.len()
        && signature
            .pattern
            .iter()
            .zip(signature.mask)
            .zip(input)
            .all(|((p, m), b)| b & m == *p)
}

const FULL: &[u8] = &[0xFF; 16];

/// The image type pattern matching algorithm: the essence of the first
/// image signature `bytes` match (ICO, CUR, BMP, GIF, WebP, PNG, JPEG).
/// <https://mimesniff.spec.whatwg.org/#image-type-pattern-matching-algorithm>
pub fn image_type_pattern_matching(bytes: &[u8]) -> Option<&'static str> {
    const IMAGES: &[Signature] = &[
        Signature {
            pattern: b"\x00\x00\x01\x00",
            mask: FULL,
            essence: "image/x-icon",
        },
        Signature {
            pattern: b"\x00\x00\x02\x00",
            mask: FULL,
            essence: "image/x-icon",
        },
        Signature {
            pattern: b"BM",
            mask: FULL,
            essence: "image/bmp",
        },
        Signature {
            pattern: b"GIF87a",
            mask: FULL,
            essence: "image/gif",
        },
        Signature {
            pattern: b"GIF89a",
            mask: FULL,
            essence: "image/gif",
        },
        Signature {
            pattern: b"RIFF\x00\x00\x00\x00WEBPVP",
            mask: b"\xFF\xFF\xFF\xFF\x00\x00\x00\x00\xFF\xFF\xFF\xFF\xFF\xFF",
            essence: "image/webp",
        },
        Signature {
            pattern: b"\x89PNG\r\n\x1A\n",
            mask: FULL,
            essence: "image/png",
        },
        Signature {
            pattern: b"\xFF\xD8\xFF",
            mask: FULL,
            essence: "image/jpeg",
        },
    ];
    IMAGES
        .iter()
        .find(|s| pattern_matches(bytes, s))
        .map(|s| s.essence)
}

/// The audio or video type pattern matching algorithm: AIFF, MP3 with ID3,
/// Ogg, MIDI, AVI, WAVE, then MP4 (`ftyp` box) and WebM (EBML header). MP3
/// without ID3 is not recognized (its frame-header walk is not modelled).
/// <https://mimesniff.spec.whatwg.org/#audio-or-video-type-pattern-matching-algorithm>
pub fn audio_or_video_type_pattern_matching(bytes: &[u8]) -> Option<&'static str> {
    const MEDIA: &[Signature] = &[
        Signature {
            pattern: b"FORM\x00\x00\x00\x00AIFF",
            mask: b"\xFF\xFF\xFF\xFF\x00\x00\x00\x00\xFF\xFF\xFF\xFF",
            essence: "audio/aiff",
        },
        Signature {
            pattern: b"ID3",
            mask: FULL,
            essence: "audio/mpeg",
        },
        Signature {
            pattern: b"OggS\x00",
            mask: FULL,
            essence: "application/ogg",
        },
        Signature {
            pattern: b"MThd\x00\x00\x00\x06",
            mask: FULL,
            essence: "audio/midi",
        },
        Signature {
            pattern: b"RIFF\x00\x00\x00\x00AVI ",
            mask: b"\xFF\xFF\xFF\xFF\x00\x00\x00\x00\xFF\xFF\xFF\xFF",
            essence: "video/avi",
        },
        Signature {
            pattern: b"RIFF\x00\x00\x00\x00WAVE",
            mask: b"\xFF\xFF\xFF\xFF\x00\x00\x00\x00\xFF\xFF\xFF\xFF",
            essence: "audio/wave",
        },
    ];
    if let Some(s) = MEDIA.iter().find(|s| pattern_matches(bytes, s)) {
        return Some(s.essence);
    }
    if matches_mp4_signature(bytes) {
        return Some("video/mp4");
    }
    if bytes.starts_with(b"\x1A\x45\xDF\xA3") && bytes.len() >= 8 {
        // Simplified "matches the signature for WebM": the EBML magic, then
        // the DocType element `webm` within the header.
        let window = bytes.get(4..bytes.len().min(38)).unwrap_or_default();
        if contains(window, b"\x42\x82") && contains(window, b"webm") {
            return Some("video/webm");
        }
    }
    None
}

/// "Matches the signature for MP4": a box size, `ftyp`, and a brand
/// starting with `mp4` among the major and compatible brands.
/// <https://mimesniff.spec.whatwg.org/#signature-for-mp4>
fn matches_mp4_signature(bytes: &[u8]) -> bool {
    let Some(size) = bytes.get(..4).and_then(|s| <[u8; 4]>::try_from(s).ok()) else {
        return false;
    };
    let box_size = u32::from_be_bytes(size) as usize;
    if bytes.len() < box_size || !box_size.is_multiple_of(4) || box_size < 12 {
        return false;
    }
    if bytes.get(4..8) != Some(b"ftyp") {
        return false;
    }
    if bytes.get(8..11) == Some(b"mp4") {
        return true;
    }
    let mut offset = 16;
    while offset + 3 <= box_size {
        if bytes.get(offset..offset + 3) == Some(b"mp4") {
            return true;
        }
        offset += 4;
    }
    false
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_matching_table() {
        let images: &[(&[u8], Option<&str>)] = &[
            (b"GIF89a\x01\x00", Some("image/gif")),
            (b"GIF87a", Some("image/gif")),
            (b"GIF8", None),
            (b"\x89PNG\r\n\x1a\n....", Some("image/png")),
            (b"\xff\xd8\xff\xe0", Some("image/jpeg")),
            (b"BMxxxx", Some("image/bmp")),
            (b"\x00\x00\x01\x00", Some("image/x-icon")),
            (b"RIFF\x10\x00\x00\x00WEBPVP8 ", Some("image/webp")),
            (b"RIFF\x10\x00\x00\x00WAVEfmt ", None),
            (b"<svg", None),
            (b"", None),
        ];
        for (bytes, expected) in images {
            assert_eq!(image_type_pattern_matching(bytes), *expected, "{bytes:?}");
        }
        let media: &[(&[u8], Option<&str>)] = &[
            (b"ID3\x03\x00", Some("audio/mpeg")),
            (b"OggS\x00\x02", Some("application/ogg")),
            (b"OggS", None),
            (b"MThd\x00\x00\x00\x06", Some("audio/midi")),
            (b"RIFF\x10\x00\x00\x00WAVEfmt ", Some("audio/wave")),
            (b"RIFF\x10\x00\x00\x00AVI LIST", Some("video/avi")),
            (b"FORM\x00\x00\x00\x10AIFF", Some("audio/aiff")),
            (
                b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom",
                Some("video/mp4"),
            ),
            (
                b"\x00\x00\x00\x18ftypisom\x00\x00\x00\x00iso2mp41",
                Some("video/mp4"),
            ),
            (b"\x00\x00\x00\x18ftypmp42", None),
            (
                b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm",
                Some("video/webm"),
            ),
            (b"GIF89a", None),
        ];
        for (bytes, expected) in media {
            assert_eq!(
                audio_or_video_type_pattern_matching(bytes),
                *expected,
                "{bytes:?}"
            );
        }
    }
}
