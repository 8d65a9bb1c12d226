//! Local Network Access for `check` and `probe`: the page's IP address space
//! and each connection's, and the traced fetch that applies the check (only
//! profiles that enforce it, Chromium's, block anything).
//! <https://wicg.github.io/local-network-access/>

use std::net::{IpAddr, ToSocketAddrs};

use url::{Host, Url};
use xorigin::browser::Profile;
use xorigin::explain::Trace;
use xorigin::fetch::preflight_cache::PreflightCache;
use xorigin::fetch::{Exchange, FetchController, OutgoingRequest, run_fetch_with_address_spaces};
use xorigin::http::request::Request;
use xorigin::http::response::{NetworkFailure, NetworkResponse};
use xorigin::policy::local_network_access::{
    IpAddressSpace, LocalNetworkClient, LocalNetworkPermission,
};

/// How a request's connection's address space is known.
#[derive(Clone, Copy, Debug)]
pub enum TargetSpace {
    /// `check --target-address-space`: every cross-origin connection.
    Given(IpAddressSpace),
    /// From the URL's host: an IP literal's space, `localhost` loopback,
    /// else public (`check` when only `--client-address-space` is given).
    FromHost,
    /// `probe`: the first address the host resolves to, the one the client
    /// connects to first.
    Resolve,
}

/// The Local Network Access inputs of one run.
#[derive(Clone, Copy, Debug)]
pub struct LocalNetwork {
    /// The page.
    pub client: LocalNetworkClient,
    /// The page's own host and port (always in the page's space).
    pub target: TargetSpace,
}

pub fn parse_space(s: &str) -> Result<IpAddressSpace, String> {
    IpAddressSpace::from_token(s).map_err(|e| e.to_string())
}

/// The space of an IP literal or `localhost` host; `None` for a name.
fn literal_space(url: &Url) -> Option<IpAddressSpace> {
    match url.host()? {
        Host::Ipv4(a) => Some(IpAddressSpace::of_address(IpAddr::V4(a))),
        Host::Ipv6(a) => Some(IpAddressSpace::of_address(IpAddr::V6(a))),
        Host::Domain(d) => {
            (d == "localhost" || d.ends_with(".localhost")).then_some(IpAddressSpace::Loopback)
        }
    }
}

/// The page's address space when not given: its host's, else public.
pub fn client_space(origin_url: Option<&Url>) -> IpAddressSpace {
    origin_url
        .and_then(literal_space)
        .unwrap_or(IpAddressSpace::Public)
}

impl LocalNetwork {
    pub fn new(space: IpAddressSpace, secure_context: bool, target: TargetSpace) -> LocalNetwork {
        LocalNetwork {
            client: LocalNetworkClient {
                address_space: space,
                secure_context,
                // What a browser without a user's answer (headless) gives.
                permission: LocalNetworkPermission::default(),
            },
            target,
        }
    }

    /// The address space the connection for `url` reaches.
    fn space_of(&self, url: &Url, page: Option<&Url>) -> Option<IpAddressSpace> {
        if page.is_some_and(|p| p.origin() == url.origin()) {
            return Some(self.client.address_space);
        }
        Some(match self.target {
            TargetSpace::Given(space) => space,
            TargetSpace::FromHost => literal_space(url).unwrap_or(IpAddressSpace::Public),
            TargetSpace::Resolve => literal_space(url).unwrap_or_else(|| {
                let first = url
                    .socket_addrs(|| None)
                    .ok()
                    .and_then(|a| a.into_iter().next())
                    .or_else(|| {
                        (url.host_str()?, url.port_or_known_default()?)
                            .to_socket_addrs()
                            .ok()?
                            .next()
                    });
                first.map_or(IpAddressSpace::Public, |a| {
                    IpAddressSpace::of_address(a.ip())
                })
            }),
        })
    }
}

/// [`xorigin::fetch::trace_fetch`] with the Local Network Access check.
pub fn trace_fetch(
    request: Request,
    profile: &Profile,
    local: &LocalNetwork,
    page: Option<&Url>,
    mut respond: impl FnMut(&OutgoingRequest) -> Result<NetworkResponse, NetworkFailure>,
) -> Trace {
    let partition = request.origin.ascii_serialization().to_owned();
    let controller =
        FetchController::new(request, profile, partition).with_local_network_client(local.client);
    let mut cache = PreflightCache::new(profile.preflight_cache.capacity);
    let mut answers = Vec::new();
    let (outcome, sent) = run_fetch_with_address_spaces(
        controller,
        &mut cache,
        std::time::Duration::ZERO,
        |r| local.space_of(&r.url, page),
        |r| {
            let answer = respond(r);
            answers.push(answer.clone());
            answer
        },
    );
    Trace {
        outcome,
        exchanges: sent
            .into_iter()
            .zip(answers)
            .map(|(request, response)| Exchange { request, response })
            .collect(),
    }
}
