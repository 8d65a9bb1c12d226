//! Policies beyond CORS that decide whether a request may go out or a
//! response may reach the page. Each is a pure check that main fetch or
//! HTTP fetch ([`crate::fetch`], the floor above) calls at its step.
//!
//! | module | standard | called from |
//! |---|---|---|
//! | [`coep`] | HTML "Cross-Origin-Embedder-Policy" | the page's policy container |
//! | [`corp`] | Fetch "Cross-Origin-Resource-Policy check" | HTTP fetch |
//! | [`mixed_content`] | Mixed Content Level 2 | main fetch |
//! | [`local_network_access`] | WICG Local Network Access | each connection |
//! | [`orb`] | Opaque-response blocking (annevk/orb, whatwg/fetch#1755) | main fetch |
//! | [`mime_blocking`] | Fetch "should response to request be blocked due to its MIME type / nosniff", HTML element checks | main fetch |

pub mod coep;
pub mod corp;
pub mod local_network_access;
pub mod mime_blocking;
pub mod mixed_content;
pub mod orb;
