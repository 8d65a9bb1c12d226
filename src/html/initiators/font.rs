//! Web fonts: CSS Fonts' "fetch a font", always in `cors` mode.
//! <https://drafts.csswg.org/css-fonts/#font-fetching-requirements>

use super::{ApiInit, Refused};
use crate::browser::Profile;
use crate::http::request::{CredentialsMode, Destination, Mode, Request};
use crate::http::response::{FilteredResponse, is_ok_status};
use crate::origin::Origin;

/// The request for a `@font-face` `src` URL in a page stylesheet:
/// destination `font`, mode `cors`, credentials mode `same-origin`. A URL
/// that does not parse fails the load (`error`). Mode `no-cors` for a
/// profile without `initiators.font_mode_cors`.
pub fn request(client: &Origin, init: &ApiInit<'_>, profile: &Profile) -> Result<Request, Refused> {
    let url = init.parsed.ok_or(Refused::error_event())?.clone();
    if url.username() != "" || url.password().is_some() {
        return Err(Refused::error_event());
    }
    let mut request = Request::new(url, client.clone());
    request.destination = Destination::Font;
    request.mode = if profile.initiators.font_mode_cors {
        Mode::Cors
    } else {
        Mode::NoCors
    };
    request.credentials_mode = CredentialsMode::SameOrigin;
    request
        .header_list
        .append(b"Accept", profile.initiators.accept_font.as_bytes());
    Ok(request)
}

/// Whether the font loads: an ok status and bytes in a font format the
/// browser decodes (TrueType/OpenType, WOFF, WOFF2 signatures); an opaque
/// response (a `no-cors` font) still loads its bytes.
pub fn loads(response: &FilteredResponse, body: Option<&[u8]>) -> bool {
    (response.status == 0 || is_ok_status(response.status)) && body.is_some_and(is_font)
}

/// The font signatures of the MIME Sniffing standard's font rules.
/// <https://mimesniff.spec.whatwg.org/#matching-a-font-type-pattern>
pub fn is_font(bytes: &[u8]) -> bool {
    let head = bytes.get(..4).unwrap_or(bytes);
    matches!(
        head,
        [0x00, 0x01, 0x00, 0x00] | b"OTTO" | b"true" | b"ttcf" | b"wOFF" | b"wOF2"
    )
}
