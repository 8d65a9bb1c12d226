//! Checking one request in every browser at once: what `xorigin check` and
//! `xorigin probe` print, as a library call. [`check`] takes a typed
//! [`CheckRequest`] (the `fetch()` call or element load, and the page) and a
//! [`CheckServer`] (the answers), runs the request through each browser's
//! profile and the standard's, and returns a serializable [`CheckResult`]:
//! one [`Explanation`] per browser, each browser's verdict, and where the
//! standard differs. [`PreparedCheck`] is the same one step lower, for a
//! caller with its own network (a live server).

use serde::Serialize;
use url::Url;

use crate::browser::{BrowserName, Profile};
use crate::fetch::{
    FetchController, FetchOutcome, NetworkError, OutgoingRequest, RequestKind, Trace,
    trace_controller,
};
use crate::html::initiators::{self, Api, ApiInit};
use crate::html::{CorsSettingsAttribute, create_potential_cors_request};
use crate::http::headers::{self, HeaderList};
use crate::http::method;
use crate::http::request::{
    CredentialsMode, Destination, FetchInit, Mode, RedirectMode, ReferrerPolicy, Request,
    RequestError,
};
use crate::http::response::{NetworkFailure, NetworkResponse};
use crate::origin::Origin;
use crate::policy::coep::{EmbedderPolicy, obtain_embedder_policy};
use crate::policy::local_network_access::{
    IpAddressSpace, LocalNetworkClient, LocalNetworkPermission,
};
use crate::scenario::{ServerEntry, resolve_url};

use super::classify::{Classification, classify};
use super::message::MessageContext;
use super::report::{Explanation, RequestSummary, Verdict, explain_run};

/// The three browsers, in the order reports list them.
pub const BROWSERS: [BrowserName; 3] = [
    BrowserName::Chromium,
    BrowserName::Firefox,
    BrowserName::Webkit,
];

/// One `fetch()` call (or element load) from one page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckRequest {
    /// The URL passed to `fetch()` (relative URLs resolve against the page).
    pub url: String,
    /// The page's serialized origin (or `null`).
    pub origin: String,
    /// `init.method`.
    pub method: String,
    /// `init.headers`, in order.
    pub headers: Vec<(String, String)>,
    /// `init.body`, a string.
    pub body: Option<String>,
    /// `init.mode`.
    pub mode: Mode,
    /// `init.credentials`.
    pub credentials: CredentialsMode,
    /// `init.redirect`.
    pub redirect: RedirectMode,
    /// `init.referrerPolicy` (a token; empty or absent: the default).
    pub referrer_policy: Option<String>,
    /// An element load (`image`, `script`, `style`) instead of `fetch()`.
    pub destination: Option<Destination>,
    /// The element's `crossorigin` attribute.
    pub crossorigin: Option<CorsSettingsAttribute>,
    /// (v1.2) Another way the page makes the request (`XMLHttpRequest`,
    /// `EventSource`, a font, ...): the API's own request replaces
    /// `fetch()`'s; `method`, `headers` and `body` apply to `xhr` (and
    /// `body` to `beacon`), `crossorigin` to `module` and `media`.
    pub api: Option<Api>,
    /// (v1.2) `withCredentials` (`xhr`, `eventsource`).
    pub with_credentials: bool,
    /// (v1.2) A listener on `xhr.upload`.
    pub upload_listener: bool,
    /// The headers the page itself was served with (its embedder policy).
    pub page_headers: Vec<(String, String)>,
    /// Local Network Access: the page's IP address space. With
    /// `target_address_space`, either one turns the check on.
    pub client_address_space: Option<IpAddressSpace>,
    /// Local Network Access: the server's IP address space.
    pub target_address_space: Option<IpAddressSpace>,
}

impl CheckRequest {
    /// A `GET` `fetch()` of `url` from `origin`, mode `cors`, credentials
    /// `same-origin`.
    pub fn fetch(url: &str, origin: &str) -> CheckRequest {
        CheckRequest {
            url: url.to_owned(),
            origin: origin.to_owned(),
            method: "GET".to_owned(),
            headers: Vec::new(),
            body: None,
            mode: Mode::Cors,
            credentials: CredentialsMode::SameOrigin,
            redirect: RedirectMode::Follow,
            referrer_policy: None,
            destination: None,
            crossorigin: None,
            api: None,
            with_credentials: false,
            upload_listener: false,
            page_headers: Vec::new(),
            client_address_space: None,
            target_address_space: None,
        }
    }
}

/// What the server answers.
#[derive(Clone, Debug)]
pub enum CheckServer {
    /// One stateless server: `preflight` answers the CORS-preflight request,
    /// `response` every other request (each redirect hop included).
    Fixed {
        /// The answer to the preflight.
        preflight: NetworkResponse,
        /// The answer to every other request.
        response: NetworkResponse,
    },
    /// The scenario format's `server` array: the first entry for a request's
    /// method and URL answers it, else a 404 with no headers.
    Entries(Vec<ServerEntry>),
}

/// A request [`check`] cannot run: it names the faulty input.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CheckError(pub String);

/// One browser's verdict in a [`CheckResult`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BrowserVerdict {
    /// The browser.
    pub browser: BrowserName,
    /// Its verdict.
    pub verdict: Verdict,
    /// The reason in a sentence (what the page sees when allowed).
    pub summary: String,
    /// Whether the standard's verdict is different.
    pub differs_from_standard: bool,
}

/// What [`check`] found: one explanation per browser asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    /// Each browser's verdict, in the order asked.
    pub verdicts: Vec<BrowserVerdict>,
    /// The standard's verdict (fetch.bs, HTML).
    pub standard: Verdict,
    /// The browsers that block the request.
    pub blocked_in: Vec<BrowserName>,
    /// Each browser's full explanation, in the order asked.
    pub explanations: Vec<Explanation>,
    /// The verdict depended on a response body that was empty: a no-cors
    /// response is sniffed by opaque-response blocking (and an element's
    /// check), so real bytes may change it.
    pub assumed_empty_body: bool,
}

impl CheckResult {
    /// The result of `verdicts`, `blocked_in` derived from them.
    fn new(
        verdicts: Vec<BrowserVerdict>,
        standard: Verdict,
        explanations: Vec<Explanation>,
        assumed_empty_body: bool,
    ) -> CheckResult {
        let blocked_in = verdicts
            .iter()
            .filter(|v| v.verdict == Verdict::Blocked)
            .map(|v| v.browser)
            .collect();
        CheckResult {
            verdicts,
            standard,
            blocked_in,
            explanations,
            assumed_empty_body,
        }
    }

    /// Allowed in every browser asked.
    pub fn allowed_everywhere(&self) -> bool {
        self.blocked_in.is_empty()
    }
}

/// A [`CheckRequest`] validated and parsed once; each profile's request is
/// built from it.
#[derive(Clone, Debug)]
pub struct PreparedCheck {
    origin: Origin,
    serialized_origin: String,
    /// The URL as given (names it in messages).
    url_input: String,
    url: Url,
    headers: Vec<(String, String)>,
    body: Option<String>,
    embedder_policy: EmbedderPolicy,
    destination: Option<Destination>,
    crossorigin: CorsSettingsAttribute,
    api: Option<Api>,
    with_credentials: bool,
    upload_listener: bool,
    referrer_policy: Option<ReferrerPolicy>,
    mode: Mode,
    credentials: CredentialsMode,
    redirect: RedirectMode,
    /// The method as given.
    method_input: String,
    /// The normalized method.
    method: String,
    /// Local Network Access, when it applies.
    local_network: Option<LocalNetworkClient>,
    /// The server's address space, when given.
    target_space: Option<IpAddressSpace>,
}

/// The space of an IP-literal or `localhost` host; `None` for other names.
pub fn host_address_space(url: &Url) -> Option<IpAddressSpace> {
    use std::net::IpAddr;
    match url.host()? {
        url::Host::Ipv4(a) => Some(IpAddressSpace::of_address(IpAddr::V4(a))),
        url::Host::Ipv6(a) => Some(IpAddressSpace::of_address(IpAddr::V6(a))),
        url::Host::Domain(d) => {
            (d == "localhost" || d.ends_with(".localhost")).then_some(IpAddressSpace::Loopback)
        }
    }
}

impl PreparedCheck {
    /// Validates `req`: the origin, the URL (resolved against the page), the
    /// method, the header names and values, the referrer policy.
    pub fn new(req: &CheckRequest) -> Result<PreparedCheck, CheckError> {
        let err = |s: String| CheckError(s);
        let origin = Origin::parse_serialized(&req.origin).map_err(|e| {
            err(format!(
                "--origin {:?} is not a serialized origin: {e}",
                req.origin
            ))
        })?;
        let url = resolve_url(&req.url, &origin).ok_or_else(|| {
            err(format!(
                "URL {:?} is not a URL (absolute, or relative to the page {})",
                req.url, req.origin
            ))
        })?;
        if !method::is_method(&req.method) {
            return Err(err(format!(
                "-X {:?} is not a valid HTTP method (a token: letters, digits and !#$%&'*+-.^_`|~)",
                req.method
            )));
        }
        let referrer_policy = match req.referrer_policy.as_deref() {
            None | Some("") => None,
            Some(token) => Some(ReferrerPolicy::from_token(token).ok_or_else(|| {
                err(format!(
                    "--referrer-policy {token:?} is not a referrer policy"
                ))
            })?),
        };
        for (name, value) in req.headers.iter().chain(&req.page_headers) {
            if !headers::is_header_name(name.as_bytes())
                || !headers::is_header_value(value.as_bytes())
            {
                return Err(err(format!("{name:?}: {value:?} is not a valid header")));
            }
        }
        let page_headers: HeaderList = req
            .page_headers
            .iter()
            .map(|(n, v)| (n.as_bytes(), v.as_bytes()))
            .collect();
        let secure_context = origin.is_potentially_trustworthy();
        let embedder_policy = obtain_embedder_policy(&page_headers, secure_context);
        let crossorigin = req.crossorigin.unwrap_or_default();
        let (mode, credentials) = match req.destination {
            None => (req.mode, req.credentials),
            Some(_) => (crossorigin.mode(), crossorigin.credentials_mode()),
        };
        let page = Url::parse(&format!("{}/", origin.ascii_serialization())).ok();
        let local_network = (req.client_address_space.is_some()
            || req.target_address_space.is_some())
        .then(|| LocalNetworkClient {
            address_space: req.client_address_space.unwrap_or_else(|| {
                page.as_ref()
                    .and_then(host_address_space)
                    .unwrap_or(IpAddressSpace::Public)
            }),
            secure_context,
            // What a browser without a user's answer (headless) gives.
            permission: LocalNetworkPermission::default(),
        });
        Ok(PreparedCheck {
            serialized_origin: origin.ascii_serialization().to_owned(),
            origin,
            url_input: req.url.clone(),
            url,
            headers: req.headers.clone(),
            body: req.body.clone(),
            embedder_policy,
            destination: req.destination,
            crossorigin,
            api: req.api,
            with_credentials: req.with_credentials,
            upload_listener: req.upload_listener,
            referrer_policy,
            mode,
            credentials,
            redirect: req.redirect,
            method_input: req.method.clone(),
            method: method::normalize_method(&req.method).into_owned(),
            local_network,
            target_space: req.target_address_space,
        })
    }

    /// The page's origin.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// Turns Local Network Access on for the page in `space` (`probe`,
    /// which knows each connection's address).
    pub fn with_client_address_space(mut self, space: IpAddressSpace) -> PreparedCheck {
        self.local_network = Some(LocalNetworkClient {
            address_space: space,
            secure_context: self.origin.is_potentially_trustworthy(),
            permission: LocalNetworkPermission::default(),
        });
        self
    }

    /// The page's IP address space when not given: its host's, else public.
    pub fn default_client_address_space(&self) -> IpAddressSpace {
        Url::parse(&format!("{}/", self.serialized_origin))
            .ok()
            .as_ref()
            .and_then(host_address_space)
            .unwrap_or(IpAddressSpace::Public)
    }

    /// The request `fetch()` (or the element) makes, as `profile` builds it.
    pub fn request(&self, profile: &Profile) -> Result<Request, RequestError> {
        if let Some(api) = self.api {
            return self.api_request(api, profile);
        }
        let request = match self.destination {
            None => Request::from_fetch_init_url(
                &self.origin,
                self.url.clone(),
                &FetchInit {
                    url: &self.url_input,
                    method: Some(&self.method_input),
                    headers: &self.headers,
                    mode: Some(self.mode),
                    credentials: Some(self.credentials),
                    redirect: Some(self.redirect),
                    body: self.body.as_deref(),
                    referrer_policy: self.referrer_policy,
                    only_if_cached: false,
                },
                profile,
            ),
            Some(destination) => create_potential_cors_request(
                self.url.clone(),
                destination,
                self.crossorigin,
                &self.origin,
            )
            .map(|mut r| {
                if let Some(policy) = self.referrer_policy {
                    r.referrer_policy = policy;
                }
                r
            }),
        };
        request.map(|mut r| {
            r.embedder_policy = self.embedder_policy;
            r
        })
    }

    /// The request `api` makes (a call that throws or fails before fetching
    /// is reported as an invalid `api` option, naming the exception).
    fn api_request(&self, api: Api, profile: &Profile) -> Result<Request, RequestError> {
        let crossorigin = match self.crossorigin {
            CorsSettingsAttribute::NoCors => None,
            CorsSettingsAttribute::Anonymous => Some("anonymous"),
            CorsSettingsAttribute::UseCredentials => Some("use-credentials"),
        };
        let init = ApiInit {
            url: &self.url_input,
            parsed: Some(&self.url),
            method: Some(&self.method_input),
            headers: &self.headers,
            body: self.body.as_deref(),
            with_credentials: self.with_credentials,
            upload_listener: self.upload_listener,
            crossorigin,
            media_video: self.destination == Some(Destination::Video),
            referrer_policy: self.referrer_policy,
            ..ApiInit::default()
        };
        initiators::create_request(api, &self.origin, &init, profile)
            .map(|mut r| {
                r.embedder_policy = self.embedder_policy;
                r
            })
            .map_err(|refused| RequestError::InvalidOption {
                option: "api",
                value: match refused.thrown {
                    Some(thrown) => format!("{} threw {}", api.as_str(), thrown.as_str()),
                    None => format!("{} failed before fetching", api.as_str()),
                },
            })
    }

    /// The address space the connection for `url` reaches: the page's own
    /// origin is the page's; else the given target space, else `resolve`'s
    /// answer, else the host's (IP literal or localhost), else public.
    fn space_of(
        &self,
        client: &LocalNetworkClient,
        url: &Url,
        resolve: &mut dyn FnMut(&Url) -> Option<IpAddressSpace>,
    ) -> IpAddressSpace {
        if Url::parse(&format!("{}/", self.serialized_origin))
            .is_ok_and(|p| p.origin() == url.origin())
        {
            return client.address_space;
        }
        self.target_space
            .or_else(|| resolve(url))
            .or_else(|| host_address_space(url))
            .unwrap_or(IpAddressSpace::Public)
    }

    /// Runs the fetch as `profile` would, with `respond` as the network and
    /// `resolve` naming a connection's address space (Local Network Access,
    /// when on).
    pub fn run(
        &self,
        profile: &Profile,
        mut resolve: impl FnMut(&Url) -> Option<IpAddressSpace>,
        respond: impl FnMut(&OutgoingRequest) -> Result<NetworkResponse, NetworkFailure>,
    ) -> Trace {
        let request = match self.request(profile) {
            Ok(r) => r,
            Err(error) => {
                return Trace {
                    outcome: FetchOutcome::NetworkError(NetworkError::from_request_error(
                        error,
                        self.url.as_str(),
                        &self.serialized_origin,
                    )),
                    exchanges: Vec::new(),
                };
            }
        };
        let partition = self.serialized_origin.clone();
        let mut controller = FetchController::new(request, profile, partition);
        if let Some(client) = self.local_network {
            controller = controller.with_local_network_client(client);
        }
        let mut trace = trace_controller(
            controller,
            profile,
            |r| {
                self.local_network
                    .map(|client| self.space_of(&client, &r.url, &mut resolve))
            },
            respond,
        );
        // An element's own processing of the delivered response (HTML). An
        // image's data decides its event: without a body given (assumed
        // empty) the decoder's verdict is unknown, so only the fetch's is
        // reported.
        if let (None, Some(destination), Some(last)) =
            (self.api, self.destination, trace.exchanges.last())
            && (destination != Destination::Image
                || last
                    .response
                    .as_ref()
                    .is_ok_and(|r| r.body.as_ref().is_some_and(|b| !b.is_empty())))
        {
            let sent: Vec<OutgoingRequest> =
                trace.exchanges.iter().map(|e| e.request.clone()).collect();
            let response = last.response.clone().unwrap_or_default();
            trace.outcome = crate::html::element_load::element_load_outcome(
                destination,
                trace.outcome,
                &sent,
                &response,
                &self.serialized_origin,
                &profile.element_loads,
            );
        }
        trace
    }

    /// Whether `fetch()`'s request is simple or preflighted (`None` for an
    /// element load or a request `fetch()` throws on).
    pub fn classify(&self, profile: &Profile) -> Option<Classification> {
        match (self.request(profile), self.destination) {
            (Ok(r), None) if self.api.is_none() => Some(classify(&r, profile, &self.headers)),
            _ => None,
        }
    }

    /// The explanation of `trace`, the run of `browser`, with the three
    /// browsers' runs (`runs`) for their messages.
    pub fn explain(
        &self,
        browser: BrowserName,
        trace: &Trace,
        runs: &[(BrowserName, &Trace)],
    ) -> Explanation {
        let summary = RequestSummary {
            url: self.url_input.clone(),
            origin: self.serialized_origin.clone(),
            method: self.method.clone(),
            classification: self.classify(browser.profile()),
        };
        // (v1.2) Another API's request has its own mode and credentials mode.
        let (mode, credentials) = match (self.api, self.request(browser.profile())) {
            (Some(_), Ok(r)) => (r.mode, r.credentials_mode),
            _ => (self.mode, self.credentials),
        };
        let ctx = MessageContext {
            // Chromium names an element load by its resource type.
            kind: if let Some(api) = self.api {
                super::report::api_resource_kind(api)
            } else {
                match self.destination {
                    Some(Destination::Image) => "image",
                    Some(Destination::Script) => "script",
                    Some(Destination::Style) => "CSS stylesheet",
                    Some(Destination::Font) => "font",
                    Some(Destination::Audio | Destination::Video) => "media",
                    Some(Destination::Worker | Destination::Sharedworker) => "script",
                    Some(Destination::Iframe) => "document",
                    Some(Destination::Empty) | None => "fetch",
                }
            },
            method: &self.method,
            client_origin: Some(&self.serialized_origin),
            request_headers: &self.headers,
            mode,
            credentials,
            ..MessageContext::fetch()
        };
        explain_run(browser, &summary, trace, runs, &ctx)
    }

    /// Runs every browser in `browsers` (and the standard) with `respond`
    /// as the network, and compares the verdicts.
    pub fn check_with(
        &self,
        browsers: &[BrowserName],
        mut resolve: impl FnMut(&Url) -> Option<IpAddressSpace>,
        mut respond: impl FnMut(&OutgoingRequest) -> Result<NetworkResponse, NetworkFailure>,
    ) -> CheckResult {
        let mut names: Vec<BrowserName> = BROWSERS.to_vec();
        names.extend(browsers.iter().filter(|b| !BROWSERS.contains(b)));
        names.push(BrowserName::Spec);
        names.dedup();
        let traces: Vec<(BrowserName, Trace)> = names
            .iter()
            .map(|b| (*b, self.run(b.profile(), &mut resolve, &mut respond)))
            .collect();
        let runs: Vec<(BrowserName, &Trace)> = traces.iter().map(|(b, t)| (*b, t)).collect();
        let trace_of = |b: BrowserName| {
            runs.iter()
                .find(|(name, _)| *name == b)
                .map_or(&traces[0].1, |(_, t)| *t)
        };
        let standard = self.explain(BrowserName::Spec, trace_of(BrowserName::Spec), &runs);
        let explanations: Vec<Explanation> = browsers
            .iter()
            .map(|b| self.explain(*b, trace_of(*b), &runs))
            .collect();
        let verdicts = explanations
            .iter()
            .map(|e| BrowserVerdict {
                browser: e.browser,
                verdict: e.verdict,
                summary: e.summary.clone(),
                differs_from_standard: e.verdict != standard.verdict,
            })
            .collect::<Vec<_>>();
        let assumed_empty_body = self.mode == Mode::NoCors
            && traces.iter().any(|(_, t)| {
                t.exchanges.iter().any(|x| {
                    x.request.kind == RequestKind::Main
                        && x.response
                            .as_ref()
                            .is_ok_and(|r| r.body.as_ref().is_none_or(Vec::is_empty))
                })
            });
        CheckResult::new(verdicts, standard.verdict, explanations, assumed_empty_body)
    }
}

/// Checks one request in each of `browsers` (the three browsers when
/// empty) against `server`.
///
/// ```
/// use xorigin::explain::{CheckRequest, CheckServer, check};
/// use xorigin::http::response::NetworkResponse;
///
/// let req = CheckRequest::fetch("https://api.b.test/items", "https://app.a.test");
/// let server = CheckServer::Fixed {
///     preflight: NetworkResponse::new(204, std::iter::empty::<(&str, &str)>()),
///     response: NetworkResponse::new(200, [("Access-Control-Allow-Origin", "*")]),
/// };
/// let result = check(&req, &server, &[]).unwrap();
/// assert!(result.allowed_everywhere());
/// assert_eq!(result.verdicts.len(), 3);
/// ```
pub fn check(
    req: &CheckRequest,
    server: &CheckServer,
    browsers: &[BrowserName],
) -> Result<CheckResult, CheckError> {
    let prepared = PreparedCheck::new(req)?;
    let browsers: &[BrowserName] = if browsers.is_empty() {
        &BROWSERS
    } else {
        browsers
    };
    Ok(match server {
        CheckServer::Fixed {
            preflight,
            response,
        } => prepared.check_with(
            browsers,
            |_| None,
            |r| {
                Ok(match r.kind {
                    RequestKind::Preflight => preflight.clone(),
                    RequestKind::Main => response.clone(),
                })
            },
        ),
        CheckServer::Entries(entries) => {
            let server =
                crate::scenario::Server::new(entries).map_err(|e| CheckError(e.to_string()))?;
            prepared.check_with(
                browsers,
                |url| server.address_space(url),
                |r| Ok(server.respond(r)),
            )
        }
    })
}

/// [`super::explain_scenario`] in each of `browsers` and the standard: one
/// [`CheckResult`] per fetch of the scenario.
pub fn explain_scenario_across(
    scenario: &crate::scenario::Scenario,
    browsers: &[BrowserName],
) -> Result<Vec<CheckResult>, crate::scenario::SimulateError> {
    let standard = super::explain_scenario(scenario, BrowserName::Spec)?;
    let per_browser = browsers
        .iter()
        .map(|b| super::explain_scenario(scenario, *b))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(standard
        .iter()
        .enumerate()
        .map(|(i, std)| {
            let explanations: Vec<Explanation> = per_browser
                .iter()
                .filter_map(|runs| runs.get(i).cloned())
                .collect();
            let verdicts: Vec<BrowserVerdict> = explanations
                .iter()
                .map(|e| BrowserVerdict {
                    browser: e.browser,
                    verdict: e.verdict,
                    summary: e.summary.clone(),
                    differs_from_standard: e.verdict != std.verdict,
                })
                .collect();
            CheckResult::new(verdicts, std.verdict, explanations, false)
        })
        .collect())
}
