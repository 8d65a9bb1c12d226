//! The `xorigin` command line.

#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use std::io::Write;

use clap::{Parser, Subcommand};
use xorigin::browser::BrowserName;
use xorigin::scenario::{self, Scenario};

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
    /// Print each scenario with every `expect` replaced by the engine's prediction.
    #[command(
        after_help = "Example:\n  xorigin simulate spec-fixtures/preflight/preflight-put-json.json\n  xorigin simulate --browser chromium scenario.json"
    )]
    Simulate {
        /// Whose behaviour to predict; default: each scenario's own `browser` field (or spec).
        #[arg(long, value_parser = parse_browser)]
        browser: Option<BrowserName>,
        /// Scenario files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Check every scenario's `expect` against the engine; exit 1 on any failure.
    #[command(after_help = "Example:\n  xorigin verify spec-fixtures")]
    Verify {
        /// Override the browser profile instead of each scenario's own `browser` field.
        #[arg(long, value_parser = parse_browser)]
        browser: Option<BrowserName>,
        /// Files or folders (searched recursively for *.json).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

fn parse_browser(s: &str) -> Result<BrowserName, String> {
    BrowserName::from_name(s)
        .ok_or_else(|| format!("unknown browser {s:?} (spec, chromium, firefox, webkit)"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Simulate { browser, files } => simulate(browser, &files),
        Command::Verify { browser, paths } => verify(browser, &paths),
    }
}

fn load(path: &Path) -> Result<Scenario, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Scenario::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn profile_for(browser: Option<BrowserName>, scenario: &Scenario) -> xorigin::browser::Profile {
    browser
        .or(scenario.browser)
        .unwrap_or(BrowserName::Spec)
        .profile()
}

fn simulate(browser: Option<BrowserName>, files: &[PathBuf]) -> ExitCode {
    let mut out = Vec::new();
    for file in files {
        let scenario = match load(file) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        match scenario::simulate(&scenario, &profile_for(browser, &scenario)) {
            Ok(s) => out.push(s),
            Err(e) => {
                eprintln!("error: {}: {e}", file.display());
                return ExitCode::from(2);
            }
        }
    }
    let text = if out.len() == 1 {
        serde_json::to_value(&out[0])
    } else {
        serde_json::to_value(&out)
    }
    .map(|v| {
        let mut s = String::new();
        pretty(&v, 0, &mut s);
        s
    });
    match text {
        Ok(t) => {
            out_line(&t);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Every `*.json` file under the paths, sorted, without following symlinks.
fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    let mut stack: Vec<PathBuf> = paths.to_vec();
    while let Some(path) = stack.pop() {
        let meta =
            std::fs::symlink_metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if meta.is_dir() {
            let entries =
                std::fs::read_dir(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            for entry in entries {
                let entry = entry.map_err(|e| format!("{}: {e}", path.display()))?;
                let p = entry.path();
                let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
                if is_dir || p.extension().is_some_and(|e| e == "json") {
                    stack.push(p);
                }
            }
        } else {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn verify(browser: Option<BrowserName>, paths: &[PathBuf]) -> ExitCode {
    let files = match collect(paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let (mut passed, mut failed) = (0usize, 0usize);
    for file in &files {
        let result = load(file).and_then(|s| {
            scenario::verify(&s, &profile_for(browser, &s))
                .map_err(|e| format!("{}: {e}", file.display()))
        });
        match result {
            Ok(mismatches) if mismatches.is_empty() => passed += 1,
            Ok(mismatches) => {
                failed += 1;
                out_line(&format!("FAIL {}", file.display()));
                for m in mismatches {
                    out_line(&format!("  {m}"));
                }
            }
            Err(e) => {
                failed += 1;
                out_line(&format!("FAIL {e}"));
            }
        }
    }
    out_line(&format!("{passed} passed, {failed} failed"));
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Prints a line; a closed pipe (`| head`) is not an error worth a panic.
fn out_line(line: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
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
