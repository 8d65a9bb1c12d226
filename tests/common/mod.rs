//! Shared helpers for the engine tests: a client origin, a request built the
//! way `fetch()` builds it, a fixed stateless server, and a driver around
//! `run_fetch`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use xorigin::browser::Profile;
use xorigin::fetch::preflight_cache::PreflightCache;
use xorigin::fetch::{FetchController, FetchOutcome, OutgoingRequest, run_fetch};
use xorigin::http::request::{
    CredentialsMode, FetchInit, Mode, RedirectMode, ReferrerPolicy, Request, RequestError,
};
use xorigin::http::response::NetworkResponse;
use xorigin::origin::Origin;

/// The network partition key every test fetch uses.
pub const PARTITION: &str = "https://top.test";

/// A client origin from its serialization (`null` gives an opaque origin).
pub fn client(origin: &str) -> Origin {
    Origin::parse_serialized(origin)
        .unwrap_or_else(|e| panic!("test client origin {origin:?} does not parse: {e}"))
}

/// The arguments of one `fetch()` call, owned.
#[derive(Clone, Debug)]
pub struct Init {
    pub url: String,
    pub method: Option<String>,
    pub headers: Vec<(String, String)>,
    pub mode: Option<Mode>,
    pub credentials: Option<CredentialsMode>,
    pub redirect: Option<RedirectMode>,
    pub body: Option<String>,
    pub referrer_policy: Option<ReferrerPolicy>,
}

impl Init {
    /// `fetch(url)` with every default.
    pub fn new(url: &str) -> Init {
        Init {
            url: url.to_owned(),
            method: None,
            headers: Vec::new(),
            mode: None,
            credentials: None,
            redirect: None,
            body: None,
            referrer_policy: None,
        }
    }

    /// Runs the `Request` constructor for a client at `client`.
    pub fn build(&self, client: &Origin, profile: &Profile) -> Result<Request, RequestError> {
        let init = FetchInit {
            url: &self.url,
            method: self.method.as_deref(),
            headers: &self.headers,
            mode: self.mode,
            credentials: self.credentials,
            redirect: self.redirect,
            body: self.body.as_deref(),
            referrer_policy: self.referrer_policy,
            only_if_cached: false,
        };
        Request::from_fetch_init(client, &init, profile)
    }
}

/// One answer of a fixed server: every request with this method and URL
/// (fragment removed) gets it.
#[derive(Clone, Debug)]
pub struct Entry {
    pub method: String,
    pub url: String,
    pub status: u16,
    pub headers: Vec<(String, String)>,
}

/// A stateless server: the first matching entry answers; anything else gets
/// a 404 without headers.
#[derive(Clone, Debug, Default)]
pub struct Server {
    pub entries: Vec<Entry>,
}

impl Server {
    pub fn add(&mut self, method: &str, url: &str, status: u16, headers: &[(&str, &str)]) {
        self.entries.push(Entry {
            method: method.to_owned(),
            url: url.to_owned(),
            status,
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
        });
    }

    pub fn respond(&self, request: &OutgoingRequest) -> NetworkResponse {
        let mut url = request.url.clone();
        url.set_fragment(None);
        match self
            .entries
            .iter()
            .find(|e| e.method == request.method && e.url == url.as_str())
        {
            Some(e) => NetworkResponse::new(
                e.status,
                e.headers.iter().map(|(n, v)| (n.as_bytes(), v.as_bytes())),
            ),
            None => NetworkResponse::new(404, std::iter::empty::<(&[u8], &[u8])>()),
        }
    }
}

/// Runs one fetch of `request` against `server` at time `now`.
pub fn run(
    profile: &Profile,
    request: Request,
    server: &Server,
    cache: &mut PreflightCache,
    now: Duration,
) -> (FetchOutcome, Vec<OutgoingRequest>) {
    let controller = FetchController::new(request, profile, PARTITION);
    run_fetch(controller, cache, now, |r| Ok(server.respond(r)))
}

/// A request header's combined value, `None` when absent.
pub fn header(request: &OutgoingRequest, name: &str) -> Option<String> {
    request
        .header_list
        .get(name.as_bytes())
        .map(|v| String::from_utf8_lossy(&v).into_owned())
}

/// The URL a request went to, without its fragment.
pub fn wire_url(request: &OutgoingRequest) -> String {
    let mut url = request.url.clone();
    url.set_fragment(None);
    url.into()
}

/// Every scenario file (`*.json`) under `spec-fixtures/SUB` (`""` for all),
/// recursively, sorted by path.
pub fn fixture_files(sub: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("spec-fixtures")
        .join(sub);
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}
