//! `xorigin probe`: a minimal blocking HTTP/1.1 client over
//! `std::net::TcpStream` (and rustls for https) that plays the network for
//! the sans-IO engine.
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};

use url::Url;
use xorigin::explain::PreparedCheck;
use xorigin::fetch::{Exchange, OutgoingRequest, Reason};
use xorigin::http::response::{NetworkFailure, NetworkResponse};
use xorigin::policy::local_network_access::IpAddressSpace;

use super::{ProbeArgs, input_error};

/// The most header bytes read from a response.
const MAX_HEAD: usize = 64 * 1024;

/// How `probe` talks to servers.
pub struct Client {
    timeout: Duration,
    /// `None` until the first https request needs it (an http-only probe
    /// never reads the system's trust store).
    tls: Option<Arc<rustls::ClientConfig>>,
    trust: Trust,
}

/// Which certificates an https server may present.
#[derive(Clone)]
pub enum Trust {
    /// The system's trust store (as curl does by default).
    System,
    /// Only the CA certificates in this PEM file (curl's `--cacert`).
    CaFile(std::path::PathBuf),
    /// Any certificate (curl's `-k`): for development servers only.
    Insecure,
}

impl Client {
    pub fn new(timeout: Duration, trust: Trust) -> Client {
        Client {
            timeout,
            tls: None,
            trust,
        }
    }

    /// Sends `request` and reads the response's status line and headers
    /// (the body is not needed for a verdict and is not read).
    pub fn send(&mut self, request: &OutgoingRequest) -> Result<NetworkResponse, NetworkFailure> {
        let url = &request.url;
        match url.scheme() {
            "http" => {
                let mut stream = connect(url, self.timeout)?;
                exchange(&mut stream, request)
            }
            "https" => {
                let config = match &self.tls {
                    Some(c) => Arc::clone(c),
                    None => {
                        let c = tls_config(&self.trust)
                            .map_err(|detail| NetworkFailure::Tls { detail })?;
                        self.tls = Some(Arc::clone(&c));
                        c
                    }
                };
                let host = url.host_str().ok_or_else(|| other("the URL has no host"))?;
                let bare = host.trim_start_matches('[').trim_end_matches(']');
                let name =
                    ServerName::try_from(bare.to_owned()).map_err(|e| NetworkFailure::Tls {
                        detail: format!("{host} is not a TLS server name: {e}"),
                    })?;
                let conn = rustls::ClientConnection::new(config, name).map_err(|e| {
                    NetworkFailure::Tls {
                        detail: format!("TLS set-up failed: {e}"),
                    }
                })?;
                let mut stream = rustls::StreamOwned::new(conn, connect(url, self.timeout)?);
                exchange(&mut stream, request)
            }
            scheme => Err(other(&format!(
                "{scheme} URLs are not supported by probe (http:// and https:// only)"
            ))),
        }
    }
}

/// A failure of no particular kind.
fn other(detail: &str) -> NetworkFailure {
    NetworkFailure::Other {
        detail: detail.to_owned(),
    }
}

/// A client configuration that trusts what `trust` says, HTTP/1.1 only.
fn tls_config(trust: &Trust) -> Result<Arc<rustls::ClientConfig>, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS set-up failed: {e}"))?;
    let mut config = match trust {
        Trust::Insecure => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate(provider)))
            .with_no_client_auth(),
        Trust::System | Trust::CaFile(_) => {
            let mut roots = rustls::RootCertStore::empty();
            let certs = match trust {
                Trust::CaFile(path) => read_ca_file(path)?,
                _ => rustls_native_certs::load_native_certs().certs,
            };
            let (added, _ignored) = roots.add_parsable_certificates(certs);
            if added == 0 {
                return Err(match trust {
                    Trust::CaFile(path) => {
                        format!("{}: no usable CA certificate", path.display())
                    }
                    _ => "no trusted CA certificates found on this system (pass --cacert FILE)"
                        .to_owned(),
                });
            }
            builder.with_root_certificates(roots).with_no_client_auth()
        }
    };
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

pub(crate) fn read_ca_file(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let certs = CertificateDer::pem_file_iter(path)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| format!("{}: cannot read PEM certificates: {e}", path.display()))?;
    if certs.is_empty() {
        return Err(format!(
            "{}: no PEM certificate (-----BEGIN CERTIFICATE-----) in it",
            path.display()
        ));
    }
    Ok(certs)
}

/// `--insecure`: any certificate chain, for any name, but the handshake's
/// signatures are still checked so the connection is real TLS.
#[derive(Debug)]
struct AcceptAnyCertificate(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// Writes the request and reads the response head.
fn exchange<S: Read + Write>(
    stream: &mut S,
    request: &OutgoingRequest,
) -> Result<NetworkResponse, NetworkFailure> {
    stream
        .write_all(&request_bytes(request, &request.url))
        .and_then(|()| stream.flush())
        .map_err(|e| io_failure("sending the request", &e))?;
    let (mut response, rest) = read_head(stream)?;
    // Opaque-response blocking sniffs the first bytes of a no-cors body
    // (the request does not say its mode: every main request reads them).
    if request.kind == xorigin::fetch::RequestKind::Main && request.method != "HEAD" {
        response.body = Some(read_body_start(stream, rest, &response));
    }
    Ok(response)
}

/// The most body bytes read: what ORB sniffs (Chromium's `kMaxBytesToSniff`).
const SNIFF_LEN: usize = 1024;

/// Up to [`SNIFF_LEN`] bytes of the body, after `rest` (what came with the
/// head): close-delimited, `Content-Length` or chunked. A read error or
/// timeout ends the body early; the verdict is the sniffer's on what came.
fn read_body_start<S: Read>(
    stream: &mut S,
    mut raw: Vec<u8>,
    response: &NetworkResponse,
) -> Vec<u8> {
    let chunked = response
        .header_list
        .get(b"transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().ends_with(b"chunked"));
    let length = response
        .header_list
        .get(b"content-length")
        .and_then(|v| std::str::from_utf8(&v).ok()?.trim().parse::<usize>().ok());
    // Chunk framing adds a few bytes per chunk; read a little more for it.
    let want = if chunked { 2 * SNIFF_LEN } else { SNIFF_LEN };
    let want = length.map_or(want, |l| l.min(want));
    let mut buf = [0u8; 1024];
    while raw.len() < want {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(buf.get(..n).unwrap_or(&[])),
        }
    }
    let mut body = if chunked { dechunk(&raw) } else { raw };
    body.truncate(length.map_or(SNIFF_LEN, |l| l.min(SNIFF_LEN)));
    body
}

/// The data of the chunks at the start of `raw` (extensions and trailers
/// ignored; a chunk cut off by the read limit still gives its first bytes).
fn dechunk(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut at = raw;
    while let Ok(httparse::Status::Complete((start, size))) = httparse::parse_chunk_size(at) {
        let Ok(size) = usize::try_from(size) else {
            break;
        };
        if size == 0 {
            break;
        }
        let end = start.saturating_add(size).min(at.len());
        out.extend_from_slice(at.get(start..end).unwrap_or(&[]));
        if out.len() >= SNIFF_LEN {
            break;
        }
        at = at.get(end.saturating_add(2)..).unwrap_or(&[]);
    }
    out
}

/// A TCP connection to the URL's host and port, with `timeout` on
/// connecting, reading and writing.
fn connect(url: &Url, timeout: Duration) -> Result<TcpStream, NetworkFailure> {
    let host = url.host_str().ok_or_else(|| other("the URL has no host"))?;
    let port = url
        .port_or_known_default()
        .ok_or_else(|| other("the URL has no port"))?;
    // `Url` keeps IPv6 hosts bracketed; sockets want them bare.
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let addrs: Vec<_> = (bare, port)
        .to_socket_addrs()
        .map_err(|e| NetworkFailure::UnresolvableHost {
            detail: format!("cannot resolve {host}: {e}"),
        })?
        .collect();
    let mut last = NetworkFailure::UnresolvableHost {
        detail: format!("cannot resolve {host}"),
    };
    let mut stream = None;
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(s) => {
                stream = Some(s);
                break;
            }
            Err(e) => last = io_failure(&format!("connecting to {addr}"), &e),
        }
    }
    let stream = stream.ok_or(last)?;
    stream
        .set_read_timeout(Some(timeout))
        .and_then(|()| stream.set_write_timeout(Some(timeout)))
        .map_err(|e| io_failure("configuring the socket", &e))?;
    Ok(stream)
}

/// What an I/O error while `what` means for the fetch (a TLS alert or a
/// certificate rustls rejects arrives as an I/O error carrying its error).
fn io_failure(what: &str, e: &std::io::Error) -> NetworkFailure {
    use std::io::ErrorKind;
    let tls = e
        .get_ref()
        .is_some_and(|inner| inner.downcast_ref::<rustls::Error>().is_some());
    match e.kind() {
        _ if tls => NetworkFailure::Tls {
            detail: format!("{what}: {e}"),
        },
        ErrorKind::TimedOut | ErrorKind::WouldBlock => NetworkFailure::Timeout {
            detail: format!("{what}: timed out"),
        },
        ErrorKind::ConnectionRefused => NetworkFailure::ConnectionRefused {
            detail: format!("{what}: connection refused"),
        },
        ErrorKind::ConnectionReset
        | ErrorKind::ConnectionAborted
        | ErrorKind::BrokenPipe
        | ErrorKind::UnexpectedEof => NetworkFailure::Reset {
            detail: format!("{what}: {e}"),
        },
        _ => other(&format!("{what}: {e}")),
    }
}

/// The request head and body as HTTP/1.1 bytes.
fn request_bytes(request: &OutgoingRequest, url: &Url) -> Vec<u8> {
    let mut target = url.path().to_owned();
    if let Some(q) = url.query() {
        target.push('?');
        target.push_str(q);
    }
    let host = match url.port() {
        Some(p) => format!("{}:{p}", url.host_str().unwrap_or("")),
        None => url.host_str().unwrap_or("").to_owned(),
    };
    let mut out = format!("{} {target} HTTP/1.1\r\nHost: {host}\r\n", request.method).into_bytes();
    for (n, v) in request.header_list.iter() {
        out.extend_from_slice(n);
        out.extend_from_slice(b": ");
        out.extend_from_slice(v);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"Connection: close\r\n\r\n");
    if let Some(body) = &request.body {
        out.extend_from_slice(body);
    }
    out
}

/// Reads the response head: the response (status and header list), and
/// whatever body bytes came with the head.
fn read_head<S: Read>(stream: &mut S) -> Result<(NetworkResponse, Vec<u8>), NetworkFailure> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = stream
            .read(&mut buf)
            .map_err(|e| io_failure("waiting for the response", &e))?;
        if n == 0 {
            return Err(NetworkFailure::Reset {
                detail: if raw.is_empty() {
                    "the server closed the connection without answering".to_owned()
                } else {
                    "the server closed the connection inside the response head".to_owned()
                },
            });
        }
        raw.extend_from_slice(buf.get(..n).unwrap_or(&[]));
        if let Some((response, end)) = parse_head(&raw)? {
            return Ok((response, raw.split_off(end)));
        }
        if raw.len() > MAX_HEAD {
            return Err(NetworkFailure::MalformedResponse {
                detail: format!("the response head is longer than {MAX_HEAD} bytes"),
            });
        }
    }
}

/// Parses the response head at the start of `raw` (status line and header
/// lines, in order): the response and where its body starts, or `None`
/// while the head is incomplete. Malformed header lines and obsolete line
/// folding's continuation lines are skipped, as browsers do.
fn parse_head(raw: &[u8]) -> Result<Option<(NetworkResponse, usize)>, NetworkFailure> {
    let malformed = |why: String| NetworkFailure::MalformedResponse { detail: why };
    let mut config = httparse::ParserConfig::default();
    config.ignore_invalid_headers_in_responses(true);
    // Room for the longest head's headers, grown only when needed.
    let mut room = 64;
    loop {
        let mut headers = vec![httparse::EMPTY_HEADER; room];
        let mut head = httparse::Response::new(&mut headers);
        match config.parse_response(&mut head, raw) {
            Ok(httparse::Status::Partial) => return Ok(None),
            Ok(httparse::Status::Complete(end)) => {
                let status = head.code.unwrap_or(0);
                if status < 100 {
                    return Err(malformed(format!("not an HTTP status code: {status:03}")));
                }
                let mut response = NetworkResponse::new(status, std::iter::empty::<(&str, &str)>());
                for h in head.headers.iter() {
                    // Optional whitespace around a field value is not part of it.
                    let value = xorigin::http::headers::normalize_header_value(h.value);
                    response.header_list.push_raw(h.name.as_bytes(), value);
                }
                return Ok(Some((response, end)));
            }
            Err(httparse::Error::TooManyHeaders) if room < MAX_HEAD / 4 => room *= 4,
            Err(e) => {
                let first = raw.split(|&b| b == b'\n').next().unwrap_or(&[]);
                let first = String::from_utf8_lossy(first.strip_suffix(b"\r").unwrap_or(first));
                return Err(malformed(format!(
                    "not an HTTP/1.x response: {first:?} ({e})"
                )));
            }
        }
    }
}

/// The IP address space of the first address `url`'s host resolves to (the
/// one the client connects to first).
fn resolved_space(url: &Url) -> Option<IpAddressSpace> {
    url.socket_addrs(|| None)
        .ok()?
        .first()
        .map(|a| IpAddressSpace::of_address(a.ip()))
}

pub fn probe(args: &ProbeArgs) -> ExitCode {
    let req = &args.request;
    let prepared = match super::check_request(req)
        .and_then(|r| PreparedCheck::new(&r).map_err(|e| e.to_string()))
    {
        Ok(p) => p,
        Err(e) => return input_error(&e),
    };
    // Local Network Access from the address each connection reaches.
    let space = req
        .client_address_space
        .unwrap_or_else(|| prepared.default_client_address_space());
    let prepared = prepared.with_client_address_space(space);
    let trust = match (&args.cacert, args.insecure) {
        (Some(_), true) => return input_error("--cacert and --insecure exclude each other"),
        (Some(path), false) => {
            // Read now, so a bad file is an input error, not "unreachable".
            if let Err(e) = read_ca_file(path) {
                return input_error(&format!("--cacert {e}"));
            }
            Trust::CaFile(path.clone())
        }
        (None, true) => Trust::Insecure,
        (None, false) => Trust::System,
    };
    let mut client = Client::new(Duration::from_secs(args.timeout), trust);
    // Each distinct request goes to the server once; other browsers'
    // profiles that send the same one get the same answer.
    let mut answered: Vec<(Exchange, ())> = Vec::new();
    let result = prepared.check_with(&super::browsers_for(req), resolved_space, |r| {
        if let Some((e, ())) = answered.iter().find(|(e, ())| {
            e.request.kind == r.kind && e.request.method == r.method && e.request.url == r.url
        }) {
            return e.response.clone();
        }
        let response = client.send(r);
        answered.push((
            Exchange {
                request: r.clone(),
                response: response.clone(),
            },
            (),
        ));
        response
    });
    let unreachable = result.explanations.iter().find_map(|e| match &e.reason {
        Some(Reason::Network { failure }) => Some((e, failure)),
        _ => None,
    });
    if let Some((explanation, failure)) = unreachable {
        if req.json {
            // No verdict: the server did not answer, for any browser.
            let _ = serde_json::to_value(explanation).map(|mut v| {
                v["verdict"] = "unreachable".into();
                if let Some(list) = v["browsers"].as_array_mut() {
                    for b in list {
                        b["verdict"] = "unreachable".into();
                    }
                }
                super::print_json(&v)
            });
        }
        let url = explanation
            .exchanges
            .last()
            .map_or(explanation.url.as_str(), |x| x.url.as_str());
        eprintln!("error: {url}: {failure} (no CORS verdict: the server did not answer)");
        return ExitCode::from(3);
    }
    super::report_result(&result, req)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_head_reads_status_headers_and_body_start() {
        let raw = b"HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin:  https://a.test \r\nX-A: 1\r\nbad line\r\nX-A: 2\r\n\r\nbody";
        let Ok(Some((response, end))) = parse_head(raw) else {
            panic!("a complete head");
        };
        assert_eq!(response.status, 204);
        assert_eq!(raw.get(end..), Some(&b"body"[..]));
        let headers: Vec<(&[u8], &[u8])> = response.header_list.iter().collect();
        let want: [(&[u8], &[u8]); 3] = [
            (b"Access-Control-Allow-Origin", b"https://a.test"),
            (b"X-A", b"1"),
            (b"X-A", b"2"),
        ];
        assert_eq!(headers, want);
        assert!(matches!(
            parse_head(b"HTTP/1.1 200 OK\r\nX-A: 1\r\n"),
            Ok(None)
        ));
        assert!(matches!(
            parse_head(b"SSH-2.0-OpenSSH\r\n\r\n"),
            Err(NetworkFailure::MalformedResponse { .. })
        ));
        assert!(matches!(
            parse_head(b"HTTP/1.1 099 Early\r\n\r\n"),
            Err(NetworkFailure::MalformedResponse { .. })
        ));
    }

    #[test]
    fn dechunk_keeps_the_start_of_a_cut_off_chunk() {
        assert_eq!(
            dechunk(b"2\r\n{\"\r\n3;x=y\r\na\"}\r\n0\r\n\r\n"),
            b"{\"a\"}"
        );
        assert_eq!(dechunk(b"a\r\nabc"), b"abc");
        assert_eq!(dechunk(b"zz\r\n"), b"");
    }
}
