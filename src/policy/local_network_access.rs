//! Local Network Access (the successor of Private Network Access): a page may
//! not reach a server in a less public IP address space (a router at
//! `192.168.0.1`, a daemon on `127.0.0.1`) without the user's permission, and
//! never from a non-secure context.
//! <https://wicg.github.io/local-network-access/>
//!
//! The IP address space of a response is a property of the remote address
//! the connection reached, which only the driver knows: it hands the engine
//! that address space with each connection
//! ([`crate::fetch::FetchController::handle_connection`]). The client's
//! address space comes from its policy container (the address space of the
//! response that delivered the page).
//!
//! No standard the `spec` profile follows (Fetch) contains these checks; only
//! profiles whose [`LocalNetworkAccessRules::enforced`] is set apply them.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use serde::{Deserialize, Serialize};
use url::Url;

pub use crate::browser::LocalNetworkAccessRules;
use crate::http::request::Mode;
use crate::origin::{Origin, is_potentially_trustworthy_url};

/// An IP address space, from the least public to the most public (the
/// derived order: `Loopback < Local < Public`).
/// <https://wicg.github.io/local-network-access/#ip-address-space-section>
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IpAddressSpace {
    /// The host itself (`127.0.0.0/8`, `::1`); PNA called it `local`.
    Loopback,
    /// The local network (RFC 1918, link-local, unique-local, CGNAT); PNA
    /// called it `private` (accepted as an alias).
    #[serde(alias = "private")]
    Local,
    /// Everything else.
    Public,
}

/// A token that is not an IP address space name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownAddressSpace {
    /// The token.
    pub token: String,
}

impl std::fmt::Display for UnknownAddressSpace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:?} is not an IP address space (public, local, loopback, or private for local)",
            self.token
        )
    }
}

impl std::error::Error for UnknownAddressSpace {}

impl IpAddressSpace {
    /// The space's name as the LNA specification and Chromium's console
    /// write it.
    pub fn as_str(self) -> &'static str {
        match self {
            IpAddressSpace::Loopback => "loopback",
            IpAddressSpace::Local => "local",
            IpAddressSpace::Public => "public",
        }
    }

    /// Parses `public`, `local` or `loopback`; `private` is accepted as the
    /// PNA name of `local`, as Chromium's `--ip-address-space-overrides`
    /// parser accepts it.
    pub fn from_token(token: &str) -> Result<IpAddressSpace, UnknownAddressSpace> {
        match token {
            "public" => Ok(IpAddressSpace::Public),
            "local" | "private" => Ok(IpAddressSpace::Local),
            "loopback" => Ok(IpAddressSpace::Loopback),
            _ => Err(UnknownAddressSpace {
                token: token.to_owned(),
            }),
        }
    }

    /// The IP address space of an IP address: the first row of the
    /// specification's non-public table that contains it, else `public`.
    /// IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) are classified by their
    /// IPv4 address, as the specification's table lists them.
    /// <https://wicg.github.io/local-network-access/#ip-address-space-section>
    pub fn of_address(address: IpAddr) -> IpAddressSpace {
        match address {
            IpAddr::V4(v4) => space_of_v4(v4),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => space_of_v4(v4),
                None => space_of_v6(v6),
            },
        }
    }
}

/// One row of a non-public address table: prefix, prefix length, space.
type Row<A> = (A, u8, IpAddressSpace);

/// The IPv4 rows of the non-public table, first match wins (`0.0.0.0/32`
/// before `0.0.0.0/8`).
const IPV4_TABLE: [Row<[u8; 4]>; 8] = [
    ([127, 0, 0, 0], 8, IpAddressSpace::Loopback), // RFC 1122 loopback
    ([10, 0, 0, 0], 8, IpAddressSpace::Local),     // RFC 1918 private use
    ([172, 16, 0, 0], 12, IpAddressSpace::Local),  // RFC 1918
    ([192, 168, 0, 0], 16, IpAddressSpace::Local), // RFC 1918
    ([169, 254, 0, 0], 16, IpAddressSpace::Local), // RFC 3927 link-local
    ([100, 64, 0, 0], 10, IpAddressSpace::Local),  // RFC 6598 carrier-grade NAT
    ([0, 0, 0, 0], 32, IpAddressSpace::Loopback),  // "this host on this network"
    ([0, 0, 0, 0], 8, IpAddressSpace::Local),      // RFC 5735 "this network"
];

/// The IPv6 rows of the non-public table, first match wins.
const IPV6_TABLE: [Row<u128>; 7] = [
    (1, 128, IpAddressSpace::Loopback),             // ::1, RFC 4291
    (0, 128, IpAddressSpace::Loopback),             // ::, the unspecified address
    (0xfc00 << 112, 7, IpAddressSpace::Local),      // fc00::/7 unique-local, RFC 4193
    (0xfe80 << 112, 10, IpAddressSpace::Local),     // fe80::/10 link-local, RFC 4291
    (0xfec0 << 112, 10, IpAddressSpace::Local),     // fec0::/10 site-local, RFC 3513
    (0x2001_0db8 << 96, 32, IpAddressSpace::Local), // 2001:db8::/32 documentation, RFC 3849
    (0x3fff << 112, 20, IpAddressSpace::Local),     // 3fff::/20 documentation, RFC 9637
];

fn space_of_v4(address: Ipv4Addr) -> IpAddressSpace {
    let bits = u32::from(address);
    IPV4_TABLE
        .iter()
        .find(|(prefix, len, _)| {
            let mask = u32::MAX.checked_shl(32 - u32::from(*len)).unwrap_or(0);
            bits & mask == u32::from_be_bytes(*prefix) & mask
        })
        .map_or(IpAddressSpace::Public, |(_, _, space)| *space)
}

fn space_of_v6(address: Ipv6Addr) -> IpAddressSpace {
    let bits = u128::from(address);
    IPV6_TABLE
        .iter()
        .find(|(prefix, len, _)| {
            let mask = u128::MAX.checked_shl(128 - u32::from(*len)).unwrap_or(0);
            bits & mask == prefix & mask
        })
        .map_or(IpAddressSpace::Public, |(_, _, space)| *space)
}

/// The user's answer to the local network access permission prompt.
/// <https://wicg.github.io/local-network-access/#permissions>
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LocalNetworkPermission {
    /// Not granted: the prompt was denied or dismissed, or no one can answer
    /// it (headless Chromium under automation denies it).
    #[default]
    Denied,
    /// Granted for the page's origin.
    Granted,
}

/// What the check needs to know about the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalNetworkClient {
    /// The IP address space of the page's policy container.
    pub address_space: IpAddressSpace,
    /// Whether the page is a secure context.
    pub secure_context: bool,
    /// The permission's state for the page.
    pub permission: LocalNetworkPermission,
}

/// Why a local network request was blocked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LocalNetworkBlock {
    /// The page is not a secure context: local network requests are never
    /// allowed from it.
    NonSecureContext,
    /// The permission was not granted.
    PermissionDenied,
}

/// A blocked local network request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LocalNetworkAccessBlocked {
    /// The page's address space.
    pub client_space: IpAddressSpace,
    /// The address space the connection reached.
    pub resource_space: IpAddressSpace,
    /// Why.
    pub why: LocalNetworkBlock,
}

/// Whether a request from a page in `client` space to a server in
/// `resource` space is a local network request: the resource's space is less
/// public than the client's (with `loopback_same_as_local`, `local` and
/// `loopback` compare equal).
/// <https://wicg.github.io/local-network-access/#local-network-request>
pub fn is_local_network_request(
    rules: &LocalNetworkAccessRules,
    client: IpAddressSpace,
    resource: IpAddressSpace,
) -> bool {
    let collapse = |s: IpAddressSpace| {
        if rules.loopback_same_as_local && s == IpAddressSpace::Loopback {
            IpAddressSpace::Local
        } else {
            s
        }
    };
    collapse(resource) < collapse(client)
}

/// The Local Network Access check for one connection: `request_origin`
/// fetched `url` (mode `mode`) and the connection reached `resource_space`
/// (`None`: unknown, e.g. through a proxy, which counts as public).
///
/// Navigations are not checked (Chromium: main-frame navigations are out of
/// scope); a potentially trustworthy same-origin URL is allowed (Chromium's
/// `kAllowedPotentiallyTrustworthySameOrigin`). Then, for a local network
/// request: a non-secure page is blocked, a secure one needs the permission.
/// <https://wicg.github.io/local-network-access/#check-local-network-access>
pub fn local_network_access_check(
    rules: &LocalNetworkAccessRules,
    client: &LocalNetworkClient,
    request_origin: &Origin,
    url: &Url,
    mode: Mode,
    resource_space: Option<IpAddressSpace>,
) -> Result<(), LocalNetworkAccessBlocked> {
    if !rules.enforced || mode == Mode::Navigate {
        return Ok(());
    }
    if is_potentially_trustworthy_url(url) && request_origin.same_origin_with_url(url) {
        return Ok(());
    }
    let resource = resource_space.unwrap_or(IpAddressSpace::Public);
    if !is_local_network_request(rules, client.address_space, resource) {
        return Ok(());
    }
    let blocked = |why| LocalNetworkAccessBlocked {
        client_space: client.address_space,
        resource_space: resource,
        why,
    };
    if !client.secure_context {
        return Err(blocked(LocalNetworkBlock::NonSecureContext));
    }
    match client.permission {
        LocalNetworkPermission::Granted => Ok(()),
        LocalNetworkPermission::Denied => Err(blocked(LocalNetworkBlock::PermissionDenied)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use IpAddressSpace::{Local, Loopback, Public};
    use proptest::prelude::*;

    #[test]
    fn unknown_token_is_named() {
        let error = IpAddressSpace::from_token("intranet").err();
        assert_eq!(
            error.map(|e| e.to_string()).as_deref(),
            Some(
                "\"intranet\" is not an IP address space (public, local, loopback, or private for local)"
            )
        );
    }

    #[test]
    fn address_table() {
        let cases: &[(&str, IpAddressSpace)] = &[
            ("127.0.0.1", Loopback),
            ("127.255.255.255", Loopback),
            ("126.255.255.255", Public),
            ("128.0.0.0", Public),
            ("10.0.0.0", Local),
            ("10.255.255.255", Local),
            ("11.0.0.0", Public),
            ("172.15.255.255", Public),
            ("172.16.0.0", Local),
            ("172.31.255.255", Local),
            ("172.32.0.0", Public),
            ("192.168.0.1", Local),
            ("192.169.0.1", Public),
            ("169.254.169.254", Local),
            ("169.255.0.0", Public),
            ("100.63.255.255", Public),
            ("100.64.0.0", Local),
            ("100.127.255.255", Local),
            ("100.128.0.0", Public),
            ("0.0.0.0", Loopback),
            ("0.0.0.1", Local),
            ("0.255.255.255", Local),
            ("1.1.1.1", Public),
            ("8.8.8.8", Public),
            ("255.255.255.255", Public),
            ("::1", Loopback),
            ("::", Loopback),
            ("::2", Public),
            ("fc00::", Local),
            ("fd7a:115c:a1e0::1", Local),
            ("fbff:ffff::", Public),
            ("fe80::1", Local),
            ("febf:ffff::", Local),
            ("fec0::1", Local),
            ("feff::1", Local),
            ("ff02::1", Public),
            ("2001:db8::1", Local),
            ("2001:db9::1", Public),
            ("3fff::1", Local),
            ("3fff:0fff::1", Local),
            ("3fff:1000::1", Public),
            ("2606:4700::1111", Public),
            ("::ffff:192.168.1.1", Local),
            ("::ffff:127.0.0.1", Loopback),
            ("::ffff:8.8.8.8", Public),
        ];
        for (text, expected) in cases {
            let address: IpAddr = text.parse().expect("test address");
            assert_eq!(IpAddressSpace::of_address(address), *expected, "{text}");
        }
    }

    #[test]
    fn tokens() {
        assert_eq!(IpAddressSpace::from_token("public"), Ok(Public));
        assert_eq!(IpAddressSpace::from_token("local"), Ok(Local));
        assert_eq!(IpAddressSpace::from_token("private"), Ok(Local));
        assert_eq!(IpAddressSpace::from_token("loopback"), Ok(Loopback));
        assert!(IpAddressSpace::from_token("Public").is_err());
        assert!(IpAddressSpace::from_token("").is_err());
        for s in [Public, Local, Loopback] {
            assert_eq!(IpAddressSpace::from_token(s.as_str()), Ok(s));
        }
    }

    const CHROMIUM: LocalNetworkAccessRules = LocalNetworkAccessRules {
        enforced: true,
        loopback_same_as_local: true,
    };
    const SPEC_LNA: LocalNetworkAccessRules = LocalNetworkAccessRules {
        enforced: true,
        loopback_same_as_local: false,
    };

    #[test]
    fn local_network_request_table() {
        // (client, resource, Chromium's answer, the LNA specification's)
        let cases = [
            (Public, Public, false, false),
            (Public, Local, true, true),
            (Public, Loopback, true, true),
            (Local, Public, false, false),
            (Local, Local, false, false),
            (Local, Loopback, false, true),
            (Loopback, Public, false, false),
            (Loopback, Local, false, false),
            (Loopback, Loopback, false, false),
        ];
        for (client, resource, chromium, spec) in cases {
            assert_eq!(
                is_local_network_request(&CHROMIUM, client, resource),
                chromium,
                "{client:?} -> {resource:?}"
            );
            assert_eq!(
                is_local_network_request(&SPEC_LNA, client, resource),
                spec,
                "{client:?} -> {resource:?}"
            );
        }
    }

    #[test]
    fn check_table() {
        let page = Origin::parse_serialized("https://app.a.test").expect("origin");
        let http_page = Origin::parse_serialized("http://app.a.test").expect("origin");
        let url = |u: &str| Url::parse(u).expect("url");
        let client = |space, secure, permission| LocalNetworkClient {
            address_space: space,
            secure_context: secure,
            permission,
        };
        use LocalNetworkPermission::{Denied, Granted};
        let target = url("https://api.b.test:8443/x");
        // Secure public page, denied permission: blocked.
        assert_eq!(
            local_network_access_check(
                &CHROMIUM,
                &client(Public, true, Denied),
                &page,
                &target,
                Mode::Cors,
                Some(Local)
            ),
            Err(LocalNetworkAccessBlocked {
                client_space: Public,
                resource_space: Local,
                why: LocalNetworkBlock::PermissionDenied
            })
        );
        // Granted: allowed.
        assert_eq!(
            local_network_access_check(
                &CHROMIUM,
                &client(Public, true, Granted),
                &page,
                &target,
                Mode::Cors,
                Some(Loopback)
            ),
            Ok(())
        );
        // Non-secure page: blocked even with the permission.
        assert_eq!(
            local_network_access_check(
                &CHROMIUM,
                &client(Public, false, Granted),
                &http_page,
                &url("http://api.b.test:8080/x"),
                Mode::NoCors,
                Some(Loopback)
            )
            .map_err(|b| b.why),
            Err(LocalNetworkBlock::NonSecureContext)
        );
        // Navigations, unknown spaces, same-origin trustworthy URLs and
        // profiles without LNA: never blocked.
        let denied = client(Public, true, Denied);
        assert_eq!(
            local_network_access_check(
                &CHROMIUM,
                &denied,
                &page,
                &target,
                Mode::Navigate,
                Some(Local)
            ),
            Ok(())
        );
        assert_eq!(
            local_network_access_check(&CHROMIUM, &denied, &page, &target, Mode::Cors, None),
            Ok(())
        );
        assert_eq!(
            local_network_access_check(
                &CHROMIUM,
                &denied,
                &page,
                &url("https://app.a.test/x"),
                Mode::Cors,
                Some(Local)
            ),
            Ok(())
        );
        assert_eq!(
            local_network_access_check(
                &LocalNetworkAccessRules::NOT_ENFORCED,
                &denied,
                &page,
                &target,
                Mode::Cors,
                Some(Loopback)
            ),
            Ok(())
        );
    }

    fn space() -> impl Strategy<Value = IpAddressSpace> {
        prop_oneof![Just(Public), Just(Local), Just(Loopback)]
    }

    proptest! {
        /// A request to the same or a more public space is never blocked,
        /// whatever the rules, permission, context or mode.
        #[test]
        fn same_or_more_public_never_blocked(
            client_space in space(),
            resource in space(),
            secure in any::<bool>(),
            granted in any::<bool>(),
            collapse in any::<bool>(),
            no_cors in any::<bool>(),
        ) {
            prop_assume!(resource >= client_space);
            let rules = LocalNetworkAccessRules { enforced: true, loopback_same_as_local: collapse };
            let client = LocalNetworkClient {
                address_space: client_space,
                secure_context: secure,
                permission: if granted { LocalNetworkPermission::Granted } else { LocalNetworkPermission::Denied },
            };
            let page = Origin::parse_serialized(if secure { "https://app.a.test" } else { "http://app.a.test" }).expect("origin");
            let url = Url::parse("http://api.b.test:8080/x").expect("url");
            let mode = if no_cors { Mode::NoCors } else { Mode::Cors };
            prop_assert_eq!(local_network_access_check(&rules, &client, &page, &url, mode, Some(resource)), Ok(()));
        }

        /// Every address gets a space, and the space of an IPv4-mapped
        /// IPv6 address is that of its IPv4 address.
        #[test]
        fn mapped_addresses_agree(bits in any::<u32>()) {
            let v4 = Ipv4Addr::from(bits);
            prop_assert_eq!(
                IpAddressSpace::of_address(IpAddr::V4(v4)),
                IpAddressSpace::of_address(IpAddr::V6(v4.to_ipv6_mapped()))
            );
        }
    }
}
