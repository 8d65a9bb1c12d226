//! xorigin predicts, exactly, what a browser's same-origin policy and CORS
//! machinery do with a request.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod browser;
pub mod explain;
pub mod fetch;
pub mod html;
pub mod http;
pub mod mime;
pub mod origin;
pub mod policy;
pub mod scenario;
