//! Invariants of HTML's same origin-domain relation and the
//! `document.domain` setter.

use proptest::prelude::*;
use xorigin::html::document_origin::{Document, SandboxingFlags, parse_a_sandboxing_directive};
use xorigin::origin::Origin;
use xorigin::origin::PublicSuffixList;

fn host() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["", "www.", "api.", "x.y."]),
        prop::sample::select(vec!["a", "b", "example"]),
        prop::sample::select(vec![".test", ".co.uk", ".github.io", ".com"]),
    )
        .prop_map(|(p, l, s)| format!("{p}{l}{s}"))
}

fn origin() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["http", "https"]),
        host(),
        prop::sample::select(vec!["", ":8080", ":8443"]),
    )
        .prop_map(|(s, h, p)| format!("{s}://{h}{p}"))
}

/// A candidate `document.domain` value: a suffix of `host` at some label,
/// or something unrelated.
fn values(host: &str) -> Vec<String> {
    let mut v: Vec<String> = host
        .match_indices('.')
        .map(|(i, _)| host.get(i + 1..).unwrap_or("").to_owned())
        .collect();
    v.push(host.to_owned());
    v.push("b.test".to_owned());
    v.push(String::new());
    v
}

proptest! {
    /// An opaque origin is same origin-domain only with itself, whatever
    /// the other document does with document.domain.
    #[test]
    fn opaque_same_origin_domain_only_with_itself(other in origin(), pick in 0usize..8) {
        let l = PublicSuffixList::Embedded;
        let opaque = Origin::new_opaque();
        let mut d = Document::new(opaque.clone());
        let mut t = Document::new(Origin::parse_serialized(&other).expect("parses"));
        let host = t.domain();
        let vs = values(&host);
        if let Some(v) = vs.get(pick % vs.len()) {
            let _ = t.set_domain(v, &l);
            // The opaque document's setter always fails (step 4), so it
            // never changes.
            prop_assert!(d.set_domain(v, &l).is_err());
        }
        prop_assert!(d.can_access(&d.clone()));
        prop_assert!(!d.can_access(&t));
        prop_assert!(!t.can_access(&d));
        prop_assert!(!d.can_access(&Document::new(Origin::new_opaque())));
        prop_assert!(opaque.same_origin_domain(&d.origin));
    }

    /// Whatever both documents assign, different schemes never become same
    /// origin-domain; ports only stop mattering when *both* set a domain.
    #[test]
    fn document_domain_never_bridges_schemes(a in origin(), b in origin(), pa in 0usize..8, pb in 0usize..8) {
        let l = PublicSuffixList::Embedded;
        let mut x = Document::new(Origin::parse_serialized(&a).expect("parses"));
        let mut y = Document::new(Origin::parse_serialized(&b).expect("parses"));
        let (hx, hy) = (x.domain(), y.domain());
        let (vx, vy) = (values(&hx), values(&hy));
        let set_x = vx.get(pa % vx.len()).map(|v| x.set_domain(v, &l).is_ok()).unwrap_or(false);
        let set_y = vy.get(pb % vy.len()).map(|v| y.set_domain(v, &l).is_ok()).unwrap_or(false);
        let (tx, ty) = (x.origin.as_tuple().expect("tuple"), y.origin.as_tuple().expect("tuple"));
        if tx.scheme() != ty.scheme() {
            prop_assert!(!x.can_access(&y));
        }
        if set_x != set_y {
            prop_assert!(!x.can_access(&y), "one side set, the other not");
        }
        if !set_x && !set_y {
            prop_assert_eq!(x.can_access(&y), x.origin.same_origin(&y.origin));
        }
        prop_assert_eq!(x.can_access(&y), y.can_access(&x));
    }

    /// A successful assignment leaves a domain that is the host or a
    /// dot-suffix of it, and never a public suffix.
    #[test]
    fn setter_only_shortens_to_registrable(a in origin(), pick in 0usize..8) {
        let l = PublicSuffixList::Embedded;
        let mut x = Document::new(Origin::parse_serialized(&a).expect("parses"));
        let host = x.domain();
        let vs = values(&host);
        let v = vs.get(pick % vs.len()).cloned().unwrap_or_default();
        if x.set_domain(&v, &l).is_ok() {
            let now = x.domain();
            let dotted = format!(".{}", now);
            prop_assert!(now == host || host.ends_with(&dotted));
            prop_assert_ne!(l.public_suffix(&now), Some(now.clone()));
        }
    }

    /// Any sandbox attribute sets the document.domain flag; the origin flag
    /// is lifted exactly by allow-same-origin.
    #[test]
    fn sandbox_always_blocks_document_domain(tokens in prop::collection::vec(prop::sample::select(vec![
        "allow-scripts", "allow-same-origin", "ALLOW-SAME-ORIGIN", "allow-forms", "allow-popups", "junk"]), 0..5)) {
        let attr = tokens.join(" ");
        let flags = parse_a_sandboxing_directive(&attr);
        prop_assert!(flags.contains(SandboxingFlags::DOCUMENT_DOMAIN));
        let same_origin = tokens.iter().any(|t| t.eq_ignore_ascii_case("allow-same-origin"));
        prop_assert_eq!(flags.contains(SandboxingFlags::ORIGIN), !same_origin);
    }
}
