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
            reflect(host.ends_with(".target.example") && !host.contains(['}', '"', '*', '_']))
        }
        // The trusted host followed by `*` (say, a pattern ending in `[^.]`).
        "/special" => reflect(app || origin.starts_with(&format!("{APP}*"))),
        "/insecure" => reflect(app || origin == "http://app.target.example"),
        "/third-party" => {
            reflect(app || (host.ends_with(".github.io") && origin.starts_with("https://")))
        }
        "/reflect-methods" if preflight => format!(
            "{}Access-Control-Allow-Methods: {}\r\n",
            reflect(app),
            h("access-control-request-method").unwrap_or_default()
        ),
        "/reflect-headers" if preflight => format!(
            "{}Access-Control-Allow-Headers: {}\r\n",
            reflect(app),
            h("access-control-request-headers").unwrap_or_default()
        ),
        "/reflect-methods" | "/reflect-headers" => reflect(app),
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

/// Reads one request from `stream` and answers it.
fn handle<S: std::io::Read + Write>(stream: &mut S, counter: &AtomicUsize) {
    let mut reader = BufReader::new(&mut *stream);
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return; // e.g. the client rejected the certificate
    }
    let mut headers = Vec::new();
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        if let Some((n, v)) = line.split_once(':') {
            headers.push((n.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
        line.clear();
    }
    drop(reader);
    counter.fetch_add(1, Ordering::SeqCst);
    let mut parts = first.split_whitespace();
    let method = parts.next().unwrap_or("").to_owned();
    let path = parts.next().unwrap_or("").to_owned();
    let get = |n: &str| headers.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    match answer(&method, &path, &get) {
        Some(response) => {
            let _ = stream.write_all(response.as_bytes());
            let _ = stream.flush();
        }
        None => std::thread::sleep(Duration::from_secs(3)),
    }
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
            std::thread::spawn(move || handle(&mut stream, &counter));
        }
    });
    (port, count)
}

/// The same server over TLS, with a certificate for 127.0.0.1 from a test
/// CA whose PEM file is returned with the port.
fn serve_tls() -> (u16, std::path::PathBuf) {
    let ca_key = rcgen::KeyPair::generate().expect("CA key");
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).expect("CA");
    let leaf_key = rcgen::KeyPair::generate().expect("leaf key");
    let leaf = rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .and_then(|p| p.signed_by(&leaf_key, &ca))
        .expect("leaf");
    let ca_file = std::env::temp_dir().join(format!("xorigin-audit-ca-{}.pem", std::process::id()));
    std::fs::write(&ca_file, ca.pem()).expect("write CA file");
    let key = rustls::pki_types::PrivateKeyDer::try_from(leaf_key.serialize_der()).expect("key");
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .and_then(|b| {
        b.with_no_client_auth()
            .with_single_cert(vec![leaf.der().clone()], key)
    })
    .expect("server config");
    let config = Arc::new(config);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let port = listener.local_addr().expect("local addr").port();
    let counter = Arc::new(AtomicUsize::new(0));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(tcp) = stream else { continue };
            let config = Arc::clone(&config);
            let counter = Arc::clone(&counter);
            std::thread::spawn(move || {
                let _ = tcp.set_read_timeout(Some(Duration::from_secs(5)));
                let Ok(conn) = rustls::ServerConnection::new(config) else {
                    return;
                };
                let mut tls = rustls::StreamOwned::new(conn, tcp);
                handle(&mut tls, &counter);
                tls.conn.send_close_notify();
                let _ = tls.flush();
            });
        }
    });
    (port, ca_file)
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
    // `insecure-origin` needs an https: target: `https_targets_with_cacert_or_insecure`.
    let table: [(&str, &[&str], &str, &str, i32); 16] = [
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
        ("/reflect-methods", &[], "reflected-methods", "low", 0),
        ("/reflect-headers", &[], "reflected-headers", "low", 0),
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
        "https://app.target.example*.xorigin-attacker.test"
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
    // Chromium escapes `*` in a host and Firefox rejects it: only a page
    // in WebKit has this origin.
    assert_eq!(by("chromium")["can_produce_origin"], false);
    assert_eq!(by("firefox")["can_produce_origin"], false);
    assert_eq!(by("firefox")["readable_with_credentials"], false);
    assert_eq!(by("webkit")["can_produce_origin"], true);
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
    // Without NO_COLOR: stdout is a pipe, so no colour all the same.
    let out = Command::new(env!("CARGO_BIN_EXE_xorigin"))
        .args(["audit", &url, &url2, "--origin", APP, "--sarif"])
        .arg(&sarif)
        .env_remove("NO_COLOR")
        .output()
        .expect("run xorigin");
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

/// An object with only the properties the SARIF 2.1.0 schema allows for
/// it (every definition the log uses has `additionalProperties: false`)
/// and the ones it requires.
fn object(v: &Value, what: &str, allowed: &[&str], required: &[&str]) {
    let map = v
        .as_object()
        .unwrap_or_else(|| panic!("{what} is an object: {v}"));
    for k in map.keys() {
        assert!(
            allowed.contains(&k.as_str()),
            "{what}: no property {k:?} in SARIF 2.1.0"
        );
    }
    for k in required {
        assert!(map.contains_key(*k), "{what}: {k:?} is required");
    }
}

/// The log against the SARIF 2.1.0 schema (OASIS, `sarif-schema-2.1.0.json`),
/// by hand for what the log uses: the schema file is under the OASIS IPR
/// policy, not an open-source licence, so it is not committed here. Each
/// object's allowed and required properties, `version`'s and `level`'s
/// enumerations, `message`'s `text`, `physicalLocation`'s
/// `artifactLocation`, URIs where the schema says `format: uri`, and
/// `ruleIndex` pointing at the rule named by `ruleId`.
fn sarif_structure(log: &Value) {
    object(
        log,
        "sarifLog",
        &[
            "$schema",
            "version",
            "runs",
            "inlineExternalProperties",
            "properties",
        ],
        &["version", "runs"],
    );
    assert_eq!(log["version"], "2.1.0");
    assert!(
        log["$schema"]
            .as_str()
            .is_some_and(|s| url::Url::parse(s).is_ok())
    );
    let runs = log["runs"].as_array().expect("runs is an array");
    assert!(!runs.is_empty());
    for run in runs {
        object(
            run,
            "run",
            &[
                "tool",
                "results",
                "invocations",
                "artifacts",
                "automationDetails",
                "properties",
            ],
            &["tool"],
        );
        object(
            &run["tool"],
            "tool",
            &["driver", "extensions", "properties"],
            &["driver"],
        );
        let driver = &run["tool"]["driver"];
        object(
            driver,
            "toolComponent",
            &[
                "name",
                "version",
                "semanticVersion",
                "informationUri",
                "rules",
                "fullName",
                "shortDescription",
                "properties",
            ],
            &["name"],
        );
        assert!(
            driver["informationUri"]
                .as_str()
                .is_none_or(|s| url::Url::parse(s).is_ok())
        );
        let rules = driver["rules"].as_array().expect("rules");
        let mut ids = Vec::new();
        for r in rules {
            object(
                r,
                "reportingDescriptor",
                &[
                    "id",
                    "name",
                    "shortDescription",
                    "fullDescription",
                    "defaultConfiguration",
                    "helpUri",
                    "help",
                    "properties",
                ],
                &["id"],
            );
            object(
                &r["shortDescription"],
                "multiformatMessageString",
                &["text", "markdown", "properties"],
                &["text"],
            );
            assert!(
                r["helpUri"]
                    .as_str()
                    .is_none_or(|s| url::Url::parse(s).is_ok())
            );
            ids.push(r["id"].as_str().expect("rule id"));
        }
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "rule ids are unique");
        for result in run["results"].as_array().expect("results") {
            object(
                result,
                "result",
                &[
                    "ruleId",
                    "ruleIndex",
                    "level",
                    "message",
                    "locations",
                    "kind",
                    "properties",
                ],
                &["message"],
            );
            object(
                &result["message"],
                "message",
                &["text", "markdown", "id", "arguments", "properties"],
                &["text"],
            );
            assert!(
                result["message"]["text"]
                    .as_str()
                    .is_some_and(|t| !t.is_empty())
            );
            let level = result["level"].as_str().expect("level");
            assert!(["none", "note", "warning", "error"].contains(&level));
            let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
            assert!(result["properties"].is_object());
            for loc in result["locations"].as_array().expect("locations") {
                object(
                    loc,
                    "location",
                    &[
                        "id",
                        "physicalLocation",
                        "logicalLocations",
                        "message",
                        "annotations",
                        "relationships",
                        "properties",
                    ],
                    &[],
                );
                let physical = &loc["physicalLocation"];
                object(
                    physical,
                    "physicalLocation",
                    &[
                        "address",
                        "artifactLocation",
                        "region",
                        "contextRegion",
                        "properties",
                    ],
                    &["artifactLocation"],
                );
                object(
                    &physical["artifactLocation"],
                    "artifactLocation",
                    &["uri", "uriBaseId", "index", "description", "properties"],
                    &["uri"],
                );
                let uri = physical["artifactLocation"]["uri"].as_str().expect("uri");
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

#[test]
fn https_targets_with_cacert_or_insecure() {
    let (port, ca) = serve_tls();
    let url = format!("https://127.0.0.1:{port}/insecure");
    let run = |extra: &[&str]| {
        let mut args = vec!["audit", url.as_str(), "--origin", APP, "--json"];
        args.extend_from_slice(extra);
        let out = xorigin(&args);
        let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        (out.status.code(), findings(&json))
    };
    let ca = ca.to_str().unwrap_or("");
    let want = vec![("insecure-origin".to_owned(), "medium".to_owned())];
    assert_eq!(run(&["--cacert", ca]), (Some(1), want.clone()));
    assert_eq!(run(&["-k"]), (Some(1), want));
    // The system's trust store does not know the test CA: unreachable.
    assert_eq!(run(&[]).0, Some(3));
    assert_eq!(
        xorigin(&["audit", &url, "--cacert", ca, "-k"])
            .status
            .code(),
        Some(2)
    );
}
