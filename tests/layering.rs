//! The crate's shape, checked: folders are floors, and code may only use the
//! floors below its own (so no module import cycle can form between them);
//! no source file grows past 1,000 lines. The floors are the ones `lib.rs`
//! documents.

use std::fs;
use std::path::{Path, PathBuf};

/// Each top-level module of the library and its floor (lower is more basic).
const FLOORS: &[(&str, u8)] = &[
    ("origin", 0),
    ("mime", 0),
    ("browser", 0),
    ("http", 1),
    ("policy", 2),
    ("fetch", 3),
    ("html", 4),
    ("scenario", 5),
    ("explain", 6),
    ("embed", 7),
    ("json", 7),
];

const MAX_LINES: usize = 1_000;

fn floor_of(module: &str) -> Option<u8> {
    FLOORS.iter().find(|(m, _)| *m == module).map(|(_, f)| *f)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = fs::read_dir(dir).expect("src/ is readable");
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The library's source files with the top-level module each belongs to
/// (`None` for `lib.rs` and the CLI under `src/bin/`, which sit on top).
fn library_files() -> Vec<(PathBuf, Option<String>)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(&src).expect("under src/");
            let first = rel
                .components()
                .next()
                .and_then(|c| c.as_os_str().to_str())
                .map(|s| s.trim_end_matches(".rs").to_owned());
            let module = first.filter(|m| m != "lib" && m != "bin");
            (path, module)
        })
        .collect()
}

/// The top-level modules named by `crate::NAME` in the non-test code of a
/// file, comments left out.
fn crate_references(source: &str) -> Vec<String> {
    let code = source.split("#[cfg(test)]").next().unwrap_or_default();
    let mut refs = Vec::new();
    for line in code.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        let mut rest = line;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() {
                refs.push(name);
            }
        }
    }
    refs
}

#[test]
fn every_library_module_has_a_floor() {
    for (path, module) in library_files() {
        if let Some(m) = module {
            assert!(
                floor_of(&m).is_some(),
                "{}: module `{m}` is not in FLOORS (and lib.rs's map)",
                path.display()
            );
        }
    }
}

#[test]
fn no_module_uses_a_floor_above_or_beside_its_own() {
    let mut violations = Vec::new();
    for (path, module) in library_files() {
        let Some(module) = module else { continue };
        let Some(own) = floor_of(&module) else {
            continue;
        };
        let source = fs::read_to_string(&path).expect("source is readable");
        for dep in crate_references(&source) {
            if dep == module {
                continue;
            }
            match floor_of(&dep) {
                Some(f) if f < own => {}
                _ => violations.push(format!(
                    "{}: `{module}` (floor {own}) uses `crate::{dep}`",
                    path.display()
                )),
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn no_source_file_over_a_thousand_lines() {
    let long: Vec<String> = library_files()
        .into_iter()
        .filter_map(|(path, _)| {
            let lines = fs::read_to_string(&path).ok()?.lines().count();
            (lines > MAX_LINES).then(|| format!("{}: {lines} lines", path.display()))
        })
        .collect();
    assert!(long.is_empty(), "{}", long.join("\n"));
}

#[test]
fn the_reference_scanner_sees_what_it_must() {
    let src = "use crate::fetch::cors;\n// crate::explain in a comment\nlet x = crate::origin::Origin::new_opaque();\n#[cfg(test)]\nuse crate::scenario;";
    assert_eq!(crate_references(src), ["fetch", "origin"]);
}
