//! Every other way a page makes a request, each as its own standard
//! constructs it: what goes to Fetch (destination, mode, credentials mode,
//! headers, body, the use-CORS-preflight flag) and what the page then
//! observes (which event fires, what `XMLHttpRequest` exposes, whether a
//! constructor throws).
//!
//! - [`xhr`]: `XMLHttpRequest`'s `open()`, `setRequestHeader()` and
//!   `send()`. <https://xhr.spec.whatwg.org/>
//! - [`eventsource`]: `new EventSource()`.
//!   <https://html.spec.whatwg.org/multipage/server-sent-events.html>
//! - [`beacon`]: `navigator.sendBeacon()`. <https://w3c.github.io/beacon/>
//! - [`websocket`]: `new WebSocket()` and "obtain a WebSocket connection".
//!   <https://websockets.spec.whatwg.org/>
//! - [`scripts`]: `<script type=module>`, `import()` and workers.
//!   <https://html.spec.whatwg.org/multipage/webappapis.html#fetching-scripts>
//! - [`font`]: `@font-face`. <https://drafts.csswg.org/css-fonts/#font-fetching-requirements>
//! - [`media`]: `<audio>` and `<video>`.
//!   <https://html.spec.whatwg.org/multipage/media.html#concept-media-load-resource>
//! - [`navigation`]: `<iframe src>` and form submission.
//!   <https://html.spec.whatwg.org/multipage/browsing-the-web.html#navigating-across-documents>
//!
//! No user activation is modelled (no `Sec-Fetch-User`), and every request
//! goes through [`crate::fetch`] unchanged: only the request differs.

pub mod beacon;
pub mod eventsource;
pub mod font;
pub mod media;
pub mod navigation;
pub mod scripts;
pub mod websocket;
pub mod xhr;

use serde::{Deserialize, Serialize};
use url::Url;

use crate::browser::Profile;
use crate::fetch::FetchOutcome;
use crate::http::request::{ReferrerPolicy, Request};
use crate::http::response::NetworkResponse;
use crate::origin::Origin;

/// How the page issues a request: the scenario format's `request.api`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "kebab-case")]
pub enum Api {
    /// `XMLHttpRequest`.
    Xhr,
    /// `new EventSource(url)`.
    Eventsource,
    /// `navigator.sendBeacon(url, body)`.
    Beacon,
    /// `new WebSocket(url)`.
    Websocket,
    /// `<script type=module src>`.
    Module,
    /// `import(url)` from a classic script.
    Import,
    /// `new Worker(url)`.
    Worker,
    /// `new Worker(url, {type: "module"})`.
    ModuleWorker,
    /// `new SharedWorker(url)`.
    SharedWorker,
    /// `@font-face { src: url(...) }`.
    Font,
    /// `<audio src>` or `<video src>`.
    Media,
    /// `<iframe src>`.
    Iframe,
    /// A form submitted into an `<iframe>`.
    Form,
}

impl Api {
    /// Every value, in the format's order.
    pub const ALL: [Api; 13] = [
        Api::Xhr,
        Api::Eventsource,
        Api::Beacon,
        Api::Websocket,
        Api::Module,
        Api::Import,
        Api::Worker,
        Api::ModuleWorker,
        Api::SharedWorker,
        Api::Font,
        Api::Media,
        Api::Iframe,
        Api::Form,
    ];

    /// The format's name for it (`module-worker`).
    pub fn as_str(self) -> &'static str {
        match self {
            Api::Xhr => "xhr",
            Api::Eventsource => "eventsource",
            Api::Beacon => "beacon",
            Api::Websocket => "websocket",
            Api::Module => "module",
            Api::Import => "import",
            Api::Worker => "worker",
            Api::ModuleWorker => "module-worker",
            Api::SharedWorker => "shared-worker",
            Api::Font => "font",
            Api::Media => "media",
            Api::Iframe => "iframe",
            Api::Form => "form",
        }
    }

    /// Whether the page sees the response's status and headers
    /// (`XMLHttpRequest` only; the others see an event).
    pub fn exposes_response(self) -> bool {
        self == Api::Xhr
    }
}

/// The exception a constructor or method throws synchronously, by its
/// `DOMException` name (or `TypeError`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Thrown {
    /// `SyntaxError`: a URL that does not parse, a bad scheme, an invalid
    /// method or header.
    SyntaxError,
    /// `SecurityError`: a forbidden method, a cross-origin worker URL in
    /// some browsers.
    SecurityError,
    /// `TypeError`: `sendBeacon` with a URL that does not parse or is not
    /// HTTP(S).
    TypeError,
}

impl Thrown {
    /// The exception's name, as `expect.thrown` gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            Thrown::SyntaxError => "SyntaxError",
            Thrown::SecurityError => "SecurityError",
            Thrown::TypeError => "TypeError",
        }
    }
}

/// What the page passes, whatever the API (the scenario's `request`).
#[derive(Clone, Copy, Debug, Default)]
pub struct ApiInit<'a> {
    /// The URL as written in the page.
    pub url: &'a str,
    /// The URL parsed against the page (`None`: it does not parse).
    pub parsed: Option<&'a Url>,
    /// `xhr.open()`'s method, or the form's `method`.
    pub method: Option<&'a str>,
    /// `setRequestHeader()` calls, in order.
    pub headers: &'a [(String, String)],
    /// The body (`send(body)`, `sendBeacon(url, body)`).
    pub body: Option<&'a str>,
    /// `xhr.withCredentials`, `EventSource`'s `withCredentials`.
    pub with_credentials: bool,
    /// A listener on `xhr.upload`.
    pub upload_listener: bool,
    /// `sendBeacon`'s body as a `Blob` of this type.
    pub body_type: Option<&'a str>,
    /// The form's `enctype`.
    pub enctype: Option<&'a str>,
    /// The form's fields.
    pub form: &'a [(String, String)],
    /// The element's `crossorigin` attribute (`module`, `media`).
    pub crossorigin: Option<&'a str>,
    /// `audio` or `video` for `media`.
    pub media_video: bool,
    /// The element's referrer policy, when given.
    pub referrer_policy: Option<ReferrerPolicy>,
}

/// Why the page makes no request: the call threw, or the API itself fails
/// before fetching (the page then sees `network-error`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refused {
    /// The exception thrown synchronously, if any (`None`: an error event
    /// or a rejected promise later).
    pub thrown: Option<Thrown>,
}

impl Refused {
    pub(crate) fn throws(thrown: Thrown) -> Refused {
        Refused {
            thrown: Some(thrown),
        }
    }

    pub(crate) fn error_event() -> Refused {
        Refused { thrown: None }
    }
}

/// The request `api` hands to Fetch for `init`, from a page whose origin is
/// `client`, or why there is none.
pub fn create_request(
    api: Api,
    client: &Origin,
    init: &ApiInit<'_>,
    profile: &Profile,
) -> Result<Request, Refused> {
    let mut request = match api {
        Api::Xhr => xhr::send(client, init, profile)?,
        Api::Eventsource => eventsource::request(client, init)?,
        Api::Beacon => beacon::request(client, init, profile)?,
        Api::Websocket => websocket::request(client, init, profile)?,
        Api::Module | Api::Import => scripts::module_script_request(api, client, init)?,
        Api::Worker | Api::ModuleWorker | Api::SharedWorker => {
            scripts::worker_request(api, client, init, profile)?
        }
        Api::Font => font::request(client, init, profile)?,
        Api::Media => media::request(client, init, profile)?,
        Api::Iframe => navigation::iframe_request(client, init, profile)?,
        Api::Form => navigation::form_request(client, init, profile)?,
    };
    if let Some(policy) = init.referrer_policy {
        request.referrer_policy = policy;
    }
    Ok(request)
}

/// What the page observes once Fetch is done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Observed {
    /// Whether the API's success event fired (see the format's table).
    pub ok: bool,
    /// `xhr.status` (only for `xhr`, when `ok`).
    pub status: Option<u16>,
    /// The names in `xhr.getAllResponseHeaders()` (only for `xhr`).
    pub visible_headers: Option<Vec<String>>,
}

impl Observed {
    fn event(ok: bool) -> Observed {
        Observed {
            ok,
            status: None,
            visible_headers: None,
        }
    }
}

/// What the page observes for `api` after Fetch ended with `outcome`;
/// `last` is the final response as the server sent it (the internal
/// response behind a filtered one: its body, as far as the server sent it,
/// and its status).
pub fn observe(
    api: Api,
    outcome: &FetchOutcome,
    last: Option<&NetworkResponse>,
    profile: &Profile,
) -> Observed {
    let body = last.and_then(|r| r.body.as_deref());
    let FetchOutcome::Response(response) = outcome else {
        // Beacons are fire-and-forget: the call already returned true.
        return Observed::event(api == Api::Beacon);
    };
    let headers = &response.headers;
    match api {
        Api::Xhr => xhr::observe(response),
        Api::Eventsource => Observed::event(eventsource::announces(response.status, headers)),
        Api::Beacon => Observed::event(true),
        Api::Websocket => Observed::event(response.status == 101),
        Api::Module | Api::Import | Api::Worker | Api::ModuleWorker | Api::SharedWorker => {
            Observed::event(scripts::script_runs(api, response, headers, profile))
        }
        Api::Font => Observed::event(font::loads(response, body)),
        Api::Media => Observed::event(media::loads(last.map(|r| r.status), body)),
        Api::Iframe | Api::Form => Observed::event(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::browser::Profile;
    use crate::http::request::{CredentialsMode, Destination, Mode};

    fn build(api: Api, url: &str, init: ApiInit<'_>) -> Result<Request, Refused> {
        let origin = Origin::parse_serialized("https://app.a.test").expect("origin");
        let parsed = Url::parse(url).ok();
        let init = ApiInit {
            url,
            parsed: parsed.as_ref(),
            ..init
        };
        create_request(api, &origin, &init, &Profile::SPEC)
    }

    #[test]
    fn each_api_gets_its_standards_destination_mode_and_credentials() {
        use CredentialsMode::{Include, SameOrigin};
        let rows = [
            (Api::Xhr, Destination::Empty, Mode::Cors, SameOrigin),
            (Api::Eventsource, Destination::Empty, Mode::Cors, SameOrigin),
            (Api::Beacon, Destination::Empty, Mode::NoCors, Include),
            (Api::Websocket, Destination::Empty, Mode::WebSocket, Include),
            (Api::Module, Destination::Script, Mode::Cors, SameOrigin),
            (Api::Import, Destination::Script, Mode::Cors, SameOrigin),
            (
                Api::Worker,
                Destination::Worker,
                Mode::SameOrigin,
                SameOrigin,
            ),
            (
                Api::ModuleWorker,
                Destination::Worker,
                Mode::SameOrigin,
                SameOrigin,
            ),
            (
                Api::SharedWorker,
                Destination::Sharedworker,
                Mode::SameOrigin,
                SameOrigin,
            ),
            (Api::Font, Destination::Font, Mode::Cors, SameOrigin),
            (Api::Media, Destination::Audio, Mode::NoCors, Include),
            (Api::Iframe, Destination::Iframe, Mode::Navigate, Include),
            (Api::Form, Destination::Iframe, Mode::Navigate, Include),
        ];
        assert_eq!(rows.len(), Api::ALL.len());
        for (api, destination, mode, credentials) in rows {
            let r = build(api, "https://b.test/x", ApiInit::default())
                .unwrap_or_else(|_| panic!("{}", api.as_str()));
            assert_eq!(
                (r.destination, r.mode, r.credentials_mode),
                (destination, mode, credentials),
                "{}",
                api.as_str()
            );
        }
    }

    #[test]
    fn upload_listener_sets_the_preflight_flag_only_with_a_body() {
        let with_body = ApiInit {
            method: Some("POST"),
            body: Some("x"),
            upload_listener: true,
            ..ApiInit::default()
        };
        let r = build(Api::Xhr, "https://b.test/x", with_body).expect("xhr");
        assert!(r.use_cors_preflight);
        let get = ApiInit {
            body: Some("x"),
            upload_listener: true,
            ..ApiInit::default()
        };
        let r = build(Api::Xhr, "https://b.test/x", get).expect("xhr");
        assert!(!r.use_cors_preflight && r.body.is_none());
    }

    #[test]
    fn beacon_blob_types_pick_the_mode_and_constructors_throw() {
        let json = ApiInit {
            body: Some("{}"),
            body_type: Some("application/json"),
            ..ApiInit::default()
        };
        assert_eq!(
            build(Api::Beacon, "https://b.test/l", json).map(|r| r.mode),
            Ok(Mode::Cors)
        );
        let thrown = |api, url| {
            build(api, url, ApiInit::default())
                .err()
                .and_then(|r| r.thrown)
        };
        assert_eq!(
            thrown(Api::Beacon, "ftp://b.test/"),
            Some(Thrown::TypeError)
        );
        assert_eq!(
            thrown(Api::Websocket, "wss://b.test/#f"),
            Some(Thrown::SyntaxError)
        );
        assert_eq!(
            thrown(Api::Worker, "https://b .test/"),
            Some(Thrown::SyntaxError)
        );
        assert_eq!(thrown(Api::Module, "https://b .test/"), None);
        let trace = ApiInit {
            method: Some("TRACE"),
            ..ApiInit::default()
        };
        assert_eq!(
            build(Api::Xhr, "https://b.test/", trace).err(),
            Some(Refused::throws(Thrown::SecurityError))
        );
    }

    #[test]
    fn mixed_content_websocket_and_beacon_follow_the_profile() {
        let origin = Origin::parse_serialized("https://app.a.test").expect("origin");
        let ws = Url::parse("ws://api.b.test/ws").expect("url");
        let log = Url::parse("http://api.b.test/log").expect("url");
        let refused = |api: Api, url: &Url, profile: &Profile| {
            let init = ApiInit {
                url: url.as_str(),
                parsed: Some(url),
                body: Some("a"),
                ..ApiInit::default()
            };
            create_request(api, &origin, &init, profile).err()
        };
        // The standard: the constructor returns, sendBeacon queues; Fetch
        // blocks them later.
        assert_eq!(refused(Api::Websocket, &ws, &Profile::SPEC), None);
        assert_eq!(refused(Api::Beacon, &log, &Profile::SPEC), None);
        assert_eq!(
            refused(Api::Websocket, &ws, &Profile::CHROMIUM),
            Some(Refused::throws(Thrown::SecurityError))
        );
        assert_eq!(
            refused(Api::Beacon, &log, &Profile::FIREFOX),
            Some(Refused::error_event())
        );
        // A wss: handshake is not mixed content.
        let wss = Url::parse("wss://api.b.test/ws").expect("url");
        assert_eq!(refused(Api::Websocket, &wss, &Profile::CHROMIUM), None);
    }
}
