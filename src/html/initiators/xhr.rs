//! `XMLHttpRequest`: the request `send()` hands to Fetch, and what
//! `status` and `getAllResponseHeaders()` then show.
//! <https://xhr.spec.whatwg.org/#the-send()-method>

use super::{ApiInit, Observed, Refused, Thrown};
use crate::browser::Profile;
use crate::http::headers::{
    HeaderList, is_forbidden_request_header, is_header_name, is_header_value,
    normalize_header_value,
};
use crate::http::method;
use crate::http::request::{CredentialsMode, Mode, Request};
use crate::http::response::FilteredResponse;
use crate::origin::Origin;

/// `open(method, url)`, `setRequestHeader(name, value)` for each header,
/// `withCredentials`, an upload listener, then `send(body)`.
///
/// - `open()`: a method that is not a method is a `SyntaxError`, a forbidden
///   one a `SecurityError`; a URL that does not parse is a `SyntaxError`.
/// - `setRequestHeader()`: an invalid name or value is a `SyntaxError`; a
///   forbidden request-header is ignored; a repeated name is combined.
/// - `send()`: `GET`/`HEAD` drop the body; a string body gets
///   `text/plain;charset=UTF-8` unless the author set `Content-Type`; the
///   request is mode `cors`, credentials `include` with `withCredentials`
///   else `same-origin`, the empty destination, and the use-CORS-preflight
///   flag is set when the upload object has a listener and there is a body.
pub fn send(client: &Origin, init: &ApiInit<'_>, profile: &Profile) -> Result<Request, Refused> {
    // open(), steps 3-4.
    let method = match init.method {
        None => "GET".to_owned(),
        Some(m) if !method::is_method(m) => return Err(Refused::throws(Thrown::SyntaxError)),
        Some(m) if method::is_forbidden_method(m) => {
            return Err(Refused::throws(Thrown::SecurityError));
        }
        Some(m) => method::normalize_method(m).into_owned(),
    };
    // open(), steps 5-7.
    let url = init
        .parsed
        .ok_or(Refused::throws(Thrown::SyntaxError))?
        .clone();
    // setRequestHeader().
    let mut author_request_headers = HeaderList::new();
    for (name, value) in init.headers {
        let value = normalize_header_value(value.as_bytes());
        if !is_header_name(name.as_bytes()) || !is_header_value(value) {
            return Err(Refused::throws(Thrown::SyntaxError));
        }
        if is_forbidden_request_header(name.as_bytes(), value)
            || profile.is_extra_forbidden_request_header_name(name.as_bytes())
        {
            continue;
        }
        author_request_headers.combine(name.as_bytes(), value);
    }
    // send(), steps 4-5.
    let body = match init.body {
        Some(_) if method == "GET" || method == "HEAD" => None,
        other => other,
    };
    if body.is_some() && !author_request_headers.contains(b"content-type") {
        author_request_headers.append(b"Content-Type", b"text/plain;charset=UTF-8");
    }
    // send(), step 11: the upload listener flag counts only with a body
    // (unless the profile preflights regardless).
    let upload_listener = init.upload_listener
        && (body.is_some()
            || profile
                .initiators
                .xhr_upload_listener_preflights_without_body);
    let mut request = Request::new(url, client.clone());
    request.method = method;
    request.header_list = author_request_headers;
    request.unsafe_request = true;
    request.mode = Mode::Cors;
    request.credentials_mode = if init.with_credentials {
        CredentialsMode::Include
    } else {
        CredentialsMode::SameOrigin
    };
    request.use_cors_preflight = upload_listener;
    request.body = body.map(|b| b.as_bytes().to_vec());
    if url_has_credentials(&request) {
        // The use-URL-credentials flag is not modelled; refuse as fetch() does.
        return Err(Refused::error_event());
    }
    Ok(request)
}

fn url_has_credentials(request: &Request) -> bool {
    let url = request.current_url();
    url.username() != "" || url.password().is_some()
}

/// What the page reads after `load`: `status` and the names in
/// `getAllResponseHeaders()` (the filtered response's headers, lowercased,
/// sorted, combined).
/// <https://xhr.spec.whatwg.org/#the-getallresponseheaders()-method>
pub fn observe(response: &FilteredResponse) -> Observed {
    Observed {
        ok: true,
        status: Some(response.status),
        visible_headers: Some(response.visible_header_names()),
    }
}
