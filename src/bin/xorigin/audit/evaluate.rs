//! One target's audit: the requests each candidate origin makes, as each
//! browser profile builds them, answered by a network the caller passes
//! in (live in `xorigin audit`, a fake in the tests), and the engine's
//! verdict per browser on each answer.
use std::collections::HashMap;

use url::Url;
use xorigin::browser::{BrowserName, Profile};
use xorigin::explain;
use xorigin::fetch::Trace;
use xorigin::fetch::{FetchOutcome, OutgoingRequest, RequestKind};
use xorigin::http::headers::HeaderList;
use xorigin::http::request::{CredentialsMode, FetchInit, Mode, RedirectMode, Request};
use xorigin::http::response::{NetworkFailure, NetworkResponse};
use xorigin::origin::Origin;

use super::candidates::{self, ATTACKER_SITE, Candidate, Check, can_produce};
use super::report::{BrowserVerdict, Evidence, Finding, Fix, Readable, Severity, TargetReport};

/// The most requests sent to one target: the baseline request, one
/// request (and its preflight, when the browser sends one) per candidate
/// origin and per method, the trusted origins' own requests and one
/// preflight probe. A default run (`GET`, one trusted origin) sends at
/// most 30: 1 baseline, 1 trusted, 26 candidates, the probe and its fetch.
pub(crate) const MAX_REQUESTS_PER_TARGET: usize = 128;

/// The browsers whose verdicts an audit reports.
pub(crate) const BROWSERS: [BrowserName; 3] = [
    BrowserName::Chromium,
    BrowserName::Firefox,
    BrowserName::Webkit,
];

/// The method and header the preflight probe asks for: a server that
/// allows them allows whatever is asked.
const PROBE_METHOD: &str = "XORIGIN-AUDIT";
const PROBE_HEADER: &str = "x-xorigin-audit";

/// What to audit at one URL.
pub(crate) struct Plan {
    pub target: Url,
    /// Trusted origins (tuple origins, parsed as URLs).
    pub trusted: Vec<Url>,
    /// Methods, normalized; never empty.
    pub methods: Vec<String>,
    /// Request headers the page sets.
    pub headers: Vec<(String, String)>,
}

/// The network as the audit sees it: answers cached by what decides a
/// CORS answer (kind, method, URL, `Origin` and the preflight's
/// `Access-Control-Request-*`), so the three profiles and both credentials
/// modes share one live request, and a budget of live requests.
struct Recorder<'n, N> {
    send: &'n mut N,
    answers: HashMap<Key, Result<NetworkResponse, NetworkFailure>>,
    sent: usize,
    exhausted: bool,
}

type Key = (RequestKind, String, String, Vec<Option<Vec<u8>>>);

fn key(r: &OutgoingRequest) -> Key {
    let h = |n: &[u8]| r.header_list.get(n).map(|v| v.into_owned());
    (
        r.kind,
        r.method.clone(),
        r.url.to_string(),
        vec![
            h(b"origin"),
            h(b"access-control-request-method"),
            h(b"access-control-request-headers"),
        ],
    )
}

impl<N> Recorder<'_, N>
where
    N: FnMut(&OutgoingRequest) -> Result<NetworkResponse, NetworkFailure>,
{
    fn send(&mut self, r: &OutgoingRequest) -> Result<NetworkResponse, NetworkFailure> {
        let k = key(r);
        if let Some(a) = self.answers.get(&k) {
            return a.clone();
        }
        if self.sent >= MAX_REQUESTS_PER_TARGET {
            self.exhausted = true;
            return Err(NetworkFailure::Other {
                detail: format!(
                    "not sent: the audit's budget of {MAX_REQUESTS_PER_TARGET} requests per target is spent"
                ),
            });
        }
        self.sent += 1;
        let a = (self.send)(r);
        self.answers.insert(k, a.clone());
        a
    }
}

/// One fetch's runs: per browser, with and without credentials.
struct Runs {
    /// Per browser: `None` when it cannot produce the origin; else the
    /// traces with credentials `include` and `omit`.
    per_browser: Vec<(BrowserName, Option<(Trace, Trace)>)>,
}

impl Runs {
    fn readable(&self) -> Readable {
        let ok = |t: &Trace| matches!(t.outcome, FetchOutcome::Response(_));
        let with = self
            .per_browser
            .iter()
            .any(|(_, r)| r.as_ref().is_some_and(|(i, _)| ok(i)));
        let without = self
            .per_browser
            .iter()
            .any(|(_, r)| r.as_ref().is_some_and(|(_, o)| ok(o)));
        match (with, without) {
            (true, _) => Readable::WithCredentials,
            (false, true) => Readable::WithoutCredentials,
            (false, false) => Readable::No,
        }
    }

    fn verdicts(&self) -> Vec<BrowserVerdict> {
        self.per_browser
            .iter()
            .map(|(b, r)| {
                let ok = |t: &Trace| matches!(t.outcome, FetchOutcome::Response(_));
                let why = |t: &Trace| match &t.outcome {
                    FetchOutcome::NetworkError(e) => Some(explain::describe(e)),
                    FetchOutcome::Response(_) => None,
                };
                match r {
                    None => BrowserVerdict {
                        browser: *b,
                        can_produce_origin: false,
                        readable_with_credentials: false,
                        readable_without_credentials: false,
                        blocked_because: Some(
                            "this browser cannot produce the origin (its URL parser escapes or rejects a character of the host)".to_owned(),
                        ),
                    },
                    Some((with, without)) => BrowserVerdict {
                        browser: *b,
                        can_produce_origin: true,
                        readable_with_credentials: ok(with),
                        readable_without_credentials: ok(without),
                        blocked_because: why(with).or_else(|| why(without)),
                    },
                }
            })
            .collect()
    }

    /// The exchanges of the run with the most of them (the live answers).
    fn evidence(&self) -> Vec<Evidence> {
        self.per_browser
            .iter()
            .filter_map(|(_, r)| r.as_ref())
            .flat_map(|(i, o)| [i, o])
            .max_by_key(|t| t.exchanges.len())
            .map(|t| t.exchanges.iter().map(Evidence::from_exchange).collect())
            .unwrap_or_default()
    }

    /// Every answer any run got.
    fn responses(&self) -> impl Iterator<Item = (&OutgoingRequest, &NetworkResponse)> {
        self.per_browser
            .iter()
            .filter_map(|(_, r)| r.as_ref())
            .flat_map(|(i, o)| i.exchanges.iter().chain(o.exchanges.iter()))
            .filter_map(|e| e.response.as_ref().ok().map(|r| (&e.request, r)))
    }
}

/// `fetch(url, {method, headers, mode: "cors", credentials})` from a page
/// with `origin`, as `profile` builds it.
fn request(
    origin: &Origin,
    url: &Url,
    method: &str,
    headers: &[(String, String)],
    credentials: CredentialsMode,
    profile: &Profile,
) -> Option<Request> {
    let init = FetchInit {
        url: url.as_str(),
        method: Some(method),
        headers,
        mode: Some(Mode::Cors),
        credentials: Some(credentials),
        redirect: Some(RedirectMode::Follow),
        body: None,
        referrer_policy: None,
        only_if_cached: false,
    };
    Request::from_fetch_init_url(origin, url.clone(), &init, profile).ok()
}

fn run_all<N>(
    rec: &mut Recorder<'_, N>,
    origin: &str,
    url: &Url,
    method: &str,
    headers: &[(String, String)],
) -> Option<Runs>
where
    N: FnMut(&OutgoingRequest) -> Result<NetworkResponse, NetworkFailure>,
{
    let parsed = Origin::parse_serialized(origin).ok()?;
    let mut per_browser = Vec::new();
    for b in BROWSERS {
        if !can_produce(b, origin) {
            per_browser.push((b, None));
            continue;
        }
        let profile = b.profile();
        let mut one = |c| {
            request(&parsed, url, method, headers, c, profile)
                .map(|r| xorigin::fetch::trace_fetch(r, profile, |o| rec.send(o)))
        };
        let with = one(CredentialsMode::Include)?;
        let without = one(CredentialsMode::Omit)?;
        per_browser.push((b, Some((with, without))));
    }
    Some(Runs { per_browser })
}

fn header(r: &NetworkResponse, name: &[u8]) -> Option<String> {
    r.header_list
        .get(name)
        .map(|v| String::from_utf8_lossy(&v).into_owned())
}

/// Whether the answer's `Access-Control-Allow-Origin` is exactly `origin`.
fn trusts(r: &NetworkResponse, origin: &str) -> bool {
    header(r, b"access-control-allow-origin").is_some_and(|v| v == origin)
}

/// Whether `Vary` names `Origin` (or is `*`).
fn varies_on_origin(list: &HeaderList) -> bool {
    list.get_decode_split(b"vary").is_some_and(|values| {
        values
            .iter()
            .any(|v| v == "*" || v.eq_ignore_ascii_case("origin"))
    })
}

/// The severity of a trusted attacker origin, by how much it can read.
fn origin_severity(check: Check, readable: Readable, public: bool) -> Option<Severity> {
    let weak = matches!(check, Check::AnySubdomain | Check::InsecureOrigin);
    Some(match (readable, weak) {
        (Readable::No, _) => return None,
        (Readable::WithCredentials, false) => Severity::High,
        (Readable::WithCredentials, true) => Severity::Medium,
        // Without credentials the page reads what anyone can fetch.
        (Readable::WithoutCredentials, _) if public => Severity::Info,
        (Readable::WithoutCredentials, false) => Severity::Medium,
        (Readable::WithoutCredentials, true) => Severity::Low,
    })
}

/// The checks a trusted origin of `check` makes redundant (the same root
/// cause, reported once under the most general check).
fn subsumes(general: Check, specific: Check) -> bool {
    use Check::*;
    match general {
        ArbitraryOrigin => matches!(
            specific,
            NullOrigin
                | PrefixMatch
                | SuffixMatch
                | SubstringMatch
                | UnescapedDot
                | AnySubdomain
                | InsecureOrigin
                | SpecialCharacter
                | ThirdPartyHosting
        ),
        SubstringMatch => matches!(
            specific,
            PrefixMatch | SuffixMatch | UnescapedDot | SpecialCharacter
        ),
        SuffixMatch => matches!(specific, UnescapedDot | AnySubdomain),
        PrefixMatch => matches!(specific, SpecialCharacter),
        _ => false,
    }
}

/// Drops findings another finding's check subsumes (same method).
pub(crate) fn dedupe(findings: Vec<Finding>) -> Vec<Finding> {
    let keep: Vec<bool> = findings
        .iter()
        .map(|f| {
            !findings
                .iter()
                .any(|g| g.method == f.method && subsumes(g.check, f.check))
        })
        .collect();
    findings
        .into_iter()
        .zip(keep)
        .filter_map(|(f, k)| k.then_some(f))
        .collect()
}

/// The fix for a trusted attacker origin: the headers the trusted origin's
/// own request needs (from the engine's classification), and nothing for
/// any other origin.
fn origin_fix(check: Check, trusted: &str, config: &[(String, String)]) -> Fix {
    let summary = match check {
        Check::NullOrigin => format!(
            "Never trust the origin `null`: compare the whole Origin value with an exact allow-list ({trusted}) and send no Access-Control-Allow-Origin for any other value."
        ),
        Check::InsecureOrigin => format!(
            "Trust https: origins only: compare the whole Origin value, scheme included, with an exact allow-list ({trusted})."
        ),
        Check::ThirdPartyHosting => format!(
            "Do not trust shared hosting domains: anyone can publish a page there. Compare the whole Origin value with an exact allow-list ({trusted})."
        ),
        _ => format!(
            "Compare the whole Origin value with an exact allow-list ({trusted}), not a prefix, suffix, substring or unescaped pattern; send no Access-Control-Allow-Origin for any other origin. For a listed origin:"
        ),
    };
    let mut headers = config.to_vec();
    headers.push(("Vary".to_owned(), "Origin".to_owned()));
    Fix { summary, headers }
}

/// The largest preflight cache lifetime any browser honours, or `None`
/// when some browser has no cap.
fn max_age_cap() -> Option<u64> {
    BROWSERS
        .iter()
        .map(|b| b.profile().preflight_cache.max_age_cap_secs)
        .try_fold(0, |m, c| c.map(|c| m.max(c)))
}

/// The smallest cap: a lifetime every browser honours in full.
fn min_age_cap() -> Option<u64> {
    BROWSERS
        .iter()
        .filter_map(|b| b.profile().preflight_cache.max_age_cap_secs)
        .min()
}

/// Audits one target; `send` is the network. The baseline request (no
/// `Origin`) tells whether the target is reachable and whether it is
/// public anyway (`Access-Control-Allow-Origin: *`).
pub(crate) fn audit<N>(plan: &Plan, send: &mut N) -> TargetReport
where
    N: FnMut(&OutgoingRequest) -> Result<NetworkResponse, NetworkFailure>,
{
    let mut rec = Recorder {
        send,
        answers: HashMap::new(),
        sent: 0,
        exhausted: false,
    };
    let mut report = TargetReport::new(plan.target.as_str());
    let baseline = OutgoingRequest {
        kind: RequestKind::Main,
        method: "GET".to_owned(),
        url: plan.target.clone(),
        header_list: HeaderList::new(),
        body: None,
        include_credentials: false,
    };
    let baseline = match rec.send(&baseline) {
        Ok(r) => r,
        Err(failure) => {
            report.reachable = false;
            report.error = Some(failure.to_string());
            report.requests = rec.sent;
            return report;
        }
    };
    let baseline_acao = header(&baseline, b"access-control-allow-origin");
    let public = baseline_acao.as_deref() == Some("*");
    let trusted_origins: Vec<String> = if plan.trusted.is_empty() {
        vec![plan.target.origin().ascii_serialization()]
    } else {
        plan.trusted
            .iter()
            .map(|u| u.origin().ascii_serialization())
            .collect()
    };
    let first_trusted = trusted_origins.first().cloned().unwrap_or_default();
    let candidates = candidates::candidates(&plan.target, &plan.trusted);
    let mut findings = Vec::new();
    for method in &plan.methods {
        // The trusted origin's own request: what a correct answer is, and
        // the reference for Vary and `*` with credentials.
        let config = trusted_config(plan, method, &first_trusted);
        let mut all_runs: Vec<(String, Runs)> = Vec::new();
        for t in trusted_origins.iter().take(candidates::MAX_TRUSTED_ORIGINS) {
            if let Some(runs) = run_all(&mut rec, t, &plan.target, method, &plan.headers) {
                all_runs.push((t.clone(), runs));
            }
        }
        for Candidate { check, origin } in &candidates {
            let Some(runs) = run_all(&mut rec, origin, &plan.target, method, &plan.headers) else {
                continue;
            };
            let accepted = runs.responses().any(|(_, r)| trusts(r, origin));
            let readable = runs.readable();
            if accepted && let Some(severity) = origin_severity(*check, readable, public) {
                findings.push(Finding {
                    check: *check,
                    severity,
                    origin: Some(origin.clone()),
                    method: method.clone(),
                    readable,
                    browsers: runs.verdicts(),
                    evidence: runs.evidence(),
                    fix: origin_fix(*check, &trusted_origins.join(", "), &config),
                    detail: None,
                });
            }
            all_runs.push((origin.clone(), runs));
        }
        findings.extend(response_checks(
            &all_runs,
            baseline_acao.as_deref(),
            method,
            &config,
        ));
    }
    findings.extend(preflight_probe(&mut rec, plan, &first_trusted));
    report.findings = dedupe(findings);
    report
        .findings
        .sort_by(|a, b| b.severity.cmp(&a.severity).then(a.check.cmp(&b.check)));
    report.requests = rec.sent;
    report.budget_exhausted = rec.exhausted;
    report
}

/// The headers the trusted origin's request needs (with credentials).
fn trusted_config(plan: &Plan, method: &str, trusted: &str) -> Vec<(String, String)> {
    let profile = BrowserName::Chromium.profile();
    let Ok(origin) = Origin::parse_serialized(trusted) else {
        return Vec::new();
    };
    let Some(r) = request(
        &origin,
        &plan.target,
        method,
        &plan.headers,
        CredentialsMode::Include,
        profile,
    ) else {
        return Vec::new();
    };
    let classification = explain::classify(&r, profile, &plan.headers);
    explain::server_config(&classification, trusted, CredentialsMode::Include)
        .map(|c| {
            let mut all = c.preflight.unwrap_or_default();
            for h in c.actual {
                if !all.contains(&h) {
                    all.push(h);
                }
            }
            all
        })
        .unwrap_or_default()
}

/// Checks on every answer of the origin runs: a per-origin
/// `Access-Control-Allow-Origin` without `Vary: Origin`, `*` with
/// credentials, and `Access-Control-Max-Age` beyond every cap.
fn response_checks(
    all_runs: &[(String, Runs)],
    baseline_acao: Option<&str>,
    method: &str,
    config: &[(String, String)],
) -> Vec<Finding> {
    let mut out = Vec::new();
    let finding = |check, severity, origin: &str, runs: &Runs, fix: Fix, detail| Finding {
        check,
        severity,
        origin: Some(origin.to_owned()),
        method: method.to_owned(),
        readable: runs.readable(),
        browsers: runs.verdicts(),
        evidence: runs.evidence(),
        fix,
        detail,
    };
    // The value differs by origin when it names the origin and the answer
    // without an Origin does not say the same.
    if let Some((origin, runs)) = all_runs.iter().find(|(o, runs)| {
        baseline_acao != Some(o.as_str())
            && runs
                .responses()
                .any(|(_, r)| trusts(r, o) && !varies_on_origin(&r.header_list))
    }) {
        out.push(finding(
            Check::MissingVaryOrigin,
            Severity::Low,
            origin,
            runs,
            Fix {
                summary: "Add `Vary: Origin` to every response whose Access-Control-Allow-Origin depends on the request's Origin, so shared caches do not serve one origin's answer to another.".to_owned(),
                headers: vec![("Vary".to_owned(), "Origin".to_owned())],
            },
            None,
        ));
    }
    if let Some((origin, runs)) = all_runs.iter().find(|(_, runs)| {
        runs.responses().any(|(_, r)| {
            header(r, b"access-control-allow-origin").as_deref() == Some("*")
                && header(r, b"access-control-allow-credentials").as_deref() == Some("true")
        })
    }) {
        out.push(finding(
            Check::WildcardWithCredentials,
            Severity::Info,
            origin,
            runs,
            Fix {
                summary: "Not exploitable: no browser lets a page read a credentialed response answered with `*`. For public data drop Access-Control-Allow-Credentials; for private data answer the exact trusted origin:".to_owned(),
                headers: config.to_vec(),
            },
            None,
        ));
    }
    if let Some(cap) = max_age_cap()
        && let Some((origin, runs, age)) = all_runs.iter().find_map(|(o, runs)| {
            runs.responses().find_map(|(q, r)| {
                let age = header(r, b"access-control-max-age")?
                    .trim()
                    .parse::<u64>()
                    .ok()?;
                (q.kind == RequestKind::Preflight && age > cap).then_some((o, runs, age))
            })
        })
    {
        out.push(finding(
            Check::MaxAgeBeyondCaps,
            Severity::Info,
            origin,
            runs,
            Fix {
                summary: format!("Every browser caps the preflight cache (the largest cap is {cap} s); {age} s is cut down. A value at or below the smallest cap is honoured as written:"),
                headers: vec![("Access-Control-Max-Age".to_owned(), min_age_cap().unwrap_or(cap).to_string())],
            },
            Some(format!("Access-Control-Max-Age: {age}")),
        ));
    }
    out
}

/// The preflight probe: `fetch(url, {method: "XORIGIN-AUDIT", headers:
/// {"X-Xorigin-Audit": "1"}})` from the arbitrary attacker origin. Its
/// preflight is sent by hand first, with
/// `Access-Control-Request-Private-Network: true` added, so the engine's
/// runs replay that answer.
fn preflight_probe<N>(rec: &mut Recorder<'_, N>, plan: &Plan, trusted: &str) -> Vec<Finding>
where
    N: FnMut(&OutgoingRequest) -> Result<NetworkResponse, NetworkFailure>,
{
    let attacker = format!("https://{ATTACKER_SITE}");
    let mut header_list = HeaderList::new();
    header_list.push_raw(b"Origin", attacker.as_bytes());
    header_list.push_raw(b"Access-Control-Request-Method", PROBE_METHOD.as_bytes());
    header_list.push_raw(b"Access-Control-Request-Headers", PROBE_HEADER.as_bytes());
    header_list.push_raw(b"Access-Control-Request-Private-Network", b"true");
    let probe = OutgoingRequest {
        kind: RequestKind::Preflight,
        method: "OPTIONS".to_owned(),
        url: plan.target.clone(),
        header_list,
        body: None,
        include_credentials: false,
    };
    let Ok(answer) = rec.send(&probe) else {
        return Vec::new();
    };
    let headers = vec![(PROBE_HEADER.to_owned(), "1".to_owned())];
    let Some(runs) = run_all(rec, &attacker, &plan.target, PROBE_METHOD, &headers) else {
        return Vec::new();
    };
    let mut evidence = vec![Evidence::from_exchange(&xorigin::fetch::Exchange {
        request: probe,
        response: Ok(answer.clone()),
    })];
    evidence.extend(
        runs.evidence()
            .into_iter()
            .filter(|e| e.kind == RequestKind::Main),
    );
    let allowed = |name: &[u8], want: &str, case: bool| {
        answer.header_list.get_decode_split(name).is_some_and(|v| {
            v.iter().any(|m| {
                if case {
                    m == want
                } else {
                    m.eq_ignore_ascii_case(want)
                }
            })
        })
    };
    let mut out = Vec::new();
    let finding = |check, severity, fix: Fix| Finding {
        check,
        severity,
        origin: Some(attacker.clone()),
        method: PROBE_METHOD.to_owned(),
        readable: runs.readable(),
        browsers: runs.verdicts(),
        evidence: evidence.clone(),
        fix,
        detail: None,
    };
    let methods = plan.methods.join(", ");
    if allowed(b"access-control-allow-methods", PROBE_METHOD, true) {
        out.push(finding(
            Check::ReflectedMethods,
            Severity::Low,
            Fix {
                summary: "Answer a fixed list of the methods the resource accepts, not the requested one:".to_owned(),
                headers: vec![("Access-Control-Allow-Methods".to_owned(), methods)],
            },
        ));
    }
    if allowed(b"access-control-allow-headers", PROBE_HEADER, false) {
        let names: Vec<&str> = plan.headers.iter().map(|(n, _)| n.as_str()).collect();
        out.push(finding(
            Check::ReflectedHeaders,
            Severity::Low,
            Fix {
                summary: "Answer a fixed list of the request headers the resource reads, not the requested ones:".to_owned(),
                headers: vec![(
                    "Access-Control-Allow-Headers".to_owned(),
                    if names.is_empty() { "Content-Type".to_owned() } else { names.join(", ") },
                )],
            },
        ));
    }
    if header(&answer, b"access-control-allow-private-network").as_deref() == Some("true") {
        let to_attacker = trusts(&answer, &attacker);
        out.push(finding(
            Check::PrivateNetworkToAnyOrigin,
            if to_attacker { Severity::Medium } else { Severity::Low },
            Fix {
                summary: format!("Send Access-Control-Allow-Private-Network: true only with the exact trusted origin ({trusted}), so public web pages cannot reach this private-network server:"),
                headers: vec![
                    ("Access-Control-Allow-Origin".to_owned(), trusted.to_owned()),
                    ("Access-Control-Allow-Private-Network".to_owned(), "true".to_owned()),
                    ("Vary".to_owned(), "Origin".to_owned()),
                ],
            },
        ));
    }
    out
}

#[cfg(test)]
#[path = "evaluate_tests.rs"]
mod tests;
