//! Drives WebKitGTK's MiniBrowser through `WebKitWebDriver` (W3C WebDriver
//! classic, JSON over HTTP/1.1) under a private Xvfb display: one driver
//! process per run, a new WebDriver session (a new MiniBrowser with an
//! ephemeral network session: empty HTTP, preflight and cookie stores) per
//! scenario.
//!
//! WebKit has no host-resolver switch. Every http and https load goes through
//! the test server's own proxy port ([`TestServer::start_proxy`]), which
//! answers them itself whatever the host: no `/etc/hosts` edit, no name
//! lookup, and two harnesses on two loopback addresses do not see each
//! other's hosts. The proxy is set in the environment (`http_proxy`,
//! `https_proxy`, read by GIO's libproxy resolver, which WebKitGTK uses by
//! default), not with the WebDriver `proxy` capability: WebKitGTK 2.50 maps
//! `sslProxy` to an `https://` proxy URI, which GIO reaches over TLS (and
//! would then check the proxy's certificate), and ignores `socksProxy` for
//! http(s) URLs. `no_proxy` keeps the driver's own connection to the
//! browser's inspector port (127.0.0.1) direct.
//!
//! Console: not captured. WebDriver classic has no log endpoint, and
//! WebKitGTK's `enable-write-console-messages-to-stdout` setting writes
//! through WTF's logging, which Debian's build sends to journald (absent
//! here), not to the process's output. `console` stays empty; the fetch's
//! rejection text (`TypeError: Load failed`) is still recorded.

use std::net::{Ipv4Addr, SocketAddr};
use std::process::Stdio;
use std::sync::Mutex;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};
use xorigin::scenario::Scenario;

use crate::check::Plan;
use crate::driver::{Driver, DriverError, FETCH_TIMEOUT, Trace};
use crate::server::TestServer;

/// Where Debian's `webkit2gtk-driver` puts the driver.
pub const DEFAULT_WEBKIT_DRIVER: &str = "/usr/bin/WebKitWebDriver";

/// Where Debian's WebKitGTK packages put MiniBrowser, newest API first; the
/// environment variable `XORIGIN_MINIBROWSER` overrides.
const MINIBROWSER_CANDIDATES: [&str; 3] = [
    "/usr/lib/x86_64-linux-gnu/webkitgtk-6.0/MiniBrowser",
    "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
    "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.0/MiniBrowser",
];

const COMMAND_TIMEOUT: Duration = Duration::from_secs(10);
const SESSION_TIMEOUT: Duration = Duration::from_secs(30);
const LAUNCH_TIMEOUT: Duration = Duration::from_secs(20);
/// Longest WebDriver response read.
const MAX_RESPONSE: usize = 16 * 1024 * 1024;

/// Runs `program args` under `sh`, which ends it once its standard input
/// closes: when the harness drops the pipe, exits or is killed, the child
/// goes too (no orphaned X server or driver, without `unsafe` pre-exec
/// hooks).
fn watched(program: &str, args: &[&str]) -> Command {
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg(r#"p="$1"; shift; "$p" "$@" </dev/null & c=$!; read _ || true; kill "$c" 2>/dev/null; wait "$c""#)
        .arg("sh")
        .arg(program)
        .args(args)
        .stdin(Stdio::piped())
        .kill_on_drop(true);
    c
}

/// The MiniBrowser to drive.
pub fn minibrowser() -> Option<String> {
    if let Ok(p) = std::env::var("XORIGIN_MINIBROWSER") {
        return Some(p);
    }
    MINIBROWSER_CANDIDATES
        .iter()
        .find(|p| std::path::Path::new(p).exists())
        .map(|p| (*p).to_string())
}

/// A running WebKitWebDriver and its X server.
pub struct Webkit {
    xvfb: Child,
    driver: Child,
    addr: SocketAddr,
    minibrowser: String,
    version: Mutex<String>,
}

impl Webkit {
    /// Starts Xvfb on a display it picks, then WebKitWebDriver (at `path`)
    /// on a free port of `server`'s address, and the server's proxy.
    pub async fn launch(path: &str, server: &TestServer) -> Result<Webkit, DriverError> {
        let minibrowser = minibrowser().ok_or_else(|| {
            DriverError::Launch(format!(
                "no MiniBrowser in {MINIBROWSER_CANDIDATES:?} (set XORIGIN_MINIBROWSER)"
            ))
        })?;
        let proxy_port = server
            .start_proxy()
            .await
            .map_err(|e| DriverError::Launch(e.to_string()))?;
        let mut xvfb = watched(
            "Xvfb",
            &[
                "-displayfd",
                "1",
                "-nolisten",
                "tcp",
                "-screen",
                "0",
                "1280x800x24",
            ],
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| DriverError::Launch(format!("Xvfb: {e}")))?;
        let out = xvfb
            .stdout
            .take()
            .ok_or_else(|| DriverError::Launch("Xvfb: no stdout".into()))?;
        let mut lines = BufReader::new(out).lines();
        let display = tokio::time::timeout(LAUNCH_TIMEOUT, lines.next_line())
            .await
            .ok()
            .and_then(Result::ok)
            .flatten()
            .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| DriverError::Launch("Xvfb did not report its display".into()))?;
        let port = free_port(server.ip())?;
        let proxy = format!("{}:{proxy_port}", server.ip());
        let mut driver = watched(
            path,
            &[
                &format!("--host={}", server.ip()),
                &format!("--port={port}"),
            ],
        )
        .env("DISPLAY", format!(":{display}"))
        // A real locale: `Accept-Language` comes from it (C gives `C`).
        .env("LANG", "en_US.UTF-8")
        .env("LANGUAGE", "en_US")
        .env_remove("LC_ALL")
        .env_remove("XAUTHORITY")
        .env_remove("WAYLAND_DISPLAY")
        // No D-Bus session or accessibility bus to find: do not look.
        .env("NO_AT_BRIDGE", "1")
        .env("GIO_USE_PROXY_RESOLVER", "libproxy")
        .env("http_proxy", format!("http://{proxy}"))
        .env("https_proxy", format!("http://{proxy}"))
        .env("no_proxy", "127.0.0.1,localhost")
        .env_remove("all_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("HTTPS_PROXY")
        .env_remove("ALL_PROXY")
        .env_remove("NO_PROXY")
        // A GNOME desktop would make GIO ask GSettings instead.
        .env_remove("XDG_CURRENT_DESKTOP")
        .env_remove("DESKTOP_SESSION")
        .env("GTK_A11Y", "none")
        .env("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| DriverError::Launch(format!("{path}: {e}")))?;
        if let Some(out) = driver.stdout.take() {
            tokio::spawn(async move {
                let mut lines = BufReader::new(out).lines();
                while let Ok(Some(_)) = lines.next_line().await {}
            });
        }
        if let Some(err) = driver.stderr.take() {
            tokio::spawn(async move {
                let mut lines = BufReader::new(err).lines();
                while let Ok(Some(_)) = lines.next_line().await {}
            });
        }
        // Keep the Xvfb pipe drained too.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let w = Webkit {
            xvfb,
            driver,
            addr: SocketAddr::from((server.ip(), port)),
            minibrowser,
            version: Mutex::new("WebKitGTK (version known after the first session)".into()),
        };
        let deadline = tokio::time::Instant::now() + LAUNCH_TIMEOUT;
        loop {
            match w.call("GET", "/status", None, COMMAND_TIMEOUT).await {
                Ok(v) if v["ready"].as_bool() == Some(true) => break,
                _ if tokio::time::Instant::now() >= deadline => {
                    return Err(DriverError::Launch(format!(
                        "{path} did not answer /status on {}",
                        w.addr
                    )));
                }
                _ => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
        Ok(w)
    }

    async fn new_session(&self) -> Result<String, DriverError> {
        let caps = json!({
            "acceptInsecureCerts": true,
            "pageLoadStrategy": "normal",
            "timeouts": { "script": FETCH_TIMEOUT.as_millis() as u64, "pageLoad": COMMAND_TIMEOUT.as_millis() as u64 },
            "webkitgtk:browserOptions": {
                "binary": self.minibrowser,
                "args": ["--automation"],
            },
        });
        let v = self
            .call(
                "POST",
                "/session",
                Some(json!({ "capabilities": { "alwaysMatch": caps } })),
                SESSION_TIMEOUT,
            )
            .await?;
        let id = v["sessionId"]
            .as_str()
            .ok_or_else(|| DriverError::WebDriver(format!("new session: no sessionId in {v}")))?
            .to_string();
        let c = &v["capabilities"];
        *lock(&self.version) = format!(
            "WebKitGTK {} {}",
            c["browserName"].as_str().unwrap_or("MiniBrowser"),
            c["browserVersion"].as_str().unwrap_or("")
        );
        Ok(id)
    }

    async fn delete_session(&self, id: &str) -> Result<(), DriverError> {
        self.call("DELETE", &format!("/session/{id}"), None, COMMAND_TIMEOUT)
            .await
            .map(|_| ())
    }

    /// Evaluates a promise-valued expression in the page; its value crosses
    /// as JSON text.
    async fn evaluate_in(
        &self,
        id: &str,
        expression: &str,
        timeout: Duration,
    ) -> Result<Value, DriverError> {
        let script = format!(
            "const done = arguments[arguments.length - 1];\n\
             Promise.resolve({expression}).then(\n\
               (v) => done(JSON.stringify(v === undefined ? null : v)),\n\
               (e) => done(JSON.stringify({{ __xorigin_error: String(e) }})));"
        );
        let v = self
            .call(
                "POST",
                &format!("/session/{id}/execute/async"),
                Some(json!({ "script": script, "args": [] })),
                timeout + Duration::from_secs(1),
            )
            .await?;
        let text = v.as_str().unwrap_or("null");
        let value: Value =
            serde_json::from_str(text).map_err(|e| DriverError::Page(e.to_string()))?;
        if let Some(err) = value.get("__xorigin_error") {
            return Err(DriverError::Page(format!("script error: {err}")));
        }
        Ok(value)
    }

    /// One WebDriver command: its `value`, or the error it names.
    async fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        timeout: Duration,
    ) -> Result<Value, DriverError> {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let (status, text) =
            tokio::time::timeout(timeout, http_request(self.addr, method, path, &body))
                .await
                .map_err(|_| DriverError::Timeout)?
                .map_err(|e| DriverError::WebDriver(format!("{method} {path}: {e}")))?;
        let v: Value = serde_json::from_slice(&text).map_err(|e| {
            DriverError::WebDriver(format!("{method} {path}: HTTP {status}, not JSON: {e}"))
        })?;
        let value = v.get("value").cloned().unwrap_or(Value::Null);
        if status != 200 {
            return Err(DriverError::WebDriver(format!(
                "{method} {path}: {} ({})",
                value["error"].as_str().unwrap_or("error"),
                value["message"].as_str().unwrap_or("")
            )));
        }
        Ok(value)
    }
}

impl Driver for Webkit {
    /// The WebDriver session id.
    type Session = String;
    const BUDGET: Duration = Duration::from_secs(40);

    /// The browser's name and version (after the first session; a probe
    /// session otherwise).
    async fn version(&self) -> String {
        let unknown = lock(&self.version).contains("after the first");
        if unknown && let Ok(id) = self.new_session().await {
            let _ = self.delete_session(&id).await;
        }
        lock(&self.version).clone()
    }

    /// A new session: a new browser.
    async fn open(&self) -> Result<String, DriverError> {
        self.new_session().await
    }

    async fn load_page(
        &self,
        id: &mut String,
        _scenario: &Scenario,
        plan: &Plan,
        trace: &Trace<'_>,
    ) -> Result<(), DriverError> {
        self.call(
            "POST",
            &format!("/session/{id}/url"),
            Some(json!({ "url": plan.page_url })),
            COMMAND_TIMEOUT,
        )
        .await?;
        trace.note("navigated");
        let ready = self
            .evaluate_in(id, "window.__xorigin_ready", COMMAND_TIMEOUT)
            .await?;
        if ready.as_str() != Some(plan.origin.as_str()) {
            return Err(DriverError::Page(format!(
                "the fetches run in origin {ready}, not {:?}",
                plan.origin
            )));
        }
        Ok(())
    }

    async fn evaluate(
        &self,
        id: &mut String,
        expression: &str,
        timeout: Duration,
    ) -> Result<Value, DriverError> {
        self.evaluate_in(id, expression, timeout).await
    }

    /// None: see the module documentation.
    async fn drain_console(&self, _id: &mut String) -> Result<Vec<String>, DriverError> {
        Ok(Vec::new())
    }

    async fn close_session(&self, id: String) {
        let _ = self.delete_session(&id).await;
    }

    /// Ends the session's driver and X server.
    async fn close(mut self) {
        for child in [&mut self.driver, &mut self.xvfb] {
            // Closing its standard input makes the watching shell end it.
            drop(child.stdin.take());
            if tokio::time::timeout(Duration::from_secs(3), child.wait())
                .await
                .is_err()
            {
                let _ = child.kill().await;
            }
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A port free on `ip` now (the system's pick).
fn free_port(ip: Ipv4Addr) -> Result<u16, DriverError> {
    std::net::TcpListener::bind((ip, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| DriverError::Launch(format!("no free port on {ip}: {e}")))
}

/// A minimal HTTP/1.1 client for the driver: one request per connection
/// (`Connection: close`), a JSON body, the response read to its end.
async fn http_request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: &str,
) -> std::io::Result<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect(addr).await?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await?;
    stream.flush().await?;
    let mut raw = Vec::new();
    (&mut stream)
        .take(MAX_RESPONSE as u64)
        .read_to_end(&mut raw)
        .await?;
    parse_response(&raw)
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidData, "malformed response"))
}

/// Splits a complete HTTP/1.1 response into its status and body (decoding
/// `chunked`; else `Content-Length`, else everything after the head).
fn parse_response(raw: &[u8]) -> Option<(u16, Vec<u8>)> {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut response = httparse::Response::new(&mut headers);
    let httparse::Status::Complete(end) = response.parse(raw).ok()? else {
        return None;
    };
    let status = response.code?;
    let mut chunked = false;
    let mut length = None;
    for h in response.headers.iter() {
        let v = std::str::from_utf8(h.value).ok().map(str::trim);
        if h.name.eq_ignore_ascii_case("transfer-encoding") {
            chunked |= v.is_some_and(|v| v.eq_ignore_ascii_case("chunked"));
        } else if h.name.eq_ignore_ascii_case("content-length") {
            length = v.and_then(|v| v.parse::<usize>().ok());
        }
    }
    let rest = raw.get(end..)?;
    if chunked {
        return dechunk(rest).map(|b| (status, b));
    }
    let body = match length {
        Some(n) => rest.get(..n)?.to_vec(),
        None => rest.to_vec(),
    };
    Some((status, body))
}

/// The data of a complete `chunked` body (extensions and trailers ignored).
fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let httparse::Status::Complete((line_end, size)) = httparse::parse_chunk_size(rest).ok()?
        else {
            return None;
        };
        let size = usize::try_from(size).ok()?;
        rest = rest.get(line_end..)?;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size.checked_add(2)?..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_response_reads_length_chunked_and_close_delimited() {
        type Case<'a> = (&'a [u8], Option<(u16, &'a [u8])>);
        let cases: [Case; 5] = [
            (
                b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n{}xx",
                Some((200, b"{}xx")),
            ),
            (
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}trailing",
                Some((404, b"{}")),
            ),
            (
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{\"\r\n3;x=y\r\na\"}\r\n0\r\n\r\n",
                Some((200, b"{\"a\"}")),
            ),
            (b"HTTP/1.1 500 X\r\n\r\nclose", Some((500, b"close"))),
            (b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n", None),
        ];
        for (raw, want) in cases {
            let got = parse_response(raw);
            assert_eq!(
                got.as_ref().map(|(s, b)| (*s, b.as_slice())),
                want,
                "{}",
                String::from_utf8_lossy(raw)
            );
        }
    }

    #[test]
    fn dechunk_rejects_truncated_input() {
        assert_eq!(dechunk(b"5\r\nab"), None);
        assert_eq!(dechunk(b"zz\r\n"), None);
        assert_eq!(dechunk(b"0\r\n\r\n"), Some(Vec::new()));
    }
}
