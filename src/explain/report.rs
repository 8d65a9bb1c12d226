//! The report model of an explanation (every request sent, the verdict,
//! each browser's messages, the fix, what the server must send) and how it
//! is built from a run: [`explain_run`] for one traced fetch,
//! [`explain_scenario`] for every fetch of a scenario.

use serde::Serialize;

use crate::browser::BrowserName;
use crate::fetch::{Exchange, FetchOutcome, Reason, RequestKind, Trace};
use crate::html::CorsSettingsAttribute;
use crate::http::headers::HeaderList;
use crate::http::method;
use crate::http::request::{CredentialsMode, Mode};
use crate::http::response::{FilteredResponse, ResponseType};
use crate::scenario::{self, FetchRun, Scenario, Server, SimulateError};

use super::chromium::{chromium_console, chromium_upgrade_warning};
use super::classify::{Classification, classify};
use super::describe::describe_with_response;
use super::firefox::{firefox_console, firefox_reason_code};
use super::fix::{Fix, FixTarget, fix};
use super::message::{MessageContext, type_error_message_in};
use super::webkit::{webkit_load_line, webkit_message};

/// A header as the JSON output spells it: `[name, value]`.
pub type HeaderPair = (String, String);

fn pairs(list: &HeaderList) -> Vec<HeaderPair> {
    list.iter()
        .map(|(n, v)| {
            (
                String::from_utf8_lossy(n).into_owned(),
                String::from_utf8_lossy(v).into_owned(),
            )
        })
        .collect()
}

/// Whether a response header plays a part in CORS or redirects.
fn header_matters(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.starts_with("access-control-") || n == "location" || n == "vary"
}

/// A response as the explanation shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResponseReport {
    /// The status.
    pub status: u16,
    /// Every header, in order.
    pub headers: Vec<HeaderPair>,
    /// The headers that matter to CORS and redirects (`Access-Control-*`,
    /// `Location`, `Vary`).
    pub mattered: Vec<HeaderPair>,
}

/// What a check on one exchange found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// Whether the exchange let the fetch go on.
    pub passed: bool,
    /// What was checked and what it found.
    pub detail: String,
}

/// One request sent, its response and the check on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExchangeReport {
    /// `preflight` or `main`.
    pub kind: RequestKind,
    /// The method.
    pub method: String,
    /// The URL.
    pub url: String,
    /// Every request header, in order.
    pub headers: Vec<HeaderPair>,
    /// Whether cookies and HTTP authentication are attached.
    pub credentials: bool,
    /// The response, when one came.
    pub response: Option<ResponseReport>,
    /// The network's failure, when none came.
    pub network_error: Option<String>,
    /// The check.
    pub check: CheckReport,
}

/// Allowed or blocked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The `fetch()` promise resolves.
    Allowed,
    /// The `fetch()` promise rejects with a `TypeError`.
    Blocked,
}

/// What one browser does and prints.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BrowserReport {
    /// The browser.
    pub browser: BrowserName,
    /// Its verdict (its profile's run).
    pub verdict: Verdict,
    /// Firefox's reason code (console category), e.g. `CORSMissingAllowOrigin`.
    pub code: Option<String>,
    /// The console lines, in order (empty when allowed or unknown).
    pub console: Vec<String>,
    /// The message of the `TypeError` the promise rejects with.
    pub type_error: Option<String>,
}

/// Everything about one fetch: the structured form of the human report and
/// of `--json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// Whose behaviour the verdict is (the profile run).
    pub browser: BrowserName,
    /// The URL passed to `fetch()`.
    pub url: String,
    /// The page's origin.
    pub origin: String,
    /// The method.
    pub method: String,
    /// Simple or preflighted, and why (when the request could be built).
    pub classification: Option<Classification>,
    /// Every request sent, in order.
    pub exchanges: Vec<ExchangeReport>,
    /// Allowed or blocked.
    pub verdict: Verdict,
    /// On which request it failed.
    pub failed_on: Option<RequestKind>,
    /// The engine's structured reason.
    pub reason: Option<Reason>,
    /// The reason in a sentence.
    pub summary: String,
    /// What script sees, when allowed.
    pub response: Option<FilteredResponse>,
    /// What Chromium, Firefox and WebKit do and print.
    pub browsers: Vec<BrowserReport>,
    /// What to change, when blocked.
    pub fix: Option<Fix>,
    /// When blocked by a server-side CORS check: every header the server's
    /// answers need for this request (which also fixes later failures).
    pub server_config: Option<ServerConfig>,
}

/// The response headers a server must send for one request to pass every
/// CORS check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServerConfig {
    /// On the preflight response (status 204 or 200), when a preflight is sent.
    pub preflight: Option<Vec<HeaderPair>>,
    /// On the response to the request itself.
    pub actual: Vec<HeaderPair>,
}

/// The headers that let a `simple` or `preflighted` request from `origin`
/// through: the exact origin (always valid, credentials or not), the
/// method and header names the preflight asks for, and
/// `Access-Control-Allow-Credentials` when credentials are included.
/// `None` for other classifications (no CORS protocol, or nothing a server
/// can do).
pub fn server_config(
    classification: &Classification,
    origin: &str,
    credentials: CredentialsMode,
) -> Option<ServerConfig> {
    let include = credentials == CredentialsMode::Include;
    let mut actual = vec![("Access-Control-Allow-Origin".to_owned(), origin.to_owned())];
    if include {
        actual.push((
            "Access-Control-Allow-Credentials".to_owned(),
            "true".to_owned(),
        ));
    }
    let preflight = match classification.kind.as_str() {
        "simple" => None,
        "preflighted" => {
            let mut list = actual.clone();
            if let Some(m) = &classification.unsafe_method {
                list.push(("Access-Control-Allow-Methods".to_owned(), m.clone()));
            }
            if !classification.unsafe_headers.is_empty() {
                list.push((
                    "Access-Control-Allow-Headers".to_owned(),
                    classification.unsafe_headers.join(", "),
                ));
            }
            Some(list)
        }
        _ => return None,
    };
    Some(ServerConfig { preflight, actual })
}

/// A context whose method, response and requested headers come from `trace`.
fn context_for<'a>(base: &MessageContext<'a>, trace: &'a Trace) -> MessageContext<'a> {
    let mut ctx = base.clone();
    if let Some(last) = trace.exchanges.last() {
        ctx.method = &last.request.method;
        ctx.response = last.response.as_ref().ok();
    }
    ctx.requested_headers = trace
        .exchanges
        .iter()
        .rev()
        .find(|e| e.request.kind == RequestKind::Preflight)
        .and_then(|e| {
            e.request
                .header_list
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(b"access-control-request-headers"))
                .and_then(|(_, v)| std::str::from_utf8(v).ok())
        });
    ctx
}

fn exchange_reports(trace: &Trace) -> Vec<ExchangeReport> {
    let count = trace.exchanges.len();
    trace
        .exchanges
        .iter()
        .enumerate()
        .map(|(i, ex)| {
            let last = i + 1 == count;
            let r = &ex.request;
            let (response, network_error) = match &ex.response {
                Ok(resp) => {
                    let headers = pairs(&resp.header_list);
                    let mattered = headers
                        .iter()
                        .filter(|(n, _)| header_matters(n))
                        .cloned()
                        .collect();
                    (
                        Some(ResponseReport {
                            status: resp.status,
                            headers,
                            mattered,
                        }),
                        None,
                    )
                }
                Err(detail) => (None, Some(detail.to_string())),
            };
            let check = match (&trace.outcome, last) {
                (FetchOutcome::NetworkError(err), true) => CheckReport {
                    passed: false,
                    detail: describe_with_response(err, ex.response.as_ref().ok()),
                },
                _ => CheckReport {
                    passed: true,
                    detail: passed_detail(ex, last, &trace.outcome),
                },
            };
            let mut url = r.url.clone();
            url.set_fragment(None);
            ExchangeReport {
                kind: r.kind,
                method: r.method.clone(),
                url: url.to_string(),
                headers: pairs(&r.header_list),
                credentials: r.include_credentials,
                response,
                network_error,
                check,
            }
        })
        .collect()
}

fn passed_detail(ex: &Exchange, last: bool, outcome: &FetchOutcome) -> String {
    let status = ex.response.as_ref().map_or(0, |r| r.status);
    if ex.request.kind == RequestKind::Preflight {
        return format!(
            "preflight passed: CORS check ok, status {status} ok, method and headers allowed"
        );
    }
    if !last {
        let location = ex
            .response
            .as_ref()
            .ok()
            .and_then(|r| r.header_list.get(b"location"))
            .map(|v| String::from_utf8_lossy(&v).into_owned())
            .unwrap_or_default();
        return format!("redirect {status} followed to {location}");
    }
    match outcome {
        FetchOutcome::Response(resp) => match resp.response_type {
            ResponseType::Cors => {
                format!("CORS check passed: script reads a \"cors\" response, status {status}")
            }
            ResponseType::Basic => {
                format!("same-origin: script reads a \"basic\" response, status {status}")
            }
            ResponseType::Opaque => {
                "no-cors: no CORS check; script gets an opaque response".to_owned()
            }
            ResponseType::OpaqueRedirect => {
                "redirect not followed (redirect mode \"manual\"): opaque redirect".to_owned()
            }
            _ => format!("status {status}"),
        },
        FetchOutcome::NetworkError(_) => String::new(),
    }
}

fn browser_report(
    browser: BrowserName,
    trace: &Trace,
    base: &MessageContext<'_>,
    request: &RequestSummary,
) -> BrowserReport {
    let FetchOutcome::NetworkError(err) = &trace.outcome else {
        return BrowserReport {
            browser,
            verdict: Verdict::Allowed,
            code: None,
            console: allowed_console(browser, trace, base, request),
            type_error: None,
        };
    };
    let ctx = context_for(base, trace);
    let (code, console) = match browser {
        BrowserName::Chromium => (None, chromium_console(err, &ctx)),
        BrowserName::Firefox => (
            firefox_reason_code(err, &ctx).map(str::to_owned),
            firefox_console(err, &ctx),
        ),
        BrowserName::Webkit => {
            let mut lines: Vec<String> = webkit_message(err, &ctx).into_iter().collect();
            lines.extend(webkit_load_line(err, &ctx));
            (None, lines)
        }
        BrowserName::Spec => (None, Vec::new()),
    };
    BrowserReport {
        browser,
        verdict: Verdict::Blocked,
        code,
        console,
        // Element loads fire an `error` event; only fetch() rejects.
        type_error: if base.kind == "fetch" {
            type_error_message_in(browser, err, &ctx)
        } else {
            None
        },
    }
}

/// The warnings a browser logs for a load it lets through: Chromium's
/// mixed-content auto-upgrade of an element's `http` URL on an https page.
fn allowed_console(
    browser: BrowserName,
    trace: &Trace,
    base: &MessageContext<'_>,
    request: &RequestSummary,
) -> Vec<String> {
    let upgraded = base.kind != "fetch"
        && request.url.starts_with("http:")
        && request.origin.starts_with("https:")
        && trace
            .exchanges
            .first()
            .is_some_and(|e| e.request.url.scheme() == "https");
    if browser == BrowserName::Chromium && upgraded {
        let page = base.client_origin.unwrap_or(&request.origin);
        vec![chromium_upgrade_warning(page, &request.url)]
    } else {
        Vec::new()
    }
}

/// What the page sees when an element's load is let through: an element
/// load has no promise; it fires `load` or `error`, and a stylesheet can load
/// and still not be applied.
/// <https://html.spec.whatwg.org/multipage/semantics.html#link-type-stylesheet>
fn element_summary(
    kind: &str,
    response_type: ResponseType,
    response: Option<&crate::http::response::NetworkResponse>,
) -> String {
    let cors = response_type != ResponseType::Opaque;
    match kind {
        "image" if cors => "the image is fetched: `load` fires if the bytes decode as an image (else `error`), and script may read its pixels (a CORS-same-origin image)".to_owned(),
        "image" => "the image is fetched: `load` fires if the bytes decode as an image (else `error`); the page can show it, but a canvas it is drawn on is tainted".to_owned(),
        "script" if cors => "the script is fetched and executed, then `load` fires; its errors reach window.onerror in full".to_owned(),
        "script" => "the script is fetched and executed, then `load` fires; its errors reach window.onerror only as \"Script error.\" (no-cors)".to_owned(),
        _ => {
            let essence = response
                .and_then(|r| crate::http::headers::response::extract_mime_type(&r.header_list))
                .map(|m| m.essence());
            match essence.as_deref() {
                Some("text/css") => {
                    "the stylesheet is fetched and applied, and `load` fires".to_owned()
                }
                other => format!(
                    "`load` fires, but the stylesheet is not applied: its Content-Type ({}) is not text/css, so it is not a supported stylesheet MIME type",
                    other.unwrap_or("none")
                ),
            }
        }
    }
}

/// Explains one fetch: `trace` is the run as `browser` predicts it;
/// `others` are the runs of other browsers' profiles, whose messages (and
/// verdicts) are reported for Chromium, Firefox and WebKit (a browser missing
/// from `others` is reported from `trace`).
pub fn explain_run(
    browser: BrowserName,
    request: &RequestSummary,
    trace: &Trace,
    others: &[(BrowserName, &Trace)],
    base: &MessageContext<'_>,
) -> Explanation {
    let ctx = context_for(base, trace);
    let (verdict, failed_on, reason, summary, response, fix) = match &trace.outcome {
        FetchOutcome::Response(resp) => (
            Verdict::Allowed,
            None,
            None,
            match (base.kind, resp.response_type) {
                ("fetch", ResponseType::Opaque) => {
                    "the fetch resolves with an opaque response (script sees status 0, no headers, no body)".to_owned()
                }
                ("fetch", _) => format!(
                    "the fetch resolves with a \"{}\" response, status {}",
                    resp.response_type.as_str(),
                    resp.status
                ),
                (kind, response_type) => element_summary(kind, response_type, ctx.response),
            },
            Some(resp.clone()),
            None,
        ),
        FetchOutcome::NetworkError(err) => (
            Verdict::Blocked,
            err.request_kind,
            Some(err.reason.clone()),
            match base.kind {
                "fetch" => describe_with_response(err, ctx.response),
                // An element load has no promise to reject.
                _ => format!(
                    "{}; the element fires `error`",
                    describe_with_response(err, ctx.response)
                ),
            },
            None,
            Some(fix(err, &ctx)),
        ),
    };
    let browsers = [
        BrowserName::Chromium,
        BrowserName::Firefox,
        BrowserName::Webkit,
    ]
    .into_iter()
    .map(|b| {
        let t = others
            .iter()
            .find(|(name, _)| *name == b)
            .map_or(trace, |(_, t)| *t);
        browser_report(b, t, base, request)
    })
    .collect();
    Explanation {
        browser,
        url: request.url.clone(),
        origin: request.origin.clone(),
        method: request.method.clone(),
        classification: request.classification.clone(),
        exchanges: exchange_reports(trace),
        verdict,
        failed_on,
        reason,
        summary,
        response,
        browsers,
        server_config: match (&fix, &request.classification) {
            (
                Some(Fix {
                    on: FixTarget::Preflight | FixTarget::Actual,
                    header: Some(_),
                    ..
                }),
                Some(c),
            ) if base.client_origin.is_none_or(|o| o == request.origin)
                && !matches!(&trace.outcome, FetchOutcome::NetworkError(e) if e.redirected) =>
            {
                server_config(c, &request.origin, base.credentials)
            }
            _ => None,
        },
        fix,
    }
}

/// The request an explanation is about, as the page asked for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestSummary {
    /// The URL passed to `fetch()`.
    pub url: String,
    /// The page's origin.
    pub origin: String,
    /// The method (normalized when it is valid).
    pub method: String,
    /// Simple or preflighted, when the request could be built.
    pub classification: Option<Classification>,
}

/// The trace of one scenario fetch: each request the runner sent, with the
/// answer of the scenario's server (the runner does not keep responses).
fn scenario_trace(server: &Server<'_>, run: &FetchRun) -> Trace {
    Trace {
        outcome: run.outcome.clone(),
        exchanges: run
            .sent
            .iter()
            .map(|r| Exchange {
                request: r.clone(),
                response: Ok(server.respond(r)),
            })
            .collect(),
    }
}

/// Explains every fetch of a scenario as `browser` predicts it, with
/// Chromium's, Firefox's and WebKit's messages from their own profiles' runs.
pub fn explain_scenario(
    scenario: &Scenario,
    browser: BrowserName,
) -> Result<Vec<Explanation>, SimulateError> {
    let profile = browser.profile();
    let origin = scenario::client_origin(&scenario.client.origin)?;
    let runs = scenario::run_scenario(scenario, profile)?;
    let server = Server::new(&scenario.server)?;
    let mut others = Vec::new();
    for b in [
        BrowserName::Chromium,
        BrowserName::Firefox,
        BrowserName::Webkit,
    ] {
        if b != browser {
            others.push((b, scenario::run_scenario(scenario, b.profile())?));
        }
    }
    let mut explanations = Vec::with_capacity(runs.len());
    for (i, (step, run)) in scenario.fetches.iter().zip(&runs).enumerate() {
        let init = &step.request;
        let trace = scenario_trace(&server, run);
        let other_traces: Vec<(BrowserName, Trace)> = others
            .iter()
            .filter_map(|(b, runs)| runs.get(i).map(|r| (*b, scenario_trace(&server, r))))
            .collect();
        let other_refs: Vec<(BrowserName, &Trace)> =
            other_traces.iter().map(|(b, t)| (*b, t)).collect();
        let is_fetch = init.destination.as_deref().is_none_or(str::is_empty) && init.api.is_none();
        // (v1.2) Another API's request: its own mode and credentials mode.
        let api_request = init.api.and_then(|_| {
            scenario::build_request(&origin, init, profile, i)
                .ok()
                .and_then(Result::ok)
        });
        let classification = if is_fetch {
            scenario::build_request(&origin, init, profile, i)
                .ok()
                .and_then(Result::ok)
                .map(|r| classify(&r, profile, &init.headers))
        } else {
            None
        };
        let method = init.method.as_deref().unwrap_or("GET");
        let method = if method::is_method(method) {
            method::normalize_method(method).into_owned()
        } else {
            method.to_owned()
        };
        let summary = RequestSummary {
            url: init.url.clone(),
            origin: scenario.client.origin.clone(),
            method: method.clone(),
            classification,
        };
        // Chromium names an element load by its resource type.
        let kind = match (init.api, init.destination.as_deref()) {
            (Some(api), _) => api_resource_kind(api),
            (None, destination) => match destination {
                Some("image") => "image",
                Some("script") => "script",
                Some("style") => "CSS stylesheet",
                _ => "fetch",
            },
        };
        // An element's mode and credentials come from its `crossorigin` attribute.
        let (mode, credentials) = if let Some(request) = &api_request {
            (request.mode, request.credentials_mode)
        } else if is_fetch {
            (
                init.mode.unwrap_or(Mode::Cors),
                init.credentials.unwrap_or(CredentialsMode::SameOrigin),
            )
        } else {
            let state = CorsSettingsAttribute::from_attribute_value(init.crossorigin.as_deref());
            (state.mode(), state.credentials_mode())
        };
        let ctx = MessageContext {
            kind,
            method: &method,
            client_origin: Some(&scenario.client.origin),
            request_headers: &init.headers,
            mode,
            credentials,
            ..MessageContext::fetch()
        };
        explanations.push(explain_run(browser, &summary, &trace, &other_refs, &ctx));
    }
    Ok(explanations)
}

/// How Chromium's console names the resource of a request made with `api`
/// ("Access to XMLHttpRequest at ...", "Access to font at ...").
pub(crate) fn api_resource_kind(api: crate::html::initiators::Api) -> &'static str {
    use crate::html::initiators::Api;
    match api {
        Api::Xhr => "XMLHttpRequest",
        Api::Font => "font",
        Api::Module | Api::Import | Api::Worker | Api::ModuleWorker | Api::SharedWorker => "script",
        Api::Media => "media",
        Api::Eventsource | Api::Beacon | Api::Websocket | Api::Iframe | Api::Form => "resource",
    }
}
