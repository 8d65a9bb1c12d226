//! `reqwest` as the inner client of [`BrowserLayer`](super::tower::BrowserLayer)
//! (feature `reqwest`): [`ReqwestClient`] is a `tower::Service` over
//! `http::Request`s, and [`browser_client`] wraps it for a page.
//!
//! reqwest's default client follows redirects; the layer must see every hop
//! (each gets its own CORS check), so [`ReqwestClient::new`] builds one that
//! does not. TLS is whatever your own `reqwest` dependency enables (Cargo
//! unifies the features).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::tower::{BrowserLayer, BrowserService};
use super::{Browser, Page};

/// A `reqwest::Client` that does not follow redirects, as a
/// `tower::Service<http::Request<B>>`.
#[derive(Clone, Debug)]
pub struct ReqwestClient {
    client: reqwest::Client,
}

impl ReqwestClient {
    /// A default client with redirects off.
    pub fn new() -> Result<ReqwestClient, reqwest::Error> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(ReqwestClient { client })
    }

    /// Your own client: build it with `.redirect(Policy::none())`, or the
    /// layer sees only the last hop and judges it as the first.
    pub fn from_client(client: reqwest::Client) -> ReqwestClient {
        ReqwestClient { client }
    }
}

impl<B: Into<reqwest::Body>> tower_service::Service<http::Request<B>> for ReqwestClient {
    type Response = http::Response<reqwest::Body>;
    type Error = reqwest::Error;
    type Future =
        Pin<Box<dyn Future<Output = Result<http::Response<reqwest::Body>, reqwest::Error>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), reqwest::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let client = self.client.clone();
        let request = reqwest::Request::try_from(request);
        Box::pin(async move {
            let response = client.execute(request?).await?;
            Ok(http::Response::from(response))
        })
    }
}

/// A reqwest client (redirects off) that fetches as `page` in `browser`
/// would: see [`BrowserLayer`].
pub fn browser_client(
    browser: Browser,
    page: Page,
) -> Result<BrowserService<ReqwestClient>, reqwest::Error> {
    use tower_layer::Layer;
    Ok(BrowserLayer::new(browser, page).layer(ReqwestClient::new()?))
}
