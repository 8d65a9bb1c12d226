//! Randomized scenarios: generated from a seed (methods, header sets,
//! credentials modes, server header variations including malformed ones,
//! redirect chains, preflight-cache sequences), and shrunk when the browser
//! and the engine disagree.
//!
//! Scenario `i` of seed `s` depends only on `(s, i)`, so one disagreement can
//! be regenerated alone (`--only i`).

use xorigin::http::request::{CredentialsMode, Mode, RedirectMode};
use xorigin::scenario::{Client, FetchStep, RequestInit, Scenario, ServerEntry};

/// splitmix64: small, fast, and its output is fixed by the seed alone.
/// <https://prng.di.unimi.it/splitmix64.c>
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator for scenario `index` of `seed`.
    pub fn for_scenario(seed: u64, index: u64) -> Rng {
        let mut r = Rng(seed ^ index.wrapping_mul(0xA24B_AED4_963E_E407));
        r.next();
        r
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    /// One element of a non-empty slice (the first when it is empty is
    /// impossible: callers pass literals).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

const CLIENTS: [&str; 4] = [
    "https://app.a.test",
    "https://app.a.test",
    "http://app.a.test:8080",
    "null",
];

/// Target origins for a client: same-origin, same-site, cross-site; https
/// clients only get https targets (mixed content is another subject).
fn targets(client: &str) -> Vec<String> {
    let mut t = vec![
        "https://api.a.test".to_string(),
        "https://api.b.test".to_string(),
    ];
    t.push("https://b.test:8443".to_string());
    if client != "null" {
        t.push(client.to_string());
        t.push(client.to_string());
    }
    if client.starts_with("http:") || client == "null" {
        t.push("http://api.b.test".to_string());
        t.push("http://app.a.test:8080".to_string());
    }
    t
}

const METHODS: [&str; 12] = [
    "GET", "GET", "GET", "HEAD", "POST", "POST", "PUT", "DELETE", "PATCH", "patch", "put", "QUERY",
];

const REQUEST_HEADERS: [(&str, &str); 16] = [
    ("Content-Type", "text/plain"),
    ("Content-Type", "application/json"),
    ("Content-Type", "application/x-www-form-urlencoded"),
    ("Content-Type", "text/plain; charset=utf-8"),
    ("Content-Type", "multipart/form-data; boundary=x"),
    ("X-Custom", "1"),
    ("x-custom", "2"),
    ("Accept", "application/json"),
    ("Accept", "text/(plain"),
    ("Accept-Language", "fr"),
    ("Content-Language", "en;q=1"),
    ("Authorization", "Bearer t"),
    ("Range", "bytes=0-9"),
    ("Range", "bytes=0-9,20-29"),
    ("X-Other", "a"),
    ("DPR", "2"),
];

/// Values of `Access-Control-Allow-Origin` for a client (some invalid).
fn acao_values(client: &str) -> Vec<Option<Vec<String>>> {
    let upper = client.to_ascii_uppercase();
    vec![
        None,
        Some(vec!["*".into()]),
        Some(vec![client.into()]),
        Some(vec![client.into()]),
        Some(vec![client.into()]),
        Some(vec!["https://evil.test".into()]),
        Some(vec!["null".into()]),
        Some(vec![format!("{client} ")]),
        Some(vec![format!("{client}, https://evil.test")]),
        Some(vec![client.into(), client.into()]),
        Some(vec![upper]),
        Some(vec![format!("{client}/")]),
        Some(vec!["".into()]),
    ]
}

const ACAC: [Option<&str>; 6] = [
    None,
    None,
    Some("true"),
    Some("true"),
    Some("True"),
    Some("false"),
];
const ACEH: [Option<&str>; 6] = [
    None,
    None,
    Some("*"),
    Some("x-custom"),
    Some("X-Custom, Content-Length, set-cookie"),
    Some(",x-custom,,"),
];
const ACAH: [Option<&str>; 9] = [
    None,
    Some("*"),
    Some("x-custom"),
    Some("X-Custom, Content-Type"),
    Some("content-type,x-custom,authorization,range,x-other,dpr"),
    Some("authorization"),
    Some(",x-custom,"),
    Some("x custom"),
    Some("*, authorization"),
];
const MAX_AGE: [Option<&str>; 6] = [None, None, Some("0"), Some("60"), Some("-1"), Some("abc")];
const REDIRECT_STATUS: [u16; 5] = [301, 302, 303, 307, 308];

fn allow_methods(rng: &mut Rng, method: &str) -> Option<String> {
    match rng.below(8) {
        0 => None,
        1 => Some("*".into()),
        2 => Some(method.to_string()),
        3 => Some(method.to_string()),
        4 => Some(method.to_ascii_lowercase()),
        5 => Some(method.to_ascii_uppercase()),
        6 => Some(format!("GET, {method}, ,")),
        _ => Some("GET, POST".into()),
    }
}

/// CORS headers for an actual (non-preflight) response.
fn response_headers(rng: &mut Rng, client: &str) -> Vec<(String, String)> {
    let mut h = Vec::new();
    if let Some(Some(values)) = rng.pick(&acao_values(client)) {
        for v in values {
            h.push(("Access-Control-Allow-Origin".to_string(), v.clone()));
        }
    }
    if let Some(Some(v)) = rng.pick(&ACAC) {
        h.push(("Access-Control-Allow-Credentials".into(), (*v).into()));
    }
    if let Some(Some(v)) = rng.pick(&ACEH) {
        h.push(("Access-Control-Expose-Headers".into(), (*v).into()));
    }
    if rng.chance(70) {
        h.push(("Content-Type".into(), "text/plain".into()));
    }
    if rng.chance(50) {
        h.push(("X-Custom".into(), "v".into()));
    }
    if rng.chance(15) {
        h.push(("Set-Cookie".into(), "a=b".into()));
    }
    if rng.chance(15) {
        h.push(("Content-Language".into(), "en".into()));
    }
    h
}

/// A preflight response.
fn preflight_entry(rng: &mut Rng, client: &str, url: &str, method: &str) -> ServerEntry {
    let status = *rng.pick(&[200u16, 204, 204, 204, 403, 302]).unwrap_or(&204);
    let mut headers = Vec::new();
    if let Some(Some(values)) = rng.pick(&acao_values(client)) {
        for v in values {
            headers.push(("Access-Control-Allow-Origin".to_string(), v.clone()));
        }
    }
    if let Some(Some(v)) = rng.pick(&ACAC) {
        headers.push(("Access-Control-Allow-Credentials".into(), (*v).into()));
    }
    if let Some(v) = allow_methods(rng, method) {
        headers.push(("Access-Control-Allow-Methods".into(), v));
    }
    if let Some(Some(v)) = rng.pick(&ACAH) {
        headers.push(("Access-Control-Allow-Headers".into(), (*v).into()));
    }
    if let Some(Some(v)) = rng.pick(&MAX_AGE) {
        headers.push(("Access-Control-Max-Age".into(), (*v).into()));
    }
    if status == 302 {
        headers.push(("Location".into(), format!("{url}?preflight-redirected")));
    }
    entry("OPTIONS", url, status, headers)
}

/// A server entry. Every answer ends with `Cache-Control: no-store`: the
/// engine does not model the HTTP cache, and Chromium caches permanent
/// redirects without any header. (A request's `cache: "no-store"` would not
/// do: Chromium then bypasses the CORS-preflight cache too.)
fn entry(method: &str, url: &str, status: u16, mut headers: Vec<(String, String)>) -> ServerEntry {
    headers.push(("Cache-Control".into(), "no-store".into()));
    ServerEntry {
        method: method.into(),
        url: url.into(),
        status,
        headers,
        body: Some("body".into()),
        body_base64: None,
        address_space: None,
        ip: None,
        extra: serde_json::Map::new(),
    }
}

/// Generates scenario `index` of `seed`.
pub fn generate(seed: u64, index: u64) -> Scenario {
    let mut rng = Rng::for_scenario(seed, index);
    let client = (*rng.pick(&CLIENTS).unwrap_or(&"https://app.a.test")).to_string();
    let origins = targets(&client);
    let method = (*rng.pick(&METHODS).unwrap_or(&"GET")).to_string();

    // Request headers: none most often, else one to three from the pool.
    let mut headers = Vec::new();
    if rng.chance(60) {
        for _ in 0..=rng.below(3) {
            if let Some((n, v)) = rng.pick(&REQUEST_HEADERS) {
                headers.push(((*n).to_string(), (*v).to_string()));
            }
        }
    }
    let mode = *rng
        .pick(&[
            None,
            None,
            None,
            None,
            Some(Mode::NoCors),
            Some(Mode::SameOrigin),
        ])
        .unwrap_or(&None);
    let credentials = *rng
        .pick(&[
            None,
            None,
            Some(CredentialsMode::Omit),
            Some(CredentialsMode::Include),
            Some(CredentialsMode::Include),
        ])
        .unwrap_or(&None);
    let redirect = *rng
        .pick(&[
            None,
            None,
            None,
            None,
            Some(RedirectMode::Manual),
            Some(RedirectMode::Error),
        ])
        .unwrap_or(&None);
    let body = (!matches!(method.as_str(), "GET" | "HEAD") && rng.chance(60)).then(|| "x".into());

    // A chain of URLs: 0 to 2 redirects, each hop possibly to another origin.
    let hops = *rng.pick(&[0usize, 0, 0, 1, 1, 2]).unwrap_or(&0);
    let mut urls = Vec::new();
    for h in 0..=hops {
        let origin = rng.pick(&origins).cloned().unwrap_or_default();
        urls.push(format!("{origin}/r{h}"));
    }
    let mut server = Vec::new();
    let final_methods = [method.clone(), "GET".to_string()];
    for (h, url) in urls.iter().enumerate() {
        if rng.chance(85) {
            server.push(preflight_entry(&mut rng, &client, url, &method));
        }
        let next = urls.get(h + 1);
        let cors = response_headers(&mut rng, &client);
        for m in dedup(&final_methods) {
            match next {
                Some(next) => {
                    let status = *rng.pick(&REDIRECT_STATUS).unwrap_or(&302);
                    let mut hh = cors.clone();
                    hh.push(("Location".into(), next.clone()));
                    server.push(entry(&m, url, status, hh));
                }
                None => {
                    let status = *rng.pick(&[200u16, 200, 200, 201, 404, 500]).unwrap_or(&200);
                    server.push(entry(&m, url, status, cors.clone()));
                }
            }
        }
    }

    let first = RequestInit {
        method: (method != "GET" || rng.chance(20)).then(|| method.clone()),
        url: urls.first().cloned().unwrap_or_default(),
        headers,
        mode,
        credentials,
        redirect,
        body,
        ..RequestInit::default()
    };
    let mut fetches = vec![step(first.clone(), 0)];
    // Preflight-cache sequences: repeat the request, or a variant of it.
    for _ in 0..rng.below(3) {
        let mut next = first.clone();
        match rng.below(4) {
            0 | 1 => {}
            2 => {
                if let Some((n, v)) = rng.pick(&REQUEST_HEADERS) {
                    next.headers.push(((*n).to_string(), (*v).to_string()));
                }
            }
            _ => next.credentials = Some(CredentialsMode::Include),
        }
        let wait = *rng.pick(&[0u64, 0, 0, 50]).unwrap_or(&0);
        fetches.push(step(next, wait));
    }

    Scenario {
        id: format!("random-{seed}-{index}"),
        description: Some(format!(
            "generated by `xorigin-conformance random --seed {seed} --only {index}`"
        )),
        browser: None,
        client: Client {
            origin: client,
            headers: Vec::new(),
            address_space: None,
            local_network_permission: None,
            extra: serde_json::Map::new(),
        },
        server,
        fetches,
        extra: serde_json::Map::new(),
    }
}

fn step(request: RequestInit, wait_ms: u64) -> FetchStep {
    FetchStep {
        wait_ms,
        request,
        expect: None,
        extra: serde_json::Map::new(),
    }
}

fn dedup(items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for i in items {
        if !out.contains(i) {
            out.push(i.clone());
        }
    }
    out
}

/// One request field a shrink step resets to its default.
#[derive(Clone, Copy)]
enum Simplify {
    Body,
    Mode,
    Credentials,
    Redirect,
    Wait,
}

/// Smaller variants of a scenario, simplest first: fewer fetches, fewer
/// server entries, fewer headers, default request fields.
pub fn shrink_candidates(s: &Scenario) -> Vec<Scenario> {
    let mut out = Vec::new();
    for i in (0..s.fetches.len()).rev() {
        if s.fetches.len() > 1 {
            let mut c = s.clone();
            c.fetches.remove(i);
            out.push(c);
        }
    }
    for i in 0..s.server.len() {
        let mut c = s.clone();
        c.server.remove(i);
        out.push(c);
    }
    for (i, e) in s.server.iter().enumerate() {
        for (j, (name, _)) in e.headers.iter().enumerate() {
            // Kept: without it the HTTP cache would change the outcome.
            if name.eq_ignore_ascii_case("cache-control") {
                continue;
            }
            let mut c = s.clone();
            if let Some(entry) = c.server.get_mut(i) {
                entry.headers.remove(j);
            }
            out.push(c);
        }
    }
    for (i, f) in s.fetches.iter().enumerate() {
        for j in 0..f.request.headers.len() {
            let mut c = s.clone();
            if let Some(step) = c.fetches.get_mut(i) {
                step.request.headers.remove(j);
            }
            out.push(c);
        }
        let r = &f.request;
        let simplify: [(bool, Simplify); 5] = [
            (r.body.is_some(), Simplify::Body),
            (r.mode.is_some(), Simplify::Mode),
            (r.credentials.is_some(), Simplify::Credentials),
            (r.redirect.is_some(), Simplify::Redirect),
            (f.wait_ms > 0, Simplify::Wait),
        ];
        for (applies, what) in simplify {
            if !applies {
                continue;
            }
            let mut c = s.clone();
            if let Some(step) = c.fetches.get_mut(i) {
                match what {
                    Simplify::Body => step.request.body = None,
                    Simplify::Mode => step.request.mode = None,
                    Simplify::Credentials => step.request.credentials = None,
                    Simplify::Redirect => step.request.redirect = None,
                    Simplify::Wait => step.wait_ms = 0,
                }
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_scenario_and_all_runnable() {
        for i in 0..200 {
            let a = generate(7, i);
            assert_eq!(a, generate(7, i), "scenario {i} not reproducible");
            assert!(!a.fetches.is_empty());
            let plan = crate::check::plan(&a);
            assert!(plan.is_ok(), "scenario {i}: {plan:?}");
            let json = a.to_json_pretty();
            assert_eq!(Scenario::from_json(&json).ok(), Some(a), "round trip {i}");
        }
        assert_ne!(generate(7, 0), generate(8, 0));
    }

    #[test]
    fn shrink_candidates_are_strictly_smaller() {
        let size = |s: &Scenario| {
            s.fetches.len()
                + s.server.len()
                + s.server.iter().map(|e| e.headers.len()).sum::<usize>()
                + s.fetches
                    .iter()
                    .map(|f| {
                        f.request.headers.len()
                            + usize::from(f.request.body.is_some())
                            + usize::from(f.request.mode.is_some())
                            + usize::from(f.request.credentials.is_some())
                            + usize::from(f.request.redirect.is_some())
                            + usize::from(f.wait_ms > 0)
                    })
                    .sum::<usize>()
        };
        for i in 0..50 {
            let s = generate(1, i);
            for c in shrink_candidates(&s) {
                assert!(size(&c) < size(&s), "scenario {i}");
            }
        }
    }

    #[test]
    fn below_stays_in_range() {
        let mut r = Rng::for_scenario(3, 4);
        for n in [1usize, 2, 7, 100] {
            for _ in 0..100 {
                assert!(r.below(n) < n);
            }
        }
        assert_eq!(r.below(0), 0);
    }
}
