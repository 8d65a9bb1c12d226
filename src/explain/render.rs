//! ANSI rendering of an [`Explanation`] as a readable report.

use std::fmt::Write as _;

use crate::browser::BrowserName;
use crate::fetch::RequestKind;

use super::fix::FixTarget;
use super::report::{Explanation, Verdict};

/// ANSI styles, or none.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Whether to emit ANSI escape codes.
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
    fn bold(self, t: &str) -> String {
        self.paint("1", t)
    }
    fn red(self, t: &str) -> String {
        self.paint("1;31", t)
    }
    fn green(self, t: &str) -> String {
        self.paint("1;32", t)
    }
    fn dim(self, t: &str) -> String {
        self.paint("2", t)
    }
    fn yellow(self, t: &str) -> String {
        self.paint("33", t)
    }
}

fn browser_title(b: BrowserName) -> &'static str {
    match b {
        BrowserName::Spec => "Spec",
        BrowserName::Chromium => "Chromium",
        BrowserName::Firefox => "Firefox",
        BrowserName::Webkit => "WebKit",
    }
}

/// Renders an explanation as a readable report.
pub fn render(e: &Explanation, style: Style) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} from {}  ({})",
        style.bold(&e.method),
        style.bold(&e.url),
        e.origin,
        e.browser.as_str()
    );
    if let Some(c) = &e.classification {
        let _ = writeln!(out, "Request: {}", style.bold(&c.kind));
        for why in &c.why {
            let _ = writeln!(out, "  - {why}");
        }
    }
    if e.exchanges.is_empty() {
        let _ = writeln!(out, "\nNothing was sent.");
    }
    for (i, x) in e.exchanges.iter().enumerate() {
        let title = match x.kind {
            RequestKind::Preflight => "CORS-preflight request",
            RequestKind::Main => "Request",
        };
        let _ = writeln!(out, "\n{}. {title}", i + 1);
        let _ = writeln!(out, "   > {} {}", style.bold(&x.method), x.url);
        for (n, v) in &x.headers {
            let _ = writeln!(out, "   > {n}: {v}");
        }
        if x.credentials {
            let _ = writeln!(
                out,
                "   {}",
                style.dim("(with cookies / HTTP authentication)")
            );
        }
        if let Some(r) = &x.response {
            let _ = writeln!(out, "   < {}", style.bold(&r.status.to_string()));
            if r.mattered.is_empty() {
                let _ = writeln!(out, "   {}", style.dim("(no Access-Control-* headers)"));
            }
            for (n, v) in &r.mattered {
                let _ = writeln!(out, "   < {n}: {v}");
            }
        }
        if let Some(err) = &x.network_error {
            let _ = writeln!(out, "   < {}", style.red(&format!("no response: {err}")));
        }
        let mark = if x.check.passed {
            style.green("ok")
        } else {
            style.red("FAILED")
        };
        let _ = writeln!(out, "   {mark} {}", x.check.detail);
    }
    let verdict = match e.verdict {
        Verdict::Allowed => style.green("ALLOWED"),
        Verdict::Blocked => style.red("BLOCKED"),
    };
    let _ = writeln!(out, "\nVerdict: {verdict}: {}", e.summary);
    if let Some(resp) = &e.response
        && resp.response_type != crate::http::response::ResponseType::Opaque
    {
        let names = resp.visible_header_names();
        let _ = writeln!(
            out,
            "Script can read headers: {}",
            if names.is_empty() {
                "(none)".to_owned()
            } else {
                names.join(", ")
            }
        );
        // Response headers script cannot read: the usual surprise after CORS passes.
        let mut hidden: Vec<String> = e
            .exchanges
            .last()
            .and_then(|x| x.response.as_ref())
            .map(|r| {
                r.headers
                    .iter()
                    .map(|(n, _)| n.to_ascii_lowercase())
                    .filter(|n| !n.starts_with("access-control-") && !names.contains(n))
                    .collect()
            })
            .unwrap_or_default();
        hidden.sort();
        hidden.dedup();
        if !hidden.is_empty() && resp.response_type == crate::http::response::ResponseType::Cors {
            let _ = writeln!(
                out,
                "Hidden from script: {} (list them in Access-Control-Expose-Headers to expose them)",
                hidden.join(", ")
            );
        }
    }
    let mut differing = Vec::new();
    for b in &e.browsers {
        if b.verdict != e.verdict {
            differing.push(b);
        }
        if b.verdict == Verdict::Allowed {
            continue;
        }
        let code = b.code.as_ref().map_or(String::new(), |c| format!(" [{c}]"));
        let _ = writeln!(out, "\n{}{code}:", style.bold(browser_title(b.browser)));
        if b.console.is_empty() {
            let _ = writeln!(out, "  {}", style.dim("(no CORS console message)"));
        }
        for line in &b.console {
            let _ = writeln!(out, "  {line}");
        }
        if let Some(t) = &b.type_error {
            let _ = writeln!(out, "  {}", style.dim(&format!("TypeError: {t}")));
        }
    }
    for b in differing {
        let v = match b.verdict {
            Verdict::Allowed => "allows",
            Verdict::Blocked => "blocks",
        };
        let _ = writeln!(
            out,
            "\n{}",
            style.yellow(&format!(
                "Note: {} {v} this request (its profile differs from {}).",
                browser_title(b.browser),
                e.browser.as_str()
            ))
        );
    }
    if let Some(f) = &e.fix {
        let on = match f.on {
            FixTarget::Preflight => "on the preflight (OPTIONS) response",
            FixTarget::Actual => "on the response",
            FixTarget::Client => "in the page",
            FixTarget::Server => "on the server",
        };
        match (&f.header, &f.value) {
            (Some(h), Some(v)) => {
                let _ = writeln!(out, "\n{} send `{h}: {v}` {on}", style.bold("Fix:"));
            }
            _ => {
                let _ = writeln!(out, "\n{} {on}", style.bold("Fix:"));
            }
        }
        let _ = writeln!(out, "  {}", f.text);
    }
    if let Some(c) = &e.server_config {
        let _ = writeln!(
            out,
            "\n{}",
            style.bold("Everything this request needs from the server:")
        );
        if let Some(p) = &c.preflight {
            let _ = writeln!(out, "  on the preflight (OPTIONS, status 204):");
            for (n, v) in p {
                let _ = writeln!(out, "    {n}: {v}");
            }
        }
        let _ = writeln!(out, "  on the response to {} {}:", e.method, e.url);
        for (n, v) in &c.actual {
            let _ = writeln!(out, "    {n}: {v}");
        }
    }
    out
}
