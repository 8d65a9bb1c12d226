//! What the HTML standard adds on top of Fetch: the origins of new
//! documents, `document.domain`, and the requests elements make.
//!
//! - [`document_origin`]: determining a new document's origin, the
//!   `document.domain` setter and DOM access checks.
//!   <https://html.spec.whatwg.org/multipage/browsers.html#origin>
//! - [`potential_cors_request`]: "create a potential-CORS request", the
//!   request of `<img>`, `<script>` and `<link rel=stylesheet>`, with mode
//!   and credentials mode from the `crossorigin` attribute
//!   ([`CorsSettingsAttribute`]). The scenario runner, the CLI and
//!   `explain` build element requests here.
//!   <https://html.spec.whatwg.org/multipage/urls-and-fetching.html#create-a-potential-cors-request>
//!
//! - [`element_load`]: what the page sees from an element load once the
//!   fetch delivered a response: "update the image data" (the image
//!   decoder), "fetch a classic script", "process the linked resource"
//!   (stylesheets): `load` or `error`. The scenario runner and
//!   `explain::check` apply it after the fetch.
//!
//! - [`initiators`]: every other way a page makes a request (XHR,
//!   EventSource, sendBeacon, WebSocket, module scripts and `import()`,
//!   workers, fonts, media, iframes and forms), as each standard builds it,
//!   and what the page observes ([`initiators::Api`]).
//!
//! Uses only the floors below it (`origin/`, `http/`, `mime/`, `policy/`,
//! `fetch/`).

pub mod document_origin;
pub mod element_load;
pub mod initiators;
pub mod potential_cors_request;

pub use potential_cors_request::{CorsSettingsAttribute, create_potential_cors_request};
