//! Records scenarios in a browser: check, run (retrying once after a crash
//! or hang, on a fresh browser), and write `expect` as observed.

use std::collections::BTreeMap;

use serde_json::Value;
use xorigin::browser::BrowserName;
use xorigin::scenario::{Expect, ExpectResult, Scenario, SentRequest};

use crate::check::Plan;
use crate::check::{self, CheckError};
use crate::chromium::Chromium;
use crate::driver::{Driver, DriverError, FetchOutcome, run_scenario};
use crate::firefox::Firefox;
use crate::server::{Handler, LoggedRequest, ServerError, TestServer};
use crate::webkit::Webkit;

/// Why a scenario has no recording.
#[derive(Debug)]
pub enum RecordError {
    /// The harness cannot run it.
    Invalid(CheckError),
    /// The browser crashed, hung or misbehaved on both attempts.
    Browser(DriverError),
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordError::Invalid(e) => write!(f, "cannot run: {e}"),
            RecordError::Browser(e) => write!(f, "browser failure (after one retry): {e}"),
        }
    }
}

impl std::error::Error for RecordError {}

/// A running browser of any kind: each is a [`Driver`], run by the one
/// fetch loop ([`run_scenario`]).
enum Browser {
    Chromium(Chromium),
    Firefox(Firefox),
    Webkit(Box<Webkit>),
}

impl Browser {
    async fn launch(
        name: BrowserName,
        path: &str,
        server: &TestServer,
        ip_address_space_overrides: &str,
    ) -> Result<Browser, DriverError> {
        match name {
            BrowserName::Firefox => Ok(Browser::Firefox(
                Firefox::launch_with_address_spaces(path, server.ip(), ip_address_space_overrides)
                    .await?,
            )),
            BrowserName::Webkit => Ok(Browser::Webkit(Box::new(
                Webkit::launch(path, server).await?,
            ))),
            _ => Ok(Browser::Chromium(
                Chromium::launch(
                    path,
                    &server.spki_hash(),
                    server.ip(),
                    ip_address_space_overrides,
                )
                .await?,
            )),
        }
    }

    async fn run(
        &self,
        server: &TestServer,
        s: &Scenario,
        plan: &Plan,
        verbose: bool,
    ) -> Result<Vec<FetchOutcome>, DriverError> {
        match self {
            Browser::Chromium(b) => run_scenario(b, server, s, plan, verbose).await,
            Browser::Firefox(b) => run_scenario(b, server, s, plan, verbose).await,
            Browser::Webkit(b) => run_scenario(b.as_ref(), server, s, plan, verbose).await,
        }
    }

    async fn version(&self) -> String {
        match self {
            Browser::Chromium(b) => b.version().await,
            Browser::Firefox(b) => b.version().await,
            Browser::Webkit(b) => b.version().await,
        }
    }

    async fn close(self) {
        match self {
            Browser::Chromium(b) => b.close().await,
            Browser::Firefox(b) => b.close().await,
            Browser::Webkit(b) => b.close().await,
        }
    }
}

/// A test server and a browser, reused across scenarios.
pub struct Harness {
    server: TestServer,
    browser: Option<Browser>,
    /// The `--ip-address-space-overrides` the running browser got.
    overrides: String,
    name: BrowserName,
    path: String,
    /// Print diagnostics to stderr.
    pub verbose: bool,
}

impl Harness {
    /// Starts the test server and the browser (`chromium` or `firefox`,
    /// the executable at `path`).
    pub async fn start(
        name: BrowserName,
        path: &str,
        ip: std::net::Ipv4Addr,
    ) -> Result<Harness, String> {
        let server = TestServer::start(ip)
            .await
            .map_err(|e: ServerError| e.to_string())?;
        let browser = Browser::launch(name, path, &server, "")
            .await
            .map_err(|e| e.to_string())?;
        Ok(Harness {
            server,
            browser: Some(browser),
            overrides: String::new(),
            name,
            path: path.to_string(),
            verbose: false,
        })
    }

    /// The browser's version.
    pub async fn version(&self) -> String {
        match &self.browser {
            Some(b) => b.version().await,
            None => "not running".into(),
        }
    }

    /// The browser recorded.
    pub fn browser_name(&self) -> BrowserName {
        self.name
    }

    /// Runs a scenario and returns it with every `expect` as recorded and
    /// `browser` set to the browser's name.
    pub async fn record(&mut self, s: &Scenario) -> Result<Scenario, RecordError> {
        self.record_served_by(s, None).await
    }

    /// [`Harness::record`], with every request outside the harness's pages
    /// answered by `handler` (when given) instead of `s.server`.
    pub async fn record_served_by(
        &mut self,
        s: &Scenario,
        handler: Option<Handler>,
    ) -> Result<Scenario, RecordError> {
        let mut plan = check::plan(s).map_err(RecordError::Invalid)?;
        plan.site.handler = handler;
        // Address spaces are per process in Chromium: a scenario that needs
        // other overrides gets a browser of its own (and the next scenario
        // without any gets a plain one again).
        let overrides = check::ip_address_space_overrides(&plan, self.server.ip());
        if overrides != self.overrides {
            if let Some(b) = self.browser.take() {
                b.close().await;
            }
            self.overrides = overrides;
        }
        let mut last = DriverError::Timeout;
        for attempt in 0..2 {
            if self.browser.is_none() {
                match Browser::launch(self.name, &self.path, &self.server, &self.overrides).await {
                    Ok(b) => self.browser = Some(b),
                    Err(e) => {
                        last = e;
                        continue;
                    }
                }
            }
            let Some(browser) = &self.browser else {
                continue;
            };
            match browser.run(&self.server, s, &plan, self.verbose).await {
                Ok(outcomes) => return Ok(recorded(s, outcomes, self.name)),
                Err(e) => {
                    if self.verbose {
                        eprintln!("  [{}] attempt {} failed: {e}", s.id, attempt + 1);
                    }
                    last = e;
                    // Start over with a fresh browser: the old one may be
                    // wedged.
                    if let Some(b) = self.browser.take() {
                        b.close().await;
                    }
                }
            }
        }
        Err(RecordError::Browser(last))
    }

    /// Stops the browser.
    pub async fn close(mut self) {
        if let Some(b) = self.browser.take() {
            b.close().await;
        }
    }
}

/// The scenario with each fetch's `expect` replaced by what `browser` was
/// observed doing.
pub fn recorded(s: &Scenario, outcomes: Vec<FetchOutcome>, browser: BrowserName) -> Scenario {
    let mut out = s.clone();
    out.browser = Some(browser);
    for (step, outcome) in out.fetches.iter_mut().zip(outcomes) {
        let page = &outcome.page;
        let ok = page["ok"].as_bool().unwrap_or(false);
        let element = page["element"].as_bool().unwrap_or(false);
        let mut expect = Expect {
            result: Some(if ok {
                ExpectResult::Ok
            } else {
                ExpectResult::NetworkError
            }),
            sent: Some(outcome.sent.iter().map(sent_request).collect()),
            ..Expect::default()
        };
        // (v1.2) XHR: status and getAllResponseHeaders() names, no type.
        let xhr = page["xhr"].as_bool().unwrap_or(false);
        if let Some(thrown) = page["thrown"].as_str() {
            expect.thrown = Some(thrown.to_owned());
        }
        if ok && !element {
            if !xhr {
                expect.response_type = page["type"].as_str().map(String::from);
            }
            expect.status = page["status"].as_u64().and_then(|n| u16::try_from(n).ok());
            let mut names: Vec<String> = page["headers"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_ascii_lowercase)
                        .collect()
                })
                .unwrap_or_default();
            names.sort();
            names.dedup();
            expect.visible_headers = Some(names);
        }
        step.expect = Some(expect);
        step.extra.insert(
            "console".into(),
            Value::Array(outcome.console.into_iter().map(Value::String).collect()),
        );
        match page["error"].as_str() {
            Some(err) if !ok => {
                step.extra
                    .insert("rejection".into(), Value::String(err.to_string()));
            }
            _ => {
                step.extra.remove("rejection");
            }
        }
    }
    out
}

/// A logged request as the scenario format's `sent` entry: lowercase names,
/// duplicates combined with ", ".
pub fn sent_request(r: &LoggedRequest) -> SentRequest {
    let mut headers: BTreeMap<String, Option<String>> = BTreeMap::new();
    for (name, value) in &r.headers {
        match headers.get_mut(name) {
            Some(Some(existing)) => {
                existing.push_str(", ");
                existing.push_str(value);
            }
            _ => {
                headers.insert(name.clone(), Some(value.clone()));
            }
        }
    }
    SentRequest {
        method: r.method.clone(),
        url: r.url.clone(),
        headers,
        extra: serde_json::Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sent_request_combines_duplicates_in_order() {
        let r = LoggedRequest {
            method: "GET".into(),
            url: "https://b.test/".into(),
            headers: vec![
                ("x-a".into(), "1".into()),
                ("origin".into(), "https://a.test".into()),
                ("x-a".into(), "2".into()),
            ],
            body: Vec::new(),
        };
        let s = sent_request(&r);
        assert_eq!(s.headers.get("x-a"), Some(&Some("1, 2".to_string())));
        assert_eq!(
            s.headers.get("origin"),
            Some(&Some("https://a.test".to_string()))
        );
        assert_eq!(s.headers.len(), 2);
    }

    #[test]
    fn recorded_fills_expect_by_outcome() {
        let s = Scenario::from_json(
            &json!({
                "id": "r", "client": {"origin": "https://a.test"},
                "fetches": [{"request": {"url": "https://b.test/"}},
                            {"request": {"url": "https://a.test/"}}]
            })
            .to_string(),
        )
        .expect("valid");
        let outcomes = vec![
            FetchOutcome {
                page: json!({"ok": false, "error": "TypeError: Failed to fetch"}),
                sent: Vec::new(),
                console: vec!["blocked".into()],
            },
            FetchOutcome {
                page: json!({"ok": true, "type": "basic", "status": 200, "headers": ["X-B", "a", "a"]}),
                sent: Vec::new(),
                console: Vec::new(),
            },
        ];
        let r = recorded(&s, outcomes, BrowserName::Chromium);
        assert_eq!(r.browser, Some(BrowserName::Chromium));
        let e0 = r.fetches[0].expect.clone().expect("recorded");
        assert_eq!(e0.result, Some(ExpectResult::NetworkError));
        assert_eq!(e0.status, None);
        assert_eq!(r.fetches[0].extra["console"], json!(["blocked"]));
        let e1 = r.fetches[1].expect.clone().expect("recorded");
        assert_eq!(e1.response_type.as_deref(), Some("basic"));
        assert_eq!(e1.status, Some(200));
        assert_eq!(
            e1.visible_headers,
            Some(vec!["a".to_string(), "x-b".to_string()])
        );
    }
}
