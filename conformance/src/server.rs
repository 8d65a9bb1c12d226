//! The test server: answers a scenario's fixed responses on loopback ports
//! 80 and 8080 (http) and 443 and 8443 (https), and logs every request.
//!
//! HTTP/1.1 is written by hand rather than with hyper so that a response
//! carries exactly the scenario's header list (order, duplicates, bytes) and
//! nothing else: no `date`, no `content-length` (a CORS-safelisted response
//! header that script could read), no `connection`. Every body is delimited
//! by closing the connection.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rcgen::{CertificateParams, KeyPair, PublicKeyData};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use xorigin::scenario::ServerEntry;

/// The ports served, with their scheme. 4190 and 6679 are on Fetch's
/// bad-port list but not on every browser's (Chromium connects to them), so
/// a browser that lets them through reaches a server there.
pub const PORTS: [(u16, Scheme); 6] = [
    (80, Scheme::Http),
    (8080, Scheme::Http),
    (443, Scheme::Https),
    (8443, Scheme::Https),
    (4190, Scheme::Https),
    (6679, Scheme::Https),
];

/// The path prefix reserved for the harness's own pages.
pub const RESERVED_PREFIX: &str = "/__xorigin/";

/// Longest request head accepted.
const MAX_HEAD: usize = 64 * 1024;
/// Longest request body accepted.
const MAX_BODY: usize = 4 * 1024 * 1024;
/// How long one connection may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// A port's scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// Plain HTTP.
    Http,
    /// HTTP over TLS.
    Https,
}

impl Scheme {
    fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }

    fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }
}

/// A canned response.
#[derive(Clone, Debug, Default)]
pub struct Canned {
    /// Status code.
    pub status: u16,
    /// Header list, written as is.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

/// What the server answers during one scenario.
#[derive(Clone, Debug, Default)]
pub struct Site {
    /// The scenario's entries, keyed by (method, URL).
    pub entries: HashMap<(String, String), Canned>,
    /// The harness's own pages, keyed by URL (under [`RESERVED_PREFIX`]).
    pub pages: HashMap<String, Canned>,
    /// When set, answers every request outside [`RESERVED_PREFIX`] instead
    /// of `entries` (the `middleware` mode's real tower service).
    pub handler: Option<Handler>,
}

/// The future a [`Handler`] returns.
pub type Answer = std::pin::Pin<Box<dyn std::future::Future<Output = Canned> + Send>>;

/// A live answerer: each logged request in, the response to write out.
#[derive(Clone)]
pub struct Handler(pub Arc<dyn Fn(LoggedRequest) -> Answer + Send + Sync>);

impl std::fmt::Debug for Handler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Handler")
    }
}

impl Site {
    /// Builds the answers from a scenario's server entries and pages.
    pub fn new(entries: &[ServerEntry], pages: HashMap<String, Canned>) -> Site {
        let mut map = HashMap::new();
        for e in entries {
            // The first entry for a (method, URL) wins, as a reader of the
            // scenario would expect.
            map.entry((e.method.clone(), e.url.clone()))
                .or_insert_with(|| Canned {
                    status: e.status,
                    headers: e.headers.clone(),
                    body: e.body_bytes().unwrap_or_default(),
                });
        }
        Site {
            entries: map,
            pages,
            handler: None,
        }
    }
}

/// A request the server received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedRequest {
    /// The method, as sent.
    pub method: String,
    /// The URL rebuilt from scheme, `Host` and request target.
    pub url: String,
    /// Header names lowercased, values as sent, in order.
    pub headers: Vec<(String, String)>,
    /// The request body.
    pub body: Vec<u8>,
}

/// Errors starting the server.
#[derive(Debug)]
pub enum ServerError {
    /// A port could not be bound.
    Bind(u16, std::io::Error),
    /// The TLS certificate could not be made.
    Certificate(String),
}

impl std::fmt::Display for ServerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServerError::Bind(p, e) => write!(f, "cannot listen on port {p}: {e}"),
            ServerError::Certificate(e) => write!(f, "cannot make the TLS certificate: {e}"),
        }
    }
}

impl std::error::Error for ServerError {}

struct State {
    site: Mutex<Arc<Site>>,
    log: Mutex<Vec<LoggedRequest>>,
    tls: Mutex<Arc<ServerConfig>>,
    key: KeyPair,
    /// The proxy's port, once started.
    proxy_port: Mutex<Option<u16>>,
}

/// The running server; dropping it does not stop the listeners (they end
/// with the process).
#[derive(Clone)]
pub struct TestServer {
    state: Arc<State>,
    ip: std::net::Ipv4Addr,
}

impl TestServer {
    /// Binds the four ports on loopback address `ip` and starts serving an
    /// empty site.
    pub async fn start(ip: std::net::Ipv4Addr) -> Result<TestServer, ServerError> {
        let key = KeyPair::generate().map_err(|e| ServerError::Certificate(e.to_string()))?;
        let tls = make_tls(&key, &["xorigin.test".to_string()])?;
        let state = Arc::new(State {
            site: Mutex::new(Arc::new(Site::default())),
            log: Mutex::new(Vec::new()),
            tls: Mutex::new(tls),
            key,
            proxy_port: Mutex::new(None),
        });
        for (port, scheme) in PORTS {
            let listener = TcpListener::bind((ip, port))
                .await
                .map_err(|e| ServerError::Bind(port, e))?;
            let state = state.clone();
            tokio::spawn(accept_loop(listener, port, scheme, state));
        }
        Ok(TestServer { state, ip })
    }

    /// Starts an HTTP proxy on the server's address (a port the system
    /// picks) for a browser that cannot map host names to it by itself
    /// (WebKitGTK): every request through it reaches this server, whatever
    /// the host. Returns the port; a second call returns the same one.
    pub async fn start_proxy(&self) -> Result<u16, ServerError> {
        if let Some(port) = *lock(&self.state.proxy_port) {
            return Ok(port);
        }
        let listener = TcpListener::bind((self.ip, 0))
            .await
            .map_err(|e| ServerError::Bind(0, e))?;
        let port = listener
            .local_addr()
            .map_err(|e| ServerError::Bind(0, e))?
            .port();
        tokio::spawn(proxy_loop(listener, self.state.clone()));
        *lock(&self.state.proxy_port) = Some(port);
        Ok(port)
    }

    /// The loopback address it listens on.
    pub fn ip(&self) -> std::net::Ipv4Addr {
        self.ip
    }

    /// The base64 SHA-256 of the certificate key's SubjectPublicKeyInfo, for
    /// Chromium's `--ignore-certificate-errors-spki-list`.
    pub fn spki_hash(&self) -> String {
        let spki = self.state.key.subject_public_key_info();
        let digest = ring::digest::digest(&ring::digest::SHA256, &spki);
        base64(digest.as_ref())
    }

    /// Serves `site` from now on, with a certificate naming `hosts`, and
    /// clears the log.
    pub fn set_site(&self, site: Site, hosts: &[String]) -> Result<(), ServerError> {
        let tls = make_tls(&self.state.key, hosts)?;
        *lock(&self.state.tls) = tls;
        *lock(&self.state.site) = Arc::new(site);
        lock(&self.state.log).clear();
        Ok(())
    }

    /// Takes the requests logged so far.
    pub fn take_log(&self) -> Vec<LoggedRequest> {
        std::mem::take(&mut *lock(&self.state.log))
    }
}

/// Locks a mutex, recovering from a poisoned one (a panicked connection task
/// leaves the data consistent: each update is one assignment or push).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn make_tls(key: &KeyPair, hosts: &[String]) -> Result<Arc<ServerConfig>, ServerError> {
    let cert_err = |e: &dyn std::fmt::Display| ServerError::Certificate(e.to_string());
    let params = CertificateParams::new(hosts.to_vec()).map_err(|e| cert_err(&e))?;
    let cert = params.self_signed(key).map_err(|e| cert_err(&e))?;
    let der: CertificateDer<'static> = cert.der().clone();
    let key_der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    let mut config = ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(vec![der], key_der)
        .map_err(|e| cert_err(&e))?;
    // HTTP/1.1 only: HTTP/2 framing would add its own pseudo-headers and
    // body delimiting.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

async fn accept_loop(listener: TcpListener, port: u16, scheme: Scheme, state: Arc<State>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let state = state.clone();
        tokio::spawn(async move {
            serve_on(stream, port, scheme, &state).await;
        });
    }
}

/// Serves one connection as if it had come in on `port`: over TLS for an
/// https port.
async fn serve_on(stream: TcpStream, port: u16, scheme: Scheme, state: &State) {
    match scheme {
        Scheme::Http => serve(stream, port, scheme, state).await,
        Scheme::Https => {
            let config = lock(&state.tls).clone();
            let acceptor = TlsAcceptor::from(config);
            if let Ok(Ok(tls)) = tokio::time::timeout(READ_TIMEOUT, acceptor.accept(stream)).await {
                serve(tls, port, scheme, state).await;
            }
        }
    }
}

async fn proxy_loop(listener: TcpListener, state: Arc<State>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let state = state.clone();
        tokio::spawn(async move { proxy(stream, &state).await });
    }
}

/// One proxy connection: `CONNECT host:port` becomes a connection to this
/// server's `port`; an absolute-form request (`GET http://host:port/p`) is
/// answered as if it had been sent to `port` in origin form. Nothing is
/// forwarded anywhere else, whatever the host.
async fn proxy(mut stream: TcpStream, state: &State) {
    let Ok(Some((mut head, body))) =
        tokio::time::timeout(READ_TIMEOUT, read_request(&mut stream)).await
    else {
        return;
    };
    let scheme_of = |port: u16| PORTS.iter().find(|&&(p, _)| p == port).map(|&(_, s)| s);
    if head.method.eq_ignore_ascii_case("CONNECT") {
        let target = head
            .target
            .rsplit_once(':')
            .and_then(|(_, p)| p.parse::<u16>().ok())
            .and_then(|p| Some((p, scheme_of(p)?)));
        let Some((port, scheme)) = target else {
            let _ = stream.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
            return;
        };
        if stream
            .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
            .await
            .is_err()
        {
            return;
        }
        serve_on(stream, port, scheme, state).await;
        return;
    }
    let target = url::Url::parse(&head.target).ok().and_then(|u| {
        let port = u.port_or_known_default()?;
        let scheme = scheme_of(port).filter(|s| s.as_str() == u.scheme())?;
        Some((port, scheme, u[url::Position::BeforePath..].to_string()))
    });
    let Some((port, scheme, origin_form)) = target else {
        let _ = stream.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
        return;
    };
    head.target = origin_form;
    // Addressed to the proxy, not part of the request the page made.
    head.headers
        .retain(|(n, _)| n != "proxy-connection" && n != "proxy-authorization");
    answer(stream, head, body, port, scheme, state).await;
}

/// A parsed request head.
struct Head {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
}

fn parse_head(bytes: &[u8]) -> Option<Head> {
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text.split("\r\n");
    let request_line = lines.next()?;
    let mut parts = request_line.split(' ');
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut headers = Vec::new();
    for line in lines {
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((
            name.trim().to_ascii_lowercase(),
            value.trim_matches([' ', '\t']).to_string(),
        ));
    }
    Some(Head {
        method,
        target,
        headers,
    })
}

fn find_head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n").map(|p| p + 4)
}

async fn read_request<S: AsyncRead + Unpin>(stream: &mut S) -> Option<(Head, Vec<u8>)> {
    let mut buf = Vec::with_capacity(2048);
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = find_head_end(&buf) {
            break end;
        }
        if buf.len() > MAX_HEAD {
            return None;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(chunk.get(..n)?);
    };
    let head = parse_head(buf.get(..head_end)?)?;
    let mut body = buf.get(head_end..)?.to_vec();
    let length = head
        .headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.trim().parse::<usize>().ok())
        .unwrap_or(0)
        .min(MAX_BODY);
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(chunk.get(..n)?);
    }
    body.truncate(length);
    Some((head, body))
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    port: u16,
    scheme: Scheme,
    state: &State,
) {
    let Ok(Some((head, body))) =
        tokio::time::timeout(READ_TIMEOUT, read_request(&mut stream)).await
    else {
        return;
    };
    answer(stream, head, body, port, scheme, state).await;
}

/// Logs a request and writes the scenario's answer to it, then closes.
async fn answer<S: AsyncWrite + Unpin>(
    mut stream: S,
    head: Head,
    body: Vec<u8>,
    port: u16,
    scheme: Scheme,
    state: &State,
) {
    let host = head
        .headers
        .iter()
        .find(|(n, _)| n == "host")
        .map(|(_, v)| v.clone());
    let url = match &host {
        Some(h) => {
            // Chromium omits the default port from `Host`; rebuild the URL
            // from the port actually connected to.
            let hostname = h.rsplit_once(':').map_or(h.as_str(), |(n, _)| n);
            if port == scheme.default_port() {
                format!("{}://{}{}", scheme.as_str(), hostname, head.target)
            } else {
                format!("{}://{}:{}{}", scheme.as_str(), hostname, port, head.target)
            }
        }
        None => String::new(),
    };
    // (v1.2) A WebSocket handshake is logged and answered under its
    // ws:/wss: URL.
    let websocket_key = head
        .headers
        .iter()
        .any(|(n, v)| n == "upgrade" && v.eq_ignore_ascii_case("websocket"))
        .then(|| {
            head.headers
                .iter()
                .find(|(n, _)| n == "sec-websocket-key")
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        });
    let url = match (&websocket_key, url.split_once("://")) {
        (Some(_), Some(("https", rest))) => format!("wss://{rest}"),
        (Some(_), Some(("http", rest))) => format!("ws://{rest}"),
        _ => url,
    };
    let site = lock(&state.site).clone();
    let for_test_host = host.as_deref().is_some_and(|h| {
        let name = h.rsplit_once(':').map_or(h, |(n, _)| n);
        name.len() > ".test".len() && name.to_ascii_lowercase().ends_with(".test")
    });
    let canned = if !for_test_host {
        // A browser's own background traffic (Firefox resolves every host
        // here): not the scenario's, not logged.
        Canned {
            status: 404,
            ..Canned::default()
        }
    } else if head.target.starts_with(RESERVED_PREFIX) {
        site.pages.get(&url).cloned().unwrap_or(Canned {
            status: 404,
            ..Canned::default()
        })
    } else {
        let logged = LoggedRequest {
            method: head.method.clone(),
            url,
            headers: head.headers,
            body,
        };
        lock(&state.log).push(logged.clone());
        match &site.handler {
            Some(handler) => (handler.0)(logged).await,
            None => site
                .entries
                .get(&(logged.method, logged.url))
                .cloned()
                .unwrap_or(Canned {
                    status: 404,
                    ..Canned::default()
                }),
        }
    };
    let mut canned = canned;
    if let Some(key) = &websocket_key
        && canned.status == 101
    {
        // RFC 6455 §4.2.2: the accept value, unless the entry gives headers.
        let has = |name: &str| {
            canned
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name))
        };
        let mut add = Vec::new();
        if !has("upgrade") {
            add.push(("Upgrade".to_owned(), "websocket".to_owned()));
        }
        if !has("connection") {
            add.push(("Connection".to_owned(), "Upgrade".to_owned()));
        }
        if !has("sec-websocket-accept") {
            let mut input = key.clone().into_bytes();
            input.extend_from_slice(b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
            let digest = ring::digest::digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY, &input);
            add.push(("Sec-WebSocket-Accept".to_owned(), base64(digest.as_ref())));
        }
        canned.headers.extend(add);
    }
    let mut out = Vec::with_capacity(256 + canned.body.len());
    let reason = http::StatusCode::from_u16(canned.status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Status");
    out.extend_from_slice(format!("HTTP/1.1 {} {}\r\n", canned.status, reason).as_bytes());
    for (name, value) in &canned.headers {
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    let bodyless = head.method == "HEAD" || matches!(canned.status, 100..=199 | 204 | 304);
    if !bodyless {
        out.extend_from_slice(&canned.body);
    }
    let _ = stream.write_all(&out).await;
    let _ = stream.flush().await;
    let _ = stream.shutdown().await;
}

/// Standard base64 with padding (RFC 4648 §4).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                let idx = ((n >> (18 - 6 * i)) & 63) as usize;
                out.push(char::from(ALPHABET[idx]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, want) in cases {
            assert_eq!(base64(input.as_bytes()), want, "input {input:?}");
        }
    }

    #[test]
    fn parse_head_lowercases_names_and_keeps_order() {
        let raw = b"PUT /a?b HTTP/1.1\r\nHost: x.test:8080\r\nX-B: 1\r\nx-a:  2 \r\n\r\n";
        let head = parse_head(raw).expect("parses");
        assert_eq!(head.method, "PUT");
        assert_eq!(head.target, "/a?b");
        assert_eq!(
            head.headers,
            vec![
                ("host".to_string(), "x.test:8080".to_string()),
                ("x-b".to_string(), "1".to_string()),
                ("x-a".to_string(), "2".to_string()),
            ]
        );
    }
}
