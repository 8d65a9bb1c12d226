//! Opaque-response blocking over arbitrary responses, in the spec, Chromium
//! and Firefox profiles: the check never panics, is deterministic, and when
//! it blocks reports the response's own status, nosniff and MIME type.
//!
//! Input: byte 0 picks the profile, byte 1 and 2 the status, then header
//! lines (`name: value`, `\n`-separated) up to an empty line, then the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xorigin::browser::Profile;
use xorigin::http::headers::HeaderList;
use xorigin::http::headers::response::extract_mime_type;
use xorigin::policy::orb::{OrbVerdict, determine_nosniff, opaque_response_safelist_check};

fuzz_target!(|data: &[u8]| {
    let (Some(&which), Some(&hi), Some(&lo)) = (data.first(), data.get(1), data.get(2)) else {
        return;
    };
    let profile = match which % 3 {
        0 => &Profile::SPEC,
        1 => &Profile::CHROMIUM,
        _ => &Profile::FIREFOX,
    };
    let status = 100 + u16::from_be_bytes([hi, lo]) % 900;
    let rest = data.get(3..).unwrap_or(&[]);
    let split = rest.windows(2).position(|w| w == b"\n\n");
    let (head, body) = match split {
        Some(i) => (
            rest.get(..i).unwrap_or(&[]),
            rest.get(i + 2..).unwrap_or(&[]),
        ),
        None => (rest, &[][..]),
    };
    let mut headers = HeaderList::new();
    for line in head.split(|&b| b == b'\n') {
        if let Some(colon) = line.iter().position(|&b| b == b':') {
            let (name, value) = line.split_at(colon);
            headers.push_raw(name, value.get(1..).unwrap_or(&[]));
        }
    }
    let verdict = opaque_response_safelist_check(status, &headers, body, &profile.orb);
    assert_eq!(
        verdict,
        opaque_response_safelist_check(status, &headers, body, &profile.orb),
        "not deterministic"
    );
    if let OrbVerdict::Blocked(blocked) = &verdict {
        assert_eq!(blocked.status, status);
        assert_eq!(blocked.nosniff, determine_nosniff(&headers));
        assert_eq!(
            blocked.mime_type,
            extract_mime_type(&headers).map(|m| m.essence())
        );
    }
});
