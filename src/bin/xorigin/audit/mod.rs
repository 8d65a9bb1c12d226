//! `xorigin audit`: probes servers with attacker origins and reports the
//! CORS misconfigurations a page on such an origin could exploit, judged
//! by the engine under each browser's profile. The I/O (network, rate,
//! output files) is here; the checks are in `evaluate`, `candidates` and
//! `report`.
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use url::Url;
use xorigin::http::method;

use super::probe::{Client, Trust};

mod candidates;
mod evaluate;
mod report;

pub(crate) const AUDIT_EXAMPLES: &str = "\
Examples:
  xorigin audit https://api.example.test/me --origin https://app.example.test
  xorigin audit https://api.example.test/items --method GET --method PUT \\
      --header 'Content-Type: application/json' --json
  xorigin audit $(cat targets.txt) --rate 5/s --sarif cors.sarif

Each target gets a request without Origin, then one fetch (and its preflight,
when the browser sends one) per candidate attacker origin and method, the
trusted origins' own fetches and one preflight probe: at most 128 requests
per target (at most 30 for GET with one trusted origin). No cookies are
sent; the engine judges with and without credentials for Chromium, Firefox
and WebKit.
Exit status: 0 nothing of medium severity or higher, 1 such findings,
2 usage or input error, 3 a target could not be reached (and no finding of
medium severity or higher).";

#[derive(clap::Args)]
pub(crate) struct AuditArgs {
    /// The URLs to audit (http:// or https://).
    #[arg(required = true, value_name = "URL")]
    urls: Vec<String>,
    /// An origin the server is meant to trust (`https://app.example.test`);
    /// repeatable. Candidate attacker origins are derived from it (default:
    /// each target's own origin).
    #[arg(long = "origin", value_name = "TRUSTED_ORIGIN")]
    origins: Vec<String>,
    /// A request header the page sets, `Name: value`; repeatable.
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// A method the page uses; repeatable (default GET).
    #[arg(short = 'X', long = "method", value_name = "METHOD")]
    methods: Vec<String>,
    /// Print one JSON object per target (a JSON array).
    #[arg(long)]
    json: bool,
    /// Also write the findings as SARIF 2.1.0 to FILE.
    #[arg(long, value_name = "FILE")]
    sarif: Option<PathBuf>,
    /// At most N requests per second, over all targets (`5/s` or `5`).
    #[arg(long, value_name = "N/s", value_parser = parse_rate)]
    rate: Option<f64>,
    /// Seconds to wait for connecting and for each response.
    #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
    timeout: u64,
    /// https: trust only the CA certificates in this PEM file.
    #[arg(long, value_name = "FILE", conflicts_with = "insecure")]
    cacert: Option<PathBuf>,
    /// https: accept any server certificate (development servers only).
    #[arg(short = 'k', long)]
    insecure: bool,
}

/// `N/s` or `N`: requests per second, more than 0.
fn parse_rate(s: &str) -> Result<f64, String> {
    let n = s.strip_suffix("/s").unwrap_or(s).trim();
    match n.parse::<f64>() {
        Ok(r) if r.is_finite() && r > 0.0 => Ok(r),
        _ => Err(format!("{s:?}: expected requests per second, e.g. 5/s")),
    }
}

/// Spaces requests at least `1/rate` seconds apart.
struct Pace {
    interval: Option<Duration>,
    next: Option<Instant>,
}

impl Pace {
    fn wait(&mut self) {
        let Some(interval) = self.interval else {
            return;
        };
        let now = Instant::now();
        if let Some(next) = self.next
            && next > now
        {
            std::thread::sleep(next - now);
        }
        self.next = Some(Instant::now().max(self.next.unwrap_or(now)) + interval);
    }
}

pub(crate) fn audit(args: &AuditArgs) -> ExitCode {
    let targets: Result<Vec<Url>, String> = args
        .urls
        .iter()
        .map(|u| match Url::parse(u) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => Ok(url),
            Ok(url) => Err(format!(
                "{u:?}: {} URLs cannot be audited (http:// and https:// only)",
                url.scheme()
            )),
            Err(e) => Err(format!("URL {u:?} is not an absolute URL: {e}")),
        })
        .collect();
    let targets = match targets {
        Ok(t) => t,
        Err(e) => return super::input_error(&e),
    };
    let mut trusted = Vec::new();
    for o in &args.origins {
        match xorigin::origin::Origin::parse_serialized(o) {
            Ok(origin) if !origin.is_opaque() => match Url::parse(origin.ascii_serialization()) {
                Ok(u) => trusted.push(u),
                Err(e) => return super::input_error(&format!("--origin {o:?}: {e}")),
            },
            _ => {
                return super::input_error(&format!(
                    "--origin {o:?} is not a serialized tuple origin (https://host[:port])"
                ));
            }
        }
    }
    let mut methods = Vec::new();
    for m in &args.methods {
        if !method::is_method(m) {
            return super::input_error(&format!("--method {m:?} is not a valid HTTP method"));
        }
        let m = method::normalize_method(m).into_owned();
        if !methods.contains(&m) {
            methods.push(m);
        }
    }
    if methods.is_empty() {
        methods.push("GET".to_owned());
    }
    let headers = match super::parse_header_args("--header", &args.headers) {
        Ok(h) => h,
        Err(e) => return super::input_error(&e),
    };
    let trust = match &args.cacert {
        Some(path) => {
            if let Err(e) = super::probe::read_ca_file(path) {
                return super::input_error(&format!("--cacert {e}"));
            }
            Trust::CaFile(path.clone())
        }
        None if args.insecure => Trust::Insecure,
        None => Trust::System,
    };
    let mut client = Client::new(Duration::from_secs(args.timeout), trust);
    let mut pace = Pace {
        interval: args.rate.map(|r| Duration::from_secs_f64(1.0 / r)),
        next: None,
    };
    let bar = super::progress_bar(targets.len(), "auditing");
    let mut reports = Vec::new();
    for target in targets {
        bar.inc(1);
        let plan = evaluate::Plan {
            target,
            trusted: trusted.clone(),
            methods: methods.clone(),
            headers: headers.clone(),
        };
        reports.push(evaluate::audit(&plan, &mut |r| {
            pace.wait();
            client.send(r)
        }));
    }
    bar.finish_and_clear();
    if let Some(path) = &args.sarif {
        let text = serde_json::to_string_pretty(&report::sarif(&reports)).unwrap_or_default();
        if let Err(e) = std::fs::write(path, text + "\n") {
            return super::input_error(&format!("--sarif {}: {e}", path.display()));
        }
    }
    if args.json {
        if !super::print_json(&reports) {
            return ExitCode::from(2);
        }
    } else {
        let color = super::style().color;
        super::out_text(&report::render(&reports, color));
    }
    for r in reports.iter().filter(|r| !r.reachable) {
        eprintln!(
            "error: {}: {} (no audit: the server did not answer)",
            r.url,
            r.error.as_deref().unwrap_or("unreachable")
        );
    }
    if reports.iter().any(report::TargetReport::serious) {
        ExitCode::from(1)
    } else if reports.iter().any(|r| !r.reachable) {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_parse_with_or_without_the_unit() {
        assert_eq!(parse_rate("5/s"), Ok(5.0));
        assert_eq!(parse_rate("0.5"), Ok(0.5));
        assert!(parse_rate("0/s").is_err());
        assert!(parse_rate("fast").is_err());
        assert!(parse_rate("inf").is_err());
    }

    #[test]
    fn pace_spaces_requests_by_the_interval() {
        let mut pace = Pace {
            interval: Some(Duration::from_millis(20)),
            next: None,
        };
        let start = Instant::now();
        for _ in 0..4 {
            pace.wait();
        }
        // Four requests, three gaps: a lower bound only (load can only slow it).
        assert!(start.elapsed() >= Duration::from_millis(60));
    }
}
