//! Fetch's MIME-type blocks for script-like and style destinations, and
//! HTML's checks an element makes on the response it was given.
//!
//! - [`should_response_to_request_be_blocked_due_to_its_mime_type`] and
//!   [`should_response_to_request_be_blocked_due_to_nosniff`] run in main
//!   fetch: a blocked response becomes a network error.
//! - [`element_response_check`] is HTML's part: a `<script>` or stylesheet
//!   whose response is not ok, or a stylesheet that is not `text/css`, fires
//!   the element's `error` event although the fetch succeeded.

use serde::Serialize;

use crate::browser::ElementLoadRules;
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
}

/// HTML's checks of the element on the response (its unsafe response):
/// scripts and stylesheets need an ok status; a stylesheet needs
/// `text/css` (a standards-mode document; quirks mode would exempt
/// same-origin sheets) unless `non_css_style_fires_load` (Chromium fires
/// `load` and only declines to apply the sheet), or, with
/// `untyped_style_loads` (WebKit), the response has no valid MIME type (or
/// `application/x-unknown-content-type`). Images are not checked here: their
/// outcome is the decoder's.
pub fn element_response_check(
    destination: Destination,
    status: u16,
    list: &HeaderList,
    rules: &ElementLoadRules,
) -> Result<(), ElementLoadFailure> {
    if matches!(destination, Destination::Script | Destination::Style)
        && !(200..=299).contains(&status)
    {
        return Err(ElementLoadFailure::NotOkStatus { status });
    }
    if destination == Destination::Style && !rules.non_css_stylesheet_fires_load {
        let mime = extract_mime_type(list);
        let untyped = mime
            .as_ref()
            .is_none_or(|m| m.essence_is("application/x-unknown-content-type"));
        let css = mime.as_ref().is_some_and(|m| m.essence_is("text/css"));
        if !(css || rules.untyped_stylesheet_loads && untyped) {
            return Err(ElementLoadFailure::StyleNotTextCss {
                essence: mime.map(|m| m.essence()),
            });
        }
    }
    Ok(())
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

    #[test]
    fn element_response_check_table() {
        use Destination::{Image, Script, Style};
        let css = [("Content-Type", "text/css")];
        let plain = [("Content-Type", "text/plain")];
        // (destination, status, headers, Chromium knob, fires error)
        type Row<'a> = (Destination, u16, &'a [(&'a str, &'a str)], bool, bool);
        let rows: &[Row] = &[
            (Script, 200, &[], false, false),
            (Script, 404, &[], false, true),
            (Script, 500, &[], true, true),
            (Script, 204, &[], false, false),
            (Style, 200, &css, false, false),
            (Style, 404, &css, false, true),
            (Style, 200, &plain, false, true),
            (Style, 200, &plain, true, false),
            (Style, 200, &[], false, true),
            (
                Style,
                200,
                &[("Content-Type", "Text/CSS; charset=utf-8")],
                false,
                false,
            ),
            (Image, 404, &[], false, false),
        ];
        for (destination, status, headers, knob, error) in rows {
            assert_eq!(
                element_response_check(
                    *destination,
                    *status,
                    &list(headers),
                    &ElementLoadRules {
                        non_css_stylesheet_fires_load: *knob,
                        ..crate::browser::Profile::SPEC.element_loads
                    }
                )
                .is_err(),
                *error,
                "{destination:?} {status} {headers:?} knob={knob}"
            );
        }
    }
}
