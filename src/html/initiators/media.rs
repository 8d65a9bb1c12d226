//! `<audio src>` and `<video src>`: the media element's resource fetch.
//! <https://html.spec.whatwg.org/multipage/media.html#concept-media-load-resource>

use super::{ApiInit, Refused};
use crate::browser::Profile;
use crate::html::{CorsSettingsAttribute, create_potential_cors_request};
use crate::http::request::{Destination, Request};
use crate::mime::sniff::audio_or_video_type_pattern_matching;
use crate::origin::Origin;

/// A potential-CORS request with destination `audio` or `video` and the
/// `crossorigin` attribute's state, with `Range: bytes=0-` ("add a range
/// header to request given 0"). A URL that does not parse fires `error`.
pub fn request(client: &Origin, init: &ApiInit<'_>, profile: &Profile) -> Result<Request, Refused> {
    let url = init.parsed.ok_or(Refused::error_event())?.clone();
    let destination = if init.media_video {
        Destination::Video
    } else {
        Destination::Audio
    };
    let state = CorsSettingsAttribute::from_attribute_value(init.crossorigin);
    let mut request = create_potential_cors_request(url, destination, state, client)
        .map_err(|_| Refused::error_event())?;
    let accept = if init.media_video {
        profile.initiators.accept_video
    } else {
        profile.initiators.accept_audio
    };
    request.header_list.append(b"Accept", accept.as_bytes());
    request.header_list.append(b"Range", b"bytes=0-");
    Ok(request)
}

/// Whether `loadedmetadata` fires: the response passes "verify a response"
/// for the byte range `bytes=0-` (the internal response's status is 200 or
/// 206, so an opaque 416 fails like any other) and its body decodes as audio
/// or video (an opaque response's bytes still play). `status` is the
/// internal response's status as the server sent it.
/// <https://html.spec.whatwg.org/multipage/media.html#verify-a-media-response>
pub fn loads(status: Option<u16>, body: Option<&[u8]>) -> bool {
    matches!(status, Some(200 | 206))
        && body.is_some_and(|b| audio_or_video_type_pattern_matching(b).is_some())
}
