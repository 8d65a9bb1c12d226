//! Drives headless Firefox (Debian's `firefox-esr`) over WebDriver BiDi: one
//! browser process, a fresh user context (its own cookie jar, HTTP and
//! preflight caches: both are keyed by origin attributes) per scenario.
//!
//! Firefox has no host-resolver switch: the profile's
//! `network.dns.forceResolve` sends every lookup to the test server's
//! loopback address, and the test
//! server ignores requests for hosts outside `.test`.

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use xorigin::scenario::Scenario;

use crate::cdp::Cdp;
use crate::check::Plan;
use crate::chromium::{DriverError, FetchOutcome};
use crate::page::FetchSpec;
use crate::server::TestServer;

/// Where Debian's package puts Firefox ESR.
pub const DEFAULT_FIREFOX: &str = "/usr/bin/firefox-esr";

const COMMAND_TIMEOUT: Duration = Duration::from_secs(10);
const FETCH_TIMEOUT: Duration = Duration::from_secs(15);
const LAUNCH_TIMEOUT: Duration = Duration::from_secs(60);
const SETTLE: Duration = Duration::from_millis(30);

/// Profile preferences: loopback only, no background traffic, no HTTPS-First
/// upgrade of the harness's http pages.
const USER_JS: &str = r#"
user_pref("network.proxy.type", 0);
user_pref("network.dns.disablePrefetch", true);
user_pref("network.predictor.enabled", false);
user_pref("network.prefetch-next", false);
user_pref("network.http.speculative-parallel-limit", 0);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("dom.security.https_first", false);
user_pref("dom.security.https_first_pbm", false);
user_pref("dom.security.https_only_mode", false);
user_pref("browser.safebrowsing.malware.enabled", false);
user_pref("browser.safebrowsing.phishing.enabled", false);
user_pref("browser.safebrowsing.downloads.enabled", false);
user_pref("app.update.disabledForTesting", true);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.enabled", false);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.startup.page", 0);
user_pref("browser.aboutwelcome.enabled", false);
"#;

/// A running Firefox.
pub struct Firefox {
    child: Child,
    bidi: Arc<Cdp>,
    profile_dir: PathBuf,
    version: String,
}

static LAUNCHES: AtomicU64 = AtomicU64::new(0);

impl Firefox {
    /// Starts Firefox headless with a fresh profile and opens a BiDi session
    /// that accepts the test server's certificate.
    pub async fn launch(path: &str, ip: std::net::Ipv4Addr) -> Result<Firefox, DriverError> {
        let n = LAUNCHES.fetch_add(1, Ordering::Relaxed);
        let profile_dir =
            std::env::temp_dir().join(format!("xorigin-firefox-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile_dir);
        std::fs::create_dir_all(&profile_dir)
            .and_then(|()| {
                std::fs::write(
                    profile_dir.join("user.js"),
                    format!("user_pref(\"network.dns.forceResolve\", \"{ip}\");\n{USER_JS}"),
                )
            })
            .map_err(|e| DriverError::Launch(format!("{}: {e}", profile_dir.display())))?;
        let mut child = Command::new(path)
            .args(["--headless", "--no-remote", "--remote-debugging-port=0"])
            .arg("--profile")
            .arg(&profile_dir)
            .arg("about:blank")
            .env("MOZ_CRASHREPORTER_DISABLE", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| DriverError::Launch(format!("{path}: {e}")))?;
        let stderr = child
            .stderr
            .take()
            .ok_or_else(|| DriverError::Launch("no stderr".into()))?;
        let mut lines = BufReader::new(stderr).lines();
        let mut seen = Vec::new();
        let ws_url = tokio::time::timeout(LAUNCH_TIMEOUT, async {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(rest) = line.split("WebDriver BiDi listening on ").nth(1) {
                    return Some(rest.trim().to_string());
                }
                if seen.len() < 20 {
                    seen.push(line);
                }
            }
            None
        })
        .await
        .ok()
        .flatten()
        .ok_or_else(|| DriverError::Launch(format!("no BiDi URL; stderr: {}", seen.join(" | "))))?;
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let bidi =
            Arc::new(Cdp::connect(&format!("{}/session", ws_url.trim_end_matches('/'))).await?);
        let session = bidi
            .call(
                None,
                "session.new",
                json!({ "capabilities": { "alwaysMatch": { "acceptInsecureCerts": true } } }),
                LAUNCH_TIMEOUT,
            )
            .await?;
        let caps = &session["capabilities"];
        let version = format!(
            "{} {}",
            caps["browserName"].as_str().unwrap_or("firefox"),
            caps["browserVersion"].as_str().unwrap_or("")
        );
        bidi.call(
            None,
            "session.subscribe",
            json!({ "events": ["log.entryAdded"] }),
            COMMAND_TIMEOUT,
        )
        .await?;
        Ok(Firefox {
            child,
            bidi,
            profile_dir,
            version,
        })
    }

    /// The browser's name and version.
    pub fn version(&self) -> String {
        self.version.clone()
    }

    /// Runs a checked scenario in a fresh user context.
    pub async fn run(
        &self,
        server: &TestServer,
        scenario: &Scenario,
        plan: &Plan,
        verbose: bool,
    ) -> Result<Vec<FetchOutcome>, DriverError> {
        let waits: u64 = scenario.fetches.iter().map(|f| f.wait_ms).sum();
        let budget = Duration::from_secs(20) + Duration::from_millis(waits);
        let uc = self
            .bidi
            .call(
                None,
                "browser.createUserContext",
                json!({}),
                COMMAND_TIMEOUT,
            )
            .await?;
        let user_context = uc["userContext"].as_str().unwrap_or("").to_string();
        let result = tokio::time::timeout(
            budget,
            self.run_in_context(&user_context, server, scenario, plan, verbose),
        )
        .await
        .unwrap_or(Err(DriverError::Timeout));
        let _ = self
            .bidi
            .call(
                None,
                "browser.removeUserContext",
                json!({ "userContext": user_context }),
                COMMAND_TIMEOUT,
            )
            .await;
        let _ = self.bidi.drain_events().await;
        result
    }

    async fn run_in_context(
        &self,
        user_context: &str,
        server: &TestServer,
        scenario: &Scenario,
        plan: &Plan,
        verbose: bool,
    ) -> Result<Vec<FetchOutcome>, DriverError> {
        let t0 = std::time::Instant::now();
        server
            .set_site(plan.site.clone(), &plan.hosts)
            .map_err(|e| DriverError::Page(e.to_string()))?;
        let created = self
            .bidi
            .call(
                None,
                "browsingContext.create",
                json!({ "type": "tab", "userContext": user_context }),
                COMMAND_TIMEOUT,
            )
            .await?;
        let context = created["context"].as_str().unwrap_or("").to_string();
        self.bidi
            .call(
                None,
                "browsingContext.navigate",
                json!({ "context": context, "url": plan.page_url, "wait": "complete" }),
                COMMAND_TIMEOUT,
            )
            .await?;
        let ready = self
            .evaluate(&context, "window.__xorigin_ready", COMMAND_TIMEOUT)
            .await?;
        if ready.as_str() != Some(plan.origin.as_str()) {
            return Err(DriverError::Page(format!(
                "the fetches run in origin {ready}, not {:?}",
                plan.origin
            )));
        }
        if verbose {
            eprintln!("  [{}] page ready after {:?}", scenario.id, t0.elapsed());
        }
        let _ = self.bidi.drain_events().await;
        let _ = server.take_log();
        let mut outcomes: Vec<FetchOutcome> = Vec::with_capacity(scenario.fetches.len());
        for step in &scenario.fetches {
            if step.wait_ms > 0 {
                tokio::time::sleep(Duration::from_millis(step.wait_ms)).await;
            }
            let console = self.console_messages().await?;
            let log = server.take_log();
            if let Some(prev) = outcomes.last_mut() {
                prev.console.extend(console);
                prev.sent.extend(log);
            }
            let spec = serde_json::to_string(&FetchSpec::new(&step.request))
                .map_err(|e| DriverError::Page(e.to_string()))?;
            let page = self
                .evaluate(
                    &context,
                    &format!("window.__xorigin_run({spec})"),
                    FETCH_TIMEOUT,
                )
                .await?;
            outcomes.push(FetchOutcome {
                page,
                sent: Vec::new(),
                console: Vec::new(),
            });
        }
        tokio::time::sleep(SETTLE).await;
        let console = self.console_messages().await?;
        if let Some(last) = outcomes.last_mut() {
            last.console.extend(console);
            last.sent.extend(server.take_log());
        }
        Ok(outcomes)
    }

    /// Evaluates a promise-valued expression; its value crosses as JSON text
    /// (BiDi's typed remote values would need their own decoding).
    async fn evaluate(
        &self,
        context: &str,
        expression: &str,
        timeout: Duration,
    ) -> Result<Value, DriverError> {
        let r = self
            .bidi
            .call(
                None,
                "script.evaluate",
                json!({
                    "expression": format!("Promise.resolve({expression}).then((v) => JSON.stringify(v === undefined ? null : v))"),
                    "target": { "context": context },
                    "awaitPromise": true,
                }),
                timeout,
            )
            .await?;
        if r["type"] != "success" {
            return Err(DriverError::Page(format!(
                "script error: {}",
                r.get("exceptionDetails").unwrap_or(&r)
            )));
        }
        let text = r["result"]["value"].as_str().unwrap_or("null");
        serde_json::from_str(text).map_err(|e| DriverError::Page(e.to_string()))
    }

    async fn console_messages(&self) -> Result<Vec<String>, DriverError> {
        Ok(self
            .bidi
            .drain_events()
            .await?
            .into_iter()
            .filter(|e| e.method == "log.entryAdded")
            .filter_map(|e| e.params["text"].as_str().map(String::from))
            .collect())
    }

    /// Stops the browser and removes its profile.
    pub async fn close(mut self) {
        let _ = self
            .bidi
            .call(None, "browser.close", json!({}), Duration::from_secs(2))
            .await;
        if tokio::time::timeout(Duration::from_secs(5), self.child.wait())
            .await
            .is_err()
        {
            let _ = self.child.kill().await;
        }
        let _ = std::fs::remove_dir_all(&self.profile_dir);
    }
}
