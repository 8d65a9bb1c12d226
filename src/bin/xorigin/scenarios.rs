//! `xorigin simulate` and `xorigin verify`: reading scenario files (one
//! scenario per `.json` file, a JSON array of scenarios, or JSON Lines in a
//! `.jsonl` file) and running them on every core, with results in input order.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;
use xorigin::browser::BrowserName;
use xorigin::scenario::{self, Scenario};

use crate::{input_error, out_line, pretty, print_json, profile_for, progress_bar};

/// At most this many worker threads, whatever the machine says.
const MAX_WORKERS: usize = 8;

/// One scenario read from a file: its name (`file`, `file[3]` for an array
/// element, `file:7` for a JSON Lines line) and the scenario or why not.
type Item = (String, Result<Scenario, String>);

/// Reads a file without asking for its size first (one `open` and `read`s:
/// scenario files are small, and a size look-up per file shows in a run).
fn read_text(path: &Path) -> Result<String, String> {
    let mut text = String::with_capacity(8 * 1024);
    read_text_into(path, &mut text)?;
    Ok(text)
}

/// [`read_text`] into `text`, which is cleared first: a worker reading file
/// after file reuses one buffer instead of allocating one per file.
fn read_text_into(path: &Path, text: &mut String) -> Result<(), String> {
    text.clear();
    std::fs::File::open(path)
        .and_then(|file| (&file).take(u64::MAX).read_to_string(text))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(())
}

fn is_json_lines(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "jsonl")
}

/// `run` on every scenario of every file, in file order: files of one
/// scenario (or an array) are spread over the cores file by file, the lines
/// of a JSON Lines file line by line.
fn run_all<T: Send>(
    files: &[PathBuf],
    run: impl Fn(String, Result<Scenario, String>) -> T + Sync,
) -> Vec<T> {
    let mut out = Vec::new();
    let mut batch: Vec<&PathBuf> = Vec::new();
    let flush = |batch: &mut Vec<&PathBuf>, out: &mut Vec<T>| {
        let done = on_every_core(batch, |file| {
            read_scenarios(file)
                .into_iter()
                .map(|(name, r)| run(name, r))
                .collect::<Vec<_>>()
        });
        out.extend(done.into_iter().flatten());
        batch.clear();
    };
    for file in files {
        if !is_json_lines(file) {
            batch.push(file);
            continue;
        }
        flush(&mut batch, &mut out);
        let name = path_name(file);
        let text = match read_text(file) {
            Ok(t) => t,
            Err(e) => {
                out.push(run(name, Err(e)));
                continue;
            }
        };
        let lines: Vec<(usize, &str)> = text
            .lines()
            .enumerate()
            .filter(|(_, line)| !line.trim().is_empty())
            .collect();
        out.extend(on_every_core(&lines, |&(i, line)| {
            let name = format!("{name}:{}", i + 1);
            let r = Scenario::from_json(line).map_err(|e| format!("{name}: {e}"));
            run(name, r)
        }));
    }
    flush(&mut batch, &mut out);
    out
}

/// Every scenario of a `.json` file (one, or a JSON array), in order.
fn read_scenarios(path: &Path) -> Vec<Item> {
    thread_local! {
        static TEXT: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    TEXT.with(|text| match text.try_borrow_mut() {
        Ok(mut text) => read_scenarios_with(path, &mut text),
        // (Not reentrant; a fresh buffer if it ever were.)
        Err(_) => read_scenarios_with(path, &mut String::new()),
    })
}

fn read_scenarios_with(path: &Path, text: &mut String) -> Vec<Item> {
    let name = path_name(path);
    if let Err(e) = read_text_into(path, text) {
        return vec![(name, Err(e))];
    }
    let text = text.as_str();
    if text.trim_start().starts_with('[') {
        return Scenario::many_from_json_array(text)
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let name = format!("{name}[{i}]");
                let r = r.map_err(|e| format!("{name}: {e}"));
                (name, r)
            })
            .collect();
    }
    let r = Scenario::from_json(text).map_err(|e| format!("{name}: {e}"));
    vec![(name, r)]
}

/// Runs `work` on every item on up to [`MAX_WORKERS`] threads; the results
/// come back in the order of the items, whatever thread finished first.
fn on_every_core<I: Sync, T: Send>(files: &[I], work: impl Fn(&I) -> T + Sync) -> Vec<T> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, MAX_WORKERS)
        .min(files.len().max(1));
    if workers == 1 {
        return files.iter().map(&work).collect();
    }
    let next = AtomicUsize::new(0);
    let done: Vec<(usize, T)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(file) = files.get(i) else { break };
                        mine.push((i, work(file)));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    // Each result to its item's slot: results are large, and a sort would
    // move each of them several times.
    let mut slots: Vec<Option<T>> = std::iter::repeat_with(|| None).take(files.len()).collect();
    for (i, t) in done {
        if let Some(slot) = slots.get_mut(i) {
            *slot = Some(t);
        }
    }
    slots.into_iter().flatten().collect()
}

/// The scenario `simulate` runs when given no file, embedded in the binary:
/// a page POSTs JSON cross-origin, so a preflight goes first.
const DEFAULT_SCENARIO: &str =
    include_str!("../../../spec-fixtures/preflight/preflight-post-json-content-type.json");

pub(crate) fn simulate(browser: Option<BrowserName>, json: bool, files: &[PathBuf]) -> ExitCode {
    let bar = progress_bar(files.len(), "simulating");
    let run = |name: String, r: Result<Scenario, String>| {
        bar.inc(1);
        let scenario = r?;
        scenario::simulate(&scenario, profile_for(browser, &scenario))
            .map_err(|e| format!("{name}: {e}"))
    };
    let results = if files.is_empty() {
        eprintln!(
            "(no file given: simulating the embedded scenario preflight-post-json-content-type; pass scenario files to simulate your own)"
        );
        let scenario = Scenario::from_json(DEFAULT_SCENARIO).map_err(|e| e.to_string());
        vec![run("(embedded)".to_owned(), scenario)]
    } else {
        run_all(files, run)
    };
    bar.finish_and_clear();
    let mut out = Vec::new();
    for result in results {
        match result {
            Ok(s) => out.push(s),
            Err(e) => return input_error(&e),
        }
    }
    if json {
        return if print_json(&out) {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(2)
        };
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
        Err(e) => input_error(&e.to_string()),
    }
}

/// Every `*.json` and `*.jsonl` file under the paths, sorted, without
/// following symlinks (a directory's entries are typed by `read_dir`, so
/// only the paths given are looked up).
fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    let mut stack: Vec<PathBuf> = Vec::new();
    for path in paths {
        let meta =
            std::fs::symlink_metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
        if meta.is_dir() {
            stack.push(path.clone());
        } else {
            files.push(path.clone());
        }
    }
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
            let p = entry.path();
            if entry.file_type().map(|t| t.is_dir()).unwrap_or(false) {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "json" || e == "jsonl") {
                files.push(p);
            }
        }
    }
    // In the order of their components, compared as bytes with the
    // separator below every other byte: the same order as comparing the
    // paths (for the joined, normalized paths `read_dir` gives), without
    // splitting each path into components on every comparison.
    let key = |p: &PathBuf| {
        p.as_os_str()
            .as_encoded_bytes()
            .iter()
            .map(|&b| {
                if std::path::is_separator(char::from(b)) {
                    0
                } else {
                    b
                }
            })
            .collect::<Vec<u8>>()
    };
    files.sort_by_cached_key(key);
    Ok(files)
}

/// One scenario's result in `verify --json`.
#[derive(Serialize)]
struct VerifyResult {
    file: String,
    /// Every `expect` matched (false for a mismatch or an input error).
    ok: bool,
    /// Whether any fetch has an `expect` to check; a scenario with none is
    /// "not checked", neither passed nor failed.
    checked: bool,
    mismatches: Vec<scenario::Mismatch>,
    /// An input error: the file is empty, not JSON or not a valid scenario.
    error: Option<String>,
}

/// The JSON shape of `verify --json`.
#[derive(Serialize)]
struct VerifyReport {
    passed: usize,
    failed: usize,
    not_checked: usize,
    errors: usize,
    results: Vec<VerifyResult>,
}

/// Exit status: 2 when any scenario is an input error, else 1 when any
/// expectation failed, else 0.
pub(crate) fn verify(browser: Option<BrowserName>, json: bool, paths: &[PathBuf]) -> ExitCode {
    let files = match collect(paths) {
        Ok(f) => f,
        Err(e) => return input_error(&e),
    };
    let bar = progress_bar(files.len(), "verifying");
    let verified = run_all(&files, |name, r| {
        bar.inc(1);
        let result = r.and_then(|s| {
            let checked = s.fetches.iter().any(|f| f.expect.is_some());
            scenario::verify(&s, profile_for(browser, &s))
                .map(|m| (checked, m))
                .map_err(|e| format!("{name}: {e}"))
        });
        (name, result)
    });
    bar.finish_and_clear();
    let (mut passed, mut failed, mut not_checked, mut errors) = (0usize, 0usize, 0usize, 0usize);
    let mut results = Vec::new();
    for (name, result) in verified {
        let (ok, checked, mismatches, error) = match result {
            Ok((false, _)) => {
                not_checked += 1;
                if !json {
                    out_line(&format!("NOT CHECKED {name} (no fetch has an `expect`)"));
                }
                (false, false, Vec::new(), None)
            }
            Ok((true, mismatches)) if mismatches.is_empty() => {
                passed += 1;
                (true, true, mismatches, None)
            }
            Ok((true, mismatches)) => {
                failed += 1;
                if !json {
                    out_line(&format!("FAIL {name}"));
                    for m in &mismatches {
                        out_line(&format!("  {m}"));
                    }
                }
                (false, true, mismatches, None)
            }
            Err(e) => {
                errors += 1;
                if !json {
                    eprintln!("error: {e}");
                }
                (false, false, Vec::new(), Some(e))
            }
        };
        results.push(VerifyResult {
            file: name,
            ok,
            checked,
            mismatches,
            error,
        });
    }
    if json {
        let report = VerifyReport {
            passed,
            failed,
            not_checked,
            errors,
            results,
        };
        if !print_json(&report) {
            return ExitCode::from(2);
        }
    } else {
        let mut line = format!("{passed} passed, {failed} failed");
        if not_checked > 0 {
            line.push_str(&format!(", {not_checked} not checked"));
        }
        if errors > 0 {
            line.push_str(&format!(", {errors} input errors"));
        }
        out_line(&line);
    }
    if errors > 0 {
        ExitCode::from(2)
    } else if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// A file's name in reports: its path, as `display` writes it (checking
/// valid UTF-8, the usual case, with the faster validator first).
fn path_name(path: &Path) -> String {
    path.to_str()
        .map_or_else(|| path.display().to_string(), str::to_owned)
}
