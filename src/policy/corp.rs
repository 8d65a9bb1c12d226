//! The cross-origin resource policy check (`Cross-Origin-Resource-Policy`).
//! <https://fetch.spec.whatwg.org/#cross-origin-resource-policy-header>

use serde::Serialize;

use crate::browser::CorpRules;
use crate::http::headers::HeaderList;
use crate::origin::{Origin, schemelessly_same_site};
use crate::policy::coep::{EmbedderPolicy, EmbedderPolicyValue};

/// Why the cross-origin resource policy check blocked a response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CorpBlocked {
    /// The policy that applied: the header's value, or `same-origin` implied
    /// by the embedder policy.
    pub policy: String,
    /// Whether the policy came from the page's embedder policy (the
    /// response had no valid `Cross-Origin-Resource-Policy`).
    pub implied_by_embedder_policy: bool,
    /// The page's embedder policy value.
    pub embedder_policy: EmbedderPolicyValue,
}

/// The cross-origin resource policy check, for a no-cors response from
/// `response_url` to a request from `origin`, read as `rules` says.
/// <https://fetch.spec.whatwg.org/#cross-origin-resource-policy-check>
pub fn cross_origin_resource_policy_check(
    origin: &Origin,
    embedder_policy: &EmbedderPolicy,
    response_headers: &HeaderList,
    response_url: &url::Url,
    request_included_credentials: bool,
    rules: &CorpRules,
) -> Result<(), CorpBlocked> {
    // The first pass with "unsafe-none" keeps violations unrelated to the
    // embedder policy apart; its outcome is folded into the second.
    internal_check(
        origin,
        EmbedderPolicyValue::UnsafeNone,
        response_headers,
        response_url,
        request_included_credentials,
        rules,
    )?;
    internal_check(
        origin,
        embedder_policy.value,
        response_headers,
        response_url,
        request_included_credentials,
        rules,
    )
}

/// The cross-origin resource policy internal check (not for navigations).
/// <https://fetch.spec.whatwg.org/#cross-origin-resource-policy-internal-check>
pub fn internal_check(
    origin: &Origin,
    embedder_policy: EmbedderPolicyValue,
    response_headers: &HeaderList,
    response_url: &url::Url,
    request_included_credentials: bool,
    rules: &CorpRules,
) -> Result<(), CorpBlocked> {
    // Byte-case-sensitive; two header lines combine into a value that
    // matches nothing, which is treated as absent.
    let header = response_headers.get(b"cross-origin-resource-policy");
    let mut policy: Option<&'static str> = match header.as_deref() {
        Some(b"same-origin") => Some("same-origin"),
        Some(b"same-site") => Some("same-site"),
        Some(b"cross-origin") => Some("cross-origin"),
        _ => None,
    };
    let mut implied = false;
    // Step 7 (the embedder policy's fallback); a profile may apply it only
    // to a missing or empty value.
    let absent = header.as_deref().is_none_or(<[u8]>::is_empty);
    if policy.is_none() && (absent || !rules.embedder_policy_implies_only_when_absent) {
        let same_origin = match embedder_policy {
            EmbedderPolicyValue::UnsafeNone => false,
            EmbedderPolicyValue::Credentialless => request_included_credentials,
            EmbedderPolicyValue::RequireCorp => true,
        };
        if same_origin {
            policy = Some("same-origin");
            implied = true;
        }
    }
    let response_origin = Origin::from_url(response_url);
    let allowed = match policy {
        None | Some("cross-origin") => true,
        Some("same-origin") => origin.same_origin(&response_origin),
        // same-site: schemelessly same site, and no https response to an
        // http page.
        Some(_) => {
            schemelessly_same_site(origin, &response_origin)
                && (matches!(origin, Origin::Tuple(t) if t.scheme() == "https")
                    || response_url.scheme() != "https")
        }
    };
    if allowed {
        Ok(())
    } else {
        Err(CorpBlocked {
            policy: policy.unwrap_or_default().to_owned(),
            implied_by_embedder_policy: implied,
            embedder_policy,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: CorpRules = CorpRules {
        embedder_policy_implies_only_when_absent: false,
    };
    const ONLY_WHEN_ABSENT: CorpRules = CorpRules {
        embedder_policy_implies_only_when_absent: true,
    };

    /// The internal check for a response from `https://api.b.test/r` to
    /// `https://app.a.test`, under `embedder_policy`.
    fn allowed(values: &[&str], embedder_policy: EmbedderPolicyValue, rules: &CorpRules) -> bool {
        let origin = Origin::from_url(&url::Url::parse("https://app.a.test/").unwrap());
        let url = url::Url::parse("https://api.b.test/r").unwrap();
        let headers: HeaderList = values
            .iter()
            .map(|v| ("Cross-Origin-Resource-Policy", *v))
            .collect();
        internal_check(&origin, embedder_policy, &headers, &url, false, rules).is_ok()
    }

    #[test]
    fn invalid_values_fall_back_to_the_embedder_policy_unless_the_profile_says_otherwise() {
        use EmbedderPolicyValue::{RequireCorp, UnsafeNone};
        // (values, allowed under require-corp per the standard, per a
        // profile that applies the fallback only to absent/empty values)
        let table: &[(&[&str], bool, bool)] = &[
            (&[], false, false),
            (&[""], false, false),
            (&["bogus"], false, true),
            (&["same-origin;"], false, true),
            (&["Same-Origin"], false, true),
            (&["cross-origin", "cross-origin"], false, true),
            (&["cross-origin"], true, true),
            (&["same-origin"], false, false),
            (&["same-site"], false, false),
        ];
        for &(values, spec, only_when_absent) in table {
            assert_eq!(allowed(values, RequireCorp, &SPEC), spec, "{values:?} spec");
            assert_eq!(
                allowed(values, RequireCorp, &ONLY_WHEN_ABSENT),
                only_when_absent,
                "{values:?} only when absent"
            );
            // Without an embedder policy the knob changes nothing.
            assert_eq!(
                allowed(values, UnsafeNone, &SPEC),
                allowed(values, UnsafeNone, &ONLY_WHEN_ABSENT),
                "{values:?} unsafe-none"
            );
        }
    }
}
