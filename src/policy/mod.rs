//! Policies beyond CORS that decide whether a response reaches the page:
//! the page's embedder policy and the Cross-Origin-Resource-Policy check.

pub mod coep;
pub mod corp;
pub mod local_network_access;
pub mod mime_blocking;
pub mod mixed_content;
pub mod orb;
