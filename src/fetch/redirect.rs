//! Redirects: the location URL and the request changes of "HTTP-redirect fetch".
//! <https://fetch.spec.whatwg.org/#http-redirect-fetch>

use serde::Serialize;
use url::Url;

use crate::browser::RedirectRules;
use crate::http::headers::{self, ExtractedValues, HeaderList};
use crate::http::request::{Mode, Request, ResponseTainting};
use crate::http::response::is_redirect_status;
use crate::origin::Origin;

/// The request-body-header names, deleted when a redirect drops the body.
/// <https://fetch.spec.whatwg.org/#request-body-header-name>
const REQUEST_BODY_HEADER_NAMES: [&[u8]; 4] = [
    b"content-encoding",
    b"content-language",
    b"content-location",
    b"content-type",
];

/// The most redirects a fetch follows; the 21st fails.
pub const REDIRECT_LIMIT: u8 = 20;

/// A response's location URL. <https://fetch.spec.whatwg.org/#concept-response-location-url>
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LocationUrl {
    /// Not a redirect status, or no `Location` header: the response is final.
    Null,
    /// Several `Location` values or one that does not parse as a URL.
    Failure {
        /// The combined value.
        value: String,
    },
    /// The URL to follow.
    Url(Url),
}

/// The location URL of a response with `status` and `list`, whose URL is
/// `response_url`, given the request's current URL's fragment.
/// <https://fetch.spec.whatwg.org/#concept-response-location-url>
pub fn location_url(
    status: u16,
    list: &HeaderList,
    response_url: &Url,
    request_fragment: Option<&str>,
) -> LocationUrl {
    if !is_redirect_status(status) {
        return LocationUrl::Null;
    }
    let value = match headers::extract_header_list_values(b"location", list) {
        ExtractedValues::Absent => return LocationUrl::Null,
        // Each `Location` line is one value (its ABNF is no list).
        ExtractedValues::Values(values) if values.len() == 1 => {
            values.into_iter().next().unwrap_or_default()
        }
        // `Location` takes a single value: several lines, or a value the list
        // parser splits, are a failure.
        _ => {
            return LocationUrl::Failure {
                value: list
                    .get(b"location")
                    .map(|v| String::from_utf8_lossy(&v).into_owned())
                    .unwrap_or_default(),
            };
        }
    };
    // Header values are bytes; the URL parser takes a string (isomorphic
    // decoding keeps every byte).
    let text: String = value.iter().map(|&b| b as char).collect();
    match response_url.join(&text) {
        Ok(mut url) => {
            if url.fragment().is_none() {
                url.set_fragment(request_fragment);
            }
            LocationUrl::Url(url)
        }
        Err(_) => LocationUrl::Failure { value: text },
    }
}

/// Why following a redirect failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum RedirectFailure {
    /// The location URL is failure.
    InvalidLocation {
        /// The `Location` value.
        value: String,
    },
    /// The location URL's scheme is not `http` or `https`.
    NonHttpScheme {
        /// The location URL.
        url: String,
    },
    /// The redirect count reached 20.
    TooManyRedirects,
    /// A CORS request redirected to a URL with a username or password.
    LocationIncludesCredentials {
        /// The location URL.
        url: String,
    },
}

/// Steps 5 to 16 of HTTP-redirect fetch: checks the location URL and changes
/// the request (count, method and body, headers, URL list). The caller then
/// runs main fetch again.
/// <https://fetch.spec.whatwg.org/#http-redirect-fetch>
pub fn follow_redirect(
    request: &mut Request,
    status: u16,
    location: Url,
) -> Result<(), RedirectFailure> {
    follow_redirect_keeping_authorization(request, status, location, false)
}

/// [`follow_redirect`], except that `keep_authorization` skips step 13's
/// removal of `Authorization` on a cross-origin hop (a browser that has not
/// implemented it). <https://fetch.spec.whatwg.org/#http-redirect-fetch>
pub fn follow_redirect_keeping_authorization(
    request: &mut Request,
    status: u16,
    location: Url,
    keep_authorization: bool,
) -> Result<(), RedirectFailure> {
    let rules = RedirectRules {
        authorization_kept_cross_origin: keep_authorization,
        ..crate::browser::Profile::SPEC.redirects
    };
    follow_redirect_with_rules(request, status, location, &rules)
}

/// [`follow_redirect`] with a profile's departures from the standard:
/// `Authorization` kept on a cross-origin hop, and a `DELETE` redirected to
/// another origin rewritten to `GET`.
/// <https://fetch.spec.whatwg.org/#http-redirect-fetch>
pub fn follow_redirect_with_rules(
    request: &mut Request,
    status: u16,
    location: Url,
    rules: &RedirectRules,
) -> Result<(), RedirectFailure> {
    if !matches!(location.scheme(), "http" | "https") {
        return Err(RedirectFailure::NonHttpScheme {
            url: location.to_string(),
        });
    }
    if request.redirect_count >= REDIRECT_LIMIT {
        return Err(RedirectFailure::TooManyRedirects);
    }
    request.redirect_count += 1;
    let includes_credentials = location.username() != "" || location.password().is_some();
    if includes_credentials {
        let location_origin = Origin::from_url(&location);
        if (request.mode == Mode::Cors && !request.origin.same_origin(&location_origin))
            || request.response_tainting == ResponseTainting::Cors
        {
            return Err(RedirectFailure::LocationIncludesCredentials {
                url: location.to_string(),
            });
        }
    }
    let hop_crosses_origins =
        !Origin::from_url(request.current_url()).same_origin_with_url(&location);
    // A string body always has a source, so step 11's failure cannot happen.
    if ((status == 301 || status == 302) && request.method == "POST")
        || (status == 303 && request.method != "GET" && request.method != "HEAD")
    {
        request.method = "GET".to_owned();
        request.body = None;
        for name in REQUEST_BODY_HEADER_NAMES {
            request.header_list.delete(name);
        }
    } else if rules.delete_becomes_get_cross_origin
        && hop_crosses_origins
        && request.method == "DELETE"
    {
        // WebKit's network layer: the body goes, the headers stay.
        request.method = "GET".to_owned();
        request.body = None;
    }
    if !rules.authorization_kept_cross_origin && hop_crosses_origins {
        // The moment another origin is seen, `Authorization` goes.
        request.header_list.delete(b"authorization");
    }
    request.push_url(location);
    Ok(())
}

/// A browser's departure from HTTP-redirect fetch, which keeps the request's
/// headers but those it names (request-body headers when the method changes,
/// `Authorization` on an origin change): after the request's current URL became the
/// location URL, deletes each header in `names` unless that URL's origin is
/// the request's origin (the page's). Chromium drops the client hints script
/// set this way (knob `redirects.client_hints_removed_unless_page_origin`);
/// once gone they stay gone on later hops.
/// <https://fetch.spec.whatwg.org/#http-redirect-fetch>
pub fn remove_headers_unless_request_origin(request: &mut Request, names: &[&str]) {
    if names.is_empty() || request.origin.same_origin_with_url(request.current_url()) {
        return;
    }
    for name in names {
        request.header_list.delete(name.as_bytes());
    }
}

/// "Set request's referrer policy on redirect": the last valid token of the
/// redirect's `Referrer-Policy` header, if any, becomes the request's policy.
/// <https://w3c.github.io/webappsec-referrer-policy/#set-requests-referrer-policy-on-redirect>
pub fn set_referrer_policy_on_redirect(request: &mut Request, response_headers: &HeaderList) {
    let Some(value) = response_headers.get(b"referrer-policy") else {
        return;
    };
    // `1#policy-token`: comma-separated; unknown tokens are skipped.
    let policy = value
        .split(|&b| b == b',')
        .rev()
        .filter_map(|token| std::str::from_utf8(headers::normalize_header_value(token)).ok())
        .find_map(crate::http::request::ReferrerPolicy::from_token);
    if let Some(policy) = policy {
        request.referrer_policy = policy;
    }
}
