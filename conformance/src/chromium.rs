//! Drives headless Chromium over the DevTools protocol: one browser process,
//! a fresh browser context (empty HTTP and preflight caches, no cookies) per
//! scenario.

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use xorigin::policy::local_network_access::LocalNetworkPermission;
use xorigin::scenario::Scenario;

use crate::cdp::{Cdp, Event};
use crate::check::Plan;
use crate::driver::{Driver, DriverError, Trace};

/// Where Debian's package puts Chromium.
pub const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";

const COMMAND_TIMEOUT: Duration = Duration::from_secs(10);
const LAUNCH_TIMEOUT: Duration = Duration::from_secs(30);

/// A running Chromium.
pub struct Chromium {
    child: Child,
    cdp: Arc<Cdp>,
    user_data_dir: PathBuf,
}

static LAUNCHES: AtomicU64 = AtomicU64::new(0);

impl Chromium {
    /// Starts Chromium headless, resolving only `*.test` (to `ip`) and
    /// trusting the test server's key. A non-empty `ip_address_space_overrides`
    /// (`IP:PORT=public|local|loopback,...`) is passed as
    /// `--ip-address-space-overrides`, which Chromium reads once per process.
    pub async fn launch(
        path: &str,
        spki_hash: &str,
        ip: std::net::Ipv4Addr,
        ip_address_space_overrides: &str,
    ) -> Result<Chromium, DriverError> {
        let n = LAUNCHES.fetch_add(1, Ordering::Relaxed);
        let user_data_dir =
            std::env::temp_dir().join(format!("xorigin-chromium-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&user_data_dir);
        std::fs::create_dir_all(&user_data_dir)
            .map_err(|e| DriverError::Launch(format!("{}: {e}", user_data_dir.display())))?;
        let mut child = Command::new(path)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--ignore-certificate-errors",
                "--remote-debugging-port=0",
            ])
            .arg(format!(
                "--host-resolver-rules=MAP *.test {ip}, MAP * ~NOTFOUND"
            ))
            .arg(format!("--ignore-certificate-errors-spki-list={spki_hash}"))
            .args(
                (!ip_address_space_overrides.is_empty())
                    .then(|| format!("--ip-address-space-overrides={ip_address_space_overrides}")),
            )
            .arg(format!("--user-data-dir={}", user_data_dir.display()))
            .arg("about:blank")
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
                if let Some(url) = line.strip_prefix("DevTools listening on ") {
                    return Some(url.trim().to_string());
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
        .ok_or_else(|| {
            DriverError::Launch(format!("no DevTools URL; stderr: {}", seen.join(" | ")))
        })?;
        // Keep draining stderr so Chromium never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let cdp = Arc::new(Cdp::connect(&ws_url).await?);
        Ok(Chromium {
            child,
            cdp,
            user_data_dir,
        })
    }

    /// Grants the page's origin local network access in the context, as a
    /// user answering the prompt would (headless Chromium denies it
    /// otherwise). Chromium 145+ splits the permission into `localNetwork`
    /// and `loopbackNetwork`; older builds know one, `localNetworkAccess`.
    async fn grant_local_network_access(
        &self,
        ctx_id: &str,
        origin: &str,
    ) -> Result<(), DriverError> {
        let mut last = None;
        for permissions in [
            json!(["localNetwork", "loopbackNetwork"]),
            json!(["localNetworkAccess"]),
        ] {
            match self
                .cdp
                .call(
                    None,
                    "Browser.grantPermissions",
                    json!({ "permissions": permissions, "origin": origin, "browserContextId": ctx_id }),
                    COMMAND_TIMEOUT,
                )
                .await
            {
                Ok(_) => return Ok(()),
                Err(e) => last = Some(e),
            }
        }
        Err(DriverError::Page(format!(
            "cannot grant local network access: {}",
            last.map_or_else(String::new, |e| e.to_string())
        )))
    }

    /// `Runtime.evaluate` of a promise-valued expression in `session`.
    async fn evaluate_in(
        &self,
        session: &str,
        expression: &str,
        timeout: Duration,
    ) -> Result<Value, DriverError> {
        let r = self
            .cdp
            .call(
                Some(session),
                "Runtime.evaluate",
                json!({ "expression": expression, "awaitPromise": true, "returnByValue": true }),
                timeout,
            )
            .await?;
        if let Some(ex) = r.get("exceptionDetails") {
            return Err(DriverError::Page(format!(
                "script error: {}",
                ex.get("exception")
                    .and_then(|e| e.get("description"))
                    .unwrap_or(ex)
            )));
        }
        Ok(r["result"]["value"].clone())
    }

    async fn absorb_pending(&self, st: &mut SessionState) -> Result<(), DriverError> {
        for ev in self.cdp.drain_events().await? {
            self.absorb(st, ev).await?;
        }
        Ok(())
    }

    async fn absorb(&self, st: &mut SessionState, ev: Event) -> Result<(), DriverError> {
        let ours = ev
            .session_id
            .as_deref()
            .is_some_and(|s| st.sessions.contains(s));
        match ev.method.as_str() {
            "Target.attachedToTarget" if ours => {
                if let Some(child) = ev.params["sessionId"].as_str() {
                    st.sessions.insert(child.to_string());
                    for method in ["Runtime.enable", "Log.enable"] {
                        // A worker the page already terminated is gone
                        // before its session answers: nothing to listen to.
                        if let Err(e) = self
                            .cdp
                            .call(Some(child), method, json!({}), COMMAND_TIMEOUT)
                            .await
                            && !e.to_string().contains("Session with given id not found")
                        {
                            return Err(e.into());
                        }
                    }
                }
            }
            "Log.entryAdded" if ours => {
                if let Some(text) = ev.params["entry"]["text"].as_str() {
                    st.console.push(text.to_string());
                }
            }
            "Runtime.consoleAPICalled" if ours => {
                let args: Vec<String> = ev.params["args"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .map(|v| match &v["value"] {
                                Value::String(s) => s.clone(),
                                Value::Null => v["description"].as_str().unwrap_or("").to_string(),
                                other => other.to_string(),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                st.console.push(args.join(" "));
            }
            "Inspector.targetCrashed" if ours => return Err(DriverError::Crashed),
            _ => {}
        }
        Ok(())
    }
}

/// One scenario's browser context, and the harness page's DevTools
/// sessions in it (the tab's, then any out-of-process iframe's).
pub struct ContextSession {
    ctx_id: String,
    /// The tab's session (empty until the page is opened).
    page: String,
    st: SessionState,
}

impl Driver for Chromium {
    type Session = ContextSession;
    const BUDGET: Duration = Duration::from_secs(20);

    async fn version(&self) -> String {
        match self
            .cdp
            .call(None, "Browser.getVersion", json!({}), COMMAND_TIMEOUT)
            .await
        {
            Ok(v) => v["product"].as_str().unwrap_or("unknown").to_string(),
            Err(e) => DriverError::from(e).to_string(),
        }
    }

    async fn open(&self) -> Result<ContextSession, DriverError> {
        let ctx = self
            .cdp
            .call(
                None,
                "Target.createBrowserContext",
                json!({}),
                COMMAND_TIMEOUT,
            )
            .await?;
        Ok(ContextSession {
            ctx_id: ctx["browserContextId"].as_str().unwrap_or("").to_string(),
            page: String::new(),
            st: SessionState {
                sessions: HashSet::new(),
                console: Vec::new(),
            },
        })
    }

    async fn load_page(
        &self,
        session: &mut ContextSession,
        scenario: &Scenario,
        plan: &Plan,
        trace: &Trace<'_>,
    ) -> Result<(), DriverError> {
        if scenario.client.local_network_permission == Some(LocalNetworkPermission::Granted) {
            self.grant_local_network_access(&session.ctx_id, &plan.origin)
                .await?;
        }
        // Open the page directly in a new tab of the fresh context: one
        // renderer start, no separate about:blank navigation.
        let target = self
            .cdp
            .call(
                None,
                "Target.createTarget",
                json!({ "url": plan.page_url, "browserContextId": session.ctx_id }),
                COMMAND_TIMEOUT,
            )
            .await?;
        trace.note("target created");
        let target_id = target["targetId"].as_str().unwrap_or("").to_string();
        let attached = self
            .cdp
            .call(
                None,
                "Target.attachToTarget",
                json!({ "targetId": target_id, "flatten": true }),
                COMMAND_TIMEOUT,
            )
            .await?;
        let page = attached["sessionId"].as_str().unwrap_or("").to_string();
        trace.note("attached");
        session.st.sessions.insert(page.clone());
        session.page = page.clone();
        // Sent together: the renderer answers them in order once it is up.
        // Out-of-process iframes (a sandboxed iframe may be one) get their
        // own sessions through auto-attach, to see their console.
        let enables = futures_util::future::join_all(
            [
                ("Runtime.enable", json!({})),
                ("Log.enable", json!({})),
                (
                    "Target.setAutoAttach",
                    json!({ "autoAttach": true, "waitForDebuggerOnStart": false, "flatten": true }),
                ),
            ]
            .into_iter()
            .map(|(m, p)| self.cdp.call(Some(&page), m, p, COMMAND_TIMEOUT)),
        )
        .await;
        for r in enables {
            r?;
        }
        trace.note("enabled");
        // Wait until the harness page has committed and its script ran (and,
        // for the null origin, the iframe said it is ready).
        let deadline = tokio::time::Instant::now() + COMMAND_TIMEOUT;
        let ready = loop {
            let v = self
                .evaluate_in(
                    &page,
                    "window.__xorigin_ready === undefined ? null : window.__xorigin_ready",
                    COMMAND_TIMEOUT,
                )
                .await?;
            if !v.is_null() {
                break v;
            }
            if tokio::time::Instant::now() >= deadline {
                return Err(DriverError::Page(format!("{} did not load", plan.page_url)));
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        };
        self.absorb_pending(&mut session.st).await?;
        let origin = ready.as_str().unwrap_or("");
        if origin != plan.origin {
            return Err(DriverError::Page(format!(
                "the fetches run in origin {origin:?}, not {:?} (did the browser upgrade or redirect the page?)",
                plan.origin
            )));
        }
        Ok(())
    }

    async fn evaluate(
        &self,
        session: &mut ContextSession,
        expression: &str,
        timeout: Duration,
    ) -> Result<Value, DriverError> {
        self.evaluate_in(&session.page, expression, timeout).await
    }

    async fn drain_console(
        &self,
        session: &mut ContextSession,
    ) -> Result<Vec<String>, DriverError> {
        self.absorb_pending(&mut session.st).await?;
        Ok(std::mem::take(&mut session.st.console))
    }

    async fn close_session(&self, session: ContextSession) {
        // Dispose in the background: the next scenario's context does not
        // wait for this one's renderer to exit. Its late events belong to
        // sessions the next scenario ignores.
        let cdp = self.cdp.clone();
        tokio::spawn(async move {
            let _ = cdp
                .call(
                    None,
                    "Target.disposeBrowserContext",
                    json!({ "browserContextId": session.ctx_id }),
                    COMMAND_TIMEOUT,
                )
                .await;
        });
    }

    /// Stops the browser and removes its profile.
    async fn close(mut self) {
        let _ = self
            .cdp
            .call(None, "Browser.close", json!({}), Duration::from_secs(2))
            .await;
        if tokio::time::timeout(Duration::from_secs(3), self.child.wait())
            .await
            .is_err()
        {
            let _ = self.child.kill().await;
        }
        let _ = std::fs::remove_dir_all(&self.user_data_dir);
    }
}

struct SessionState {
    sessions: HashSet<String>,
    console: Vec<String>,
}
