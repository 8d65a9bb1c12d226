//! MIME type parsing: parse -> serialize -> parse gives the same MIME type
//! and the same serialization; the byte parser agrees with the string parser.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xorigin::mime::MimeType;

fuzz_target!(|data: &[u8]| {
    let by_bytes = MimeType::parse_bytes(data);
    if let Ok(s) = std::str::from_utf8(data)
        && s.is_ascii()
    {
        assert_eq!(
            MimeType::parse(s),
            by_bytes,
            "byte and string parsers disagree on {s:?}"
        );
    }
    let Some(mime) = by_bytes else {
        return;
    };
    let serialized = mime.serialize();
    let again = match MimeType::parse(&serialized) {
        Some(m) => m,
        None => panic!("serialization {serialized:?} of {data:?} does not parse"),
    };
    assert_eq!(
        again, mime,
        "round trip changed {data:?} (serialized {serialized:?})"
    );
    assert_eq!(
        again.serialize(),
        serialized,
        "serialization unstable for {data:?}"
    );
    let bytes = mime.serialize_bytes();
    assert_eq!(MimeType::parse_bytes(&bytes), Some(mime));
});
