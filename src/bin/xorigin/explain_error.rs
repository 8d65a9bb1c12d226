//! `xorigin explain-error 'MESSAGE'`: from a console message (Chromium,
//! Firefox or WebKit) back to the check that failed. The engine renders the
//! messages of a catalogue of `check` command lines, one or more per reason
//! the engine can give, in every browser; the message is matched against
//! them by its shape (quoted values, URLs and numbers set aside), and the
//! closest ones name the reason, what it means, the fix and a `check`
//! command line that reproduces it (with the message's URL and origin).

use std::process::ExitCode;

use clap::Parser;
use serde::Serialize;
use xorigin::browser::BrowserName;
use xorigin::explain::{self, Explanation};

use super::{Cli, Command, out_text, print_json};

/// `check` arguments after the URL and `--origin`, one case per reason
/// (and per message variant) the engine can give.
const CASES: &[&[&str]] = &[
    // The response's CORS check.
    &[],
    &[
        "--response-header",
        "Access-Control-Allow-Origin: https://other.test",
    ],
    &[
        "--response-header",
        "Access-Control-Allow-Origin: https://app.a.test, https://other.test",
    ],
    &[
        "--response-header",
        "Access-Control-Allow-Origin: https://app.a.test",
        "--response-header",
        "Access-Control-Allow-Origin: https://app.a.test",
    ],
    &[
        "--response-header",
        "Access-Control-Allow-Origin: bad value",
    ],
    &[
        "--response-header",
        "Access-Control-Allow-Origin: https://app.a.test/",
    ],
    &[
        "--credentials",
        "include",
        "--response-header",
        "Access-Control-Allow-Origin: *",
    ],
    &[
        "--credentials",
        "include",
        "--response-header",
        "Access-Control-Allow-Origin: https://app.a.test",
    ],
    &[
        "--credentials",
        "include",
        "--response-header",
        "Access-Control-Allow-Origin: https://app.a.test",
        "--response-header",
        "Access-Control-Allow-Credentials: yes",
    ],
    // The preflight.
    &["-X", "PUT"],
    &["-X", "PUT", "--preflight-status", "500"],
    &[
        "-X",
        "PUT",
        "--preflight-status",
        "500",
        "--preflight-header",
        "Access-Control-Allow-Origin: https://app.a.test",
    ],
    &[
        "-X",
        "PUT",
        "--preflight-status",
        "301",
        "--preflight-header",
        "Location: https://api.b.test/other",
    ],
    &[
        "-X",
        "PUT",
        "--preflight-status",
        "301",
        "--preflight-header",
        "Location: https://api.b.test/other",
        "--preflight-header",
        "Access-Control-Allow-Origin: https://app.a.test",
    ],
    &[
        "-X",
        "PUT",
        "--preflight-status",
        "301",
        "--preflight-header",
        "Location: https://api.b.test/other",
        "--preflight-header",
        "Access-Control-Allow-Origin: https://app.a.test, https://other.test",
    ],
    &[
        "-X",
        "PUT",
        "--preflight-status",
        "301",
        "--preflight-header",
        "Location: https://api.b.test/other",
        "--preflight-header",
        "Access-Control-Allow-Origin: https://other.test",
    ],
    &[
        "--credentials",
        "include",
        "--server-entry",
        "GET https://api.b.test/items 302 | Location: https://api.b.test/x | Access-Control-Allow-Origin: https://app.a.test | Access-Control-Allow-Credentials: true",
        "--server-entry",
        "GET https://api.b.test/x 200 | Access-Control-Allow-Origin: https://app.a.test",
    ],
    &[
        "--credentials",
        "include",
        "--server-entry",
        "GET https://api.b.test/items 302 | Location: https://api.b.test/x | Access-Control-Allow-Origin: https://app.a.test",
        "--server-entry",
        "GET https://api.b.test/x 200 | Access-Control-Allow-Origin: https://app.a.test",
    ],
    // fetch() throws.
    &["-X", "PATCH", "--mode", "no-cors"],
    &["-X", "CONNECT"],
    &["-d", "x"],
    &[
        "-X",
        "PUT",
        "--preflight-header",
        "Access-Control-Allow-Origin: https://other.test",
    ],
    &[
        "-X",
        "PUT",
        "--preflight-header",
        "Access-Control-Allow-Origin: https://app.a.test, https://other.test",
    ],
    &[
        "-X",
        "PUT",
        "--preflight-header",
        "Access-Control-Allow-Origin: https://app.a.test",
        "--preflight-header",
        "Access-Control-Allow-Origin: https://app.a.test",
    ],
    &[
        "-X",
        "PUT",
        "--preflight-header",
        "Access-Control-Allow-Origin: bad value",
    ],
    &[
        "-X",
        "PUT",
        "--credentials",
        "include",
        "--preflight-header",
        "Access-Control-Allow-Origin: *",
    ],
    &[
        "-X",
        "PUT",
        "--credentials",
        "include",
        "--preflight-header",
        "Access-Control-Allow-Origin: https://app.a.test",
    ],
    &[
        "-X",
        "PUT",
        "--preflight-header",
        "Access-Control-Allow-Origin: https://app.a.test",
    ],
    &[
        "-X",
        "PUT",
        "--preflight-header",
        "Access-Control-Allow-Origin: https://app.a.test",
        "--preflight-header",
        "Access-Control-Allow-Methods: GET",
    ],
    &[
        "-X",
        "PUT",
        "--preflight-header",
        "Access-Control-Allow-Origin: https://app.a.test",
        "--preflight-header",
        "Access-Control-Allow-Methods: P(T",
    ],
    &[
        "-H",
        "X-Token: 1",
        "--preflight-header",
        "Access-Control-Allow-Origin: https://app.a.test",
    ],
    &[
        "-H",
        "X-Token: 1",
        "--preflight-header",
        "Access-Control-Allow-Origin: https://app.a.test",
        "--preflight-header",
        "Access-Control-Allow-Headers: x-other",
    ],
    &[
        "-H",
        "X-Token: 1",
        "--preflight-header",
        "Access-Control-Allow-Origin: https://app.a.test",
        "--preflight-header",
        "Access-Control-Allow-Headers: x(y",
    ],
    &[
        "-H",
        "Authorization: Bearer x",
        "--preflight-header",
        "Access-Control-Allow-Origin: https://app.a.test",
        "--preflight-header",
        "Access-Control-Allow-Headers: *",
    ],
    // Redirects.
    &[
        "--status",
        "302",
        "--response-header",
        "Access-Control-Allow-Origin: *",
        "--response-header",
        "Location: https://api.b.test/items",
    ],
    &[
        "--status",
        "302",
        "--response-header",
        "Access-Control-Allow-Origin: *",
        "--response-header",
        "Location: ftp://api.b.test/x",
    ],
    &[
        "--status",
        "302",
        "--response-header",
        "Access-Control-Allow-Origin: *",
        "--response-header",
        "Location: https://u:p@api.b.test/x",
    ],
    &[
        "--status",
        "302",
        "--response-header",
        "Access-Control-Allow-Origin: *",
        "--response-header",
        "Location: http://[x",
    ],
    &[
        "--status",
        "302",
        "--redirect",
        "error",
        "--response-header",
        "Location: https://api.b.test/x",
    ],
    &["--mode", "no-cors", "--redirect", "manual"],
    &["--mode", "same-origin"],
    // Element loads, policies, schemes.
    &[
        "--destination",
        "image",
        "--response-header",
        "Content-Type: application/json",
        "--response-body",
        "{\"a\": 1}",
    ],
    &[
        "--destination",
        "script",
        "--response-header",
        "Content-Type: image/png",
    ],
    &[
        "--destination",
        "script",
        "--response-header",
        "Content-Type: text/plain",
        "--response-header",
        "X-Content-Type-Options: nosniff",
    ],
    &[
        "--destination",
        "style",
        "--response-header",
        "Content-Type: text/plain",
        "--response-header",
        "X-Content-Type-Options: nosniff",
    ],
    &[
        "--destination",
        "style",
        "--response-header",
        "Content-Type: text/plain",
    ],
    &[
        "--destination",
        "script",
        "--status",
        "404",
        "--response-header",
        "Content-Type: text/javascript",
    ],
    &[
        "--destination",
        "image",
        "--page-header",
        "Cross-Origin-Embedder-Policy: require-corp",
        "--response-header",
        "Content-Type: image/png",
    ],
    &[
        "--mode",
        "no-cors",
        "--response-header",
        "Cross-Origin-Resource-Policy: same-origin",
    ],
    &[
        "--client-address-space",
        "public",
        "--target-address-space",
        "local",
    ],
    &[
        "--client-address-space",
        "public",
        "--target-address-space",
        "loopback",
    ],
];

/// Cases whose URL or origin is part of the reason.
const URL_CASES: &[(&str, &str, &[&str])] = &[
    ("http://api.b.test/items", "https://app.a.test", &[]),
    ("https://api.b.test:6000/items", "https://app.a.test", &[]),
    // An `<img>` on a bad port (WebKit's bare `Cannot load <url>.` line).
    (
        "https://api.b.test:6000/i.png",
        "https://app.a.test",
        &["--destination", "image"],
    ),
    ("ftp://api.b.test/items", "https://app.a.test", &[]),
    ("file:///etc/passwd", "https://app.a.test", &[]),
    ("data:text/plain;base64,%%%", "https://app.a.test", &[]),
    ("https://u:p@api.b.test/items", "https://app.a.test", &[]),
    (
        "http://api.b.test:8080/items",
        "http://app.a.test",
        &[
            "--client-address-space",
            "public",
            "--target-address-space",
            "local",
        ],
    ),
    (
        "http://cdn.b.test/s.js",
        "https://app.a.test",
        &["--destination", "script"],
    ),
    (
        "http://cdn.b.test/s.css",
        "https://app.a.test",
        &["--destination", "style"],
    ),
    (
        "http://cdn.b.test/i.png",
        "https://app.a.test",
        &["--destination", "image"],
    ),
    // Opaque-response blocking of an `<img>` (Chromium's
    // `net::ERR_BLOCKED_BY_ORB` line).
    (
        "https://api.b.test/data.json",
        "https://app.a.test",
        &[
            "--destination",
            "image",
            "--response-header",
            "Content-Type: application/json",
            "--response-body",
            "{\"secret\": 42}",
        ],
    ),
    // A `<link rel=stylesheet>` whose type is not text/css (Firefox's
    // `MimeNotCss` line).
    (
        "https://app.a.test/s.css",
        "https://app.a.test",
        &[
            "--destination",
            "style",
            "--response-header",
            "Content-Type: text/html",
        ],
    ),
    (
        "https://app.a.test/s.js",
        "https://app.a.test",
        &[
            "--destination",
            "script",
            "--response-header",
            "Content-Type: text/plain",
            "--response-header",
            "X-Content-Type-Options: nosniff",
        ],
    ),
    (
        "https://app.a.test/s.js",
        "https://app.a.test",
        &[
            "--destination",
            "script",
            "--response-header",
            "X-Content-Type-Options: nosniff",
        ],
    ),
    (
        "https://app.a.test/r",
        "https://app.a.test",
        &[
            "--mode",
            "same-origin",
            "--server-entry",
            "GET https://app.a.test/r 302 | Location: https://api.b.test/data",
        ],
    ),
    (
        "https://app.a.test/s.css",
        "https://app.a.test",
        &[
            "--destination",
            "style",
            "--response-header",
            "Content-Type: text/plain",
            "--response-header",
            "X-Content-Type-Options: nosniff",
        ],
    ),
];

const API: &str = "https://api.b.test/items";
const APP: &str = "https://app.a.test";

/// One message the catalogue renders.
struct Rendered {
    browser: BrowserName,
    line: String,
    args: Vec<String>,
    explanation: Explanation,
}

/// The shape of a message: quoted values, URLs, numbers and header or
/// method names replaced by placeholders, lower case, words only.
fn shape(message: &str) -> Vec<String> {
    let mut out = String::new();
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        let close = match c {
            '\'' => Some('\''),
            '‘' => Some('’'),
            '"' => Some('"'),
            '“' => Some('”'),
            '`' => Some('`'),
            _ => None,
        };
        if let Some(close) = close {
            let rest: String = chars.clone().collect();
            if let Some(end) = rest.find(close) {
                out.push_str(" Q ");
                for _ in 0..rest[..end].chars().count() + 1 {
                    chars.next();
                }
                continue;
            }
        }
        out.push(c);
    }
    out.split_whitespace()
        .map(|w| {
            let w = w.trim_matches(|c: char| ".,;:()[]".contains(c));
            if w.contains("://") || w.starts_with("data:") {
                "U".to_owned()
            } else if w.chars().all(|c| c.is_ascii_digit()) && !w.is_empty() {
                "N".to_owned()
            } else {
                w.to_ascii_lowercase()
            }
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// Similarity of two shapes: shared words over all words (Jaccard, with
/// multiplicity), and exact order as a tie-break.
fn similarity(a: &[String], b: &[String]) -> (u32, bool) {
    let mut rest: Vec<&String> = b.iter().collect();
    let mut shared = 0usize;
    for w in a {
        if let Some(i) = rest.iter().position(|x| *x == w) {
            rest.swap_remove(i);
            shared += 1;
        }
    }
    let total = a.len() + b.len() - shared;
    let score = u32::try_from((shared * 1000).checked_div(total).unwrap_or(0)).unwrap_or(0);
    (score, a == b)
}

/// The catalogue: every case run through `check` in every browser, each
/// console line (and `TypeError`) kept with the explanation that made it.
fn catalogue() -> Vec<Rendered> {
    let mut cases: Vec<Vec<String>> = CASES
        .iter()
        .map(|extra| {
            let mut a = vec![API.to_owned(), "--origin".to_owned(), APP.to_owned()];
            a.extend(extra.iter().map(|s| (*s).to_owned()));
            a
        })
        .collect();
    for (url, origin, extra) in URL_CASES {
        let mut a = vec![
            (*url).to_owned(),
            "--origin".to_owned(),
            (*origin).to_owned(),
        ];
        a.extend(extra.iter().map(|s| (*s).to_owned()));
        cases.push(a);
    }
    let mut out = Vec::new();
    for args in cases {
        for browser in explain::BROWSERS {
            let Some(e) = run_case(&args, browser) else {
                continue;
            };
            let Some(report) = e.browsers.iter().find(|b| b.browser == browser) else {
                continue;
            };
            let lines: Vec<String> = report
                .console
                .iter()
                .cloned()
                .chain(report.type_error.clone())
                .collect();
            for line in lines {
                out.push(Rendered {
                    browser,
                    line,
                    args: args.clone(),
                    explanation: e.clone(),
                });
            }
        }
    }
    // Request errors the command line itself rejects (it validates the
    // same way): rendered from the error, reproduced as an input error.
    let template = out
        .iter()
        .find(|r| {
            matches!(
                r.explanation.reason,
                Some(xorigin::fetch::Reason::Request { .. })
            )
        })
        .map(|r| r.explanation.clone());
    if let Some(template) = template {
        use xorigin::http::request::RequestError;
        let thrown: [(RequestError, &[&str]); 5] = [
            (RequestError::NavigateMode, &["--mode", "navigate"]),
            (
                RequestError::InvalidMethod {
                    method: "GE T".to_owned(),
                },
                &["-X", "GE T"],
            ),
            (
                RequestError::InvalidHeaderName {
                    name: "x bad".to_owned(),
                },
                &["-H", "x bad: 1"],
            ),
            (
                RequestError::InvalidHeaderValue {
                    name: "x".to_owned(),
                },
                &["-H", "x: a\u{0}b"],
            ),
            (
                RequestError::ForbiddenMethod {
                    method: "TRACE".to_owned(),
                },
                &["-X", "TRACE"],
            ),
        ];
        for (error, extra) in thrown {
            let err = xorigin::fetch::NetworkError::from_request_error(error, API, APP);
            let mut args = vec![API.to_owned(), "--origin".to_owned(), APP.to_owned()];
            args.extend(extra.iter().map(|s| (*s).to_owned()));
            let mut explanation = template.clone();
            explanation.summary = explain::describe(&err);
            explanation.fix = Some(explain::fix(&err, &explain::MessageContext::fetch()));
            explanation.reason = Some(err.reason.clone());
            // What script passed, for the messages that quote it.
            let headers: Vec<(String, String)> = extra
                .windows(2)
                .filter(|w| w[0] == "-H")
                .filter_map(|w| w[1].split_once(": "))
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
                .collect();
            let mut ctx = explain::MessageContext::fetch();
            ctx.request_headers = &headers;
            for browser in explain::BROWSERS {
                if let Some(line) = explain::type_error_message_in(browser, &err, &ctx) {
                    out.push(Rendered {
                        browser,
                        line,
                        args: args.clone(),
                        explanation: explanation.clone(),
                    });
                }
            }
        }
    }
    out
}

/// `xorigin check ARGS --browser BROWSER`, run in process.
fn run_case(args: &[String], browser: BrowserName) -> Option<Explanation> {
    let mut argv = vec!["xorigin".to_owned(), "check".to_owned()];
    argv.extend(args.iter().cloned());
    argv.extend(["--browser".to_owned(), browser.as_str().to_owned()]);
    let Ok(Cli {
        command: Command::Check(check),
    }) = Cli::try_parse_from(&argv)
    else {
        return None;
    };
    let mut request = super::check_request(&check.request).ok()?;
    request.target_address_space = check.target_address_space;
    let server = super::server_from(&check).ok()?;
    let result = explain::check(&request, &server, &[browser]).ok()?;
    result.explanations.into_iter().next()
}

/// The method a message names (`Method DELETE is not allowed`).
fn method_of(message: &str) -> Option<String> {
    let at = message.find("Method ")? + "Method ".len();
    let word: String = message[at..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    xorigin::http::method::is_method(&word).then_some(word)
}

/// The message's URL and page origin, when it names them.
fn url_and_origin(message: &str) -> (Option<String>, Option<String>) {
    let quoted_after = |key: &str| {
        let at = message.find(key)? + key.len();
        let rest = &message[at..];
        let end = rest.find('\'')?;
        Some(rest[..end].to_owned())
    };
    // Chromium's mixed-content lines: `The page at '<page>' ... requested
    // an insecure <kind> '<url>'`; the page's URL gives the origin.
    if let Some(at) = message.find("requested an insecure ") {
        let rest = &message[at..];
        let url = rest
            .split_once('\'')
            .and_then(|(_, r)| r.split_once('\''))
            .map(|(u, _)| u.to_owned());
        let origin = quoted_after("The page at '")
            .and_then(|p| url::Url::parse(&p).ok())
            .map(|p| p.origin().ascii_serialization());
        return (url, origin);
    }
    let url = quoted_after("at '").or_else(|| {
        message
            .split_whitespace()
            .find(|w| w.contains("://"))
            .map(|w| w.trim_end_matches(['.', ',', ')']).to_owned())
    });
    (url, quoted_after("from origin '"))
}

/// What `explain-error` finds for one message.
#[derive(Serialize)]
pub struct Recognized {
    /// The browser whose message it is.
    pub browser: BrowserName,
    /// The engine's reason (as `check --json` gives it).
    pub reason: Option<xorigin::fetch::Reason>,
    /// Which request failed.
    pub failed_on: Option<xorigin::fetch::RequestKind>,
    /// What it means.
    pub summary: String,
    /// The fix.
    pub fix: Option<explain::Fix>,
    /// A `check` command line that reproduces it.
    pub reproduce: String,
    /// The catalogue's message it matched.
    pub matched: String,
}

/// A reason's kinds, outermost first (`preflight/cors-check/missing-allow-origin`).
pub fn reason_key(reason: &xorigin::fetch::Reason) -> String {
    let mut kinds = Vec::new();
    let mut value = serde_json::to_value(reason).unwrap_or_default();
    while let Some(kind) = value.get("kind").and_then(|k| k.as_str()) {
        kinds.push(kind.to_owned());
        value = match value.get("failure").or_else(|| value.get("blocked")) {
            Some(v) => v.clone(),
            None => break,
        };
    }
    kinds.join("/")
}

fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Every catalogue message whose shape is closest to `message` (ties all
/// kept, at most one per reason and browser).
pub fn recognize(message: &str) -> Vec<Recognized> {
    let want = shape(message.trim());
    let catalogue = catalogue();
    let scored: Vec<((u32, bool), &Rendered)> = catalogue
        .iter()
        .map(|r| (similarity(&want, &shape(&r.line)), r))
        .collect();
    let Some(best) = scored.iter().map(|(s, _)| *s).max() else {
        return Vec::new();
    };
    if best.0 < 500 {
        return Vec::new();
    }
    let (url, origin) = url_and_origin(message);
    let mut out: Vec<Recognized> = Vec::new();
    for (_, r) in scored.iter().filter(|(s, _)| *s == best) {
        let reason = r.explanation.reason.clone();
        if out
            .iter()
            .any(|o| o.browser == r.browser && o.reason == reason)
        {
            continue;
        }
        // The catalogue's case, with the message's URL, origin and method.
        let mut args = r.args.clone();
        if let Some(o) = &origin {
            for a in args.iter_mut() {
                *a = a.replace(APP, o);
            }
        }
        if let (Some(u), Some(first)) = (&url, args.first_mut()) {
            first.clone_from(u);
        }
        if let Some(m) = method_of(message)
            && let Some(i) = args.iter().position(|a| a == "-X")
            && let Some(value) = args.get_mut(i + 1)
        {
            *value = m;
        }
        // Explained again for the message's own values, when that run
        // fails the same way.
        let explanation = run_case(&args, r.browser)
            .filter(|e| e.reason.as_ref().map(reason_key) == reason.as_ref().map(reason_key))
            .unwrap_or_else(|| r.explanation.clone());
        let mut line = String::from("xorigin check");
        for a in args
            .iter()
            .chain(["--browser".to_owned(), r.browser.as_str().to_owned()].iter())
        {
            line.push(' ');
            line.push_str(&shell_quote(a));
        }
        out.push(Recognized {
            browser: r.browser,
            reason,
            failed_on: explanation.failed_on,
            summary: explanation.summary.clone(),
            fix: explanation.fix.clone(),
            reproduce: line,
            matched: r.line.clone(),
        });
    }
    out
}

/// One message's candidates, for `--json`.
#[derive(Serialize)]
struct MessageResult<'a> {
    message: &'a str,
    candidates: Vec<Recognized>,
}

pub fn explain_error(messages: &[String], json: bool) -> ExitCode {
    if json {
        let results: Vec<MessageResult<'_>> = messages
            .iter()
            .map(|m| MessageResult {
                message: m,
                candidates: recognize(m),
            })
            .collect();
        let all = results.iter().all(|r| !r.candidates.is_empty());
        return match (print_json(&results), all) {
            (false, _) => ExitCode::from(2),
            (true, true) => ExitCode::SUCCESS,
            (true, false) => ExitCode::from(1),
        };
    }
    let mut code = ExitCode::SUCCESS;
    for (i, m) in messages.iter().enumerate() {
        if i > 0 {
            out_text("\n");
        }
        if explain_one(m) != ExitCode::SUCCESS {
            code = ExitCode::from(1);
        }
    }
    code
}

fn explain_one(message: &str) -> ExitCode {
    let found = recognize(message);
    if found.is_empty() {
        out_text(
            "Not a message xorigin knows (Chromium, Firefox or WebKit console text for a blocked request).\n",
        );
        return ExitCode::from(1);
    }
    let mut text = String::new();
    for (i, r) in found.iter().enumerate() {
        if i > 0 {
            text.push_str("\nOr:\n");
        }
        let failed = match (r.failed_on, &r.reason) {
            (Some(xorigin::fetch::RequestKind::Preflight), _) => {
                "the CORS-preflight request (OPTIONS)"
            }
            (Some(xorigin::fetch::RequestKind::Main), _) => "the request itself",
            // A warning logged for a load the browser let through.
            (None, None) => "nothing: a warning, the load goes on",
            (None, Some(_)) => "before anything was sent",
        };
        text.push_str(&format!(
            "Browser: {}\nFailed on: {failed}\n",
            r.browser.as_str()
        ));
        text.push_str(&format!("What it means: {}\n", r.summary));
        if let Some(fix) = &r.fix {
            text.push_str(&format!("Fix: {}\n", fix.text));
        }
        text.push_str(&format!("Reproduce: {}\n", r.reproduce));
    }
    out_text(&text);
    ExitCode::SUCCESS
}
