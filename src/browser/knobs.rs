//! The knobs of a [`Profile`](super::Profile), grouped by the part of the
//! standards they change: request headers, the CORS preflight, the preflight
//! cache, Fetch Metadata, redirects, element loads, ORB and Local Network
//! Access. Each group is plain `Copy` data; the profiles themselves are
//! constants in the parent module.

/// Which request headers a browser safelists, forbids and sets, where it
/// departs from the standard.
/// <https://fetch.spec.whatwg.org/#cors-safelisted-request-header>,
/// <https://fetch.spec.whatwg.org/#forbidden-request-header>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestHeaderRules {
    /// Request headers the browser treats as CORS-safelisted beyond the
    /// standard's list: lowercase name and value rule.
    pub extra_safelisted: &'static [(&'static str, ExtraSafelistRule)],
    /// Request-header names the browser drops from `fetch()` beyond the
    /// standard's forbidden request-headers (lowercase).
    pub extra_forbidden_names: &'static [&'static str],
    /// Whether CORS-safelisting looks at each header of a name apart (the
    /// standard) or at the name's combined value (`a, b`).
    pub safelisting_sees_combined_values: bool,
    /// Whether CORS-safelisted request headers whose values total more than
    /// 1024 bytes become CORS-unsafe (the standard) or each header is judged
    /// alone.
    /// <https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names>
    pub safelisted_values_size_limited: bool,
    /// Whether the `Origin` of a non-CORS, non-GET request becomes `null`
    /// under the referrer policies the standard lists.
    /// <https://fetch.spec.whatwg.org/#append-a-request-origin-header>
    pub origin_header_follows_referrer_policy: bool,
    /// Whether only one `Content-Type` value of the request's header list
    /// goes on the wire: the first when the request has a body and is not
    /// redirected (Firefox passes it with the upload stream), else the last
    /// (each header set replaces the one before; a redirect's new channel
    /// copies headers only). The standard sends every value, combined.
    pub only_one_content_type_sent: bool,
    /// The destinations (`Sec-Fetch-Dest` tokens: `image`, `script`, ...)
    /// whose same-origin `GET`/`HEAD` request in mode `cors` (an element with
    /// `crossorigin`, a module script) still carries `Origin`. The standard:
    /// none, a same-origin request's response tainting is "basic".
    /// <https://fetch.spec.whatwg.org/#append-a-request-origin-header>
    pub origin_on_same_origin_cors_destinations: &'static [&'static str],
}

/// Which ports a browser refuses to connect to, where it departs from the
/// standard's bad-port list. <https://fetch.spec.whatwg.org/#port-blocking>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PortRules {
    /// Ports on the standard's bad-port list that the browser lets through
    /// (it connects to them).
    pub bad_ports_allowed: &'static [u16],
}

/// How the cross-origin resource policy check reads
/// `Cross-Origin-Resource-Policy`, where a browser departs from the standard.
/// <https://fetch.spec.whatwg.org/#cross-origin-resource-policy-internal-check>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CorpRules {
    /// The policy an embedder policy implies (`same-origin` under
    /// `require-corp`, and under `credentialless` for a credentialed request)
    /// applies only when the response has no `Cross-Origin-Resource-Policy`
    /// value or an empty one; any other value that is not exactly
    /// `same-origin`, `same-site` or `cross-origin` (`bogus`, `same-origin;`,
    /// `Same-Origin`, two lines combined) lets the response through. The
    /// standard turns such a value into null, which the embedder policy then
    /// replaces (internal check steps 6 and 7).
    pub embedder_policy_implies_only_when_absent: bool,
}

/// How a browser makes and checks a CORS-preflight request, where it departs
/// from the standard. <https://fetch.spec.whatwg.org/#cors-preflight-fetch>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PreflightRules {
    /// Whether `Access-Control-Allow-Headers: *` also covers `Authorization`
    /// (the standard: never; a "CORS non-wildcard request-header name").
    pub wildcard_allow_headers_covers_authorization: bool,
    /// Whether a preflight response's status is checked before its CORS check
    /// (changes only which failure is reported).
    pub status_checked_first: bool,
    /// Whether the header a preflight response fails to allow is the first
    /// in the request's header-list order (the standard: the sorted
    /// CORS-unsafe request-header names). Changes only which name is reported.
    /// Chromium's real order is that of blink's `HTTPHeaderMap`, a hash table
    /// keyed by the case-folded name, which is neither; the request's order
    /// is an approximation (a 2,000-scenario campaign found it naming
    /// `range` where Chromium named `x-other`).
    pub disallowed_header_reported_in_request_order: bool,
    /// Whether `Access-Control-Request-Headers` names each unsafe header name
    /// once (the standard's sorted set) or once per header of that name.
    pub request_header_names_deduplicated: bool,
    /// Whether a CORS-preflight request made after a redirect tainted the
    /// request's origin still carries the client's origin in `Origin`, and the
    /// preflight cache is keyed by that origin (the standard: `null` for
    /// both).
    pub origin_ignores_redirect_taint: bool,
    /// Whether a fetch that needed a preflight once keeps needing one after
    /// a redirect, and which names its later preflights list.
    pub after_redirect: PreflightAfterRedirect,
}

/// When a browser sends the `Sec-Fetch-*` request headers, where it departs
/// from the standard. <https://w3c.github.io/webappsec-fetch-metadata/>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FetchMetadataRules {
    /// Which URL decides whether Fetch Metadata headers are sent: the
    /// request's first URL (the standard) or its current URL.
    pub checks_current_url: bool,
    /// Whether a CORS-preflight request's `Sec-Fetch-Site` looks only at its
    /// own URL (not the redirect chain before it).
    pub preflight_site_checks_own_url_only: bool,
    /// Whether a CORS-preflight request to a URL that is not potentially
    /// trustworthy (`http:`) still carries `Sec-Fetch-Mode: cors` (and no
    /// other Fetch Metadata header); the standard sends none there.
    pub preflight_mode_on_non_trustworthy_url: bool,
    /// Whether a CORS-preflight request carries Fetch Metadata only when
    /// the request's first URL is potentially trustworthy as well as the
    /// URL the profile checks (a preflight after a redirect from `http:` to
    /// `https:` then carries none).
    pub preflight_needs_trustworthy_first_url: bool,
}

/// What a browser does to a request's headers when a redirect takes it to
/// another origin, where it departs from the standard.
/// <https://fetch.spec.whatwg.org/#http-redirect-fetch>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RedirectRules {
    /// Whether `Authorization` survives a redirect to another origin (the
    /// standard removes it: HTTP-redirect fetch step 13).
    pub authorization_kept_cross_origin: bool,
    /// Whether a CORS request (not its preflight) loses its Fetch Metadata
    /// headers once a redirect has taken it to another origin.
    pub fetch_metadata_removed_cross_origin: bool,
    /// Whether a `DELETE` whose redirect (any redirect status, 307 and 308
    /// too) goes to another origin than the URL redirected from continues
    /// as `GET` without its body (its headers, `Content-Type` included,
    /// stay). The standard rewrites only `POST` on 301/302 and every method
    /// but `GET`/`HEAD` on 303 (HTTP-redirect fetch step 12).
    pub delete_becomes_get_cross_origin: bool,
    /// The request headers (lower-case names) a redirect removes when the
    /// location URL's origin is not the request's origin (the page's): the
    /// client hints Chromium safelists for script. Empty in the standard,
    /// which keeps every header but those it names.
    pub client_hints_removed_unless_page_origin: &'static [&'static str],
}

/// How a browser requests and accepts the element loads xorigin models
/// (`<img>`, `<link rel=stylesheet>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ElementLoadRules {
    /// The `Accept` value of an `<img>` load (the standard's "should" value
    /// for destination "image").
    /// <https://fetch.spec.whatwg.org/#fetching>
    pub accept_image: &'static str,
    /// The `Accept` value of a `<link rel=stylesheet>` load.
    pub accept_style: &'static str,
    /// Whether a stylesheet whose Content-Type is not `text/css` still fires
    /// `load` (the sheet is just not applied); HTML says `error`.
    /// <https://html.spec.whatwg.org/multipage/links.html#link-type-stylesheet>
    pub non_css_stylesheet_fires_load: bool,
    /// Whether a stylesheet with no valid MIME type (no or a malformed
    /// `Content-Type`) is used as if it were `text/css`.
    pub untyped_stylesheet_loads: bool,
    /// Whether such an untyped stylesheet is first sniffed (Gecko): an image,
    /// audio or video body fails as that type; after a redirect every body
    /// is typed by MIME Sniffing's rules for an unknown type (HTML, XML, PDF,
    /// ..., else `text/plain` or `application/octet-stream`) and fails; any
    /// other body is used as the previous knob says.
    /// <https://mimesniff.spec.whatwg.org/#rules-for-identifying-an-unknown-mime-type>
    pub untyped_stylesheet_sniffed: bool,
    /// Whether an SVG image (`image/svg+xml`) answered with a status that
    /// is not ok fires `error`; HTML decodes the data whatever the status
    /// (a raster image answered 404 or 500 loads in every browser).
    /// <https://html.spec.whatwg.org/multipage/images.html#update-the-image-data>
    pub svg_image_needs_ok_status: bool,
}

/// What a browser does with an `Access-Control-Max-Age` value that does not
/// parse as delta-seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvalidMaxAge {
    /// The standard: treat it as absent, so the default max-age applies.
    UseDefault,
    /// Do not cache the preflight result at all.
    DoNotCache,
}

/// Whether a redirect can spare a fetch the preflight it needed before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PreflightAfterRedirect {
    /// The standard: each hop is judged from the request as it is then.
    PerHop,
    /// A request that had CORS-unsafe request-header names when its fetch
    /// started, or whose earlier hop took the CORS-preflight branch, is
    /// preflighted at every later cross-origin hop, even after a redirect
    /// removed those headers (`Authorization` on a cross-origin hop,
    /// `Content-Type` when a 303 turns a `POST` into a `GET`) or changed its
    /// method to `GET`; the preflight lists the names still present (Firefox).
    RequiredListingCurrentNames,
    /// As `RequiredListingCurrentNames`, but the preflight also lists the
    /// names the request had when its fetch started, removed or not (WebKit).
    RequiredListingFetchStartNames,
}

/// A value rule for a request header a browser safelists beyond the standard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtraSafelistRule {
    /// Any value (of at most 128 bytes).
    Any,
    /// `1*DIGIT [ "." 1*DIGIT ]`
    Decimal,
    /// `1*DIGIT`
    Integer,
    /// One of `slow-2g`, `2g`, `3g`, `4g`.
    EffectiveConnectionType,
    /// `on`, any case.
    On,
}

impl ExtraSafelistRule {
    /// Whether `value` passes the rule (and the 128-byte limit every
    /// safelisted value has).
    pub fn allows(self, value: &[u8]) -> bool {
        if value.len() > 128 {
            return false;
        }
        let digits = |v: &[u8]| !v.is_empty() && v.iter().all(u8::is_ascii_digit);
        match self {
            ExtraSafelistRule::Any => true,
            ExtraSafelistRule::Integer => digits(value),
            ExtraSafelistRule::Decimal => match value.iter().position(|&b| b == b'.') {
                Some(dot) => digits(&value[..dot]) && digits(&value[dot + 1..]),
                None => digits(value),
            },
            ExtraSafelistRule::EffectiveConnectionType => {
                matches!(value, b"slow-2g" | b"2g" | b"3g" | b"4g")
            }
            ExtraSafelistRule::On => value.eq_ignore_ascii_case(b"on"),
        }
    }
}

/// The CORS-preflight cache policy of a browser.
/// <https://fetch.spec.whatwg.org/#concept-cache>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PreflightCachePolicy {
    /// Max-age used when the response has no `Access-Control-Max-Age`.
    pub default_max_age_secs: u64,
    /// "An imposed limit on max-age"; `None` means no limit.
    pub max_age_cap_secs: Option<u64>,
    /// Handling of an `Access-Control-Max-Age` that is not a number.
    pub invalid_max_age: InvalidMaxAge,
    /// Handling of a negative `Access-Control-Max-Age` (e.g. `-1`), which the
    /// standard treats like any other invalid value.
    pub negative_max_age: InvalidMaxAge,
    /// How many (URL, partition, origin) groups the cache holds before it
    /// evicts the oldest. The standard lets entries be "removed before that
    /// moment arrives"; xorigin always bounds the cache.
    pub capacity: usize,
    /// Whether a cached `*` method or header-name entry matches later
    /// requests, as the standard says.
    pub cached_wildcard_matches: bool,
    /// Whether a `HEAD` request skips the method cache check like the other
    /// CORS-safelisted methods (the standard) or needs a cached `HEAD` entry.
    pub head_exempt_from_method_cache: bool,
    /// Preflights for URLs this long or longer are not cached.
    pub max_cacheable_url_len: Option<usize>,
    /// Whether a cached `*` is ignored for requests whose credentials mode
    /// is `include` (the standard lets it match).
    pub cached_wildcard_ignored_with_credentials: bool,
    /// Whether cache modes `no-store`, `no-cache` and `reload` bypass the
    /// preflight cache (look-up and storage).
    pub bypassed_by_cache_mode: bool,
    /// Whether preflights from an opaque origin are cached.
    pub opaque_origins_cached: bool,
    /// Whether a network error after the preflight branch clears the cache
    /// entries for the request ("clear cache entries" in main fetch).
    pub cleared_on_network_error: bool,
    /// Whether a cached `*` header-name entry also covers `Authorization`
    /// (the standard: never, it is a CORS non-wildcard request-header name).
    pub cached_wildcard_covers_authorization: bool,
    /// Whether the request's credentials flag is part of the cache key, so an
    /// entry made for a `credentials: "include"` request serves only such
    /// requests and the other way round (the standard lets a credentialed
    /// entry serve every request).
    pub credentials_in_key: bool,
    /// Whether a look-up that finds entries for the request's key (origin
    /// and URL) that do not cover the request removes them all: the browser
    /// keeps one preflight result per key and drops an insufficient one, so
    /// a failed preflight after it leaves nothing cached (the standard keeps
    /// the entries; only "clear cache entries" removes them).
    pub insufficient_entry_removed_on_lookup: bool,
    /// Whether cache mode `no-cache` also bypasses the cache when
    /// [`PreflightCachePolicy::bypassed_by_cache_mode`] is set (Firefox
    /// bypasses it only for `no-store` and `reload`).
    pub bypassed_by_no_cache_mode: bool,
}

/// How a `fetch()` call (destination "") sees a response that opaque-response
/// blocking blocked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrbBlockedFetch {
    /// A network error: the promise rejects (the proposal, and element
    /// loads in every browser that ships ORB).
    NetworkError,
    /// An opaque response with an empty body: the promise resolves, as CORB
    /// did ("ORB v0.1" error handling).
    EmptyResponse,
}

/// A browser's opaque-response blocking (ORB), as data: the proposal's
/// algorithm with the departures a browser ships.
/// <https://github.com/annevk/orb>, <https://github.com/whatwg/fetch/pull/1755>
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrbPolicy {
    /// Whether the browser blocks opaque responses at all.
    pub enabled: bool,
    /// What `fetch()` sees of a blocked response (element loads always get a
    /// network error).
    pub blocked_fetch: OrbBlockedFetch,
    /// The opaque-blocklisted-never-sniffed MIME type essences (lowercase).
    pub never_sniffed_mime_types: &'static [&'static str],
    /// Whether `audio/*`, `video/*`, `application/ogg`, DASH and HLS
    /// manifests and `text/vtt` are allowed before any sniffing.
    pub media_mime_types_safelisted: bool,
    /// Whether JavaScript MIME types are sniffed like unknown types (the
    /// HTML, XML and JSON sniffers can block them) instead of safelisted.
    pub javascript_mime_types_sniffed: bool,
    /// Whether a 206 response is validated as the proposal says: blocked
    /// when its MIME type is opaque-blocklisted, or when its `Content-Range`
    /// is missing or does not parse. (A range that does not start at byte 0
    /// is blocked either way: no media element is modelled.)
    pub partial_responses_validated: bool,
    /// Whether `text/plain` with `nosniff` is allowed (the proposal blocks it).
    pub text_plain_nosniff_allowed: bool,
    /// Whether the steps after the image sniff run (nosniff, ok status,
    /// `audio/`, `image/`, `video/` essences, then "parses as JavaScript");
    /// without them a response the sniffers do not recognize is allowed.
    pub final_steps: bool,
    /// Whether bytes sniffed as audio or video are allowed for any request
    /// (the proposal allows them only for a media element's initial request).
    pub sniffed_media_allowed_for_any_request: bool,
    /// Whether a response whose URL is same-origin with the request's origin
    /// is exempt (after a redirect back to the page's origin the response
    /// tainting is still "opaque").
    pub same_origin_url_exempt: bool,
}

/// How a browser applies Local Network Access (a [`Profile`](super::Profile)
/// knob).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalNetworkAccessRules {
    /// Whether local network requests are checked at all.
    pub enforced: bool,
    /// Whether `local` and `loopback` count as one space when deciding
    /// whether a request is a local network request (so a `local` page may
    /// reach `loopback` freely). The specification orders them apart.
    pub loopback_same_as_local: bool,
}

impl LocalNetworkAccessRules {
    /// No checks (the Fetch standard; browsers without LNA).
    pub const NOT_ENFORCED: LocalNetworkAccessRules = LocalNetworkAccessRules {
        enforced: false,
        loopback_same_as_local: false,
    };
}

/// How the other ways a page makes a request (`html::initiators`) depart
/// from their standards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InitiatorRules {
    /// The `Accept` value of a navigation request (`<iframe>`, forms); the
    /// standard: the document `Accept` header value.
    /// <https://fetch.spec.whatwg.org/#document-accept-header-value>
    pub accept_document: &'static str,
    /// Whether `new Worker(url)`/`new SharedWorker(url)` throws a
    /// `SecurityError` for a URL that is not same origin with the page (the
    /// standard: the fetch, in mode `same-origin`, fails and `error` fires).
    pub worker_cross_origin_url_throws: bool,
    /// The `Accept` value of a web font request (the standard: `*/*`).
    pub accept_font: &'static str,
    /// The `Accept` value of an `<audio>` request (the standard: `*/*`).
    pub accept_audio: &'static str,
    /// The `Accept` value of a `<video>` request (the standard: `*/*`).
    pub accept_video: &'static str,
    /// Whether `new WebSocket(url)` throws a `SecurityError` when the
    /// handshake would be blocked as mixed content (a `ws:` URL from a secure
    /// page). The standard: the constructor returns and Fetch blocks the
    /// handshake, so `error` fires.
    /// <https://websockets.spec.whatwg.org/#dom-websocket-websocket>
    /// <https://w3c.github.io/webappsec-mixed-content/level2.html#should-block-fetch>
    pub websocket_mixed_content_throws: bool,
    /// Whether `navigator.sendBeacon(url)` returns false when the beacon
    /// would be blocked as mixed content. The standard: the request is
    /// queued (true) and Fetch blocks it.
    /// <https://w3c.github.io/beacon/#sendbeacon-method>
    pub beacon_mixed_content_returns_false: bool,
    /// Whether a WebSocket handshake carries `Accept` (the standard: `*/*`,
    /// added by "fetch" like for any request without one).
    /// <https://fetch.spec.whatwg.org/#fetching>
    pub websocket_sends_accept: bool,
    /// Whether a WebSocket handshake carries the Fetch Metadata headers (the
    /// standard: Fetch appends them to every request to a potentially
    /// trustworthy URL).
    /// <https://w3c.github.io/webappsec-fetch-metadata/#fetch-integration>
    pub websocket_sends_fetch_metadata: bool,
    /// The `Sec-Fetch-Dest` of a WebSocket handshake (the standard: `empty`,
    /// the destination of a request the constructor creates).
    pub websocket_sec_fetch_dest: &'static str,
    /// Whether a classic worker script needs a JavaScript MIME type to run
    /// (the standard: yes, for an HTTP(S) response).
    /// <https://html.spec.whatwg.org/multipage/workers.html#worker-processing-model>
    pub classic_worker_mime_checked: bool,
    /// Whether a worker script (classic or module) served without a
    /// `Content-Type` runs where the MIME check otherwise applies (the
    /// standard: no MIME type is not a JavaScript MIME type, so it fails).
    pub worker_script_without_mime_runs: bool,
    /// Whether a module worker script needs a JavaScript MIME type to run
    /// (the standard: yes, like every module script).
    /// <https://html.spec.whatwg.org/multipage/webappapis.html#fetch-a-single-module-script>
    pub module_worker_mime_checked: bool,
    /// Whether a web font is fetched in mode `cors` (the standard: always;
    /// otherwise `no-cors`, and an opaque response's bytes still load).
    /// <https://drafts.csswg.org/css-fonts/#font-fetching-requirements>
    pub font_mode_cors: bool,
    /// Whether an upload listener sets the XHR request's use-CORS-preflight
    /// flag even without a request body (a `GET`). The standard: only while
    /// the upload complete flag is unset, which a null body sets.
    /// <https://xhr.spec.whatwg.org/#dom-xmlhttprequest-send>
    pub xhr_upload_listener_preflights_without_body: bool,
    /// Whether a navigation that carries `Origin` (a `POST` form submission)
    /// sends `Origin: null` once any redirect went from one origin to
    /// another. The standard: only when the redirect-taint is not
    /// `same-origin` (a hop from the page's own origin to another one does
    /// not taint). <https://fetch.spec.whatwg.org/#concept-request-tainted-origin>
    pub navigation_origin_null_after_cross_origin_redirect: bool,
}
