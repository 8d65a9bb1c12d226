//! Reading scenarios from files and folders.

use std::path::{Path, PathBuf};

use xorigin::scenario::Scenario;

/// Folders nested deeper than this are not searched (bounds the walk).
const MAX_DEPTH: usize = 16;

/// Loads every scenario named: files as given, folders searched for
/// `*.json` (sorted). A file holds one scenario or an array of them.
/// Returns the scenarios with their file, and one message per failure.
pub fn load(inputs: &[PathBuf]) -> (Vec<(PathBuf, Scenario)>, Vec<String>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        if input.is_dir() {
            walk(input, 0, &mut files, &mut errors);
        } else {
            files.push(input.clone());
        }
    }
    let mut out = Vec::new();
    for file in files {
        let text = match std::fs::read_to_string(&file) {
            Ok(t) => t,
            Err(e) => {
                errors.push(format!("{}: {e}", file.display()));
                continue;
            }
        };
        if text.trim_start().starts_with('[') {
            match serde_json::from_str::<Vec<serde_json::Value>>(&text) {
                Ok(items) => {
                    for (i, item) in items.iter().enumerate() {
                        match Scenario::from_json(&item.to_string()) {
                            Ok(s) => out.push((file.clone(), s)),
                            Err(e) => errors.push(format!("{}[{i}]: {e}", file.display())),
                        }
                    }
                }
                Err(e) => errors.push(format!("{}: {e}", file.display())),
            }
        } else {
            match Scenario::from_json(&text) {
                Ok(s) => out.push((file.clone(), s)),
                Err(e) => errors.push(format!("{}: {e}", file.display())),
            }
        }
    }
    (out, errors)
}

fn walk(dir: &Path, depth: usize, files: &mut Vec<PathBuf>, errors: &mut Vec<String>) {
    if depth > MAX_DEPTH {
        errors.push(format!("{}: nested too deep, not searched", dir.display()));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(format!("{}: {e}", dir.display()));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, depth + 1, files, errors);
        } else if p.extension().is_some_and(|e| e == "json") {
            files.push(p);
        }
    }
}

/// A file name for a scenario id: anything but `[A-Za-z0-9._-]` becomes `_`.
pub fn file_stem(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with('.') {
        format!("_{s}")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stem_is_safe() {
        let cases = [
            ("preflight-put", "preflight-put"),
            ("a/b c", "a_b_c"),
            ("..", "_.."),
            ("", "_"),
        ];
        for (id, want) in cases {
            assert_eq!(file_stem(id), want);
        }
    }
}
