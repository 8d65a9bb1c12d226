//! URL to origin: never panics; a tuple origin's serialization parses back
//! as a serialized origin to the same origin; for the special network
//! schemes it agrees with the `url` crate's origin.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xorigin::origin::Origin;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(url) = url::Url::parse(s) else {
        return;
    };
    let origin = Origin::from_url(&url);
    // An opaque origin is same origin with itself (the same Arc), as is a tuple.
    assert!(origin.same_origin(&origin));
    let serialized = origin.ascii_serialization();
    if matches!(url.scheme(), "http" | "https" | "ws" | "wss") {
        assert_eq!(
            serialized,
            url.origin().ascii_serialization(),
            "origin of {s:?} differs from the url crate's"
        );
    }
    if let Some(tuple) = origin.as_tuple() {
        match Origin::parse_serialized(serialized) {
            Ok(back) => {
                assert!(
                    back.same_origin(&origin),
                    "{serialized:?} parses to another origin"
                );
                assert_eq!(back.ascii_serialization(), serialized);
            }
            // Tuple origins of schemes without a serialized-origin form
            // (e.g. `ftp`) may be rejected; network schemes may not.
            Err(e) => assert!(
                !matches!(tuple.scheme(), "http" | "https"),
                "{serialized:?} (from {s:?}) does not parse: {e}"
            ),
        }
        let _ = xorigin::origin::is_potentially_trustworthy_url(&url);
        let _ = origin.site();
    }
});
