//! `xorigin audit` against a loopback server (127.0.0.1 only, in this
//! process) with one misconfiguration class per path and one correctly
//! configured path.
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

const APP: &str = "https://app.target.example";

/// The server's answer to `method path` from `origin` (with the
/// preflight's requested method and headers): extra header lines, or
/// `None` to hold the connection without answering for 3 s.
fn answer(method: &str, path: &str, h: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let origin = h("origin").unwrap_or_default();
    let reflect = |ok: bool| {
        if ok {
            format!(
                "Access-Control-Allow-Origin: {origin}\r\nAccess-Control-Allow-Credentials: true\r\nVary: Origin\r\n"
            )
        } else {
            String::new()
        }
    };
    let app = origin == APP;
    let host = origin.strip_prefix("https://").unwrap_or("");
    // `app.target.example` as an unescaped regular expression: `.` is any character.
    let dot_pattern = |o: &str| {
        let p = APP.as_bytes();
        o.len() == p.len()
            && o.bytes()
                .zip(p.iter())
                .enumerate()
                .all(|(i, (c, &q))| c == q || (q == b'.' && i > 8))
    };
    let preflight = method == "OPTIONS";
    let extra = match path {
        "/good" if preflight => format!(
            "{}Access-Control-Allow-Methods: GET, PUT\r\nAccess-Control-Allow-Headers: Content-Type\r\nAccess-Control-Max-Age: 600\r\n",
            reflect(app)
        ),
        "/good" => reflect(app),
        "/reflect-credentials" => reflect(!origin.is_empty()),
        "/reflect" => {
            if origin.is_empty() {
                String::new()
            } else {
                format!("Access-Control-Allow-Origin: {origin}\r\nVary: Origin\r\n")
            }
        }
        "/null" => reflect(app || origin == "null"),
        "/prefix" => reflect(origin.starts_with(APP)),
        "/suffix" => reflect(origin.starts_with("https://") && origin.ends_with("target.example")),
        "/substring" => reflect(origin.contains("target.example")),
        "/dot" => reflect(dot_pattern(&origin)),
        "/subdomain" => {
            reflect(host.ends_with(".target.example") && !host.contains(['}', '`', '!', '_']))
        }
        // The trusted host followed by `}` (say, a pattern ending in `[^.]`).
        "/special" => reflect(app || origin.starts_with(&format!("{APP}}}"))),
        "/third-party" => {
            reflect(app || (host.ends_with(".github.io") && origin.starts_with("https://")))
        }
        "/reflect-preflight" if preflight => format!(
            "{}Access-Control-Allow-Methods: {}\r\nAccess-Control-Allow-Headers: {}\r\n",
            reflect(app),
            h("access-control-request-method").unwrap_or_default(),
            h("access-control-request-headers").unwrap_or_default()
        ),
        "/reflect-preflight" => reflect(app),
        "/private-network" if preflight => format!(
            "Access-Control-Allow-Origin: {origin}\r\nAccess-Control-Allow-Private-Network: true\r\nVary: Origin\r\n"
        ),
        "/private-network" => reflect(app),
        "/no-vary" => {
            if app {
                format!(
                    "Access-Control-Allow-Origin: {origin}\r\nAccess-Control-Allow-Credentials: true\r\n"
                )
            } else {
                String::new()
            }
        }
        "/max-age" if preflight => format!(
            "{}Access-Control-Allow-Methods: PUT\r\nAccess-Control-Max-Age: 1000000\r\n",
            reflect(app)
        ),
        "/max-age" => reflect(app),
        "/wildcard-credentials" => {
            "Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Credentials: true\r\n"
                .to_owned()
        }
        "/slow" => return None,
        _ => String::new(),
    };
    let status = if preflight {
        "204 No Content"
    } else {
        "200 OK"
    };
    Some(format!(
        "HTTP/1.1 {status}\r\n{extra}Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{{}}"
    ))
}

/// Starts the server; returns its port and the count of requests served.
fn serve() -> (u16, Arc<AtomicUsize>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let port = listener.local_addr().expect("local addr").port();
    let count = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&count);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let counter = Arc::clone(&counter);
            std::thread::spawn(move || {
                let Ok(clone) = stream.try_clone() else {
                    return;
                };
                let mut reader = BufReader::new(clone);
                let mut first = String::new();
                let _ = reader.read_line(&mut first);
                let mut headers = Vec::new();
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    if let Some((n, v)) = line.split_once(':') {
                        headers.push((n.trim().to_ascii_lowercase(), v.trim().to_owned()));
                    }
                    line.clear();
                }
                counter.fetch_add(1, Ordering::SeqCst);
                let mut parts = first.split_whitespace();
                let method = parts.next().unwrap_or("").to_owned();
                let path = parts.next().unwrap_or("").to_owned();
                let get = |n: &str| headers.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
                match answer(&method, &path, &get) {
                    Some(response) => {
                        let _ = stream.write_all(response.as_bytes());
                    }
                    None => std::thread::sleep(Duration::from_secs(3)),
                }
            });
        }
    });
    (port, count)
}

fn xorigin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xorigin"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run xorigin")
}

fn audit(port: u16, path: &str, extra: &[&str]) -> (i32, Value, Output) {
    let url = format!("http://127.0.0.1:{port}{path}");
    let mut args = vec!["audit", url.as_str(), "--origin", APP, "--json"];
    args.extend_from_slice(extra);
    let out = xorigin(&args);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), json, out)
}

fn findings(json: &Value) -> Vec<(String, String)> {
    json[0]["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| {
                    (
                        f["check"].as_str().unwrap_or("").to_owned(),
                        f["severity"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_correct_configuration_has_no_findings() {
    let (port, _) = serve();
    let (code, json, _) = audit(
        port,
        "/good",
        &[
            "--method",
            "GET",
            "--method",
            "PUT",
            "-H",
            "Content-Type: application/json",
        ],
    );
    assert_eq!(findings(&json), Vec::<(String, String)>::new(), "{json:#}");
    assert_eq!(code, 0);
    assert_eq!(json[0]["reachable"], true);
}

/// Each check, on the path that has its misconfiguration: the check and
/// severity found (and no other finding of the origin checks).
#[test]
fn each_check_finds_its_misconfiguration() {
    let (port, _) = serve();
    // `insecure-origin` needs an https: target: its test is the unit test
    // `an_http_origin_trusted_by_an_https_resource` (src/bin/xorigin/audit).
    let table: [(&str, &[&str], &str, &str, i32); 15] = [
        ("/reflect-credentials", &[], "arbitrary-origin", "high", 1),
        ("/reflect", &[], "arbitrary-origin", "medium", 1),
        ("/null", &[], "null-origin", "high", 1),
        ("/prefix", &[], "prefix-match", "high", 1),
        ("/suffix", &[], "suffix-match", "high", 1),
        ("/substring", &[], "substring-match", "high", 1),
        ("/dot", &[], "unescaped-dot", "high", 1),
        ("/subdomain", &[], "any-subdomain", "medium", 1),
        ("/special", &[], "special-character", "high", 1),
        ("/third-party", &[], "third-party-hosting", "high", 1),
        ("/reflect-preflight", &[], "reflected-methods", "low", 0),
        (
            "/private-network",
            &[],
            "private-network-to-any-origin",
            "medium",
            1,
        ),
        ("/no-vary", &[], "missing-vary-origin", "low", 0),
        (
            "/max-age",
            &["--method", "PUT"],
            "max-age-beyond-caps",
            "info",
            0,
        ),
        (
            "/wildcard-credentials",
            &[],
            "wildcard-with-credentials",
            "info",
            0,
        ),
    ];
    for (path, extra, check, severity, want_code) in table {
        let (code, json, _) = audit(port, path, extra);
        let got = findings(&json);
        assert!(
            got.contains(&(check.to_owned(), severity.to_owned())),
            "{path}: want {check} {severity}, got {got:?}"
        );
        assert_eq!(code, want_code, "{path}: {got:?}");
        // One root cause, one finding: the more specific origin checks are
        // not repeated.
        if check == "arbitrary-origin" || check == "substring-match" {
            assert_eq!(got.len(), 1, "{path}: {got:?}");
        }
    }
}

#[test]
fn findings_carry_verdicts_evidence_and_fix() {
    let (port, _) = serve();
    let (_, json, _) = audit(port, "/special", &[]);
    let f = &json[0]["findings"][0];
    assert_eq!(f["check"], "special-character");
    assert_eq!(
        f["origin"],
        "https://app.target.example}.xorigin-attacker.test"
    );
    assert_eq!(f["readable"], "with-credentials");
    let browsers = f["browsers"].as_array().expect("browsers");
    let by = |name: &str| {
        browsers
            .iter()
            .find(|b| b["browser"] == name)
            .cloned()
            .unwrap_or_default()
    };
    // Chromium escapes `}` in a host: no page there has this origin.
    assert_eq!(by("chromium")["can_produce_origin"], false);
    assert_eq!(by("firefox")["readable_with_credentials"], true);
    assert_eq!(by("webkit")["readable_with_credentials"], true);
    let evidence = f["evidence"].as_array().expect("evidence");
    assert!(evidence.iter().any(|e| {
        e["response_headers"]
            .to_string()
            .contains("Access-Control-Allow-Origin")
    }));
    assert!(f["fix"]["headers"].to_string().contains(APP), "{f:#}");

    // `*` with credentials: no browser reads it with credentials.
    let (_, json, _) = audit(port, "/wildcard-credentials", &[]);
    let f = &json[0]["findings"][0];
    for b in f["browsers"].as_array().expect("browsers") {
        assert_eq!(b["readable_with_credentials"], false, "{b:#}");
    }
}

#[test]
fn human_output_groups_by_severity_and_sarif_is_valid() {
    let (port, _) = serve();
    let url = format!("http://127.0.0.1:{port}/no-vary");
    let url2 = format!("http://127.0.0.1:{port}/reflect-credentials");
    let sarif = std::env::temp_dir().join(format!("xorigin-audit-{}.sarif", std::process::id()));
    let out = xorigin(&[
        "audit",
        &url,
        &url2,
        "--origin",
        APP,
        "--sarif",
        sarif.to_str().unwrap_or(""),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(!text.contains('\x1b'), "no colour off a terminal");
    let high = text.find("HIGH (1)").expect("a HIGH group");
    assert!(
        text.find("LOW (1)").expect("a LOW group") < high,
        "targets in order, worst first in each: {text}"
    );
    assert!(text.contains("fix: "), "{text}");
    let log: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).expect("SARIF file"))
        .expect("SARIF JSON");
    let _ = std::fs::remove_file(&sarif);
    sarif_structure(&log);
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "arbitrary-origin" && r["level"] == "error")
    );
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == "missing-vary-origin" && r["level"] == "note")
    );
}

/// The SARIF 2.1.0 schema's required properties and enumerations for what
/// the log uses: sarifLog (version, runs), run (tool), tool (driver),
/// toolComponent (name), reportingDescriptor (id), result (message, with
/// text), level, locations' artifactLocation uri, and ruleIndex in range.
fn sarif_structure(log: &Value) {
    assert_eq!(log["version"], "2.1.0");
    assert!(
        log["$schema"]
            .as_str()
            .is_some_and(|s| s.contains("sarif-2.1.0"))
    );
    let runs = log["runs"].as_array().expect("runs is an array");
    for run in runs {
        let driver = &run["tool"]["driver"];
        assert!(driver["name"].as_str().is_some_and(|n| !n.is_empty()));
        let rules = driver["rules"].as_array().expect("rules");
        let mut ids: Vec<&str> = rules
            .iter()
            .map(|r| r["id"].as_str().expect("rule id"))
            .collect();
        for r in rules {
            assert!(r["shortDescription"]["text"].is_string());
        }
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "rule ids are unique");
        for result in run["results"].as_array().expect("results") {
            assert!(
                result["message"]["text"]
                    .as_str()
                    .is_some_and(|t| !t.is_empty())
            );
            let level = result["level"].as_str().expect("level");
            assert!(["none", "note", "warning", "error"].contains(&level));
            let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
            for loc in result["locations"].as_array().expect("locations") {
                let uri = loc["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .expect("uri");
                assert!(url::Url::parse(uri).is_ok(), "{uri}");
            }
        }
    }
}

#[test]
fn rate_limit_spaces_requests() {
    let (port, count) = serve();
    let start = Instant::now();
    let (code, json, _) = audit(port, "/good", &["--rate", "20/s"]);
    let elapsed = start.elapsed();
    assert_eq!(code, 0);
    let sent = json[0]["requests"].as_u64().expect("requests") as usize;
    assert_eq!(sent, count.load(Ordering::SeqCst));
    assert!(sent > 10 && sent <= 30, "{sent}");
    // n requests at 20/s take at least (n - 1) / 20 s: a lower bound only.
    let floor = Duration::from_millis(50 * (sent as u64 - 1));
    assert!(
        elapsed >= floor,
        "{elapsed:?} < {floor:?} for {sent} requests"
    );
}

#[test]
fn timeouts_and_unreachable_targets_exit_three() {
    let (port, _) = serve();
    let (code, json, out) = audit(port, "/slow", &["--timeout", "1"]);
    assert_eq!(code, 3, "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(json[0]["reachable"], false);
    assert!(
        json[0]["error"]
            .as_str()
            .is_some_and(|e| e.contains("timed out")),
        "{json:#}"
    );
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let dead = closed.local_addr().expect("addr").port();
    drop(closed);
    let (code, _, _) = audit(dead, "/", &[]);
    assert_eq!(code, 3);
}

#[test]
fn usage_errors_exit_two() {
    for args in [
        &["audit"][..],
        &["audit", "ftp://x.test/"],
        &["audit", "not a url"],
        &["audit", "http://127.0.0.1:1/", "--origin", "null"],
        &["audit", "http://127.0.0.1:1/", "--rate", "0/s"],
        &["audit", "http://127.0.0.1:1/", "--method", "BAD METHOD"],
        &["audit", "http://127.0.0.1:1/", "-H", "no colon"],
        &["audit", "http://127.0.0.1:1/", "--cacert", "/no/such.pem"],
    ] {
        let out = xorigin(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}
