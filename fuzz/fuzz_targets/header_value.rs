//! Header name and value validation: normalizing is idempotent and yields a
//! header value whenever the input has no NUL, CR or LF; the request-header
//! predicates never panic and are consistent with each other.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xorigin::http::headers::{
    is_cors_non_wildcard_request_header_name, is_cors_safelisted_request_header,
    is_cors_safelisted_response_header_name, is_forbidden_request_header,
    is_forbidden_response_header_name, is_header_name, is_header_value,
    is_no_cors_safelisted_request_header, is_no_cors_safelisted_request_header_name,
    is_privileged_no_cors_request_header_name, is_request_body_header_name, is_token,
    normalize_header_value, parse_single_range_header_value,
};

fuzz_target!(|data: &[u8]| {
    let normalized = normalize_header_value(data);
    assert_eq!(
        normalize_header_value(normalized),
        normalized,
        "normalize not idempotent"
    );
    if !data.iter().any(|&b| matches!(b, 0 | b'\r' | b'\n')) {
        assert!(
            is_header_value(normalized),
            "normalize({data:?}) is not a header value"
        );
    }
    if is_header_value(data) {
        // A header value has no leading or trailing tab/space and no CR/LF,
        // so normalizing leaves it alone.
        assert_eq!(normalized, data);
    }
    assert_eq!(is_header_name(data), is_token(data));

    // Split into name and value at the first `:`.
    let (name, value) = match data.iter().position(|&b| b == b':') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b""[..]),
    };
    let value = normalize_header_value(value);
    let safelisted = is_cors_safelisted_request_header(name, value);
    let no_cors = is_no_cors_safelisted_request_header(name, value);
    if no_cors {
        assert!(
            safelisted,
            "no-CORS-safelisted but not CORS-safelisted: {name:?}: {value:?}"
        );
        assert!(is_no_cors_safelisted_request_header_name(name));
    }
    if safelisted {
        assert!(
            value.len() <= 128,
            "a safelisted value is at most 128 bytes"
        );
    }
    let _ = is_forbidden_request_header(name, value);
    let _ = is_cors_non_wildcard_request_header_name(name);
    let _ = is_privileged_no_cors_request_header_name(name);
    let _ = is_request_body_header_name(name);
    let _ = is_forbidden_response_header_name(name);
    let _ = is_cors_safelisted_response_header_name(name, &[value]);
    let _ = parse_single_range_header_value(value, true);
    let _ = parse_single_range_header_value(value, false);
});
