//! `navigator.sendBeacon(url, data)`.
//! <https://w3c.github.io/beacon/#sendbeacon-method>

use super::{ApiInit, Refused, Thrown};
use crate::browser::Profile;
use crate::http::headers::is_cors_safelisted_request_header;
use crate::http::request::{CredentialsMode, Destination, Mode, Request};
use crate::origin::Origin;
use crate::policy::mixed_content::{MixedContent, mixed_content_check};

/// The keepalive quota: a body larger than this makes `sendBeacon` return
/// false. <https://fetch.spec.whatwg.org/#http-network-or-cache-fetch>
/// (the 64 kibibytes of in-flight keepalive bodies)
pub const KEEPALIVE_QUOTA: usize = 64 * 1024;

/// The request `sendBeacon` queues: `POST`, keepalive, credentials mode
/// `include`, mode `no-cors` unless the body's type is not a CORS-safelisted
/// `Content-Type` (a `Blob` of type `application/json`), then `cors`. A
/// string body is `text/plain;charset=UTF-8`.
///
/// A URL that does not parse or is not HTTP(S) throws a `TypeError`; a body
/// over the keepalive quota returns false (no request), and so does a URL
/// that mixed content would block with
/// `initiators.beacon_mixed_content_returns_false`.
pub fn request(client: &Origin, init: &ApiInit<'_>, profile: &Profile) -> Result<Request, Refused> {
    let url = init
        .parsed
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .ok_or(Refused::throws(Thrown::TypeError))?
        .clone();
    let body = init.body.unwrap_or_default();
    let blocked = || mixed_content_check(client, Destination::Empty, &url) == MixedContent::Blocked;
    if body.len() > KEEPALIVE_QUOTA
        || (profile.initiators.beacon_mixed_content_returns_false && blocked())
    {
        return Err(Refused::error_event());
    }
    let mut request = Request::new(url, client.clone());
    request.method = "POST".to_owned();
    request.credentials_mode = CredentialsMode::Include;
    request.unsafe_request = true;
    request.mode = Mode::NoCors;
    // "Extract" the body: a Blob gives its type (none when empty), a string
    // text/plain;charset=UTF-8.
    let content_type = match init.body_type {
        Some("") => None,
        Some(t) => Some(t),
        None if init.body.is_some() => Some("text/plain;charset=UTF-8"),
        None => None,
    };
    if let Some(t) = content_type {
        if !is_cors_safelisted_request_header(b"content-type", t.as_bytes()) {
            request.mode = Mode::Cors;
        }
        request.header_list.append(b"Content-Type", t.as_bytes());
    }
    request.body = init.body.map(|b| b.as_bytes().to_vec());
    Ok(request)
}
