//! Fetch's MIME-type blocks for script-like and style destinations, and
//! HTML's checks an element makes on the response it was given.
//!
//! - [`should_response_to_request_be_blocked_due_to_its_mime_type`] and
//!   [`should_response_to_request_be_blocked_due_to_nosniff`] run in main
//!   fetch: a blocked response becomes a network error.
//! - [`ElementLoadFailure`] names why an element fired `error` for a
//!   response its fetch delivered; HTML's processing that decides it is
//!   `html::element_load` (floor 4).

use serde::Serialize;

use crate::http::headers::HeaderList;
use crate::http::headers::response::extract_mime_type;
use crate::http::request::Destination;

/// Why main fetch turned a response into a network error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum MimeBlocked {
    /// A script-like destination and an `audio/*`, `image/*`, `video/*` or
    /// `text/csv` response.
    /// <https://fetch.spec.whatwg.org/#should-response-to-request-be-blocked-due-to-mime-type?>
    NotExecutable {
        /// The response's MIME type essence.
        essence: String,
    },
    /// `X-Content-Type-Options: nosniff` and a MIME type that does not fit
    /// the destination (not JavaScript for scripts, not `text/css` for
    /// styles, or no parsable MIME type).
    /// <https://fetch.spec.whatwg.org/#should-response-to-request-be-blocked-due-to-nosniff?>
    Nosniff {
        /// The destination (`script` or `style`).
        destination: Destination,
        /// The response's MIME type essence, `None` when absent or invalid.
        essence: Option<String>,
    },
}

/// Whether `destination` is script-like ("audioworklet", "paintworklet",
/// "script", "serviceworker", "sharedworker", "worker"; xorigin models
/// `script`).
/// <https://fetch.spec.whatwg.org/#request-destination-script-like>
pub fn is_script_like(destination: Destination) -> bool {
    destination == Destination::Script
}

/// "Determine nosniff": the first value of `X-Content-Type-Options` is
/// `nosniff`, ASCII case-insensitively.
/// <https://fetch.spec.whatwg.org/#determine-nosniff>
pub fn determine_nosniff(list: &HeaderList) -> bool {
    list.get_decode_split(b"x-content-type-options")
        .and_then(|values| values.into_iter().next())
        .is_some_and(|first| first.eq_ignore_ascii_case("nosniff"))
}

/// "Should response to request be blocked due to its MIME type?"
/// <https://fetch.spec.whatwg.org/#should-response-to-request-be-blocked-due-to-mime-type?>
pub fn should_response_to_request_be_blocked_due_to_its_mime_type(
    destination: Destination,
    list: &HeaderList,
) -> Result<(), MimeBlocked> {
    let Some(mime) = extract_mime_type(list) else {
        return Ok(());
    };
    let blocked = is_script_like(destination)
        && (matches!(mime.type_(), "audio" | "image" | "video") || mime.essence_is("text/csv"));
    if blocked {
        return Err(MimeBlocked::NotExecutable {
            essence: mime.essence(),
        });
    }
    Ok(())
}

/// "Should response to request be blocked due to nosniff?"
/// <https://fetch.spec.whatwg.org/#should-response-to-request-be-blocked-due-to-nosniff?>
pub fn should_response_to_request_be_blocked_due_to_nosniff(
    destination: Destination,
    list: &HeaderList,
) -> Result<(), MimeBlocked> {
    if !determine_nosniff(list) {
        return Ok(());
    }
    let mime = extract_mime_type(list);
    let fits = match destination {
        // Script-like destinations.
        Destination::Script | Destination::Worker | Destination::Sharedworker => {
            mime.as_ref().is_some_and(|m| m.is_javascript_mime_type())
        }
        Destination::Style => mime.as_ref().is_some_and(|m| m.essence_is("text/css")),
        Destination::Empty
        | Destination::Image
        | Destination::Audio
        | Destination::Video
        | Destination::Font
        | Destination::Iframe => true,
    };
    if fits {
        return Ok(());
    }
    Err(MimeBlocked::Nosniff {
        destination,
        essence: mime.map(|m| m.essence()),
    })
}

/// Why an element fired `error` for a response its fetch delivered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ElementLoadFailure {
    /// A classic script's or stylesheet's response status is not an ok
    /// status (200–299); checked on the unsafe response, so opaque ones too.
    /// <https://html.spec.whatwg.org/multipage/webappapis.html#fetch-a-classic-script>
    NotOkStatus {
        /// The status.
        status: u16,
    },
    /// A stylesheet whose Content-Type is not `text/css` (standards mode).
    /// <https://html.spec.whatwg.org/multipage/links.html#link-type-stylesheet>
    StyleNotTextCss {
        /// The response's MIME type essence, `None` when absent or invalid.
        essence: Option<String>,
    },
    /// An `<img>` whose response the image decoder cannot decode: no image
    /// signature (an HTML page, CSS, JSON, text, an empty body), a body cut
    /// before the first frame, or `image/svg+xml` that is not an SVG document.
    /// <https://html.spec.whatwg.org/multipage/images.html#update-the-image-data>
    ImageNotDecodable {
        /// The response's MIME type essence, `None` when absent or invalid.
        essence: Option<String>,
        /// The essence the bytes sniffed as (image type pattern matching),
        /// when they matched a signature.
        sniffed: Option<&'static str>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(pairs: &[(&str, &str)]) -> HeaderList {
        pairs
            .iter()
            .map(|(n, v)| (n.as_bytes(), v.as_bytes()))
            .collect()
    }

    #[test]
    fn mime_type_blocks_table() {
        use Destination::{Empty, Image, Script, Style};
        // (destination, headers, blocked by MIME type, blocked by nosniff)
        type Row = (
            Destination,
            &'static [(&'static str, &'static str)],
            bool,
            bool,
        );
        let rows: &[Row] = &[
            (Script, &[("Content-Type", "image/png")], true, false),
            (Script, &[("Content-Type", "IMAGE/PNG")], true, false),
            (Script, &[("Content-Type", "text/csv")], true, false),
            (Script, &[("Content-Type", "video/mp4")], true, false),
            (Script, &[("Content-Type", "audio/mpeg")], true, false),
            (Script, &[("Content-Type", "text/plain")], false, false),
            (Script, &[("Content-Type", "text/javascript")], false, false),
            (Script, &[], false, false),
            (Image, &[("Content-Type", "text/csv")], false, false),
            (Empty, &[("Content-Type", "image/png")], false, false),
            (Style, &[("Content-Type", "image/png")], false, false),
            (
                Script,
                &[
                    ("Content-Type", "text/plain"),
                    ("X-Content-Type-Options", "nosniff"),
                ],
                false,
                true,
            ),
            (
                Script,
                &[("X-Content-Type-Options", "nosniff")],
                false,
                true,
            ),
            (
                Script,
                &[
                    ("Content-Type", "text/javascript; charset=utf-8"),
                    ("X-Content-Type-Options", "NoSniff"),
                ],
                false,
                false,
            ),
            (
                Script,
                &[
                    ("Content-Type", "application/ecmascript"),
                    ("X-Content-Type-Options", "nosniff"),
                ],
                false,
                false,
            ),
            (
                Script,
                &[
                    ("Content-Type", "text/plain"),
                    ("X-Content-Type-Options", "other, nosniff"),
                ],
                false,
                false,
            ),
            (
                Script,
                &[
                    ("Content-Type", "text/plain"),
                    ("X-Content-Type-Options", "nosniff, other"),
                ],
                false,
                true,
            ),
            (
                Style,
                &[
                    ("Content-Type", "text/plain"),
                    ("X-Content-Type-Options", "nosniff"),
                ],
                false,
                true,
            ),
            (
                Style,
                &[
                    ("Content-Type", "text/css"),
                    ("X-Content-Type-Options", "nosniff"),
                ],
                false,
                false,
            ),
            (
                Image,
                &[
                    ("Content-Type", "text/plain"),
                    ("X-Content-Type-Options", "nosniff"),
                ],
                false,
                false,
            ),
            (
                Empty,
                &[
                    ("Content-Type", "text/plain"),
                    ("X-Content-Type-Options", "nosniff"),
                ],
                false,
                false,
            ),
        ];
        for (destination, headers, by_mime, by_nosniff) in rows {
            let l = list(headers);
            assert_eq!(
                should_response_to_request_be_blocked_due_to_its_mime_type(*destination, &l)
                    .is_err(),
                *by_mime,
                "{destination:?} {headers:?}"
            );
            assert_eq!(
                should_response_to_request_be_blocked_due_to_nosniff(*destination, &l).is_err(),
                *by_nosniff,
                "{destination:?} {headers:?}"
            );
        }
    }
}
