//! The `Referer` a request carries, as far as it follows from the page's
//! origin: "determine request's referrer" when the result is the origin-only
//! referrer or no referrer. A full-URL referrer needs the page's URL, which a
//! scenario does not give, so it is left unpredicted.
//! <https://w3c.github.io/webappsec-referrer-policy/#determine-requests-referrer>

use url::Url;

use crate::http::request::ReferrerPolicy;
use crate::origin::{Origin, is_potentially_trustworthy_url};

/// What a request's `Referer` header is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefererValue {
    /// No `Referer` header.
    None,
    /// The page's origin followed by `/`.
    OriginOnly(String),
    /// The page's full URL (stripped for use as a referrer), unknown here.
    FullUrl,
}

/// "Determine request's referrer" for a request from a page at `origin`
/// (the referrer source is the page) going to `current_url` under `policy`.
pub fn determine_referrer(
    origin: &Origin,
    policy: ReferrerPolicy,
    current_url: &Url,
) -> RefererValue {
    match referrer_kind(origin, policy, current_url) {
        Some(Some(serialization)) => RefererValue::OriginOnly(origin_only(serialization)),
        Some(None) => RefererValue::FullUrl,
        None => RefererValue::None,
    }
}

/// The origin-only referrer: the origin's serialization followed by `/`.
pub(crate) fn origin_only(serialization: &str) -> String {
    origin_only_pieces(serialization).concat()
}

/// [`origin_only`] in pieces, for a header appended without building it.
pub(crate) fn origin_only_pieces(serialization: &str) -> [&str; 2] {
    [serialization, "/"]
}

/// [`determine_referrer`] without building the value: `None` for no
/// referrer, `Some(None)` for the full URL, `Some(Some(origin))` for the
/// origin-only referrer of the page's serialized origin.
pub(crate) fn referrer_kind<'a>(
    origin: &'a Origin,
    policy: ReferrerPolicy,
    current_url: &Url,
) -> Option<Option<&'a str>> {
    let Origin::Tuple(page) = origin else {
        // A document with an opaque origin sends no referrer.
        return None;
    };
    let origin_only = || Some(Some(page.ascii_serialization()));
    // The page's URL is trustworthy exactly when its origin is (https, or
    // loopback and localhost).
    let downgrade =
        origin.is_potentially_trustworthy() && !is_potentially_trustworthy_url(current_url);
    let same_origin = origin.same_origin_with_url(current_url);
    match policy {
        ReferrerPolicy::NoReferrer => None,
        ReferrerPolicy::Origin => origin_only(),
        ReferrerPolicy::UnsafeUrl => Some(None),
        ReferrerPolicy::StrictOrigin if downgrade => None,
        ReferrerPolicy::StrictOrigin => origin_only(),
        ReferrerPolicy::StrictOriginWhenCrossOrigin if same_origin => Some(None),
        ReferrerPolicy::StrictOriginWhenCrossOrigin if downgrade => None,
        ReferrerPolicy::StrictOriginWhenCrossOrigin => origin_only(),
        ReferrerPolicy::SameOrigin if same_origin => Some(None),
        ReferrerPolicy::SameOrigin => None,
        ReferrerPolicy::OriginWhenCrossOrigin if same_origin => Some(None),
        ReferrerPolicy::OriginWhenCrossOrigin => origin_only(),
        ReferrerPolicy::NoReferrerWhenDowngrade if downgrade => None,
        ReferrerPolicy::NoReferrerWhenDowngrade => Some(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn referrer_table() {
        let https = Origin::parse_serialized("https://app.a.test").expect("origin");
        let http = Origin::parse_serialized("http://app.a.test").expect("origin");
        let url = |u: &str| Url::parse(u).expect("url");
        let o = |s: &str| RefererValue::OriginOnly(s.to_owned());
        use ReferrerPolicy::{
            NoReferrer, NoReferrerWhenDowngrade, OriginWhenCrossOrigin, SameOrigin, StrictOrigin,
            StrictOriginWhenCrossOrigin,
        };
        let cases = [
            (
                &https,
                StrictOriginWhenCrossOrigin,
                "https://api.b.test/",
                o("https://app.a.test/"),
            ),
            (
                &https,
                StrictOriginWhenCrossOrigin,
                "https://app.a.test/x",
                RefererValue::FullUrl,
            ),
            (
                &https,
                StrictOriginWhenCrossOrigin,
                "http://api.b.test/",
                RefererValue::None,
            ),
            (
                &https,
                StrictOriginWhenCrossOrigin,
                "http://127.0.0.1/",
                o("https://app.a.test/"),
            ),
            (
                &http,
                StrictOriginWhenCrossOrigin,
                "http://api.b.test/",
                o("http://app.a.test/"),
            ),
            (
                &https,
                NoReferrer,
                "https://api.b.test/",
                RefererValue::None,
            ),
            (
                &https,
                ReferrerPolicy::Origin,
                "http://api.b.test/",
                o("https://app.a.test/"),
            ),
            (
                &https,
                SameOrigin,
                "https://api.b.test/",
                RefererValue::None,
            ),
            (
                &https,
                StrictOrigin,
                "https://app.a.test/",
                o("https://app.a.test/"),
            ),
            (
                &https,
                NoReferrerWhenDowngrade,
                "http://api.b.test/",
                RefererValue::None,
            ),
            (
                &https,
                OriginWhenCrossOrigin,
                "http://api.b.test/",
                o("https://app.a.test/"),
            ),
        ];
        for (origin, policy, target, want) in cases {
            assert_eq!(
                determine_referrer(origin, policy, &url(target)),
                want,
                "{policy:?} {target}"
            );
        }
        assert_eq!(
            determine_referrer(
                &Origin::new_opaque(),
                ReferrerPolicy::Origin,
                &url("https://api.b.test/")
            ),
            RefererValue::None
        );
    }
}
