//! The scenario runner: runs a scenario's fetches through the engine as a
//! browser profile would, answering from the scenario's server entries, and
//! compares the outcome with the scenario's `expect`.

use std::fmt;
use std::time::Duration;

use serde::Serialize;

use super::format::{Expect, ExpectResult, RequestInit, Scenario, SentRequest, ServerEntry};
use crate::browser::Profile;
use crate::fetch::preflight_cache::PreflightCache;
use crate::fetch::{
    FetchController, FetchOutcome, NetworkError, OutgoingRequest, run_fetch_with_address_spaces,
};
use crate::html::element_load::element_load_outcome;
use crate::html::initiators::{self, Api, ApiInit, Observed, Refused};
use crate::html::{CorsSettingsAttribute, create_potential_cors_request};
use crate::http::request::{
    CacheMode, Destination, FetchInit, ReferrerPolicy, Request, RequestError,
};
use crate::http::response::NetworkResponse;
use crate::origin::Origin;
use crate::policy::local_network_access::{IpAddressSpace, LocalNetworkClient};

/// A scenario the runner cannot run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SimulateError {
    /// `client.origin` is not a serialized origin nor `null`.
    ClientOrigin {
        /// The value.
        value: String,
        /// Why.
        message: String,
    },
    /// A server entry's URL does not parse.
    ServerUrl {
        /// The index of the entry.
        index: usize,
        /// The value.
        value: String,
    },
    /// A field has a value the format does not allow.
    Field {
        /// The JSON path.
        path: String,
        /// Why.
        message: String,
    },
}

impl fmt::Display for SimulateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimulateError::ClientOrigin { value, message } => {
                write!(f, "at client.origin: {value:?} is not an origin: {message}")
            }
            SimulateError::ServerUrl { index, value } => {
                write!(f, "at server[{index}].url: {value:?} is not a URL")
            }
            SimulateError::Field { path, message } => write!(f, "at {path}: {message}"),
        }
    }
}

impl std::error::Error for SimulateError {}

/// The outcome of one fetch of a scenario, with the requests it sent.
#[derive(Clone, Debug)]
pub struct FetchRun {
    /// How the fetch ended.
    pub outcome: FetchOutcome,
    /// Every request put on the wire, in order.
    pub sent: Vec<OutgoingRequest>,
    /// (v1.2) With `request.api`: the API and what the page observed.
    pub api: Option<ApiRun>,
}

/// What the page observed of a request made with `request.api`.
#[derive(Clone, Debug)]
pub struct ApiRun {
    /// The API.
    pub api: Api,
    /// The call threw (or failed) before any fetch; `None` when it fetched.
    pub refused: Option<Refused>,
    /// What the page saw after the fetch (absent when refused).
    pub observed: Option<Observed>,
}

/// A scenario's fixed server, indexed by (method, URL without fragment),
/// with the IP address space of each (host, port) that has one.
pub(crate) struct Server<'a> {
    entries: Vec<(String, String, &'a ServerEntry)>,
    spaces: Vec<((String, u16), IpAddressSpace)>,
}

/// The (host, port) a connection for `url` goes to.
fn endpoint_of(url: &url::Url) -> Option<(String, u16)> {
    Some((url.host_str()?.to_owned(), url.port_or_known_default()?))
}

impl<'a> Server<'a> {
    pub(crate) fn new(entries: &'a [ServerEntry]) -> Result<Server<'a>, SimulateError> {
        let mut out = Vec::with_capacity(entries.len());
        let mut spaces: Vec<((String, u16), IpAddressSpace)> = Vec::new();
        for (index, entry) in entries.iter().enumerate() {
            let mut url = url::Url::parse(&entry.url).map_err(|_| SimulateError::ServerUrl {
                index,
                value: entry.url.clone(),
            })?;
            url.set_fragment(None);
            if let (Some(space), Some(endpoint)) =
                (entry.resolved_address_space(), endpoint_of(&url))
                && !spaces.iter().any(|(e, _)| *e == endpoint)
            {
                spaces.push((endpoint, space));
            }
            out.push((entry.method.clone(), url.to_string(), entry));
        }
        Ok(Server {
            entries: out,
            spaces,
        })
    }

    /// The IP address space a connection for `url` reaches, if the scenario
    /// says.
    pub(crate) fn address_space(&self, url: &url::Url) -> Option<IpAddressSpace> {
        let endpoint = endpoint_of(url)?;
        self.spaces
            .iter()
            .find(|(e, _)| *e == endpoint)
            .map(|(_, space)| *space)
    }

    /// The stateless server: the first entry for (method, URL), else a 404
    /// with no headers.
    pub(crate) fn respond(&self, request: &OutgoingRequest) -> NetworkResponse {
        let mut url = request.url.clone();
        url.set_fragment(None);
        let url = url.as_str();
        match self
            .entries
            .iter()
            .find(|(m, u, _)| *m == request.method && u == url)
        {
            Some((_, _, entry)) => {
                let body = entry.body_bytes();
                NetworkResponse {
                    status: entry.status,
                    header_list: entry
                        .headers
                        .iter()
                        .map(|(n, v)| (n.as_bytes(), v.as_bytes()))
                        .collect(),
                    body_len: body.as_ref().map(|b| b.len() as u64),
                    body,
                }
            }
            None => NetworkResponse {
                status: 404,
                ..NetworkResponse::default()
            },
        }
    }
}

/// Parses a scenario's `client.origin`.
pub fn client_origin(value: &str) -> Result<Origin, SimulateError> {
    Origin::parse_serialized(value).map_err(|e| SimulateError::ClientOrigin {
        value: value.to_owned(),
        message: e.to_string(),
    })
}

/// Runs every fetch of a scenario through the engine as `profile` would, in
/// order, sharing one preflight cache and a virtual clock advanced by each
/// fetch's `wait_ms`.
pub fn run_scenario(
    scenario: &Scenario,
    profile: &Profile,
) -> Result<Vec<FetchRun>, SimulateError> {
    let origin = client_origin(&scenario.client.origin)?;
    let mut server = Server::new(&scenario.server)?;
    // The page's own host and port are in the page's address space.
    if let (Some(space), Ok(url)) = (
        scenario.client.address_space,
        url::Url::parse(&format!("{}/", scenario.client.origin)),
    ) && let Some(endpoint) = endpoint_of(&url)
        && !server.spaces.iter().any(|(e, _)| *e == endpoint)
    {
        server.spaces.push((endpoint, space));
    }
    let local_network = scenario
        .client
        .address_space
        .map(|address_space| LocalNetworkClient {
            address_space,
            secure_context: origin.is_potentially_trustworthy(),
            permission: scenario.client.local_network_permission.unwrap_or_default(),
        });
    let mut cache = PreflightCache::new(profile.preflight_cache.capacity);
    let partition = origin.ascii_serialization().to_owned();
    let client_headers: crate::http::headers::HeaderList = scenario
        .client
        .headers
        .iter()
        .map(|(n, v)| (n.as_bytes(), v.as_bytes()))
        .collect();
    let embedder_policy = crate::policy::coep::obtain_embedder_policy(
        &client_headers,
        origin.is_potentially_trustworthy(),
    );
    let mut now = Duration::ZERO;
    let mut runs = Vec::with_capacity(scenario.fetches.len());
    for (i, step) in scenario.fetches.iter().enumerate() {
        now = now.saturating_add(Duration::from_millis(step.wait_ms));
        let api = step.request.api;
        let built = match api {
            Some(api) => match build_api_request(&origin, &step.request, api, profile, i)? {
                Ok(request) => Ok(request),
                Err(refused) => {
                    runs.push(FetchRun {
                        outcome: FetchOutcome::NetworkError(NetworkError::from_request_error(
                            refused_error(api, refused),
                            &step.request.url,
                            origin.ascii_serialization(),
                        )),
                        sent: Vec::new(),
                        api: Some(ApiRun {
                            api,
                            refused: Some(refused),
                            observed: None,
                        }),
                    });
                    continue;
                }
            },
            None => build_request(&origin, &step.request, profile, i)?,
        };
        let request = match built {
            Ok(mut request) => {
                request.embedder_policy = embedder_policy;
                if let Some(mode) = step
                    .request
                    .cache
                    .as_deref()
                    .and_then(CacheMode::from_token)
                {
                    request.cache_mode = mode;
                }
                request
            }
            Err(error) => {
                runs.push(FetchRun {
                    outcome: FetchOutcome::NetworkError(NetworkError::from_request_error(
                        error,
                        &step.request.url,
                        origin.ascii_serialization(),
                    )),
                    sent: Vec::new(),
                    api: None,
                });
                continue;
            }
        };
        let destination = request.destination;
        let mut controller = FetchController::new(request, profile, partition.clone());
        if let Some(client) = local_network {
            controller = controller.with_local_network_client(client);
        }
        let (outcome, sent) = run_fetch_with_address_spaces(
            controller,
            &mut cache,
            now,
            |req| server.address_space(&req.url),
            |req| {
                if api == Some(Api::Websocket) {
                    // A handshake is answered by the entry for its ws:/wss: URL.
                    let mut handshake = req.clone();
                    handshake.url = initiators::websocket::websocket_url(&req.url);
                    return Ok(server.respond(&handshake));
                }
                Ok(server.respond(req))
            },
        );
        // The result is the event the page gets: an element's own
        // processing of the delivered response (HTML) decides it; the other
        // ways in are observed by their own standard's rules.
        let outcome = match (api, sent.last()) {
            (None, Some(last)) => element_load_outcome(
                destination,
                outcome,
                &sent,
                &server.respond(last),
                origin.ascii_serialization(),
                &profile.element_loads,
            ),
            _ => outcome,
        };
        let api = api.map(|api| {
            // The final response as the server sent it (its body and, under
            // an opaque filter, its status), for the checks that decode it.
            let last = sent.last().map(|last| server.respond(last));
            // (A handshake's body is never read.)
            ApiRun {
                api,
                refused: None,
                observed: Some(initiators::observe(api, &outcome, last.as_ref(), profile)),
            }
        });
        runs.push(FetchRun { outcome, sent, api });
    }
    Ok(runs)
}

/// The `TypeError`-like error recorded for a call that threw or failed
/// before fetching (what `explain` reports as "the call threw").
fn refused_error(api: Api, refused: Refused) -> RequestError {
    RequestError::InvalidOption {
        option: "api",
        value: match refused.thrown {
            Some(thrown) => format!("{} threw {}", api.as_str(), thrown.as_str()),
            None => format!("{} failed before fetching", api.as_str()),
        },
    }
}

/// Builds the request that `api` makes for a step (the scenario format
/// v1.2), or how the call failed before fetching. The outer error is a
/// scenario fault.
pub fn build_api_request(
    origin: &Origin,
    init: &RequestInit,
    api: Api,
    profile: &Profile,
    index: usize,
) -> Result<Result<Request, Refused>, SimulateError> {
    let referrer_policy = referrer_policy_of(init, index)?;
    let media_video = match (api, init.destination.as_deref()) {
        (Api::Media, None | Some("" | "audio")) => false,
        (Api::Media, Some("video")) => true,
        (Api::Media, Some(other)) => {
            return Err(SimulateError::Field {
                path: format!("fetches[{index}].request.destination"),
                message: format!("{other:?} is not a media destination (audio or video)"),
            });
        }
        _ => false,
    };
    let url = resolve_url(&init.url, origin);
    let form = init.form.as_deref().unwrap_or_default();
    let api_init = ApiInit {
        url: &init.url,
        parsed: url.as_ref(),
        method: init.method.as_deref(),
        headers: &init.headers,
        body: init.body.as_deref(),
        with_credentials: init.with_credentials.unwrap_or(false),
        upload_listener: init.upload_listener.unwrap_or(false),
        body_type: init.body_type.as_deref(),
        enctype: init.enctype.as_deref(),
        form,
        crossorigin: init.crossorigin.as_deref(),
        media_video,
        referrer_policy,
    };
    Ok(initiators::create_request(api, origin, &api_init, profile))
}

fn referrer_policy_of(
    init: &RequestInit,
    index: usize,
) -> Result<Option<ReferrerPolicy>, SimulateError> {
    match init.referrer_policy.as_deref() {
        None | Some("") => Ok(None),
        Some(token) => {
            ReferrerPolicy::from_token(token)
                .map(Some)
                .ok_or_else(|| SimulateError::Field {
                    path: format!("fetches[{index}].request.referrerPolicy"),
                    message: format!("{token:?} is not a referrer policy"),
                })
        }
    }
}

/// Builds the request `fetch()` (or an element, in v1.1: HTML's
/// [`create_potential_cors_request`]; in v1.2 the step's `api`:
/// [`build_api_request`]) makes for a step. The outer error is a scenario fault; the inner one is `fetch()` throwing
/// (for an `api`, the call throwing or failing before it fetches).
/// `index` is the step's position, for the JSON path of a fault.
pub fn build_request(
    origin: &Origin,
    init: &RequestInit,
    profile: &Profile,
    index: usize,
) -> Result<Result<Request, RequestError>, SimulateError> {
    if let Some(api) = init.api {
        return Ok(build_api_request(origin, init, api, profile, index)?
            .map_err(|refused| refused_error(api, refused)));
    }
    let referrer_policy = referrer_policy_of(init, index)?;
    let destination = match init.destination.as_deref() {
        None | Some("") => Destination::Empty,
        Some("image") => Destination::Image,
        Some("script") => Destination::Script,
        Some("style") => Destination::Style,
        Some(other) => {
            return Err(SimulateError::Field {
                path: format!("fetches[{index}].request.destination"),
                message: format!("{other:?} is not a supported destination"),
            });
        }
    };
    let url = resolve_url(&init.url, origin);
    if destination != Destination::Empty {
        // An element load: `crossorigin` gives the mode and credentials mode.
        let url = match url {
            Some(url) => url,
            None => {
                return Ok(Err(RequestError::InvalidUrl {
                    url: init.url.clone(),
                }));
            }
        };
        let state = CorsSettingsAttribute::from_attribute_value(init.crossorigin.as_deref());
        return Ok(
            create_potential_cors_request(url, destination, state, origin).map(|mut request| {
                if let Some(policy) = referrer_policy {
                    request.referrer_policy = policy;
                }
                request
            }),
        );
    }
    let fetch_init = FetchInit {
        url: &init.url,
        method: init.method.as_deref(),
        headers: &init.headers,
        mode: init.mode,
        credentials: init.credentials,
        redirect: init.redirect,
        body: init.body.as_deref(),
        referrer_policy,
        only_if_cached: init.cache.as_deref() == Some("only-if-cached"),
    };
    Ok(match url {
        Some(url) => Request::from_fetch_init_url(origin, url, &fetch_init, profile),
        None => Err(RequestError::InvalidUrl {
            url: init.url.clone(),
        }),
    })
}

/// Parses a request's URL as the page does: relative to the page's URL,
/// taken as the origin's root (`https://app.a.test/`); an opaque origin has
/// no URL to resolve against, so only an absolute URL parses.
/// <https://fetch.spec.whatwg.org/#dom-request> (step "Let parsedURL be the
/// result of parsing input with baseURL")
pub fn resolve_url(input: &str, origin: &Origin) -> Option<url::Url> {
    // An input that starts with a special scheme and `//` parses the same
    // with or without a base (the scheme state goes to the authority states
    // either way): one parse instead of the base's and the join's.
    let absolute = ["http://", "https://", "ws://", "wss://"]
        .iter()
        .any(|prefix| input.starts_with(prefix));
    if origin.is_opaque() || absolute {
        return url::Url::parse(input).ok();
    }
    url::Url::parse(&format!("{}/", origin.ascii_serialization()))
        .and_then(|base| base.join(input))
        .ok()
}

/// The `expect` block for one fetch run: every field the engine predicts.
pub fn expect_from_run(run: &FetchRun) -> Expect {
    expect_from_run_keeping(run, |_, _| true)
}

/// [`expect_from_run`] with only the sent headers `keep` accepts (given the
/// request's index in `sent` and the header's name, to compare
/// byte-case-insensitively): `verify`
/// compares only the headers a scenario names, so it builds only those.
fn expect_from_run_keeping(run: &FetchRun, keep: impl Fn(usize, &[u8]) -> bool) -> Expect {
    let websocket = run.api.as_ref().is_some_and(|a| a.api == Api::Websocket);
    let sent = run
        .sent
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut url = r.url.clone();
            url.set_fragment(None);
            if websocket {
                // Recordings name a handshake by its ws:/wss: URL.
                url = initiators::websocket::websocket_url(&url);
            }
            SentRequest {
                method: r.method.clone(),
                url: url.to_string(),
                headers: r
                    .header_list
                    .sort_and_combine_where(|n| keep(i, n))
                    .into_iter()
                    .map(|(n, v)| (crate::http::utf8_lossy(n), Some(crate::http::utf8_lossy(v))))
                    .collect(),
                extra: serde_json::Map::new(),
            }
        })
        .collect();
    if let Some(api) = &run.api {
        let observed = api.observed.as_ref();
        let ok = observed.is_some_and(|o| o.ok);
        return Expect {
            result: Some(if ok {
                ExpectResult::Ok
            } else {
                ExpectResult::NetworkError
            }),
            status: observed.and_then(|o| o.status).filter(|_| ok),
            visible_headers: observed
                .and_then(|o| o.visible_headers.clone())
                .filter(|_| ok),
            sent: Some(sent),
            thrown: api
                .refused
                .and_then(|r| r.thrown)
                .map(|t| t.as_str().to_owned()),
            ..Expect::default()
        };
    }
    match &run.outcome {
        FetchOutcome::Response(response) => Expect {
            result: Some(ExpectResult::Ok),
            response_type: Some(response.response_type.as_str().to_owned()),
            status: Some(response.status),
            visible_headers: Some(response.visible_header_names()),
            sent: Some(sent),
            thrown: None,
            extra: serde_json::Map::new(),
        },
        FetchOutcome::NetworkError(_) => Expect {
            result: Some(ExpectResult::NetworkError),
            sent: Some(sent),
            ..Expect::default()
        },
    }
}

/// The scenario with every `expect` replaced by the engine's prediction for
/// `profile`, and `browser` set to the profile's name.
pub fn simulate(scenario: &Scenario, profile: &Profile) -> Result<Scenario, SimulateError> {
    let runs = run_scenario(scenario, profile)?;
    let mut out = scenario.clone();
    out.browser = Some(profile.name);
    for (step, run) in out.fetches.iter_mut().zip(&runs) {
        step.expect = Some(expect_from_run(run));
    }
    Ok(out)
}

/// One field where a recorded or expected `expect` and the prediction differ.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    /// The field path, e.g. `fetches[0].expect.sent[1].headers.origin`.
    pub path: String,
    /// The expected (or recorded) value.
    pub expected: serde_json::Value,
    /// The predicted value.
    pub predicted: serde_json::Value,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: expected {}, predicted {}",
            self.path, self.expected, self.predicted
        )
    }
}

/// Which request headers of `sent` a comparison checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SentHeaders {
    /// The headers the expectation names (fixtures: "headers not named are not checked").
    Expected,
    /// The headers the engine predicts (recordings list every header the browser sent).
    Predicted,
}

fn json<T: Serialize>(v: &T) -> serde_json::Value {
    // The compared values are strings, numbers and lists of them, which
    // always serialize.
    serde_json::to_value(v).unwrap_or_default()
}

/// Compares an expectation with a prediction, field by field, for the fields
/// the expectation gives. `prefix` starts every path.
///
/// Fields are compared as typed values (equal exactly when their JSON is
/// equal: an expected `x` against a predicted `Some(x)`, which serializes as
/// `x`); paths and JSON are built only for a mismatch.
pub fn compare_expect(
    expected: &Expect,
    predicted: &Expect,
    headers: SentHeaders,
    prefix: &str,
) -> Vec<Mismatch> {
    let mut out = Vec::new();
    let mut mismatch =
        |path: std::fmt::Arguments<'_>, e: serde_json::Value, p: serde_json::Value| {
            out.push(Mismatch {
                path: format!("{prefix}.{path}"),
                expected: e,
                predicted: p,
            });
        };
    if let Some(result) = &expected.result
        && Some(result) != predicted.result.as_ref()
    {
        mismatch(
            format_args!("result"),
            json(result),
            json(&predicted.result),
        );
    }
    if let Some(thrown) = &expected.thrown
        && Some(thrown) != predicted.thrown.as_ref()
    {
        mismatch(
            format_args!("thrown"),
            json(thrown),
            json(&predicted.thrown),
        );
    }
    let both_ok = expected.result != Some(ExpectResult::NetworkError)
        && predicted.result == Some(ExpectResult::Ok);
    if both_ok {
        if let Some(t) = &expected.response_type
            && Some(t) != predicted.response_type.as_ref()
        {
            mismatch(
                format_args!("response_type"),
                json(t),
                json(&predicted.response_type),
            );
        }
        if let Some(s) = &expected.status
            && Some(s) != predicted.status.as_ref()
        {
            mismatch(format_args!("status"), json(s), json(&predicted.status));
        }
        if let Some(v) = &expected.visible_headers {
            let mut v = v.clone();
            v.iter_mut().for_each(|n| n.make_ascii_lowercase());
            v.sort();
            v.dedup();
            if Some(&v) != predicted.visible_headers.as_ref() {
                mismatch(
                    format_args!("visible_headers"),
                    json(&v),
                    json(&predicted.visible_headers),
                );
            }
        }
    }
    if let Some(sent) = &expected.sent {
        let empty = Vec::new();
        let psent = predicted.sent.as_ref().unwrap_or(&empty);
        if sent.len() != psent.len() {
            // Lists of different lengths: their summaries differ too.
            let summary = |s: &[SentRequest]| {
                json(
                    &s.iter()
                        .map(|r| format!("{} {}", r.method, r.url))
                        .collect::<Vec<_>>(),
                )
            };
            mismatch(format_args!("sent.length"), summary(sent), summary(psent));
        }
        for (i, (e, p)) in sent.iter().zip(psent).enumerate() {
            if e.method != p.method {
                mismatch(
                    format_args!("sent[{i}].method"),
                    json(&e.method),
                    json(&p.method),
                );
            }
            if e.url != p.url {
                mismatch(format_args!("sent[{i}].url"), json(&e.url), json(&p.url));
            }
            fn value<'r>(r: &'r SentRequest, name: &str) -> Option<&'r str> {
                r.headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
                    .and_then(|(_, v)| v.as_deref())
            }
            let names: Vec<&String> = match headers {
                SentHeaders::Expected => e.headers.keys().collect(),
                SentHeaders::Predicted => p.headers.keys().collect(),
            };
            for name in names {
                let (ev, pv) = (value(e, name), value(p, name));
                if ev == pv || (name.eq_ignore_ascii_case("content-type") && same_multipart(ev, pv))
                {
                    continue;
                }
                mismatch(
                    format_args!("sent[{i}].headers.{}", name.to_ascii_lowercase()),
                    json(&ev),
                    json(&pv),
                );
            }
        }
    }
    out
}

/// Whether two `Content-Type` values are both `multipart/form-data` with a
/// boundary (the boundary is random; the format writes it `boundary=*`).
fn same_multipart(a: Option<&str>, b: Option<&str>) -> bool {
    let multipart = |v: Option<&str>| {
        v.is_some_and(|v| {
            v.to_ascii_lowercase()
                .starts_with("multipart/form-data; boundary=")
        })
    };
    multipart(a) && multipart(b)
}

/// Checks every fetch's `expect` of a scenario against the engine with
/// `profile`; an empty list means the scenario passes.
pub fn verify(scenario: &Scenario, profile: &Profile) -> Result<Vec<Mismatch>, SimulateError> {
    let runs = run_scenario(scenario, profile)?;
    let mut out = Vec::new();
    for (i, (step, run)) in scenario.fetches.iter().zip(&runs).enumerate() {
        if let Some(expected) = &step.expect {
            // Only the sent headers the scenario names are compared; their
            // names are gathered once per request, not walked in the map
            // for every header sent.
            let named_keys: Vec<Vec<&[u8]>> = expected
                .sent
                .iter()
                .flatten()
                .map(|e| e.headers.keys().map(|k| k.as_bytes()).collect())
                .collect();
            let named = |i: usize, name: &[u8]| {
                named_keys
                    .get(i)
                    .is_some_and(|keys| keys.iter().any(|k| k.eq_ignore_ascii_case(name)))
            };
            let predicted = expect_from_run_keeping(run, named);
            out.extend(compare_expect(
                expected,
                &predicted,
                SentHeaders::Expected,
                &format!("fetches[{i}].expect"),
            ));
        }
    }
    Ok(out)
}
