//! Serialized-origin parsing: never panics; a parsed origin's serialization
//! parses back to the same origin and serializes to the same bytes; the
//! exact parser accepts exactly the canonical inputs; the byte parser agrees
//! with the string parser on ASCII.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xorigin::origin::Origin;

fuzz_target!(|data: &[u8]| {
    let by_bytes = Origin::parse_serialized_bytes(data);
    let Ok(s) = std::str::from_utf8(data) else {
        assert!(by_bytes.is_err(), "non-UTF-8 bytes parsed as an origin");
        return;
    };
    let parsed = Origin::parse_serialized(s);
    if s.is_ascii() {
        assert_eq!(
            by_bytes.as_ref().map(Origin::ascii_serialization).ok(),
            parsed.as_ref().map(Origin::ascii_serialization).ok(),
            "byte and string parsers disagree on {s:?}"
        );
    } else {
        assert!(by_bytes.is_err(), "non-ASCII bytes parsed as an origin");
    }
    let exact = Origin::parse_serialized_exact(s);
    let Ok(origin) = parsed else {
        assert!(
            exact.is_err(),
            "exact parser accepted what parse rejects: {s:?}"
        );
        return;
    };
    let serialized = origin.ascii_serialization();
    assert_eq!(
        exact.is_ok(),
        serialized == s,
        "exact parser and canonical form disagree on {s:?} (canonical {serialized:?})"
    );
    // parse(serialize(parse(x))) == parse(x), and serialization is stable.
    let again = match Origin::parse_serialized(serialized) {
        Ok(o) => o,
        Err(e) => panic!("serialization {serialized:?} of {s:?} does not parse: {e}"),
    };
    assert_eq!(
        again.ascii_serialization(),
        serialized,
        "unstable for {s:?}"
    );
    assert_eq!(again.is_opaque(), origin.is_opaque());
    if !origin.is_opaque() {
        assert!(
            again.same_origin(&origin),
            "not same origin after round trip: {s:?}"
        );
    }
    assert!(Origin::parse_serialized_exact(serialized).is_ok());
    assert!(serialized.is_ascii());
    // Neighbours of the parse must not panic either.
    let _ = origin.site();
    let _ = origin.is_potentially_trustworthy();
});
