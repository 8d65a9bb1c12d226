//! Drives headless Firefox (Debian's `firefox-esr`) over WebDriver BiDi: one
//! browser process, a fresh user context (its own cookie jar, HTTP and
//! preflight caches, DNS cache entries: all keyed by origin attributes) per
//! scenario.
//!
//! Firefox has no host-resolver switch. Its CORS-preflight cache consults the
//! DNS cache (`CORSCacheEntry::CheckDNSCache` in
//! `netwerk/protocol/http/nsCORSListenerProxy.cpp`: an entry is dropped when
//! the host's DNS record was updated after the entry was made), so the
//! harness must resolve names the way a real site's are resolved:
//! - Firefox runs in a private mount namespace (`unshare --mount`) whose
//!   `/etc/hosts` is a harness file naming the scenario's hosts with the test
//!   server's address: ordinary cached DNS records, no system file touched.
//!   `network.dns.forceResolve` (the fallback when namespaces are not
//!   allowed) turns every name into an IP literal, whose records Firefox
//!   makes afresh per look-up flavour: the first cache check after each new
//!   record dooms the preflight entry, so a repeated request is preflighted
//!   again (a harness artifact).
//! - Before the fetches, the page loads `/__xorigin/warm` (not logged) twice
//!   from every origin the scenario names, as a page that has talked to its
//!   servers before: Firefox learns the IPv4 preference of each host and
//!   makes its per-family DNS record then, not between a preflight and the
//!   next request (the server closes every connection, so each request
//!   connects anew).
//!
//! The test server ignores requests for hosts outside `.test`.

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
use crate::driver::{Driver, DriverError, FETCH_TIMEOUT, Trace};
use crate::server::RESERVED_PREFIX;

/// Where Debian's package puts Firefox ESR.
pub const DEFAULT_FIREFOX: &str = "/usr/bin/firefox-esr";

const COMMAND_TIMEOUT: Duration = Duration::from_secs(10);
const LAUNCH_TIMEOUT: Duration = Duration::from_secs(60);
/// The wait after the warm-up loads for their late console messages.
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

/// `sh -c` script run by `unshare --mount`: `$0` is the harness's hosts file,
/// `$@` Firefox and its arguments.
const BIND_HOSTS_AND_EXEC: &str = "mount --bind \"$0\" /etc/hosts && exec \"$@\"";

/// Whether this process may run Firefox with a private `/etc/hosts` (a mount
/// namespace needs root or `CAP_SYS_ADMIN`); tried once per run.
fn private_hosts_supported(dir: &std::path::Path) -> bool {
    static SUPPORTED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *SUPPORTED.get_or_init(|| {
        let probe = dir.with_extension("hosts-probe");
        let ok = std::fs::write(&probe, "127.0.0.1 localhost\n").is_ok()
            && std::process::Command::new("unshare")
                .args(["--mount", "sh", "-c", BIND_HOSTS_AND_EXEC])
                .arg(&probe)
                .arg("true")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
        let _ = std::fs::remove_file(&probe);
        ok
    })
}

/// The private hosts file: `localhost`, then every scenario host at the
/// test server's address.
fn hosts_text(ip: std::net::Ipv4Addr, hosts: &[String]) -> String {
    let mut text = String::from("127.0.0.1 localhost\n");
    for h in hosts {
        text.push_str(&format!("{ip} {h}\n"));
    }
    text
}

/// The http(s) origins a scenario's server entries and fetches name, in
/// order, without duplicates.
fn warm_up_origins(scenario: &Scenario, plan: &Plan) -> Vec<String> {
    let Ok(base) = url::Url::parse(&plan.page_url) else {
        return Vec::new();
    };
    let urls = scenario
        .server
        .iter()
        .map(|e| e.url.as_str())
        .chain(scenario.fetches.iter().map(|f| f.request.url.as_str()));
    let mut out: Vec<String> = Vec::new();
    for u in urls {
        // From an https page an http load is blocked as mixed content
        // (nothing to warm, and a console message that would arrive late).
        if let Ok(u) = base.join(u)
            && matches!(u.scheme(), "http" | "https")
            && !(base.scheme() == "https" && u.scheme() == "http")
        {
            let origin = u.origin().ascii_serialization();
            if !out.contains(&origin) {
                out.push(origin);
            }
        }
    }
    out
}

/// Firefox's Local Network Access override prefs for the harness's address
/// spaces (`IP:PORT=public|local|loopback,...`): Gecko names the spaces
/// `public`, `private` (the specification's `local`) and `local` (its
/// `loopback`), and reads `network.lna.address_space.{public,private,local}.override`
/// as comma-separated `IP:PORT` lists (netwerk/base/NetAddr LNA utilities,
/// `TestNetAddrLNAUtil`). Empty when the scenario gives no address spaces.
fn lna_prefs(ip_address_space_overrides: &str) -> String {
    let mut lists: [(&str, Vec<&str>); 3] = [
        ("public", Vec::new()),
        ("private", Vec::new()),
        ("local", Vec::new()),
    ];
    for item in ip_address_space_overrides.split(',') {
        let Some((addr, space)) = item.split_once('=') else {
            continue;
        };
        let gecko = match space {
            "public" => 0,
            "local" | "private" => 1,
            "loopback" => 2,
            _ => continue,
        };
        lists[gecko].1.push(addr);
    }
    let mut prefs: String = lists
        .iter()
        .filter(|(_, addrs)| !addrs.is_empty())
        .map(|(name, addrs)| {
            format!(
                "user_pref(\"network.lna.address_space.{name}.override\", \"{}\");\n",
                addrs.join(",")
            )
        })
        .collect();
    if !prefs.is_empty() {
        // Headless Firefox shows the permission prompt and waits for an
        // answer that never comes (the fetch hangs): answer it "deny", as
        // headless Chromium does. `ContentPermissionRequestBase::
        // CheckPromptPrefs` reads `<pref name>.prompt.testing[.allow]`;
        // LNAPermissionRequest's pref names are `network.loopback-network`
        // and `network.localnetwork`.
        for name in ["network.loopback-network", "network.localnetwork"] {
            prefs.push_str(&format!(
                "user_pref(\"{name}.prompt.testing\", true);\n\
                 user_pref(\"{name}.prompt.testing.allow\", false);\n"
            ));
        }
    }
    prefs
}

/// A running Firefox.
pub struct Firefox {
    child: Child,
    bidi: Arc<Cdp>,
    profile_dir: PathBuf,
    /// The file bind-mounted on Firefox's `/etc/hosts`, when it has one.
    hosts_file: Option<PathBuf>,
    ip: std::net::Ipv4Addr,
    version: String,
}

static LAUNCHES: AtomicU64 = AtomicU64::new(0);

impl Firefox {
    /// Starts Firefox headless with a fresh profile and opens a BiDi session
    /// that accepts the test server's certificate.
    ///
    /// The harness's address spaces (`IP:PORT=SPACE,...`, Chromium's
    /// `--ip-address-space-overrides` syntax; empty for none) become
    /// Firefox's `network.lna.address_space.*.override` prefs
    /// ([`lna_prefs`]).
    pub async fn launch_with_address_spaces(
        path: &str,
        ip: std::net::Ipv4Addr,
        ip_address_space_overrides: &str,
    ) -> Result<Firefox, DriverError> {
        let n = LAUNCHES.fetch_add(1, Ordering::Relaxed);
        let profile_dir =
            std::env::temp_dir().join(format!("xorigin-firefox-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile_dir);
        let hosts_file = profile_dir.join("hosts");
        let private_hosts = private_hosts_supported(&profile_dir);
        let force_resolve = if private_hosts {
            String::new()
        } else {
            eprintln!(
                "warning: cannot give Firefox a private /etc/hosts (unshare --mount); \
                 using network.dns.forceResolve, which defeats Firefox's preflight cache"
            );
            format!("user_pref(\"network.dns.forceResolve\", \"{ip}\");\n")
        };
        std::fs::create_dir_all(&profile_dir)
            .and_then(|()| {
                std::fs::write(
                    profile_dir.join("user.js"),
                    format!(
                        "{force_resolve}{USER_JS}{}",
                        lna_prefs(ip_address_space_overrides)
                    ),
                )
            })
            .and_then(|()| std::fs::write(&hosts_file, hosts_text(ip, &[])))
            .map_err(|e| DriverError::Launch(format!("{}: {e}", profile_dir.display())))?;
        let mut command = if private_hosts {
            let mut c = Command::new("unshare");
            c.args(["--mount", "sh", "-c", BIND_HOSTS_AND_EXEC])
                .arg(&hosts_file)
                .arg(path);
            c
        } else {
            Command::new(path)
        };
        let mut child = command
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
            hosts_file: private_hosts.then_some(hosts_file),
            ip,
            version,
        })
    }

    /// Evaluates a promise-valued expression; its value crosses as JSON text
    /// (BiDi's typed remote values would need their own decoding).
    async fn evaluate_in(
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

    /// The `log.entryAdded` texts among the events since the last drain.
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
}

/// One scenario's user context and the harness page's tab in it.
pub struct UserContextSession {
    user_context: String,
    /// The tab (empty until the page is opened).
    context: String,
}

impl Driver for Firefox {
    type Session = UserContextSession;
    const BUDGET: Duration = Duration::from_secs(20);
    const FAILED_SETTLE: Duration = Duration::from_millis(150);

    async fn version(&self) -> String {
        self.version.clone()
    }

    async fn open(&self) -> Result<UserContextSession, DriverError> {
        let uc = self
            .bidi
            .call(
                None,
                "browser.createUserContext",
                json!({}),
                COMMAND_TIMEOUT,
            )
            .await?;
        Ok(UserContextSession {
            user_context: uc["userContext"].as_str().unwrap_or("").to_string(),
            context: String::new(),
        })
    }

    async fn load_page(
        &self,
        session: &mut UserContextSession,
        scenario: &Scenario,
        plan: &Plan,
        _trace: &Trace<'_>,
    ) -> Result<(), DriverError> {
        if let Some(file) = &self.hosts_file {
            // Rewritten in place: the bind mount follows the inode.
            std::fs::write(file, hosts_text(self.ip, &plan.hosts))
                .map_err(|e| DriverError::Page(format!("{}: {e}", file.display())))?;
        }
        let created = self
            .bidi
            .call(
                None,
                "browsingContext.create",
                json!({ "type": "tab", "userContext": session.user_context }),
                COMMAND_TIMEOUT,
            )
            .await?;
        let context = created["context"].as_str().unwrap_or("").to_string();
        session.context = context.clone();
        self.bidi
            .call(
                None,
                "browsingContext.navigate",
                json!({ "context": context, "url": plan.page_url, "wait": "complete" }),
                COMMAND_TIMEOUT,
            )
            .await?;
        let ready = self
            .evaluate_in(&context, "window.__xorigin_ready", COMMAND_TIMEOUT)
            .await?;
        if ready.as_str() != Some(plan.origin.as_str()) {
            return Err(DriverError::Page(format!(
                "the fetches run in origin {ready}, not {:?}",
                plan.origin
            )));
        }
        let warm = warm_up_origins(scenario, plan);
        for origin in &warm {
            let spec = json!({
                "url": format!("{origin}{RESERVED_PREFIX}warm"),
                "headers": [],
                "mode": "no-cors",
                "credentials": "omit",
                "cache": "no-store",
            });
            for _ in 0..2 {
                self.evaluate_in(
                    &context,
                    &format!("window.__xorigin_run({spec})"),
                    FETCH_TIMEOUT,
                )
                .await?;
            }
        }
        if !warm.is_empty() {
            // Let late console messages of the warm-up in before the drain.
            tokio::time::sleep(SETTLE).await;
        }
        // The warm-up's console lines are not the first fetch's.
        let _ = self.bidi.drain_events().await;
        Ok(())
    }

    async fn evaluate(
        &self,
        session: &mut UserContextSession,
        expression: &str,
        timeout: Duration,
    ) -> Result<Value, DriverError> {
        self.evaluate_in(&session.context, expression, timeout)
            .await
    }

    async fn drain_console(
        &self,
        _session: &mut UserContextSession,
    ) -> Result<Vec<String>, DriverError> {
        self.console_messages().await
    }

    async fn close_session(&self, session: UserContextSession) {
        let _ = self
            .bidi
            .call(
                None,
                "browser.removeUserContext",
                json!({ "userContext": session.user_context }),
                COMMAND_TIMEOUT,
            )
            .await;
        let _ = self.bidi.drain_events().await;
    }

    /// Stops the browser and removes its profile.
    async fn close(mut self) {
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

#[cfg(test)]
mod tests {
    use super::lna_prefs;

    #[test]
    fn lna_prefs_map_spaces_to_gecko_names() {
        assert_eq!(lna_prefs(""), "");
        assert_eq!(
            lna_prefs("127.0.0.14:443=public,127.0.0.14:8443=loopback,127.0.0.14:80=local"),
            "user_pref(\"network.lna.address_space.public.override\", \"127.0.0.14:443\");\n\
             user_pref(\"network.lna.address_space.private.override\", \"127.0.0.14:80\");\n\
             user_pref(\"network.lna.address_space.local.override\", \"127.0.0.14:8443\");\n\
             user_pref(\"network.loopback-network.prompt.testing\", true);\n\
             user_pref(\"network.loopback-network.prompt.testing.allow\", false);\n\
             user_pref(\"network.localnetwork.prompt.testing\", true);\n\
             user_pref(\"network.localnetwork.prompt.testing.allow\", false);\n"
        );
    }
}
