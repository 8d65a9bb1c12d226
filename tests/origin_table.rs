//! Table-driven tests of origins and sites: the standards' examples
//! (URL "origin", HTML "Origins"/"Sites", Secure Contexts), cases after
//! web-platform-tests `url/` (`urltestdata.json` origins) and
//! `html/browsers/origin/`, IDNA and IP address forms.

use url::{Host, Url};
use xorigin::origin::PublicSuffixList;
use xorigin::origin::{
    FileUrlOrigin, HostError, Origin, OriginParseError, Site, TupleOrigin,
    is_potentially_trustworthy_url, same_site, same_site_with, schemelessly_same_site,
    schemelessly_same_site_with,
};

fn url(s: &str) -> Url {
    Url::parse(s).unwrap_or_else(|e| panic!("test URL {s:?} does not parse: {e}"))
}

fn origin(s: &str) -> Origin {
    Origin::from_url(&url(s))
}

/// One URL: its origin's serialization, its site's serialization, whether the
/// origin is potentially trustworthy, and whether the URL is.
struct UrlCase {
    url: &'static str,
    origin: &'static str,
    site: &'static str,
    origin_trustworthy: bool,
    url_trustworthy: bool,
}

const fn case(
    url: &'static str,
    origin: &'static str,
    site: &'static str,
    origin_trustworthy: bool,
    url_trustworthy: bool,
) -> UrlCase {
    UrlCase {
        url,
        origin,
        site,
        origin_trustworthy,
        url_trustworthy,
    }
}

#[rustfmt::skip]
const URL_CASES: &[UrlCase] = &[
    // Tuple origins; default ports vanish, other ports stay.
    case("https://example.com/path?q#f", "https://example.com", "https://example.com", true, true),
    case("http://example.com:80/", "http://example.com", "http://example.com", false, false),
    case("https://example.com:443/", "https://example.com", "https://example.com", true, true),
    case("https://example.com:8443/", "https://example.com:8443", "https://example.com", true, true),
    case("HTTP://EXAMPLE.COM:0080/", "http://example.com", "http://example.com", false, false),
    case("https://user:pass@example.com:443/", "https://example.com", "https://example.com", true, true),
    case("ws://example.com:80/chat", "ws://example.com", "ws://example.com", false, false),
    case("wss://example.com:443/", "wss://example.com", "wss://example.com", true, true),
    case("ftp://example.com:21/", "ftp://example.com", "ftp://example.com", false, false),
    case("http://f:0/c", "http://f:0", "http://f", false, false),
    case("http://www.example.com:21/", "http://www.example.com:21", "http://example.com", false, false),
    // Hosts: IPv4 forms, IPv6, trailing dot, percent-encoding, IDNA.
    case("http://0x7f.1/", "http://127.0.0.1", "http://127.0.0.1", true, true),
    case("http://127.255.255.254/", "http://127.255.255.254", "http://127.255.255.254", true, true),
    case("http://128.0.0.1/", "http://128.0.0.1", "http://128.0.0.1", false, false),
    case("https://0300.0250.0.1/", "https://192.168.0.1", "https://192.168.0.1", true, true),
    case("http://192.168.0.1:8080/", "http://192.168.0.1:8080", "http://192.168.0.1", false, false),
    case("http://[::1]:80/", "http://[::1]", "http://[::1]", true, true),
    case("http://[0:0:0:0:0:0:0:1]:8080/", "http://[::1]:8080", "http://[::1]", true, true),
    case("http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]", "http://[::ffff:7f00:1]", false, false),
    case("https://EXAMPLE.com./", "https://example.com.", "https://example.com.", true, true),
    case("http://ex%61mple.com/", "http://example.com", "http://example.com", false, false),
    case("https://ÉXAMPLE.com/", "https://xn--xample-9ua.com", "https://xn--xample-9ua.com", true, true),
    case("https://maraña.example/", "https://xn--maraa-rta.example", "https://xn--maraa-rta.example", true, true),
    case("https://xn--maraa-rta.example/", "https://xn--maraa-rta.example", "https://xn--maraa-rta.example", true, true),
    case("https://sub.example.إختبار/", "https://sub.example.xn--kgbechtv", "https://example.xn--kgbechtv", true, true),
    // Sites: registrable domains, public suffixes, private suffixes.
    case("https://sub.www.example.co.uk/", "https://sub.www.example.co.uk", "https://example.co.uk", true, true),
    case("https://co.uk/", "https://co.uk", "https://co.uk", true, true),
    case("https://whatwg.github.io/", "https://whatwg.github.io", "https://whatwg.github.io", true, true),
    case("https://a.b.whatwg.github.io/", "https://a.b.whatwg.github.io", "https://whatwg.github.io", true, true),
    case("https://github.io/", "https://github.io", "https://github.io", true, true),
    // localhost (let-localhost-be-localhost).
    case("http://localhost:3000/", "http://localhost:3000", "http://localhost", true, true),
    case("http://localhost./", "http://localhost.", "http://localhost.", true, true),
    case("http://app.localhost/", "http://app.localhost", "http://app.localhost", true, true),
    case("http://api.app.localhost./", "http://api.app.localhost.", "http://app.localhost.", true, true),
    case("http://localhost.example/", "http://localhost.example", "http://localhost.example", false, false),
    // blob: the inner URL's origin when it is http(s) or file.
    case("blob:https://whatwg.org/d0360e2f-caee-469f-9a2f-87d5b0456f6f", "https://whatwg.org", "https://whatwg.org", true, true),
    case("blob:https://example.org:443/", "https://example.org", "https://example.org", true, true),
    case("blob:http://example.org:88/x", "http://example.org:88", "http://example.org", false, false),
    case("blob:d3958f5c-0777-0845-9dcf-2cb28783acaf", "null", "null", false, false),
    case("blob:", "null", "null", false, false),
    case("blob:ftp://host/path", "null", "null", false, false),
    case("blob:ws://example.org/", "null", "null", false, false),
    case("blob:wss://example.org/", "null", "null", false, false),
    case("blob:blob:https://example.org/", "null", "null", false, false),
    case("blob:about:blank", "null", "null", false, false),
    case("blob:http%3a//example.org/", "null", "null", false, false),
    case("blob:file:///tmp/x", "null", "null", false, true),
    // Opaque origins; some URLs are trustworthy on their own.
    case("file:///etc/passwd", "null", "null", false, true),
    case("file://server/share", "null", "null", false, true),
    case("data:text/html,hi", "null", "null", false, true),
    case("about:blank", "null", "null", false, true),
    case("about:blank?x#y", "null", "null", false, true),
    case("about:srcdoc", "null", "null", false, true),
    case("about:config", "null", "null", false, false),
    case("javascript:alert(1)", "null", "null", false, false),
    case("foo://example.com/", "null", "null", false, false),
    case("non-special://test:@test/x", "null", "null", false, false),
    case("mailto:a@example.com", "null", "null", false, false),
];

#[test]
fn url_origins_sites_and_trustworthiness() {
    assert!(URL_CASES.len() >= 40);
    for c in URL_CASES {
        let u = url(c.url);
        let o = Origin::from_url(&u);
        assert_eq!(o.ascii_serialization(), c.origin, "origin of {}", c.url);
        assert_eq!(o.to_string(), c.origin, "Display of origin of {}", c.url);
        assert_eq!(o.is_opaque(), c.origin == "null", "opaque {}", c.url);
        assert_eq!(o.site().serialization(), c.site, "site of {}", c.url);
        assert_eq!(o.site().to_string(), c.site, "Display of site of {}", c.url);
        assert_eq!(
            o.is_potentially_trustworthy(),
            c.origin_trustworthy,
            "origin trustworthy {}",
            c.url
        );
        assert_eq!(
            is_potentially_trustworthy_url(&u),
            c.url_trustworthy,
            "URL trustworthy {}",
            c.url
        );
        // Tuple origins are same origin and same site with themselves, and
        // their serialization parses back to the same origin.
        if let Origin::Tuple(_) = o {
            let again = Origin::from_url(&u);
            assert!(o.same_origin(&again), "{}", c.url);
            assert!(same_site(&o, &again), "{}", c.url);
            let parsed = Origin::parse_serialized(c.origin)
                .unwrap_or_else(|e| panic!("{} does not parse back: {e}", c.origin));
            assert!(parsed.same_origin(&o), "{}", c.url);
            assert_eq!(parsed, o, "{}", c.url);
        } else {
            // URL: "these URLs cannot be same origin with themselves".
            let again = Origin::from_url(&u);
            assert!(!o.same_origin(&again), "{}", c.url);
            assert!(!same_site(&o, &again), "{}", c.url);
            assert!(!schemelessly_same_site(&o, &again), "{}", c.url);
            assert!(o.same_origin(&o.clone()), "{}", c.url);
        }
    }
}

/// Two URLs: same origin, same site, schemelessly same site.
#[rustfmt::skip]
const PAIRS: &[(&str, &str, bool, bool, bool)] = &[
    ("https://example.com/", "https://example.com:443/x", true, true, true),
    ("https://example.com/", "http://example.com/", false, false, true),
    ("https://example.com:8443/", "https://example.com/", false, true, true),
    ("http://localhost:3000/", "http://localhost:4000/", false, true, true),
    ("ws://example.com/", "http://example.com/", false, false, true),
    ("http://127.0.0.1/", "http://0x7f.1/", true, true, true),
    ("http://127.0.0.1/", "http://2130706433/", true, true, true),
    ("http://127.0.0.1/", "http://127.0.0.2/", false, false, false),
    ("http://[::1]:80/", "http://[0::1]/", true, true, true),
    ("https://ÉXAMPLE.com/", "https://éxample.com/", true, true, true),
    ("https://maraña.example/", "https://xn--maraa-rta.example/", true, true, true),
    ("blob:https://a.test/x", "https://a.test/", true, true, true),
    ("blob:https://a.test/x", "https://sub.a.test/", false, true, true),
    ("https://a.example.co.uk/", "https://b.example.co.uk/", false, true, true),
    ("https://example.co.uk/", "https://other.co.uk/", false, false, false),
    ("https://a.github.io/", "https://b.github.io/", false, false, false),
    ("https://github.io/", "https://github.io:444/", false, true, true),
    ("https://github.io/", "http://github.io/", false, false, true),
    ("http://app.localhost/", "http://api.app.localhost/", false, true, true),
    ("https://sub.example.com/", "https://example.com./", false, false, false),
    ("http://192.168.0.1/", "http://192.168.0.2/", false, false, false),
    ("http://192.168.0.1/", "https://192.168.0.1/", false, false, true),
    ("https://a.test/", "data:text/plain,x", false, false, false),
    ("file:///a", "file:///a", false, false, false),
    ("data:,x", "data:,x", false, false, false),
];

#[test]
fn pairs_same_origin_and_site() {
    for &(a, b, so, ss, sss) in PAIRS {
        let (oa, ob) = (origin(a), origin(b));
        for (x, y) in [(&oa, &ob), (&ob, &oa)] {
            assert_eq!(x.same_origin(y), so, "same origin {a} {b}");
            assert_eq!(x.same_origin_domain(y), so, "same origin-domain {a} {b}");
            assert_eq!(same_site(x, y), ss, "same site {a} {b}");
            assert_eq!(schemelessly_same_site(x, y), sss, "schemelessly {a} {b}");
            assert_eq!(x.site().same_site(&y.site()), ss, "site same site {a} {b}");
        }
    }
}

/// HTML's "Sites" example table, which assumes `wildlife.museum`, `museum`
/// and `com` are public suffixes (the live list has since dropped them), so
/// it runs on a custom list.
#[test]
fn html_sites_example_with_custom_list() {
    let list = PublicSuffixList::from_list_text("com\nmuseum\nwildlife.museum\n")
        .expect("custom list parses");
    #[rustfmt::skip]
    let rows: &[(&str, &str, bool, bool)] = &[
        ("https://example.com", "https://sub.example.com", true, true),
        ("https://example.com", "https://sub.other.example.com", true, true),
        ("https://example.com", "http://non-secure.example.com", true, false),
        ("https://r.wildlife.museum", "https://sub.r.wildlife.museum", true, true),
        ("https://r.wildlife.museum", "https://sub.other.r.wildlife.museum", true, true),
        ("https://r.wildlife.museum", "https://other.wildlife.museum", false, false),
        ("https://r.wildlife.museum", "https://wildlife.museum", false, false),
        ("https://wildlife.museum", "https://wildlife.museum", true, true),
        ("https://example.com", "https://example.com.", false, false),
    ];
    for &(a, b, schemeless, same) in rows {
        let (oa, ob) = (origin(a), origin(b));
        assert_eq!(
            schemelessly_same_site_with(&oa, &ob, &list),
            schemeless,
            "{a} {b}"
        );
        assert_eq!(
            schemelessly_same_site_with(&ob, &oa, &list),
            schemeless,
            "{b} {a}"
        );
        assert_eq!(same_site_with(&oa, &ob, &list), same, "{a} {b}");
        assert_eq!(same_site_with(&ob, &oa, &list), same, "{b} {a}");
    }
    let site = origin("https://sub.other.r.wildlife.museum").site_with(&list);
    assert_eq!(site.serialization(), "https://r.wildlife.museum");
}

#[test]
fn opaque_origin_identity_and_sites() {
    let a = Origin::new_opaque();
    let same = a.clone();
    let other = Origin::new_opaque();
    assert!(a.same_origin(&same) && a.same_origin_domain(&same));
    assert!(same_site(&a, &same) && schemelessly_same_site(&a, &same));
    assert!(!a.same_origin(&other) && !a.same_origin_domain(&other));
    assert!(!same_site(&a, &other) && !schemelessly_same_site(&a, &other));
    assert!(matches!(a.site(), Site::Opaque(_)));
    assert_eq!(a.site(), same.site());
    assert_ne!(a.site(), other.site());
    // An opaque origin against a tuple origin: never.
    let t = origin("https://a.test/");
    assert!(!a.same_origin(&t) && !same_site(&a, &t) && !schemelessly_same_site(&t, &a));
    // document.domain cannot be set on an opaque origin.
    let d = a.clone().with_domain(Some(Host::Domain("a.test".into())));
    assert_eq!(d, a);
    assert_eq!(d.effective_domain(), None);
}

/// `document.domain`, after HTML's same origin-domain table and
/// `html/browsers/origin/relaxing-the-same-origin-restriction` tests.
#[test]
fn document_domain() {
    let d = |s: &str| Some(Host::Domain(s.to_owned()));
    let a = origin("https://sub1.example.org:314/").with_domain(d("example.org"));
    let b = origin("https://sub2.example.org:420/").with_domain(d("example.org"));
    assert!(!a.same_origin(&b));
    assert!(a.same_origin_domain(&b), "same domain, ports ignored");
    let http = origin("http://sub2.example.org/").with_domain(d("example.org"));
    assert!(!a.same_origin_domain(&http), "schemes differ");
    let plain = origin("https://sub1.example.org:314/");
    assert!(a.same_origin(&plain));
    assert!(
        !a.same_origin_domain(&plain),
        "one domain set, the other null"
    );
    assert_eq!(
        a.as_tuple().and_then(|t| t.domain()),
        d("example.org").as_ref()
    );
    // Domain changes neither serialization nor site.
    assert_eq!(a.ascii_serialization(), "https://sub1.example.org:314");
    assert_eq!(a.site(), plain.site());
    // Clearing the domain restores same origin-domain with the plain origin.
    assert!(a.with_domain(None).same_origin_domain(&plain));
}

#[test]
fn tuple_accessors() {
    let o = origin("https://[::1]:8443/x");
    let t = o.as_tuple().expect("tuple");
    assert_eq!(t.scheme(), "https");
    assert_eq!(
        t.host(),
        &Host::<String>::Ipv6(std::net::Ipv6Addr::LOCALHOST)
    );
    assert_eq!(t.port(), Some(8443));
    assert_eq!(t.domain(), None);
    let o = origin("HTTP://Example.COM:80/");
    let t = o.as_tuple().expect("tuple");
    assert_eq!(t.scheme(), "http");
    assert_eq!(t.host(), &Host::Domain("example.com".to_owned()));
    assert_eq!(t.port(), None);
    assert_eq!(t.port_or_known_default(), Some(80));
}

#[test]
fn file_url_origin_knob() {
    let u = url("file:///home/me/index.html");
    assert!(Origin::from_url(&u).is_opaque());
    assert!(Origin::from_url_with(&u, FileUrlOrigin::Opaque).is_opaque());
    let t = Origin::from_url_with(&u, FileUrlOrigin::Tuple);
    assert_eq!(t.ascii_serialization(), "file://");
    assert!(t.is_potentially_trustworthy());
    let t2 = Origin::from_url_with(&url("file:///other"), FileUrlOrigin::Tuple);
    assert!(t.same_origin(&t2));
    let server = Origin::from_url_with(&url("file://server/share"), FileUrlOrigin::Tuple);
    assert_eq!(server.ascii_serialization(), "file://server");
    assert!(!t.same_origin(&server));
    // blob: with a file inner URL follows the knob (URL Standard: http,
    // https or file inner URLs give their origin).
    let blob = url("blob:file:///home/me/x");
    assert!(Origin::from_url(&blob).is_opaque());
    assert!(Origin::from_url_with(&blob, FileUrlOrigin::Tuple).same_origin(&t));
    // A serialized file origin is not accepted by the strict parser.
    assert_eq!(
        Origin::parse_serialized("file://"),
        Err(OriginParseError::UnsupportedScheme {
            scheme: "file".into()
        })
    );
}

/// Accepted serialized origins and their canonical serialization.
#[rustfmt::skip]
const PARSE_OK: &[(&str, &str)] = &[
    ("https://example.com", "https://example.com"),
    ("http://example.com:8080", "http://example.com:8080"),
    ("http://a.test:0", "http://a.test:0"),
    ("http://a.test:65535", "http://a.test:65535"),
    ("ws://a.test:81", "ws://a.test:81"),
    ("ftp://a.test", "ftp://a.test"),
    ("http://[::1]:8080", "http://[::1]:8080"),
    ("https://example.com.", "https://example.com."),
    ("https://xn--maraa-rta.example", "https://xn--maraa-rta.example"),
    // Normalized (documented): case, default ports, host forms.
    ("HTTPS://EXAMPLE.COM", "https://example.com"),
    ("https://example.com:443", "https://example.com"),
    ("wss://a.test:443", "wss://a.test"),
    ("http://a.test:0080", "http://a.test"),
    ("http://[0:0::1]", "http://[::1]"),
    ("http://0x7f.1", "http://127.0.0.1"),
    ("https://ÉXAMPLE.com", "https://xn--xample-9ua.com"),
    ("http://ex%61mple.com", "http://example.com"),
    ("https://a\u{3002}test", "https://a.test"),
    // IDNA maps a zero-width space to nothing; the bytes parser refuses it.
    ("https://a.test\u{200b}", "https://a.test"),
];

#[test]
fn parse_serialized_accepts() {
    for &(input, canonical) in PARSE_OK {
        let o = Origin::parse_serialized(input)
            .unwrap_or_else(|e| panic!("{input:?} should parse: {e}"));
        assert_eq!(o.ascii_serialization(), canonical, "{input:?}");
        let exact = Origin::parse_serialized_exact(input);
        if input == canonical {
            assert_eq!(
                exact.as_ref().map(Origin::ascii_serialization),
                Ok(canonical)
            );
        } else {
            assert_eq!(
                exact,
                Err(OriginParseError::NotCanonical {
                    canonical: canonical.to_owned()
                }),
                "{input:?}"
            );
        }
        let via_bytes = Origin::parse_serialized_bytes(input.as_bytes());
        if input.is_ascii() {
            assert_eq!(via_bytes, Ok(o.clone()), "{input:?}");
        } else {
            assert!(matches!(via_bytes, Err(OriginParseError::NonAscii { .. })));
        }
        let from_str: Origin = input.parse().expect("FromStr agrees");
        assert_eq!(from_str, o);
    }
    let null = Origin::parse_serialized("null").expect("null parses");
    assert!(null.is_opaque());
    assert_eq!(null.ascii_serialization(), "null");
    let null2 = Origin::parse_serialized("null").expect("null parses");
    assert!(
        !null.same_origin(&null2),
        "each null is a fresh opaque origin"
    );
}

#[test]
fn parse_serialized_rejects() {
    use OriginParseError as E;
    let ws = |index| E::Whitespace { index };
    let s = |v: &str| v.to_owned();
    #[rustfmt::skip]
    let cases: Vec<(&str, E)> = vec![
        ("", E::Empty),
        (" https://a.test", ws(0)),
        ("https://a.test ", ws(14)),
        ("https://a .test", ws(9)),
        ("https://a.test\t", ws(14)),
        ("https://a.test\n", ws(14)),
        ("https://a.test\u{a0}", ws(14)),
        ("null ", ws(4)),
        ("https://a.test\u{0}", E::ControlCharacter { index: 14 }),
        ("https://a.test\u{7f}", E::ControlCharacter { index: 14 }),
        ("https://a.test/", E::TrailingSlash),
        ("https://a.test//", E::Path),
        ("https://a.test/path", E::Path),
        ("https://a.test:443/", E::TrailingSlash),
        ("https://a.test\\", E::Path),
        ("https://user@a.test", E::Userinfo),
        ("https://user:pass@a.test", E::Userinfo),
        ("https://a.test?", E::Query),
        ("https://a.test?x=1", E::Query),
        ("https://a.test#", E::Fragment),
        ("https://a.test#x", E::Fragment),
        ("https://a.test:", E::EmptyPort),
        ("https://[::1]:", E::EmptyPort),
        ("https://a.test:+443", E::InvalidPort { port: s("+443") }),
        ("https://a.test:-1", E::InvalidPort { port: s("-1") }),
        ("https://a.test:44a", E::InvalidPort { port: s("44a") }),
        ("https://a.test:80:80", E::InvalidPort { port: s("80:80") }),
        ("https://a.test:65536", E::PortOutOfRange { port: s("65536") }),
        ("https://a.test:99999999999999999999", E::PortOutOfRange { port: s("99999999999999999999") }),
        ("https://", E::EmptyHost),
        ("https://:443", E::EmptyHost),
        ("https:///a.test", E::Path),
        ("foo://a.test", E::UnsupportedScheme { scheme: s("foo") }),
        ("FILE://", E::UnsupportedScheme { scheme: s("file") }),
        ("data://x", E::UnsupportedScheme { scheme: s("data") }),
        ("javascript://a.test", E::UnsupportedScheme { scheme: s("javascript") }),
        ("blob:https://a.test", E::InvalidScheme { scheme: s("blob:https") }),
        ("://a.test", E::InvalidScheme { scheme: s("") }),
        ("1http://a.test", E::InvalidScheme { scheme: s("1http") }),
        ("a.test", E::MissingSchemeSeparator),
        ("https:a.test", E::MissingSchemeSeparator),
        ("https:/a.test", E::MissingSchemeSeparator),
        ("NULL", E::MissingSchemeSeparator),
        ("Null", E::MissingSchemeSeparator),
        ("*", E::MissingSchemeSeparator),
    ];
    for (input, expected) in cases {
        assert_eq!(
            Origin::parse_serialized(input),
            Err(expected.clone()),
            "{input:?}"
        );
        assert_eq!(
            Origin::parse_serialized_bytes(input.as_bytes()).err(),
            Some(if input.is_ascii() {
                expected
            } else {
                E::NonAscii {
                    index: input.bytes().position(|b| !b.is_ascii()).unwrap_or(0),
                }
            }),
            "bytes {input:?}"
        );
    }
    // Hosts the URL host parser rejects.
    for input in [
        "http://a.1",
        "http://999.1.1.1",
        "http://[::1",
        "http://[::1]x",
        "http://[::1]x:80",
        "http://a<b",
        "http://a^b",
        "http://[example.com]",
        "http://xn--a",
    ] {
        match Origin::parse_serialized(input) {
            Err(E::InvalidHost {
                reason: HostError::Url(_),
                ..
            }) => {}
            other => panic!("{input:?}: expected InvalidHost, got {other:?}"),
        }
    }
    assert_eq!(
        Origin::parse_serialized_bytes(b"https://\xc3\x89xample.com"),
        Err(E::NonAscii { index: 8 })
    );
    assert_eq!(
        Origin::parse_serialized_bytes(b"https://a.test\xff"),
        Err(E::NonAscii { index: 14 })
    );
}

#[test]
fn errors_render_what_was_wrong() {
    let e = Origin::parse_serialized("https://a.test/").unwrap_err();
    assert!(e.to_string().contains('/'), "{e}");
    let e = Origin::parse_serialized("https://a.test:99999").unwrap_err();
    assert!(e.to_string().contains("99999"), "{e}");
    let e = Origin::parse_serialized("gopher://a.test").unwrap_err();
    assert!(e.to_string().contains("gopher"), "{e}");
    let e = TupleOrigin::new("https", Host::Domain("A.test".into()), None).unwrap_err();
    assert!(e.to_string().contains("A.test"), "{e}");
}

#[test]
fn serialization_does_not_allocate_and_is_stable() {
    let o = origin("https://example.com:8443/");
    let p1 = o.ascii_serialization().as_ptr();
    let p2 = o.ascii_serialization().as_ptr();
    assert_eq!(p1, p2, "served from the cached string");
    assert_eq!(Origin::new_opaque().ascii_serialization(), "null");
}

/// `same_origin_with_url` is the engine's shortcut for
/// `same_origin(&Origin::from_url(url))`: it must agree on every pair.
#[test]
fn same_origin_with_url_agrees_with_building_the_origin() {
    let urls = [
        "http://a.test/",
        "http://a.test:80/x",
        "http://a.test:8080/",
        "https://a.test/",
        "https://A.TEST:443/",
        "https://b.a.test/",
        "https://a.test./",
        "http://127.0.0.1/",
        "http://0x7f.1/",
        "http://[::1]/",
        "http://[::1]:80/",
        "ws://a.test/",
        "wss://a.test/",
        "ftp://a.test/",
        "ftp://a.test:21/",
        "blob:https://a.test/uuid",
        "blob:null/x",
        "data:,x",
        "about:blank",
        "file:///tmp/x",
        "https://xn--nxasmq6b.test/",
        "https://βόλος.test/",
        "foo://a.test/",
        "https://user:pass@a.test/",
        "http://user@a.test:8080/",
        "https://a.test@b.a.test/",
        "http://[::1]:8080/",
        "http://127.0.0.1:80/",
        "https://a.test:pw@a.test/",
        "https://u@a.test/",
        "http://b.a.test/",
        "wss://b.a.test/",
        "https://other.test/",
        "file://host.test/x",
    ];
    let parsed: Vec<url::Url> = urls.iter().map(|u| url::Url::parse(u).expect(u)).collect();
    let mut origins: Vec<xorigin::origin::Origin> = parsed
        .iter()
        .map(xorigin::origin::Origin::from_url)
        .collect();
    origins.push(xorigin::origin::Origin::new_opaque());
    // A `file` tuple origin (the engine's model of a file: page).
    let file = xorigin::origin::TupleOrigin::new("file", url::Host::Domain(String::new()), None)
        .expect("file origin");
    origins.push(xorigin::origin::Origin::Tuple(file));
    for origin in &origins {
        for url in &parsed {
            let url_origin = xorigin::origin::Origin::from_url(url);
            assert_eq!(
                origin.same_origin_with_url(url),
                origin.same_origin(&url_origin),
                "{} vs {url}",
                origin.ascii_serialization()
            );
            // The same shortcut for same site (`Sec-Fetch-Site`).
            assert_eq!(
                xorigin::origin::same_site_with_url(origin, url),
                xorigin::origin::same_site(origin, &url_origin),
                "same site: {} vs {url}",
                origin.ascii_serialization()
            );
        }
    }
}
