//! The parts of HTML's policy container that a request's client carries
//! into Fetch. The headers that set them are parsed a floor up, in
//! [`crate::policy`].
//!
//! <https://html.spec.whatwg.org/multipage/browsers.html#policy-containers>

use serde::Serialize;

/// An embedder policy value.
/// <https://html.spec.whatwg.org/multipage/browsers.html#embedder-policy-value>
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EmbedderPolicyValue {
    /// `unsafe-none`, the default.
    #[default]
    UnsafeNone,
    /// `require-corp`: cross-origin no-cors responses need CORP.
    RequireCorp,
    /// `credentialless`: cross-origin no-cors requests go without credentials.
    Credentialless,
}

impl EmbedderPolicyValue {
    /// The token.
    pub fn as_str(self) -> &'static str {
        match self {
            EmbedderPolicyValue::UnsafeNone => "unsafe-none",
            EmbedderPolicyValue::RequireCorp => "require-corp",
            EmbedderPolicyValue::Credentialless => "credentialless",
        }
    }
}

/// A page's embedder policy (the reporting endpoints are not modelled).
/// <https://html.spec.whatwg.org/multipage/browsers.html#embedder-policy>
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct EmbedderPolicy {
    /// The enforced value.
    pub value: EmbedderPolicyValue,
    /// The report-only value (it only queues reports).
    pub report_only_value: EmbedderPolicyValue,
}
