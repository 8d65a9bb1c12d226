//! The C ABI called from Rust: every fixture of `spec-fixtures/` gives the
//! same JSON through `xorigin_simulate` as through `xorigin::json::simulate`
//! under each browser, and a check gives `xorigin::json::check`'s.

use std::ffi::{CStr, CString, c_char};
use std::path::Path;

use xorigin::browser::BrowserName;
use xorigin_ffi::{XoriginStatus, xorigin_check, xorigin_simulate, xorigin_string_free};

/// Takes a string the library returned, and frees it.
fn take(ptr: *mut c_char) -> String {
    assert!(!ptr.is_null());
    // SAFETY: a non-NULL string from the library, freed just below.
    let text = unsafe { CStr::from_ptr(ptr) }
        .to_string_lossy()
        .into_owned();
    // SAFETY: returned by the library, freed once.
    unsafe { xorigin_string_free(ptr) };
    text
}

fn fixtures(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            fixtures(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

#[test]
fn every_fixture_gives_the_engines_json_under_every_browser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec-fixtures");
    let mut paths = Vec::new();
    fixtures(&root, &mut paths);
    assert!(paths.len() > 500, "{} fixtures", paths.len());
    let browsers = [
        ("chromium", BrowserName::Chromium),
        ("firefox", BrowserName::Firefox),
        ("webkit", BrowserName::Webkit),
        ("spec", BrowserName::Spec),
    ];
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let c_text = CString::new(text.clone()).unwrap_or_default();
        for (name, browser) in browsers {
            let c_name = CString::new(name).unwrap_or_default();
            let mut out: *mut c_char = std::ptr::null_mut();
            // SAFETY: NUL-terminated strings and a valid out-parameter.
            let status = unsafe { xorigin_simulate(c_text.as_ptr(), c_name.as_ptr(), &mut out) };
            assert_eq!(status, XoriginStatus::Ok, "{}", path.display());
            let through_c: serde_json::Value = serde_json::from_str(&take(out)).unwrap_or_default();
            let direct = xorigin::json::simulate(&text, Some(browser)).unwrap_or_default();
            assert_eq!(through_c, direct, "{} under {name}", path.display());
            assert!(
                direct["fetches"][0]["expect"].is_object(),
                "{}",
                path.display()
            );
        }
    }
}

#[test]
fn check_gives_the_engines_json_and_errors_name_the_field() {
    let input = r#"{"url": "https://api.b.test/x", "origin": "https://app.a.test",
                    "response": {"headers": {"Access-Control-Allow-Origin": "*"}}}"#;
    let c_input = CString::new(input).unwrap_or_default();
    let mut out: *mut c_char = std::ptr::null_mut();
    // SAFETY: a NUL-terminated string and a valid out-parameter.
    let status = unsafe { xorigin_check(c_input.as_ptr(), &mut out) };
    assert_eq!(status, XoriginStatus::Ok);
    let through_c: serde_json::Value = serde_json::from_str(&take(out)).unwrap_or_default();
    assert_eq!(through_c, xorigin::json::check(input).unwrap_or_default());
    assert_eq!(through_c["verdict"], "allowed");

    let bad =
        CString::new(r#"{"url": "https://b.test/", "origin": "https://a.test", "credentials": 3}"#)
            .unwrap_or_default();
    // SAFETY: as above.
    let status = unsafe { xorigin_check(bad.as_ptr(), &mut out) };
    assert_eq!(status, XoriginStatus::InvalidJson);
    assert!(out.is_null());
    // SAFETY: the library's own string, read before the next call.
    let message = unsafe { CStr::from_ptr(xorigin_ffi::xorigin_last_error_message()) };
    assert!(
        message.to_string_lossy().contains("credentials"),
        "{message:?}"
    );
}
