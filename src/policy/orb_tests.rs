use super::*;
use crate::browser::Profile;

fn mime(s: &str) -> MimeType {
    MimeType::parse(s).expect("MIME type")
}

#[test]
fn media_mime_types_table() {
    for (essence, media) in [
        ("audio/mpeg", true),
        ("video/mp4", true),
        ("application/ogg", true),
        ("application/dash+xml", true),
        ("application/vnd.apple.mpegurl", true),
        ("text/vtt", true),
        ("text/plain", false),
        ("application/json", false),
    ] {
        assert_eq!(is_media_mime_type(&mime(essence)), media, "{essence}");
    }
}

#[test]
fn html_comments_skipped_to_the_line_end() {
    // (body, sniffed as HTML)
    let rows: &[(&[u8], Sniffed)] = &[
        (b"<!-- c -->\n<p>", Sniffed::Yes),
        (b"<!-- c --> var x\r<p>", Sniffed::Yes),
        // U+2028 and U+2029 end the line too; the rest starts at the
        // terminator, which is not whitespace, so nothing more matches
        // (without them the comment's line never ends: `Maybe`).
        (b"<!-- c -->\xE2\x80\xA8<p>", Sniffed::No),
        (b"<!-- c -->\xE2\x80\xA9<p>", Sniffed::No),
        (b"<!-- c -->\xE2\x80\xAA<p>", Sniffed::Maybe),
        // The comment ends at its own `-->`, lines inside it included.
        (b"<!-- x\n -->\n<p>", Sniffed::Yes),
        (b"<!-- x\ny -->z\n<p>", Sniffed::Yes),
        (b"<!-- x\n -->\nvar a;", Sniffed::No),
        (b"<!-- abcdef\n<p> -->\nvar a;", Sniffed::No),
        (b"<!-- c", Sniffed::Maybe),
        (b"<!-- c --", Sniffed::Maybe),
        (b"<!-- c -->", Sniffed::Maybe),
        (b"<!-", Sniffed::Maybe),
    ];
    for (body, want) in rows {
        assert_eq!(
            sniff_for_html(body),
            *want,
            "{:?}",
            String::from_utf8_lossy(body)
        );
    }
}

#[test]
fn json_object_needs_its_brace() {
    for (body, want) in [
        (&b"{\"a\": 1}"[..], Sniffed::Yes),
        (b" {\"a\" :", Sniffed::Yes),
        (b"[\"a\": 1]", Sniffed::No),
        (b"x\"a\":", Sniffed::No),
        (b"{\"a\", \"b\"", Sniffed::No),
        (b"{\"a\"", Sniffed::Maybe),
    ] {
        assert_eq!(
            sniff_for_json(body),
            want,
            "{:?}",
            String::from_utf8_lossy(body)
        );
    }
}

#[test]
fn content_range_first_byte_table() {
    for (value, want) in [
        ("bytes 0-9/10", Some(0)),
        ("bytes 5-9/*", Some(5)),
        ("bytes 5-5/10", Some(5)),
        ("bytes 9-5/10", None),
        ("bytes -9/10", None),
        ("bytes 5-/10", None),
        ("bytes +5-9/10", None),
        ("bytes 0-+9/10", None),
        ("bytes 0-9/+10", None),
        ("bytes 0-9/", None),
        ("bytes 0-9", None),
        ("bytes=0-9/10", None),
    ] {
        let list: HeaderList = [("Content-Range", value)].into_iter().collect();
        assert_eq!(content_range_first_byte(&list), want, "{value}");
    }
}

#[test]
fn verdict_is_blocked_only_when_blocked() {
    let allowed = OrbVerdict::Allowed {
        because: OrbAllowed::SafelistedMimeType,
    };
    assert!(!allowed.is_blocked());
    let blocked = OrbVerdict::Blocked(OrbBlocked {
        reason: OrbBlockReason::SniffedAsHtml,
        mime_type: None,
        status: 200,
        nosniff: false,
    });
    assert!(blocked.is_blocked());
}

#[test]
fn mime_type_sets_table() {
    // (MIME type, safelisted, blocklisted, never sniffed by the proposal)
    let rows: &[(&str, bool, bool, bool)] = &[
        ("text/javascript", true, false, false),
        ("application/x-javascript;charset=utf-8", true, false, false),
        ("TEXT/CSS", true, false, false),
        ("image/svg+xml", true, true, false),
        ("text/html", false, true, false),
        ("application/json", false, true, false),
        ("text/json", false, true, false),
        ("application/ld+json", false, true, false),
        ("application/xml", false, true, false),
        ("text/xml", false, true, false),
        ("application/atom+xml", false, true, false),
        ("text/plain", false, false, false),
        ("image/png", false, false, false),
        ("application/pdf", false, false, true),
        ("application/zip", false, false, true),
        ("text/csv", false, false, true),
        ("text/event-stream", false, false, true),
        ("multipart/byteranges", false, false, true),
        ("application/x-protobuffer", false, false, true),
        ("application/octet-stream", false, false, false),
    ];
    let spec = Profile::SPEC.orb;
    for &(m, safe, block, never) in rows {
        let m = mime(m);
        assert_eq!(is_opaque_safelisted_mime_type(&m), safe, "safelisted {m}");
        assert_eq!(
            is_opaque_blocklisted_mime_type(&m),
            block,
            "blocklisted {m}"
        );
        assert_eq!(
            is_opaque_blocklisted_never_sniffed_mime_type(&m, &spec),
            never,
            "never sniffed {m}"
        );
    }
    let chromium = Profile::CHROMIUM.orb;
    assert!(is_opaque_blocklisted_never_sniffed_mime_type(
        &mime("text/pdf"),
        &chromium
    ));
    assert!(!is_opaque_blocklisted_never_sniffed_mime_type(
        &mime("text/vtt"),
        &chromium
    ));
}

#[test]
fn nosniff_table() {
    let rows: &[(&[(&str, &str)], bool)] = &[
        (&[], false),
        (&[("X-Content-Type-Options", "nosniff")], true),
        (&[("X-Content-Type-Options", "NoSniff")], true),
        (&[("X-Content-Type-Options", "nosniff, foo")], true),
        (&[("X-Content-Type-Options", "foo, nosniff")], false),
        (&[("X-Content-Type-Options", ",nosniff")], false),
        (&[("X-Content-Type-Options", "\"nosniff\"")], false),
    ];
    for (headers, expected) in rows {
        let list: HeaderList = headers.iter().copied().collect();
        assert_eq!(determine_nosniff(&list), *expected, "{headers:?}");
    }
}

#[test]
fn sniffers_table() {
    use Sniffed::*;
    // (bytes, html, xml, fetch-only (JSON / parser breakers))
    let rows: &[(&str, Sniffed, Sniffed, Sniffed)] = &[
        ("<!DOCTYPE html><p>", Yes, No, No),
        ("  \n<html>", Yes, No, No),
        ("<HEAD>", Yes, No, No),
        ("<b>bold", Yes, No, No),
        ("<br>", Yes, No, No),
        ("<p", Yes, No, No),
        ("<!-- c -->\n<div>", Yes, No, No),
        ("<!-- c --> x\n<div>", Yes, No, No),
        ("<!-- only a comment -->\nvar a;", No, No, No),
        ("<!-- unterminated", Maybe, No, No),
        ("<!doc", Maybe, No, No),
        ("<svg>", No, No, No),
        ("var x = 1;", No, No, No),
        ("<?xml version=\"1.0\"?>", No, Yes, No),
        ("  <?xml", No, Yes, No),
        ("<?XML", No, No, No),
        ("<?xm", No, Maybe, No),
        ("{\"a\": 1}", No, No, Yes),
        (" { \"a\\\"b\" :", No, No, Yes),
        ("{\"a\"", No, No, Maybe),
        ("{a: 1}", No, No, No),
        ("[1, 2]", No, No, No),
        (")]}'\n{\"a\":1}", No, No, Yes),
        (")]}", No, No, Maybe),
        ("{}&&{\"a\":1}", No, No, Yes),
        ("{} &&", No, No, Yes),
        ("for(;;);{}", No, No, Yes),
        ("while(1);", No, No, Yes),
        ("for (;;);", No, No, Yes),
        ("while (1);", No, No, Yes),
        ("alert(1)", No, No, No),
        ("", Maybe, Maybe, Maybe),
    ];
    for &(bytes, html, xml, json) in rows {
        let b = bytes.as_bytes();
        assert_eq!(sniff_for_html(b), html, "html {bytes:?}");
        assert_eq!(sniff_for_xml(b), xml, "xml {bytes:?}");
        assert_eq!(sniff_for_fetch_only_resource(b), json, "json {bytes:?}");
    }
}

#[test]
fn parses_as_json_table() {
    let rows: &[(&[u8], bool)] = &[
        (b"{\"a\":1}", true),
        (b"[1,2]", true),
        (b"1", true),
        (b" \"s\" ", true),
        (b"\xEF\xBB\xBF{}", true),
        (b"", false),
        (b")]}'\n{}", false),
        (b"alert(1)", false),
        (b"{a:1}", false),
    ];
    for (body, expected) in rows {
        assert_eq!(parses_as_json(body), *expected, "{body:?}");
    }
}

/// (status, headers, body, spec verdict, chromium verdict): `Ok(step)`
/// allowed, `Err(step)` blocked.
type Row = (
    u16,
    &'static [(&'static str, &'static str)],
    &'static str,
    Result<OrbAllowed, OrbBlockReason>,
    Result<OrbAllowed, OrbBlockReason>,
);

#[test]
fn opaque_response_safelist_check_table() {
    use OrbAllowed as A;
    use OrbBlockReason as B;
    const CT: &str = "Content-Type";
    const XCTO: (&str, &str) = ("X-Content-Type-Options", "nosniff");
    let rows: &[Row] = &[
        (
            200,
            &[(CT, "text/javascript")],
            "alert(1)",
            Ok(A::SafelistedMimeType),
            Ok(A::JavaScript),
        ),
        (
            200,
            &[(CT, "text/javascript")],
            "{\"a\": 1}",
            Ok(A::SafelistedMimeType),
            Err(B::SniffedAsJson),
        ),
        (
            200,
            &[(CT, "text/javascript")],
            ")]}'\n[]",
            Ok(A::SafelistedMimeType),
            Err(B::SniffedAsJson),
        ),
        (
            200,
            &[(CT, "text/javascript")],
            "<!doctype html>",
            Ok(A::SafelistedMimeType),
            Err(B::SniffedAsHtml),
        ),
        (
            200,
            &[(CT, "text/css")],
            "<html>",
            Ok(A::SafelistedMimeType),
            Ok(A::SafelistedMimeType),
        ),
        (
            200,
            &[(CT, "image/svg+xml")],
            "<svg/>",
            Ok(A::SafelistedMimeType),
            Ok(A::SafelistedMimeType),
        ),
        (
            200,
            &[(CT, "application/pdf")],
            "%PDF-1.4",
            Err(B::NeverSniffedMimeType),
            Err(B::NeverSniffedMimeType),
        ),
        (
            200,
            &[(CT, "text/csv")],
            "a,b",
            Err(B::NeverSniffedMimeType),
            Err(B::NeverSniffedMimeType),
        ),
        (
            200,
            &[(CT, "text/html")],
            "<!doctype html><p>x",
            Err(B::SniffedAsHtml),
            Err(B::SniffedAsHtml),
        ),
        (
            200,
            &[(CT, "text/html")],
            "alert(1)",
            Ok(A::JavaScript),
            Ok(A::JavaScript),
        ),
        (
            200,
            &[(CT, "text/html")],
            "GIF89a",
            Ok(A::SniffedAsImage),
            Ok(A::SniffedAsImage),
        ),
        (
            200,
            &[(CT, "text/html"), XCTO],
            "GIF89a",
            Err(B::NosniffBlocklisted),
            Err(B::NosniffBlocklisted),
        ),
        (
            200,
            &[(CT, "text/plain"), XCTO],
            "alert(1)",
            Err(B::NosniffBlocklisted),
            Err(B::NosniffBlocklisted),
        ),
        (
            200,
            &[(CT, "application/json")],
            "{\"a\": 1}",
            Err(B::SniffedAsJson),
            Err(B::SniffedAsJson),
        ),
        (
            200,
            &[(CT, "application/json")],
            "[1, 2]",
            Err(B::SniffedAsJson),
            Ok(A::JavaScript),
        ),
        (
            200,
            &[(CT, "application/json")],
            ")]}'\n{\"a\": 1}",
            Err(B::SniffedAsJson),
            Err(B::SniffedAsJson),
        ),
        (
            200,
            &[(CT, "application/xml")],
            "<?xml version=\"1.0\"?><a/>",
            Err(B::SniffedAsXml),
            Err(B::SniffedAsXml),
        ),
        (
            200,
            &[(CT, "image/png")],
            "not an image",
            Err(B::MediaMimeTypeMismatch),
            Ok(A::JavaScript),
        ),
        (
            200,
            &[(CT, "image/gif")],
            "GIF89a",
            Ok(A::SniffedAsImage),
            Ok(A::SniffedAsImage),
        ),
        (
            200,
            &[(CT, "video/mp4")],
            "x",
            Err(B::MediaMimeTypeMismatch),
            Ok(A::MediaMimeType),
        ),
        (
            200,
            &[(CT, "application/octet-stream")],
            "ID3\u{3}",
            Err(B::SniffedAsMedia),
            Ok(A::SniffedAsMedia),
        ),
        (
            200,
            &[],
            "<html>",
            Ok(A::MimeTypeFailure),
            Ok(A::MimeTypeFailure),
        ),
        (404, &[], "", Err(B::NotOkStatus), Ok(A::MimeTypeFailure)),
        (
            404,
            &[(CT, "text/html")],
            "Not found",
            Err(B::NotOkStatus),
            Ok(A::JavaScript),
        ),
        (
            404,
            &[(CT, "image/gif")],
            "GIF89a",
            Ok(A::SniffedAsImage),
            Ok(A::SniffedAsImage),
        ),
        (
            200,
            &[(CT, "application/octet-stream"), XCTO],
            "x",
            Err(B::Nosniff),
            Ok(A::JavaScript),
        ),
        (204, &[], "", Ok(A::MimeTypeFailure), Ok(A::MimeTypeFailure)),
        (
            204,
            &[(CT, "application/json")],
            "",
            Ok(A::JavaScript),
            Ok(A::JavaScript),
        ),
        (
            206,
            &[(CT, "text/html"), ("Content-Range", "bytes 0-4/10")],
            "alert",
            Err(B::PartialBlocklisted),
            Ok(A::JavaScript),
        ),
        (
            206,
            &[(CT, "text/plain"), ("Content-Range", "bytes 5-9/10")],
            "alert",
            Err(B::InvalidPartialResponse),
            Err(B::InvalidPartialResponse),
        ),
        (
            206,
            &[(CT, "text/plain")],
            "alert",
            Err(B::InvalidPartialResponse),
            Ok(A::JavaScript),
        ),
        (
            206,
            &[(CT, "text/plain"), ("Content-Range", "bytes 0-4/10")],
            "alert",
            Ok(A::JavaScript),
            Ok(A::JavaScript),
        ),
    ];
    let spec = Profile::SPEC.orb;
    let chromium = Profile::CHROMIUM.orb;
    for (status, headers, body, expect_spec, expect_chromium) in rows {
        let list: HeaderList = headers.iter().copied().collect();
        for (policy, expected, name) in [
            (&spec, expect_spec, "spec"),
            (&chromium, expect_chromium, "chromium"),
        ] {
            let verdict = opaque_response_safelist_check(*status, &list, body.as_bytes(), policy);
            let got = match verdict {
                OrbVerdict::Allowed { because } => Ok(because),
                OrbVerdict::Blocked(b) => Err(b.reason),
            };
            assert_eq!(&got, expected, "{name}: {status} {headers:?} {body:?}");
        }
    }
}

#[test]
fn firefox_allows_text_plain_with_nosniff() {
    let list: HeaderList = [
        ("Content-Type", "text/plain"),
        ("X-Content-Type-Options", "nosniff"),
    ]
    .into_iter()
    .collect();
    assert_eq!(
        opaque_response_safelist_check(200, &list, b"x", &Profile::FIREFOX.orb),
        OrbVerdict::Allowed {
            because: OrbAllowed::TextPlainNosniff
        }
    );
}
