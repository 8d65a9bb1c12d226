//! `xorigin-conformance`: runs xorigin scenarios in a real browser, records
//! what it did, and compares the engine's prediction with it.
#![forbid(unsafe_code)]

mod cdp;
mod check;
mod chromium;
mod driver;
mod engine;
mod family;
mod firefox;
mod harness;
mod inputs;
mod middleware;
mod page;
mod random;
mod server;
mod webkit;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use xorigin::browser::BrowserName;

use crate::harness::Harness;

/// Browser conformance harness for xorigin.
#[derive(Parser)]
#[command(name = "xorigin-conformance", version)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
    /// The Chromium executable.
    #[arg(long, global = true, default_value = chromium::DEFAULT_CHROMIUM)]
    chromium: String,
    /// The Firefox executable.
    #[arg(long, global = true, default_value = firefox::DEFAULT_FIREFOX)]
    firefox: String,
    /// The WebKitGTK WebDriver executable (MiniBrowser is found beside the
    /// WebKitGTK library, or at `$XORIGIN_MINIBROWSER`).
    #[arg(long, global = true, default_value = webkit::DEFAULT_WEBKIT_DRIVER)]
    webkit_driver: String,
    /// Print diagnostics to stderr.
    #[arg(long, short, global = true)]
    verbose: bool,
    /// The loopback address the test server binds and the browser resolves
    /// `*.test` to (another one lets two harnesses run side by side).
    #[arg(long, global = true, default_value = "127.0.0.1")]
    bind: std::net::Ipv4Addr,
}

#[derive(Clone, Copy, ValueEnum)]
enum Browser {
    Chromium,
    Firefox,
    Webkit,
}

/// The exit status of a run whose browser is not installed (automake's
/// "skipped"): never 0, which would read as a pass.
const EXIT_SKIPPED: u8 = 77;

/// Whether an executable is there: a path with a `/` as given, else a
/// `$PATH` entry.
fn executable_exists(program: &str) -> bool {
    if program.contains('/') {
        return Path::new(program).is_file();
    }
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(program).is_file()))
}

impl Launch {
    /// What is missing to run this browser, if anything.
    fn missing(&self) -> Option<String> {
        let mut need = vec![self.path.clone()];
        if self.name == BrowserName::Webkit {
            need.push("Xvfb".into());
            match webkit::minibrowser() {
                Some(m) => need.push(m),
                None => return Some("MiniBrowser (WebKitGTK) not found".into()),
            }
        }
        need.into_iter()
            .find(|p| !executable_exists(p))
            .map(|p| format!("{p} not found"))
    }
}

/// Which browser to start, and from where.
struct Launch {
    name: BrowserName,
    path: String,
    ip: std::net::Ipv4Addr,
}

/// The one start-up of `record`, `compare` and `random`: creates `out`
/// (when given), starts the test server and the browser with `-v` as asked,
/// and passes the browser's version to `announce`. Else the exit status:
/// `SKIPPED` (77) when the browser is not installed, 2 on any other error.
async fn start_harness(
    launch: &Launch,
    verbose: bool,
    out: Option<&Path>,
    announce: impl FnOnce(&str),
) -> Result<Harness, ExitCode> {
    if let Some(dir) = out
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!("error: cannot create {}: {e}", dir.display());
        return Err(ExitCode::from(2));
    }
    if let Some(why) = launch.missing() {
        println!(
            "SKIPPED: {} is not installed ({why}); no verdict",
            launch.name.as_str()
        );
        return Err(ExitCode::from(EXIT_SKIPPED));
    }
    let mut harness = match Harness::start(launch.name, &launch.path, launch.ip).await {
        Ok(h) => h,
        Err(e) => {
            eprintln!("error: {e}");
            return Err(ExitCode::from(2));
        }
    };
    harness.verbose = verbose;
    announce(&harness.version().await);
    Ok(harness)
}

impl Cli {
    fn launch(&self, b: Browser) -> Launch {
        match b {
            Browser::Chromium => Launch {
                name: BrowserName::Chromium,
                path: self.chromium.clone(),
                ip: self.bind,
            },
            Browser::Firefox => Launch {
                name: BrowserName::Firefox,
                path: self.firefox.clone(),
                ip: self.bind,
            },
            Browser::Webkit => Launch {
                name: BrowserName::Webkit,
                path: self.webkit_driver.clone(),
                ip: self.bind,
            },
        }
    }
}

#[derive(Subcommand)]
enum Cmd {
    /// Run scenarios in the browser and write them back with `expect` as recorded.
    Record {
        /// Scenario files, or folders searched for `*.json`.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Where to write the recordings (`<id>.json`).
        #[arg(long)]
        out: PathBuf,
        /// The browser to record.
        #[arg(long, value_enum, default_value = "chromium")]
        browser: Browser,
    },
    /// Record scenarios and compare the engine's prediction with each recording.
    Compare {
        /// Scenario files, or folders searched for `*.json`.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The browser to record and the engine profile to compare with.
        #[arg(long, value_enum, default_value = "chromium")]
        browser: Browser,
        /// A file of scenario ids (one per line, `#` comments) whose
        /// disagreement is known and accepted.
        #[arg(long)]
        expected_differences: Option<PathBuf>,
        /// Also write every recording here.
        #[arg(long)]
        save: Option<PathBuf>,
    },
    /// Compare saved recordings (each with its `browser`) with the engine,
    /// without a browser: for re-checking an engine change.
    Recheck {
        /// Recorded scenario files, or folders searched for `*.json`.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Serve real middleware (tower-http `CorsLayer`s on axum routers, and
    /// hand-written handlers) to the browser and compare each fetch with
    /// the in-process prediction of `xorigin::embed::testing` over the
    /// same service.
    Middleware {
        /// The browser to record and the profile the helper uses.
        #[arg(long, value_enum, default_value = "chromium")]
        browser: Browser,
        /// Case ids whose disagreement is known and accepted.
        #[arg(long)]
        expected_differences: Option<PathBuf>,
        /// Run only the cases whose id contains this.
        #[arg(long)]
        only: Option<String>,
        /// Also write every recording here.
        #[arg(long)]
        save: Option<PathBuf>,
    },
    /// Generate scenarios from a seed, run them in the browser and the
    /// engine, and write every disagreement, shrunk, to a folder.
    Random {
        /// The seed.
        #[arg(long)]
        seed: u64,
        /// How many scenarios.
        #[arg(long, default_value_t = 100)]
        count: u64,
        /// Run only scenario number I of the seed.
        #[arg(long)]
        only: Option<u64>,
        /// The browser to record and the engine profile to compare with.
        #[arg(long, value_enum, default_value = "chromium")]
        browser: Browser,
        /// Where to write the disagreements (shrunk scenarios, recorded).
        #[arg(long, default_value = "random-disagreements")]
        out: PathBuf,
        /// Browser runs allowed to shrink one disagreement.
        #[arg(long, default_value_t = 30)]
        shrink_budget: usize,
        /// Disagreements to shrink (the rest are written as generated).
        #[arg(long, default_value_t = 10)]
        max_shrunk: usize,
        /// Scenario ids whose disagreement is known and accepted.
        #[arg(long)]
        expected_differences: Option<PathBuf>,
        /// Generate the wider family (element loads, COEP, CORP, ORB bodies,
        /// mixed content) instead of CORS `fetch()` scenarios.
        #[arg(long)]
        family: bool,
        /// Also write every recording (agreeing or not) to this folder, for
        /// `recheck` with another engine build.
        #[arg(long)]
        keep: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    rt.block_on(run(cli))
}

async fn run(cli: Cli) -> ExitCode {
    match &cli.command {
        Cmd::Record {
            inputs,
            out,
            browser,
        } => record(&cli.launch(*browser), cli.verbose, inputs, out).await,
        Cmd::Compare {
            inputs,
            browser,
            expected_differences,
            save,
        } => {
            compare(
                &cli.launch(*browser),
                cli.verbose,
                inputs,
                expected_differences.as_deref(),
                save.as_deref(),
            )
            .await
        }
        Cmd::Recheck { inputs } => recheck(inputs),
        Cmd::Middleware {
            browser,
            expected_differences,
            only,
            save,
        } => {
            middleware_run(
                &cli.launch(*browser),
                cli.verbose,
                expected_differences.as_deref(),
                only.as_deref(),
                save.as_deref(),
            )
            .await
        }
        Cmd::Random {
            seed,
            count,
            only,
            browser,
            out,
            shrink_budget,
            max_shrunk,
            expected_differences,
            family,
            keep,
        } => {
            let known = match expected_differences
                .as_deref()
                .map(read_expected_differences)
            {
                None => BTreeSet::new(),
                Some(Ok(k)) => k,
                Some(Err(e)) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            };
            let indices: Vec<u64> = match only {
                Some(i) => vec![*i],
                None => (0..*count).collect(),
            };
            let opts = RandomOptions {
                seed: *seed,
                out: out.clone(),
                shrink_budget: *shrink_budget,
                max_shrunk: *max_shrunk,
                known,
                generate: if *family {
                    family::generate
                } else {
                    random::generate
                },
                keep: keep.clone(),
            };
            random_run(&cli.launch(*browser), cli.verbose, &indices, &opts).await
        }
    }
}

fn recheck(inputs: &[PathBuf]) -> ExitCode {
    let (scenarios, load_errors) = inputs::load(inputs);
    for e in &load_errors {
        eprintln!("error: {e}");
    }
    let (mut passed, mut failed) = (0usize, 0usize);
    for (source, s) in &scenarios {
        let Some(browser) = s
            .browser
            .filter(|b| *b != xorigin::browser::BrowserName::Spec)
        else {
            failed += 1;
            println!("FAIL {}: not a recording (no `browser`)", source.display());
            continue;
        };
        let lines = disagreements(browser, s, s);
        if lines.is_empty() {
            passed += 1;
        } else {
            failed += 1;
            println!("FAIL {} ({})", s.id, source.display());
            for l in &lines {
                println!("  {l}");
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    if failed > 0 || !load_errors.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

async fn record(launch: &Launch, verbose: bool, inputs: &[PathBuf], out: &Path) -> ExitCode {
    let (scenarios, load_errors) = inputs::load(inputs);
    for e in &load_errors {
        eprintln!("error: {e}");
    }
    let mut harness = match start_harness(launch, verbose, Some(out), |v| {
        eprintln!("recording in {v}")
    })
    .await
    {
        Ok(h) => h,
        Err(code) => return code,
    };
    let started = Instant::now();
    let (mut recorded, mut failed) = (0usize, load_errors.len());
    for (source, s) in &scenarios {
        match harness.record(s).await {
            Ok(r) => {
                let path = out.join(format!("{}.json", inputs::file_stem(&r.id)));
                match std::fs::write(&path, r.to_json_pretty() + "\n") {
                    Ok(()) => recorded += 1,
                    Err(e) => {
                        failed += 1;
                        eprintln!("error: {}: cannot write {}: {e}", s.id, path.display());
                    }
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("error: {} ({}): {e}", s.id, source.display());
            }
        }
    }
    harness.close().await;
    let elapsed = started.elapsed();
    let per = if scenarios.is_empty() {
        0.0
    } else {
        elapsed.as_secs_f64() * 1000.0 / scenarios.len() as f64
    };
    println!(
        "{recorded} recorded, {failed} not recorded ({:.1} s, {per:.0} ms per scenario)",
        elapsed.as_secs_f64()
    );
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads an expected-differences file: one scenario id per line; blank
/// lines and `#` comments ignored.
fn read_expected_differences(path: &Path) -> Result<BTreeSet<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect())
}

async fn compare(
    launch: &Launch,
    verbose: bool,
    inputs: &[PathBuf],
    expected_differences: Option<&Path>,
    save: Option<&Path>,
) -> ExitCode {
    let known = match expected_differences.map(read_expected_differences) {
        None => BTreeSet::new(),
        Some(Ok(k)) => k,
        Some(Err(e)) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let (scenarios, load_errors) = inputs::load(inputs);
    for e in &load_errors {
        eprintln!("error: {e}");
    }
    let mut harness =
        match start_harness(launch, verbose, save, |v| println!("comparing with {v}")).await {
            Ok(h) => h,
            Err(code) => return code,
        };
    let started = Instant::now();
    let (mut passed, mut failed, mut accepted, mut errors) =
        (0usize, 0usize, 0usize, load_errors.len());
    for (source, s) in &scenarios {
        let recorded = match harness.record(s).await {
            Ok(r) => r,
            Err(e) => {
                errors += 1;
                println!("ERROR {} ({}): {e}", s.id, source.display());
                continue;
            }
        };
        if let Some(dir) = save {
            let path = dir.join(format!("{}.json", inputs::file_stem(&recorded.id)));
            if let Err(e) = std::fs::write(&path, recorded.to_json_pretty() + "\n") {
                eprintln!("error: cannot write {}: {e}", path.display());
            }
        }
        let lines = disagreements(harness.browser_name(), s, &recorded);
        if lines.is_empty() {
            passed += 1;
            if known.contains(&s.id) {
                println!(
                    "NOTE {}: listed as an expected difference but now agrees",
                    s.id
                );
            }
        } else if known.contains(&s.id) {
            accepted += 1;
            if verbose {
                println!("EXPECTED {} ({})", s.id, source.display());
            }
        } else {
            failed += 1;
            println!("FAIL {} ({})", s.id, source.display());
            for l in &lines {
                println!("  {l}");
            }
        }
    }
    harness.close().await;
    let elapsed = started.elapsed();
    println!(
        "{} scenarios in {:.1} s; {accepted} expected differences, {errors} not run",
        scenarios.len(),
        elapsed.as_secs_f64()
    );
    println!("{passed} passed, {failed} failed");
    if failed > 0 || errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

struct RandomOptions {
    seed: u64,
    out: PathBuf,
    shrink_budget: usize,
    max_shrunk: usize,
    known: BTreeSet<String>,
    /// `random::generate` or `family::generate`.
    generate: fn(u64, u64) -> xorigin::scenario::Scenario,
    keep: Option<PathBuf>,
}

/// The field paths of disagreement lines, without the fetch index (which
/// shifts when shrinking drops a fetch) and without the values.
fn signature(lines: &[String]) -> BTreeSet<String> {
    lines
        .iter()
        .map(|l| {
            let path = l.split(": expected").next().unwrap_or(l);
            match path.split_once("].") {
                Some((head, rest)) if head.starts_with("fetches[") => rest.to_string(),
                _ => path.to_string(),
            }
        })
        .collect()
}

/// Records a scenario and compares it with the engine: the recording and
/// the disagreement lines.
async fn record_and_compare(
    harness: &mut Harness,
    s: &xorigin::scenario::Scenario,
) -> Result<(xorigin::scenario::Scenario, Vec<String>), harness::RecordError> {
    let recorded = harness.record(s).await?;
    let browser = harness.browser_name();
    // Generated scenarios check console text for Chromium only: Firefox's
    // capture of their many malformed-header failures repeats and reorders
    // lines (seen in seed 1), which the corpus runs already account for.
    let lines = if browser == xorigin::browser::BrowserName::Chromium {
        disagreements(browser, s, &recorded)
    } else {
        verdict_disagreements(browser, s, &recorded)
    };
    Ok((recorded, lines))
}

/// The fields of `expect` where the engine's prediction for `s` differs
/// from the recording.
fn verdict_disagreements(
    browser: xorigin::browser::BrowserName,
    s: &xorigin::scenario::Scenario,
    recorded: &xorigin::scenario::Scenario,
) -> Vec<String> {
    match engine::predict(s, browser) {
        Ok(predicted) => engine::disagreements(recorded, &predicted),
        Err(e) => vec![format!("the engine cannot run it: {e}")],
    }
}

/// Every way the engine's prediction for `s` differs from the recording:
/// the fields of `expect`, then (once those agree) the console messages.
fn disagreements(
    browser: xorigin::browser::BrowserName,
    s: &xorigin::scenario::Scenario,
    recorded: &xorigin::scenario::Scenario,
) -> Vec<String> {
    let lines = verdict_disagreements(browser, s, recorded);
    if lines.is_empty() {
        engine::console_disagreements(recorded, browser)
    } else {
        lines
    }
}

async fn random_run(
    launch: &Launch,
    verbose: bool,
    indices: &[u64],
    o: &RandomOptions,
) -> ExitCode {
    let mut harness = match start_harness(launch, verbose, Some(&o.out), |v| {
        println!("random seed {} in {v}", o.seed)
    })
    .await
    {
        Ok(h) => h,
        Err(code) => return code,
    };
    let started = Instant::now();
    let (mut passed, mut failed, mut accepted, mut errors, mut shrunk) = (0, 0, 0, 0, 0usize);
    let mut browser_runs = 0usize;
    for &i in indices {
        let s = (o.generate)(o.seed, i);
        browser_runs += 1;
        let (recorded, lines) = match record_and_compare(&mut harness, &s).await {
            Ok(r) => r,
            Err(e) => {
                errors += 1;
                println!("ERROR {}: {e}", s.id);
                continue;
            }
        };
        if let Some(dir) = &o.keep {
            let path = dir.join(format!("{}.json", inputs::file_stem(&s.id)));
            if let Err(e) = std::fs::create_dir_all(dir)
                .and_then(|()| std::fs::write(&path, recorded.to_json_pretty() + "\n"))
            {
                eprintln!("error: cannot write {}: {e}", path.display());
            }
        }
        if lines.is_empty() {
            passed += 1;
            continue;
        }
        if o.known.contains(&s.id) {
            accepted += 1;
            continue;
        }
        failed += 1;
        // Shrink: keep any smaller variant that still disagrees on one of
        // the same fields.
        let sig = signature(&lines);
        let (mut best, mut best_rec, mut best_lines) = (s.clone(), recorded, lines.clone());
        if shrunk < o.max_shrunk {
            shrunk += 1;
            let mut budget = o.shrink_budget;
            'shrink: loop {
                let mut improved = false;
                for c in random::shrink_candidates(&best) {
                    if budget == 0 {
                        break 'shrink;
                    }
                    budget -= 1;
                    browser_runs += 1;
                    let Ok((rec, l)) = record_and_compare(&mut harness, &c).await else {
                        continue;
                    };
                    if !l.is_empty() && !signature(&l).is_disjoint(&sig) {
                        (best, best_rec, best_lines) = (c, rec, l);
                        improved = true;
                        break;
                    }
                }
                if !improved {
                    break;
                }
            }
        }
        let mut doc = best_rec;
        doc.extra.insert("seed".into(), o.seed.into());
        doc.extra.insert("index".into(), i.into());
        doc.extra.insert(
            "disagreement".into(),
            serde_json::Value::Array(
                best_lines
                    .iter()
                    .cloned()
                    .map(serde_json::Value::String)
                    .collect(),
            ),
        );
        let path = o.out.join(format!("{}.json", inputs::file_stem(&best.id)));
        if let Err(e) = std::fs::write(&path, doc.to_json_pretty() + "\n") {
            eprintln!("error: cannot write {}: {e}", path.display());
        }
        println!(
            "FAIL {} (seed {}, scenario {i}) -> {}",
            s.id,
            o.seed,
            path.display()
        );
        for l in &best_lines {
            println!("  {l}");
        }
    }
    harness.close().await;
    let elapsed = started.elapsed();
    println!(
        "{} scenarios, {browser_runs} browser runs in {:.1} s ({:.0} ms per run); {accepted} expected differences, {errors} not run",
        indices.len(),
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1000.0 / browser_runs.max(1) as f64
    );
    println!("{passed} passed, {failed} failed");
    if failed > 0 || errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

async fn middleware_run(
    launch: &Launch,
    verbose: bool,
    expected_differences: Option<&Path>,
    only: Option<&str>,
    save: Option<&Path>,
) -> ExitCode {
    let known = match expected_differences.map(read_expected_differences) {
        None => BTreeSet::new(),
        Some(Ok(k)) => k,
        Some(Err(e)) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let cases: Vec<_> = middleware::cases::all()
        .into_iter()
        .filter(|c| only.is_none_or(|o| c.id.contains(o)))
        .collect();
    let mut harness = match start_harness(launch, verbose, save, |v| {
        println!("middleware: {} servers in {v}", cases.len())
    })
    .await
    {
        Ok(h) => h,
        Err(code) => return code,
    };
    let browser = harness.browser_name();
    let started = Instant::now();
    let (mut passed, mut failed, mut accepted, mut errors, mut fetches) = (0, 0, 0, 0, 0usize);
    for case in &cases {
        let outcome = match middleware::scenario(case) {
            Ok(s) => harness
                .record_served_by(&s, Some(middleware::handler(case)))
                .await
                .map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        let recorded = match outcome {
            Ok(r) => r,
            Err(e) => {
                errors += 1;
                println!("ERROR {}: {e}", case.id);
                continue;
            }
        };
        fetches += recorded.fetches.len();
        if let Some(dir) = save {
            let path = dir.join(format!("{}.json", inputs::file_stem(case.id)));
            if let Err(e) = std::fs::write(&path, recorded.to_json_pretty() + "\n") {
                eprintln!("error: cannot write {}: {e}", path.display());
            }
        }
        let lines = match middleware::predict(case, browser).await {
            Ok(predicted) => middleware::disagreements(&recorded, &predicted),
            Err(e) => vec![format!("the helper cannot predict it: {e}")],
        };
        if lines.is_empty() {
            passed += 1;
            if known.contains(case.id) {
                println!(
                    "NOTE {}: listed as an expected difference but now agrees",
                    case.id
                );
            }
        } else if known.contains(case.id) {
            accepted += 1;
            if verbose {
                println!("EXPECTED {}", case.id);
            }
        } else {
            failed += 1;
            println!("FAIL {}", case.id);
            for l in &lines {
                println!("  {l}");
            }
        }
    }
    harness.close().await;
    println!(
        "{} servers, {fetches} fetches in {:.1} s; {accepted} expected differences, {errors} not run",
        cases.len(),
        started.elapsed().as_secs_f64()
    );
    println!("{passed} passed, {failed} failed");
    if failed > 0 || errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
