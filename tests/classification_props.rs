//! Property tests for the classification predicates and the MIME parser:
//! invariants the standard implies for every input, and no panics.

use proptest::prelude::*;
use xorigin::http::headers::{
    ExtractedValues, HeaderList, cors_unsafe_request_header_names, extract_header_list_values,
    extract_mime_type, get_decode_split_value, is_cors_safelisted_request_header,
    is_forbidden_request_header, is_header_value, is_no_cors_safelisted_request_header,
    normalize_header_value, parse_access_control_max_age, parse_single_range_header_value,
};
use xorigin::http::method::{is_forbidden_method, is_method, normalize_method};
use xorigin::mime::MimeType;

/// Names that the rules single out, in random ASCII case, or any token.
fn header_name() -> impl Strategy<Value = Vec<u8>> {
    let known = prop::sample::select(vec![
        "accept",
        "accept-language",
        "content-language",
        "content-type",
        "range",
        "authorization",
        "x-custom",
        "x-http-method-override",
        "sec-fetch-mode",
        "cookie",
        "access-control-allow-methods",
        "access-control-max-age",
    ]);
    prop_oneof![
        3 => (known, any::<u64>()).prop_map(|(name, mask)| {
            name.bytes()
                .enumerate()
                .map(|(i, b)| if mask >> (i % 64) & 1 == 1 { b.to_ascii_uppercase() } else { b })
                .collect()
        }),
        1 => "[!#$%&'*+.^_`|~0-9A-Za-z-]{1,12}".prop_map(String::into_bytes),
    ]
}

/// Values biased toward the bytes the rules look at, plus arbitrary bytes.
fn header_value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        2 => r#"[a-zA-Z0-9 \t;=,/"\\*().:@-]{0,40}"#.prop_map(String::into_bytes),
        1 => "(text/plain|multipart/form-data|application/x-www-form-urlencoded|application/json)(;[a-z]{1,5}=[a-z0-9\"]{0,6}){0,3}"
            .prop_map(String::into_bytes),
        1 => "bytes[ =]{0,2}[0-9]{0,3}[ -]{0,2}[0-9]{0,3}(,[0-9]-[0-9])?".prop_map(String::into_bytes),
        1 => prop::collection::vec(any::<u8>(), 0..140),
    ]
}

fn header_list() -> impl Strategy<Value = Vec<(Vec<u8>, Vec<u8>)>> {
    prop::collection::vec((header_name(), header_value()), 0..12)
}

fn collect(headers: &[(Vec<u8>, Vec<u8>)]) -> HeaderList {
    headers.iter().map(|(n, v)| (n, v)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn normalizing_a_value_is_idempotent(value in prop::collection::vec(any::<u8>(), 0..64)) {
        let once = normalize_header_value(&value);
        prop_assert_eq!(normalize_header_value(once), once);
        prop_assert!(!once.first().is_some_and(|b| b" \t\r\n".contains(b)));
        prop_assert!(!once.last().is_some_and(|b| b" \t\r\n".contains(b)));
        // Without NUL and newlines inside, a normalized value is a header value.
        if !once.iter().any(|b| b"\0\r\n".contains(b)) {
            prop_assert!(is_header_value(once));
        }
    }

    #[test]
    fn unsafe_names_are_sorted_lowercase_unique(headers in header_list()) {
        let names = cors_unsafe_request_header_names(&collect(&headers));
        for name in &names {
            prop_assert_eq!(name, &name.to_ascii_lowercase());
        }
        for pair in names.windows(2) {
            prop_assert!(pair[0].as_bytes() < pair[1].as_bytes(), "{:?}", names);
        }
        // Every unsafe name is the name of some header of the list.
        for name in &names {
            prop_assert!(headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name.as_bytes())));
        }
    }

    #[test]
    fn appending_a_header_never_shrinks_the_unsafe_set(
        headers in header_list(),
        name in header_name(),
        value in header_value(),
    ) {
        let before = cors_unsafe_request_header_names(&collect(&headers));
        let mut longer = headers.clone();
        longer.push((name.clone(), value.clone()));
        let after = cors_unsafe_request_header_names(&collect(&longer));
        for n in &before {
            prop_assert!(after.contains(n), "{:?} lost after appending {:?}", n, name);
        }
        if !is_cors_safelisted_request_header(&name, &value) {
            let lower = String::from_utf8_lossy(&name).to_ascii_lowercase();
            prop_assert!(after.contains(&lower));
        }
    }

    #[test]
    fn safelisted_content_type_agrees_with_the_full_parser(value in header_value()) {
        let fast = is_cors_safelisted_request_header(b"content-type", &value);
        let slow = value.len() <= 128
            && !value.iter().any(|&b| xorigin::http::headers::is_cors_unsafe_request_header_byte(b))
            && MimeType::parse_bytes(&value).is_some_and(|m| {
                matches!(
                    m.essence().as_str(),
                    "application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain"
                )
            });
        prop_assert_eq!(fast, slow);
    }

    #[test]
    fn safelisted_values_are_short(name in header_name(), value in header_value()) {
        if is_cors_safelisted_request_header(&name, &value) {
            prop_assert!(value.len() <= 128);
        }
        if is_no_cors_safelisted_request_header(&name, &value) {
            prop_assert!(is_cors_safelisted_request_header(&name, &value));
        }
    }

    #[test]
    fn mime_parse_serialize_parse_is_stable(input in r#"[ \t]?[a-zA-Z/+;="\\ \t(),.\u{80}-\u{ff}\u{100}-]{0,30}"#) {
        if let Some(parsed) = MimeType::parse(&input) {
            let serialized = parsed.serialize();
            let reparsed = MimeType::parse(&serialized);
            prop_assert_eq!(reparsed.as_ref(), Some(&parsed), "{}", serialized);
            prop_assert_eq!(reparsed.map(|m| m.serialize()), Some(serialized));
        }
    }

    #[test]
    fn mime_bytes_parse_serialize_parse_is_stable(input in prop::collection::vec(any::<u8>(), 0..40)) {
        let input = [&b"text/plain;"[..], &input].concat();
        if let Some(parsed) = MimeType::parse_bytes(&input) {
            prop_assert_eq!(MimeType::parse_bytes(&parsed.serialize_bytes()), Some(parsed));
        }
    }

    #[test]
    fn single_range_results_are_ordered(value in header_value(), ws in any::<bool>()) {
        if let Some((start, end)) = parse_single_range_header_value(&value, ws) {
            prop_assert!(start.is_some() || end.is_some());
            if let (Some(s), Some(e)) = (start, end) {
                prop_assert!(s <= e);
            }
            // Allowing whitespace never rejects a value accepted without it.
            if !ws {
                prop_assert_eq!(parse_single_range_header_value(&value, true), Some((start, end)));
            }
        }
    }

    #[test]
    fn split_without_quotes_is_a_plain_comma_split(value in "[a-z ,\t]{0,30}") {
        let expected: Vec<String> = value
            .split(',')
            .map(|piece| piece.trim_matches([' ', '\t']).to_owned())
            .collect();
        prop_assert_eq!(get_decode_split_value(value.as_bytes()), expected);
    }

    #[test]
    fn normalize_method_is_idempotent_and_case_preserving(m in "[a-zA-Z]{0,8}") {
        let once = normalize_method(&m).into_owned();
        prop_assert!(once.eq_ignore_ascii_case(&m));
        prop_assert_eq!(normalize_method(&once).into_owned(), once.clone());
        prop_assert_eq!(is_forbidden_method(&m), is_forbidden_method(&once));
    }

    #[test]
    fn no_input_panics(
        headers in prop::collection::vec(
            (prop::collection::vec(any::<u8>(), 0..12), prop::collection::vec(any::<u8>(), 0..80)),
            0..6,
        ),
        name in prop::collection::vec(any::<u8>(), 0..20),
        text in any::<String>(),
    ) {
        let list = collect(&headers);
        let _ = cors_unsafe_request_header_names(&list);
        let _ = extract_mime_type(&list);
        let _ = parse_access_control_max_age(&list);
        let _ = list.sort_and_combine();
        let _ = list.get_decode_split(&name);
        match extract_header_list_values(&name, &list) {
            ExtractedValues::Absent => prop_assert!(!list.contains(&name)),
            ExtractedValues::Failure | ExtractedValues::Values(_) => prop_assert!(list.contains(&name)),
        }
        for (n, v) in &headers {
            let _ = is_cors_safelisted_request_header(n, v);
            let _ = is_forbidden_request_header(n, v);
            let _ = parse_single_range_header_value(v, true);
            let _ = MimeType::parse_bytes(v);
        }
        let _ = MimeType::parse(&text);
        let _ = is_method(&text);
        let _ = normalize_method(&text);
        let mut list = list;
        list.append(&name, b"x");
        list.combine(&name, b"y");
        list.set(&name, b"z");
        prop_assert_eq!(list.count(&name), 1);
        list.delete(&name);
        prop_assert!(!list.contains(&name));
    }
}
