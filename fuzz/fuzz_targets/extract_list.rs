//! "Extract header list values" and the CORS-unsafe request-header names over
//! an arbitrary header list (one `name:value` per line): `Absent` exactly
//! when the name is missing; extracted list elements are tokens; for ASCII
//! names, the unsafe names are lowercase, sorted, unique and in the list.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xorigin::http::headers::{
    ExtractedValues, HeaderList, cors_unsafe_request_header_names, extract_header_list_values,
    extract_mime_type, is_token, parse_access_control_max_age,
};

const NAMES: [&[u8]; 7] = [
    b"access-control-allow-methods",
    b"access-control-allow-headers",
    b"access-control-expose-headers",
    b"access-control-request-headers",
    b"access-control-request-method",
    b"access-control-max-age",
    b"x-unknown",
];

fuzz_target!(|data: &[u8]| {
    let mut list = HeaderList::new();
    for line in data.split(|&b| b == b'\n') {
        let (name, value) = match line.iter().position(|&b| b == b':') {
            Some(i) => (&line[..i], &line[i + 1..]),
            None => (line, &b""[..]),
        };
        // Short aliases let the fuzzer reach the CORS names cheaply.
        let name: &[u8] = match name {
            b"m" => b"Access-Control-Allow-Methods",
            b"h" => b"Access-Control-Allow-Headers",
            b"e" => b"Access-Control-Expose-Headers",
            b"r" => b"Access-Control-Request-Headers",
            b"q" => b"Access-Control-Request-Method",
            b"a" => b"Access-Control-Max-Age",
            b"c" => b"Content-Type",
            other => other,
        };
        list.push_raw(name, value);
    }
    for name in NAMES {
        match extract_header_list_values(name, &list) {
            ExtractedValues::Absent => assert!(!list.contains(name)),
            ExtractedValues::Failure => assert!(list.contains(name)),
            ExtractedValues::Values(values) => {
                assert!(list.contains(name));
                if name.starts_with(b"access-control-") {
                    for v in &values {
                        if name == b"access-control-max-age" {
                            assert!(!v.is_empty() && v.iter().all(u8::is_ascii_digit), "{v:?}");
                        } else {
                            assert!(is_token(v), "extracted {v:?} for {name:?} is not a token");
                        }
                    }
                }
                if name == b"x-unknown" {
                    assert_eq!(values.len(), list.count(name));
                }
            }
        }
    }
    let _ = parse_access_control_max_age(&list);
    let _ = extract_mime_type(&list);
    let _ = list.sort_and_combine();
    let unsafe_names = cors_unsafe_request_header_names(&list);
    // Names that are not UTF-8 come back isomorphic decoded, which can
    // reorder or merge them; requests only ever carry token (ASCII) names.
    if !list.iter().all(|(n, _)| n.is_ascii()) {
        return;
    }
    for pair in unsafe_names.windows(2) {
        assert!(
            pair[0] < pair[1],
            "unsafe names not sorted and unique: {unsafe_names:?}"
        );
    }
    for n in &unsafe_names {
        assert_eq!(*n, n.to_ascii_lowercase());
        assert!(list.contains(n.as_bytes()), "{n:?} not in the list");
    }
});
