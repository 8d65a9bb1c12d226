//! Property tests of origins and sites.

use proptest::prelude::*;
use url::{Host, Url};
use xorigin::origin::PublicSuffixList;
use xorigin::origin::{
    FileUrlOrigin, Origin, TupleOrigin, is_potentially_trustworthy_url, same_site,
    schemelessly_same_site,
};

/// Schemes with tuple origins, and their default ports.
const SCHEMES: &[(&str, u16)] = &[
    ("http", 80),
    ("https", 443),
    ("ws", 80),
    ("wss", 443),
    ("ftp", 21),
];

fn scheme() -> impl Strategy<Value = (&'static str, u16)> {
    prop::sample::select(SCHEMES)
}

/// Hosts in many forms: names under real and unknown suffixes, public
/// suffixes themselves, IDNA, trailing dots, IPv4 and IPv6.
fn host_text() -> impl Strategy<Value = String> {
    let label = "[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?";
    let suffix = prop::sample::select(vec![
        "com",
        "co.uk",
        "github.io",
        "test",
        "localhost",
        "example",
        "xn--kgbechtv",
    ]);
    prop_oneof![
        (prop::collection::vec(label, 0..3), suffix, any::<bool>()).prop_map(
            |(labels, suffix, dot)| {
                let mut h = labels.join(".");
                if !h.is_empty() {
                    h.push('.');
                }
                h.push_str(suffix);
                if dot {
                    h.push('.');
                }
                h
            }
        ),
        prop::sample::select(vec![
            "ÉXAMPLE.com",
            "maraña.example",
            "bücher.de",
            "EXAMPLE.COM",
        ])
        .prop_map(str::to_owned),
        any::<[u8; 4]>().prop_map(|o| format!("{}.{}.{}.{}", o[0], o[1], o[2], o[3])),
        any::<u32>().prop_map(|n| format!("{n:#x}")),
        any::<[u16; 8]>().prop_map(|p| {
            let ip = std::net::Ipv6Addr::new(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
            format!("[{ip}]")
        }),
        Just("[::1]".to_owned()),
    ]
}

/// A tuple origin built from a URL with the given scheme, host and port.
fn tuple_origin() -> impl Strategy<Value = Origin> {
    (scheme(), host_text(), prop::option::of(any::<u16>())).prop_filter_map(
        "URL parses",
        |((scheme, _), host, port)| {
            let port = port.map(|p| format!(":{p}")).unwrap_or_default();
            let url = Url::parse(&format!("{scheme}://{host}{port}/p?q#f")).ok()?;
            let origin = Origin::from_url(&url);
            (!origin.is_opaque()).then_some(origin)
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Serialize then parse gives the same tuple origin.
    #[test]
    fn serialize_then_parse_round_trips(o in tuple_origin()) {
        let s = o.ascii_serialization();
        let parsed = Origin::parse_serialized(s).expect("a serialization parses");
        prop_assert_eq!(&parsed, &o);
        prop_assert!(parsed.same_origin(&o));
        prop_assert_eq!(parsed.ascii_serialization(), s);
        let exact = Origin::parse_serialized_exact(s).expect("a serialization is canonical");
        prop_assert_eq!(&exact, &o);
        let bytes = Origin::parse_serialized_bytes(s.as_bytes()).expect("ASCII");
        prop_assert_eq!(&bytes, &o);
        // And the serialization is itself a URL with the same origin.
        let url = Url::parse(s).expect("a serialization is a URL");
        prop_assert_eq!(&Origin::from_url(&url), &o);
    }

    /// Rebuilding a tuple origin from its accessors gives it back.
    #[test]
    fn accessors_rebuild_the_tuple(o in tuple_origin()) {
        let t = o.as_tuple().expect("tuple");
        let rebuilt = TupleOrigin::new(t.scheme(), t.host().clone(), t.port()).expect("valid parts");
        prop_assert_eq!(&Origin::Tuple(rebuilt), &o);
    }

    /// same_origin is reflexive, symmetric and transitive on tuple origins,
    /// and agrees with `==` when no domain is set.
    #[test]
    fn same_origin_is_an_equivalence(a in tuple_origin(), b in tuple_origin(), c in tuple_origin()) {
        prop_assert!(a.same_origin(&a));
        prop_assert!(a.same_origin(&a.clone()));
        prop_assert_eq!(a.same_origin(&b), b.same_origin(&a));
        if a.same_origin(&b) && b.same_origin(&c) {
            prop_assert!(a.same_origin(&c));
        }
        prop_assert_eq!(a.same_origin(&b), a == b);
        prop_assert_eq!(a.same_origin(&b), a.ascii_serialization() == b.ascii_serialization());
        // Same origin-domain equals same origin while no domain is set.
        prop_assert_eq!(a.same_origin_domain(&b), a.same_origin(&b));
    }

    /// Transitivity needs equal pairs to be exercised: derive b and c from a
    /// through different spellings of the same origin.
    #[test]
    fn same_origin_transitive_on_respellings(o in tuple_origin()) {
        let t = o.as_tuple().expect("tuple");
        let upper = o.ascii_serialization().to_ascii_uppercase();
        let explicit_port = format!("{}:{}", o.ascii_serialization(), t.port_or_known_default().unwrap_or(0));
        if let (Ok(b), Ok(c)) = (Origin::parse_serialized(&upper), Origin::parse_serialized(&explicit_port)) {
            prop_assert!(o.same_origin(&b) && b.same_origin(&c) && o.same_origin(&c));
        }
    }

    /// Same origin implies same site, and same site implies schemelessly
    /// same site; both site relations are symmetric.
    #[test]
    fn same_origin_implies_same_site(a in tuple_origin(), b in tuple_origin()) {
        if a.same_origin(&b) {
            prop_assert!(same_site(&a, &b));
        }
        if same_site(&a, &b) {
            prop_assert!(schemelessly_same_site(&a, &b));
        }
        prop_assert_eq!(same_site(&a, &b), same_site(&b, &a));
        prop_assert_eq!(schemelessly_same_site(&a, &b), schemelessly_same_site(&b, &a));
        prop_assert!(same_site(&a, &a) && schemelessly_same_site(&a, &a));
        prop_assert_eq!(same_site(&a, &b), a.site() == b.site());
    }

    /// A site's host is the origin host's registrable domain when it has one,
    /// and the site of the site is itself (registrable domains are fixed points).
    #[test]
    fn site_host_is_registrable_domain(o in tuple_origin()) {
        let t = o.as_tuple().expect("tuple");
        let list = PublicSuffixList::default();
        let site = o.site();
        let xorigin::origin::Site::SchemeAndHost { scheme, host } = &site else {
            return Err(TestCaseError::fail("tuple origin with opaque site"));
        };
        prop_assert_eq!(scheme.as_str(), t.scheme());
        match list.registrable_domain(t.host()) {
            Some(rd) => {
                prop_assert_eq!(host, &Host::Domain(rd.clone()));
                prop_assert_eq!(list.registrable_domain(host), Some(rd));
            }
            None => prop_assert_eq!(host, t.host()),
        }
    }

    /// An explicit default port gives the same origin as none.
    #[test]
    fn explicit_default_port_is_no_port((scheme, port) in scheme(), host in host_text()) {
        let plain = Url::parse(&format!("{scheme}://{host}/"));
        let explicit = Url::parse(&format!("{scheme}://{host}:{port}/"));
        if let (Ok(plain), Ok(explicit)) = (plain, explicit) {
            let a = Origin::from_url(&plain);
            let b = Origin::from_url(&explicit);
            prop_assert!(a.same_origin(&b));
            prop_assert_eq!(a.ascii_serialization(), b.ascii_serialization());
            prop_assert_eq!(a.as_tuple().and_then(|t| t.port()), None);
            let parsed = Origin::parse_serialized(&format!("{}:{port}", a.ascii_serialization()))
                .expect("explicit default port parses");
            prop_assert!(parsed.same_origin(&a));
        }
    }

    /// No string makes any parser or origin function panic.
    #[test]
    fn parsers_never_panic(s in "\\PC{0,40}") {
        let _ = Origin::parse_serialized(&s);
        let _ = Origin::parse_serialized_exact(&s);
        let _ = Origin::parse_serialized_bytes(s.as_bytes());
        let _ = PublicSuffixList::default().public_suffix(&s);
        let _ = PublicSuffixList::from_list_text(&s);
        if let Ok(url) = Url::parse(&s) {
            for file in [FileUrlOrigin::Opaque, FileUrlOrigin::Tuple] {
                let o = Origin::from_url_with(&url, file);
                let _ = (o.site(), o.is_potentially_trustworthy(), o.ascii_serialization());
            }
            let _ = is_potentially_trustworthy_url(&url);
        }
    }

    /// Origin-shaped inputs: mostly near-misses of valid origins.
    #[test]
    fn origin_shaped_inputs_never_panic(
        scheme in "[a-zA-Z][a-zA-Z0-9+.-]{0,5}|https?|wss?|ftp|HTTPS",
        host in "[a-zA-Z0-9.:\\[\\]%@/?#\\\\ -]{0,20}|\\PC{0,10}",
        port in prop::option::of("[0-9+-]{0,7}"),
        tail in "[/?#]?\\PC{0,5}",
    ) {
        let port = port.map(|p| format!(":{p}")).unwrap_or_default();
        let s = format!("{scheme}://{host}{port}{tail}");
        if let Ok(o) = Origin::parse_serialized(&s) {
            // Whatever parses re-parses to itself from its serialization.
            let again = Origin::parse_serialized(o.ascii_serialization()).expect("reparses");
            prop_assert!(again.same_origin(&o) || o.is_opaque());
        }
        let _ = Origin::parse_serialized_bytes(s.as_bytes());
    }

    /// Arbitrary bytes, including invalid UTF-8.
    #[test]
    fn bytes_never_panic(b in prop::collection::vec(any::<u8>(), 0..48)) {
        let _ = Origin::parse_serialized_bytes(&b);
    }

    /// Arbitrary domain strings handed straight to the suffix list.
    #[test]
    fn registrable_domain_never_panics(d in "[a-z0-9.*!-]{0,24}|\\PC{0,12}") {
        let list = PublicSuffixList::default();
        let rd = list.registrable_domain(&Host::Domain(d.clone()));
        if let Some(rd) = rd {
            prop_assert!(d.ends_with(&rd));
        }
    }
}
