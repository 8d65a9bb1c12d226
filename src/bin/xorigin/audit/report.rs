//! The audit's report: findings, their JSON shape (documented in the
//! README), the human rendering and SARIF 2.1.0. No I/O.
use serde::Serialize;
use serde_json::{Value, json};
use xorigin::browser::BrowserName;
use xorigin::fetch::Exchange;
use xorigin::fetch::RequestKind;

use super::candidates::Check;

/// How bad a finding is. Exit status 1 from `Medium` up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    Info,
    Low,
    Medium,
    High,
}

impl Severity {
    fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }

    /// SARIF's `level`.
    fn sarif_level(self) -> &'static str {
        match self {
            Severity::High => "error",
            Severity::Medium => "warning",
            Severity::Low | Severity::Info => "note",
        }
    }

    /// GitHub code scanning's `security-severity` (a CVSS-like score).
    fn security_severity(self) -> &'static str {
        match self {
            Severity::High => "8.0",
            Severity::Medium => "5.0",
            Severity::Low => "3.0",
            Severity::Info => "0.0",
        }
    }
}

/// What an attacker's page can read, in the most permissive browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Readable {
    /// With the victim's cookies (`credentials: "include"`).
    WithCredentials,
    /// Only without credentials.
    WithoutCredentials,
    /// In no browser.
    No,
}

/// One browser's verdict, computed by the engine under its profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct BrowserVerdict {
    pub browser: BrowserName,
    /// Whether a page in this browser can have the attacker origin.
    pub can_produce_origin: bool,
    pub readable_with_credentials: bool,
    pub readable_without_credentials: bool,
    /// Why a run was blocked (the engine's reason), when one was.
    pub blocked_because: Option<String>,
}

/// One request the audit sent and the answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Evidence {
    /// `preflight` or `main`.
    pub kind: RequestKind,
    pub method: String,
    pub url: String,
    pub request_headers: Vec<(String, String)>,
    /// The response status; `None` when no answer came.
    pub status: Option<u16>,
    pub response_headers: Vec<(String, String)>,
    /// The network failure, when no answer came.
    pub error: Option<String>,
}

fn pairs<'a>(list: impl Iterator<Item = (&'a [u8], &'a [u8])>) -> Vec<(String, String)> {
    list.map(|(n, v)| {
        (
            String::from_utf8_lossy(n).into_owned(),
            String::from_utf8_lossy(v).into_owned(),
        )
    })
    .collect()
}

impl Evidence {
    pub(crate) fn from_exchange(e: &Exchange) -> Evidence {
        let (status, response_headers, error) = match &e.response {
            Ok(r) => (Some(r.status), pairs(r.header_list.iter()), None),
            Err(f) => (None, Vec::new(), Some(f.to_string())),
        };
        Evidence {
            kind: e.request.kind,
            method: e.request.method.clone(),
            url: e.request.url.to_string(),
            request_headers: pairs(e.request.header_list.iter()),
            status,
            response_headers,
            error,
        }
    }
}

/// What to change on the server: a sentence and the exact headers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Fix {
    pub summary: String,
    pub headers: Vec<(String, String)>,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Finding {
    pub check: Check,
    pub severity: Severity,
    /// The attacker origin sent in `Origin`.
    pub origin: Option<String>,
    /// The method of the fetch.
    pub method: String,
    /// What the attacker's page can read, in the most permissive browser.
    pub readable: Readable,
    /// Per browser: chromium, firefox, webkit.
    pub browsers: Vec<BrowserVerdict>,
    pub evidence: Vec<Evidence>,
    pub fix: Fix,
    /// A detail the check adds (the value it judged).
    pub detail: Option<String>,
}

/// One target's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct TargetReport {
    pub url: String,
    /// Whether the target answered the baseline request.
    pub reachable: bool,
    /// Why it did not.
    pub error: Option<String>,
    /// How many requests were sent to it.
    pub requests: usize,
    /// Whether the per-target request budget ran out (some candidates untried).
    pub budget_exhausted: bool,
    /// Worst first.
    pub findings: Vec<Finding>,
}

impl TargetReport {
    pub(crate) fn new(url: &str) -> TargetReport {
        TargetReport {
            url: url.to_owned(),
            reachable: true,
            error: None,
            requests: 0,
            budget_exhausted: false,
            findings: Vec::new(),
        }
    }

    /// Whether a finding is of medium severity or higher.
    pub(crate) fn serious(&self) -> bool {
        self.findings.iter().any(|f| f.severity >= Severity::Medium)
    }
}

/// The browsers that can read, for a line of text.
fn who(f: &Finding) -> String {
    let names = |pick: &dyn Fn(&BrowserVerdict) -> bool| {
        let n: Vec<&str> = f
            .browsers
            .iter()
            .filter(|b| pick(b))
            .map(|b| b.browser.as_str())
            .collect();
        if n.is_empty() {
            "no browser".to_owned()
        } else {
            n.join(", ")
        }
    };
    format!(
        "readable with credentials: {}; without: {}",
        names(&|b| b.readable_with_credentials),
        names(&|b| b.readable_without_credentials)
    )
}

/// The human report: per target, findings grouped by severity, worst
/// first. `color`: ANSI colours (a terminal only).
pub(crate) fn render(reports: &[TargetReport], color: bool) -> String {
    let paint = |s: &str, code: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_owned()
        }
    };
    let mut out = String::new();
    for r in reports {
        out.push_str(&paint(&format!("== {}", r.url), "1"));
        out.push('\n');
        if let Some(e) = &r.error {
            out.push_str(&format!("  unreachable: {e}\n\n"));
            continue;
        }
        if r.findings.is_empty() {
            out.push_str(&format!("  no findings ({} requests)\n\n", r.requests));
            continue;
        }
        for sev in [
            Severity::High,
            Severity::Medium,
            Severity::Low,
            Severity::Info,
        ] {
            let group: Vec<&Finding> = r.findings.iter().filter(|f| f.severity == sev).collect();
            if group.is_empty() {
                continue;
            }
            let code = match sev {
                Severity::High => "1;31",
                Severity::Medium => "33",
                Severity::Low => "36",
                Severity::Info => "2",
            };
            out.push_str(&paint(
                &format!("  {} ({})", sev.as_str().to_uppercase(), group.len()),
                code,
            ));
            out.push('\n');
            for f in group {
                out.push_str(&format!("  - {} [{}]\n", f.check.title(), f.check.id()));
                if let Some(o) = &f.origin {
                    out.push_str(&format!("      Origin: {o} ({})\n", f.method));
                }
                if let Some(d) = &f.detail {
                    out.push_str(&format!("      {d}\n"));
                }
                out.push_str(&format!("      {}\n", who(f)));
                for b in f.browsers.iter().filter(|b| !b.can_produce_origin) {
                    out.push_str(&format!(
                        "      {}: cannot produce this origin\n",
                        b.browser.as_str()
                    ));
                }
                for e in &f.evidence {
                    let interesting: Vec<String> = e
                        .response_headers
                        .iter()
                        .filter(|(n, _)| {
                            let n = n.to_ascii_lowercase();
                            n.starts_with("access-control-") || n == "vary"
                        })
                        .map(|(n, v)| format!("{n}: {v}"))
                        .collect();
                    let status = e
                        .status
                        .map_or_else(|| e.error.clone().unwrap_or_default(), |s| s.to_string());
                    out.push_str(&format!(
                        "      {} {} -> {status}{}{}\n",
                        e.method,
                        e.url,
                        if interesting.is_empty() { "" } else { "; " },
                        interesting.join("; ")
                    ));
                }
                out.push_str(&format!("      fix: {}\n", f.fix.summary));
                for (n, v) in &f.fix.headers {
                    out.push_str(&format!("        {n}: {v}\n"));
                }
            }
        }
        out.push('\n');
    }
    out
}

/// The reports as a SARIF 2.1.0 log: one rule per check, one result per
/// finding, located at the target URL.
/// <https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html>
pub(crate) fn sarif(reports: &[TargetReport]) -> Value {
    let rules: Vec<Value> = Check::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.id(),
                "name": c.id(),
                "shortDescription": { "text": c.title() },
                "helpUri": "https://fetch.spec.whatwg.org/#http-cors-protocol",
            })
        })
        .collect();
    let mut results = Vec::new();
    for r in reports {
        for f in &r.findings {
            let index = Check::ALL.iter().position(|c| *c == f.check).unwrap_or(0);
            let origin = f.origin.as_deref().unwrap_or("-");
            let text = format!(
                "{} (Origin: {origin}, {}; {}). Fix: {} {}",
                f.check.title(),
                f.method,
                who(f),
                f.fix.summary,
                f.fix
                    .headers
                    .iter()
                    .map(|(n, v)| format!("{n}: {v}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            );
            results.push(json!({
                "ruleId": f.check.id(),
                "ruleIndex": index,
                "level": f.severity.sarif_level(),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": { "artifactLocation": { "uri": r.url } }
                }],
                "properties": {
                    "severity": f.severity.as_str(),
                    "security-severity": f.severity.security_severity(),
                    "origin": origin,
                    "readable": f.readable,
                }
            }));
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "xorigin",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://fetch.spec.whatwg.org/",
                "rules": rules,
            }},
            "results": results,
        }]
    })
}
