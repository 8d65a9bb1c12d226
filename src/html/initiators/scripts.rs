//! Module scripts, `import()` and workers: the script-fetching algorithms
//! of HTML.
//! <https://html.spec.whatwg.org/multipage/webappapis.html#fetch-a-single-module-script>
//! <https://html.spec.whatwg.org/multipage/webappapis.html#fetch-a-classic-worker-script>
//! <https://html.spec.whatwg.org/multipage/workers.html#dom-worker>

use super::{Api, ApiInit, Refused, Thrown};
use crate::browser::Profile;
use crate::html::CorsSettingsAttribute;
use crate::http::headers::HeaderList;
use crate::http::headers::response::extract_mime_type;
use crate::http::request::{CredentialsMode, Destination, Mode, Request};
use crate::http::response::{FilteredResponse, is_ok_status};
use crate::origin::Origin;

/// `<script type=module src>` and `import(url)`: "fetch a single module
/// script", destination `script`, mode always `cors`, credentials mode the
/// CORS settings attribute credentials mode (`same-origin` unless
/// `crossorigin=use-credentials`; `import()` from a classic script without
/// `crossorigin`: `same-origin`). A URL that does not parse fires `error`
/// (or rejects), it does not throw.
pub fn module_script_request(
    api: Api,
    client: &Origin,
    init: &ApiInit<'_>,
) -> Result<Request, Refused> {
    let url = init.parsed.ok_or(Refused::error_event())?.clone();
    if url.username() != "" || url.password().is_some() {
        return Err(Refused::error_event());
    }
    let credentials = match (
        api,
        CorsSettingsAttribute::from_attribute_value(init.crossorigin),
    ) {
        (Api::Module, CorsSettingsAttribute::UseCredentials) => CredentialsMode::Include,
        _ => CredentialsMode::SameOrigin,
    };
    let mut request = Request::new(url, client.clone());
    request.destination = Destination::Script;
    request.mode = Mode::Cors;
    request.credentials_mode = credentials;
    Ok(request)
}

/// `new Worker(url)`, `new Worker(url, {type: "module"})`,
/// `new SharedWorker(url)`: a URL that does not parse is a `SyntaxError`;
/// the top-level script is fetched with destination `worker` or
/// `sharedworker`, mode `same-origin` (classic and module alike: a
/// cross-origin URL fails the fetch and fires `error`), credentials mode
/// `same-origin`.
///
/// Profiles with `initiators.worker_cross_origin_url_throws` throw a
/// `SecurityError` for a URL that is not same origin with the page instead.
pub fn worker_request(
    api: Api,
    client: &Origin,
    init: &ApiInit<'_>,
    profile: &Profile,
) -> Result<Request, Refused> {
    let url = init
        .parsed
        .ok_or(Refused::throws(Thrown::SyntaxError))?
        .clone();
    if profile.initiators.worker_cross_origin_url_throws
        && url.scheme() != "data"
        && !client.same_origin_with_url(&url)
    {
        return Err(Refused::throws(Thrown::SecurityError));
    }
    if url.username() != "" || url.password().is_some() {
        return Err(Refused::error_event());
    }
    let mut request = Request::new(url, client.clone());
    request.destination = if api == Api::SharedWorker {
        Destination::Sharedworker
    } else {
        Destination::Worker
    };
    request.mode = Mode::SameOrigin;
    request.credentials_mode = CredentialsMode::SameOrigin;
    Ok(request)
}

/// Whether the fetched script runs: an ok status and a JavaScript MIME
/// type (module scripts always; classic worker scripts from HTTP(S) too),
/// unless the profile skips the MIME check for worker scripts
/// (`initiators.classic_worker_mime_checked`, `module_worker_mime_checked`)
/// or lets a worker script without a type run
/// (`worker_script_without_mime_runs`).
pub fn script_runs(
    api: Api,
    response: &FilteredResponse,
    headers: &HeaderList,
    profile: &Profile,
) -> bool {
    let mime_checked = match api {
        Api::Worker | Api::SharedWorker => profile.initiators.classic_worker_mime_checked,
        Api::ModuleWorker => profile.initiators.module_worker_mime_checked,
        _ => true,
    };
    let is_worker = matches!(api, Api::Worker | Api::SharedWorker | Api::ModuleWorker);
    let mime_ok = match extract_mime_type(headers) {
        Some(m) => m.is_javascript_mime_type(),
        None => is_worker && profile.initiators.worker_script_without_mime_runs,
    };
    is_ok_status(response.status) && (!mime_checked || mime_ok)
}
