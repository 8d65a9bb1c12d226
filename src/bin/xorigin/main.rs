//! The `xorigin` command line.

#![forbid(unsafe_code)]

// The CLI allocates per scenario (each one read into owned strings, its
// requests and answers built): mimalloc takes fewer instructions per
// allocation than glibc's malloc, most of all across `verify`'s threads
// (see the README's speed table). The library leaves the choice to its
// embedder.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;
use xorigin::browser::{BrowserName, Profile};
use xorigin::explain::{self, CheckRequest, CheckResult, CheckServer, Explanation, Style};
use xorigin::html::CorsSettingsAttribute;
use xorigin::html::initiators::Api;
use xorigin::http::headers;
use xorigin::http::request::{CredentialsMode, Destination, Mode, RedirectMode};
use xorigin::http::response::NetworkResponse;
use xorigin::policy::local_network_access::IpAddressSpace;
use xorigin::scenario::Scenario;

const CHECK_EXAMPLES: &str = "\
Examples:
  # Is a JSON PUT preflighted, and what does the preflight look like?
  xorigin check https://api.b.test/items --origin https://app.a.test -X PUT -H 'Content-Type: application/json'

  # The server answers the preflight with 204 and these headers, the PUT with 200:
  xorigin check https://api.b.test/items --origin https://app.a.test -X PUT \\
      -H 'Content-Type: application/json' \\
      --preflight-header 'Access-Control-Allow-Origin: https://app.a.test' \\
      --preflight-header 'Access-Control-Allow-Methods: PUT' \\
      --response-header 'Access-Control-Allow-Origin: https://app.a.test'

  # A cookie-carrying GET against a server that answers `*`:
  xorigin check https://api.b.test/me --origin https://app.a.test --credentials include \\
      --response-header 'Access-Control-Allow-Origin: *'

  # A redirect chain: one --server-entry per URL ('METHOD URL STATUS | Name: value | ...'):
  xorigin check https://api.b.test/old --origin https://app.a.test \\
      --server-entry 'GET https://api.b.test/old 301 | Location: https://api.c.test/new | Access-Control-Allow-Origin: *' \\
      --server-entry 'GET https://api.c.test/new 200 | Access-Control-Allow-Origin: *'

  # Will this <img> load with these bytes?
  xorigin check https://cdn.b.test/logo.png --origin https://app.a.test --destination image \\
      --response-header 'Content-Type: image/png' --response-body-file logo.png

Without --server or --server-entry the server is one stateless server: it
answers the CORS-preflight request with --preflight-status/--preflight-header
(default: 204, no headers) and every other request (each redirect hop
included) with --status/--response-header (default: 200, no headers). With
them, each entry answers its method and URL, and any other request gets 404.
An --server-entry is one shell word: the method, URL and status separated by
spaces, then each header after a ` | `. The --server file is the scenario
format's `server` array (docs/scenario-format.md).

Without --browser: one verdict line per browser (Chromium, Firefox, WebKit),
the standard's beside them, then the full report of the first browser that
blocks (else Chromium's).
Exit status: 0 allowed (in every browser), 1 blocked (in any: named),
2 usage or input error.";

const PROBE_EXAMPLES: &str = "\
Examples:
  xorigin probe http://127.0.0.1:8080/api --origin http://localhost:3000
  xorigin probe https://api.example.test/items --origin https://app.example.test -X PUT \\
      -H 'Content-Type: application/json' --timeout 5 --json
  xorigin probe https://localhost:8443/api --origin https://localhost:3000 --cacert dev-ca.pem

http:// and https:// (HTTP/1.1; TLS by rustls, the system's trust store unless
--cacert or --insecure). The engine, not the client, follows redirects; no
cookies are sent. Each request uses a new connection.
Exit status: 0 allowed, 1 blocked, 2 usage or input error,
3 the server could not be reached (connection refused, timeout, TLS failure,
bad HTTP): no verdict.";

#[derive(Parser)]
#[command(
    name = "xorigin",
    version,
    about = "Predicts exactly what a browser's same-origin policy and CORS machinery do with a request."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check one request offline: simple or preflighted, the requests sent,
    /// the verdict, each browser's console message and the fix.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(Box<CheckArgs>),
    /// Send the request (and its preflight, when the browser would) to a live
    /// http:// or https:// server and report the engine's verdict on the real answers.
    #[command(after_help = PROBE_EXAMPLES)]
    Probe(Box<ProbeArgs>),
    /// Find CORS misconfigurations on live servers, judged by what each
    /// browser would let an attacker's page read.
    #[command(after_help = audit::AUDIT_EXAMPLES)]
    Audit(Box<audit::AuditArgs>),
    /// Run a scenario file and explain each fetch step by step.
    #[command(
        after_help = "Example:\n  xorigin explain spec-fixtures/preflight/preflight-put-json.json\n\nExit status: 0 every fetch allowed (in every browser), 1 some fetch blocked (in some browser), 2 input error."
    )]
    Explain {
        /// Whose behaviour to predict; default: the scenario's `browser`
        /// field, else every browser (a verdict line each, the standard's
        /// beside them, and the report of the first that blocks).
        #[arg(long, value_parser = parse_browser)]
        browser: Option<BrowserName>,
        /// Print the explanations as JSON.
        #[arg(long)]
        json: bool,
        /// The scenario file.
        file: PathBuf,
    },
    /// From a console message back to its cause: the check that failed, what
    /// it means, the fix, and a `check` command line that reproduces it.
    #[command(
        name = "explain-error",
        after_help = "Example:\n  xorigin explain-error \"Access to fetch at 'https://api.b.test/items' from origin 'https://app.a.test' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\"\n\nRecognises the console lines (and TypeError messages) Chromium, Firefox and WebKit print for\nevery reason the engine gives; --json: [{message, candidates: [{browser, reason,\nfailed_on, summary, fix, reproduce, matched}]}]. Exit status: 0 recognised, 1 not recognised."
    )]
    ExplainError {
        /// Print the candidates as JSON.
        #[arg(long)]
        json: bool,
        /// The console message (or several, each explained in turn).
        #[arg(required = true)]
        messages: Vec<String>,
    },
    /// Print each scenario with every `expect` replaced by the engine's prediction.
    #[command(
        after_help = "Example:\n  xorigin simulate spec-fixtures/preflight/preflight-put-json.json\n  xorigin simulate --browser chromium scenario.json"
    )]
    Simulate {
        /// Whose behaviour to predict; default: each scenario's own `browser` field (or spec).
        #[arg(long, value_parser = parse_browser)]
        browser: Option<BrowserName>,
        /// Print a JSON array of scenarios (always an array), standard formatting.
        #[arg(long)]
        json: bool,
        /// Scenario files: one scenario, a JSON array of them, or JSON Lines
        /// (*.jsonl). None: the embedded default scenario (a preflighted
        /// POST of JSON, the README's first example).
        files: Vec<PathBuf>,
    },
    /// Check every scenario's `expect` against the engine; exit 1 on any failure.
    #[command(
        after_help = "Example:\n  xorigin verify spec-fixtures\n\nA scenario with no `expect` is reported as not checked.\nExit status: 0 every expectation matched, 1 some expectation failed,\n2 an input error (a missing, empty, unparsable or invalid file)."
    )]
    Verify {
        /// Override the browser profile instead of each scenario's own `browser` field.
        #[arg(long, value_parser = parse_browser)]
        browser: Option<BrowserName>,
        /// Print the results as one JSON object.
        #[arg(long)]
        json: bool,
        /// Files or folders (searched recursively for *.json and *.jsonl).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

/// The `fetch()` call, shared by `check` and `probe`.
#[derive(clap::Args)]
struct RequestArgs {
    /// The URL passed to fetch().
    url: String,
    /// The page's origin (`https://app.a.test`, or `null`).
    #[arg(long)]
    origin: String,
    /// The method (init.method).
    #[arg(
        short = 'X',
        long = "request",
        value_name = "METHOD",
        default_value = "GET"
    )]
    method: String,
    /// A request header (init.headers), `Name: value`; repeatable.
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// A request body (init.body, a string: adds `Content-Type: text/plain;charset=UTF-8`).
    #[arg(short = 'd', long = "data", value_name = "BODY")]
    body: Option<String>,
    /// init.credentials.
    #[arg(long, value_parser = spelled::<CredentialsMode>(), default_value = "same-origin")]
    credentials: CredentialsMode,
    /// init.mode.
    #[arg(long, value_parser = spelled::<Mode>(), default_value = "cors")]
    mode: Mode,
    /// init.redirect.
    #[arg(long, value_parser = spelled::<RedirectMode>(), default_value = "follow")]
    redirect: RedirectMode,
    /// init.referrerPolicy.
    #[arg(long = "referrer-policy", value_name = "POLICY")]
    referrer_policy: Option<String>,
    /// Load the URL with an element instead of fetch(): `<img src>`,
    /// `<script src>` or `<link rel=stylesheet href>` (mode no-cors unless
    /// --crossorigin).
    #[arg(long, value_parser = spelled::<Destination>(), conflicts_with_all = ["method", "headers", "body", "mode", "credentials"])]
    destination: Option<Destination>,
    /// The element's `crossorigin` attribute (with --destination, or --api
    /// module/media): mode cors.
    #[arg(long, value_parser = spelled::<CorsSettingsAttribute>())]
    crossorigin: Option<CorsSettingsAttribute>,
    /// Make the request another way than fetch(): xhr, eventsource, beacon,
    /// websocket, module, import, worker, module-worker, shared-worker,
    /// font, media, iframe, form (each as its standard builds it; -X, -H and
    /// -d apply to xhr, -d to beacon).
    #[arg(long, value_parser = spelled::<Api>(), conflicts_with_all = ["mode", "credentials"])]
    api: Option<Api>,
    /// With --api xhr or eventsource: withCredentials = true.
    #[arg(long = "with-credentials", requires = "api")]
    with_credentials: bool,
    /// With --api xhr: a listener on xhr.upload (forces a preflight for a
    /// request with a body).
    #[arg(long = "upload-listener", requires = "api")]
    upload_listener: bool,
    /// A header the page itself was served with, `Name: value`; repeatable
    /// (e.g. `Cross-Origin-Embedder-Policy: require-corp`).
    #[arg(long = "page-header", value_name = "NAME: VALUE")]
    page_headers: Vec<String>,
    /// Local Network Access (Chromium): the IP address space of the page,
    /// `public`, `local` (alias `private`) or `loopback`. Default: the page
    /// host's when it is an IP address or localhost, else public; `check`
    /// applies the check only when this or --target-address-space is given,
    /// `probe` always (from the address it connects to).
    #[arg(long = "client-address-space", value_name = "SPACE", value_parser = parse_space)]
    client_address_space: Option<IpAddressSpace>,
    /// Narrow the report to one browser (chromium, firefox, webkit) or the
    /// standard (spec). Default: one verdict per browser, the standard's
    /// beside them, and the full report of the first browser that blocks.
    #[arg(long, value_parser = parse_browser)]
    browser: Option<BrowserName>,
    /// Print the explanation as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct CheckArgs {
    #[command(flatten)]
    request: RequestArgs,
    /// The status of the server's answer to the CORS-preflight request.
    #[arg(long = "preflight-status", value_name = "N", default_value_t = 204, value_parser = clap::value_parser!(u16).range(100..=999))]
    preflight_status: u16,
    /// A header of the server's answer to the preflight, `Name: value`; repeatable.
    #[arg(long = "preflight-header", value_name = "NAME: VALUE")]
    preflight_headers: Vec<String>,
    /// The status of the server's answer to the request itself.
    #[arg(long = "status", value_name = "N", default_value_t = 200, value_parser = clap::value_parser!(u16).range(100..=999))]
    status: u16,
    /// A header of the server's answer to the request itself, `Name: value`; repeatable.
    #[arg(long = "response-header", value_name = "NAME: VALUE")]
    response_headers: Vec<String>,
    /// Local Network Access (Chromium): the IP address space of the server
    /// (`public`, `local` or `loopback`). Default: the URL host's when it is
    /// an IP address or localhost, else public.
    #[arg(long = "target-address-space", value_name = "SPACE", value_parser = parse_space)]
    target_address_space: Option<IpAddressSpace>,
    /// The body of the server's answer to the request itself (what
    /// opaque-response blocking sniffs for a no-cors request).
    #[arg(
        long = "response-body",
        value_name = "BODY",
        conflicts_with = "response_body_file"
    )]
    response_body: Option<String>,
    /// The body of the server's answer, read from a file as bytes (a real
    /// PNG for an `<img>` check).
    #[arg(long = "response-body-file", value_name = "FILE")]
    response_body_file: Option<PathBuf>,
    /// The server's answers as the scenario format's `server` array (a JSON
    /// array of entries, or a scenario whose `server` is used): each entry
    /// answers one method and URL; any other request gets 404. Replaces
    /// --status/--response-header/--preflight-*.
    #[arg(long = "server", value_name = "FILE", conflicts_with_all = ["status", "response_headers", "preflight_status", "preflight_headers", "response_body", "response_body_file"])]
    server: Option<PathBuf>,
    /// One server entry inline, repeatable, after --server's:
    /// 'METHOD URL STATUS | Name: value | Name: value'. E.g.
    /// --server-entry 'GET https://api.b.test/old 301 | Location: https://api.b.test/new'.
    #[arg(long = "server-entry", value_name = "ENTRY", conflicts_with_all = ["status", "response_headers", "preflight_status", "preflight_headers", "response_body", "response_body_file"])]
    server_entries: Vec<String>,
}

#[derive(clap::Args)]
struct ProbeArgs {
    #[command(flatten)]
    request: RequestArgs,
    /// Seconds to wait for connecting and for each response.
    #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
    timeout: u64,
    /// https: trust only the CA certificates in this PEM file instead of the system's.
    #[arg(long, value_name = "FILE")]
    cacert: Option<PathBuf>,
    /// https: accept any server certificate (development servers only).
    #[arg(short = 'k', long)]
    insecure: bool,
}

/// The value parser for one of the library's enums: its spellings (as
/// `clap::ValueEnum` derives them), listed without the variants' doc
/// comments, which only repeat the spelling.
fn spelled<E: ValueEnum + Clone + Send + Sync + 'static>()
-> impl clap::builder::TypedValueParser<Value = E> {
    use clap::builder::TypedValueParser;
    let values = E::value_variants()
        .iter()
        .filter_map(ValueEnum::to_possible_value)
        .map(|v| v.help(clap::builder::Resettable::Reset));
    clap::builder::PossibleValuesParser::new(values).try_map(|s: String| E::from_str(&s, false))
}

fn parse_space(s: &str) -> Result<IpAddressSpace, String> {
    IpAddressSpace::from_token(s).map_err(|e| e.to_string())
}

fn parse_browser(s: &str) -> Result<BrowserName, String> {
    BrowserName::from_name(s)
        .ok_or_else(|| format!("unknown browser {s:?} (spec, chromium, firefox, webkit)"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Probe(args) => probe::probe(&args),
        Command::Audit(args) => audit::audit(&args),
        Command::Explain {
            browser,
            json,
            file,
        } => explain_file(browser, json, &file),
        Command::Simulate {
            browser,
            json,
            files,
        } => scenarios::simulate(browser, json, &files),
        Command::ExplainError { json, messages } => explain_error::explain_error(&messages, json),
        Command::Verify {
            browser,
            json,
            paths,
        } => scenarios::verify(browser, json, &paths),
    }
}

/// Whether to colour stdout: a terminal, and `NO_COLOR` unset or empty.
fn style() -> Style {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    Style {
        color: !no_color && std::io::stdout().is_terminal(),
    }
}

/// An input error: one line on stderr, exit status 2.
fn input_error(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// Parses a `Name: value` argument. The name must be a header name (a
/// token); the value is trimmed of spaces and tabs and must be a header value.
fn parse_header_arg(flag: &str, arg: &str) -> Result<(String, String), String> {
    let Some((name, value)) = arg.split_once(':') else {
        return Err(format!(
            "{flag} {arg:?}: expected 'Name: value' (no colon found)"
        ));
    };
    let name = name.trim_matches([' ', '\t']);
    if !headers::is_header_name(name.as_bytes()) {
        return Err(format!(
            "{flag} {arg:?}: {name:?} is not a valid header name (a token: letters, digits and !#$%&'*+-.^_`|~)"
        ));
    }
    let value = value.trim_matches([' ', '\t']);
    if !headers::is_header_value(value.as_bytes()) {
        return Err(format!(
            "{flag} {arg:?}: the value contains a character a header value cannot (NUL, CR or LF)"
        ));
    }
    Ok((name.to_owned(), value.to_owned()))
}

fn parse_header_args(flag: &str, args: &[String]) -> Result<Vec<(String, String)>, String> {
    args.iter().map(|a| parse_header_arg(flag, a)).collect()
}

fn response_from(status: u16, headers: &[(String, String)]) -> NetworkResponse {
    let mut response = NetworkResponse::new(status, std::iter::empty::<(&str, &str)>());
    for (n, v) in headers {
        response.header_list.push_raw(n.as_bytes(), v.as_bytes());
    }
    response
}

/// The library's [`CheckRequest`] from the command line's flags (header
/// arguments parsed, with the flag named in an error).
fn check_request(args: &RequestArgs) -> Result<CheckRequest, String> {
    let element = args.destination.is_some()
        || matches!(
            args.api,
            Some(xorigin::html::initiators::Api::Module | xorigin::html::initiators::Api::Media)
        );
    if args.crossorigin.is_some() && !element {
        return Err("--crossorigin applies to --destination or --api module|media".to_owned());
    }
    Ok(CheckRequest {
        url: args.url.clone(),
        origin: args.origin.clone(),
        method: args.method.clone(),
        headers: parse_header_args("-H", &args.headers)?,
        body: args.body.clone(),
        mode: args.mode,
        credentials: args.credentials,
        redirect: args.redirect,
        referrer_policy: args.referrer_policy.clone(),
        destination: args.destination,
        crossorigin: args.crossorigin,
        api: args.api,
        with_credentials: args.with_credentials,
        upload_listener: args.upload_listener,
        page_headers: parse_header_args("--page-header", &args.page_headers)?,
        client_address_space: args.client_address_space,
        target_address_space: None,
    })
}

/// The browsers to run: `--browser`, else the three.
fn browsers_for(args: &RequestArgs) -> Vec<BrowserName> {
    args.browser.map_or(explain::BROWSERS.to_vec(), |b| vec![b])
}

/// One line per browser, the standard's, and which block.
fn render_verdicts(result: &CheckResult) -> String {
    let mut out = String::from("Verdicts:\n");
    let word = |v: explain::Verdict| match v {
        explain::Verdict::Allowed => "ALLOWED",
        explain::Verdict::Blocked => "BLOCKED",
    };
    for v in &result.verdicts {
        let name = match v.browser {
            BrowserName::Chromium => "Chromium",
            BrowserName::Firefox => "Firefox",
            BrowserName::Webkit => "WebKit",
            BrowserName::Spec => "Standard",
        };
        out.push_str(&format!(
            "  {name:<9} {:<8} {}\n",
            word(v.verdict),
            v.summary
        ));
    }
    let differ: Vec<&str> = result
        .verdicts
        .iter()
        .filter(|v| v.differs_from_standard)
        .map(|v| v.browser.as_str())
        .collect();
    out.push_str(&format!(
        "  {:<9} {:<8} ",
        "Standard",
        word(result.standard)
    ));
    if differ.is_empty() {
        out.push_str("(fetch.bs and HTML; every browser agrees)\n");
    } else {
        out.push_str(&format!(
            "(fetch.bs and HTML; differs: {})\n",
            differ.join(", ")
        ));
    }
    if !result.blocked_in.is_empty() {
        let names: Vec<&str> = result.blocked_in.iter().map(|b| b.as_str()).collect();
        out.push_str(&format!("Blocked in: {}\n", names.join(", ")));
    }
    out
}

/// Prints a check's result: with `--browser`, that browser's report as
/// before; else the verdict lines, then the detailed report. Exit 0 when
/// every browser asked allows, 1 when any blocks.
fn report_result(result: &CheckResult, args: &RequestArgs) -> ExitCode {
    let Some(explanation) = xorigin::json::detailed(result) else {
        return ExitCode::from(2);
    };
    let empty_body_note = "Note: the verdict assumed an empty response body: a no-cors response is sniffed (opaque-response blocking, the element's check); give the real bytes with --response-body or --response-body-file.";
    if args.browser.is_some() {
        let code = report(explanation, args.json);
        if result.assumed_empty_body && !args.json {
            out_line(empty_body_note);
        }
        return code;
    }
    if args.json {
        match xorigin::json::check_report(result, false) {
            Ok(out) if print_json(&out) => {}
            _ => return ExitCode::from(2),
        }
    } else {
        out_text(&render_verdicts(result));
        if result.assumed_empty_body {
            out_line(empty_body_note);
        }
        out_text("\n");
        out_text(&explain::render(explanation, style()));
    }
    if result.allowed_everywhere() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Prints an explanation (JSON or human) and gives the exit status.
fn report(explanation: &Explanation, json: bool) -> ExitCode {
    if json {
        if !print_json(explanation) {
            return ExitCode::from(2);
        }
    } else {
        out_text(&explain::render(explanation, style()));
    }
    exit_for(&[explanation])
}

fn check(args: &CheckArgs) -> ExitCode {
    let req = &args.request;
    let mut request = match check_request(req) {
        Ok(r) => r,
        Err(e) => return input_error(&e),
    };
    request.target_address_space = args.target_address_space;
    let server = match server_from(args) {
        Ok(s) => s,
        Err(e) => return input_error(&e),
    };
    match explain::check(&request, &server, &browsers_for(req)) {
        Ok(result) => report_result(&result, req),
        Err(e) => input_error(&e.to_string()),
    }
}

/// The server's answers: the scenario format's entries (`--server`,
/// `--server-entry`), else one stateless server from --status and friends.
fn server_from(args: &CheckArgs) -> Result<CheckServer, String> {
    let preflight = response_from(
        args.preflight_status,
        &parse_header_args("--preflight-header", &args.preflight_headers)?,
    );
    let mut response = response_from(
        args.status,
        &parse_header_args("--response-header", &args.response_headers)?,
    );
    response.body = match (&args.response_body, &args.response_body_file) {
        (Some(b), _) => Some(b.as_bytes().to_vec()),
        (None, Some(path)) => Some(
            std::fs::read(path)
                .map_err(|e| format!("--response-body-file {}: {e}", path.display()))?,
        ),
        (None, None) => None,
    };
    response.body_len = response.body.as_ref().map(|b| b.len() as u64);
    if args.server.is_none() && args.server_entries.is_empty() {
        return Ok(CheckServer::Fixed {
            preflight,
            response,
        });
    }
    let mut entries = match &args.server {
        Some(path) => server::load_entries(path)?,
        None => Vec::new(),
    };
    for arg in &args.server_entries {
        entries.push(server::parse_entry(arg)?);
    }
    Ok(CheckServer::Entries(entries))
}

fn exit_for(explanations: &[&Explanation]) -> ExitCode {
    if explanations
        .iter()
        .all(|e| e.verdict == explain::Verdict::Allowed)
    {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Prints `value` as JSON (indented; arrays of scalars such as header pairs
/// on one line).
fn print_json<T: Serialize>(value: &T) -> bool {
    match serde_json::to_value(value) {
        Ok(v) => {
            let mut s = String::new();
            pretty(&v, 0, &mut s);
            out_line(&s);
            true
        }
        Err(e) => {
            eprintln!("error: {e}");
            false
        }
    }
}

/// The JSON shape of `explain --json`.
#[derive(Serialize)]
struct ScenarioExplanation<'a> {
    id: &'a str,
    description: Option<&'a str>,
    browser: BrowserName,
    fetches: Vec<Explanation>,
}

fn explain_file(browser: Option<BrowserName>, json: bool, file: &Path) -> ExitCode {
    let scenario = match load(file) {
        Ok(s) => s,
        Err(e) => return input_error(&e),
    };
    if browser.is_none() && scenario.browser.is_none() {
        return explain_across(json, file, &scenario);
    }
    let name = browser.or(scenario.browser).unwrap_or(BrowserName::Spec);
    let explanations = match explain::explain_scenario(&scenario, name) {
        Ok(e) => e,
        Err(e) => return input_error(&format!("{}: {e}", file.display())),
    };
    let refs: Vec<&Explanation> = explanations.iter().collect();
    let code = exit_for(&refs);
    if json {
        let out = ScenarioExplanation {
            id: &scenario.id,
            description: scenario.description.as_deref(),
            browser: name,
            fetches: explanations,
        };
        if !print_json(&out) {
            return ExitCode::from(2);
        }
        return code;
    }
    let style = style();
    let mut text = format!("Scenario {} ({})\n", scenario.id, file.display());
    if let Some(d) = &scenario.description {
        text.push_str(d);
        text.push('\n');
    }
    let count = explanations.len();
    for (i, e) in explanations.iter().enumerate() {
        text.push_str(&format!("\n=== fetch {} of {count} ===\n", i + 1));
        text.push_str(&explain::render(e, style));
    }
    out_text(&text);
    code
}

/// `explain` without `--browser` on a scenario that names no browser: per
/// fetch, one verdict line per browser and the standard's, then the report
/// of the first browser that blocks (else Chromium's).
fn explain_across(json: bool, file: &Path, scenario: &Scenario) -> ExitCode {
    let results = match explain::explain_scenario_across(scenario, &explain::BROWSERS) {
        Ok(r) => r,
        Err(e) => return input_error(&format!("{}: {e}", file.display())),
    };
    let code = if results.iter().all(CheckResult::allowed_everywhere) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    if json {
        let fetches: Vec<serde_json::Value> = results
            .iter()
            .filter_map(|r| xorigin::json::check_report(r, false).ok())
            .collect();
        #[derive(Serialize)]
        struct Out<'a> {
            id: &'a str,
            description: Option<&'a str>,
            fetches: Vec<serde_json::Value>,
        }
        let out = Out {
            id: &scenario.id,
            description: scenario.description.as_deref(),
            fetches,
        };
        return if print_json(&out) {
            code
        } else {
            ExitCode::from(2)
        };
    }
    let style = style();
    let mut text = format!("Scenario {} ({})\n", scenario.id, file.display());
    if let Some(d) = &scenario.description {
        text.push_str(d);
        text.push('\n');
    }
    let count = results.len();
    for (i, r) in results.iter().enumerate() {
        text.push_str(&format!("\n=== fetch {} of {count} ===\n", i + 1));
        text.push_str(&render_verdicts(r));
        if let Some(e) = xorigin::json::detailed(r) {
            text.push('\n');
            text.push_str(&explain::render(e, style));
        }
    }
    out_text(&text);
    code
}

fn load(path: &Path) -> Result<Scenario, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Scenario::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn profile_for(browser: Option<BrowserName>, scenario: &Scenario) -> &'static Profile {
    browser
        .or(scenario.browser)
        .unwrap_or(BrowserName::Spec)
        .profile()
}

/// A progress bar on stderr for runs over more than 20 files, only when
/// stderr is a terminal (pipes, CI logs and `--json` stay clean).
fn progress_bar(len: usize, verb: &str) -> indicatif::ProgressBar {
    if len <= 20 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    let template = format!("{verb} {{bar:40}} {{pos}}/{{len}} [{{elapsed}} < {{eta}}]");
    if let Ok(style) = indicatif::ProgressStyle::with_template(&template) {
        bar.set_style(style);
    }
    bar
}

/// Prints a line; a closed pipe (`| head`) is not an error worth a panic.
fn out_line(line: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// Prints text as is (it ends with its own newline).
fn out_text(text: &str) {
    let _ = write!(std::io::stdout().lock(), "{text}");
}

/// Pretty JSON that keeps arrays of scalars (header pairs, name lists) on one
/// line. Depth is bounded by serde_json's own nesting limit on input, and
/// past 64 levels the rest is printed compactly.
fn pretty(v: &serde_json::Value, depth: usize, out: &mut String) {
    use serde_json::Value;
    let pad = |n: usize| "  ".repeat(n);
    let scalar = |v: &Value| !matches!(v, Value::Array(_) | Value::Object(_));
    match v {
        _ if depth > 64 => out.push_str(&v.to_string()),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) if items.iter().all(scalar) => {
            let parts: Vec<String> = items.iter().map(Value::to_string).collect();
            out.push('[');
            out.push_str(&parts.join(", "));
            out.push(']');
        }
        Value::Array(items) => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                pretty(item, depth + 1, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(depth));
            out.push(']');
        }
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Object(map) => {
            out.push_str("{\n");
            for (i, (k, item)) in map.iter().enumerate() {
                out.push_str(&pad(depth + 1));
                out.push_str(&Value::String(k.clone()).to_string());
                out.push_str(": ");
                pretty(item, depth + 1, out);
                out.push_str(if i + 1 < map.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(depth));
            out.push('}');
        }
        _ => out.push_str(&v.to_string()),
    }
}

mod audit;
mod explain_error;
mod probe;
mod scenarios;
mod server;
