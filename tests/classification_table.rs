//! Table-driven tests for Fetch's request and response classification and
//! the MIME type parser.
//!
//! Sources of the cases: the examples and notes in the Fetch standard
//! (fetch.bs), the safelisting cases of web-platform-tests
//! (`fetch/api/cors/cors-no-preflight.any.js`,
//! `fetch/api/cors/resources/not-cors-safelisted.json`, `fetch/range/`), and
//! a MIME table written for this crate after the shape of WPT's
//! `mimesniff/mime-types/resources/mime-types.json`.

use std::borrow::Cow;

use xorigin::http::headers::{
    ExtractedValues, HeaderList, cors_unsafe_request_header_names, extract_header_list_values,
    extract_mime_type, is_cors_non_wildcard_request_header_name, is_cors_safelisted_request_header,
    is_cors_safelisted_response_header_name, is_cors_unsafe_request_header_byte,
    is_forbidden_request_header, is_forbidden_response_header_name, is_header_name,
    is_header_value, is_no_cors_safelisted_request_header,
    is_no_cors_safelisted_request_header_name, is_privileged_no_cors_request_header_name,
    is_request_body_header_name, is_token, normalize_header_value, parse_access_control_max_age,
    parse_single_range_header_value,
};
use xorigin::http::method::{
    is_cors_safelisted_method, is_forbidden_method, is_method, normalize_method,
};
use xorigin::mime::MimeType;

/// Runs `cases`, collecting every mismatch so one run reports them all.
fn check<I: std::fmt::Debug, E: std::fmt::Debug, O: PartialEq<E> + std::fmt::Debug>(
    table: &str,
    cases: &[(I, E)],
    f: impl Fn(&I) -> O,
) -> usize {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(input, expected)| {
            let got = f(input);
            (got != *expected)
                .then(|| format!("{table}: {input:?}: expected {expected:?}, got {got:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    cases.len()
}

/// Turns borrowed expectations into owned ones, for outputs that are owned.
fn owned<I: Clone>(cases: &[(I, Option<&str>)]) -> Vec<(I, Option<String>)> {
    cases
        .iter()
        .map(|(i, o)| (i.clone(), o.map(str::to_owned)))
        .collect()
}

/// Headers as written in a table: (name, value) pairs.
type Headers<'a> = Vec<(&'a str, &'a str)>;

fn list(headers: &[(&str, &str)]) -> HeaderList {
    headers
        .iter()
        .map(|(n, v)| (n.as_bytes(), v.as_bytes()))
        .collect()
}

fn repeat(byte: char, n: usize) -> String {
    std::iter::repeat_n(byte, n).collect()
}

#[test]
fn methods() {
    let mut n = 0;
    n += check(
        "is_method",
        &[
            ("GET", true),
            ("CHICKEN", true),
            ("Egg", true),
            ("M-SEARCH", true),
            ("!#$%&'*+-.^_`|~", true),
            ("", false),
            ("GET ", false),
            ("GE T", false),
            ("GET\r\n", false),
            ("G(ET", false),
            ("GÉT", false),
        ],
        |m| is_method(m),
    );
    n += check(
        "is_cors_safelisted_method",
        &[
            ("GET", true),
            ("HEAD", true),
            ("POST", true),
            ("get", false),
            ("Post", false),
            ("PUT", false),
            ("OPTIONS", false),
            ("PATCH", false),
        ],
        |m| is_cors_safelisted_method(m),
    );
    n += check(
        "is_forbidden_method",
        &[
            ("CONNECT", true),
            ("connect", true),
            ("TRACE", true),
            ("trace", true),
            ("TrAcK", true),
            ("TRACKS", false),
            ("CONNECT ", false),
            ("GET", false),
            ("OPTIONS", false),
        ],
        |m| is_forbidden_method(m),
    );
    n += check(
        "normalize_method",
        &[
            ("get", "GET"),
            ("Delete", "DELETE"),
            ("hEaD", "HEAD"),
            ("options", "OPTIONS"),
            ("post", "POST"),
            ("put", "PUT"),
            // The standard's example: `patch` is kept, and likely gets a 405.
            ("patch", "patch"),
            ("PATCH", "PATCH"),
            ("Egg", "Egg"),
            ("eGg", "eGg"),
            ("connect", "connect"),
        ],
        |m| normalize_method(m).into_owned(),
    );
    assert!(n >= 39);
}

#[test]
fn header_names_and_values() {
    check(
        "is_header_name",
        &[
            (&b"Content-Type"[..], true),
            (b"x-custom_1.2", true),
            (b"", false),
            (b"a b", false),
            (b"a:b", false),
            (b"\xffname", false),
            (b"(x)", false),
        ],
        |n| is_header_name(n),
    );
    check(
        "is_token",
        &[(&b"bytes"[..], true), (b"*", true), (b"a/b", false)],
        |t| is_token(t),
    );
    check(
        "is_header_value",
        &[
            (&b""[..], true),
            (b"text/plain", true),
            (b"a b", true),
            (b"\xff\x80", true),
            (b"a\x01b", true),
            (b" a", false),
            (b"a\t", false),
            (b"a\0b", false),
            (b"a\rb", false),
            (b"a\nb", false),
            (b"\x0b", true),
        ],
        |v| is_header_value(v),
    );
    check(
        "normalize_header_value",
        &[
            (&b"  a b  "[..], &b"a b"[..]),
            (b"\r\n\tvalue\t\r\n", b"value"),
            (b"\x0bvalue\x0c", b"\x0bvalue\x0c"),
            (b"", b""),
            (b" \t ", b""),
            (b"a", b"a"),
        ],
        |v| normalize_header_value(v),
    );
}

#[test]
fn cors_safelisted_request_headers() {
    let long_accept = repeat('a', 129);
    let accept_128 = repeat('a', 128);
    let long_language = repeat('a', 129);
    let plain_long = format!("text/plain; long={}", repeat('0', 112));
    let cases: Vec<((&str, &str), bool)> = vec![
        // WPT cors-no-preflight.any.js
        (("Accept", "*/*"), true),
        (("Accept-Language", "fr"), true),
        (("Content-Language", "fr"), true),
        (("Content-Type", "application/x-www-form-urlencoded"), true),
        (("Content-Type", "multipart/form-data"), true),
        (("Content-Type", "text/plain"), true),
        (("Content-Type", "text/plain;charset=utf-8"), true),
        (("Content-Type", "Text/Plain;charset=utf-8"), true),
        (("Content-Type", "text/plain;charset=UTF-8"), true),
        // WPT cors-preflight.any.js safe headers
        (("Accept", "*"), true),
        (("Accept-Language", "bzh"), true),
        (("Content-Language", "eu"), true),
        // WPT not-cors-safelisted.json
        (("accept", "\""), false),
        (("accept", long_accept.as_str()), false),
        (("accept-language", "\u{1}"), false),
        (("accept-language", "@"), false),
        (("authorization", "basics"), false),
        (("content-language", "\u{1}"), false),
        (("content-language", "@"), false),
        (("content-type", "text/html"), false),
        (("content-type", plain_long.as_str()), false),
        (("last-event-id", "\""), false),
        (("range", "bytes 0-"), false),
        (("test", "hi"), false),
        // The `"` of a quoted parameter is a CORS-unsafe byte.
        (("Content-Type", "text/plain; foo=\"bar\""), false),
        (
            ("Content-Type", "multipart/form-data; boundary=something"),
            true,
        ),
        (("Content-Type", "application/json"), false),
        (("Content-Type", "text/plain;"), true),
        (("Content-Type", " text/plain "), true),
        (("Content-Type", "text/plain, text/html"), false),
        (("Content-Type", "text/plain,"), false),
        (("Content-Type", "text"), false),
        (("Content-Type", "text/plain(x)"), false),
        (("Content-Type", "text/plain\u{7f}"), false),
        (("Content-Type", "text/plain;\tcharset=utf-8"), true),
        (("Content-Type", ""), false),
        // The essence compared without parsing: case, whitespace, what may
        // follow the subtype.
        (("CONTENT-TYPE", "APPLICATION/X-WWW-FORM-URLENCODED"), true),
        (("Content-Type", "Multipart/Form-Data ;boundary=x"), true),
        (("Content-Type", "\ttext/plain\t"), true),
        (("Content-Type", "text/plain x"), false),
        (("Content-Type", "text/plainx"), false),
        (("Content-Type", "text/plain/"), false),
        (("Content-Type", "text /plain"), false),
        (("Content-Type", "text/plai"), false),
        (("Content-Type", "multipart/form-dat"), false),
        (("Content-Type", "application/x-www-form-urlencode"), false),
        (
            ("Content-Type", "Application/X-WWW-Form-Urlencoded;a"),
            true,
        ),
        (("Content-Type", "text\rplain"), false),
        (("Content-Typ", "text/plain"), false),
        (("Content-Type ", "text/plain"), false),
        (("Content\rType", "text/plain"), false),
        // Accept scanned 16 bytes at a time: an unsafe byte anywhere,
        // in the overlapping last chunk included.
        (
            ("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8@"),
            false,
        ),
        (
            ("Accept", "@text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"),
            false,
        ),
        (
            ("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8x"),
            true,
        ),
        (("Accept", "text/html,applica\u{1}"), false),
        (("ACCEPT", "text/html,applica\t"), true),
        (("Accept", "0123456789abcde}"), false),
        (("Accept", "0123456789abcde"), true),
        (("Accept", ""), true),
        // The 128-byte limit: 128 passes, 129 fails.
        (("Accept", accept_128.as_str()), true),
        (("Accept-Language", long_language.as_str()), false),
        (
            ("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"),
            true,
        ),
        (("Accept", "text/html\tx"), true),
        (("Accept", "a{b}"), false),
        (("Accept", "a:b"), false),
        (("Accept", "\u{80}"), true),
        (("Accept-Language", "en-US,en;q=0.9"), true),
        (("Accept-Language", "en_US"), false),
        (("Accept-Language", "fr\tde"), false),
        (("Content-Language", "de-DE, en *"), true),
        (("Content-Language", "de/DE"), false),
        // Range: a single range whose start is present.
        (("Range", "bytes=0-"), true),
        (("Range", "bytes=0-1"), true),
        (("Range", "bytes=0-1,2-3"), false),
        (("Range", "bytes=-5"), false),
        (("Range", "bytes = 0-1"), false),
        (("Range", "bytes=5-1"), false),
        (("Range", "Bytes=0-1"), false),
        (("Range", "items=0-1"), false),
        (("range", "bytes=10-20"), true),
        (("RANGE", "bytes=007-7"), true),
        (("Range", "bytes=8-07"), false),
        (("Range", "bytes=0-1 "), false),
        (("Range", "bytes=0--1"), false),
        (("Range", "bytes=-"), false),
        (("Range", "bytes="), false),
        (
            ("Range", "bytes=99999999999999999999-99999999999999999999"),
            true,
        ),
        (
            ("Range", "bytes=99999999999999999999-9999999999999999999"),
            false,
        ),
        // Names outside the four (plus range) are never safelisted.
        (("DPR", "2"), false),
        (("Save-Data", "on"), false),
        (("Viewport-Width", "100"), false),
        (("Width", "100"), false),
        (("X-Requested-With", "XMLHttpRequest"), false),
        (("Accept-Encoding", "gzip"), false),
    ];
    let n = check(
        "is_cors_safelisted_request_header",
        &cases,
        |(name, value)| is_cors_safelisted_request_header(name.as_bytes(), value.as_bytes()),
    );
    assert!(n >= 60);
    // Non-UTF-8 bytes are fine in accept (>= 0x80 is not unsafe).
    assert!(is_cors_safelisted_request_header(b"accept", b"\xff\xfe"));
    assert!(!is_cors_safelisted_request_header(
        b"content-type",
        b"text/plain\xff"
    ));
}

#[test]
fn cors_unsafe_request_header_bytes_match_definition() {
    let unsafe_delimiters = b"\"():<>?@[\\]{}\x7f";
    for b in 0..=255u8 {
        let expected = (b < 0x20 && b != 0x09) || unsafe_delimiters.contains(&b);
        assert_eq!(
            is_cors_unsafe_request_header_byte(b),
            expected,
            "byte {b:#04x}"
        );
    }
    check(
        "is_cors_unsafe_request_header_byte",
        &[
            (b'\t', false),
            (b',', false),
            (b'/', false),
            (b';', false),
            (b'=', false),
            (b'"', true),
            (0x7f, true),
            (0x00, true),
            (0x80, false),
        ],
        |b| is_cors_unsafe_request_header_byte(*b),
    );
}

#[test]
fn cors_unsafe_request_header_names_table() {
    let big = repeat('a', 128);
    let nine_big: Vec<(&str, &str)> = (0..9).map(|_| ("Accept", big.as_str())).collect();
    let eight_big: Vec<(&str, &str)> = (0..8).map(|_| ("Accept", big.as_str())).collect();
    let mut nine_big_plus_custom = nine_big.clone();
    nine_big_plus_custom.push(("X-Custom", "1"));
    let cases: Vec<(Headers, Vec<&str>)> = vec![
        (vec![], vec![]),
        (vec![("Accept", "*/*")], vec![]),
        (vec![("X-Test", "1")], vec!["x-test"]),
        (
            vec![
                ("x-test-header1", "a"),
                ("x-test-header2", "a"),
                ("X-test-header3", "a"),
                ("x-test-header-b", "a"),
                ("x-test-header-D", "a"),
                ("x-test-header-C", "a"),
                ("x-test-header-a", "a"),
                ("Content-Type", "allowedOrRefused"),
                ("Accept", "*"),
                ("Accept-Language", "bzh"),
                ("Content-Language", "eu"),
            ],
            vec![
                "content-type",
                "x-test-header-a",
                "x-test-header-b",
                "x-test-header-c",
                "x-test-header-d",
                "x-test-header1",
                "x-test-header2",
                "x-test-header3",
            ],
        ),
        (
            vec![("X-B", "1"), ("x-b", "2"), ("X-A", "3")],
            vec!["x-a", "x-b"],
        ),
        (
            vec![("Content-Type", "application/json")],
            vec!["content-type"],
        ),
        (vec![("Authorization", "Bearer x")], vec!["authorization"]),
        (vec![("Range", "bytes=-5")], vec!["range"]),
        (vec![("Range", "bytes=0-")], vec![]),
        // 8 × 128 = 1024 bytes: not over the limit.
        (eight_big, vec![]),
        // 9 × 128 = 1152 > 1024: every safelisted name becomes unsafe.
        (nine_big, vec!["accept"]),
        (nine_big_plus_custom, vec!["accept", "x-custom"]),
    ];
    check("cors_unsafe_request_header_names", &cases, |headers| {
        cors_unsafe_request_header_names(&list(headers))
    });
    // The 1024-byte rule sums across names.
    let mixed = list(&[
        ("Accept", &big),
        ("Accept", &big),
        ("Accept", &big),
        ("Accept", &big),
        ("Accept-Language", &big),
        ("Accept-Language", &big),
        ("Content-Language", &big),
        ("Content-Language", &big),
        ("Content-Type", "text/plain"),
    ]);
    assert_eq!(
        cors_unsafe_request_header_names(&mixed),
        [
            "accept",
            "accept-language",
            "content-language",
            "content-type"
        ]
    );
}

#[test]
fn no_cors_and_privileged() {
    check(
        "is_no_cors_safelisted_request_header_name",
        &[
            ("Accept", true),
            ("accept-language", true),
            ("CONTENT-LANGUAGE", true),
            ("Content-Type", true),
            ("Range", false),
            ("Authorization", false),
        ],
        |n| is_no_cors_safelisted_request_header_name(n.as_bytes()),
    );
    check(
        "is_no_cors_safelisted_request_header",
        &[
            (("Accept", "*/*"), true),
            (("Content-Type", "text/plain"), true),
            (("Content-Type", "application/json"), false),
            // Range is CORS-safelisted but not no-CORS-safelisted.
            (("Range", "bytes=0-"), false),
            (("X-Test", "1"), false),
        ],
        |(n, v)| is_no_cors_safelisted_request_header(n.as_bytes(), v.as_bytes()),
    );
    check(
        "is_privileged_no_cors_request_header_name",
        &[
            ("Range", true),
            ("range", true),
            ("Ranges", false),
            ("Accept", false),
        ],
        |n| is_privileged_no_cors_request_header_name(n.as_bytes()),
    );
    check(
        "is_cors_non_wildcard_request_header_name",
        &[
            ("Authorization", true),
            ("authorization", true),
            ("Proxy-Authorization", false),
            ("X-Auth", false),
        ],
        |n| is_cors_non_wildcard_request_header_name(n.as_bytes()),
    );
    check(
        "is_request_body_header_name",
        &[
            ("Content-Encoding", true),
            ("content-language", true),
            ("Content-Location", true),
            ("CONTENT-TYPE", true),
            ("Content-Length", false),
            ("Content-Disposition", false),
        ],
        |n| is_request_body_header_name(n.as_bytes()),
    );
}

#[test]
fn forbidden_request_headers() {
    let cases: Vec<((&str, &str), bool)> = vec![
        (("Accept-Charset", "utf-8"), true),
        (("Accept-Encoding", "gzip"), true),
        (("Access-Control-Request-Headers", "x"), true),
        (("Access-Control-Request-Method", "PUT"), true),
        (("Connection", "close"), true),
        (("Content-Length", "0"), true),
        (("Cookie", "a=b"), true),
        (("Cookie2", "a=b"), true),
        (("Date", "x"), true),
        (("DNT", "1"), true),
        (("Expect", "100-continue"), true),
        (("Host", "example.com"), true),
        (("Keep-Alive", "timeout=5"), true),
        (("Origin", "https://a.test"), true),
        (("Referer", "https://a.test/"), true),
        (("Set-Cookie", "a=b"), true),
        (("TE", "trailers"), true),
        (("Trailer", "x"), true),
        (("Transfer-Encoding", "chunked"), true),
        (("Upgrade", "websocket"), true),
        (("Via", "1.1 proxy"), true),
        (("cOoKiE", "a=b"), true),
        (("Proxy-Authorization", "x"), true),
        (("proxy-", "x"), true),
        (("Sec-Fetch-Mode", "cors"), true),
        (("SEC-CH-UA", "x"), true),
        (("sec-", "x"), true),
        (("Proxy", "x"), false),
        (("Sec", "x"), false),
        (("Secret", "x"), false),
        (("X-HTTP-Method-Override", "GET"), false),
        (("X-HTTP-Method-Override", "TRACE"), true),
        (("X-HTTP-Method", "connect"), true),
        (("X-Method-Override", "get, track"), true),
        (("x-method-override", " TRACK "), true),
        (("X-HTTP-Method-Override", "\"TRACE\""), false),
        (("X-HTTP-Method-Override", "TRACE2"), false),
        (("X-HTTP-Method-Override", ""), false),
        // Split as a list: pieces stripped of tab or space, quoted strings
        // kept whole (a `,` inside one does not split).
        (("X-HTTP-Method-Override", "GET, \"x\", TRACE"), true),
        (("X-HTTP-Method-Override", "GET,\ttrack\t,PUT"), true),
        (("X-HTTP-Method-Override", "\"a,TRACE\""), false),
        (("X-HTTP-Method-Override", "\"a\\\",TRACE\""), false),
        (("X-HTTP-Method-Override", "\"a\",TRACE"), true),
        (("X-HTTP-Method-Override", "x\"y\"TRACE,GET"), false),
        (("X-HTTP-Method-Override", "TRA CE"), false),
        (("X-HTTP-Method-Override", "\rTRACE"), false),
        (("X-HTTP-Method-Override", ",,CONNECT"), true),
        (("X-HTTP-Method-Override", "CONNECTS"), false),
        (("X-HTTP-METHOD", "GET"), false),
        (("X-HTTP-Method-Overrid", "TRACE"), false),
        (("X-HTTP-Method-Overrides", "TRACE"), false),
        (("X-Method-Override", "Track"), true),
        (("X_Method-Override", "TRACK"), false),
        (("X-Method", "TRACE"), false),
        (("Set-Cookie2", "a=b"), false),
        (("Accept", "*/*"), false),
        (("Authorization", "x"), false),
        (("Range", "bytes=0-"), false),
        (("Content-Type", "text/plain"), false),
        (("User-Agent", "x"), false),
        (("Accept-Language", "x"), false),
    ];
    check("is_forbidden_request_header", &cases, |(n, v)| {
        is_forbidden_request_header(n.as_bytes(), v.as_bytes())
    });
}

#[test]
fn response_header_names() {
    check(
        "is_forbidden_response_header_name",
        &[
            ("Set-Cookie", true),
            ("set-cookie2", true),
            ("SET-COOKIE", true),
            ("Cookie", false),
            ("Set-Cookie3", false),
        ],
        |n| is_forbidden_response_header_name(n.as_bytes()),
    );
    let exposed: [&[u8]; 3] = [b"X-Total", b"set-cookie", b"*"];
    check(
        "is_cors_safelisted_response_header_name",
        &[
            ("Cache-Control", true),
            ("content-language", true),
            ("Content-Length", true),
            ("CONTENT-TYPE", true),
            ("Expires", true),
            ("Last-Modified", true),
            ("Pragma", true),
            ("x-total", true),
            ("Set-Cookie", false),
            ("X-Other", false),
            ("*", true),
            ("Date", false),
            ("Content-Encoding", false),
        ],
        |n| is_cors_safelisted_response_header_name(n.as_bytes(), &exposed),
    );
}

fn values(vs: &[&str]) -> ExtractedValues {
    ExtractedValues::Values(vs.iter().map(|v| v.as_bytes().to_vec()).collect())
}

#[test]
fn extract_header_list_values_table() {
    let acam = "Access-Control-Allow-Methods";
    let acah = "Access-Control-Allow-Headers";
    let cases: Vec<((&str, Headers), ExtractedValues)> = vec![
        ((acam, vec![]), ExtractedValues::Absent),
        ((acam, vec![("X", "PUT")]), ExtractedValues::Absent),
        ((acam, vec![(acam, "PUT")]), values(&["PUT"])),
        (
            (acam, vec![("access-control-allow-methods", "PUT, DELETE")]),
            values(&["PUT", "DELETE"]),
        ),
        (
            (acam, vec![(acam, "PUT,DELETE")]),
            values(&["PUT", "DELETE"]),
        ),
        (
            (acam, vec![(acam, "PUT"), (acam, "patch")]),
            values(&["PUT", "patch"]),
        ),
        (
            (acam, vec![(acam, "PUT, , DELETE,")]),
            values(&["PUT", "DELETE"]),
        ),
        ((acam, vec![(acam, "")]), values(&[])),
        ((acam, vec![(acam, "*")]), values(&["*"])),
        ((acam, vec![(acam, "PUT DELETE")]), ExtractedValues::Failure),
        ((acam, vec![(acam, "\"PUT\"")]), ExtractedValues::Failure),
        ((acam, vec![(acam, "PUT;q=1")]), ExtractedValues::Failure),
        (
            (acam, vec![(acam, "PUT"), (acam, "(bad)")]),
            ExtractedValues::Failure,
        ),
        ((acah, vec![(acah, "x-a, X-B")]), values(&["x-a", "X-B"])),
        ((acah, vec![(acah, "x-a:1")]), ExtractedValues::Failure),
        ((acah, vec![(acah, "x-a,\tx-b")]), values(&["x-a", "x-b"])),
        (
            (
                "Access-Control-Expose-Headers",
                vec![("Access-Control-Expose-Headers", "X-Total, *")],
            ),
            values(&["X-Total", "*"]),
        ),
        (
            (
                "Access-Control-Request-Headers",
                vec![("Access-Control-Request-Headers", ",")],
            ),
            ExtractedValues::Failure,
        ),
        (
            (
                "Access-Control-Request-Method",
                vec![("Access-Control-Request-Method", "PUT")],
            ),
            values(&["PUT"]),
        ),
        (
            (
                "Access-Control-Request-Method",
                vec![
                    ("Access-Control-Request-Method", "PUT"),
                    ("Access-Control-Request-Method", "PUT"),
                ],
            ),
            ExtractedValues::Failure,
        ),
        (
            (
                "Access-Control-Max-Age",
                vec![("Access-Control-Max-Age", "600")],
            ),
            values(&["600"]),
        ),
        (
            ("X-Unknown", vec![("X-Unknown", "a, b")]),
            values(&["a, b"]),
        ),
    ];
    check("extract_header_list_values", &cases, |(name, headers)| {
        extract_header_list_values(name.as_bytes(), &list(headers))
    });
}

#[test]
fn access_control_max_age() {
    let h = "Access-Control-Max-Age";
    let cases: Vec<(Headers, Option<u64>)> = vec![
        (vec![], None),
        (vec![(h, "0")], Some(0)),
        (vec![(h, "5")], Some(5)),
        (vec![(h, "600")], Some(600)),
        (vec![(h, "86400")], Some(86400)),
        (vec![("access-control-max-age", "007")], Some(7)),
        (vec![(h, " 60 ")], Some(60)),
        (vec![(h, "-1")], None),
        (vec![(h, "+5")], None),
        (vec![(h, "5.5")], None),
        (vec![(h, "")], None),
        (vec![(h, "5, 10")], None),
        (vec![(h, "5"), (h, "10")], None),
        (vec![(h, "5"), (h, "5")], None),
        (vec![(h, "1e3")], None),
        (vec![(h, "0x10")], None),
        (vec![(h, "99999999999999999999999")], Some(u64::MAX)),
    ];
    check("parse_access_control_max_age", &cases, |headers| {
        parse_access_control_max_age(&list(headers))
    });
}

#[test]
fn single_range_header_values() {
    type Range = Option<(Option<u64>, Option<u64>)>;
    let cases: Vec<((&str, bool), Range)> = vec![
        (("bytes=0-", false), Some((Some(0), None))),
        (("bytes=0-1", false), Some((Some(0), Some(1)))),
        (("bytes=-5", false), Some((None, Some(5)))),
        (("bytes=-500", false), Some((None, Some(500)))),
        (("bytes=5-5", false), Some((Some(5), Some(5)))),
        (("bytes=6-5", false), None),
        (("bytes=0-1,2-3", false), None),
        (("bytes=-", false), None),
        (("bytes=", false), None),
        (("bytes", false), None),
        (("bytes 0-", false), None),
        (("bytes=0-1 ", false), None),
        (("bytes= 0-1", false), None),
        (("bytes= 0 - 1", true), Some((Some(0), Some(1)))),
        (("bytes\t=\t0\t-\t1", true), Some((Some(0), Some(1)))),
        (("bytes = 0-1 ", true), None),
        (("Bytes=0-1", false), None),
        (("items=0-1", false), None),
        (("bytes=a-1", false), None),
        (("bytes=+1-2", false), None),
        (("bytes=00010-011", false), Some((Some(10), Some(11)))),
        (
            ("bytes=0-18446744073709551615", false),
            Some((Some(0), Some(u64::MAX))),
        ),
        // Exact comparison beyond u64: start > end even though both saturate.
        (
            ("bytes=99999999999999999999-99999999999999999998", false),
            None,
        ),
        (
            ("bytes=99999999999999999998-99999999999999999999", false),
            Some((Some(u64::MAX), Some(u64::MAX))),
        ),
        (("bytes=0-1\u{0}", false), None),
    ];
    check("parse_single_range_header_value", &cases, |(v, ws)| {
        parse_single_range_header_value(v.as_bytes(), *ws)
    });
}

#[test]
fn header_list_operations() {
    let mut l = HeaderList::new();
    assert!(l.is_empty());
    l.append(b"Accept", b"a");
    l.append(b"ACCEPT", b"b");
    l.append(b"X-Other", b"c");
    // Append reuses the first header's name casing.
    let names: Vec<&[u8]> = l.iter().map(|(n, _)| n).collect();
    assert_eq!(names, [&b"Accept"[..], b"Accept", b"X-Other"]);
    assert_eq!(l.len(), 3);
    assert!(l.contains(b"accept"));
    assert_eq!(l.count(b"accept"), 2);
    assert_eq!(l.get(b"accept").as_deref(), Some(&b"a, b"[..]));
    assert!(matches!(l.get(b"x-other"), Some(Cow::Borrowed(b"c"))));
    assert_eq!(l.get(b"missing"), None);

    l.combine(b"accept", b"z");
    assert_eq!(l.get(b"accept").as_deref(), Some(&b"a, z, b"[..]));
    l.combine(b"New", b"1");
    assert_eq!(l.get(b"new").as_deref(), Some(&b"1"[..]));

    l.set(b"ACCEPT", b"only");
    assert_eq!(l.count(b"accept"), 1);
    assert_eq!(l.iter().next(), Some((&b"Accept"[..], &b"only"[..])));
    l.set(b"Fresh", b"f");
    assert_eq!(l.iter().next_back(), Some((&b"Fresh"[..], &b"f"[..])));

    l.delete(b"accept");
    assert!(!l.contains(b"Accept"));
    assert_eq!(l.len(), 3);

    let sc = list(&[
        ("Set-Cookie", "a=1"),
        ("B", "2"),
        ("set-cookie", "b=2"),
        ("a", "1"),
        ("b", "3"),
    ]);
    assert_eq!(
        sc.sort_and_combine().iter().collect::<Vec<_>>(),
        [
            (&b"a"[..], &b"1"[..]),
            (b"b", b"2, 3"),
            (b"set-cookie", b"a=1"),
            (b"set-cookie", b"b=2"),
        ]
    );
}

#[test]
fn get_decode_split_examples() {
    // Every example of the standard's "get, decode, and split" table, with
    // `A` as the name.
    let cases: Vec<(Headers, Option<Vec<&str>>)> = vec![
        (vec![("A", "nosniff,")], Some(vec!["nosniff", ""])),
        (
            vec![("A", "nosniff"), ("B", "sniff"), ("A", "")],
            Some(vec!["nosniff", ""]),
        ),
        (vec![("A", ""), ("B", "sniff")], Some(vec![""])),
        (vec![("B", "sniff")], None),
        (
            vec![("A", "text/html;\", x/x")],
            Some(vec!["text/html;\", x/x"]),
        ),
        (
            vec![("A", "text/html;\""), ("A", "x/x")],
            Some(vec!["text/html;\", x/x"]),
        ),
        (
            vec![("A", "x/x;test=\"hi\",y/y")],
            Some(vec!["x/x;test=\"hi\"", "y/y"]),
        ),
        (
            vec![("A", "x/x;test=\"hi\""), ("C", "**bingo**"), ("A", "y/y")],
            Some(vec!["x/x;test=\"hi\"", "y/y"]),
        ),
        (vec![("A", "x / x,,,1")], Some(vec!["x / x", "", "", "1"])),
        (
            vec![("A", "x / x"), ("A", ","), ("A", "1")],
            Some(vec!["x / x", "", "", "1"]),
        ),
        (vec![("A", "\"1,2\", 3")], Some(vec!["\"1,2\"", "3"])),
        (
            vec![("A", "\"1,2\""), ("D", "4"), ("A", "3")],
            Some(vec!["\"1,2\"", "3"]),
        ),
        // The standard's "collect an HTTP quoted string" examples, whose
        // output without extract-value is the raw quoted string.
        (vec![("A", "\"\\")], Some(vec!["\"\\"])),
        (
            vec![("A", "\"Hello\" World")],
            Some(vec!["\"Hello\" World"]),
        ),
        (
            vec![("A", r#""Hello \\ World\"""#)],
            Some(vec![r#""Hello \\ World\"""#]),
        ),
        (vec![("A", r#""a\",b", c"#)], Some(vec![r#""a\",b""#, "c"])),
        // UTF-8 bytes C3 BF decode to two code points.
        (
            vec![("a", "\u{7f}\u{ff}")],
            Some(vec!["\u{7f}\u{c3}\u{bf}"]),
        ),
    ];
    let cases: Vec<_> = cases
        .into_iter()
        .map(|(h, o)| {
            (
                h,
                o.map(|v| v.into_iter().map(str::to_owned).collect::<Vec<_>>()),
            )
        })
        .collect();
    check("get_decode_split", &cases, |headers| {
        list(headers).get_decode_split(b"A")
    });
    // Isomorphic decoding: byte 0xFF is U+00FF.
    let raw: HeaderList = [(&b"A"[..], &b"\xff"[..])].into_iter().collect();
    assert_eq!(raw.get_decode_split(b"a"), Some(vec!["\u{ff}".to_owned()]));
}

#[test]
fn extract_mime_type_examples() {
    // The standard's "extract a MIME type" examples.
    let ct = "Content-Type";
    let cases: Vec<(Headers, Option<&str>)> = vec![
        (
            vec![(ct, "text/plain;charset=gbk, text/html")],
            Some("text/html"),
        ),
        (
            vec![(ct, "text/html;charset=gbk;a=b, text/html;x=y")],
            Some("text/html;x=y;charset=gbk"),
        ),
        (
            vec![(ct, "text/html;charset=gbk;a=b"), (ct, "text/html;x=y")],
            Some("text/html;x=y;charset=gbk"),
        ),
        (
            vec![
                (ct, "text/html;charset=gbk"),
                (ct, "x/x"),
                (ct, "text/html;x=y"),
            ],
            Some("text/html;x=y"),
        ),
        (
            vec![(ct, "text/html"), (ct, "cannot-parse")],
            Some("text/html"),
        ),
        (vec![(ct, "text/html"), (ct, "*/*")], Some("text/html")),
        (vec![(ct, "text/html"), (ct, "")], Some("text/html")),
        (vec![], None),
        (vec![(ct, "")], None),
        (vec![(ct, "*/*")], None),
        // The standard's warning: extraction picks the last, which is why
        // request safelisting parses the raw value instead.
        (
            vec![(ct, "application/json"), (ct, "text/plain")],
            Some("text/plain"),
        ),
    ];
    check("extract_mime_type", &owned(&cases), |headers| {
        extract_mime_type(&list(headers)).map(|m| m.serialize())
    });
    // And the safelist sees the combined value, which fails to parse as one
    // MIME type whose essence is safelisted.
    let combined = list(&[(ct, "application/json"), (ct, "text/plain")]);
    let value = combined.get(b"content-type").unwrap_or_default();
    assert!(!is_cors_safelisted_request_header(b"content-type", &value));
}

#[test]
fn mime_type_parsing() {
    let latin1: String = (0x80u8..=0xff).map(char::from).collect();
    let latin1_in = format!("x/x;x=\"{latin1}\"");
    let latin1_out = format!("x/x;x=\"{latin1}\"");
    let long = repeat('a', 130);
    let long_type = format!("{long}/{long}");
    let cases: Vec<(&str, Option<&str>)> = vec![
        ("text/html;charset=gbk", Some("text/html;charset=gbk")),
        ("TEXT/HTML;CHARSET=GBK", Some("text/html;charset=GBK")),
        ("text/html;charset=gbk(", Some("text/html;charset=\"gbk(\"")),
        (
            "text/html;x=(;charset=gbk",
            Some("text/html;x=\"(\";charset=gbk"),
        ),
        (
            "text/html;charset=gbk;charset=windows-1255",
            Some("text/html;charset=gbk"),
        ),
        ("text/html;charset =gbk", Some("text/html")),
        ("text/html ;charset=gbk", Some("text/html;charset=gbk")),
        ("text/html; charset=gbk", Some("text/html;charset=gbk")),
        ("text/html;charset= gbk", Some("text/html;charset=\" gbk\"")),
        ("text/html;charset='gbk'", Some("text/html;charset='gbk'")),
        ("text/html;test;charset=gbk", Some("text/html;charset=gbk")),
        ("text/html;test=;charset=gbk", Some("text/html;charset=gbk")),
        ("text/html;';charset=gbk", Some("text/html;charset=gbk")),
        ("text/html;\";charset=gbk", Some("text/html;charset=gbk")),
        ("text/html ; ; charset=gbk", Some("text/html;charset=gbk")),
        ("text/html;;;;charset=gbk", Some("text/html;charset=gbk")),
        ("text/html;charset=\"gbk\"", Some("text/html;charset=gbk")),
        ("text/html;charset=\"gbk", Some("text/html;charset=gbk")),
        (
            "text/html;charset=gbk\"",
            Some("text/html;charset=\"gbk\\\"\""),
        ),
        (
            "text/html;charset=\"\\ gbk\"",
            Some("text/html;charset=\" gbk\""),
        ),
        (
            "text/html;charset=\"\\g\\b\\k\"",
            Some("text/html;charset=gbk"),
        ),
        ("text/html;charset=\"gbk\"x", Some("text/html;charset=gbk")),
        (
            "text/html;charset=\"shift_jis\"iso-2022-jp",
            Some("text/html;charset=shift_jis"),
        ),
        ("text/html;charset=\"\"", Some("text/html;charset=\"\"")),
        (
            "text/html;charset={gbk}",
            Some("text/html;charset=\"{gbk}\""),
        ),
        // extract-value true: escapes resolved, then re-escaped on output.
        (
            r#"x/x;a="Hello \\ World\"""#,
            Some(r#"x/x;a="Hello \\ World\"""#),
        ),
        (r#"x/x;a="Hello" World"#, Some("x/x;a=Hello")),
        ("x/x;test", Some("x/x")),
        ("x/x;test=\"\\", Some("x/x;test=\"\\\\\"")),
        ("x/x;test=\u{ff};x=x", Some("x/x;test=\"\u{ff}\";x=x")),
        ("x/x;test=\u{fffd};x=x", Some("x/x;x=x")),
        ("x/x;test=\"\u{100}\";x=x", Some("x/x;x=x")),
        (latin1_in.as_str(), Some(latin1_out.as_str())),
        (long_type.as_str(), Some(long_type.as_str())),
        ("\r\n\t text/plain \t\r\n", Some("text/plain")),
        ("text/plain\u{c}", None),
        ("text/plain;x=y\u{c}", Some("text/plain")),
        ("", None),
        ("\t", None),
        ("bogus", None),
        ("bogus/", None),
        ("bogus/ ", None),
        ("bogus/bogus/;", None),
        ("</>", None),
        ("(/)", None),
        ("text/html(;doesnot=matter", None),
        ("{/}", None),
        ("\u{100}/\u{100}", None),
        ("/plain", None),
        ("text /plain", None),
        ("text/ plain", None),
    ];
    check("MimeType::parse", &owned(&cases), |input| {
        MimeType::parse(input).map(|m| m.serialize())
    });
    // parse_bytes isomorphic decodes: 0xFF is U+00FF, valid in a value.
    assert_eq!(
        MimeType::parse_bytes(b"text/html;test=\xff;charset=gbk").map(|m| m.serialize()),
        Some("text/html;test=\"\u{ff}\";charset=gbk".to_owned())
    );
    assert_eq!(MimeType::parse_bytes(b"\xc4\x80/x"), None);
    let m = MimeType::parse("Text/HTML;Charset=\"utf-8\";a=b").expect("parses");
    assert_eq!(
        (m.type_(), m.subtype(), m.essence()),
        ("text", "html", "text/html".to_owned())
    );
    assert_eq!(m.parameter("CHARSET"), Some("utf-8"));
    assert_eq!(m.parameter("b"), None);
}

#[test]
fn mime_type_groups() {
    type Groups = (bool, bool, bool, bool, bool, bool, bool);
    // (javascript, json, image, audio/video, font, html, xml)
    let cases: Vec<(&str, Groups)> = vec![
        (
            "text/javascript",
            (true, false, false, false, false, false, false),
        ),
        (
            "application/javascript;charset=utf-8",
            (true, false, false, false, false, false, false),
        ),
        (
            "TEXT/ECMASCRIPT",
            (true, false, false, false, false, false, false),
        ),
        (
            "text/javascript1.5",
            (true, false, false, false, false, false, false),
        ),
        (
            "text/jscript",
            (true, false, false, false, false, false, false),
        ),
        (
            "text/livescript",
            (true, false, false, false, false, false, false),
        ),
        (
            "application/x-javascript",
            (true, false, false, false, false, false, false),
        ),
        (
            "text/javascript1.6",
            (false, false, false, false, false, false, false),
        ),
        (
            "application/json",
            (false, true, false, false, false, false, false),
        ),
        (
            "text/json",
            (false, true, false, false, false, false, false),
        ),
        (
            "application/ld+json",
            (false, true, false, false, false, false, false),
        ),
        (
            "image/svg+xml",
            (false, false, true, false, false, false, true),
        ),
        (
            "image/png",
            (false, false, true, false, false, false, false),
        ),
        (
            "audio/mpeg",
            (false, false, false, true, false, false, false),
        ),
        (
            "video/mp4",
            (false, false, false, true, false, false, false),
        ),
        (
            "application/ogg",
            (false, false, false, true, false, false, false),
        ),
        (
            "font/woff2",
            (false, false, false, false, true, false, false),
        ),
        (
            "application/font-woff",
            (false, false, false, false, true, false, false),
        ),
        (
            "application/vnd.ms-fontobject",
            (false, false, false, false, true, false, false),
        ),
        (
            "text/html",
            (false, false, false, false, false, true, false),
        ),
        ("text/xml", (false, false, false, false, false, false, true)),
        (
            "application/xml",
            (false, false, false, false, false, false, true),
        ),
        (
            "application/xhtml+xml",
            (false, false, false, false, false, false, true),
        ),
        (
            "text/plain",
            (false, false, false, false, false, false, false),
        ),
    ];
    check("MIME type groups", &cases, |input| {
        let m = MimeType::parse(input).expect("test inputs parse");
        (
            m.is_javascript_mime_type(),
            m.is_json_mime_type(),
            m.is_image_mime_type(),
            m.is_audio_or_video_mime_type(),
            m.is_font_mime_type(),
            m.is_html_mime_type(),
            m.is_xml_mime_type(),
        )
    });
    let pdf = MimeType::parse("application/pdf").expect("parses");
    assert!(pdf.is_scriptable_mime_type());
    let zip = MimeType::parse("application/epub+zip").expect("parses");
    assert!(zip.is_zip_based_mime_type() && !zip.is_archive_mime_type());
    let gz = MimeType::parse("application/x-gzip").expect("parses");
    assert!(gz.is_archive_mime_type());
    assert!(xorigin::mime::is_javascript_mime_type_essence_match(
        "Text/JavaScript"
    ));
    assert!(!xorigin::mime::is_javascript_mime_type_essence_match(
        "text/javascript;x=y"
    ));
}
