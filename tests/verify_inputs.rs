//! What `xorigin verify` and `simulate` read (issue 19): one scenario per
//! `.json` file with nothing after it, JSON arrays of scenarios, and JSON
//! Lines (`.jsonl`); results in input order whatever the thread count.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use xorigin::scenario::Scenario;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/spec-fixtures/credentials/credentials-include-acao-null-fails.json"
);

fn xorigin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xorigin"))
        .args(args)
        .output()
        .expect("the xorigin binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A fresh folder under the target directory's tmp.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("verify-inputs-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn fixture() -> String {
    std::fs::read_to_string(FIXTURE).expect("fixture")
}

/// One line of JSON: the fixture without its newlines.
fn one_line() -> String {
    let value: serde_json::Value = serde_json::from_str(&fixture()).expect("fixture JSON");
    serde_json::to_string(&value).expect("serializes")
}

#[test]
fn trailing_content_after_a_scenario_is_an_error() {
    let text = fixture();
    assert!(Scenario::from_json(&text).is_ok());
    assert!(Scenario::from_json(&format!("{text}\n  \n")).is_ok());
    let three = format!("{text}{text}{text}");
    let err = Scenario::from_json(&three).expect_err("three scenarios are not one");
    assert!(err.message.contains("trailing"), "{err}");
    assert!(Scenario::from_json(&format!("{text} garbage")).is_err());

    let dir = scratch("trailing");
    std::fs::write(dir.join("three.json"), &three).expect("write");
    std::fs::write(dir.join("garbage.json"), format!("{text}}}")).expect("write");
    // Trailing content makes the file an input error (exit 2), not a pass.
    let out = xorigin(&["verify", dir.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(
        stdout(&out).ends_with("0 passed, 0 failed, 2 input errors\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn json_lines_and_arrays_are_read_scenario_by_scenario_in_order() {
    let line = one_line();
    let dir = scratch("lines");
    let jsonl = dir.join("many.jsonl");
    let mut text = String::new();
    for _ in 0..50 {
        text.push_str(&line);
        text.push('\n');
    }
    text.push_str("\n{\"id\": 1}\n");
    std::fs::write(&jsonl, &text).expect("write");
    let array = dir.join("array.json");
    std::fs::write(&array, format!("[{line}, {line}]")).expect("write");

    // The bad line is an input error (exit 2); the 52 good ones still pass.
    let out = xorigin(&["verify", "--json", dir.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(report["passed"], 52);
    assert_eq!(report["failed"], 0);
    assert_eq!(report["errors"], 1);
    let names: Vec<String> = report["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["file"].as_str().unwrap_or_default().to_owned())
        .collect();
    let a = array.display().to_string();
    let l = jsonl.display().to_string();
    let mut expected = vec![format!("{a}[0]"), format!("{a}[1]")];
    expected.extend((1..=50).map(|n| format!("{l}:{n}")));
    expected.push(format!("{l}:52"));
    assert_eq!(names, expected);

    let out = xorigin(&["simulate", "--json", array.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(0));
    let simulated: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(simulated.as_array().map(Vec::len), Some(2));
}

/// `resolve_url` parses an input that starts with a special scheme and `//`
/// without the page's URL as base: it must give what parsing with the base
/// gives, for absolute inputs and for the look-alikes that are relative.
#[test]
fn resolve_url_shortcut_agrees_with_parsing_against_the_base() {
    let origin = xorigin::origin::Origin::parse_serialized("https://app.a.test").expect("origin");
    let base = url::Url::parse("https://app.a.test/").expect("base");
    for input in [
        "https://api.b.test/x?y#z",
        "https://API.B.TEST:443/x",
        "http://api.b.test:8080/",
        "ws://api.b.test/socket",
        "wss://u:p@api.b.test/",
        "https:/x",
        "https:x",
        "HTTPS://api.b.test/",
        " https://api.b.test/",
        "https://\tapi.b.test/",
        "//api.b.test/",
        "/path",
        "https://",
        "https://[::1]/",
        "https://a b/",
    ] {
        assert_eq!(
            xorigin::scenario::resolve_url(input, &origin),
            base.join(input).ok(),
            "{input:?}"
        );
    }
}
