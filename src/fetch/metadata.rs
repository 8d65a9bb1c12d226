//! Fetch Metadata request headers: `Sec-Fetch-Dest`, `Sec-Fetch-Mode`,
//! `Sec-Fetch-Site` (`Sec-Fetch-User` is for user-activated navigations,
//! which `fetch()` never makes).
//! <https://w3c.github.io/webappsec-fetch-metadata/#fetch-integration>

use crate::browser::Profile;
use crate::fetch::RequestKind;
use crate::http::headers::HeaderList;
use crate::http::request::{Destination, Mode, Request};
use crate::origin::{Origin, is_potentially_trustworthy_url, same_site_with_url};

/// The value of `Sec-Fetch-Site` for a request whose origin is `origin` and
/// whose URL list is `urls`: the relationship of every URL the request has
/// visited, not only the last one.
/// <https://w3c.github.io/webappsec-fetch-metadata/#sec-fetch-site-header>
pub fn sec_fetch_site<'a>(
    origin: &Origin,
    urls: impl IntoIterator<Item = &'a url::Url>,
) -> &'static str {
    let mut value = "same-origin";
    for url in urls {
        if origin.same_origin_with_url(url) {
            continue;
        }
        value = "cross-site";
        if !same_site_with_url(origin, url) {
            break;
        }
        value = "same-site";
    }
    value
}

/// The value of `Sec-Fetch-Mode`. <https://w3c.github.io/webappsec-fetch-metadata/#sec-fetch-mode-header>
pub fn sec_fetch_mode(mode: Mode) -> &'static str {
    match mode {
        Mode::SameOrigin => "same-origin",
        Mode::Cors => "cors",
        Mode::NoCors => "no-cors",
        Mode::Navigate => "navigate",
        Mode::WebSocket => "websocket",
    }
}

/// The value of `Sec-Fetch-Dest`: the destination, `empty` for the empty string.
/// <https://w3c.github.io/webappsec-fetch-metadata/#sec-fetch-dest-header>
pub fn sec_fetch_dest(destination: Destination) -> &'static str {
    match destination {
        Destination::Empty => "empty",
        Destination::Image => "image",
        Destination::Script => "script",
        Destination::Style => "style",
        Destination::Audio => "audio",
        Destination::Video => "video",
        Destination::Font => "font",
        Destination::Worker => "worker",
        Destination::Sharedworker => "sharedworker",
        Destination::Iframe => "iframe",
    }
}

/// "Append the Fetch metadata headers for a request", for `request` sent
/// with `mode` (a CORS-preflight request is always `cors`). Nothing is
/// appended unless the request's URL (the first of its URL list; the current
/// one for profiles that check that) is a potentially trustworthy URL.
/// <https://w3c.github.io/webappsec-fetch-metadata/#abstract-opdef-append-the-fetch-metadata-headers-for-a-request>
pub fn append_fetch_metadata_headers(
    list: &mut HeaderList,
    request: &Request,
    mode: Mode,
    kind: RequestKind,
    profile: &Profile,
) {
    let preflight = kind == RequestKind::Preflight;
    let checked = if profile.fetch_metadata.checks_current_url {
        Some(request.current_url())
    } else {
        request.url_list().next()
    };
    if !checked.is_some_and(is_potentially_trustworthy_url) {
        // Chromium marks its preflights `cors` whatever their URL.
        if preflight && profile.fetch_metadata.preflight_mode_on_non_trustworthy_url {
            list.push_raw(b"Sec-Fetch-Mode", b"cors");
        }
        return;
    }
    if preflight
        && profile.fetch_metadata.preflight_needs_trustworthy_first_url
        && !request
            .url_list()
            .next()
            .is_some_and(is_potentially_trustworthy_url)
    {
        return;
    }
    if mode == Mode::WebSocket && !profile.initiators.websocket_sends_fetch_metadata {
        return;
    }
    // WebKit strips them from a CORS request once a redirect has changed its
    // URL's origin (its preflights compute them afresh).
    if !preflight
        && profile.redirects.fetch_metadata_removed_cross_origin
        && mode == Mode::Cors
        && crossed_origins(request)
    {
        return;
    }
    let site = if preflight && profile.fetch_metadata.preflight_site_checks_own_url_only {
        sec_fetch_site(&request.origin, [request.current_url()])
    } else {
        sec_fetch_site(&request.origin, request.url_list())
    };
    // "Set a structured field value": script cannot set `Sec-` names (they are
    // forbidden request-headers) and nothing else adds these, so a push is the set.
    let dest = if mode == Mode::WebSocket {
        profile.initiators.websocket_sec_fetch_dest
    } else {
        sec_fetch_dest(request.destination)
    };
    list.push_raw(b"Sec-Fetch-Dest", dest.as_bytes());
    list.push_raw(b"Sec-Fetch-Mode", sec_fetch_mode(mode).as_bytes());
    list.push_raw(b"Sec-Fetch-Site", site.as_bytes());
}

/// Whether some redirect of `request` went to another origin than the URL
/// before it.
fn crossed_origins(request: &Request) -> bool {
    let mut previous: Option<&url::Url> = None;
    for u in request.url_list() {
        if previous.is_some_and(|p| !Origin::from_url(p).same_origin_with_url(u)) {
            return true;
        }
        previous = Some(u);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(list: &[&str]) -> Vec<url::Url> {
        list.iter()
            .map(|u| url::Url::parse(u).expect("test URL"))
            .collect()
    }

    #[test]
    fn sec_fetch_site_walks_the_whole_url_list() {
        let origin = Origin::parse_serialized("https://app.a.test").expect("origin");
        let cases: &[(&[&str], &str)] = &[
            (&["https://app.a.test/x"], "same-origin"),
            (&["https://api.a.test/x"], "same-site"),
            // "Same site" is schemeful: http and https are different sites.
            (&["http://app.a.test/x"], "cross-site"),
            (&["https://api.b.test/x"], "cross-site"),
            // A hop elsewhere is remembered even when the chain comes back.
            (
                &["https://api.b.test/x", "https://app.a.test/y"],
                "cross-site",
            ),
            (
                &["https://api.a.test/x", "https://app.a.test/y"],
                "same-site",
            ),
            (
                &["https://api.a.test/x", "https://api.b.test/y"],
                "cross-site",
            ),
        ];
        for (list, want) in cases {
            assert_eq!(sec_fetch_site(&origin, &urls(list)), *want, "{list:?}");
        }
        let opaque = Origin::new_opaque();
        assert_eq!(
            sec_fetch_site(&opaque, &urls(&["https://app.a.test/"])),
            "cross-site"
        );
    }

    #[test]
    fn mode_and_dest_tokens() {
        assert_eq!(sec_fetch_mode(Mode::NoCors), "no-cors");
        assert_eq!(sec_fetch_mode(Mode::SameOrigin), "same-origin");
        assert_eq!(sec_fetch_dest(Destination::Empty), "empty");
        assert_eq!(sec_fetch_dest(Destination::Style), "style");
    }
}
