//! Cross-Origin-Embedder-Policy: the page's embedder policy, from the
//! headers it was served with.
//! <https://html.spec.whatwg.org/multipage/browsers.html#coep>

use crate::http::headers::HeaderList;
pub use crate::http::policy_container::{EmbedderPolicy, EmbedderPolicyValue};

/// Parses one `Cross-Origin-Embedder-Policy` header value as a structured
/// field item whose bare item is a token; parameters (`report-to`) are
/// ignored. Anything else is `None` (the policy stays `unsafe-none`).
fn parse_value(value: &[u8]) -> Option<EmbedderPolicyValue> {
    let value = crate::http::headers::normalize_header_value(value);
    let token = value.split(|&b| b == b';').next().unwrap_or(value);
    let token = crate::http::headers::normalize_header_value(token);
    match token {
        b"require-corp" => Some(EmbedderPolicyValue::RequireCorp),
        b"credentialless" => Some(EmbedderPolicyValue::Credentialless),
        b"unsafe-none" => Some(EmbedderPolicyValue::UnsafeNone),
        _ => None,
    }
}

/// "Obtain an embedder policy" from the page's response headers. Only a
/// secure context gets a policy other than the default.
/// <https://html.spec.whatwg.org/multipage/browsers.html#obtain-an-embedder-policy>
pub fn obtain_embedder_policy(headers: &HeaderList, secure_context: bool) -> EmbedderPolicy {
    if !secure_context {
        return EmbedderPolicy::default();
    }
    // A structured field item: several header lines combine into a list,
    // which is not an item, so they leave the default.
    let read = |name: &[u8]| match headers.count(name) {
        1 => headers
            .get(name)
            .and_then(|v| parse_value(&v))
            .unwrap_or_default(),
        _ => EmbedderPolicyValue::UnsafeNone,
    };
    EmbedderPolicy {
        value: read(b"cross-origin-embedder-policy"),
        report_only_value: read(b"cross-origin-embedder-policy-report-only"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_value_table() {
        // ("unsafe-none" parsed or not gives the same policy: the default.)
        let table: &[(&[u8], Option<EmbedderPolicyValue>)] = &[
            (b"require-corp", Some(EmbedderPolicyValue::RequireCorp)),
            (b"credentialless", Some(EmbedderPolicyValue::Credentialless)),
            (
                b" credentialless ; report-to=\"e\"",
                Some(EmbedderPolicyValue::Credentialless),
            ),
            (b"unsafe-none", Some(EmbedderPolicyValue::UnsafeNone)),
            (b"Require-Corp", None),
            (b"require-corp, credentialless", None),
            (b"", None),
        ];
        for (value, want) in table {
            assert_eq!(
                parse_value(value),
                *want,
                "{:?}",
                String::from_utf8_lossy(value)
            );
        }
    }
}
