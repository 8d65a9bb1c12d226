//! The Fetch standard's request concept and its enumerated fields.
//!
//! <https://fetch.spec.whatwg.org/#requests>

use serde::{Deserialize, Serialize};

/// A request's mode. <https://fetch.spec.whatwg.org/#concept-request-mode>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// `same-origin`
    SameOrigin,
    /// `cors`
    Cors,
    /// `no-cors`
    NoCors,
    /// `navigate`
    Navigate,
}

/// A request's credentials mode.
/// <https://fetch.spec.whatwg.org/#concept-request-credentials-mode>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CredentialsMode {
    /// `omit`
    Omit,
    /// `same-origin`
    SameOrigin,
    /// `include`
    Include,
}

/// A request's redirect mode.
/// <https://fetch.spec.whatwg.org/#concept-request-redirect-mode>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RedirectMode {
    /// `follow`
    Follow,
    /// `error`
    Error,
    /// `manual`
    Manual,
}
