//! The `xorigin` command line: every command and flag, exit codes 0 (allowed),
//! 1 (blocked) and 2 (usage or input error), one-line input errors, `--json`
//! output that parses, and the exact Chromium console texts.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

const API: &str = "https://api.b.test/items";
const APP: &str = "https://app.a.test";

fn xorigin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xorigin"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .output()
        .expect("the xorigin binary runs")
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", stdout(out)))
}

/// `check` with the API URL and page origin, then `extra`.
fn check(extra: &[&str]) -> Output {
    let mut args = vec!["check", API, "--origin", APP];
    args.extend_from_slice(extra);
    xorigin(&args)
}

/// A scenario file in a fresh temporary folder.
fn scenario_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xorigin-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, text).expect("write scenario");
    path
}

const MISSING_ACAO_CHROMIUM: &str = "Access to fetch at 'https://api.b.test/items' from origin 'https://app.a.test' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\n";

const PREFLIGHT_STATUS_CHROMIUM: &str = "Access to fetch at 'https://api.b.test/items' from origin 'https://app.a.test' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.";

#[test]
fn check_missing_acao_is_blocked_with_chromium_text() {
    let out = check(&[]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let text = stdout(&out);
    assert!(text.contains(MISSING_ACAO_CHROMIUM), "{text}");
    assert!(text.contains("[CORSMissingAllowOrigin]"), "{text}");
    assert!(
        text.contains("Origin https://app.a.test is not allowed by Access-Control-Allow-Origin. Status code: 200"),
        "{text}"
    );
    assert!(
        text.contains("send `Access-Control-Allow-Origin: https://app.a.test` on the response"),
        "{text}"
    );
    // Piped: no colour.
    assert!(!text.contains('\x1b'), "{text}");
}

#[test]
fn check_preflight_status_failure_has_exact_chromium_text() {
    let out = check(&[
        "-X",
        "PUT",
        "--preflight-status",
        "403",
        "--preflight-header",
        "Access-Control-Allow-Origin: https://app.a.test",
    ]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(text.contains(PREFLIGHT_STATUS_CHROMIUM), "{text}");
    assert!(text.contains("[CORSPreflightDidNotSucceed]"), "{text}");
    assert!(
        text.contains("Preflight response is not successful. Status code: 403"),
        "{text}"
    );
}

#[test]
fn check_says_why_a_preflight_is_needed_and_prints_it() {
    let out = check(&["-X", "PUT", "-H", "Content-Type: application/json"]);
    let text = stdout(&out);
    assert!(text.contains("Request: preflighted"), "{text}");
    assert!(
        text.contains("method PUT is not a CORS-safelisted method"),
        "{text}"
    );
    assert!(
        text.contains(
            "header content-type: application/json is not a CORS-safelisted request header"
        ),
        "{text}"
    );
    assert!(
        text.contains("> OPTIONS https://api.b.test/items"),
        "{text}"
    );
    assert!(
        text.contains("> Access-Control-Request-Method: PUT"),
        "{text}"
    );
    assert!(
        text.contains("> Access-Control-Request-Headers: content-type"),
        "{text}"
    );
}

#[test]
fn check_allowed_flows_exit_zero() {
    let cases: Vec<Vec<&str>> = vec![
        // Simple GET.
        vec![
            "--response-header",
            "Access-Control-Allow-Origin: https://app.a.test",
        ],
        vec!["--response-header", "Access-Control-Allow-Origin: *"],
        // Preflighted PUT with JSON.
        vec![
            "-X",
            "PUT",
            "-H",
            "Content-Type: application/json",
            "--preflight-header",
            "Access-Control-Allow-Origin: https://app.a.test",
            "--preflight-header",
            "Access-Control-Allow-Methods: PUT",
            "--preflight-header",
            "Access-Control-Allow-Headers: content-type",
            "--response-header",
            "Access-Control-Allow-Origin: https://app.a.test",
        ],
        // A string body is text/plain: still simple.
        vec![
            "-X",
            "POST",
            "-d",
            "hello",
            "--response-header",
            "Access-Control-Allow-Origin: https://app.a.test",
        ],
        // Credentials with the exact origin and Allow-Credentials.
        vec![
            "--credentials",
            "include",
            "--response-header",
            "Access-Control-Allow-Origin: https://app.a.test",
            "--response-header",
            "Access-Control-Allow-Credentials: true",
        ],
        vec![
            "--credentials",
            "omit",
            "--response-header",
            "Access-Control-Allow-Origin: *",
        ],
        // no-cors: opaque, never blocked by CORS.
        vec!["--mode", "no-cors"],
        // A redirect with redirect mode manual: an opaque redirect (the CORS
        // check still runs on the redirect response).
        vec![
            "--redirect",
            "manual",
            "--status",
            "302",
            "--response-header",
            "Access-Control-Allow-Origin: *",
            "--response-header",
            "Location: https://api.b.test/next",
        ],
        vec![
            "--referrer-policy",
            "no-referrer",
            "--response-header",
            "Access-Control-Allow-Origin: *",
        ],
    ];
    for extra in cases {
        let out = check(&extra);
        assert_eq!(code(&out), 0, "{extra:?}\n{}{}", stdout(&out), stderr(&out));
        assert!(stdout(&out).contains("ALLOWED"), "{extra:?}");
    }
}

#[test]
fn check_blocked_flows_exit_one_with_the_right_message() {
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "--credentials",
                "include",
                "--response-header",
                "Access-Control-Allow-Origin: *",
            ],
            "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
        ),
        (
            vec!["--mode", "same-origin"],
            "Fetch API cannot load https://api.b.test/items. Request mode is \"same-origin\" but the URL's origin is not same as the request origin https://app.a.test.",
        ),
        (
            vec![
                "--redirect",
                "error",
                "--status",
                "302",
                "--response-header",
                "Access-Control-Allow-Origin: *",
                "--response-header",
                "Location: https://api.b.test/next",
            ],
            "redirect mode is \"error\"",
        ),
        (
            vec![
                "-X",
                "DELETE",
                "--preflight-header",
                "Access-Control-Allow-Origin: https://app.a.test",
                "--preflight-header",
                "Access-Control-Allow-Methods: GET, PUT",
            ],
            "Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response.",
        ),
        (
            vec![
                "-H",
                "X-Api-Key: 1",
                "--preflight-header",
                "Access-Control-Allow-Origin: https://app.a.test",
            ],
            "Request header field X-Api-Key is not allowed by Access-Control-Allow-Headers.",
        ),
        (
            vec!["-X", "CONNECT"],
            "Failed to execute 'fetch' on 'Window': 'CONNECT' HTTP method is unsupported.",
        ),
    ];
    for (extra, want) in cases {
        let out = check(&extra);
        assert_eq!(code(&out), 1, "{extra:?}\n{}", stdout(&out));
        assert!(stdout(&out).contains(want), "{extra:?}\n{}", stdout(&out));
    }
}

#[test]
fn check_browser_flag_changes_the_verdict() {
    // `Access-Control-Allow-Headers: *` never covers Authorization in the
    // standard; Chromium's profile lets it.
    let args = [
        "-H",
        "Authorization: Bearer x",
        "--preflight-header",
        "Access-Control-Allow-Origin: https://app.a.test",
        "--preflight-header",
        "Access-Control-Allow-Headers: *",
        "--response-header",
        "Access-Control-Allow-Origin: https://app.a.test",
    ];
    let mut spec_args = args.to_vec();
    spec_args.extend(["--browser", "spec"]);
    let spec = check(&spec_args);
    assert_eq!(code(&spec), 1, "{}", stdout(&spec));
    assert!(stdout(&spec).contains("Note: Chromium allows this request"));
    // Without --browser (issue 13): every browser allows; the standard differs.
    let all = check(&args);
    assert_eq!(code(&all), 0, "{}", stdout(&all));
    let text = stdout(&all);
    assert!(text.contains("  Chromium  ALLOWED "), "{text}");
    assert!(text.contains("  WebKit    ALLOWED "), "{text}");
    assert!(
        text.contains(
            "  Standard  BLOCKED  (fetch.bs and HTML; differs: chromium, firefox, webkit)"
        ),
        "{text}"
    );
    let mut chromium_args = args.to_vec();
    chromium_args.extend(["--browser", "chromium"]);
    let chromium = check(&chromium_args);
    assert_eq!(code(&chromium), 0, "{}", stdout(&chromium));
    assert!(stdout(&chromium).contains("(chromium)"));
}

#[test]
fn check_json_has_the_documented_shape() {
    let out = check(&[
        "-X",
        "PUT",
        "--preflight-status",
        "500",
        "--json",
        "--browser",
        "spec",
    ]);
    assert_eq!(code(&out), 1);
    let v = json(&out);
    assert_eq!(v["verdict"], "blocked");
    assert_eq!(v["browser"], "spec");
    assert_eq!(v["failed_on"], "preflight");
    assert_eq!(v["classification"]["kind"], "preflighted");
    assert_eq!(v["classification"]["unsafe_method"], "PUT");
    assert_eq!(v["exchanges"][0]["kind"], "preflight");
    assert_eq!(v["exchanges"][0]["method"], "OPTIONS");
    assert_eq!(v["exchanges"][0]["response"]["status"], 500);
    assert_eq!(v["exchanges"][0]["check"]["passed"], false);
    assert_eq!(v["reason"]["kind"], "preflight");
    assert_eq!(v["fix"]["on"], "preflight");
    assert_eq!(v["fix"]["header"], "Access-Control-Allow-Origin");
    let browsers = v["browsers"].as_array().expect("browsers array");
    assert_eq!(browsers.len(), 3);
    assert_eq!(browsers[0]["browser"], "chromium");
    assert_eq!(browsers[1]["code"], "CORSMissingAllowOrigin");
    assert_eq!(browsers[2]["type_error"], "Load failed");
    // Allowed: the filtered response is there, the fix is null.
    let ok = check(&[
        "--response-header",
        "Access-Control-Allow-Origin: *",
        "--json",
    ]);
    assert_eq!(code(&ok), 0);
    let v = json(&ok);
    assert_eq!(v["verdict"], "allowed");
    assert_eq!(v["response"]["type"], "cors");
    assert!(v["fix"].is_null());
}

#[test]
fn bad_input_is_one_line_and_exit_two() {
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["check", API, "--origin", "nope"], "--origin"),
        (
            vec!["check", API, "--origin", "https://a.test/path"],
            "--origin",
        ),
        // Relative URLs resolve against the page (issue 13 item 8); these do not parse.
        (vec!["check", "https://", "--origin", APP], "URL"),
        (vec!["check", "http://[::1", "--origin", APP], "URL"),
        (vec!["check", "/relative", "--origin", "null"], "URL"),
        (vec!["check", API, "--origin", APP, "-H", "NoColon"], "-H"),
        (
            vec!["check", API, "--origin", APP, "-H", "Bad Name: v"],
            "-H",
        ),
        (vec!["check", API, "--origin", APP, "-H", "X: a\nb"], "-H"),
        (vec!["check", API, "--origin", APP, "-X", "P T"], "-X"),
        (vec!["check", API, "--origin", APP, "-X", ""], "-X"),
        (
            vec![
                "check",
                API,
                "--origin",
                APP,
                "--preflight-header",
                "NoColon",
            ],
            "--preflight-header",
        ),
        (
            vec!["check", API, "--origin", APP, "--response-header", ": v"],
            "--response-header",
        ),
        (
            vec!["check", API, "--origin", APP, "--referrer-policy", "bogus"],
            "--referrer-policy",
        ),
    ];
    for (args, names) in cases {
        let out = xorigin(&args);
        assert_eq!(code(&out), 2, "{args:?}\n{}", stderr(&out));
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.starts_with("error: ") && err.contains(names),
            "{args:?}: {err}"
        );
        assert!(stdout(&out).is_empty(), "{args:?}");
    }
}

#[test]
fn usage_errors_exit_two_without_panicking() {
    let cases: Vec<Vec<&str>> = vec![
        vec![],
        vec!["bogus"],
        vec!["check", API],
        vec!["check", API, "--origin", APP, "--status", "99"],
        vec!["check", API, "--origin", APP, "--status", "abc"],
        vec!["check", API, "--origin", APP, "--preflight-status", "1000"],
        vec!["check", API, "--origin", APP, "--browser", "ie"],
        vec!["check", API, "--origin", APP, "--mode", "navigate"],
        vec!["check", API, "--origin", APP, "--credentials", "always"],
        vec!["check", API, "--origin", APP, "--redirect", "sometimes"],
        vec!["explain"],
        vec!["simulate", "--browser", "ie"],
        vec!["verify"],
    ];
    for args in cases {
        let out = xorigin(&args);
        assert_eq!(code(&out), 2, "{args:?}\n{}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{args:?}");
    }
}

#[test]
fn help_exits_zero_with_examples() {
    let out = xorigin(&["check", "--help"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("Examples:"));
    assert!(stdout(&out).contains("--preflight-header"));
    let out = xorigin(&["--help"]);
    assert_eq!(code(&out), 0);
    for command in ["check", "explain", "simulate", "verify"] {
        assert!(stdout(&out).contains(command), "{command}");
    }
}

const TWO_FETCHES: &str = r#"{
  "id": "cli-two-fetches",
  "description": "one allowed GET, one PUT whose preflight has no Allow-Origin",
  "client": { "origin": "https://app.a.test" },
  "server": [
    { "method": "GET", "url": "https://api.b.test/items", "status": 200,
      "headers": [["Access-Control-Allow-Origin", "*"], ["X-Total", "3"]] },
    { "method": "OPTIONS", "url": "https://api.b.test/items", "status": 204, "headers": [] }
  ],
  "fetches": [
    { "request": { "url": "https://api.b.test/items" } },
    { "request": { "method": "PUT", "url": "https://api.b.test/items",
                   "headers": [["Content-Type", "application/json"]], "body": "{}" } }
  ]
}"#;

#[test]
fn explain_walks_each_fetch() {
    let file = scenario_file("two", TWO_FETCHES);
    let path = file.to_string_lossy().into_owned();
    let out = xorigin(&["explain", &path]);
    assert_eq!(code(&out), 1, "{}{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("=== fetch 1 of 2 ==="), "{text}");
    assert!(text.contains("=== fetch 2 of 2 ==="), "{text}");
    assert!(text.contains("Hidden from script: x-total"), "{text}");
    assert!(text.contains("Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource."), "{text}");
    assert!(text.contains("ok CORS check passed"), "{text}");
    assert!(
        text.contains("FAILED the preflight response fails the CORS check"),
        "{text}"
    );

    let out = xorigin(&["explain", "--json", &path]);
    assert_eq!(code(&out), 1);
    let v = json(&out);
    assert_eq!(v["id"], "cli-two-fetches");
    assert_eq!(v["fetches"][0]["verdict"], "allowed");
    assert_eq!(v["fetches"][1]["verdict"], "blocked");
    assert_eq!(v["fetches"][1]["exchanges"][0]["response"]["status"], 204);
    assert_eq!(v["fetches"][1]["fix"]["on"], "preflight");

    // A fixture where everything is allowed exits 0; --browser is accepted.
    let out = xorigin(&[
        "explain",
        "--browser",
        "firefox",
        "spec-fixtures/simple/simple-get-acao-exact-origin.json",
    ]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).contains("(firefox)"));
}

#[test]
fn explain_bad_files_exit_two() {
    let missing = xorigin(&["explain", "no/such/file.json"]);
    assert_eq!(code(&missing), 2);
    assert!(stderr(&missing).starts_with("error: "));
    let broken = scenario_file("broken", "{ \"id\": 3 }");
    let out = xorigin(&["explain", &broken.to_string_lossy()]);
    assert_eq!(code(&out), 2);
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    let bad_origin = scenario_file(
        "bad-origin",
        r#"{"id":"x","client":{"origin":"nope"},"fetches":[{"request":{"url":"https://b.test/"}}]}"#,
    );
    let out = xorigin(&["explain", &bad_origin.to_string_lossy()]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("client.origin"), "{}", stderr(&out));
}

#[test]
fn simulate_plain_and_json() {
    let fixture = "spec-fixtures/simple/simple-get-no-acao.json";
    let out = xorigin(&["simulate", fixture]);
    assert_eq!(code(&out), 0);
    let v = json(&out);
    assert_eq!(v["fetches"][0]["expect"]["result"], "network-error");
    let out = xorigin(&["simulate", "--json", "--browser", "webkit", fixture]);
    assert_eq!(code(&out), 0);
    let v = json(&out);
    let list = v.as_array().expect("--json gives an array");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["browser"], "webkit");
    assert_eq!(code(&xorigin(&["simulate", "no/such.json"])), 2);
}

#[test]
fn verify_plain_and_json() {
    let out = xorigin(&["verify", "spec-fixtures/simple"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let last = stdout(&out).lines().last().unwrap_or("").to_owned();
    assert!(last.ends_with(" passed, 0 failed"), "{last}");

    let out = xorigin(&["verify", "--json", "spec-fixtures/simple"]);
    assert_eq!(code(&out), 0);
    let v = json(&out);
    assert_eq!(v["failed"], 0);
    assert!(v["passed"].as_u64().is_some_and(|n| n > 10));
    assert_eq!(v["results"][0]["ok"], true);

    // A wrong expectation: exit 1, the mismatch named in both forms.
    let wrong = scenario_file(
        "wrong",
        r#"{"id":"wrong","client":{"origin":"https://app.a.test"},"server":[],
            "fetches":[{"request":{"url":"https://api.b.test/x"},"expect":{"result":"ok"}}]}"#,
    );
    let path = wrong.to_string_lossy().into_owned();
    let out = xorigin(&["verify", &path]);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out).contains("0 passed, 1 failed"),
        "{}",
        stdout(&out)
    );
    let out = xorigin(&["verify", "--json", "--browser", "chromium", &path]);
    assert_eq!(code(&out), 1);
    let v = json(&out);
    assert_eq!(v["failed"], 1);
    assert_eq!(
        v["results"][0]["mismatches"][0]["path"],
        "fetches[0].expect.result"
    );
    assert_eq!(v["results"][0]["mismatches"][0]["expected"], "ok");
    assert_eq!(
        v["results"][0]["mismatches"][0]["predicted"],
        "network-error"
    );
    // Piped: no progress bar or any other noise on stderr.
    let out = xorigin(&["verify", "spec-fixtures"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert_eq!(stderr(&out), "");
    assert_eq!(code(&xorigin(&["verify", "no/such/dir"])), 2);
}

/// A loopback HTTP server for `probe`: answers each connection from
/// `answer(method, path)` (the raw response; `None` holds the connection
/// open without answering). Runs until the test process ends.
fn serve(answer: fn(&str, &str) -> Option<String>) -> u16 {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let port = listener.local_addr().expect("local addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
                let mut first = String::new();
                let _ = reader.read_line(&mut first);
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                let mut parts = first.split_whitespace();
                let method = parts.next().unwrap_or("").to_owned();
                let path = parts.next().unwrap_or("").to_owned();
                match answer(&method, &path) {
                    Some(response) => {
                        let _ = stream.write_all(response.as_bytes());
                    }
                    None => std::thread::sleep(std::time::Duration::from_secs(5)),
                }
            });
        }
    });
    port
}

fn cors_server(method: &str, path: &str) -> Option<String> {
    let acao = "Access-Control-Allow-Origin: http://localhost:3000\r\n";
    Some(match (method, path) {
        ("OPTIONS", "/forbidden") => {
            "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n".to_owned()
        }
        ("OPTIONS", _) => {
            format!("HTTP/1.1 204 No Content\r\n{acao}Access-Control-Allow-Methods: PUT\r\n\r\n")
        }
        (_, "/redirect") => {
            format!("HTTP/1.1 302 Found\r\n{acao}Location: /data\r\nContent-Length: 0\r\n\r\n")
        }
        (_, "/silent") => return None,
        (_, "/json") => "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"secret\": 1}".to_owned(),
        (_, "/chunked-json") => "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n3\r\n 1}\r\n0\r\n\r\n".to_owned(),
        _ => format!("HTTP/1.1 200 OK\r\n{acao}X-Total: 3\r\nContent-Length: 2\r\n\r\nok"),
    })
}

fn probe(port: u16, path: &str, extra: &[&str]) -> Output {
    let url = format!("http://127.0.0.1:{port}{path}");
    let mut args = vec!["probe", url.as_str(), "--origin", "http://localhost:3000"];
    args.extend_from_slice(extra);
    xorigin(&args)
}

#[test]
fn probe_live_server() {
    let port = serve(cors_server);
    // Allowed simple request.
    let out = probe(port, "/data", &[]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(stdout(&out).contains("< Access-Control-Allow-Origin: http://localhost:3000"));
    assert!(
        stdout(&out).contains("Hidden from script:"),
        "{}",
        stdout(&out)
    );
    // Allowed preflighted PUT.
    let out = probe(port, "/data", &["-X", "PUT", "--json"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let v = json(&out);
    assert_eq!(v["exchanges"][0]["method"], "OPTIONS");
    assert_eq!(v["exchanges"][1]["method"], "PUT");
    // Failed preflight.
    let out = probe(port, "/forbidden", &["-X", "PUT"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(
        stdout(&out).contains("Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource."),
        "{}",
        stdout(&out)
    );
    // The engine follows the redirect, not the client.
    let out = probe(port, "/redirect", &["--json"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let v = json(&out);
    assert_eq!(v["exchanges"][0]["response"]["status"], 302);
    assert!(
        v["exchanges"][1]["url"]
            .as_str()
            .is_some_and(|u| u.ends_with("/data"))
    );
    assert_eq!(v["response"]["redirected"], true);
}

/// A no-cors probe reads the start of the body, so opaque-response blocking
/// sees what a browser would sniff (Content-Length and chunked bodies).
#[test]
fn probe_sniffs_no_cors_bodies() {
    let port = serve(cors_server);
    for path in ["/json", "/chunked-json"] {
        let out = probe(port, path, &["--mode", "no-cors", "--browser", "spec"]);
        assert_eq!(code(&out), 1, "{path}: {}{}", stdout(&out), stderr(&out));
        assert!(
            stdout(&out).contains("opaque-response blocking"),
            "{path}: {}",
            stdout(&out)
        );
    }
    // The same JSON in cors mode is not ORB's business (blocked for lack of
    // Access-Control-Allow-Origin instead).
    let out = probe(port, "/json", &["--browser", "spec"]);
    assert!(!stdout(&out).contains("opaque-response blocking"));
}

#[test]
fn probe_network_failures_are_not_verdicts() {
    let port = serve(cors_server);
    let out = probe(port, "/silent", &["--timeout", "1"]);
    assert_eq!(code(&out), 3, "{}{}", stdout(&out), stderr(&out));
    assert!(stderr(&out).contains("timed out"), "{}", stderr(&out));
    assert!(!stdout(&out).contains("BLOCKED"));
    // A port nobody listens on: bind, note it, close.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let out = probe(closed, "/data", &[]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("connection refused"),
        "{}",
        stderr(&out)
    );
    // ftp: is an input error naming the scheme.
    let out = xorigin(&["probe", "ftp://127.0.0.1:1/", "--origin", APP]);
    assert_eq!(code(&out), 1, "{}{}", stdout(&out), stderr(&out));
    let out = xorigin(&[
        "probe",
        "http://127.0.0.1:1/",
        "--origin",
        APP,
        "--timeout",
        "0",
    ]);
    assert_eq!(code(&out), 2);
}

/// A loopback https server for `probe` with a certificate for 127.0.0.1
/// issued by a test CA, whose PEM file is returned with the port.
fn serve_tls(answer: fn(&str, &str) -> Option<String>) -> (u16, PathBuf) {
    use std::io::{BufRead, BufReader, Write};
    use std::sync::Arc;
    let ca_key = rcgen::KeyPair::generate().expect("CA key");
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).expect("CA");
    let leaf_key = rcgen::KeyPair::generate().expect("leaf key");
    let leaf = rcgen::CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .and_then(|p| p.signed_by(&leaf_key, &ca))
        .expect("leaf");
    let ca_file = std::env::temp_dir().join(format!(
        "xorigin-test-ca-{}-{}.pem",
        std::process::id(),
        leaf.der().len()
    ));
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
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(tcp) = stream else { continue };
            let config = Arc::clone(&config);
            std::thread::spawn(move || {
                let _ = tcp.set_read_timeout(Some(std::time::Duration::from_secs(5)));
                let Ok(conn) = rustls::ServerConnection::new(config) else {
                    return;
                };
                let mut tls = rustls::StreamOwned::new(conn, tcp);
                let mut reader = BufReader::new(&mut tls);
                let mut first = String::new();
                if reader.read_line(&mut first).is_err() {
                    return; // the client rejected the certificate
                }
                let mut line = String::new();
                while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                    line.clear();
                }
                drop(reader);
                let mut parts = first.split_whitespace();
                let method = parts.next().unwrap_or("").to_owned();
                let path = parts.next().unwrap_or("").to_owned();
                if let Some(response) = answer(&method, &path) {
                    let _ = tls.write_all(response.as_bytes());
                    let _ = tls.flush();
                    tls.conn.send_close_notify();
                    let _ = tls.flush();
                }
            });
        }
    });
    (port, ca_file)
}

#[test]
fn probe_https_server() {
    let (port, ca) = serve_tls(cors_server);
    let url = format!("https://127.0.0.1:{port}/data");
    let ca = ca.to_string_lossy().into_owned();
    let origin = "http://localhost:3000";
    // Trusting the test CA: a preflighted PUT, both over TLS.
    let out = xorigin(&[
        "probe", &url, "--origin", origin, "-X", "PUT", "--cacert", &ca, "--json",
    ]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    let v = json(&out);
    assert_eq!(v["exchanges"][0]["method"], "OPTIONS");
    assert_eq!(v["exchanges"][1]["response"]["status"], 200);
    // The system's trust store does not know the test CA: a TLS failure,
    // reported as unreachable, never as a CORS verdict.
    let out = xorigin(&["probe", &url, "--origin", origin, "--timeout", "5"]);
    assert_eq!(code(&out), 3, "{}{}", stdout(&out), stderr(&out));
    assert!(
        stderr(&out).contains("certificate") || stderr(&out).contains("CA certificates"),
        "{}",
        stderr(&out)
    );
    assert!(!stdout(&out).contains("BLOCKED"));
    // --insecure accepts it.
    let out = xorigin(&["probe", &url, "--origin", origin, "-k"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    // A failed preflight over TLS is a verdict.
    let forbidden = format!("https://127.0.0.1:{port}/forbidden");
    let out = xorigin(&[
        "probe", &forbidden, "--origin", origin, "-X", "PUT", "--cacert", &ca,
    ]);
    assert_eq!(code(&out), 1, "{}{}", stdout(&out), stderr(&out));
    // Bad trust flags are input errors.
    let out = xorigin(&["probe", &url, "--origin", origin, "--cacert", "no/such.pem"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--cacert"), "{}", stderr(&out));
    let out = xorigin(&["probe", &url, "--origin", origin, "--cacert", "Cargo.toml"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("no PEM certificate"),
        "{}",
        stderr(&out)
    );
    let out = xorigin(&[
        "probe",
        &url,
        "--origin",
        origin,
        "--cacert",
        &ca,
        "--insecure",
    ]);
    assert_eq!(code(&out), 2);
    let _ = std::fs::remove_file(&ca);
}

#[test]
fn check_element_loads_and_page_policies() {
    let img = "https://img.b.test/a.png";
    let base = ["check", img, "--origin", APP, "--destination", "image"];
    let run = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        xorigin(&args)
    };
    // A no-cors image: no Origin, Sec-Fetch-Mode no-cors, allowed.
    let out = run(&["--json"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let v = json(&out);
    let headers = v["exchanges"][0]["headers"]
        .to_string()
        .to_ascii_lowercase();
    assert!(
        headers.contains("[\"sec-fetch-dest\",\"image\"]"),
        "{headers}"
    );
    assert!(
        headers.contains("[\"sec-fetch-mode\",\"no-cors\"]"),
        "{headers}"
    );
    assert!(!headers.contains("\"origin\""), "{headers}");
    // CORP same-origin on a cross-origin image: blocked, Chromium's code.
    let out = run(&[
        "--response-header",
        "Cross-Origin-Resource-Policy: same-origin",
    ]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(stdout(&out).contains("net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin"));
    assert!(stdout(&out).contains("Cross-Origin-Resource-Policy: cross-origin"));
    // The page's COEP require-corp: a CORP-less image is blocked.
    let out = run(&[
        "--page-header",
        "Cross-Origin-Embedder-Policy: require-corp",
    ]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(
        stdout(&out).contains("NotSameOriginAfterDefaultedToSameOriginByCoep"),
        "{}",
        stdout(&out)
    );
    // crossorigin=anonymous: a CORS request, blocked without ACAO.
    let out = run(&["--crossorigin", "anonymous"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(
        stdout(&out).contains("Access to image at 'https://img.b.test/a.png' from origin"),
        "{}",
        stdout(&out)
    );
    // Mixed content: an http script from an https page.
    let out = xorigin(&[
        "check",
        "http://img.b.test/a.js",
        "--origin",
        APP,
        "--destination",
        "script",
    ]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(stdout(&out).contains("Mixed Content:"), "{}", stdout(&out));
    // ORB sniffs the body given with --response-body.
    let out = xorigin(&[
        "check",
        "https://api.b.test/data",
        "--origin",
        APP,
        "--destination",
        "script",
        "--response-header",
        "Content-Type: application/json",
        "--response-body",
        "{\"secret\": 1}",
    ]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(
        stdout(&out).contains("opaque-response blocking"),
        "{}",
        stdout(&out)
    );
    // An element load has no method, headers or mode of its own.
    assert_eq!(code(&run(&["-X", "PUT"])), 2);
    assert_eq!(code(&run(&["--mode", "cors"])), 2);
    let out = xorigin(&["check", img, "--origin", APP, "--crossorigin", "anonymous"]);
    assert_eq!(code(&out), 2);
    let out = run(&["--page-header", "NoColon"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--page-header"), "{}", stderr(&out));
}

#[test]
fn check_names_dropped_headers_and_unsupported_schemes() {
    let out = check(&[
        "--mode",
        "no-cors",
        "-X",
        "POST",
        "-H",
        "Content-Type: application/json",
        "-H",
        "Cookie: a=b",
        "--json",
    ]);
    assert_eq!(code(&out), 0);
    let v = json(&out);
    assert_eq!(v["classification"]["kind"], "no-cors");
    let why = v["classification"]["why"].to_string();
    assert!(why.contains("header Content-Type was dropped"), "{why}");
    assert!(why.contains("header Cookie was dropped"), "{why}");
    assert_eq!(v["response"]["type"], "opaque");

    let out = xorigin(&["check", "ftp://api.b.test/x", "--origin", APP, "--json"]);
    assert_eq!(code(&out), 1);
    let v = json(&out);
    assert_eq!(v["classification"]["kind"], "unsupported-scheme");
    assert_eq!(v["browsers"][1]["code"], "CORSRequestNotHttp");
    assert!(v["exchanges"].as_array().is_some_and(Vec::is_empty));
}

/// Every spec fixture explains without error; a blocked fetch always has a
/// fix, an allowed one never; every CORS failure has Chromium's
/// `Access to ... has been blocked by CORS policy: ` line and a Firefox code.
#[test]
fn every_fixture_explains_consistently() {
    use xorigin::browser::BrowserName;
    use xorigin::explain::{Verdict, explain_scenario};
    use xorigin::fetch::Reason;
    let mut stack = vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("spec-fixtures")];
    let (mut fetches, mut cors_failures) = (0, 0);
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("fixture dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("fixture");
            let scenario = xorigin::scenario::Scenario::from_json(&text).expect("fixture parses");
            let explanations = explain_scenario(&scenario, BrowserName::Spec)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(explanations.len(), scenario.fetches.len());
            for e in explanations {
                fetches += 1;
                let at = path.display();
                assert_eq!(e.fix.is_some(), e.verdict == Verdict::Blocked, "{at}");
                assert_eq!(e.reason.is_some(), e.verdict == Verdict::Blocked, "{at}");
                assert_eq!(e.browsers.len(), 3, "{at}");
                if let Some(Reason::CorsCheck { .. } | Reason::Preflight { .. }) = &e.reason
                    && e.browsers[0].verdict == Verdict::Blocked
                {
                    cors_failures += 1;
                    let line = e.browsers[0].console.first().cloned().unwrap_or_default();
                    assert!(line.starts_with("Access to "), "{at}: {line}");
                    assert!(
                        line.contains(" has been blocked by CORS policy: "),
                        "{at}: {line}"
                    );
                    if e.browsers[1].verdict == Verdict::Blocked {
                        assert!(e.browsers[1].code.is_some(), "{at}");
                    }
                }
            }
        }
    }
    assert!(fetches > 300, "{fetches}");
    assert!(cors_failures > 50, "{cors_failures}");
}

/// Chrome 156.0.8078.108's console lines and rejection for each scenario, as
/// recorded by the conformance harness (`xorigin-conformance record`).
/// Spec fixtures are named by path; other scenarios are inline.
const CHROME_156: &[(&str, &[&str], &str)] = &[
    // The harness page `https://app.a.test/__xorigin/page` reads as `https://app.a.test/`.
    (
        "spec-fixtures/mixed-content/mixed-content-redirect-to-http-blocked.json",
        &[
            "Mixed Content: The page at 'https://app.a.test/' was loaded over HTTPS, but requested an insecure resource 'http://api.b.test/x'. This request has been blocked; the content must be served over HTTPS.",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/modes/modes-same-origin-mode-redirect-to-cross-origin.json",
        &[
            "Unsafe attempt to load URL https://api.b.test/data from frame with URL https://app.a.test/. Domains, protocols and ports must match.\n",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/preflight/preflight-redirect-with-invalid-allow-origin.json",
        &[
            "Access to fetch at 'https://api.a.test/r0' from origin 'null' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: Redirect is not allowed for a preflight request.",
            "Failed to load resource: net::ERR_FAILED",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/preflight/preflight-disallowed-headers-named-in-request-order.json",
        &[
            "Access to fetch at 'https://b.test:8443/r0' from origin 'null' has been blocked by CORS policy: Request header field x-other is not allowed by Access-Control-Allow-Headers in preflight response.",
            "Failed to load resource: net::ERR_FAILED",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/redirects/redirects-two-location-headers.json",
        &["Failed to load resource: net::ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION"],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/wildcard/wildcard-allow-origin-star-null-combo-fails.json",
        &[
            "Access to fetch at 'https://api.b.test/data' from origin 'https://app.a.test' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header contains multiple values '* null', but only one is allowed. Have the server send the header with a valid value.",
            "Failed to load resource: net::ERR_FAILED",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/credentials/credentials-include-allow-credentials-false.json",
        &[
            "Access to fetch at 'https://api.b.test/me' from origin 'https://app.a.test' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Credentials' header in the response is 'false' which must be 'true' when the request's credentials mode is 'include'.",
            "Failed to load resource: net::ERR_FAILED",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/credentials/credentials-include-missing-allow-credentials.json",
        &[
            "Access to fetch at 'https://api.b.test/me' from origin 'https://app.a.test' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'.",
            "Failed to load resource: net::ERR_FAILED",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/credentials/credentials-include-star-origin-fails.json",
        &[
            "Access to fetch at 'https://api.b.test/me' from origin 'https://app.a.test' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
            "Failed to load resource: net::ERR_FAILED",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/modes/modes-navigate-throws.json",
        &[],
        "TypeError: Failed to execute 'fetch' on 'Window': Cannot construct a Request with a RequestInit whose mode member is set as 'navigate'.",
    ),
    (
        "spec-fixtures/modes/modes-no-cors-put-throws.json",
        &[],
        "TypeError: Failed to execute 'fetch' on 'Window': 'PUT' is unsupported in no-cors mode.",
    ),
    (
        "spec-fixtures/modes/modes-same-origin-mode-cross-origin-url.json",
        &[
            "Fetch API cannot load https://api.b.test/data. Request mode is \"same-origin\" but the URL's origin is not same as the request origin https://app.a.test.",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/preflight/preflight-allow-headers-parse-failure.json",
        &[
            "Access to fetch at 'https://api.b.test/items/1' from origin 'https://app.a.test' has been blocked by CORS policy: Cannot parse Access-Control-Allow-Headers response header field in preflight response.",
            "Failed to load resource: net::ERR_FAILED",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/preflight/preflight-allow-methods-parse-failure.json",
        &[
            "Access to fetch at 'https://api.b.test/items/1' from origin 'https://app.a.test' has been blocked by CORS policy: Cannot parse Access-Control-Allow-Methods response header field in preflight response.",
            "Failed to load resource: net::ERR_FAILED",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/preflight/preflight-custom-header-refused.json",
        &[
            "Access to fetch at 'https://api.b.test/items/1' from origin 'https://app.a.test' has been blocked by CORS policy: Request header field x-custom is not allowed by Access-Control-Allow-Headers in preflight response.",
            "Failed to load resource: net::ERR_FAILED",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/preflight/preflight-custom-method-refused.json",
        &[
            "Access to fetch at 'https://api.b.test/items/1' from origin 'https://app.a.test' has been blocked by CORS policy: Method NEW is not allowed by Access-Control-Allow-Methods in preflight response.",
            "Failed to load resource: net::ERR_FAILED",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/preflight/preflight-missing-allow-origin.json",
        &[
            "Access to fetch at 'https://api.b.test/items/1' from origin 'https://app.a.test' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
            "Failed to load resource: net::ERR_FAILED",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/preflight/preflight-no-options-entry-404.json",
        &[
            "Access to fetch at 'https://api.b.test/items/1' from origin 'https://app.a.test' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
            "Failed to load resource: net::ERR_FAILED",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/preflight/preflight-redirect-301-not-followed.json",
        &[
            "Access to fetch at 'https://api.b.test/items/1' from origin 'https://app.a.test' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: Redirect is not allowed for a preflight request.",
            "Failed to load resource: net::ERR_FAILED",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/preflight/preflight-status-300-fails.json",
        &[
            "Access to fetch at 'https://api.b.test/items/1' from origin 'https://app.a.test' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.",
            "Failed to load resource: net::ERR_FAILED",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/preflight/preflight-status-403-fails.json",
        &[
            "Access to fetch at 'https://api.b.test/items/1' from origin 'https://app.a.test' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.",
            "Failed to load resource: net::ERR_FAILED",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/redirects/redirects-cross-to-page-origin-exact-acao-fails.json",
        &[
            "Access to fetch at 'https://app.a.test/final' (redirected from 'https://api.b.test/r') from origin 'https://app.a.test' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'https://app.a.test' that is not equal to the supplied origin. Have the server send the header with a valid value.",
            "Failed to load resource: net::ERR_FAILED",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/redirects/redirects-data-url-location.json",
        &["Failed to load resource: net::ERR_UNSAFE_REDIRECT"],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/redirects/redirects-twenty-first-redirect-fails.json",
        &["Failed to load resource: net::ERR_TOO_MANY_REDIRECTS"],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/redirects/redirects-userinfo-same-to-cross-origin.json",
        &[
            "Access to fetch at 'https://app.a.test/r' from origin 'https://app.a.test' has been blocked by CORS policy: Redirect location '' contains a username and password, which is disallowed for cross-origin requests.",
            "Failed to load resource: net::ERR_FAILED",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/simple/simple-forbidden-method-connect-throws.json",
        &[],
        "TypeError: Failed to execute 'fetch' on 'Window': 'connect' HTTP method is unsupported.",
    ),
    (
        "spec-fixtures/simple/simple-get-acao-other-origin.json",
        &[
            "Access to fetch at 'https://api.b.test/data' from origin 'https://app.a.test' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'https://evil.c.test' that is not equal to the supplied origin. Have the server send the header with a valid value.",
            "Failed to load resource: net::ERR_FAILED",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/simple/simple-get-acao-two-lines.json",
        &[
            "Access to fetch at 'https://api.b.test/data' from origin 'https://app.a.test' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header contains multiple values 'https://app.a.test, https://app.a.test', but only one is allowed. Have the server send the header with a valid value.",
            "Failed to load resource: net::ERR_FAILED",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/simple/simple-get-no-acao.json",
        &[
            "Access to fetch at 'https://api.b.test/data' from origin 'https://app.a.test' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
            "Failed to load resource: net::ERR_FAILED",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "spec-fixtures/simple/simple-invalid-method-token-throws.json",
        &[],
        "TypeError: Failed to execute 'fetch' on 'Window': 'GE T' is not a valid HTTP method.",
    ),
    (
        "{\"id\":\"ftp\",\"client\":{\"origin\":\"https://app.a.test\"},\"server\":[],\"fetches\":[{\"request\":{\"url\":\"ftp://api.b.test/x\"}}]}",
        &["Fetch API cannot load ftp://api.b.test/x. URL scheme \"ftp\" is not supported."],
        "TypeError: Failed to fetch",
    ),
    (
        "{\"id\":\"img\",\"client\":{\"origin\":\"https://app.a.test\"},\"server\":[{\"method\":\"GET\",\"url\":\"https://api.b.test/i.png\",\"status\":200,\"headers\":[[\"Content-Type\",\"image/png\"]]}],\"fetches\":[{\"request\":{\"url\":\"https://api.b.test/i.png\",\"destination\":\"image\",\"crossorigin\":\"anonymous\"}}]}",
        &[
            "Access to image at 'https://api.b.test/i.png' from origin 'https://app.a.test' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
            "Failed to load resource: net::ERR_FAILED",
        ],
        "error event",
    ),
    (
        "{\"id\":\"invalid-acao\",\"client\":{\"origin\":\"https://app.a.test\"},\"server\":[{\"method\":\"GET\",\"url\":\"https://api.b.test/x\",\"status\":200,\"headers\":[[\"Access-Control-Allow-Origin\",\"https://app.a.test/\"]]}],\"fetches\":[{\"request\":{\"url\":\"https://api.b.test/x\"}}]}",
        &[
            "Access to fetch at 'https://api.b.test/x' from origin 'https://app.a.test' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value 'https://app.a.test/' that is not equal to the supplied origin. Have the server send the header with a valid value.",
            "Failed to load resource: net::ERR_FAILED",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "{\"id\":\"invalid-location\",\"client\":{\"origin\":\"https://app.a.test\"},\"server\":[{\"method\":\"GET\",\"url\":\"https://api.b.test/x\",\"status\":302,\"headers\":[[\"Access-Control-Allow-Origin\",\"*\"],[\"Location\",\"https://[bad\"]]}],\"fetches\":[{\"request\":{\"url\":\"https://api.b.test/x\"}}]}",
        &["Failed to load resource: net::ERR_INVALID_REDIRECT"],
        "TypeError: Failed to fetch",
    ),
    (
        "{\"id\":\"no-cors-redirect-manual\",\"client\":{\"origin\":\"https://app.a.test\"},\"server\":[],\"fetches\":[{\"request\":{\"url\":\"https://api.b.test/x\",\"mode\":\"no-cors\",\"redirect\":\"error\"}}]}",
        &[
            "Fetch API cannot load https://api.b.test/x. Request mode is \"no-cors\" but the redirect mode is not \"follow\".",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "{\"id\":\"preflight-cred\",\"client\":{\"origin\":\"https://app.a.test\"},\"server\":[{\"method\":\"OPTIONS\",\"url\":\"https://api.b.test/x\",\"status\":204,\"headers\":[[\"Access-Control-Allow-Origin\",\"*\"],[\"Access-Control-Allow-Methods\",\"PUT\"]]}],\"fetches\":[{\"request\":{\"method\":\"PUT\",\"url\":\"https://api.b.test/x\",\"credentials\":\"include\"}}]}",
        &[
            "Access to fetch at 'https://api.b.test/x' from origin 'https://app.a.test' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
            "Failed to load resource: net::ERR_FAILED",
        ],
        "TypeError: Failed to fetch",
    ),
    (
        "{\"id\":\"redirect-error\",\"client\":{\"origin\":\"https://app.a.test\"},\"server\":[{\"method\":\"GET\",\"url\":\"https://api.b.test/x\",\"status\":302,\"headers\":[[\"Access-Control-Allow-Origin\",\"*\"],[\"Location\",\"https://api.b.test/y\"]]}],\"fetches\":[{\"request\":{\"url\":\"https://api.b.test/x\",\"redirect\":\"error\"}}]}",
        &["Failed to load resource: net::ERR_FAILED"],
        "TypeError: Failed to fetch",
    ),
];

/// The engine's Chromium profile reproduces Chrome's console, line for line,
/// and the `TypeError` the page sees.
#[test]
fn chromium_console_matches_chrome_156_recordings() {
    use xorigin::browser::BrowserName;
    use xorigin::explain::explain_scenario;
    for (source, console, rejection) in CHROME_156 {
        let text = if source.starts_with('{') {
            (*source).to_owned()
        } else {
            std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(source))
                .expect("fixture")
        };
        let scenario = xorigin::scenario::Scenario::from_json(&text).expect("scenario parses");
        let explanations = explain_scenario(&scenario, BrowserName::Chromium).expect("runs");
        let chromium = explanations
            .first()
            .and_then(|e| {
                e.browsers
                    .iter()
                    .find(|b| b.browser == BrowserName::Chromium)
            })
            .expect("a Chromium report");
        let at = &scenario.id;
        assert_eq!(chromium.console, *console, "{at}");
        if let Some(message) = rejection.strip_prefix("TypeError: ") {
            assert_eq!(chromium.type_error.as_deref(), Some(message), "{at}");
        }
    }
}

/// Firefox 153.7.0's console lines and rejection, recorded by the conformance
/// harness (`record --browser firefox`). Only recordings where the harness
/// captured the console: its capture misses late messages, so an empty
/// recording says nothing.
const FIREFOX_153: &[(&str, &[&str], &str)] = &[
    (
        "spec-fixtures/credentials/credentials-include-allow-credentials-false.json",
        &[
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/me. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).",
        ],
        "TypeError: NetworkError when attempting to fetch resource.",
    ),
    (
        "spec-fixtures/credentials/credentials-include-missing-allow-credentials.json",
        &[
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/me. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).",
        ],
        "TypeError: NetworkError when attempting to fetch resource.",
    ),
    (
        "spec-fixtures/modes/modes-navigate-throws.json",
        &[],
        "TypeError: Window.fetch: Invalid request mode navigate.",
    ),
    (
        "spec-fixtures/modes/modes-no-cors-put-throws.json",
        &[],
        "TypeError: Window.fetch: Invalid request method PUT.",
    ),
    (
        "spec-fixtures/preflight/preflight-allow-headers-parse-failure.json",
        &[
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/items/1. (Reason: invalid token ‘header name with space’ in CORS header ‘Access-Control-Allow-Headers’).",
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/items/1. (Reason: CORS request did not succeed). Status code: (null).",
        ],
        "TypeError: NetworkError when attempting to fetch resource.",
    ),
    (
        "spec-fixtures/preflight/preflight-allow-methods-parse-failure.json",
        &[
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/items/1. (Reason: invalid token ‘bad method’ in CORS header ‘Access-Control-Allow-Methods’).",
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/items/1. (Reason: CORS request did not succeed). Status code: (null).",
        ],
        "TypeError: NetworkError when attempting to fetch resource.",
    ),
    (
        "spec-fixtures/preflight/preflight-custom-header-refused.json",
        &[
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/items/1. (Reason: header ‘x-custom’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).",
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/items/1. (Reason: CORS request did not succeed). Status code: (null).",
        ],
        "TypeError: NetworkError when attempting to fetch resource.",
    ),
    (
        "spec-fixtures/preflight/preflight-custom-method-refused.json",
        &[
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/items/1. (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).",
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/items/1. (Reason: CORS request did not succeed). Status code: (null).",
        ],
        "TypeError: NetworkError when attempting to fetch resource.",
    ),
    (
        "spec-fixtures/preflight/preflight-missing-allow-origin.json",
        &[
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/items/1. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 204.",
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/items/1. (Reason: CORS request did not succeed). Status code: (null).",
        ],
        "TypeError: NetworkError when attempting to fetch resource.",
    ),
    (
        "spec-fixtures/preflight/preflight-no-options-entry-404.json",
        &[
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/items/1. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 404.",
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/items/1. (Reason: CORS request did not succeed). Status code: (null).",
        ],
        "TypeError: NetworkError when attempting to fetch resource.",
    ),
    (
        "spec-fixtures/preflight/preflight-redirect-301-not-followed.json",
        &[
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/items/1. (Reason: CORS request external redirect not allowed).",
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/items/1. (Reason: CORS preflight response did not succeed). Status code: 301.",
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/items/1. (Reason: CORS request did not succeed). Status code: (null).",
        ],
        "TypeError: NetworkError when attempting to fetch resource.",
    ),
    (
        "spec-fixtures/preflight/preflight-status-300-fails.json",
        &[
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/items/1. (Reason: CORS preflight response did not succeed). Status code: 300.",
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/items/1. (Reason: CORS request did not succeed). Status code: (null).",
        ],
        "TypeError: NetworkError when attempting to fetch resource.",
    ),
    (
        "spec-fixtures/preflight/preflight-status-403-fails.json",
        &[
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/items/1. (Reason: CORS preflight response did not succeed). Status code: 403.",
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/items/1. (Reason: CORS request did not succeed). Status code: (null).",
        ],
        "TypeError: NetworkError when attempting to fetch resource.",
    ),
    (
        "spec-fixtures/redirects/redirects-cross-to-page-origin-exact-acao-fails.json",
        &[
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://app.a.test/final. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://app.a.test’).",
        ],
        "TypeError: NetworkError when attempting to fetch resource.",
    ),
    (
        "spec-fixtures/simple/simple-forbidden-method-connect-throws.json",
        &[],
        "TypeError: Window.fetch: Invalid request method connect.",
    ),
    (
        "spec-fixtures/simple/simple-get-no-acao.json",
        &[
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/data. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.",
        ],
        "TypeError: NetworkError when attempting to fetch resource.",
    ),
    (
        "spec-fixtures/simple/simple-invalid-method-token-throws.json",
        &[],
        "TypeError: Window.fetch: Invalid request method GE T.",
    ),
    (
        "{\"id\":\"img\",\"client\":{\"origin\":\"https://app.a.test\"},\"server\":[{\"method\":\"GET\",\"url\":\"https://api.b.test/i.png\",\"status\":200,\"headers\":[[\"Content-Type\",\"image/png\"]]}],\"fetches\":[{\"request\":{\"url\":\"https://api.b.test/i.png\",\"destination\":\"image\",\"crossorigin\":\"anonymous\"}}]}",
        &[
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/i.png. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.",
        ],
        "error event",
    ),
    (
        "{\"id\":\"preflight-cred\",\"client\":{\"origin\":\"https://app.a.test\"},\"server\":[{\"method\":\"OPTIONS\",\"url\":\"https://api.b.test/x\",\"status\":204,\"headers\":[[\"Access-Control-Allow-Origin\",\"*\"],[\"Access-Control-Allow-Methods\",\"PUT\"]]}],\"fetches\":[{\"request\":{\"method\":\"PUT\",\"url\":\"https://api.b.test/x\",\"credentials\":\"include\"}}]}",
        &[
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘https://api.b.test/x’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).",
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/x. (Reason: CORS request did not succeed). Status code: (null).",
        ],
        "TypeError: NetworkError when attempting to fetch resource.",
    ),
    (
        "spec-fixtures/simple/simple-get-acao-other-origin.json",
        &[
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.b.test/data. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://evil.c.test’).",
        ],
        "TypeError: NetworkError when attempting to fetch resource.",
    ),
];

/// The engine's Firefox profile reproduces Firefox's console and the
/// `TypeError` the page sees.
#[test]
fn firefox_console_matches_firefox_153_recordings() {
    use xorigin::browser::BrowserName;
    use xorigin::explain::explain_scenario;
    for (source, console, rejection) in FIREFOX_153 {
        let text = if source.starts_with('{') {
            (*source).to_owned()
        } else {
            std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(source))
                .expect("fixture")
        };
        let scenario = xorigin::scenario::Scenario::from_json(&text).expect("scenario parses");
        let explanations = explain_scenario(&scenario, BrowserName::Firefox).expect("runs");
        let firefox = explanations
            .first()
            .and_then(|e| {
                e.browsers
                    .iter()
                    .find(|b| b.browser == BrowserName::Firefox)
            })
            .expect("a Firefox report");
        let at = &scenario.id;
        assert_eq!(firefox.console, *console, "{at}");
        if let Some(message) = rejection.strip_prefix("TypeError: ") {
            assert_eq!(firefox.type_error.as_deref(), Some(message), "{at}");
        }
    }
}

/// The suggested server configuration is complete: sending exactly those
/// headers lets the request through, in every browser profile.
#[test]
fn suggested_server_config_lets_the_request_through() {
    let requests: Vec<Vec<&str>> = vec![
        vec![],
        vec!["-X", "PUT"],
        vec!["-X", "patch", "-H", "Content-Type: application/json"],
        vec!["-X", "DELETE", "-H", "X-Api-Key: 1", "-H", "X-Trace: a"],
        vec!["-H", "Authorization: Bearer t", "--credentials", "include"],
        vec![
            "-X",
            "POST",
            "-d",
            "{}",
            "-H",
            "Content-Type: application/json",
            "--credentials",
            "include",
        ],
        vec!["-H", "Range: bytes=0-1"],
    ];
    for request in requests {
        for browser in ["spec", "chromium", "firefox", "webkit"] {
            let mut args = request.clone();
            args.extend(["--browser", browser, "--json"]);
            let out = check(&args);
            assert_eq!(code(&out), 1, "{args:?}");
            let v = json(&out);
            let config = &v["server_config"];
            assert!(config.is_object(), "{args:?}: {config}");
            let mut fixed = request.clone();
            fixed.extend(["--browser", browser]);
            let flags: Vec<String> = config["preflight"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|h| ("--preflight-header", h))
                .chain(
                    config["actual"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|h| ("--response-header", h)),
                )
                .flat_map(|(flag, h)| {
                    [
                        flag.to_owned(),
                        format!(
                            "{}: {}",
                            h[0].as_str().unwrap_or(""),
                            h[1].as_str().unwrap_or("")
                        ),
                    ]
                })
                .collect();
            fixed.extend(flags.iter().map(String::as_str));
            let out = check(&fixed);
            assert_eq!(code(&out), 0, "{fixed:?}\n{}", stdout(&out));
        }
    }
}

// Issue 13, item 7: an unknown field is an error with its JSON path and the
// nearest known name, not silently ignored.
#[test]
fn scenario_unknown_fields_are_rejected_with_a_hint() {
    let typo = scenario_file(
        "typo",
        r#"{"id":"typo","client":{"origin":"https://app.a.test"},"server":[],
            "fetches":[{"request":{"url":"https://api.b.test/x","method":"PUT",
            "header":[["Content-Type","application/json"]]}}]}"#,
    );
    for command in ["explain", "verify", "simulate"] {
        let out = xorigin(&[command, &typo.to_string_lossy()]);
        assert_eq!(code(&out), 2, "{command}: {}", stdout(&out));
        let err = stderr(&out);
        assert!(err.contains("fetches[0].request.header"), "{err}");
        assert!(err.contains("did you mean \"headers\""), "{err}");
    }
    // The fields the conformance harness records are kept.
    let recorded = scenario_file(
        "recorded",
        r#"{"id":"rec","client":{"origin":"https://app.a.test"},"server":[],
            "fetches":[{"request":{"url":"https://api.b.test/x"},"console":[],
            "rejection":"TypeError: Failed to fetch","expect":{"result":"network-error"}}]}"#,
    );
    assert_eq!(code(&xorigin(&["verify", &recorded.to_string_lossy()])), 0);
}

// Issue 13, item 6: an empty, unparsable or invalid file is an input error
// (exit 2), and a scenario without `expect` is not checked, not passed.
#[test]
fn verify_input_errors_exit_two_and_unchecked_is_not_passed() {
    for (name, text) in [
        ("empty", ""),
        ("unparsable", "{ not json"),
        ("invalid", r#"{"id":"x"}"#),
    ] {
        let file = scenario_file(&format!("verify-{name}"), text);
        let out = xorigin(&["verify", &file.to_string_lossy()]);
        assert_eq!(code(&out), 2, "{name}: {}", stdout(&out));
        assert!(stdout(&out).contains("1 input errors"), "{}", stdout(&out));
    }
    let bare = scenario_file(
        "verify-no-expect",
        r#"{"id":"bare","client":{"origin":"https://app.a.test"},"server":[],
            "fetches":[{"request":{"url":"https://api.b.test/x"}}]}"#,
    );
    let out = xorigin(&["verify", &bare.to_string_lossy()]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let text = stdout(&out);
    assert!(text.contains("0 passed, 0 failed, 1 not checked"), "{text}");
    let out = xorigin(&["verify", "--json", &bare.to_string_lossy()]);
    let v = json(&out);
    assert_eq!(v["passed"], 0);
    assert_eq!(v["not_checked"], 1);
    assert_eq!(v["results"][0]["checked"], false);
}

// Issue 13, item 5: an unreachable server has no verdict in `--json` either.
#[test]
fn probe_json_unreachable_has_no_verdict() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let out = probe(closed, "/data", &["--json"]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["verdict"], "unreachable", "{v}");
    for b in v["browsers"].as_array().into_iter().flatten() {
        assert_eq!(b["verdict"], "unreachable", "{b}");
    }
}

// Issue 13, item 8: a relative request URL resolves against the page.
#[test]
fn relative_request_urls_resolve_against_the_page() {
    let rel = scenario_file(
        "relative",
        r#"{"id":"rel","client":{"origin":"https://app.a.test"},
            "server":[{"method":"GET","url":"https://app.a.test/api/items","status":200,"headers":[]}],
            "fetches":[{"request":{"url":"/api/items"},"expect":{"result":"ok","response_type":"basic","status":200}}]}"#,
    );
    let out = xorigin(&["verify", &rel.to_string_lossy()]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    let out = xorigin(&["check", "/api/items", "--origin", APP, "--json"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert_eq!(
        json(&out)["exchanges"][0]["url"],
        "https://app.a.test/api/items"
    );
}

// Issue 13, item 1: with credentials, `*` in Allow-Methods/Allow-Headers is a
// literal name; the explanation says so and the fix is the explicit list.
#[test]
fn wildcard_with_credentials_is_explained_as_a_literal_name() {
    let base = [
        "--credentials",
        "include",
        "--preflight-header",
        "Access-Control-Allow-Origin: https://app.a.test",
        "--preflight-header",
        "Access-Control-Allow-Credentials: true",
    ];
    let mut args = base.to_vec();
    args.extend([
        "-X",
        "DELETE",
        "--preflight-header",
        "Access-Control-Allow-Methods: *",
        "--json",
    ]);
    let v = json(&check(&args));
    let summary = v["summary"].as_str().unwrap_or("");
    assert!(
        summary.contains("`*` is a literal method name"),
        "{summary}"
    );
    assert_eq!(v["fix"]["value"], "DELETE", "{}", v["fix"]);
    let mut args = base.to_vec();
    args.extend([
        "-H",
        "X-Token: 1",
        "--preflight-header",
        "Access-Control-Allow-Headers: *",
        "--json",
    ]);
    let v = json(&check(&args));
    let summary = v["summary"].as_str().unwrap_or("");
    assert!(
        summary.contains("`*` is a literal header name"),
        "{summary}"
    );
    assert!(!summary.contains("authorization"), "{summary}");
    let fix = v["fix"]["text"].as_str().unwrap_or("");
    assert!(!fix.contains("authorization"), "{fix}");
    assert_eq!(v["fix"]["value"], "x-token");
}

// Issue 13, item 2: a preflight answered with a redirect: summary and fix
// name the redirect, not a missing Access-Control-Allow-Origin.
#[test]
fn preflight_redirect_is_named_in_summary_and_fix() {
    let out = check(&[
        "-X",
        "PUT",
        "--preflight-status",
        "301",
        "--preflight-header",
        "Location: https://api.b.test/other",
        "--json",
    ]);
    assert_eq!(code(&out), 1);
    let v = json(&out);
    let summary = v["summary"].as_str().unwrap_or("");
    assert!(
        summary.starts_with("the preflight was answered with a redirect (301"),
        "{summary}"
    );
    assert_eq!(v["fix"]["header"], Value::Null, "{}", v["fix"]);
    let fix = v["fix"]["text"].as_str().unwrap_or("");
    assert!(fix.contains("instead of redirecting (301)"), "{fix}");
}

// Issue 13, item 10: a no-cors request with a string body drops the page's
// `Content-Type: application/json` for the body's own type; say so.
#[test]
fn no_cors_replaced_content_type_is_listed_as_dropped() {
    let out = check(&[
        "--mode",
        "no-cors",
        "-X",
        "POST",
        "-H",
        "Content-Type: application/json",
        "-d",
        "{}",
        "--json",
    ]);
    assert_eq!(code(&out), 0);
    let v = json(&out);
    let why = v["classification"]["why"].to_string();
    assert!(why.contains("header Content-Type was dropped"), "{why}");
    assert!(
        why.contains("sent instead: Content-Type: text/plain;charset=UTF-8"),
        "{why}"
    );
}

// Issue 13, item 9: `probe` applies Local Network Access (Chromium) from the
// address it connects to; `check` takes the address spaces as flags.
#[test]
fn local_network_access_in_probe_and_check() {
    let port = serve(cors_server);
    let url = format!("http://127.0.0.1:{port}/data");
    let probe_from = |origin: &str, extra: &[&str]| {
        let mut args = vec!["probe", url.as_str(), "--origin", origin, "--json"];
        args.extend_from_slice(extra);
        xorigin(&args)
    };
    // A public https page reaching a loopback server: Chrome asks permission.
    let out = probe_from(APP, &["--browser", "chromium"]);
    assert_eq!(code(&out), 1, "{}{}", stdout(&out), stderr(&out));
    let v = json(&out);
    assert_eq!(
        v["reason"]["kind"], "local-network-access",
        "{}",
        v["reason"]
    );
    assert_eq!(v["exchanges"].as_array().map(Vec::len), Some(0));
    // The page on localhost is in the same space: no check, the CORS answer decides.
    let out = probe_from("http://localhost:3000", &["--browser", "chromium"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    // The spec profile does not enforce it.
    let out = probe_from(APP, &["--browser", "spec"]);
    assert!(!json(&out)["reason"].to_string().contains("local-network"));

    // check: the same from flags.
    let args = [
        "check",
        "https://192.168.1.5/api",
        "--origin",
        APP,
        "--browser",
        "chromium",
        "--response-header",
        "Access-Control-Allow-Origin: *",
    ];
    assert_eq!(code(&xorigin(&args)), 0);
    let mut with = args.to_vec();
    with.extend(["--target-address-space", "local"]);
    let out = xorigin(&with);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(
        stdout(&out)
            .contains("Permission was denied for this request to access the `local` address space"),
        "{}",
        stdout(&out)
    );
    let mut with = args.to_vec();
    with.extend(["--client-address-space", "public"]);
    assert_eq!(code(&xorigin(&with)), 1);
    let mut bad = args.to_vec();
    bad.extend(["--target-address-space", "moon"]);
    assert_eq!(code(&xorigin(&bad)), 2);
}

// Issue 13, item 3: element loads are worded as loads (load/error, applied,
// executed, decoded), not as a fetch() promise.
#[test]
fn element_loads_say_what_the_page_sees() {
    let load = |dest: &str, extra: &[&str]| {
        let mut args = vec![
            "check",
            "https://cdn.b.test/a",
            "--origin",
            APP,
            "--browser",
            "chromium",
            "--destination",
            dest,
            "--json",
        ];
        args.extend_from_slice(extra);
        json(&xorigin(&args))["summary"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    };
    let plain = load("style", &["--response-header", "Content-Type: text/plain"]);
    assert!(
        plain.contains("`load` fires, but the stylesheet is not applied"),
        "{plain}"
    );
    let css = load("style", &["--response-header", "Content-Type: text/css"]);
    assert!(css.contains("applied, and `load` fires"), "{css}");
    let script = load(
        "script",
        &["--response-header", "Content-Type: text/javascript"],
    );
    assert!(script.contains("executed"), "{script}");
    for s in [&plain, &css, &script] {
        assert!(!s.contains("the fetch resolves"), "{s}");
    }
    let blocked = load(
        "image",
        &[
            "--response-header",
            "Content-Type: application/json",
            "--response-body",
            "{\"a\":1}",
        ],
    );
    assert!(blocked.ends_with("the element fires `error`"), "{blocked}");
}

// Issue 13, "Every browser at once": without --browser, one verdict per
// browser, the standard's beside them; exit 1 when any blocks, named.
#[test]
fn check_reports_every_browser_by_default() {
    let png_header = [
        "--destination",
        "image",
        "--response-header",
        "Content-Type: image/png",
    ];
    let out = xorigin(
        &[
            &["check", "https://cdn.b.test/a.png", "--origin", APP][..],
            &png_header[..],
            &["--json"],
        ]
        .concat(),
    );
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let v = json(&out);
    let browsers: Vec<&str> = v["verdicts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["browser"].as_str())
        .collect();
    assert_eq!(browsers, ["chromium", "firefox", "webkit"]);
    assert_eq!(v["blocked_in"], serde_json::json!(["firefox"]));
    assert_eq!(v["assumed_empty_body"], true);
    // The full report is the blocking browser's.
    assert_eq!(v["browser"], "firefox");
    let text = stdout(&xorigin(
        &[
            &["check", "https://cdn.b.test/a.png", "--origin", APP][..],
            &png_header[..],
        ]
        .concat(),
    ));
    assert!(text.contains("Blocked in: firefox"), "{text}");
    assert!(text.contains("assumed an empty response body"), "{text}");
}

// Issue 13, "Binary bodies": --response-body-file gives real bytes.
#[test]
fn check_response_body_file_is_sniffed() {
    let dir = std::env::temp_dir().join(format!("xorigin-cli-{}-png", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let png = dir.join("a.png");
    // A whole 1×1 PNG: a body cut before its first frame would not decode
    // (html::element_load), which is the page's `error`, not ORB's.
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\xdacd`\xf8_\x0f\0\x02\x87\x01\x80\xebG\xba\x92\0\0\0\0IEND\xaeB`\x82").expect("write png");
    let out = xorigin(&[
        "check",
        "https://cdn.b.test/a.png",
        "--origin",
        APP,
        "--destination",
        "image",
        "--response-header",
        "Content-Type: image/png",
        "--response-body-file",
        &png.to_string_lossy(),
    ]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(
        !stdout(&out).contains("assumed an empty"),
        "{}",
        stdout(&out)
    );
    let missing = check(&["--response-body-file", "no/such.png"]);
    assert_eq!(code(&missing), 2);
}

// Issue 13, "More than one response": a redirect chain inline and from a
// file in the scenario format's `server` array.
#[test]
fn check_server_entries_describe_a_redirect_chain() {
    let old = "https://api.b.test/old";
    let out = xorigin(&[
        "check",
        old,
        "--origin",
        APP,
        "--server-entry",
        "GET https://api.b.test/old 301 | Location: https://api.c.test/new | Access-Control-Allow-Origin: *",
        "--server-entry",
        "GET https://api.c.test/new 200 | Access-Control-Allow-Origin: *",
        "--json",
    ]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    let v = json(&out);
    assert_eq!(v["exchanges"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["exchanges"][1]["url"], "https://api.c.test/new");
    // A preflight then a redirect, from a file.
    let file = scenario_file(
        "server-array",
        r#"[{"method":"OPTIONS","url":"https://api.b.test/old","status":204,
              "headers":[["Access-Control-Allow-Origin","https://app.a.test"],["Access-Control-Allow-Methods","PUT"]]},
             {"method":"PUT","url":"https://api.b.test/old","status":307,
              "headers":[["Location","https://api.b.test/new"],["Access-Control-Allow-Origin","https://app.a.test"]]}]"#,
    );
    let out = xorigin(&[
        "check",
        old,
        "--origin",
        APP,
        "-X",
        "PUT",
        "--server",
        &file.to_string_lossy(),
        "--json",
    ]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let v = json(&out);
    let urls: Vec<&str> = v["exchanges"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x["url"].as_str())
        .collect();
    assert!(urls.contains(&"https://api.b.test/new"), "{urls:?}");
    // Bad entries are input errors.
    for bad in [
        "GET https://x.test/",
        "GET https://x.test/ 99",
        "GET https://x.test/ 200 | NoColon",
    ] {
        let out = check(&["--server-entry", bad]);
        assert_eq!(code(&out), 2, "{bad}");
        assert!(stderr(&out).contains("--server-entry"), "{}", stderr(&out));
    }
    let typo = scenario_file(
        "server-typo",
        r#"[{"method":"GET","url":"https://x.test/","status":200,"header":[]}]"#,
    );
    let out = check(&["--server", &typo.to_string_lossy()]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("[0].header"), "{}", stderr(&out));
}

// Issue 13, documents: the scenario format is in the repository, names every
// field the engine reads, and the README links it and shows the installed name.
#[test]
fn scenario_format_is_documented_in_the_repository() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/scenario-format.md"))
        .expect("docs/scenario-format.md");
    for field in [
        "`id`",
        "`description`",
        "`browser`",
        "`client`",
        "`server`",
        "`fetches`",
        "`origin`",
        "`address_space`",
        "`local_network_permission`",
        "`ip`",
        "`body`",
        "`wait_ms`",
        "`referrerPolicy`",
        "`cache`",
        "`crossorigin`",
        "`destination`",
        "`visible_headers`",
        "`sent`",
        "`console`",
        "`rejection`",
        "unknown field",
    ] {
        assert!(doc.contains(field), "docs/scenario-format.md lacks {field}");
    }
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    assert!(readme.contains("(docs/scenario-format.md)"));
    assert!(!readme.contains("../shared/scenario-format.md"));
    assert!(readme.contains("cargo install --path ."));
    assert!(readme.contains("main_fetch_branch"));
    assert!(readme.contains("--server-entry 'GET https://api.b.test/old 301"));
}

// Issue 13, "Every browser at once" for `explain`: a scenario that names no
// browser gets a verdict line per browser for each fetch.
#[test]
fn explain_reports_every_browser_by_default() {
    let file = scenario_file("two-across", TWO_FETCHES);
    let path = file.to_string_lossy().into_owned();
    let out = xorigin(&["explain", &path]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert_eq!(text.matches("Verdicts:").count(), 2, "{text}");
    assert!(
        text.contains("Blocked in: chromium, firefox, webkit"),
        "{text}"
    );
    let v = json(&xorigin(&["explain", "--json", &path]));
    assert_eq!(v["fetches"][0]["blocked_in"], serde_json::json!([]));
    assert_eq!(
        v["fetches"][1]["verdicts"].as_array().map(Vec::len),
        Some(3)
    );
    // --browser narrows to the old single report.
    let out = xorigin(&["explain", "--browser", "spec", &path]);
    assert!(!stdout(&out).contains("Verdicts:"));
}

/// A reason's kinds, outermost first (`preflight/cors-check/missing-allow-origin`).
fn reason_key(mut v: &Value) -> String {
    let mut kinds = Vec::new();
    while let Some(kind) = v.get("kind").and_then(Value::as_str) {
        kinds.push(kind.to_owned());
        match v.get("failure").or_else(|| v.get("blocked")) {
            Some(next) => v = next,
            None => break,
        }
    }
    kinds.join("/")
}

/// Every `*.json` under `dir`, recursively.
fn fixture_files(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("fixtures").flatten() {
        let p = entry.path();
        if p.is_dir() {
            fixture_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

// Issue 13, "From the console message back to the cause": every console line
// and TypeError the engine renders for every fixture, in each of the three
// browsers, is recognised by `explain-error` as the reason that produced it.
#[test]
fn explain_error_recognises_every_rendered_message() {
    let mut files = Vec::new();
    fixture_files(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("spec-fixtures"),
        &mut files,
    );
    files.sort();
    // (browser, message) -> the reasons that rendered it.
    let mut rendered: Vec<((String, String), Vec<String>)> = Vec::new();
    for file in &files {
        for browser in ["chromium", "firefox", "webkit"] {
            let out = xorigin(&[
                "explain",
                "--json",
                "--browser",
                browser,
                &file.to_string_lossy(),
            ]);
            let Ok(v) = serde_json::from_slice::<Value>(&out.stdout) else {
                continue;
            };
            for fetch in v["fetches"].as_array().into_iter().flatten() {
                if fetch["reason"].is_null() {
                    continue;
                }
                let key = reason_key(&fetch["reason"]);
                let report = fetch["browsers"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|b| b["browser"] == browser);
                let Some(report) = report else { continue };
                let lines = report["console"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .chain(std::iter::once(&report["type_error"]))
                    .filter_map(Value::as_str);
                for line in lines {
                    let k = (browser.to_owned(), line.to_owned());
                    match rendered.iter_mut().find(|(x, _)| *x == k) {
                        Some((_, keys)) => keys.push(key.clone()),
                        None => rendered.push((k, vec![key.clone()])),
                    }
                }
            }
        }
    }
    assert!(rendered.len() > 200, "{}", rendered.len());
    let kinds: std::collections::BTreeSet<&str> = rendered
        .iter()
        .flat_map(|(_, k)| k.iter().map(|s| s.split('/').next().unwrap_or("")))
        .collect();
    assert!(kinds.len() >= 12, "{kinds:?}");
    let mut args = vec!["explain-error".to_owned(), "--json".to_owned()];
    args.extend(rendered.iter().map(|((_, line), _)| line.clone()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = xorigin(&refs);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let results = json(&out);
    let mut missed = Vec::new();
    for (((browser, line), keys), result) in rendered
        .iter()
        .zip(results.as_array().into_iter().flatten())
    {
        let found = result["candidates"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|c| c["browser"] == browser.as_str() && keys.contains(&reason_key(&c["reason"])));
        if !found {
            missed.push(format!("{browser} {keys:?}: {line}"));
        }
    }
    assert!(
        missed.is_empty(),
        "{} not recognised:\n{}",
        missed.len(),
        missed.join("\n")
    );
    // The human form names the fix and a reproducing command line.
    let out = xorigin(&[
        "explain-error",
        "Access to fetch at 'https://x.test/a' from origin 'https://y.test' has been blocked by CORS policy: Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response.",
    ]);
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(
        text.contains("Fix: Send `Access-Control-Allow-Methods: DELETE`"),
        "{text}"
    );
    assert!(
        text.contains(
            "Reproduce: xorigin check https://x.test/a --origin https://y.test -X DELETE"
        ),
        "{text}"
    );
    assert_eq!(code(&xorigin(&["explain-error", "hello world"])), 1);
}

// Issue 13, item 4: Chromium's mixed-content line names the request context
// (Blink's `typeNameFromContext`: script, stylesheet, image; `resource` for
// fetch(), as recorded).
#[test]
fn chromium_mixed_content_names_the_resource_kind() {
    for (dest, word) in [("script", "script"), ("style", "stylesheet")] {
        let out = xorigin(&[
            "check",
            "http://cdn.b.test/x",
            "--origin",
            APP,
            "--destination",
            dest,
            "--browser",
            "chromium",
        ]);
        let text = stdout(&out);
        assert!(
            text.contains(&format!(
                "but requested an insecure {word} 'http://cdn.b.test/x'"
            )),
            "{text}"
        );
    }
    let out = xorigin(&[
        "check",
        "http://api.b.test/x",
        "--origin",
        APP,
        "--browser",
        "chromium",
    ]);
    assert!(stdout(&out).contains("requested an insecure resource 'http://api.b.test/x'"));
}

/// The library's JSON door (what the C, Python and npm bindings call) gives
/// exactly what `check --json` prints, per browser and for one browser.
#[test]
fn library_json_check_is_the_cli_check_json() {
    let cli_all = json(&check(&[
        "-X",
        "PUT",
        "-H",
        "Content-Type: application/json",
        "--preflight-header",
        &format!("Access-Control-Allow-Origin: {APP}"),
        "--json",
    ]));
    let input = serde_json::json!({
        "url": API, "origin": APP, "method": "PUT",
        "headers": [["Content-Type", "application/json"]],
        "preflight": {"status": 204, "headers": [["Access-Control-Allow-Origin", APP]]},
    });
    let lib_all = xorigin::json::check(&input.to_string()).unwrap_or_default();
    assert_eq!(lib_all, cli_all);
    let cli_one = json(&check(&[
        "--response-header",
        "Access-Control-Allow-Origin: *",
        "--browser",
        "firefox",
        "--json",
    ]));
    let input = serde_json::json!({
        "url": API, "origin": APP,
        "response": {"headers": {"Access-Control-Allow-Origin": "*"}},
        "browser": "firefox",
    });
    let lib_one = xorigin::json::check(&input.to_string()).unwrap_or_default();
    assert_eq!(lib_one, cli_one);
    assert_eq!(lib_one["verdict"], "allowed");
}

// Issue 13, item 4: the console texts taken from recordings (Chrome 156,
// Firefox 153, WebKitGTK 2.50.6) are rendered by `check` and recognised by
// `explain-error` as the reason that produced them.
#[test]
fn explain_error_recognises_recorded_element_and_header_value_texts() {
    let cases: [(&str, &str, Option<&str>); 6] = [
        (
            "chromium",
            "GET https://api.b.test/data.json net::ERR_BLOCKED_BY_ORB",
            Some("opaque-response-blocking"),
        ),
        (
            "firefox",
            "The stylesheet https://cdn.b.test/s.css was not loaded because its MIME type, “text/plain”, is not “text/css”.",
            Some("element-load/style-not-text-css"),
        ),
        (
            "firefox",
            "Window.fetch: a\nb is an invalid header value.",
            Some("request"),
        ),
        (
            "webkit",
            "Header 'X-Bad' has invalid value: 'a\nb'",
            Some("request"),
        ),
        (
            "webkit",
            "Header 'x-bad' has invalid value: '1\rb'",
            Some("request"),
        ),
        // A warning, not a block: the load goes on.
        (
            "chromium",
            "Mixed Content: The page at 'https://app.a.test/' was loaded over HTTPS, but requested an insecure element 'http://cdn.b.test/i.png'. This request was automatically upgraded to HTTPS, For more information see https://blog.chromium.org/2019/10/no-more-mixed-messages-about-https.html",
            None,
        ),
    ];
    for (browser, message, key) in cases {
        let out = xorigin(&["explain-error", "--json", message]);
        assert_eq!(code(&out), 0, "{message}\n{}", stdout(&out));
        let v = json(&out);
        let candidates = v[0]["candidates"].as_array().cloned().unwrap_or_default();
        let found = candidates.iter().any(|c| {
            c["browser"] == browser
                && match key {
                    Some(k) => reason_key(&c["reason"]) == k,
                    None => c["reason"].is_null(),
                }
        });
        assert!(found, "{browser} {key:?}: {message}\n{candidates:#?}");
    }
    // `check` renders them: Chromium's upgrade warning for an http <img>.
    let out = xorigin(&[
        "check",
        "http://cdn.b.test/i.png",
        "--origin",
        APP,
        "--destination",
        "image",
        "--browser",
        "chromium",
        "--json",
    ]);
    let text = stdout(&out);
    assert!(
        text.contains("This request was automatically upgraded to HTTPS"),
        "{text}"
    );
}

/// `check --api`: every other way a page makes a request, with the same
/// explanations and fixes as `fetch()`.
#[test]
fn check_api_font_xhr_and_websocket() {
    let font = "https://fonts.b.test/f.woff2";
    // Fonts are always cors: a CDN without ACAO is blocked, with the fix.
    let out = xorigin(&["check", font, "--origin", APP, "--api", "font"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let text = stdout(&out);
    assert!(text.contains("Access to font at"), "{text}");
    assert!(text.contains("Sec-Fetch-Dest: font"), "{text}");
    assert!(
        text.contains("Fix: send `Access-Control-Allow-Origin: https://app.a.test`"),
        "{text}"
    );
    let out = xorigin(&[
        "check",
        font,
        "--origin",
        APP,
        "--api",
        "font",
        "--response-header",
        "Access-Control-Allow-Origin: *",
    ]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    // An upload listener makes a text/plain XHR POST preflighted.
    let url = "https://api.b.test/x";
    let base = ["check", url, "--origin", APP, "--api", "xhr", "-X", "POST"];
    let run = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        json(&xorigin(&args))
    };
    let v = run(&[
        "-d",
        "hi",
        "--upload-listener",
        "--json",
        "--browser",
        "spec",
    ]);
    assert_eq!(v["exchanges"][0]["method"], "OPTIONS", "{v}");
    let v = run(&["-d", "hi", "--json", "--browser", "spec"]);
    assert_eq!(v["exchanges"][0]["method"], "POST", "{v}");
    // A WebSocket handshake: no CORS, Origin and Sec-Fetch-Mode websocket.
    let out = xorigin(&[
        "check",
        "wss://api.b.test/ws",
        "--origin",
        APP,
        "--api",
        "websocket",
        "--status",
        "101",
        "--browser",
        "spec",
    ]);
    let text = stdout(&out);
    assert!(text.contains("Sec-Fetch-Mode: websocket"), "{text}");
    assert!(text.contains("Origin: https://app.a.test"), "{text}");
    // --with-credentials needs --api.
    let out = xorigin(&["check", url, "--origin", APP, "--with-credentials"]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
}

/// `simulate` with no file runs the embedded default scenario (the README's
/// first set-up command): the preflighted POST, its `expect` filled in.
#[test]
fn simulate_without_a_file_runs_the_embedded_scenario() {
    let out = xorigin(&["simulate", "--browser", "chromium", "--json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v[0]["id"], "preflight-post-json-content-type");
    let sent: Vec<&str> = v[0]["fetches"][0]["expect"]["sent"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["method"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(sent, ["OPTIONS", "POST"]);
    assert!(
        stderr(&out).contains("embedded scenario"),
        "{}",
        stderr(&out)
    );
}
