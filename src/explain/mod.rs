//! Explanations: every network error the engine can give, rendered the way
//! Chromium, Firefox and WebKit print it in the console, with the change a
//! server (or page) must make.
//!
//! This is the edge where structured reasons become text; the engine below
//! never formats a message. The message templates come from the browsers'
//! sources (Chromium `cors_error_string.cc`, Firefox `security.properties`,
//! WebKit `CrossOriginAccessControl.cpp`), catalogued in the project's
//! browser-evidence notes; a reason for which a browser prints nothing
//! CORS-specific (or whose text is not known) gives `None`.
//!
//! The map (every item is re-exported here):
//!
//! | file | what |
//! |---|---|
//! | `check.rs` | [`check`]: one request in every browser at once ([`CheckRequest`] → [`CheckResult`]), what `xorigin check` prints |
//! | `message.rs` | [`MessageContext`], what every message needs; [`type_error_message`] |
//! | `chromium.rs` | [`chromium_message`], [`chromium_console`] |
//! | `firefox.rs` | [`firefox_message`], [`firefox_reason_code`], [`firefox_console`] |
//! | `webkit.rs` | [`webkit_message`], [`webkit_load_line`] |
//! | `describe.rs` | [`describe`]: the reason in a sentence |
//! | `fix.rs` | [`fix`]: the header (or page change) that fixes it |
//! | `classify.rs` | [`classify`]: main fetch's branch ([`crate::fetch::main_fetch_branch`]) in words |
//! | `report.rs` | the report model ([`Explanation`]), [`explain_run`], [`explain_scenario`] |
//! | `render.rs` | [`render`]: the human report, with or without ANSI [`Style`] |
//!
//! Runs come from [`crate::fetch::trace_fetch`], a driver that lives with
//! the others in [`crate::fetch`].

mod check;
mod chromium;
mod classify;
mod describe;
mod firefox;
mod fix;
mod message;
mod render;
mod report;
#[cfg(test)]
mod tests;
mod webkit;

pub use check::{
    BROWSERS, BrowserVerdict, CheckError, CheckRequest, CheckResult, CheckServer, PreparedCheck,
    check, explain_scenario_across, host_address_space,
};
pub use chromium::{chromium_console, chromium_message};
pub use classify::{Classification, classify};
pub use describe::describe;
pub use firefox::{firefox_console, firefox_message, firefox_reason_code};
pub use fix::{Fix, FixTarget, fix};
pub use message::{MessageContext, type_error_message, type_error_message_in};
pub use render::{Style, render};
pub use report::{
    BrowserReport, CheckReport, ExchangeReport, Explanation, HeaderPair, RequestSummary,
    ResponseReport, ServerConfig, Verdict, explain_run, explain_scenario, server_config,
};
pub use webkit::{webkit_load_line, webkit_message};
