//! Whether the harness can run a scenario: every host under `.test`, every
//! port one the test server listens on; and the plan to run it.

use std::collections::{BTreeSet, HashMap};

use url::Url;
use xorigin::policy::local_network_access::IpAddressSpace;
use xorigin::scenario::Scenario;

use crate::page;
use crate::server::{Canned, PORTS, RESERVED_PREFIX, Scheme, Site};

/// Why a scenario cannot be run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckError {
    /// A URL or origin does not parse.
    BadUrl {
        /// JSON path of the field.
        field: String,
        /// The text found there.
        value: String,
        /// The parser's complaint.
        reason: String,
    },
    /// `client.origin` is not a serialized origin.
    NotAnOrigin {
        /// The text found.
        value: String,
    },
    /// A host outside `.test` (the browser resolves only those to loopback).
    HostOutsideTest {
        /// JSON path of the field.
        field: String,
        /// The host.
        host: String,
    },
    /// A port the test server does not listen on for that scheme.
    UnsupportedPort {
        /// JSON path of the field.
        field: String,
        /// The URL.
        url: String,
    },
    /// A scheme the test server does not serve.
    UnsupportedScheme {
        /// JSON path of the field.
        field: String,
        /// The URL.
        url: String,
    },
    /// A server entry under the harness's reserved path.
    ReservedPath {
        /// JSON path of the field.
        field: String,
        /// The URL.
        url: String,
    },
    /// Two hosts on one port in different IP address spaces: every `*.test`
    /// host resolves to one IP, and Chromium's `--ip-address-space-overrides`
    /// can only tell ports apart.
    AddressSpaceConflict {
        /// The port.
        port: u16,
        /// The spaces asked for.
        spaces: String,
    },
}

impl std::fmt::Display for CheckError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CheckError::BadUrl {
                field,
                value,
                reason,
            } => write!(f, "{field}: {value:?} is not a URL: {reason}"),
            CheckError::NotAnOrigin { value } => write!(
                f,
                "client.origin: {value:?} is not a serialized origin (scheme://host[:port] or \"null\")"
            ),
            CheckError::HostOutsideTest { field, host } => write!(
                f,
                "{field}: host {host:?} is outside .test (the harness maps only *.test to loopback)"
            ),
            CheckError::UnsupportedPort { field, url } => write!(
                f,
                "{field}: {url:?} uses a port the test server does not serve (http: 80, 8080; https: 443, 8443, and the bad ports 4190, 6679)"
            ),
            CheckError::UnsupportedScheme { field, url } => write!(
                f,
                "{field}: {url:?} is not http or https, which the test server cannot serve"
            ),
            CheckError::ReservedPath { field, url } => write!(
                f,
                "{field}: {url:?} is under {RESERVED_PREFIX}, which the harness reserves"
            ),
            CheckError::AddressSpaceConflict { port, spaces } => write!(
                f,
                "port {port} would be in several IP address spaces ({spaces}): the harness gives each port one (hosts without address_space count as public)"
            ),
        }
    }
}

impl std::error::Error for CheckError {}

/// How to run a checked scenario.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The URL of the page to open.
    pub page_url: String,
    /// The origin the fetches must run in (`"null"` for an opaque one).
    pub origin: String,
    /// Every host named, for the certificate.
    pub hosts: Vec<String>,
    /// What the server answers.
    pub site: Site,
    /// The IP address space of each port, for Chromium's
    /// `--ip-address-space-overrides`; empty unless the scenario gives
    /// `client.address_space`.
    pub address_spaces: Vec<(u16, IpAddressSpace)>,
}

/// Checks a scenario and makes the plan to run it.
pub fn plan(s: &Scenario) -> Result<Plan, CheckError> {
    let mut hosts = BTreeSet::new();
    let origin = s.client.origin.clone();
    let (page_url, page_body) = if origin == "null" {
        (
            format!("{}{}", page::NULL_PARENT_ORIGIN, page::PAGE_PATH),
            page::null_origin_page(),
        )
    } else {
        let u = Url::parse(&origin).map_err(|e| CheckError::BadUrl {
            field: "client.origin".into(),
            value: origin.clone(),
            reason: e.to_string(),
        })?;
        if u.origin().ascii_serialization() != origin {
            return Err(CheckError::NotAnOrigin { value: origin });
        }
        check_http_url(&u, "client.origin", &mut hosts)?;
        (
            format!("{origin}{}", page::PAGE_PATH),
            page::top_level_page(),
        )
    };
    let page_base = Url::parse(&page_url).map_err(|e| CheckError::BadUrl {
        field: "client.origin".into(),
        value: origin.clone(),
        reason: e.to_string(),
    })?;
    check_http_url(&page_base, "client.origin", &mut hosts)?;

    for (i, e) in s.server.iter().enumerate() {
        let field = format!("server[{i}].url");
        let u = Url::parse(&e.url).map_err(|err| CheckError::BadUrl {
            field: field.clone(),
            value: e.url.clone(),
            reason: err.to_string(),
        })?;
        check_http_url(&u, &field, &mut hosts)?;
        if u.path().starts_with(RESERVED_PREFIX) {
            return Err(CheckError::ReservedPath {
                field,
                url: e.url.clone(),
            });
        }
    }
    for (i, f) in s.fetches.iter().enumerate() {
        let field = format!("fetches[{i}].request.url");
        let u = match page_base.join(&f.request.url) {
            Ok(u) => u,
            // (v1.2) An API whose constructor throws on a URL that does not
            // parse: the page itself reports it.
            Err(_) if f.request.api.is_some() => continue,
            Err(err) => {
                return Err(CheckError::BadUrl {
                    field: field.clone(),
                    value: f.request.url.clone(),
                    reason: err.to_string(),
                });
            }
        };
        // data:, blob: and the like need no server; the browser handles them.
        // Nor does a bad port (Fetch "port blocking"): the browser refuses it
        // before connecting, and a browser whose list lacks the port finds
        // nothing listening there on the bind address.
        if is_bad_port_url(&u) && check_http_url(&u, &field, &mut hosts).is_err() {
            if let Some(url::Host::Domain(d)) = u.host()
                && d.ends_with(".test")
            {
                hosts.insert(d.to_string());
            }
        } else if matches!(u.scheme(), "http" | "https" | "ws" | "wss") {
            check_http_url(&u, &field, &mut hosts)?;
        }
    }

    let mut headers = s.client.headers.clone();
    if !headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
    {
        headers.push(("Content-Type".into(), "text/html; charset=utf-8".into()));
    }
    let mut pages = HashMap::new();
    pages.insert(
        page_url.clone(),
        Canned {
            status: 200,
            headers,
            body: page_body.into_bytes(),
        },
    );
    let address_spaces = address_spaces(s, &page_base)?;
    Ok(Plan {
        page_url,
        origin,
        hosts: hosts.into_iter().collect(),
        site: Site::new(&s.server, pages),
        address_spaces,
    })
}

/// The IP address space of each port the scenario uses, as the engine
/// resolves them (`xorigin::scenario`: per host and port, the first server
/// entry that gives one, the page's own host and port `client.address_space`,
/// anything else unknown, which counts as public), provided all hosts on a
/// port agree. Empty when the scenario gives no `client.address_space`.
fn address_spaces(s: &Scenario, page: &Url) -> Result<Vec<(u16, IpAddressSpace)>, CheckError> {
    let Some(client_space) = s.client.address_space else {
        return Ok(Vec::new());
    };
    let endpoint = |u: &Url| Some((u.host_str()?.to_owned(), u.port_or_known_default()?));
    let mut explicit: Vec<((String, u16), IpAddressSpace)> = Vec::new();
    let mut used = Vec::new();
    if let Some(e) = endpoint(page) {
        explicit.push((e.clone(), client_space));
        used.push(e);
    }
    for entry in &s.server {
        if let Some(e) = Url::parse(&entry.url).ok().as_ref().and_then(endpoint) {
            if let Some(space) = entry.resolved_address_space()
                && !explicit.iter().any(|(x, _)| *x == e)
            {
                explicit.push((e.clone(), space));
            }
            used.push(e);
        }
    }
    for f in &s.fetches {
        if let Some(e) = page.join(&f.request.url).ok().as_ref().and_then(endpoint) {
            used.push(e);
        }
    }
    let mut ports: Vec<(u16, IpAddressSpace)> = Vec::new();
    for e in used {
        let space = explicit
            .iter()
            .find(|(x, _)| *x == e)
            .map_or(IpAddressSpace::Public, |(_, s)| *s);
        match ports.iter().find(|(p, _)| *p == e.1) {
            Some((_, other)) if *other != space => {
                return Err(CheckError::AddressSpaceConflict {
                    port: e.1,
                    spaces: format!("{}, {}", other.as_str(), space.as_str()),
                });
            }
            Some(_) => {}
            None => ports.push((e.1, space)),
        }
    }
    ports.sort();
    Ok(ports)
}

/// Chromium's `--ip-address-space-overrides` value for `plan` on `ip`:
/// `IP:PORT=SPACE,...` (services/network/public/cpp/ip_address_space_util.cc
/// ParseAddressSpaceOverride); empty when the plan has no address spaces.
pub fn ip_address_space_overrides(plan: &Plan, ip: std::net::Ipv4Addr) -> String {
    plan.address_spaces
        .iter()
        .map(|(port, space)| format!("{ip}:{port}={}", space.as_str()))
        .collect::<Vec<_>>()
        .join(",")
}

/// Whether `u` is an HTTP(S) URL on a bad port (Fetch's list,
/// `xorigin::fetch::is_bad_port`). <https://fetch.spec.whatwg.org/#port-blocking>
fn is_bad_port_url(u: &Url) -> bool {
    matches!(u.scheme(), "http" | "https")
        && u.port_or_known_default()
            .is_some_and(xorigin::fetch::is_bad_port)
}

fn check_http_url(u: &Url, field: &str, hosts: &mut BTreeSet<String>) -> Result<(), CheckError> {
    let scheme = match u.scheme() {
        // (v1.2) A WebSocket handshake goes to the same server.
        "http" | "ws" => Scheme::Http,
        "https" | "wss" => Scheme::Https,
        _ => {
            return Err(CheckError::UnsupportedScheme {
                field: field.into(),
                url: u.to_string(),
            });
        }
    };
    let host = match u.host() {
        Some(url::Host::Domain(d)) => d.to_string(),
        Some(h) => {
            return Err(CheckError::HostOutsideTest {
                field: field.into(),
                host: h.to_string(),
            });
        }
        None => String::new(),
    };
    let label = host.strip_suffix(".test").unwrap_or("");
    if label.is_empty() || label.ends_with('.') {
        return Err(CheckError::HostOutsideTest {
            field: field.into(),
            host,
        });
    }
    let port = u.port_or_known_default().unwrap_or(0);
    // A fetch may name an `http:` URL on a port served over TLS: an https
    // page's image or media load is upgraded to it (Mixed Content Level 2),
    // and a request that is not upgraded fails its connection there.
    let upgradable = field.starts_with("fetches[") && scheme == Scheme::Http;
    if !PORTS
        .iter()
        .any(|&(p, s)| p == port && (s == scheme || upgradable))
    {
        return Err(CheckError::UnsupportedPort {
            field: field.into(),
            url: u.to_string(),
        });
    }
    hosts.insert(host);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(origin: &str, server_url: &str, fetch_url: &str) -> Scenario {
        let text = serde_json::json!({
            "id": "t",
            "client": { "origin": origin },
            "server": [{ "method": "GET", "url": server_url, "status": 200 }],
            "fetches": [{ "request": { "url": fetch_url } }]
        })
        .to_string();
        Scenario::from_json(&text).expect("valid scenario")
    }

    #[test]
    fn accepts_test_hosts_on_served_ports() {
        let cases = [
            (
                "https://app.a.test",
                "https://api.b.test/x",
                "https://api.b.test/x",
            ),
            ("http://a.test:8080", "https://b.test:8443/", "/relative"),
            ("null", "http://b.test/", "data:text/plain,hi"),
            // An http URL on a TLS port, which an https page upgrades.
            (
                "https://app.a.test",
                "https://b.test:8443/",
                "http://b.test:8443/",
            ),
        ];
        for (origin, server, fetch) in cases {
            let p = plan(&scenario(origin, server, fetch));
            assert!(p.is_ok(), "{origin} {server} {fetch}: {p:?}");
        }
    }

    #[test]
    fn rejects_what_it_cannot_serve_naming_the_field() {
        let cases = [
            (
                "https://a.example",
                "https://b.test/",
                "https://b.test/",
                "client.origin",
            ),
            (
                "https://a.test",
                "https://b.test:9000/",
                "https://b.test/",
                "server[0].url",
            ),
            (
                "https://a.test",
                "http://b.test:443/",
                "https://b.test/",
                "server[0].url",
            ),
            (
                "https://a.test",
                "https://b.test/",
                "https://127.0.0.1/",
                "fetches[0].request.url",
            ),
            (
                "https://a.test",
                "https://b.test/",
                "http://b.test:9000/",
                "fetches[0].request.url",
            ),
            (
                "https://a.test",
                "https://test/",
                "https://b.test/",
                "server[0].url",
            ),
            (
                "https://a.test",
                "ftp://b.test/",
                "https://b.test/",
                "server[0].url",
            ),
            (
                "https://a.test",
                "https://b.test/__xorigin/x",
                "https://b.test/",
                "server[0].url",
            ),
        ];
        for (origin, server, fetch, field) in cases {
            let err = plan(&scenario(origin, server, fetch)).expect_err("must be rejected");
            assert!(err.to_string().starts_with(field), "{err}");
        }
        let err = plan(&scenario(
            "https://a.test/",
            "https://b.test/",
            "https://b.test/",
        ))
        .expect_err("trailing slash is not an origin");
        assert_eq!(
            err,
            CheckError::NotAnOrigin {
                value: "https://a.test/".into()
            }
        );
    }

    #[test]
    fn address_space_overrides_follow_the_scenario() {
        let ip = std::net::Ipv4Addr::new(127, 0, 0, 14);
        let with = |client: serde_json::Value, server: serde_json::Value| {
            let text = serde_json::json!({
                "id": "t", "client": client, "server": server,
                "fetches": [{ "request": { "url": "https://b.test:8443/x" } }]
            })
            .to_string();
            plan(&Scenario::from_json(&text).expect("scenario"))
        };
        let local = serde_json::json!([
            { "method": "GET", "url": "https://b.test:8443/x", "status": 200, "address_space": "local" }
        ]);
        // No client address space: no overrides, whatever the entries say.
        let p = with(
            serde_json::json!({ "origin": "https://a.test" }),
            local.clone(),
        )
        .expect("plan");
        assert_eq!(ip_address_space_overrides(&p, ip), "");
        let p = with(
            serde_json::json!({ "origin": "https://a.test", "address_space": "public" }),
            local.clone(),
        )
        .expect("plan");
        assert_eq!(
            ip_address_space_overrides(&p, ip),
            "127.0.0.14:443=public,127.0.0.14:8443=local"
        );
        // A second host on 8443 without a space would be public there.
        let conflict = serde_json::json!([
            { "method": "GET", "url": "https://b.test:8443/x", "status": 200, "address_space": "local" },
            { "method": "GET", "url": "https://c.test:8443/y", "status": 200 }
        ]);
        assert_eq!(
            with(
                serde_json::json!({ "origin": "https://a.test", "address_space": "public" }),
                conflict
            )
            .expect_err("two spaces on one port"),
            CheckError::AddressSpaceConflict {
                port: 8443,
                spaces: "local, public".into()
            }
        );
    }
}
