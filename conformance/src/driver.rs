//! One browser driver: what every browser the harness runs can do (open a
//! fresh session, load the harness page, run one fetch, drain the console,
//! close), and the one loop that runs a scenario's fetches through any of
//! them, collecting each fetch's page report, requests and console lines.

use std::time::{Duration, Instant};

use serde_json::Value;
use xorigin::scenario::Scenario;

use crate::cdp::CdpError;
use crate::check::Plan;
use crate::page::FetchSpec;
use crate::server::{LoggedRequest, TestServer};

/// The longest one fetch (or warm-up load) may take in the page.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(15);
/// How long to wait after the last fetch for late console messages and
/// requests.
const SETTLE: Duration = Duration::from_millis(30);

/// Why a scenario run did not produce a recording (never a verdict).
#[derive(Debug, Clone)]
pub enum DriverError {
    /// The browser could not be started.
    Launch(String),
    /// The DevTools (or BiDi) connection failed or timed out.
    Cdp(CdpError),
    /// The page did not load or is not at the expected origin.
    Page(String),
    /// The renderer crashed.
    Crashed,
    /// The scenario did not finish in time.
    Timeout,
    /// A WebDriver (classic) command failed.
    WebDriver(String),
}

impl std::fmt::Display for DriverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DriverError::Launch(e) => write!(f, "cannot launch the browser: {e}"),
            DriverError::Cdp(e) => write!(f, "{e}"),
            DriverError::Page(e) => write!(f, "harness page: {e}"),
            DriverError::Crashed => write!(f, "the renderer crashed"),
            DriverError::Timeout => write!(f, "the scenario hung (timed out)"),
            DriverError::WebDriver(e) => write!(f, "WebDriver: {e}"),
        }
    }
}

impl std::error::Error for DriverError {}

impl From<CdpError> for DriverError {
    fn from(e: CdpError) -> Self {
        DriverError::Cdp(e)
    }
}

/// What one fetch did, as observed.
#[derive(Debug, Clone)]
pub struct FetchOutcome {
    /// The page's report (`{ok, type, status, headers}` or `{ok:false, error}`).
    pub page: Value,
    /// The requests the server received during the fetch.
    pub sent: Vec<LoggedRequest>,
    /// Console messages logged during the fetch.
    pub console: Vec<String>,
}

/// Whether the page reported the fetch as failed.
fn failed(outcome: &FetchOutcome) -> bool {
    outcome.page["ok"].as_bool() != Some(true)
}

/// `-v` diagnostics of one scenario run: what happened, when.
pub struct Trace<'a> {
    id: &'a str,
    t0: Instant,
    verbose: bool,
}

impl Trace<'_> {
    /// Notes a step (with `-v`).
    pub fn note(&self, what: &str) {
        if self.verbose {
            eprintln!("  [{}] {what} after {:?}", self.id, self.t0.elapsed());
        }
    }
}

/// A running browser the harness drives. Its futures run on the harness's
/// own task (never spawned), so they need not be `Send`.
#[allow(async_fn_in_trait)]
pub trait Driver {
    /// One scenario's session: a fresh context with empty HTTP and preflight
    /// caches and no cookies, and the harness page's tab in it.
    type Session;

    /// What a scenario may take beyond the waits between its fetches.
    const BUDGET: Duration;

    /// The wait after a failed fetch for its last console lines, which this
    /// browser logs after the promise rejects (else the next fetch gets
    /// them).
    const FAILED_SETTLE: Duration = Duration::ZERO;

    /// The browser's name and version.
    async fn version(&self) -> String;

    /// Opens a fresh session for one scenario.
    async fn open(&self) -> Result<Self::Session, DriverError>;

    /// Loads the harness page (`plan.page_url`) in the session and waits
    /// until its script runs at `plan.origin`.
    async fn load_page(
        &self,
        session: &mut Self::Session,
        scenario: &Scenario,
        plan: &Plan,
        trace: &Trace<'_>,
    ) -> Result<(), DriverError>;

    /// Evaluates a promise-valued expression in the page: its value.
    async fn evaluate(
        &self,
        session: &mut Self::Session,
        expression: &str,
        timeout: Duration,
    ) -> Result<Value, DriverError>;

    /// Console messages logged since the last drain.
    async fn drain_console(&self, session: &mut Self::Session) -> Result<Vec<String>, DriverError>;

    /// Ends the session (its context and everything in it).
    async fn close_session(&self, session: Self::Session);

    /// Stops the browser.
    async fn close(self);

    /// Runs one fetch (or element load) in the page: the page's report.
    async fn run_fetch(
        &self,
        session: &mut Self::Session,
        spec: &FetchSpec<'_>,
    ) -> Result<Value, DriverError> {
        let spec = serde_json::to_string(spec).map_err(|e| DriverError::Page(e.to_string()))?;
        self.evaluate(
            session,
            &format!("window.__xorigin_run({spec})"),
            FETCH_TIMEOUT,
        )
        .await
    }
}

/// Runs a checked scenario in a fresh session of `driver`: each fetch's
/// page report, with the requests the server got and the console lines
/// logged from its start to the next fetch's.
pub async fn run_scenario<D: Driver>(
    driver: &D,
    server: &TestServer,
    scenario: &Scenario,
    plan: &Plan,
    verbose: bool,
) -> Result<Vec<FetchOutcome>, DriverError> {
    let waits: u64 = scenario.fetches.iter().map(|f| f.wait_ms).sum();
    let budget = D::BUDGET + Duration::from_millis(waits);
    let trace = Trace {
        id: &scenario.id,
        t0: Instant::now(),
        verbose,
    };
    let mut session = driver.open().await?;
    trace.note("session opened");
    let result = tokio::time::timeout(
        budget,
        run_fetches(driver, &mut session, server, scenario, plan, &trace),
    )
    .await
    .unwrap_or(Err(DriverError::Timeout));
    driver.close_session(session).await;
    trace.note("closed");
    result
}

/// The fetch loop: load the page, then run the fetches in order.
async fn run_fetches<D: Driver>(
    driver: &D,
    session: &mut D::Session,
    server: &TestServer,
    scenario: &Scenario,
    plan: &Plan,
    trace: &Trace<'_>,
) -> Result<Vec<FetchOutcome>, DriverError> {
    server
        .set_site(plan.site.clone(), &plan.hosts)
        .map_err(|e| DriverError::Page(e.to_string()))?;
    driver.load_page(session, scenario, plan, trace).await?;
    trace.note("page ready");
    let mut outcomes: Vec<FetchOutcome> = Vec::with_capacity(scenario.fetches.len());
    for step in &scenario.fetches {
        if step.wait_ms > 0 {
            tokio::time::sleep(Duration::from_millis(step.wait_ms)).await;
        }
        if !D::FAILED_SETTLE.is_zero() && outcomes.last().is_some_and(failed) {
            tokio::time::sleep(D::FAILED_SETTLE).await;
        }
        let console = driver.drain_console(session).await?;
        let log = server.take_log();
        match outcomes.last_mut() {
            Some(prev) => {
                prev.console.extend(console);
                prev.sent.extend(log);
            }
            None if trace.verbose && (!console.is_empty() || !log.is_empty()) => {
                eprintln!(
                    "  [{}] before the first fetch: console {console:?}, requests {:?}",
                    scenario.id,
                    log.iter().map(|r| &r.url).collect::<Vec<_>>()
                );
            }
            None => {}
        }
        let page = driver
            .run_fetch(session, &FetchSpec::new(&step.request))
            .await?;
        outcomes.push(FetchOutcome {
            page,
            sent: Vec::new(),
            console: Vec::new(),
        });
    }
    trace.note("fetches done");
    let settle = if outcomes.last().is_some_and(failed) {
        SETTLE.max(D::FAILED_SETTLE)
    } else {
        SETTLE
    };
    tokio::time::sleep(settle).await;
    let console = driver.drain_console(session).await?;
    if let Some(last) = outcomes.last_mut() {
        last.console.extend(console);
        last.sent.extend(server.take_log());
    }
    Ok(outcomes)
}
