//! The sans-IO engine through opaque handles: a browser (profile and
//! preflight cache) and fetches started from it, driven by the caller's own
//! networking and clock.

use std::ffi::c_char;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;
use xorigin::Browser;
use xorigin::fetch::{Action, FetchController, FetchOutcome, NetworkError, UsageError};
use xorigin::http::request::CacheMode;
use xorigin::http::response::{NetworkFailure, NetworkResponse};
use xorigin::scenario::{self, RequestInit};

use crate::{
    Error, XoriginStatus, guard, opt_str_arg, out_arg, owned_string, slice_arg, str_arg, write_out,
};

/// A browser: a profile (Chromium, Firefox, WebKit or the standard) and its
/// bounded CORS-preflight cache, shared by every fetch started from it.
/// Opaque; made by [`xorigin_browser_new`], freed by
/// [`xorigin_browser_free`]. It may be used from several threads (its cache
/// is locked per call).
pub struct XoriginBrowser {
    browser: Arc<Mutex<Browser>>,
}

/// One `fetch()` in progress. Opaque; made by [`xorigin_fetch_start`],
/// freed by [`xorigin_fetch_free`]. It keeps its browser's state alive, so
/// the browser may be freed first. Use it from one thread at a time.
pub struct XoriginFetch {
    browser: Arc<Mutex<Browser>>,
    state: FetchState,
}

enum FetchState {
    /// The engine's state machine.
    Running(Box<FetchController<'static>>),
    /// `fetch()` threw before anything was sent: the first poll yields the
    /// network error, later polls are out of order.
    Thrown(Option<Box<NetworkError>>),
}

/// What [`xorigin_fetch_poll`] yielded.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XoriginPollKind {
    /// Put the request (the JSON) on the wire, then hand back its response
    /// or its network failure.
    Send = 1,
    /// The fetch is over; the JSON is its outcome.
    Done = 2,
}

/// One header of a response handed back with [`xorigin_fetch_response`]:
/// bytes with lengths (not NUL-terminated). A pointer may be `NULL` only
/// when its length is 0.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct XoriginHeader {
    /// The name's bytes.
    pub name: *const u8,
    /// The name's length in bytes.
    pub name_len: usize,
    /// The value's bytes.
    pub value: *const u8,
    /// The value's length in bytes.
    pub value_len: usize,
}

fn lock(browser: &Mutex<Browser>) -> std::sync::MutexGuard<'_, Browser> {
    // A panic while locked was caught at the boundary; the cache is still a
    // valid cache.
    browser.lock().unwrap_or_else(PoisonError::into_inner)
}

fn usage(error: UsageError) -> Error {
    Error::new(XoriginStatus::OutOfOrder, error.to_string())
}

/// # Safety
///
/// `ptr` is `NULL` or a live handle of this library.
unsafe fn handle<'a, T>(ptr: *const T, name: &str) -> Result<&'a T, Error> {
    // SAFETY: the caller guarantees a non-NULL `ptr` is a live handle
    // (made by `Box::into_raw` here, not yet freed), so it is aligned and
    // points to an initialized `T`.
    unsafe { ptr.as_ref() }
        .ok_or_else(|| Error::new(XoriginStatus::NullPointer, format!("{name} is NULL")))
}

/// # Safety
///
/// `ptr` is `NULL` or a live handle of this library not in use elsewhere.
unsafe fn handle_mut<'a, T>(ptr: *mut T, name: &str) -> Result<&'a mut T, Error> {
    // SAFETY: as `handle`, and the caller guarantees no other reference to
    // the handle is live during the call (one thread at a time).
    unsafe { ptr.as_mut() }
        .ok_or_else(|| Error::new(XoriginStatus::NullPointer, format!("{name} is NULL")))
}

/// Makes a browser. `name` is `chromium`, `firefox`, `webkit` or `spec` (the
/// standard, read literally). On success `*out_browser` is the new handle,
/// which the caller frees with [`xorigin_browser_free`]; on error it is
/// `NULL`.
///
/// # Safety
///
/// `name` is `NULL` or NUL-terminated; `out_browser` is `NULL` or valid for
/// a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn xorigin_browser_new(
    name: *const c_char,
    out_browser: *mut *mut XoriginBrowser,
) -> XoriginStatus {
    guard(|| {
        let out = out_arg(out_browser, "out_browser")?;
        // SAFETY: `out` is the caller's `XoriginBrowser *` variable.
        unsafe { write_out(out, std::ptr::null_mut()) };
        // SAFETY: the header's contract for `const char *` arguments.
        let name = unsafe { str_arg(name, "name") }?;
        let profile = xorigin::json::browser_name(name)?.profile();
        let handle = Box::new(XoriginBrowser {
            browser: Arc::new(Mutex::new(Browser::new(profile))),
        });
        // SAFETY: as above.
        unsafe { write_out(out, Box::into_raw(handle)) };
        Ok(())
    })
}

/// Frees a browser. `NULL` is ignored. Fetches started from it stay usable
/// (they keep what they need) and are freed on their own.
///
/// # Safety
///
/// `browser` is `NULL` or a handle from [`xorigin_browser_new`] not yet
/// freed, not in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn xorigin_browser_free(browser: *mut XoriginBrowser) {
    if browser.is_null() {
        return;
    }
    // SAFETY: the caller guarantees `browser` came from `Box::into_raw` in
    // `xorigin_browser_new` and was not freed before.
    drop(unsafe { Box::from_raw(browser) });
}

/// Sets `*out_len` to the number of entries in the browser's CORS-preflight
/// cache.
///
/// # Safety
///
/// `browser` is `NULL` or a live handle; `out_len` is `NULL` or valid for a
/// write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn xorigin_browser_preflight_cache_len(
    browser: *const XoriginBrowser,
    out_len: *mut usize,
) -> XoriginStatus {
    guard(|| {
        let out = out_arg(out_len, "out_len")?;
        // SAFETY: the header's contract for handles.
        let browser = unsafe { handle(browser, "browser") }?;
        let len = lock(&browser.browser).preflight_cache().entry_count();
        // SAFETY: `out` is the caller's `size_t` variable.
        unsafe { write_out(out, len) };
        Ok(())
    })
}

/// Starts `fetch()` in a page whose origin is `page_origin` (a serialized
/// origin such as `https://app.a.test`), embedded under a top-level document
/// of origin `top_level_origin` (`NULL`: the page is top-level; the
/// preflight cache is partitioned by the top-level site).
///
/// `request_json` is the scenario format's `request` object: `url`
/// (required; relative URLs resolve against the page), `method`, `headers`
/// (`[["name", "value"], ...]`), `mode`, `credentials`, `redirect`, `body`,
/// `referrerPolicy`, `cache`, and for an element load `destination`
/// (`image`, `script`, `style`) and `crossorigin`.
///
/// A request `fetch()` would throw on (a bad URL, a forbidden method) still
/// makes a fetch: its first poll yields the network error, as the promise
/// rejects. On success `*out_fetch` is the new handle, which the caller
/// frees with [`xorigin_fetch_free`]; on error it is `NULL`.
///
/// # Safety
///
/// `browser` is `NULL` or a live handle; string arguments are `NULL` or
/// NUL-terminated; `out_fetch` is `NULL` or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn xorigin_fetch_start(
    browser: *const XoriginBrowser,
    page_origin: *const c_char,
    top_level_origin: *const c_char,
    request_json: *const c_char,
    out_fetch: *mut *mut XoriginFetch,
) -> XoriginStatus {
    guard(|| {
        let out = out_arg(out_fetch, "out_fetch")?;
        // SAFETY: `out` is the caller's `XoriginFetch *` variable.
        unsafe { write_out(out, std::ptr::null_mut()) };
        // SAFETY: the header's contract for handles and strings.
        let browser = unsafe { handle(browser, "browser") }?;
        // SAFETY: as above.
        let page_origin = unsafe { str_arg(page_origin, "page_origin") }?;
        // SAFETY: as above.
        let top_level = unsafe { opt_str_arg(top_level_origin, "top_level_origin") }?;
        // SAFETY: as above.
        let request_json = unsafe { str_arg(request_json, "request_json") }?;

        let init: RequestInit = serde_json::from_str(request_json)
            .map_err(|e| Error::new(XoriginStatus::InvalidJson, format!("request_json: {e}")))?;
        if let Some(field) = init.extra.keys().next() {
            return Err(Error::new(
                XoriginStatus::InvalidJson,
                format!("request_json: unknown field {field:?}"),
            ));
        }
        let state = {
            let shared = lock(&browser.browser);
            let mut page = shared
                .page(page_origin)
                .map_err(|e| bad_origin("page_origin", page_origin, &e))?;
            if let Some(top) = top_level {
                page = page
                    .embedded_under(top)
                    .map_err(|e| bad_origin("top_level_origin", top, &e))?;
            }
            let built = scenario::build_request(page.origin(), &init, page.profile(), 0)
                .map_err(|e| Error::new(XoriginStatus::InvalidRequest, e.to_string()))?;
            match built {
                Ok(mut request) => {
                    request.embedder_policy = page.embedder_policy();
                    if let Some(mode) = init.cache.as_deref().and_then(CacheMode::from_token) {
                        request.cache_mode = mode;
                    }
                    FetchState::Running(Box::new(page.fetch_request(request)))
                }
                Err(error) => FetchState::Thrown(Some(Box::new(NetworkError::from_request_error(
                    error,
                    &init.url,
                    page.origin().ascii_serialization(),
                )))),
            }
        };
        let handle = Box::new(XoriginFetch {
            browser: Arc::clone(&browser.browser),
            state,
        });
        // SAFETY: as above.
        unsafe { write_out(out, Box::into_raw(handle)) };
        Ok(())
    })
}

/// The JSON of a request to send: the engine's `OutgoingRequest` (`kind`
/// `preflight` or `main`, `method`, `url`, `header_list` as pairs,
/// `include_credentials`) and its `body` (a string, or `null`).
fn send_json(request: &xorigin::fetch::OutgoingRequest) -> Result<String, Error> {
    let mut value = serde_json::to_value(request)
        .map_err(|e| Error::new(XoriginStatus::Panic, e.to_string()))?;
    if let Value::Object(map) = &mut value {
        let body = request
            .body
            .as_deref()
            .map(|b| Value::String(String::from_utf8_lossy(b).into_owned()))
            .unwrap_or(Value::Null);
        map.insert("body".to_owned(), body);
    }
    Ok(value.to_string())
}

/// Advances a fetch. `now_ms` is the caller's clock in milliseconds (any
/// fixed start; it must not go backwards): the preflight cache's entries
/// expire by it. On success `*out_kind` says what `*out_json` (owned by the
/// caller, freed with [`xorigin_string_free`]) holds:
///
/// - `XORIGIN_POLL_KIND_SEND`: the request to put on the wire,
///   `{"kind": "preflight"|"main", "method", "url", "header_list": [[name,
///   value], ...], "include_credentials", "body"}`; hand back its response
///   ([`xorigin_fetch_response`]) or its failure
///   ([`xorigin_fetch_network_failure`]) before polling again.
/// - `XORIGIN_POLL_KIND_DONE`: the outcome, as in a scenario's `expect`:
///   `{"result": "ok", "type", "status", "headers", "url", "redirected"}` or
///   `{"result": "network-error", "reason": {"kind", ...}, "request_kind",
///   "url", "initial_url", "origin", "redirected"}`. Polling again is
///   `XORIGIN_STATUS_OUT_OF_ORDER`.
///
/// # Safety
///
/// `fetch` is `NULL` or a live handle used by no other thread; `out_kind`
/// and `out_json` are `NULL` or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn xorigin_fetch_poll(
    fetch: *mut XoriginFetch,
    now_ms: u64,
    out_kind: *mut XoriginPollKind,
    out_json: *mut *mut c_char,
) -> XoriginStatus {
    guard(|| {
        let out_kind = out_arg(out_kind, "out_kind")?;
        let out_json = out_arg(out_json, "out_json")?;
        // SAFETY: `out_json` is the caller's `char *` variable.
        unsafe { write_out(out_json, std::ptr::null_mut()) };
        // SAFETY: the header's contract for handles.
        let fetch = unsafe { handle_mut(fetch, "fetch") }?;
        let action = match &mut fetch.state {
            FetchState::Running(controller) => {
                let mut browser = lock(&fetch.browser);
                controller
                    .poll(browser.preflight_cache_mut(), Duration::from_millis(now_ms))
                    .map_err(usage)?
            }
            FetchState::Thrown(error) => match error.take() {
                Some(error) => Action::Done(FetchOutcome::NetworkError(*error)),
                None => return Err(usage(UsageError::NoRequestOutstanding)),
            },
        };
        let (kind, text) = match action {
            Action::Send(request) => (XoriginPollKind::Send, send_json(&request)?),
            Action::Done(outcome) => (
                XoriginPollKind::Done,
                serde_json::to_string(&outcome)
                    .map_err(|e| Error::new(XoriginStatus::Panic, e.to_string()))?,
            ),
        };
        let text = owned_string(text)?;
        // SAFETY: the caller's variables, valid for writes.
        unsafe {
            write_out(out_kind, kind);
            write_out(out_json, text);
        }
        Ok(())
    })
}

fn bad_origin(name: &str, value: &str, error: &xorigin::origin::OriginParseError) -> Error {
    Error::new(
        XoriginStatus::InvalidArgument,
        format!("{name} {value:?} is not a serialized origin: {error}"),
    )
}

fn is_token(name: &[u8]) -> bool {
    !name.is_empty()
        && name
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(b))
}

/// Checks a response as a network would deliver it and hands it to the
/// fetch.
fn respond(fetch: &mut XoriginFetch, now_ms: u64, response: NetworkResponse) -> Result<(), Error> {
    if !(100..=999).contains(&response.status) {
        return Err(Error::new(
            XoriginStatus::InvalidArgument,
            format!(
                "status {} is not a three-digit status code",
                response.status
            ),
        ));
    }
    for (name, value) in response.header_list.iter() {
        if !is_token(name) {
            return Err(Error::new(
                XoriginStatus::InvalidArgument,
                format!(
                    "header name {:?} is not an HTTP token",
                    String::from_utf8_lossy(name)
                ),
            ));
        }
        if value.iter().any(|b| matches!(b, b'\r' | b'\n' | 0)) {
            return Err(Error::new(
                XoriginStatus::InvalidArgument,
                format!(
                    "the value of header {:?} holds CR, LF or NUL",
                    String::from_utf8_lossy(name)
                ),
            ));
        }
    }
    match &mut fetch.state {
        FetchState::Running(controller) => {
            let mut browser = lock(&fetch.browser);
            controller
                .handle_response(
                    response,
                    browser.preflight_cache_mut(),
                    Duration::from_millis(now_ms),
                )
                .map_err(usage)
        }
        FetchState::Thrown(_) => Err(usage(UsageError::NoRequestOutstanding)),
    }
}

/// Hands back the response to the request the last poll yielded: its
/// status, `headers_len` headers in the order received (duplicates kept)
/// and the body (or its first bytes: opaque-response blocking sniffs them;
/// `body` may be `NULL` when `body_len` is 0). `now_ms` as in
/// [`xorigin_fetch_poll`]. The library copies what it needs; the caller
/// keeps ownership of every argument.
///
/// # Safety
///
/// `fetch` is `NULL` or a live handle used by no other thread; `headers`
/// points to `headers_len` headers whose pointers each point to their
/// length in bytes; `body` points to `body_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn xorigin_fetch_response(
    fetch: *mut XoriginFetch,
    now_ms: u64,
    status: u16,
    headers: *const XoriginHeader,
    headers_len: usize,
    body: *const u8,
    body_len: usize,
) -> XoriginStatus {
    guard(|| {
        // SAFETY: the header's contract for handles.
        let fetch = unsafe { handle_mut(fetch, "fetch") }?;
        // SAFETY: the caller guarantees `headers_len` readable headers.
        let headers = unsafe { slice_arg(headers, headers_len, "headers") }?;
        // SAFETY: the caller guarantees `body_len` readable bytes.
        let body = unsafe { slice_arg(body, body_len, "body") }?;
        let mut response = NetworkResponse::new(status, std::iter::empty::<(&[u8], &[u8])>());
        for (i, header) in headers.iter().enumerate() {
            // SAFETY: the caller guarantees each header's pointers point to
            // their lengths in bytes.
            let name =
                unsafe { slice_arg(header.name, header.name_len, &format!("headers[{i}].name")) }?;
            // SAFETY: as above.
            let value = unsafe {
                slice_arg(
                    header.value,
                    header.value_len,
                    &format!("headers[{i}].value"),
                )
            }?;
            response.header_list.push_raw(name, value);
        }
        response.body_len = Some(body.len() as u64);
        response.body = Some(body.to_vec());
        respond(fetch, now_ms, response)
    })
}

/// A header list in JSON: `[["name", "value"], ...]` or `{"name": "value"}`.
#[derive(Deserialize, Default)]
#[serde(untagged)]
enum JsonHeaders {
    #[default]
    None,
    Pairs(Vec<(String, String)>),
    Map(serde_json::Map<String, Value>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonResponse {
    status: u16,
    #[serde(default)]
    headers: JsonHeaders,
    #[serde(default)]
    body: Option<String>,
}

/// [`xorigin_fetch_response`] with the response as JSON: `{"status": 204,
/// "headers": [["name", "value"], ...] or {"name": "value"}, "body":
/// "..."}` (`headers`, `body` optional).
///
/// # Safety
///
/// `fetch` is `NULL` or a live handle used by no other thread;
/// `response_json` is `NULL` or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn xorigin_fetch_response_json(
    fetch: *mut XoriginFetch,
    now_ms: u64,
    response_json: *const c_char,
) -> XoriginStatus {
    guard(|| {
        // SAFETY: the header's contract for handles.
        let fetch = unsafe { handle_mut(fetch, "fetch") }?;
        // SAFETY: the header's contract for `const char *` arguments.
        let text = unsafe { str_arg(response_json, "response_json") }?;
        let parsed: JsonResponse = serde_json::from_str(text)
            .map_err(|e| Error::new(XoriginStatus::InvalidJson, format!("response_json: {e}")))?;
        let pairs: Vec<(String, String)> = match parsed.headers {
            JsonHeaders::None => Vec::new(),
            JsonHeaders::Pairs(pairs) => pairs,
            JsonHeaders::Map(map) => map
                .into_iter()
                .map(|(name, value)| match value {
                    Value::String(value) => Ok((name, value)),
                    other => Err(Error::new(
                        XoriginStatus::InvalidJson,
                        format!("response_json: headers.{name} is {other}, not a string"),
                    )),
                })
                .collect::<Result<_, _>>()?,
        };
        let mut response =
            NetworkResponse::new(parsed.status, std::iter::empty::<(&[u8], &[u8])>());
        for (name, value) in &pairs {
            response
                .header_list
                .push_raw(name.as_bytes(), value.as_bytes());
        }
        response.body = parsed.body.map(String::into_bytes);
        response.body_len = response.body.as_ref().map(|b| b.len() as u64);
        respond(fetch, now_ms, response)
    })
}

/// Tells the fetch that the request the last poll yielded got no response.
/// `failure` is one of `connection-refused`, `timeout`, `tls`,
/// `malformed-response`, `reset`, `unresolvable-host`, `other`; `detail`
/// (may be `NULL`) is the caller's description, kept in the outcome.
///
/// # Safety
///
/// `fetch` is `NULL` or a live handle used by no other thread; string
/// arguments are `NULL` or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn xorigin_fetch_network_failure(
    fetch: *mut XoriginFetch,
    failure: *const c_char,
    detail: *const c_char,
) -> XoriginStatus {
    guard(|| {
        // SAFETY: the header's contract for handles.
        let fetch = unsafe { handle_mut(fetch, "fetch") }?;
        // SAFETY: the header's contract for `const char *` arguments.
        let kind = unsafe { str_arg(failure, "failure") }?;
        // SAFETY: as above.
        let detail = unsafe { opt_str_arg(detail, "detail") }?
            .unwrap_or_default()
            .to_owned();
        let failure = match kind {
            "connection-refused" => NetworkFailure::ConnectionRefused { detail },
            "timeout" => NetworkFailure::Timeout { detail },
            "tls" => NetworkFailure::Tls { detail },
            "malformed-response" => NetworkFailure::MalformedResponse { detail },
            "reset" => NetworkFailure::Reset { detail },
            "unresolvable-host" => NetworkFailure::UnresolvableHost { detail },
            "other" => NetworkFailure::Other { detail },
            other => {
                return Err(Error::new(
                    XoriginStatus::InvalidArgument,
                    format!(
                        "failure {other:?} is none of connection-refused, timeout, tls, \
                         malformed-response, reset, unresolvable-host, other"
                    ),
                ));
            }
        };
        match &mut fetch.state {
            FetchState::Running(controller) => {
                let mut browser = lock(&fetch.browser);
                controller
                    .handle_network_failure(failure, browser.preflight_cache_mut())
                    .map_err(usage)
            }
            FetchState::Thrown(_) => Err(usage(UsageError::NoRequestOutstanding)),
        }
    })
}

/// Frees a fetch, finished or not. `NULL` is ignored.
///
/// # Safety
///
/// `fetch` is `NULL` or a handle from [`xorigin_fetch_start`] not yet freed,
/// not in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn xorigin_fetch_free(fetch: *mut XoriginFetch) {
    if fetch.is_null() {
        return;
    }
    // SAFETY: the caller guarantees `fetch` came from `Box::into_raw` in
    // `xorigin_fetch_start` and was not freed before.
    drop(unsafe { Box::from_raw(fetch) });
}
