//! Element loads (`<img>`, `<script>`, `<link rel=stylesheet>`) through the
//! scenario runner: the request headers the engine predicts for them.

use xorigin::browser::{BrowserName, Profile, SPEC_IMAGE_ACCEPT};
use xorigin::scenario::{Scenario, simulate};

fn scenario(destination: &str) -> Scenario {
    let json = format!(
        r#"{{"id":"t","client":{{"origin":"https://app.a.test"}},
            "server":[{{"method":"GET","url":"https://cdn.b.test/x","status":200,"headers":[]}}],
            "fetches":[{{"request":{{"url":"https://cdn.b.test/x","destination":"{destination}"}},
                         "expect":{{"result":"ok"}}}}]}}"#
    );
    serde_json::from_str(&json).expect("test scenario parses")
}

/// Fetch "fetching" step 1.9: `Accept` by destination; the image value is
/// the browser's (Chromium's from recordings).
#[test]
fn accept_header_by_destination() {
    let chromium_image =
        "image/jxl,image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
    let rows: &[(&str, BrowserName, &str)] = &[
        ("image", BrowserName::Spec, SPEC_IMAGE_ACCEPT),
        ("image", BrowserName::Chromium, chromium_image),
        ("style", BrowserName::Spec, "text/css,*/*;q=0.1"),
        ("style", BrowserName::Chromium, "text/css,*/*;q=0.1"),
        ("script", BrowserName::Spec, "*/*"),
        ("script", BrowserName::Chromium, "*/*"),
        ("", BrowserName::Chromium, "*/*"),
    ];
    for &(destination, browser, want) in rows {
        let profile: &Profile = browser.profile();
        let out = simulate(&scenario(destination), profile).expect("simulates");
        let expect = out.fetches[0].expect.as_ref().expect("expect predicted");
        let sent = &expect.sent.as_ref().expect("sent predicted")[0];
        assert_eq!(
            sent.headers.get("accept").cloned().flatten().as_deref(),
            Some(want),
            "{destination:?} in {browser:?}"
        );
    }
}
