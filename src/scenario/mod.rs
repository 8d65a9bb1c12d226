//! Scenarios (`shared/scenario-format.md`): a page at some origin calls
//! `fetch()` (or loads an element) against servers whose answers are fixed;
//! `expect` says what a browser does. Used by `spec-fixtures/`, the CLI and
//! the browser conformance harness.
//!
//! - `format.rs`: the JSON format's types ([`Scenario`] and its parts).
//! - `runner.rs`: [`simulate`], [`verify`] and [`run_scenario`], which run a
//!   scenario through the engine as a browser profile would, and
//!   [`compare_expect`].

mod format;
mod runner;

pub use format::{
    Client, Expect, ExpectResult, FetchStep, HeaderPair, RequestInit, Scenario, ScenarioError,
    SentRequest, ServerEntry,
};
pub use runner::{
    FetchRun, Mismatch, SentHeaders, SimulateError, build_request, client_origin, compare_expect,
    expect_from_run, resolve_url, run_scenario, simulate, verify,
};

/// Which server entry answers a request (the runner's server), for `explain`.
pub(crate) use runner::Server;
