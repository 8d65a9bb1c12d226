//! Randomized scenarios of the wider same-origin family (`random --family`):
//! element loads (`<img>`, `<script>`, `<link rel=stylesheet>`, with and
//! without `crossorigin`) and no-cors `fetch()` from pages with and without
//! `Cross-Origin-Embedder-Policy`, answered with `Cross-Origin-Resource-Policy`
//! values (valid and not), CORS headers, ORB-relevant types and bodies (real
//! images, HTML, JSON, parser breakers, JavaScript, CSS, text, empty; with
//! `nosniff`; 206 and 404 answers), mixed content (`http:` targets from an
//! `https:` page) and cross-site redirects.
//!
//! Scenario `i` of seed `s` depends only on `(s, i)` (`--only i` regenerates
//! it); the shrinker is `random`'s.

use xorigin::http::request::Mode;
use xorigin::scenario::{Client, FetchStep, RequestInit, Scenario, ServerEntry};

use crate::random::Rng;

/// A 1×1 PNG, base64.
const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
/// A 1×1 GIF, base64.
const GIF: &str = "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";

/// A body kind: its natural `Content-Type`, the body as text or base64.
struct Body {
    content_type: &'static str,
    text: Option<&'static str>,
    base64: Option<&'static str>,
}

const BODIES: &[Body] = &[
    Body {
        content_type: "image/png",
        text: None,
        base64: Some(PNG),
    },
    Body {
        content_type: "image/png",
        text: None,
        base64: Some(PNG),
    },
    Body {
        content_type: "image/gif",
        text: None,
        base64: Some(GIF),
    },
    Body {
        content_type: "image/png",
        text: None,
        // The first 33 bytes: signature and IHDR, no frame.
        base64: Some("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ"),
    },
    Body {
        content_type: "image/svg+xml",
        text: Some(r#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>"#),
        base64: None,
    },
    Body {
        content_type: "text/html",
        text: Some("<!DOCTYPE html><title>x</title><p>x</p>"),
        base64: None,
    },
    Body {
        content_type: "application/json",
        text: Some(r#"{"secret": 1}"#),
        base64: None,
    },
    Body {
        content_type: "application/json",
        text: Some(")]}'\n{\"a\": 1}"),
        base64: None,
    },
    Body {
        content_type: "text/javascript",
        text: Some("var family = 1;"),
        base64: None,
    },
    Body {
        content_type: "text/javascript",
        text: Some("var family = 1;"),
        base64: None,
    },
    Body {
        content_type: "text/css",
        text: Some("body { color: red }"),
        base64: None,
    },
    Body {
        content_type: "text/css",
        text: Some("body { color: red }"),
        base64: None,
    },
    Body {
        content_type: "text/plain",
        text: Some("hello"),
        base64: None,
    },
    Body {
        content_type: "image/png",
        text: Some(""),
        base64: None,
    },
];

/// Other labels a body may be served with (`None`: no `Content-Type`).
const LABELS: &[Option<&str>] = &[
    None,
    Some("text/plain"),
    Some("application/octet-stream"),
    Some("text/html"),
    Some("application/json"),
    Some("text/javascript"),
    Some("text/css"),
    Some("image/png"),
];

const CORP: &[Option<&str>] = &[
    None,
    None,
    None,
    Some("same-origin"),
    Some("same-site"),
    Some("cross-origin"),
    Some("cross-origin"),
    Some("same-origin;"),
    Some("bogus"),
];

const COEP: &[Option<&str>] = &[
    None,
    None,
    Some("require-corp"),
    Some("require-corp"),
    Some("credentialless"),
];

/// Where the page loads from: same-origin, same-site, cross-site, and
/// `http:` (mixed content from an `https:` page; on port 80, so the
/// upgraded image request goes to 443 where the harness speaks TLS).
const TARGETS: &[&str] = &[
    "https://app.a.test",
    "https://cdn.a.test",
    "https://cdn.b.test",
    "https://cdn.b.test",
    "http://cdn.b.test",
];

fn pick<T: Copy>(rng: &mut Rng, items: &[T], default: T) -> T {
    rng.pick(items).copied().unwrap_or(default)
}

fn entry(url: &str, status: u16, headers: Vec<(String, String)>) -> ServerEntry {
    let mut headers = headers;
    headers.push(("Cache-Control".into(), "no-store".into()));
    ServerEntry {
        method: "GET".into(),
        url: url.into(),
        status,
        headers,
        body: None,
        body_base64: None,
        address_space: None,
        ip: None,
        extra: serde_json::Map::new(),
    }
}

/// Generates family scenario `index` of `seed`.
pub fn generate(seed: u64, index: u64) -> Scenario {
    let mut rng = Rng::for_scenario(seed ^ 0xFA17_u64, index);
    let client = pick(
        &mut rng,
        &[
            "https://app.a.test",
            "https://app.a.test",
            "http://app.a.test:8080",
        ],
        "https://app.a.test",
    );
    let mut client_headers = Vec::new();
    if let Some(coep) = pick(&mut rng, COEP, None) {
        let name = if rng.chance(15) {
            "Cross-Origin-Embedder-Policy-Report-Only"
        } else {
            "Cross-Origin-Embedder-Policy"
        };
        client_headers.push((name.to_string(), coep.to_string()));
    }
    let mut server = Vec::new();
    let mut fetches = Vec::new();
    for f in 0..=rng.below(2) {
        let destination = pick(
            &mut rng,
            &["image", "image", "image", "script", "style", ""],
            "image",
        );
        let crossorigin = if destination.is_empty() {
            None
        } else {
            pick(
                &mut rng,
                &[None, None, Some("anonymous"), Some("use-credentials")],
                None,
            )
        };
        let target = pick(&mut rng, TARGETS, "https://cdn.b.test");
        let url = format!("{target}/f{f}/res");
        // A cross-site redirect in front, sometimes.
        let first_url = if rng.chance(25) {
            let r = format!("https://r.c.test/f{f}/r");
            let mut headers = vec![("Location".to_string(), url.clone())];
            if rng.chance(50) {
                headers.push(("Access-Control-Allow-Origin".into(), "*".into()));
            }
            server.push(entry(&r, pick(&mut rng, &[301, 302, 307], 302), headers));
            r
        } else {
            url.clone()
        };
        let body = rng.pick(BODIES).unwrap_or(&BODIES[0]);
        let label = if rng.chance(25) {
            pick(&mut rng, LABELS, None)
        } else {
            Some(body.content_type)
        };
        let status = pick(&mut rng, &[200, 200, 200, 200, 404, 206, 500], 200);
        let mut headers = Vec::new();
        if let Some(label) = label {
            headers.push(("Content-Type".to_string(), label.to_string()));
        }
        if status == 206 {
            headers.push(("Content-Range".into(), "bytes 0-9/100".into()));
        }
        if rng.chance(20) {
            headers.push(("X-Content-Type-Options".into(), "nosniff".into()));
        }
        if let Some(corp) = pick(&mut rng, CORP, None) {
            headers.push(("Cross-Origin-Resource-Policy".into(), corp.into()));
        }
        match rng.below(4) {
            0 => headers.push(("Access-Control-Allow-Origin".into(), "*".into())),
            1 => {
                headers.push(("Access-Control-Allow-Origin".into(), client.into()));
                if rng.chance(50) {
                    headers.push(("Access-Control-Allow-Credentials".into(), "true".into()));
                }
            }
            _ => {}
        }
        let mut e = entry(&url, status, headers);
        e.body = body.text.map(str::to_owned);
        e.body_base64 = body.base64.map(str::to_owned);
        server.push(e);
        let request = RequestInit {
            url: first_url,
            destination: (!destination.is_empty()).then(|| destination.to_string()),
            crossorigin: crossorigin.map(str::to_owned),
            mode: destination.is_empty().then_some(Mode::NoCors),
            ..RequestInit::default()
        };
        fetches.push(FetchStep {
            wait_ms: 0,
            request,
            expect: None,
            extra: serde_json::Map::new(),
        });
    }
    Scenario {
        id: format!("family-{seed}-{index}"),
        description: Some(format!(
            "generated by `xorigin-conformance random --family --seed {seed} --only {index}`"
        )),
        browser: None,
        client: Client {
            origin: client.to_string(),
            headers: client_headers,
            address_space: None,
            local_network_permission: None,
            extra: serde_json::Map::new(),
        },
        server,
        fetches,
        extra: serde_json::Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_valid() {
        for i in 0..200 {
            let a = generate(1, i);
            assert_eq!(a, generate(1, i));
            let text = a.to_json_pretty();
            let back = xorigin::scenario::Scenario::from_json(&text);
            assert!(back.is_ok(), "{i}: {back:?}");
        }
    }
}
