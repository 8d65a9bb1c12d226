//! Instruction counts per operation, measured with Valgrind's callgrind, for
//! the speed table of the README (issue 19), checked against the ceilings in
//! `benches/instructions.txt` so that a regression fails CI.
//!
//! `cargo bench --bench instructions` (about 15 s; needs `valgrind`).
//! Counts are load-independent and deterministic for one toolchain, so the
//! ceilings sit only a little above the measured figures; lower a ceiling
//! when an operation gets cheaper, so that the gain is kept.
//!
//! How: the driver (this binary without arguments) runs itself once per
//! operation under `valgrind --tool=callgrind --collect-atstart=no
//! --toggle-collect=*instructions::measured*`, with the operation's name in
//! [`OP_ENV`]. The child builds the inputs and runs the operation once
//! outside [`measured`] (warm-up), then [`ITERATIONS`] times inside it, so
//! only the operation is counted; the driver divides by the iterations. Calls
//! to Rust's allocator (`__rust_alloc`, `__rust_realloc`) counted inside are
//! reported as allocations.
//! `xorigin verify` is measured on the release binary as a whole process:
//! the spec fixtures minus a run on one fixture, per scenario.

mod inputs;

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use inputs::{CLIENT, SIMPLE_URL};
use xorigin::browser::Profile;
use xorigin::fetch::preflight_cache::PreflightCache;
use xorigin::fetch::{FetchController, FetchOutcome, RequestKind, run_fetch};
use xorigin::http::headers::{is_cors_safelisted_request_header, is_forbidden_request_header};
use xorigin::http::response::NetworkFailure;

/// Set in a child process: the operation to run.
const OP_ENV: &str = "XORIGIN_INSTRUCTIONS_OP";
/// How many times the child runs an operation inside [`measured`]: enough
/// that a one-time allocation does not show in the per-operation figure.
const ITERATIONS: u64 = 1000;
/// The simple GET's goal (issue 19): at most 3× the URL parse, in percent.
const GET_PER_PARSE_PERCENT: u64 = 300;
/// The ceilings, one `name instructions` per line.
const CEILINGS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/instructions.txt");

/// The request-header cases measured (the predicates bench's, less the
/// forbidden name).
const HEADERS: &[(&str, &[u8], &[u8])] = inputs::REQUEST_HEADERS.split_at(5).0;

/// Every measured operation, in the order of the table.
fn operations() -> Vec<String> {
    let mut ops: Vec<String> = ["url_parse", "simple_get", "put_cache_miss", "put_cache_hit"]
        .map(str::to_owned)
        .to_vec();
    for (label, _, _) in &HEADERS[..4] {
        ops.push(format!("is_cors_safelisted_request_header/{label}"));
    }
    for (label, _, _) in HEADERS.iter() {
        ops.push(format!("is_forbidden_request_header/{label}"));
    }
    ops.push("is_forbidden_request_header/x-http-method-override".to_owned());
    ops
}

/// The only code whose instructions callgrind counts (`--toggle-collect`).
#[inline(never)]
fn measured(op: &mut dyn FnMut()) {
    for _ in 0..ITERATIONS {
        op();
    }
}

/// Runs `op` once as a warm-up, then [`ITERATIONS`] times counted.
fn run(mut op: impl FnMut()) {
    op();
    measured(&mut op);
}

/// [`run`] for an operation that takes its input by value, as a driver hands
/// the engine a request it built and the answers it received: each input is
/// built (cloned from `input`) just before the operation, outside the count,
/// so only the operation and the dropping of what it took are counted, with
/// the allocator in the state a driver that builds its inputs leaves it in.
fn run_taking<I: Clone>(input: &I, mut op: impl FnMut(I)) {
    op(input.clone());
    for _ in 0..ITERATIONS {
        let mut fresh = Some(input.clone());
        measured_once(&mut || {
            if let Some(input) = fresh.take() {
                op(input);
            }
        });
    }
}

/// Counted like [`measured`], for one run of `op`.
#[inline(never)]
fn measured_once(op: &mut dyn FnMut()) {
    op();
}

/// The child: the operations of `benches/engine.rs` and
/// `benches/predicates.rs`, with the same inputs.
fn child(op: &str) -> ExitCode {
    let profile = Profile::SPEC;
    match op {
        "url_parse" => run(|| {
            black_box(url::Url::parse(black_box(SIMPLE_URL)).is_ok());
        }),
        "simple_get" => {
            let req = inputs::simple_get(&profile);
            let response = inputs::simple_get_response();
            let mut cache = PreflightCache::default();
            run_taking(&(req, response), |(req, response)| {
                let controller = FetchController::new(black_box(req), &profile, CLIENT);
                let mut response = Some(response);
                let (outcome, sent) = run_fetch(controller, &mut cache, Duration::ZERO, |_| {
                    response
                        .take()
                        .ok_or_else(|| NetworkFailure::ConnectionRefused {
                            detail: "answered once".to_owned(),
                        })
                });
                assert!(matches!(outcome, FetchOutcome::Response(_)));
                let _ = black_box((outcome, sent));
            });
        }
        "put_cache_miss" | "put_cache_hit" => {
            let put = inputs::put(&profile);
            let answer = inputs::put_server();
            let hit = op == "put_cache_hit";
            let mut warm = PreflightCache::default();
            if hit {
                let controller = FetchController::new(put.clone(), &profile, CLIENT);
                let (_, sent) = run_fetch(controller, &mut warm, Duration::ZERO, &answer);
                assert_eq!(sent.len(), 2, "the warm-up sends the preflight");
            }
            let (preflight_ok, put_ok) = inputs::put_answers();
            run_taking(
                &(put, preflight_ok, put_ok),
                |(put, preflight_ok, put_ok)| {
                    let mut fresh;
                    let cache = if hit {
                        &mut warm
                    } else {
                        fresh = PreflightCache::default();
                        &mut fresh
                    };
                    let controller = FetchController::new(black_box(put), &profile, CLIENT);
                    let (mut preflight_ok, mut put_ok) = (Some(preflight_ok), Some(put_ok));
                    let (outcome, sent) =
                        run_fetch(controller, cache, Duration::from_secs(1), |r| {
                            match r.kind {
                                RequestKind::Preflight => preflight_ok.take(),
                                RequestKind::Main => put_ok.take(),
                            }
                            .ok_or_else(|| {
                                NetworkFailure::ConnectionRefused {
                                    detail: "answered once".to_owned(),
                                }
                            })
                        });
                    assert!(matches!(outcome, FetchOutcome::Response(_)));
                    assert_eq!(sent.len(), if hit { 1 } else { 2 });
                    let _ = black_box((outcome, sent));
                },
            );
        }
        _ => {
            let Some((predicate, label)) = op.split_once('/') else {
                return unknown(op);
            };
            let (name, value): (&[u8], &[u8]) = if label == "x-http-method-override" {
                inputs::METHOD_OVERRIDE
            } else if let Some((_, name, value)) = HEADERS.iter().find(|(l, _, _)| *l == label) {
                (name, value)
            } else {
                return unknown(op);
            };
            match predicate {
                "is_cors_safelisted_request_header" => run(|| {
                    black_box(is_cors_safelisted_request_header(
                        black_box(name),
                        black_box(value),
                    ));
                }),
                "is_forbidden_request_header" => run(|| {
                    black_box(is_forbidden_request_header(
                        black_box(name),
                        black_box(value),
                    ));
                }),
                _ => return unknown(op),
            }
        }
    }
    ExitCode::SUCCESS
}

fn unknown(op: &str) -> ExitCode {
    eprintln!("unknown operation {op}");
    ExitCode::FAILURE
}

/// What callgrind counted in one run.
#[derive(Default)]
struct Counts {
    instructions: u64,
    /// Calls to Rust's `__rust_alloc` (and `__rust_alloc_zeroed`) and to
    /// `__rust_realloc`.
    allocations: u64,
    reallocations: u64,
}

/// Runs `program args` under callgrind (with `extra` options) and returns
/// its counts.
fn callgrind(program: &Path, args: &[&str], extra: &[&str], env: Option<&str>) -> Counts {
    static RUN: AtomicUsize = AtomicUsize::new(0);
    let out = std::env::temp_dir().join(format!(
        "xorigin-instructions-{}-{}.callgrind",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    ));
    let mut cmd = Command::new("valgrind");
    cmd.args(["--tool=callgrind", "--quiet"])
        .args(extra)
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(program)
        .args(args)
        .stdout(Stdio::null());
    if let Some(op) = env {
        cmd.env(OP_ENV, op);
    }
    let status = cmd.status().expect("run valgrind");
    // `verify` exits 1 on a failed scenario; the fixtures must all pass.
    assert!(status.success(), "{} {args:?}: {status}", program.display());
    let text = std::fs::read_to_string(&out).expect("callgrind output");
    let _ = std::fs::remove_file(&out);
    parse(&text)
}

/// Reads the totals and the calls into the allocator from a callgrind file.
fn parse(text: &str) -> Counts {
    let mut counts = Counts::default();
    // Callgrind names a function once, `cfn=(7) malloc`, then only `(7)`.
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let mut callee = String::new();
    for line in text.lines() {
        if let Some(total) = line
            .strip_prefix("totals:")
            .or_else(|| line.strip_prefix("summary:"))
        {
            counts.instructions = total
                .split_whitespace()
                .next()
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
        } else if let Some(spec) = line
            .strip_prefix("cfn=")
            .or_else(|| line.strip_prefix("fn="))
        {
            let name = match spec.split_once(' ') {
                Some((id, name)) => {
                    names.insert(id.to_owned(), name.to_owned());
                    name.to_owned()
                }
                None => names.get(spec).cloned().unwrap_or_else(|| spec.to_owned()),
            };
            if line.starts_with("cfn=") {
                callee = name;
            }
        } else if let Some(calls) = line.strip_prefix("calls=") {
            let n: u64 = calls
                .split_whitespace()
                .next()
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            // Rust's allocator entry points, whichever allocator is behind
            // them (the CLI's is mimalloc, the benches' the system's).
            match callee.split('\'').next().unwrap_or("") {
                "__rustc::__rust_alloc" | "__rustc::__rust_alloc_zeroed" => counts.allocations += n,
                "__rustc::__rust_realloc" => counts.reallocations += n,
                _ => {}
            }
        }
    }
    counts
}

/// The ceilings of one operation.
#[derive(Clone, Copy)]
struct Ceiling {
    instructions: u64,
    /// Allocations plus reallocations.
    allocations: u64,
}

/// `name instructions allocations` lines of the ceilings file (`#` starts a
/// comment; digits may be grouped with `,` or `_`).
fn ceilings() -> BTreeMap<String, Ceiling> {
    let text = std::fs::read_to_string(CEILINGS).unwrap_or_default();
    let number = |w: &str| w.replace([',', '_'], "").parse::<u64>().ok();
    text.lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            let name = words.next()?;
            let instructions = number(words.next()?)?;
            let allocations = number(words.next()?)?;
            Some((
                name.to_owned(),
                Ceiling {
                    instructions,
                    allocations,
                },
            ))
        })
        .collect()
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn driver() -> ExitCode {
    if !Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        eprintln!("valgrind is not installed (apt-get install -y valgrind)");
        return ExitCode::FAILURE;
    }
    let exe = std::env::current_exe().expect("this binary");
    let toggle = [
        "--collect-atstart=no",
        "--toggle-collect=*instructions::measured*",
    ];
    let mut rows: Vec<(String, Counts)> = Vec::new();
    for op in operations() {
        let c = callgrind(&exe, &[], &toggle, Some(&op));
        let per = |n: u64| (n + ITERATIONS / 2) / ITERATIONS;
        rows.push((
            op,
            Counts {
                instructions: per(c.instructions),
                allocations: per(c.allocations),
                reallocations: per(c.reallocations),
            },
        ));
    }
    // `xorigin verify`, per scenario: the corpus minus one fixture's run.
    let cli = PathBuf::from(env!("CARGO_BIN_EXE_xorigin"));
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/spec-fixtures");
    let files = fixture_count(Path::new(corpus));
    let one = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/spec-fixtures/credentials/credentials-include-acao-null-fails.json"
    );
    let all = callgrind(&cli, &["verify", corpus], &[], None);
    let base = callgrind(&cli, &["verify", one], &[], None);
    let scenarios = files.saturating_sub(1).max(1);
    let per = |a: u64, b: u64| a.saturating_sub(b) / scenarios;
    rows.push((
        "xorigin_verify_per_scenario".to_owned(),
        Counts {
            instructions: per(all.instructions, base.instructions),
            allocations: per(all.allocations, base.allocations),
            reallocations: per(all.reallocations, base.reallocations),
        },
    ));

    let ceilings = ceilings();
    let parse_cost = rows
        .iter()
        .find(|(op, _)| op == "url_parse")
        .map_or(1, |(_, c)| c.instructions.max(1));
    let mut failed = Vec::new();
    println!("| operation | instructions | × URL parse | allocations + reallocations | ceilings |");
    println!("|---|---:|---:|---:|---:|");
    for (op, c) in &rows {
        let verdict = match ceilings.get(op) {
            Some(max)
                if c.instructions > max.instructions
                    || c.allocations + c.reallocations > max.allocations =>
            {
                failed.push(op.clone());
                format!(
                    "{} / {} EXCEEDED",
                    thousands(max.instructions),
                    max.allocations
                )
            }
            Some(max) => format!("{} / {}", thousands(max.instructions), max.allocations),
            None => {
                failed.push(op.clone());
                "missing".to_owned()
            }
        };
        println!(
            "| {op} | {} | {:.1} | {} + {} | {verdict} |",
            thousands(c.instructions),
            c.instructions as f64 / parse_cost as f64,
            c.allocations,
            c.reallocations,
        );
    }
    println!("({files} fixtures; instructions per operation, release build, callgrind)");
    // The GET's goal is relative to the URL parse of the same run.
    let get = rows.iter().find(|(op, _)| op == "simple_get");
    if let Some((_, get)) = get
        && get.instructions * 100 > parse_cost * GET_PER_PARSE_PERCENT
    {
        println!(
            "simple_get: {:.2}× the URL parse, above the goal of {:.2}×",
            get.instructions as f64 / parse_cost as f64,
            GET_PER_PARSE_PERCENT as f64 / 100.0
        );
        failed.push("simple_get (× URL parse)".to_owned());
    }
    if failed.is_empty() {
        println!("instruction counts: {} passed, 0 failed", rows.len());
        ExitCode::SUCCESS
    } else {
        println!(
            "instruction counts: {} passed, {} failed: above the ceiling in {CEILINGS} (or none there): {}",
            rows.len() - failed.len(),
            failed.len(),
            failed.join(", ")
        );
        ExitCode::FAILURE
    }
}

fn fixture_count(dir: &Path) -> u64 {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            n += fixture_count(&path);
        } else if path.extension().is_some_and(|e| e == "json") {
            n += 1;
        }
    }
    n
}

fn main() -> ExitCode {
    match std::env::var(OP_ENV) {
        Ok(op) => child(&op),
        // `cargo bench` passes `--bench`; any other argument is ignored.
        Err(_) => driver(),
    }
}
