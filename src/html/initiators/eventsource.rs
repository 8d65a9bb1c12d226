//! `new EventSource(url, {withCredentials})`.
//! <https://html.spec.whatwg.org/multipage/server-sent-events.html#dom-eventsource>

use super::{ApiInit, Refused, Thrown};
use crate::html::{CorsSettingsAttribute, create_potential_cors_request};
use crate::http::headers::HeaderList;
use crate::http::headers::response::extract_mime_type;
use crate::http::request::{CacheMode, Destination, Request};
use crate::origin::Origin;

/// The constructor: a URL that does not parse is a `SyntaxError`; the
/// request is a potential-CORS request with the empty destination and the
/// Anonymous state (Use Credentials with `withCredentials`), `Accept:
/// text/event-stream`, cache mode `no-store`.
pub fn request(client: &Origin, init: &ApiInit<'_>) -> Result<Request, Refused> {
    let url = init
        .parsed
        .ok_or(Refused::throws(Thrown::SyntaxError))?
        .clone();
    let state = if init.with_credentials {
        CorsSettingsAttribute::UseCredentials
    } else {
        CorsSettingsAttribute::Anonymous
    };
    let mut request = create_potential_cors_request(url, Destination::Empty, state, client)
        .map_err(|_| Refused::error_event())?;
    request.header_list.append(b"Accept", b"text/event-stream");
    request.cache_mode = CacheMode::NoStore;
    Ok(request)
}

/// Whether the connection is announced (`open`): status 200 and a
/// `Content-Type` of `text/event-stream`; anything else fails it (`error`).
pub fn announces(status: u16, headers: &HeaderList) -> bool {
    status == 200 && extract_mime_type(headers).is_some_and(|m| m.essence_is("text/event-stream"))
}
