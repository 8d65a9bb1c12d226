//! The C ABI of [xorigin](https://docs.rs/xorigin): browser-exact CORS and
//! same-origin predictions for programs in C, C++, Zig and anything else
//! that can call C.
//!
//! Two doors, both declared in the generated header `include/xorigin.h`
//! (whose opening comment states the memory rules):
//!
//! - One-shot, JSON in and JSON out: [`xorigin_simulate`] (a scenario with
//!   every `expect` filled in, as `xorigin simulate --json` prints it) and
//!   [`xorigin_check`] (one request against the server's answers, as
//!   `xorigin check --json` prints it). Both are [`xorigin::json`], so the
//!   JSON value is the command line's.
//! - The sans-IO engine through opaque handles, for a browser that does its
//!   own networking: [`xorigin_browser_new`] (a profile and its preflight
//!   cache), [`xorigin_fetch_start`], [`xorigin_fetch_poll`] (the next
//!   request to send, or the outcome), [`xorigin_fetch_response`] /
//!   [`xorigin_fetch_response_json`], [`xorigin_fetch_network_failure`],
//!   and the `_free` functions. The caller passes the time in.
//!
//! Every function that can fail returns an [`XoriginStatus`]; the reason is
//! in [`xorigin_last_error_message`]. No panic crosses the boundary: one is
//! caught and returned as [`XoriginStatus::Panic`].
//!
//! All `unsafe` of the project lives in this crate, in the argument helpers
//! of this file and the `free` functions, each block with its `SAFETY`
//! argument.

#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]

use std::cell::RefCell;
use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr::NonNull;

use xorigin::json::{JsonError, JsonErrorKind};

mod handles;

pub use handles::{
    XoriginBrowser, XoriginFetch, XoriginHeader, XoriginPollKind, xorigin_browser_free,
    xorigin_browser_new, xorigin_browser_preflight_cache_len, xorigin_fetch_free,
    xorigin_fetch_network_failure, xorigin_fetch_poll, xorigin_fetch_response,
    xorigin_fetch_response_json, xorigin_fetch_start,
};

/// What a call returned. `XORIGIN_STATUS_OK` is 0; every other value is an
/// error whose text [`xorigin_last_error_message`] gives.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XoriginStatus {
    /// The call did what it says.
    Ok = 0,
    /// A pointer argument that must not be `NULL` was `NULL`.
    NullPointer = 1,
    /// A string argument is not UTF-8.
    InvalidUtf8 = 2,
    /// An argument is out of its range: a length too large for its pointer,
    /// a misaligned array, a status code outside 100..=999, a header name
    /// that is not a token, an unknown network-failure kind, an origin that
    /// does not parse.
    InvalidArgument = 3,
    /// A JSON argument is not JSON, or not of the expected shape.
    InvalidJson = 4,
    /// A scenario is JSON of the right shape but cannot be run.
    InvalidScenario = 5,
    /// A request cannot be made (a bad URL, method or header in a check, a
    /// bad field of a request to fetch).
    InvalidRequest = 6,
    /// The browser's name is none of `chromium`, `firefox`, `webkit`, `spec`.
    UnknownBrowser = 7,
    /// A fetch call out of order: polled while a response is awaited, a
    /// response handed in with no request outstanding, polled after the
    /// outcome was taken.
    OutOfOrder = 8,
    /// An internal error (a caught panic): a bug in xorigin; please report
    /// it with the input.
    Panic = 9,
}

/// An error on its way to the caller: a status and the text for
/// [`xorigin_last_error_message`].
pub(crate) struct Error {
    status: XoriginStatus,
    message: String,
}

impl Error {
    pub(crate) fn new(status: XoriginStatus, message: impl Into<String>) -> Error {
        Error {
            status,
            message: message.into(),
        }
    }

    fn null(name: &str) -> Error {
        Error::new(XoriginStatus::NullPointer, format!("{name} is NULL"))
    }
}

impl From<JsonError> for Error {
    fn from(error: JsonError) -> Error {
        let status = match error.kind {
            JsonErrorKind::InvalidJson => XoriginStatus::InvalidJson,
            JsonErrorKind::InvalidScenario => XoriginStatus::InvalidScenario,
            JsonErrorKind::InvalidRequest => XoriginStatus::InvalidRequest,
            JsonErrorKind::UnknownBrowser => XoriginStatus::UnknownBrowser,
        };
        Error::new(status, error.message)
    }
}

thread_local! {
    static LAST_ERROR: RefCell<Option<CString>> = const { RefCell::new(None) };
}

fn set_last_error(message: Option<&str>) {
    // A message never holds NUL in practice (it would cut the C string):
    // escape it rather than fail.
    let message = message.map(|m| CString::new(m.replace('\0', "\\0")).unwrap_or_default());
    // `try_with`: during thread teardown there is no slot left, and nothing
    // to tell.
    let _ = LAST_ERROR.try_with(|slot| {
        if let Ok(mut slot) = slot.try_borrow_mut() {
            *slot = message;
        }
    });
}

/// Runs one exported call: clears the last error, catches a panic, turns an
/// error into its status and message.
pub(crate) fn guard(call: impl FnOnce() -> Result<(), Error>) -> XoriginStatus {
    set_last_error(None);
    match catch_unwind(AssertUnwindSafe(call)) {
        Ok(Ok(())) => XoriginStatus::Ok,
        Ok(Err(error)) => {
            set_last_error(Some(&error.message));
            error.status
        }
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            set_last_error(Some(&format!(
                "internal error (a panic, caught at the C boundary): {what}"
            )));
            XoriginStatus::Panic
        }
    }
}

/// A string argument that must not be `NULL`, as UTF-8.
///
/// # Safety
///
/// `ptr` is `NULL` or points to a NUL-terminated string that stays readable
/// and unchanged for `'a` (the header's rule for every `const char *`).
pub(crate) unsafe fn str_arg<'a>(ptr: *const c_char, name: &str) -> Result<&'a str, Error> {
    if ptr.is_null() {
        return Err(Error::null(name));
    }
    // SAFETY: `ptr` is not NULL, and the caller guarantees it points to a
    // NUL-terminated string readable for 'a.
    let text = unsafe { CStr::from_ptr(ptr) };
    text.to_str().map_err(|e| {
        Error::new(
            XoriginStatus::InvalidUtf8,
            format!("{name} is not UTF-8 (at byte {})", e.valid_up_to()),
        )
    })
}

/// A string argument that may be `NULL` (then `None`).
///
/// # Safety
///
/// As [`str_arg`].
pub(crate) unsafe fn opt_str_arg<'a>(
    ptr: *const c_char,
    name: &str,
) -> Result<Option<&'a str>, Error> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: forwarded; the caller upholds `str_arg`'s contract.
    unsafe { str_arg(ptr, name) }.map(Some)
}

/// An array argument of `len` elements; `ptr` may be `NULL` only when `len`
/// is 0.
///
/// # Safety
///
/// When `len` is not 0 and `ptr` is not `NULL`, `ptr` points to `len`
/// initialized elements that stay readable and unchanged for `'a`.
pub(crate) unsafe fn slice_arg<'a, T>(
    ptr: *const T,
    len: usize,
    name: &str,
) -> Result<&'a [T], Error> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(Error::null(&format!("{name} (with length {len})")));
    }
    let fits = len
        .checked_mul(size_of::<T>().max(1))
        .is_some_and(|bytes| bytes <= isize::MAX as usize);
    if !fits {
        return Err(Error::new(
            XoriginStatus::InvalidArgument,
            format!("{name}: length {len} is larger than any array can be"),
        ));
    }
    if !ptr.is_aligned() {
        return Err(Error::new(
            XoriginStatus::InvalidArgument,
            format!("{name} is not aligned for its element type"),
        ));
    }
    // SAFETY: `ptr` is non-null and aligned, `len * size_of::<T>()` fits in
    // `isize`, and the caller guarantees `len` initialized elements readable
    // for 'a.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// An out-parameter that must not be `NULL`.
pub(crate) fn out_arg<T>(ptr: *mut T, name: &str) -> Result<NonNull<T>, Error> {
    NonNull::new(ptr).ok_or_else(|| Error::null(name))
}

/// Writes `value` through an out-parameter.
///
/// # Safety
///
/// `out` points to memory valid for a write of `T` (the caller's variable).
pub(crate) unsafe fn write_out<T>(out: NonNull<T>, value: T) {
    // SAFETY: the caller guarantees `out` is valid for writes; `write` does
    // not read or drop the old (possibly uninitialized) value.
    unsafe { out.as_ptr().write(value) }
}

/// A string the caller owns: JSON text for an out-parameter.
pub(crate) fn owned_string(text: String) -> Result<*mut c_char, Error> {
    CString::new(text)
        .map(CString::into_raw)
        .map_err(|_| Error::new(XoriginStatus::Panic, "a result held a NUL byte"))
}

/// This library's version (`"0.1.0"`), a static string: never free it.
#[unsafe(no_mangle)]
pub extern "C" fn xorigin_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// The message of the last error on the calling thread, or `""` when the
/// last call succeeded. Never `NULL`. The string belongs to the library and
/// stays valid until the next call into the library on this thread; copy it
/// to keep it.
#[unsafe(no_mangle)]
pub extern "C" fn xorigin_last_error_message() -> *const c_char {
    LAST_ERROR
        .try_with(|slot| match slot.try_borrow() {
            Ok(slot) => slot.as_ref().map(|m| m.as_ptr()),
            Err(_) => None,
        })
        .ok()
        .flatten()
        .unwrap_or(c"".as_ptr())
}

/// Frees a string this library returned through a `char **` out-parameter.
/// `NULL` is ignored. Free each string once, with this function only.
///
/// # Safety
///
/// `s` is `NULL` or a pointer this library returned and not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn xorigin_string_free(s: *mut c_char) {
    if s.is_null() {
        return;
    }
    // SAFETY: the caller guarantees `s` came from `CString::into_raw` in
    // `owned_string` and was not freed before; `from_raw` takes it back once.
    drop(unsafe { CString::from_raw(s) });
}

/// `xorigin simulate --json`: runs `scenario_json` (the scenario format of
/// `spec-fixtures/`) and sets `*out_json` to the scenario with every fetch's
/// `expect` filled in (compact JSON; the same value the command line
/// prints). `browser` (`chromium`, `firefox`, `webkit`, `spec`) may be
/// `NULL`: the scenario's own `browser`, else the standard.
///
/// On success the caller owns `*out_json` (free it with
/// [`xorigin_string_free`]); on error `*out_json` is `NULL`.
///
/// # Safety
///
/// String arguments are `NULL` or NUL-terminated; `out_json` is `NULL` or
/// valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn xorigin_simulate(
    scenario_json: *const c_char,
    browser: *const c_char,
    out_json: *mut *mut c_char,
) -> XoriginStatus {
    guard(|| {
        let out = out_arg(out_json, "out_json")?;
        // SAFETY: `out` is the caller's `char *` variable.
        unsafe { write_out(out, std::ptr::null_mut()) };
        // SAFETY: the header's contract for `const char *` arguments.
        let scenario = unsafe { str_arg(scenario_json, "scenario_json") }?;
        // SAFETY: as above.
        let browser = unsafe { opt_str_arg(browser, "browser") }?
            .map(xorigin::json::browser_name)
            .transpose()?;
        let value = xorigin::json::simulate(scenario, browser)?;
        let text = owned_string(value.to_string())?;
        // SAFETY: as above.
        unsafe { write_out(out, text) };
        Ok(())
    })
}

/// `xorigin check --json`: one request from a page against the server's
/// answers. `input_json` is one object (`url` and `origin` required;
/// `method`, `headers`, `body`, `mode`, `credentials`, `redirect`,
/// `referrer_policy`, `destination`, `crossorigin`, `page_headers`,
/// `client_address_space`, `target_address_space`, `server` or
/// `preflight`/`response`, `browser`; see the README). Sets `*out_json` to
/// the report the command line prints (compact JSON).
///
/// On success the caller owns `*out_json` (free it with
/// [`xorigin_string_free`]); on error `*out_json` is `NULL`.
///
/// # Safety
///
/// As [`xorigin_simulate`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn xorigin_check(
    input_json: *const c_char,
    out_json: *mut *mut c_char,
) -> XoriginStatus {
    guard(|| {
        let out = out_arg(out_json, "out_json")?;
        // SAFETY: `out` is the caller's `char *` variable.
        unsafe { write_out(out, std::ptr::null_mut()) };
        // SAFETY: the header's contract for `const char *` arguments.
        let input = unsafe { str_arg(input_json, "input_json") }?;
        let value = xorigin::json::check(input)?;
        let text = owned_string(value.to_string())?;
        // SAFETY: as above.
        unsafe { write_out(out, text) };
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn last_error() -> String {
        // SAFETY: the library's own string, read before the next call.
        unsafe { CStr::from_ptr(xorigin_last_error_message()) }
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn a_panic_is_caught_and_becomes_a_status_and_a_message() {
        let status = guard(|| panic!("boom"));
        assert_eq!(status, XoriginStatus::Panic);
        assert!(last_error().contains("boom"), "{}", last_error());
        // The next call clears it.
        assert_eq!(guard(|| Ok(())), XoriginStatus::Ok);
        assert_eq!(last_error(), "");
    }

    #[test]
    fn a_message_with_nul_is_kept_escaped() {
        let status = guard(|| Err(Error::new(XoriginStatus::InvalidJson, "a\0b")));
        assert_eq!(status, XoriginStatus::InvalidJson);
        assert_eq!(last_error(), "a\\0b");
    }
}
