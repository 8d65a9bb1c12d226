//! `new WebSocket(url)` and "obtain a WebSocket connection": the handshake
//! is a Fetch request in mode `websocket`, with no CORS check; Fetch adds
//! `Origin` (and Fetch Metadata with `Sec-Fetch-Mode: websocket`).
//! <https://websockets.spec.whatwg.org/#dom-websocket-websocket>
//! <https://websockets.spec.whatwg.org/#concept-websocket-establish>

use url::Url;

use super::{ApiInit, Refused, Thrown};
use crate::browser::Profile;
use crate::http::request::{
    CacheMode, CredentialsMode, Destination, Mode, RedirectMode, ReferrerPolicy, Request,
};
use crate::origin::Origin;
use crate::policy::mixed_content::{MixedContent, mixed_content_check};

/// The constructor's URL steps and the handshake request. A URL that does
/// not parse, a scheme other than `ws`/`wss` (`http`/`https` become them)
/// or a fragment is a `SyntaxError`. The request goes to the URL's HTTP(S)
/// form: mode `websocket`, credentials `include`, cache `no-store`, redirect
/// `error`, referrer `no-referrer`, with `Upgrade`, `Connection`,
/// `Sec-WebSocket-Version` (the key is random and not modelled).
///
/// With `initiators.websocket_mixed_content_throws`, a handshake that mixed
/// content would block throws a `SecurityError` here instead.
pub fn request(client: &Origin, init: &ApiInit<'_>, profile: &Profile) -> Result<Request, Refused> {
    let mut url = init
        .parsed
        .ok_or(Refused::throws(Thrown::SyntaxError))?
        .clone();
    let http_scheme = match url.scheme() {
        "ws" | "http" => "http",
        "wss" | "https" => "https",
        _ => return Err(Refused::throws(Thrown::SyntaxError)),
    };
    if url.fragment().is_some() {
        return Err(Refused::throws(Thrown::SyntaxError));
    }
    // Setting a special scheme on a special URL cannot fail.
    url.set_scheme(http_scheme)
        .map_err(|()| Refused::throws(Thrown::SyntaxError))?;
    if profile.initiators.websocket_mixed_content_throws
        && mixed_content_check(client, Destination::Empty, &url) == MixedContent::Blocked
    {
        return Err(Refused::throws(Thrown::SecurityError));
    }
    let mut request = Request::new(url, client.clone());
    request.mode = Mode::WebSocket;
    request.credentials_mode = CredentialsMode::Include;
    request.cache_mode = CacheMode::NoStore;
    request.redirect_mode = RedirectMode::Error;
    request.referrer_policy = ReferrerPolicy::NoReferrer;
    request.header_list.append(b"Upgrade", b"websocket");
    request.header_list.append(b"Connection", b"Upgrade");
    request.header_list.append(b"Sec-WebSocket-Version", b"13");
    Ok(request)
}

/// The `ws:`/`wss:` form of a handshake's HTTP(S) URL, as recordings name it.
pub fn websocket_url(url: &Url) -> Url {
    let mut out = url.clone();
    let scheme = match url.scheme() {
        "http" => "ws",
        "https" => "wss",
        _ => return out,
    };
    // Both are special schemes: the change cannot fail.
    let _ = out.set_scheme(scheme);
    out
}
