use super::*;
use crate::browser::Profile;

fn list(pairs: &[(&str, &str)]) -> HeaderList {
    pairs
        .iter()
        .map(|(n, v)| (n.as_bytes(), v.as_bytes()))
        .collect()
}

const PNG_1X1: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\xdacd`\xf8_\x0f\x00\x02\x87\x01\x80\xebG\xba\x92\x00\x00\x00\x00IEND\xaeB`\x82";
const GIF_1X1: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x01D\x00;";
const ICO: &[u8] =
    b"\x00\x00\x01\x00\x01\x00\x01\x01\x00\x00\x01\x00\x20\x00\x30\x00\x00\x00\x16\x00\x00\x00";
const WEBP: &[u8] =
    b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00\x30\x01\x00\x9d\x01\x2a\x01\x00\x01\x00";
const BMP: &[u8] = b"BM\x3a\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00\x00\x01\x00\x18\x00\x00\x00\x00\x00\x04\x00\x00\x00\x13\x0b\x00\x00\x13\x0b\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\x00\x00\x00";
const GIF_NO_TABLE: &[u8] =
    b"GIF89a\x01\x00\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x01D\x00;";
const GIF_TABLE_4: &[u8] = b"GIF89a\x01\x00\x01\x00\x81\x00\x00\x00\x00\x00\xff\xff\xff\x00\x00\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x01D\x00;";
const SVG: &[u8] = br#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>"#;

fn image(status: u16, headers: &[(&str, &str)], body: &[u8], rules: &ElementLoadRules) -> bool {
    process_element_response(
        Destination::Image,
        status,
        &list(headers),
        body,
        false,
        rules,
    )
    .is_ok()
}

#[test]
fn image_decodes_by_its_bytes_not_its_label() {
    // SOI, an APP0 segment of length 0x0104 (258 payload bytes), SOF0, SOS.
    let mut jpeg_app_260 = b"\xFF\xD8\xFF\xE0\x01\x04".to_vec();
    jpeg_app_260.extend([b'a'; 258]);
    jpeg_app_260.extend(b"\xFF\xC0\x00\x05\x08\x00\x01\xFF\xDA\x00\x03\x01");
    let jpeg_app_260 = jpeg_app_260.as_slice();
    let spec = &Profile::SPEC.element_loads;
    let png = [("Content-Type", "image/png")];
    let plain = [("Content-Type", "text/plain")];
    // (status, headers, body, load)
    type Row<'a> = (u16, &'a [(&'a str, &'a str)], &'a [u8], bool);
    let rows: &[Row] = &[
        (200, &png, PNG_1X1, true),
        (200, &plain, PNG_1X1, true),
        (200, &[], PNG_1X1, true),
        (404, &png, PNG_1X1, true),
        (200, &png, b"", false),
        (200, &png, &PNG_1X1[..16], false),
        (200, &png, &PNG_1X1[..33], false),
        (200, &png, &PNG_1X1[..41], true),
        (200, &png, &PNG_1X1[..50], true),
        (200, &png, &PNG_1X1[..58], true),
        (200, &[("Content-Type", "text/html")], b"<!DOCTYPE html><p>x", false),
        (200, &[("Content-Type", "application/json")], b"{\"a\": 1}", false),
        (200, &plain, b"hello", false),
        (200, &[("Content-Type", "image/gif")], GIF_1X1, true),
        (200, &[("Content-Type", "image/gif")], &GIF_1X1[..41], true),
        (200, &[("Content-Type", "image/gif")], &GIF_1X1[..36], false),
        (200, &[("Content-Type", "image/gif")], b"GIF89a\x01", false),
        (200, &[("Content-Type", "image/svg+xml")], SVG, true),
        (
            200,
            &[("Content-Type", "image/svg+xml")],
            b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- c --><!DOCTYPE svg><svg:svg xmlns:svg=\"http://www.w3.org/2000/svg\"/>",
            true,
        ),
        (200, &[("Content-Type", "image/svg+xml")], b"hello", false),
        (200, &[("Content-Type", "image/svg+xml")], b"<html xmlns=\"http://www.w3.org/2000/svg\"/>", false),
        (200, &[("Content-Type", "image/svg+xml")], b"<!-- unclosed", false),
        (200, &[("Content-Type", "text/xml")], SVG, false),
        (200, &[], SVG, false),
        (200, &[], b"\xFF\xD8\xFF\xE0\x00\x04ab\xFF\xC0\x00\x05\x08\x00\x01\xFF\xDA\x00\x03\x01", true),
        (200, &[], b"\xFF\xD8\xFF\xE0\x00\x04ab\xFF\xC0\x00\x05\x08\x00\x01\xFF\xDA\x00\x08", false),
        (200, &[], b"\xFF\xD8\xFF\xE0\x00\x04ab\xFF\xDA\x00\x03\x01", false),
        (200, &[], b"\xFF\xD8\xFF\xE0\x00\x00", false),
        (200, &[], b"\xFF\xD8\xFF\xE0\x00\x10short", false),
        // ICO and WebP by length only (not recorded): the directory entry,
        // the frame header.
        (200, &[], &ICO[..22], true),
        (200, &[], &ICO[..21], false),
        (200, &[], &WEBP[..30], true),
        (200, &[], &WEBP[..29], false),
        // BMP: the header's pixel-data offset (54) must be inside the body,
        // and the info header's width and height too.
        (200, &[], &BMP[..55], true),
        (200, &[], &BMP[..54], false),
        (200, &[], b"BM\x00\x00\x00\x00\x00\x00\x00\x00\x0a\x00\x00\x00\x28\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00", false),
        // GIF without a global color table, and with one of 4 entries.
        (200, &[], GIF_NO_TABLE, true),
        (200, &[], GIF_TABLE_4, true),
        (200, &[], &GIF_TABLE_4[..34], false),
        // JPEG: fill bytes before a marker; a segment length of 260 (two
        // bytes, big-endian); an empty APPn (length 2); a start-of-scan
        // whose length is under 2; one cut 2 bytes short.
        (200, &[], b"\xFF\xD8\xFF\xE0\x00\x04ab\xFF\xFF\xFF\xC0\x00\x05\x08\x00\x01\xFF\xDA\x00\x03\x01", true),
        (200, &[], jpeg_app_260, true),
        (200, &[], b"\xFF\xD8\xFF\xE0\x00\x02\xFF\xC0\x00\x05\x08\x00\x01\xFF\xDA\x00\x03\x01", true),
        (200, &[], b"\xFF\xD8\xFF\xC0\x00\x05\x08\x00\x01\xFF\xDA\x00\x01\x01\x01", false),
        (200, &[], b"\xFF\xD8\xFF\xC0\x00\x05\x08\x00\x01\xFF\xDA\x00\x08\x01\x02\x03\x04", false),
    ];
    for (status, headers, body, load) in rows {
        assert_eq!(
            image(*status, headers, body, spec),
            *load,
            "{status} {headers:?} {:?}",
            String::from_utf8_lossy(body)
        );
    }
    assert!(image(500, &png, PNG_1X1, spec));
    let svg = [("Content-Type", "image/svg+xml")];
    let firefox = &Profile::FIREFOX.element_loads;
    assert!(image(500, &svg, SVG, spec));
    assert!(!image(500, &svg, SVG, firefox));
    assert!(image(200, &svg, SVG, firefox));
    assert!(image(500, &png, PNG_1X1, firefox));
}

#[test]
fn image_failure_names_label_and_signature() {
    let failure = process_element_response(
        Destination::Image,
        200,
        &list(&[("Content-Type", "image/png")]),
        &PNG_1X1[..33],
        false,
        &Profile::SPEC.element_loads,
    );
    assert_eq!(
        failure,
        Err(ElementLoadFailure::ImageNotDecodable {
            essence: Some("image/png".to_owned()),
            sniffed: Some("image/png"),
        })
    );
}

#[test]
fn script_and_stylesheet_table() {
    use Destination::{Script, Style};
    let css = [("Content-Type", "text/css")];
    let plain = [("Content-Type", "text/plain")];
    let json = [("Content-Type", "application/json")];
    // (destination, status, headers, Chromium's style knob, fires error)
    type Row<'a> = (Destination, u16, &'a [(&'a str, &'a str)], bool, bool);
    let rows: &[Row] = &[
        (Script, 200, &[], false, false),
        (Script, 404, &[], false, true),
        (Script, 500, &[], true, true),
        (Script, 204, &[], false, false),
        (Script, 200, &json, false, false),
        (Style, 200, &css, false, false),
        (Style, 404, &css, false, true),
        (Style, 200, &plain, false, true),
        (Style, 200, &plain, true, false),
        (Style, 200, &[], false, true),
        (
            Style,
            200,
            &[("Content-Type", "Text/CSS; charset=utf-8")],
            false,
            false,
        ),
    ];
    for (destination, status, headers, style_knob, error) in rows {
        let rules = ElementLoadRules {
            non_css_stylesheet_fires_load: *style_knob,
            ..Profile::SPEC.element_loads
        };
        assert_eq!(
            process_element_response(*destination, *status, &list(headers), b"x", false, &rules)
                .is_err(),
            *error,
            "{destination:?} {status} {headers:?} style={style_knob}"
        );
    }
    let chromium = &Profile::CHROMIUM.element_loads;
    assert_eq!(
        process_element_response(Style, 200, &list(&plain), b"", false, chromium),
        Ok(ElementLoaded::LoadedNotApplied)
    );
    assert_eq!(
        process_element_response(Style, 200, &list(&css), b"", false, chromium),
        Ok(ElementLoaded::Applied)
    );
}

#[test]
fn untyped_stylesheet_is_sniffed_when_the_profile_says_so() {
    use Destination::Style;
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    const WAV: &[u8] = b"RIFF\x24\0\0\0WAVEfmt ";
    // (body, Firefox's type for it fetched directly, after a redirect;
    // None = used as CSS), as recorded in Firefox 153.
    type Row<'a> = (&'a [u8], Option<&'a str>, Option<&'a str>);
    let rows: &[Row] = &[
        (PNG, Some("image/png"), Some("image/png")),
        (WAV, Some("audio/x-wav"), Some("audio/x-wav")),
        (b"  <!DOCTYPE html><p>x", None, Some("text/html")),
        (b"<?xml version=\"1.0\"?><a/>", None, Some("text/xml")),
        (b"%PDF-1.4", None, Some("application/pdf")),
        (b"\0\x01\x02\x03", None, Some("application/octet-stream")),
        (b"a{color:red}", None, Some("text/plain")),
        (b"", None, Some("text/plain")),
    ];
    let firefox = &Profile::FIREFOX.element_loads;
    let webkit = &Profile::WEBKIT.element_loads;
    for &(body, direct, after_redirect) in rows {
        for (redirected, sniffed) in [(false, direct), (true, after_redirect)] {
            let got = process_element_response(Style, 200, &list(&[]), body, redirected, firefox);
            match sniffed {
                Some(essence) => assert_eq!(
                    got,
                    Err(ElementLoadFailure::StyleNotTextCss {
                        essence: Some(essence.to_owned())
                    }),
                    "{body:?} redirected={redirected}"
                ),
                None => assert_eq!(got, Ok(ElementLoaded::Applied), "{body:?}"),
            }
            // A typed response is never sniffed; WebKit uses every untyped one.
            let css = list(&[("Content-Type", "text/css")]);
            assert_eq!(
                process_element_response(Style, 200, &css, body, redirected, firefox),
                Ok(ElementLoaded::Applied)
            );
            assert_eq!(
                process_element_response(Style, 200, &list(&[]), body, redirected, webkit),
                Ok(ElementLoaded::Applied)
            );
        }
    }
}
