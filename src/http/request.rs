//! The Fetch standard's request concept and its enumerated fields.
//!
//! <https://fetch.spec.whatwg.org/#requests>

use serde::{Deserialize, Serialize};

/// A request's mode. <https://fetch.spec.whatwg.org/#concept-request-mode>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// `same-origin`
    SameOrigin,
    /// `cors`
    Cors,
    /// `no-cors`
    NoCors,
    /// `navigate` (script cannot set it, so the CLI does not offer it)
    #[cfg_attr(feature = "cli", value(skip))]
    Navigate,
    /// `websocket`: the WebSocket handshake ("obtain a WebSocket
    /// connection"); script cannot set it.
    /// <https://websockets.spec.whatwg.org/#concept-websocket-establish>
    #[serde(rename = "websocket")]
    #[cfg_attr(feature = "cli", value(skip))]
    WebSocket,
}

/// A request's credentials mode.
/// <https://fetch.spec.whatwg.org/#concept-request-credentials-mode>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "kebab-case")]
pub enum CredentialsMode {
    /// `omit`
    Omit,
    /// `same-origin`
    SameOrigin,
    /// `include`
    Include,
}

/// A request's redirect mode.
/// <https://fetch.spec.whatwg.org/#concept-request-redirect-mode>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "kebab-case")]
pub enum RedirectMode {
    /// `follow`
    Follow,
    /// `error`
    Error,
    /// `manual`
    Manual,
}

use url::Url;

use crate::browser::Profile;
use crate::http::headers::{self, HeaderList};
use crate::http::method;
use crate::origin::{Origin, same_site};

/// A request's response tainting.
/// <https://fetch.spec.whatwg.org/#concept-request-response-tainting>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResponseTainting {
    /// `basic`
    Basic,
    /// `cors`
    Cors,
    /// `opaque`
    Opaque,
}

/// A request's redirect-taint.
/// <https://fetch.spec.whatwg.org/#concept-request-tainted-origin>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RedirectTaint {
    /// Every hop stayed same origin (or came back through the request's origin).
    SameOrigin,
    /// A cross-origin but same-site hop.
    SameSite,
    /// A cross-site hop.
    CrossSite,
}

/// A request's destination; only the values xorigin models.
/// <https://fetch.spec.whatwg.org/#concept-request-destination>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Destination {
    /// The empty string: `fetch()`, `XMLHttpRequest`.
    #[serde(rename = "")]
    #[cfg_attr(feature = "cli", value(skip))]
    Empty,
    /// `<img>`
    Image,
    /// `<script>`
    Script,
    /// `<link rel=stylesheet>`
    Style,
    /// `<audio>`
    #[cfg_attr(feature = "cli", value(skip))]
    Audio,
    /// `<video>`
    #[cfg_attr(feature = "cli", value(skip))]
    Video,
    /// A web font (`@font-face`).
    #[cfg_attr(feature = "cli", value(skip))]
    Font,
    /// A dedicated worker's script.
    #[cfg_attr(feature = "cli", value(skip))]
    Worker,
    /// A shared worker's script.
    #[cfg_attr(feature = "cli", value(skip))]
    Sharedworker,
    /// An `<iframe>` navigation (also a form submitted into one).
    #[cfg_attr(feature = "cli", value(skip))]
    Iframe,
}

/// A request's cache mode. <https://fetch.spec.whatwg.org/#concept-request-cache-mode>
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CacheMode {
    /// `default`
    #[default]
    Default,
    /// `no-store`
    NoStore,
    /// `reload`
    Reload,
    /// `no-cache`
    NoCache,
    /// `force-cache`
    ForceCache,
    /// `only-if-cached`
    OnlyIfCached,
}

impl CacheMode {
    /// Parses a `RequestCache` value.
    pub fn from_token(token: &str) -> Option<CacheMode> {
        Some(match token {
            "default" => CacheMode::Default,
            "no-store" => CacheMode::NoStore,
            "reload" => CacheMode::Reload,
            "no-cache" => CacheMode::NoCache,
            "force-cache" => CacheMode::ForceCache,
            "only-if-cached" => CacheMode::OnlyIfCached,
            _ => return None,
        })
    }
}

/// A referrer policy. <https://w3c.github.io/webappsec-referrer-policy/#referrer-policies>
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReferrerPolicy {
    /// `no-referrer`
    NoReferrer,
    /// `no-referrer-when-downgrade`
    NoReferrerWhenDowngrade,
    /// `same-origin`
    SameOrigin,
    /// `origin`
    Origin,
    /// `strict-origin`
    StrictOrigin,
    /// `origin-when-cross-origin`
    OriginWhenCrossOrigin,
    /// `strict-origin-when-cross-origin`, the default policy.
    StrictOriginWhenCrossOrigin,
    /// `unsafe-url`
    UnsafeUrl,
}

impl ReferrerPolicy {
    /// Parses a referrer policy token; the empty string is `None`.
    pub fn from_token(token: &str) -> Option<ReferrerPolicy> {
        Some(match token {
            "no-referrer" => ReferrerPolicy::NoReferrer,
            "no-referrer-when-downgrade" => ReferrerPolicy::NoReferrerWhenDowngrade,
            "same-origin" => ReferrerPolicy::SameOrigin,
            "origin" => ReferrerPolicy::Origin,
            "strict-origin" => ReferrerPolicy::StrictOrigin,
            "origin-when-cross-origin" => ReferrerPolicy::OriginWhenCrossOrigin,
            "strict-origin-when-cross-origin" => ReferrerPolicy::StrictOriginWhenCrossOrigin,
            "unsafe-url" => ReferrerPolicy::UnsafeUrl,
            _ => return None,
        })
    }
}

/// The Fetch standard's request, with the fields the CORS machinery reads.
/// <https://fetch.spec.whatwg.org/#concept-request>
#[derive(Clone, Debug)]
pub struct Request {
    /// The method, already normalized.
    pub method: String,
    /// The URL list; the last item is the current URL. Never empty; grows
    /// only through [`Request::push_url`], which keeps the redirect-taint.
    url_list: Vec<Url>,
    /// The first URL (kept apart so the list is never empty).
    first_url: Url,
    redirect_taint: RedirectTaint,
    /// `Some` once the fetch requires a preflight at every later
    /// cross-origin hop (for profiles that keep preflighting after a
    /// redirect), with the CORS-unsafe names the request had at its start.
    preflight_required_earlier: Option<Vec<String>>,
    /// The header list as script (and the `Request` constructor) left it.
    pub header_list: HeaderList,
    /// The mode.
    pub mode: Mode,
    /// The credentials mode.
    pub credentials_mode: CredentialsMode,
    /// The redirect mode.
    pub redirect_mode: RedirectMode,
    /// The request's origin (the client's origin for `fetch()`).
    pub origin: Origin,
    /// The response tainting.
    pub response_tainting: ResponseTainting,
    /// The redirect count.
    pub redirect_count: u8,
    /// The use-CORS-preflight flag (set for upload listeners and streams).
    pub use_cors_preflight: bool,
    /// The unsafe-request flag (set by `fetch()` and `XMLHttpRequest`).
    pub unsafe_request: bool,
    /// The destination.
    pub destination: Destination,
    /// The referrer policy (already resolved against the client's default).
    pub referrer_policy: ReferrerPolicy,
    /// The body bytes, if any.
    pub body: Option<Vec<u8>>,
    /// The client's embedder policy (from its policy container).
    pub embedder_policy: crate::http::policy_container::EmbedderPolicy,
    /// The cache mode.
    pub cache_mode: CacheMode,
}

impl Request {
    /// The current URL. <https://fetch.spec.whatwg.org/#concept-request-current-url>
    pub fn current_url(&self) -> &Url {
        self.url_list.last().unwrap_or(&self.first_url)
    }

    /// The URL list, first URL first. <https://fetch.spec.whatwg.org/#concept-request-url-list>
    pub fn url_list(&self) -> impl Iterator<Item = &Url> {
        std::iter::once(&self.first_url).chain(self.url_list.iter())
    }

    /// The number of URLs in the URL list.
    pub fn url_list_len(&self) -> usize {
        1 + self.url_list.len()
    }

    /// Appends a redirect's location URL to the URL list and updates the
    /// redirect-taint incrementally: the standard's loop over consecutive
    /// pairs of URLs keeps the worst taint of any pair.
    /// <https://fetch.spec.whatwg.org/#concept-request-tainted-origin>
    pub fn push_url(&mut self, url: Url) {
        let last = Origin::from_url(self.current_url());
        // A hop within one origin never taints; it is the common case.
        let pair = if last.same_origin_with_url(&url) {
            RedirectTaint::SameOrigin
        } else {
            self.redirect_pair_taint(&last, &Origin::from_url(&url))
        };
        self.redirect_taint = self.redirect_taint.max(pair);
        self.url_list.push(url);
    }

    /// The taint of one (lastURL, url) pair of the redirect-taint loop.
    fn redirect_pair_taint(&self, last: &Origin, next: &Origin) -> RedirectTaint {
        if !same_site(next, last) && !same_site(&self.origin, last) {
            RedirectTaint::CrossSite
        } else if !next.same_origin(last) && !self.origin.same_origin(last) {
            RedirectTaint::SameSite
        } else {
            RedirectTaint::SameOrigin
        }
    }

    /// Replaces the current URL in place (a mixed-content upgrade changes
    /// only its scheme and port, so the redirect-taint is unchanged).
    pub fn replace_current_url(&mut self, url: Url) {
        match self.url_list.last_mut() {
            Some(last) => *last = url,
            None => self.first_url = url,
        }
    }

    /// `Some` when the fetch so far requires a preflight at the next
    /// cross-origin hop whatever the request now looks like (it had
    /// CORS-unsafe request-header names when it started, or an earlier hop
    /// took the CORS-preflight branch), with the names it had at its start.
    /// Recorded by the fetch only for profiles whose
    /// `preflight.after_redirect` is not `PerHop` (`None` otherwise, and
    /// before a fetch).
    pub fn preflight_required_earlier(&self) -> Option<&[String]> {
        self.preflight_required_earlier.as_deref()
    }

    /// Records that the fetch requires a preflight at every later
    /// cross-origin hop, with the CORS-unsafe names `names_at_start` (kept
    /// if already recorded). See [`Request::preflight_required_earlier`].
    pub fn set_preflight_required_earlier(&mut self, names_at_start: Vec<String>) {
        self.preflight_required_earlier
            .get_or_insert(names_at_start);
    }

    /// The redirect-taint. <https://fetch.spec.whatwg.org/#concept-request-tainted-origin>
    pub fn redirect_taint(&self) -> RedirectTaint {
        self.redirect_taint
    }

    /// Serializing a request origin: `null` once the redirect-taint is not
    /// same-origin. <https://fetch.spec.whatwg.org/#serializing-a-request-origin>
    pub fn serialized_origin(&self) -> &str {
        if self.redirect_taint != RedirectTaint::SameOrigin {
            "null"
        } else {
            self.origin.ascii_serialization()
        }
    }
}

/// Why `fetch()` (or `new Request()`) throws a `TypeError` before anything
/// is sent. These are the `Request` constructor's and the `Headers` object's
/// own checks. <https://fetch.spec.whatwg.org/#dom-request>
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum RequestError {
    /// The URL does not parse.
    InvalidUrl {
        /// The input.
        url: String,
    },
    /// The URL includes a username or password.
    UrlIncludesCredentials {
        /// The input.
        url: String,
    },
    /// `mode: "navigate"` cannot be set by script.
    NavigateMode,
    /// The method is not a token.
    InvalidMethod {
        /// The input.
        method: String,
    },
    /// The method is CONNECT, TRACE or TRACK.
    ForbiddenMethod {
        /// The input.
        method: String,
    },
    /// A `no-cors` request with a method other than GET, HEAD or POST.
    NoCorsMethod {
        /// The normalized method.
        method: String,
    },
    /// A header name is not a token.
    InvalidHeaderName {
        /// The name.
        name: String,
    },
    /// A header value contains NUL, CR or LF.
    InvalidHeaderValue {
        /// The name.
        name: String,
    },
    /// A GET or HEAD request with a body.
    BodyWithGetOrHead {
        /// The method.
        method: String,
    },
    /// The `cache` mode `only-if-cached` outside `same-origin` mode.
    OnlyIfCachedOutsideSameOrigin,
    /// A value that the scenario or caller gave is not one `fetch()` knows.
    InvalidOption {
        /// The option's name.
        option: &'static str,
        /// The value.
        value: String,
    },
}

impl std::fmt::Display for RequestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RequestError::InvalidUrl { url } => write!(f, "invalid URL {url:?}"),
            RequestError::UrlIncludesCredentials { url } => {
                write!(f, "URL {url:?} includes credentials")
            }
            RequestError::NavigateMode => write!(f, "mode \"navigate\" cannot be used by fetch()"),
            RequestError::InvalidMethod { method } => write!(f, "{method:?} is not a valid method"),
            RequestError::ForbiddenMethod { method } => {
                write!(f, "{method:?} is a forbidden method")
            }
            RequestError::NoCorsMethod { method } => write!(
                f,
                "{method:?} is not a CORS-safelisted method, so it cannot be used in no-cors mode"
            ),
            RequestError::InvalidHeaderName { name } => {
                write!(f, "{name:?} is not a valid header name")
            }
            RequestError::InvalidHeaderValue { name } => {
                write!(
                    f,
                    "the value of header {name:?} is not a valid header value"
                )
            }
            RequestError::BodyWithGetOrHead { method } => {
                write!(f, "a {method} request cannot have a body")
            }
            RequestError::OnlyIfCachedOutsideSameOrigin => write!(
                f,
                "cache mode \"only-if-cached\" can be set only with mode \"same-origin\""
            ),
            RequestError::InvalidOption { option, value } => {
                write!(f, "{value:?} is not a valid value for {option}")
            }
        }
    }
}

impl std::error::Error for RequestError {}

/// The arguments of `fetch(input, init)`, already converted from JavaScript
/// values: what the `Request` constructor consumes.
#[derive(Clone, Debug, Default)]
pub struct FetchInit<'a> {
    /// The URL string (resolved against the client's URL by the caller when relative).
    pub url: &'a str,
    /// `init.method`.
    pub method: Option<&'a str>,
    /// `init.headers`, in order.
    pub headers: &'a [(String, String)],
    /// `init.mode`.
    pub mode: Option<Mode>,
    /// `init.credentials`.
    pub credentials: Option<CredentialsMode>,
    /// `init.redirect`.
    pub redirect: Option<RedirectMode>,
    /// `init.body` as bytes; a string body also sets `Content-Type`.
    pub body: Option<&'a str>,
    /// `init.referrerPolicy`.
    pub referrer_policy: Option<ReferrerPolicy>,
    /// `init.cache` is `only-if-cached`.
    pub only_if_cached: bool,
}

impl Request {
    /// The `Request` constructor as `fetch()` runs it, for a client whose
    /// origin is `client_origin`: validates, normalizes the method, applies
    /// the headers guard (`request` or `request-no-cors`: forbidden headers are
    /// dropped silently), and adds the body's `Content-Type`.
    /// <https://fetch.spec.whatwg.org/#dom-request>
    pub fn from_fetch_init(
        client_origin: &Origin,
        init: &FetchInit<'_>,
        profile: &Profile,
    ) -> Result<Request, RequestError> {
        let url = Url::parse(init.url).map_err(|_| RequestError::InvalidUrl {
            url: init.url.to_owned(),
        })?;
        Request::from_fetch_init_url(client_origin, url, init, profile)
    }

    /// [`Request::from_fetch_init`] with `init.url` already parsed into
    /// `url`, for a caller that builds the request for several profiles
    /// from one parse; `init.url` only names the URL in a `TypeError`.
    pub fn from_fetch_init_url(
        client_origin: &Origin,
        url: Url,
        init: &FetchInit<'_>,
        profile: &Profile,
    ) -> Result<Request, RequestError> {
        if url.username() != "" || url.password().is_some() {
            return Err(RequestError::UrlIncludesCredentials {
                url: init.url.to_owned(),
            });
        }
        let mode = init.mode.unwrap_or(Mode::Cors);
        if mode == Mode::Navigate {
            return Err(RequestError::NavigateMode);
        }
        if init.only_if_cached && mode != Mode::SameOrigin {
            return Err(RequestError::OnlyIfCachedOutsideSameOrigin);
        }
        let method = match init.method {
            None => "GET".to_owned(),
            Some(m) => {
                if !method::is_method(m) {
                    return Err(RequestError::InvalidMethod {
                        method: m.to_owned(),
                    });
                }
                if method::is_forbidden_method(m) {
                    return Err(RequestError::ForbiddenMethod {
                        method: m.to_owned(),
                    });
                }
                method::normalize_method(m).into_owned()
            }
        };
        let no_cors = mode == Mode::NoCors;
        if no_cors && !method::is_cors_safelisted_method(&method) {
            return Err(RequestError::NoCorsMethod { method });
        }
        let mut header_list = HeaderList::new();
        if no_cors {
            // The no-cors guard reads the list back on every append; the
            // list it keeps is small (four names, 128-byte values).
            for (name, value) in init.headers {
                let valid = validate_for_request_guard(name.as_bytes(), value.as_bytes())?;
                if valid.is_some()
                    && !profile.is_extra_forbidden_request_header_name(name.as_bytes())
                {
                    append_guarded(&mut header_list, name.as_bytes(), value.as_bytes(), true)?;
                }
            }
        } else {
            let mut kept = Vec::with_capacity(init.headers.len());
            for (name, value) in init.headers {
                if let Some(value) = validate_for_request_guard(name.as_bytes(), value.as_bytes())?
                    && !profile.is_extra_forbidden_request_header_name(name.as_bytes())
                {
                    kept.push((name.as_bytes(), value));
                }
            }
            header_list.append_all(kept);
        }
        let body = match init.body {
            Some(_) if method == "GET" || method == "HEAD" => {
                return Err(RequestError::BodyWithGetOrHead { method });
            }
            Some(text) => {
                // Extracting a USVString body gives `text/plain;charset=UTF-8`.
                // <https://fetch.spec.whatwg.org/#concept-bodyinit-extract>
                if !header_list.contains(b"content-type") {
                    append_guarded(
                        &mut header_list,
                        b"Content-Type",
                        b"text/plain;charset=UTF-8",
                        no_cors,
                    )?;
                }
                Some(text.as_bytes().to_vec())
            }
            None => None,
        };
        Ok(Request {
            method,
            header_list,
            mode,
            credentials_mode: init.credentials.unwrap_or(CredentialsMode::SameOrigin),
            redirect_mode: init.redirect.unwrap_or(RedirectMode::Follow),
            unsafe_request: true,
            referrer_policy: init
                .referrer_policy
                .unwrap_or(ReferrerPolicy::StrictOriginWhenCrossOrigin),
            body,
            cache_mode: if init.only_if_cached {
                CacheMode::OnlyIfCached
            } else {
                CacheMode::Default
            },
            ..Request::new(url, client_origin.clone())
        })
    }

    /// A new request whose URL is `url` and whose origin is `origin`, every
    /// other field at the standard's default: `GET`, mode `no-cors`,
    /// credentials mode `same-origin`, redirect mode `follow`, the empty
    /// destination, the default referrer policy, no body. Callers such as
    /// HTML's element loads set the fields their algorithm names.
    /// <https://fetch.spec.whatwg.org/#concept-request>
    pub fn new(url: Url, origin: Origin) -> Request {
        Request {
            method: "GET".to_owned(),
            url_list: Vec::new(),
            first_url: url,
            redirect_taint: RedirectTaint::SameOrigin,
            preflight_required_earlier: None,
            header_list: HeaderList::new(),
            mode: Mode::NoCors,
            credentials_mode: CredentialsMode::SameOrigin,
            redirect_mode: RedirectMode::Follow,
            origin,
            response_tainting: ResponseTainting::Basic,
            redirect_count: 0,
            use_cors_preflight: false,
            unsafe_request: false,
            destination: Destination::Empty,
            referrer_policy: ReferrerPolicy::StrictOriginWhenCrossOrigin,
            body: None,
            embedder_policy: crate::http::policy_container::EmbedderPolicy::default(),
            cache_mode: CacheMode::Default,
        }
    }
}

/// Normalizes the value and "validates" the header for guard `request`:
/// a `TypeError` for an invalid name or value, `None` for a forbidden
/// request-header (silently dropped).
/// <https://fetch.spec.whatwg.org/#headers-validate>
fn validate_for_request_guard<'v>(
    name: &[u8],
    value: &'v [u8],
) -> Result<Option<&'v [u8]>, RequestError> {
    let value = headers::normalize_header_value(value);
    if !headers::is_header_name(name) {
        return Err(RequestError::InvalidHeaderName {
            name: String::from_utf8_lossy(name).into_owned(),
        });
    }
    if !headers::is_header_value(value) {
        return Err(RequestError::InvalidHeaderValue {
            name: String::from_utf8_lossy(name).into_owned(),
        });
    }
    if headers::is_forbidden_request_header(name, value) {
        return Ok(None);
    }
    Ok(Some(value))
}

/// `Headers` "append" with guard `request` or `request-no-cors`.
/// <https://fetch.spec.whatwg.org/#concept-headers-append>
fn append_guarded(
    list: &mut HeaderList,
    name: &[u8],
    value: &[u8],
    no_cors: bool,
) -> Result<(), RequestError> {
    let Some(value) = validate_for_request_guard(name, value)? else {
        return Ok(());
    };
    if no_cors {
        let temporary = match list.get(name) {
            None => value.to_vec(),
            Some(existing) => {
                let mut v = existing.into_owned();
                v.extend_from_slice(b", ");
                v.extend_from_slice(value);
                v
            }
        };
        if !headers::is_no_cors_safelisted_request_header(name, &temporary) {
            return Ok(());
        }
    }
    list.append(name, value);
    if no_cors {
        // "Remove privileged no-CORS request-headers".
        list.delete(b"range");
    }
    Ok(())
}
