//! Navigations a page starts without user activation: `<iframe src>` and a
//! form submitted into an `<iframe>`. Navigation requests are mode
//! `navigate` (no CORS, whatever the origins), credentials mode `include`,
//! with the document `Accept` value (the profile's, `accept_document`); POST navigations carry `Origin`.
//! <https://html.spec.whatwg.org/multipage/browsing-the-web.html#create-navigation-params-by-fetching>
//! <https://html.spec.whatwg.org/multipage/form-control-infrastructure.html#form-submission-algorithm>

use url::Url;

use super::{ApiInit, Refused};
use crate::browser::Profile;
use crate::http::request::{CredentialsMode, Destination, Mode, Request};
use crate::origin::Origin;

/// The boundary xorigin writes for `multipart/form-data` (browsers pick a
/// random one; the format compares `boundary=*`).
pub const MULTIPART_BOUNDARY: &str = "xoriginFormBoundary";

fn navigation_request(client: &Origin, url: Url, profile: &Profile) -> Result<Request, Refused> {
    if url.username() != "" || url.password().is_some() {
        // The use-URL-credentials flag is not modelled.
        return Err(Refused::error_event());
    }
    let mut request = Request::new(url, client.clone());
    request.destination = Destination::Iframe;
    request.mode = Mode::Navigate;
    request.credentials_mode = CredentialsMode::Include;
    request
        .header_list
        .append(b"Accept", profile.initiators.accept_document.as_bytes());
    Ok(request)
}

/// `<iframe src=url>`: a `GET` navigation with destination `iframe`. A URL
/// that does not parse navigates to `about:blank` (no request).
pub fn iframe_request(
    client: &Origin,
    init: &ApiInit<'_>,
    profile: &Profile,
) -> Result<Request, Refused> {
    let url = init.parsed.ok_or(Refused::error_event())?.clone();
    navigation_request(client, url, profile)
}

/// A form with `method`, `action=url`, `enctype`, the fields of
/// `init.form`, submitted into an `<iframe>`. `GET` (and any method but
/// `POST`) replaces the URL's query with the fields,
/// `application/x-www-form-urlencoded`; `POST` sends them as the body in
/// the `enctype` (`application/x-www-form-urlencoded` by default,
/// `multipart/form-data`, `text/plain`).
pub fn form_request(
    client: &Origin,
    init: &ApiInit<'_>,
    profile: &Profile,
) -> Result<Request, Refused> {
    let mut url = init.parsed.ok_or(Refused::error_event())?.clone();
    let post = init.method.is_some_and(|m| m.eq_ignore_ascii_case("post"));
    if !post {
        // "Mutate action URL".
        let query = urlencoded(init.form);
        url.set_query(Some(&query));
        return navigation_request(client, url, profile);
    }
    let mut request = navigation_request(client, url, profile)?;
    request.method = "POST".to_owned();
    let enctype = init
        .enctype
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let (content_type, body) = match enctype.as_str() {
        "multipart/form-data" => (
            format!("multipart/form-data; boundary={MULTIPART_BOUNDARY}"),
            multipart(init.form),
        ),
        "text/plain" => ("text/plain".to_owned(), plain(init.form)),
        _ => (
            "application/x-www-form-urlencoded".to_owned(),
            urlencoded(init.form),
        ),
    };
    request
        .header_list
        .append(b"Content-Type", content_type.as_bytes());
    request.body = Some(body.into_bytes());
    Ok(request)
}

/// The `application/x-www-form-urlencoded` serializer.
/// <https://url.spec.whatwg.org/#concept-urlencoded-serializer>
fn urlencoded(fields: &[(String, String)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields.iter().map(|(n, v)| (n.as_str(), v.as_str())))
        .finish()
}

/// The `text/plain` encoding: `name=value` lines ending in CRLF.
fn plain(fields: &[(String, String)]) -> String {
    fields.iter().map(|(n, v)| format!("{n}={v}\r\n")).collect()
}

/// The `multipart/form-data` encoding with [`MULTIPART_BOUNDARY`].
fn multipart(fields: &[(String, String)]) -> String {
    let mut out = String::new();
    for (n, v) in fields {
        out.push_str(&format!(
            "--{MULTIPART_BOUNDARY}\r\nContent-Disposition: form-data; name=\"{n}\"\r\n\r\n{v}\r\n"
        ));
    }
    out.push_str(&format!("--{MULTIPART_BOUNDARY}--\r\n"));
    out
}
