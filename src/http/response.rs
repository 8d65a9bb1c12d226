//! The Fetch standard's response concept and its filtered views.
//! <https://fetch.spec.whatwg.org/#responses>

use serde::Serialize;
use url::Url;

use crate::http::headers::{self, HeaderList};

/// A response's type. <https://fetch.spec.whatwg.org/#concept-response-type>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ResponseType {
    /// `basic`: same-origin; every header but `Set-Cookie` is readable.
    Basic,
    /// `cors`: a cross-origin response that passed the CORS check.
    Cors,
    /// `default`: an unfiltered response (never seen by script).
    Default,
    /// `error`: a network error.
    Error,
    /// `opaque`: a `no-cors` cross-origin response.
    Opaque,
    /// `opaqueredirect`: a redirect with redirect mode `manual`.
    #[serde(rename = "opaqueredirect")]
    OpaqueRedirect,
}

impl ResponseType {
    /// The value of `response.type`.
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseType::Basic => "basic",
            ResponseType::Cors => "cors",
            ResponseType::Default => "default",
            ResponseType::Error => "error",
            ResponseType::Opaque => "opaque",
            ResponseType::OpaqueRedirect => "opaqueredirect",
        }
    }
}

/// A response as the network (the driver) hands it to the engine.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NetworkResponse {
    /// The status code.
    pub status: u16,
    /// The header list, in order, duplicates kept.
    pub header_list: HeaderList,
    /// The body length, when the driver knows it.
    pub body_len: Option<u64>,
    /// The body (or its first bytes), when the driver has it: opaque-response
    /// blocking sniffs it. `None` is sniffed as empty.
    pub body: Option<Vec<u8>>,
}

impl NetworkResponse {
    /// A response with a status and headers.
    pub fn new<N: AsRef<[u8]>, V: AsRef<[u8]>>(
        status: u16,
        headers: impl IntoIterator<Item = (N, V)>,
    ) -> NetworkResponse {
        NetworkResponse {
            status,
            header_list: headers.into_iter().collect(),
            body_len: None,
            body: None,
        }
    }

    /// Converts an `http` response. `http::HeaderMap` does not keep the
    /// relative order of different names; drivers that need the exact order
    /// build a [`NetworkResponse`] directly.
    pub fn from_http<B>(response: &http::Response<B>) -> NetworkResponse {
        NetworkResponse {
            status: response.status().as_u16(),
            header_list: response
                .headers()
                .iter()
                .map(|(n, v)| (n.as_str().as_bytes(), v.as_bytes()))
                .collect(),
            body_len: None,
            body: None,
        }
    }
}

/// Why the network gave no response to a request: what the driver reports
/// instead of a [`NetworkResponse`], and the engine turns into a network
/// error (Fetch's "network error" has no reason; this one keeps it).
/// Each kind keeps the driver's description for people (its `Display`).
/// <https://fetch.spec.whatwg.org/#concept-network-error>
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "failure", rename_all = "kebab-case")]
pub enum NetworkFailure {
    /// Nothing listens at the address (TCP `RST` to the `SYN`).
    ConnectionRefused {
        /// The driver's description.
        detail: String,
    },
    /// Connecting, sending or waiting for the answer took too long.
    Timeout {
        /// The driver's description.
        detail: String,
    },
    /// The TLS handshake failed (an untrusted certificate, a protocol
    /// error) or TLS could not be set up.
    Tls {
        /// The driver's description.
        detail: String,
    },
    /// The server answered with something that is not an HTTP/1.x response
    /// head.
    MalformedResponse {
        /// The driver's description.
        detail: String,
    },
    /// The connection was reset or closed before a whole response head came.
    Reset {
        /// The driver's description.
        detail: String,
    },
    /// The host name could not be resolved.
    UnresolvableHost {
        /// The driver's description.
        detail: String,
    },
    /// Any other failure.
    Other {
        /// The driver's description.
        detail: String,
    },
}

impl NetworkFailure {
    /// The driver's description.
    pub fn detail(&self) -> &str {
        match self {
            NetworkFailure::ConnectionRefused { detail }
            | NetworkFailure::Timeout { detail }
            | NetworkFailure::Tls { detail }
            | NetworkFailure::MalformedResponse { detail }
            | NetworkFailure::Reset { detail }
            | NetworkFailure::UnresolvableHost { detail }
            | NetworkFailure::Other { detail } => detail,
        }
    }
}

impl std::fmt::Display for NetworkFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.detail())
    }
}

impl std::error::Error for NetworkFailure {}

/// An ok status: 200 to 299. <https://fetch.spec.whatwg.org/#ok-status>
pub fn is_ok_status(status: u16) -> bool {
    (200..=299).contains(&status)
}

/// A redirect status: 301, 302, 303, 307 or 308.
/// <https://fetch.spec.whatwg.org/#redirect-status>
pub fn is_redirect_status(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// A null body status: 101, 103, 204, 205 or 304.
/// <https://fetch.spec.whatwg.org/#null-body-status>
pub fn is_null_body_status(status: u16) -> bool {
    matches!(status, 101 | 103 | 204 | 205 | 304)
}

/// A response as script sees it: a filtered response.
/// <https://fetch.spec.whatwg.org/#concept-filtered-response>
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FilteredResponse {
    /// `response.type`.
    #[serde(rename = "type")]
    pub response_type: ResponseType,
    /// `response.status` (0 for opaque and opaque-redirect responses).
    pub status: u16,
    /// The headers script can read: names lowercased, sorted and combined as
    /// `Headers` iteration gives them ("sort and combine").
    #[serde(serialize_with = "serialize_header_pairs")]
    pub headers: HeaderList,
    /// `response.url`: the last URL of the URL list, empty for opaque ones.
    pub url: Option<Url>,
    /// `response.redirected`: the URL list has more than one URL.
    pub redirected: bool,
}

fn serialize_header_pairs<S: serde::Serializer>(
    pairs: &HeaderList,
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(pairs.len()))?;
    for (n, v) in pairs {
        seq.serialize_element(&(String::from_utf8_lossy(n), String::from_utf8_lossy(v)))?;
    }
    seq.end()
}

impl FilteredResponse {
    /// The lowercase header names script can read, sorted and unique.
    pub fn visible_header_names(&self) -> Vec<String> {
        // `headers` is already sorted, combined and lowercase.
        self.headers
            .iter()
            .map(|(n, _)| super::utf8_lossy(n))
            .collect()
    }

    /// A basic filtered response: every header except forbidden response-header
    /// names. <https://fetch.spec.whatwg.org/#concept-filtered-response-basic>
    pub fn basic(status: u16, list: &HeaderList, url_list: &[Url]) -> FilteredResponse {
        Self::basic_at(status, list, url_list.last(), url_list.len() > 1)
    }

    /// [`FilteredResponse::basic`] given the URL list's last URL and whether
    /// it has more than one.
    pub(crate) fn basic_at(
        status: u16,
        list: &HeaderList,
        url: Option<&Url>,
        redirected: bool,
    ) -> FilteredResponse {
        FilteredResponse {
            response_type: ResponseType::Basic,
            status,
            headers: visible(list, |name| {
                !headers::is_forbidden_response_header_name(name)
            }),
            url: url.cloned(),
            redirected,
        }
    }

    /// A CORS filtered response: only CORS-safelisted response-header names,
    /// given the CORS-exposed header-name list.
    /// <https://fetch.spec.whatwg.org/#concept-filtered-response-cors>
    pub fn cors(
        status: u16,
        list: &HeaderList,
        exposed: &[&[u8]],
        url_list: &[Url],
    ) -> FilteredResponse {
        Self::cors_at(status, list, exposed, url_list.last(), url_list.len() > 1)
    }

    /// [`FilteredResponse::cors`] given the URL list's last URL and whether
    /// it has more than one.
    pub(crate) fn cors_at(
        status: u16,
        list: &HeaderList,
        exposed: &[&[u8]],
        url: Option<&Url>,
        redirected: bool,
    ) -> FilteredResponse {
        // A few exposed names are scanned; many get a sorted, lowercase copy
        // (one binary search per header instead of a scan of the whole list).
        const SCANNED: usize = 8;
        let mut sorted: Vec<Vec<u8>> = Vec::new();
        if exposed.len() > SCANNED {
            sorted = exposed
                .iter()
                .filter(|n| !headers::is_forbidden_response_header_name(n))
                .map(|n| n.to_ascii_lowercase())
                .collect();
            sorted.sort();
            sorted.dedup();
        }
        let is_exposed = |name: &[u8]| {
            if exposed.len() > SCANNED {
                sorted
                    .binary_search_by(|e| {
                        e.iter()
                            .copied()
                            .cmp(name.iter().map(u8::to_ascii_lowercase))
                    })
                    .is_ok()
            } else {
                exposed.iter().any(|e| {
                    e.eq_ignore_ascii_case(name) && !headers::is_forbidden_response_header_name(e)
                })
            }
        };
        FilteredResponse {
            response_type: ResponseType::Cors,
            status,
            headers: visible(list, |name| {
                headers::is_cors_safelisted_response_header_name(name, &[]) || is_exposed(name)
            }),
            url: url.cloned(),
            redirected,
        }
    }

    /// An opaque filtered response: status 0, no headers, no URL.
    /// <https://fetch.spec.whatwg.org/#concept-filtered-response-opaque>
    pub fn opaque() -> FilteredResponse {
        FilteredResponse {
            response_type: ResponseType::Opaque,
            status: 0,
            headers: HeaderList::new(),
            url: None,
            redirected: false,
        }
    }

    /// An opaque-redirect filtered response: status 0, no headers; its URL is
    /// the URL that redirected.
    /// <https://fetch.spec.whatwg.org/#concept-filtered-response-opaque-redirect>
    pub fn opaque_redirect(url_list: &[Url]) -> FilteredResponse {
        FilteredResponse {
            response_type: ResponseType::OpaqueRedirect,
            status: 0,
            headers: HeaderList::new(),
            url: url_list.last().cloned(),
            redirected: url_list.len() > 1,
        }
    }
}

fn visible(list: &HeaderList, keep: impl Fn(&[u8]) -> bool) -> HeaderList {
    list.sort_and_combine_where(keep)
}
