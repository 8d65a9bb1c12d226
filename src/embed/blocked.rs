//! A fetch that failed, as a browser reports it: the engine's reason, the
//! console message and the fix.

use std::fmt;

use crate::browser::BrowserName;
use crate::explain::{
    Fix, MessageContext, chromium_message, describe, firefox_message, fix, webkit_message,
};
use crate::fetch::{NetworkError, OutgoingRequest, Reason};

/// A fetch that ended in a network error, with what the browser's console
/// says about it and the change that fixes it.
#[derive(Clone, Debug)]
pub struct Blocked {
    /// The browser that blocked it.
    pub browser: BrowserName,
    /// The engine's network error (its [`Reason`] says why).
    pub error: NetworkError,
    /// The browser's console message (for the `spec` profile, and where no
    /// message was recorded, the engine's description).
    pub console: String,
    /// The fix.
    pub fix: Fix,
    /// Every request that went on the wire, in order.
    pub sent: Vec<OutgoingRequest>,
}

impl Blocked {
    /// The error with its message and fix for `browser`, given what the
    /// messages need to know about the request (`ctx`).
    pub fn new(
        browser: BrowserName,
        error: NetworkError,
        ctx: &MessageContext<'_>,
        sent: Vec<OutgoingRequest>,
    ) -> Blocked {
        let message = match browser {
            BrowserName::Chromium => chromium_message(&error, ctx),
            BrowserName::Firefox => firefox_message(&error, ctx),
            BrowserName::Webkit => webkit_message(&error, ctx),
            BrowserName::Spec => None,
        };
        let console = message.unwrap_or_else(|| describe(&error));
        let fix = fix(&error, ctx);
        Blocked {
            browser,
            error,
            console,
            fix,
            sent,
        }
    }

    /// Why the fetch failed.
    pub fn reason(&self) -> &Reason {
        &self.error.reason
    }

    /// Whether the network failed (no response, a timeout, a reset) rather
    /// than a browser check: not a CORS verdict.
    pub fn is_network_failure(&self) -> bool {
        matches!(self.error.reason, Reason::Network { .. })
    }
}

impl fmt::Display for Blocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} blocked the fetch of {}: {}\nfix: {}",
            self.browser.as_str(),
            self.error.url,
            self.console,
            self.fix.text
        )
    }
}

impl std::error::Error for Blocked {}
