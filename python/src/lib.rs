//! The native half of the `xorigin` Python package: the engine's one-shot
//! calls ([`xorigin::json::simulate`], [`xorigin::json::check`]) as JSON text
//! in and out, and the exception types their errors become. The Python half
//! (`xorigin/__init__.py`) turns dicts into JSON text and back.
//!
//! The engine runs with the GIL released (it is pure computation, no I/O).
#![forbid(unsafe_code)]

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use xorigin::json::{self, JsonError, JsonErrorKind};

create_exception!(
    xorigin,
    XoriginError,
    PyValueError,
    "Input that xorigin cannot run; every other xorigin exception is one."
);
create_exception!(
    xorigin,
    InvalidJson,
    XoriginError,
    "The input is not JSON, or not of the expected shape (a field of the wrong type, an unknown field, a missing required field)."
);
create_exception!(
    xorigin,
    InvalidScenario,
    XoriginError,
    "The scenario is of the right shape but cannot be run (a bad URL or origin, a server with conflicting entries)."
);
create_exception!(
    xorigin,
    InvalidRequest,
    XoriginError,
    "The check's request cannot be made (a bad URL, origin, method or header)."
);
create_exception!(
    xorigin,
    UnknownBrowser,
    XoriginError,
    "The browser's name is none of chromium, firefox, webkit, spec."
);

/// The exception a [`JsonError`] becomes: one type per [`JsonErrorKind`].
fn to_py(e: JsonError) -> PyErr {
    match e.kind {
        JsonErrorKind::InvalidJson => InvalidJson::new_err(e.message),
        JsonErrorKind::InvalidScenario => InvalidScenario::new_err(e.message),
        JsonErrorKind::InvalidRequest => InvalidRequest::new_err(e.message),
        JsonErrorKind::UnknownBrowser => UnknownBrowser::new_err(e.message),
    }
}

/// The result as the command line prints it with `--json` (compact).
fn text(value: &serde_json::Value) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| XoriginError::new_err(e.to_string()))
}

/// `simulate_json(scenario, browser)`: the scenario (JSON text) with every
/// fetch's `expect` filled in, as JSON text; `browser` None: the
/// scenario's own `browser`, else the standard.
#[pyfunction]
#[pyo3(signature = (scenario, browser=None))]
fn simulate_json(py: Python<'_>, scenario: &str, browser: Option<&str>) -> PyResult<String> {
    let browser = browser.map(json::browser_name).transpose().map_err(to_py)?;
    let out = py.detach(|| json::simulate(scenario, browser).map_err(to_py))?;
    text(&out)
}

/// `browser_name(name)`: `name` if it is one of `chromium`, `firefox`,
/// `webkit`, `spec`; else [`UnknownBrowser`].
#[pyfunction]
fn browser_name(name: &str) -> PyResult<&str> {
    json::browser_name(name).map_err(to_py)?;
    Ok(name)
}

/// `check_json(input)`: one request against the server's answers (the
/// input object of `xorigin::json::check`, as JSON text), as `xorigin check
/// --json` prints it, as JSON text.
#[pyfunction]
fn check_json(py: Python<'_>, input: &str) -> PyResult<String> {
    let out = py.detach(|| json::check(input).map_err(to_py))?;
    text(&out)
}

/// The Rust engine of the `xorigin` package; use the functions of
/// `xorigin` itself.
#[pymodule]
mod _xorigin {
    #[pymodule_export]
    use super::{
        InvalidJson, InvalidRequest, InvalidScenario, UnknownBrowser, XoriginError, browser_name,
        check_json, simulate_json,
    };
}
