//! Where each knob's value comes from: the [`Knob`] enum (one variant per
//! field of a [`Profile`]'s groups) and, per browser, the evidence for every
//! knob whose value differs from [`Profile::SPEC`].

use super::{
    CorpRules, ElementLoadRules, FetchMetadataRules, InitiatorRules, LocalNetworkAccessRules,
    OrbPolicy, PortRules, PreflightCachePolicy, PreflightRules, Profile, RedirectRules,
    RequestHeaderRules,
};

/// Where a knob's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// The knob.
    pub knob: Knob,
    /// The source line, test expectation or recording that shows it.
    pub source: &'static str,
}

/// Declares [`Knob`] from the groups' fields, with [`Knob::path`] and
/// [`Profile::differs`]. The exhaustive destructuring in `differs` makes a
/// field added to a group without a knob a compile error.
macro_rules! knobs {
    ($( $group:ident: $Group:ident { $( $field:ident => $Knob:ident, )* }, )*) => {
        /// One knob of a [`Profile`]: a field of one of its groups. Evidence
        /// is keyed by it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Knob {
            $($(
                #[doc = concat!("`", stringify!($group), ".", stringify!($field), "`")]
                $Knob,
            )*)*
        }

        impl Knob {
            /// Every knob, in field order.
            pub const ALL: &'static [Knob] = &[$($(Knob::$Knob,)*)*];

            /// The knob's field path in [`Profile`], e.g.
            /// `preflight_cache.max_age_cap_secs`.
            pub fn path(self) -> &'static str {
                match self {
                    $($(Knob::$Knob => concat!(stringify!($group), ".", stringify!($field)),)*)*
                }
            }
        }

        impl Profile {
            /// Whether this profile's value for `knob` differs from `other`'s.
            pub fn differs(&self, other: &Profile, knob: Knob) -> bool {
                let Profile {
                    name: _,
                    $($group: $Group { $($field: _,)* },)*
                } = self;
                match knob {
                    $($(Knob::$Knob => self.$group.$field != other.$group.$field,)*)*
                }
            }
        }
    };
}

knobs! {
    request_headers: RequestHeaderRules {
        extra_safelisted => ExtraSafelistedRequestHeaders,
        extra_forbidden_names => ExtraForbiddenRequestHeaderNames,
        safelisting_sees_combined_values => SafelistingSeesCombinedValues,
        safelisted_values_size_limited => SafelistedValuesSizeLimited,
        origin_header_follows_referrer_policy => OriginHeaderFollowsReferrerPolicy,
        only_one_content_type_sent => OnlyOneContentTypeSent,
        origin_on_same_origin_cors_destinations => OriginOnSameOriginCorsDestinations,
    },
    preflight: PreflightRules {
        wildcard_allow_headers_covers_authorization => WildcardAllowHeadersCoversAuthorization,
        status_checked_first => PreflightStatusCheckedFirst,
        disallowed_header_reported_in_request_order => DisallowedHeaderReportedInRequestOrder,
        request_header_names_deduplicated => PreflightRequestHeaderNamesDeduplicated,
        origin_ignores_redirect_taint => PreflightOriginIgnoresRedirectTaint,
        after_redirect => PreflightAfterRedirect,
    },
    preflight_cache: PreflightCachePolicy {
        default_max_age_secs => CacheDefaultMaxAge,
        max_age_cap_secs => CacheMaxAgeCap,
        invalid_max_age => CacheInvalidMaxAge,
        negative_max_age => CacheNegativeMaxAge,
        capacity => CacheCapacity,
        cached_wildcard_matches => CachedWildcardMatches,
        head_exempt_from_method_cache => CacheHeadExemptFromMethodCache,
        max_cacheable_url_len => CacheMaxCacheableUrlLen,
        cached_wildcard_ignored_with_credentials => CachedWildcardIgnoredWithCredentials,
        bypassed_by_cache_mode => CacheBypassedByCacheMode,
        opaque_origins_cached => CacheOpaqueOriginsCached,
        cleared_on_network_error => CacheClearedOnNetworkError,
        insufficient_entry_removed_on_lookup => PreflightCacheInsufficientEntryRemovedOnLookup,
        cached_wildcard_covers_authorization => CachedWildcardCoversAuthorization,
        credentials_in_key => CacheCredentialsInKey,
        bypassed_by_no_cache_mode => CacheBypassedByNoCacheMode,
    },
    fetch_metadata: FetchMetadataRules {
        checks_current_url => FetchMetadataChecksCurrentUrl,
        preflight_site_checks_own_url_only => PreflightSecFetchSiteOwnUrlOnly,
        preflight_mode_on_non_trustworthy_url => PreflightSecFetchModeOnNonTrustworthyUrl,
        preflight_needs_trustworthy_first_url => PreflightFetchMetadataNeedsTrustworthyFirstUrl,
    },
    redirects: RedirectRules {
        authorization_kept_cross_origin => AuthorizationKeptOnCrossOriginRedirect,
        fetch_metadata_removed_cross_origin => FetchMetadataRemovedOnCrossOriginRedirect,
        delete_becomes_get_cross_origin => DeleteBecomesGetOnCrossOriginRedirect,
        client_hints_removed_unless_page_origin => ClientHintsRemovedUnlessPageOrigin,
    },
    element_loads: ElementLoadRules {
        accept_image => AcceptImage,
        accept_style => AcceptStyle,
        non_css_stylesheet_fires_load => NonCssStylesheetFiresLoad,
        untyped_stylesheet_loads => UntypedStylesheetLoads,
        untyped_stylesheet_sniffed => UntypedStylesheetSniffed,
        svg_image_needs_ok_status => SvgImageNeedsOkStatus,
    },
    initiators: InitiatorRules {
        accept_document => AcceptDocument,
        worker_cross_origin_url_throws => WorkerCrossOriginUrlThrows,
        accept_font => AcceptFont,
        accept_audio => AcceptAudio,
        accept_video => AcceptVideo,
        websocket_mixed_content_throws => WebsocketMixedContentThrows,
        beacon_mixed_content_returns_false => BeaconMixedContentReturnsFalse,
        websocket_sends_accept => WebsocketSendsAccept,
        websocket_sends_fetch_metadata => WebsocketSendsFetchMetadata,
        websocket_sec_fetch_dest => WebsocketSecFetchDest,
        classic_worker_mime_checked => ClassicWorkerMimeChecked,
        worker_script_without_mime_runs => WorkerScriptWithoutMimeRuns,
        module_worker_mime_checked => ModuleWorkerMimeChecked,
        font_mode_cors => FontModeCors,
        xhr_upload_listener_preflights_without_body => XhrUploadListenerPreflightsWithoutBody,
        navigation_origin_null_after_cross_origin_redirect => NavigationOriginNullAfterCrossOriginRedirect,
    },
    orb: OrbPolicy {
        enabled => OrbEnabled,
        blocked_fetch => OrbBlockedFetch,
        never_sniffed_mime_types => OrbNeverSniffedMimeTypes,
        media_mime_types_safelisted => OrbMediaMimeTypesSafelisted,
        javascript_mime_types_sniffed => OrbJavascriptMimeTypesSniffed,
        partial_responses_validated => OrbPartialResponsesValidated,
        text_plain_nosniff_allowed => OrbTextPlainNosniffAllowed,
        final_steps => OrbFinalSteps,
        sniffed_media_allowed_for_any_request => OrbSniffedMediaAllowedForAnyRequest,
        same_origin_url_exempt => OrbSameOriginUrlExempt,
    },
    local_network_access: LocalNetworkAccessRules {
        enforced => LocalNetworkAccessEnforced,
        loopback_same_as_local => LoopbackSameAsLocal,
    },
    ports: PortRules {
        bad_ports_allowed => BadPortsAllowed,
    },
    corp: CorpRules {
        embedder_policy_implies_only_when_absent => CorpEmbedderPolicyImpliesOnlyWhenAbsent,
    },
}

pub(super) const CHROMIUM_EVIDENCE: &[Evidence] = &[
    Evidence {
        knob: Knob::PreflightCacheInsufficientEntryRemovedOnLookup,
        source: "chromium services/network/cors/preflight_cache.cc CheckIfRequestCanSkipPreflight: \"The cache entry is either stale or not sufficient. Remove the item from the cache.\" (erase of the one PreflightResult per origin and URL); recording, Chromium 156.0.8078.114: campaign random --seed 1796526155 scenario 1855, a credentialed PUT whose cached non-credentialed entry does not cover it fails its preflight, and the next uncredentialed PUT is preflighted again (spec-fixtures/chromium/chromium-preflight-cache-insufficient-entry-removed.json)",
    },
    Evidence {
        knob: Knob::ClientHintsRemovedUnlessPageOrigin,
        source: "chromium third_party/blink/renderer/platform/loader/fetch/resource_loader.cc ResourceLoader::WillFollowRedirect: \"FindClientHintsToRemove(Context().GetPermissionsPolicy(), GURL(new_url.GetString().Utf8()), removed_headers);\" and third_party/blink/common/client_hints/client_hints.cc FindClientHintsToRemove: \"permissions_policy && !permissions_policy->IsFeatureEnabledForOrigin(blink::GetClientHintToPolicyFeatureMap().at(type), origin)\" removes each client hint header whose ch-* feature (default allowlist 'self', the page's origin) is off for the new URL's origin; recordings, Chromium 156.0.8078.114 (conformance harness): a cors fetch() carrying DPR, Device-Memory, Viewport-Width, Width, RTT, Downlink and ECT (with Save-Data and Intervention) through a 301, 302 or 307 sends them on the first request and again on a hop to the page's own origin (same-origin or from another origin back to the page, the script's values kept), but none of the seven on a hop to any other origin (another site, a same-site api.a.test, or the same cross origin api.b.test/r0 -> r1), while Save-Data, Intervention and a preflighted X-Custom stay (spec-fixtures/chromium/chromium-client-hints-redirect-*.json; campaign random --seed 1796526155 scenarios 532 and 832); Firefox ESR 153.8.0 and WebKitGTK 2.50.6 keep every header on every hop (recorded with the same scenarios), and Chromium keeps them within the page's origin (spec-fixtures/redirects/redirects-client-hints-same-origin-hop-*.json)",
    },
    Evidence {
        knob: Knob::OriginOnSameOriginCorsDestinations,
        source: "recordings, Chromium 156.0.8078.114 (conformance harness): <img crossorigin> (anonymous and use-credentials), <script crossorigin>, <link rel=stylesheet crossorigin> and <script type=module> to the page's own origin send Origin: https://app.a.test (spec-fixtures/chromium/chromium-same-origin-cors-element-origin-header.json; the first, same-origin hop of element-*-anonymous-same-origin-redirect-cross-origin-origin-header too); <audio crossorigin> to the page's own origin and a same-origin fetch() GET send none",
    },
    Evidence {
        knob: Knob::BadPortsAllowed,
        source: "recordings, Chromium 156.0.8078.114 (conformance harness): fetch() and <img> to https://api.b.test:4190/ and :6679/ connect (console \"net::ERR_CONNECTION_REFUSED\", nothing listening) where :6667, :6697 and :10080 print \"net::ERR_UNSAFE_PORT\" (spec-fixtures/chromium/chromium-bad-ports-allowed.json); chromium net/base/port_util.cc kRestrictedPorts lists neither 4190 nor 6679",
    },
    Evidence {
        knob: Knob::WebsocketSendsFetchMetadata,
        source: "recordings, Chromium 156.0.8078.114 (conformance harness): no WebSocket handshake in spec-fixtures/api-websocket/ carries Sec-Fetch-Dest, Sec-Fetch-Mode or Sec-Fetch-Site",
    },
    Evidence {
        knob: Knob::ClassicWorkerMimeChecked,
        source: "recordings, Chromium 156.0.8078.114 (conformance harness): spec-fixtures/api-worker/api-worker-no-mime.json, api-worker-text-plain-mime.json and the api-shared-worker ones run (load fires) a classic worker script served without Content-Type or as text/plain",
    },
    Evidence {
        knob: Knob::WebsocketMixedContentThrows,
        source: "recording, Chromium 156.0.8078.114 (conformance harness): spec-fixtures/api-websocket/api-websocket-mixed-content-ws-from-https.json, new WebSocket(\"ws://api.b.test/ws\") from https://app.a.test throws SecurityError, nothing sent; web-platform-tests websockets/mixed-content.https.any.js asserts the throw",
    },
    Evidence {
        knob: Knob::BeaconMixedContentReturnsFalse,
        source: "recording, Chromium 156.0.8078.114 (conformance harness): spec-fixtures/api-beacon/api-beacon-mixed-content-blocked.json, sendBeacon(\"http://api.b.test/log\", \"a\") from https://app.a.test returns false, nothing sent",
    },
    Evidence {
        knob: Knob::WebsocketSendsAccept,
        source: "recordings, Chromium 156.0.8078.114 (conformance harness): no WebSocket handshake in spec-fixtures/api-websocket/ carries Accept",
    },
    Evidence {
        knob: Knob::DisallowedHeaderReportedInRequestOrder,
        source: "chromium services/network/public/cpp/cors/preflight_result.cc EnsureAllowedCrossOriginHeaders: \"for (const auto& name : CorsUnsafeNotForbiddenRequestHeaderNames(headers.GetHeaderVector(), ...))\" (the order of the net::HttpRequestHeaders blink filled from its HTTPHeaderMap, a WTF HashMap<AtomicString, AtomicString, CaseFoldingHashTraits>: hash-table order, neither the request's nor sorted; the request's order approximates it); recordings: `xorigin-conformance random --seed 1` scenarios 148 and 208 (Chrome 156 names x-other before range, x-custom before content-type), campaign seed 1796526155 scenario 258 (x-other named for [Range, X-Other], which the approximation gets wrong)",
    },
    Evidence {
        knob: Knob::NonCssStylesheetFiresLoad,
        source: "recordings, Chromium 156: <link rel=stylesheet> of text/plain or Content-Type-less responses, same-origin, cross-origin and crossorigin=anonymous, fires load (spec-fixtures/chromium/chromium-element-style-*.json); HTML 'link type stylesheet' sets success to false",
    },
    Evidence {
        knob: Knob::AcceptImage,
        source: "recordings, Chromium 156: every <img> request (41 in spec-fixtures/element-loads/) carries \"Accept: image/jxl,image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8\"; stylesheets carry the standard's text/css,*/*;q=0.1",
    },
    Evidence {
        knob: Knob::AcceptDocument,
        source: "recordings, Chromium 156: every <iframe> and form navigation in spec-fixtures/api-iframe/ and spec-fixtures/api-form/ (18) carries \"Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/jxl,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7\"",
    },
    Evidence {
        knob: Knob::WorkerCrossOriginUrlThrows,
        source: "recordings, Chromium 156: new Worker/new Worker({type: module})/new SharedWorker with a cross-origin or same-site URL throw SecurityError and send nothing (spec-fixtures/api-*worker/*-cross-origin-url.json, *-same-site-url.json)",
    },
    Evidence {
        knob: Knob::CacheMaxAgeCap,
        source: "chromium services/network/cors/preflight_result.cc: \"constexpr base::TimeDelta kMaxTimeout = base::Hours(2);\"",
    },
    Evidence {
        knob: Knob::CacheNegativeMaxAge,
        source: "chromium services/network/cors/preflight_result.cc ParseAccessControlMaxAge: unparsable -> kDefaultTimeout (5 s); \"if (seconds < 0)\" -> 0, not reusable; WPT cors/preflight-cache.htm 'age = -1, should not be cached'; recording: spec-fixtures/chromium/chromium-max-age-negative-not-cached.json",
    },
    Evidence {
        knob: Knob::CacheMaxCacheableUrlLen,
        source: "chromium services/network/cors/preflight_cache.cc: kMaxKeyLength = 1024u; \"if (url_spec.length() >= kMaxKeyLength) { return; }\"",
    },
    Evidence {
        knob: Knob::WildcardAllowHeadersCoversAuthorization,
        source: "chromium services/network/cors/preflight_result.cc EnsureAllowedCrossOriginHeaders excludes Authorization from '*' only with kCorsNonWildcardRequestHeadersSupport; services/network/public/cpp/features.cc: FEATURE_DISABLED_BY_DEFAULT; WPT expectation cors-preflight-star.any.js.ini: expected FAIL; recording: spec-fixtures/chromium/chromium-wildcard-allow-headers-covers-authorization.json",
    },
    Evidence {
        knob: Knob::CacheBypassedByCacheMode,
        source: "recording: conformance harness, Chromium 156.0.8078.108 headless, fixture spec-fixtures/chromium/chromium-cache-no-store-bypasses-preflight-cache.json; chromium services/network/cors/preflight_controller.cc RetrieveCacheFlags (LOAD_VALIDATE_CACHE | LOAD_BYPASS_CACHE | LOAD_DISABLE_CACHE skip the cache)",
    },
    Evidence {
        knob: Knob::CachedWildcardIgnoredWithCredentials,
        source: "recording: conformance harness, Chromium 156.0.8078.108 headless, fixture spec-fixtures/chromium/chromium-cached-star-method-not-with-credentials.json",
    },
    Evidence {
        knob: Knob::CacheClearedOnNetworkError,
        source: "recording: conformance harness, Chromium 156.0.8078.108 headless, fixture spec-fixtures/chromium/chromium-cache-kept-after-failed-request.json",
    },
    Evidence {
        knob: Knob::CacheOpaqueOriginsCached,
        source: "recording: conformance harness, Chromium 156.0.8078.108 headless, fixture spec-fixtures/chromium/chromium-null-origin-preflight-not-cached.json",
    },
    Evidence {
        knob: Knob::ExtraForbiddenRequestHeaderNames,
        source: "recording: conformance harness, Chromium 156.0.8078.108 headless, fixture spec-fixtures/chromium/chromium-user-agent-dropped.json (crbug.com/571722: User-Agent still treated as forbidden)",
    },
    Evidence {
        knob: Knob::SafelistingSeesCombinedValues,
        source: "recording: conformance harness, Chromium 156.0.8078.108 headless, fixture spec-fixtures/chromium/chromium-duplicate-content-type-combined.json",
    },
    Evidence {
        knob: Knob::OriginHeaderFollowsReferrerPolicy,
        source: "recording: conformance harness, Chromium 156.0.8078.108 headless, fixture spec-fixtures/chromium/chromium-no-cors-post-no-referrer-real-origin.json",
    },
    Evidence {
        knob: Knob::FetchMetadataChecksCurrentUrl,
        source: "recording: conformance harness, Chromium 156.0.8078.108 headless, fixture spec-fixtures/chromium/chromium-no-sec-fetch-after-redirect-to-http.json",
    },
    Evidence {
        knob: Knob::PreflightSecFetchSiteOwnUrlOnly,
        source: "recording: conformance harness, Chromium 156.0.8078.108 headless, fixture spec-fixtures/chromium/chromium-preflight-sec-fetch-site-after-chain.json",
    },
    Evidence {
        knob: Knob::PreflightSecFetchModeOnNonTrustworthyUrl,
        source: "recording: conformance harness, Chromium 156.0.8078.114 headless, fixtures spec-fixtures/chromium/chromium-preflight-sec-fetch-mode-to-http.json and chromium-preflight-sec-fetch-mode-after-redirect-to-http.json (an OPTIONS to an http: URL, from an http: page or after a redirect from https:, carries Sec-Fetch-Mode: cors and no Sec-Fetch-Site/Dest; the request itself none; Firefox ESR 153 and WebKitGTK 2.50.6 send none on it)",
    },
    Evidence {
        knob: Knob::LocalNetworkAccessEnforced,
        source: "chromium services/network/public/cpp/features.cc: BASE_FEATURE(kLocalNetworkAccessChecks, FEATURE_ENABLED_BY_DEFAULT), LocalNetworkAccessChecksWarn default false; content/browser/renderer_host/private_network_access_util.cc: subresources and workers get kPermissionBlock from secure contexts, kBlock from non-secure ones, main-frame navigations kAllow; recordings: conformance harness with --ip-address-space-overrides, Chromium 156.0.8078.108 headless (the prompt is denied), spec-fixtures/local-network-access/.",
    },
    Evidence {
        knob: Knob::LoopbackSameAsLocal,
        source: "chromium services/network/private_network_access_checker.cc: with kLocalNetworkAccessChecks, IsLessPublicAddressSpaceLNA (ip_address_space_util.cc CollapseLocalAndLoopback) decides 'no less public': \"Requests from local -> loopback ... are not blocked at present\"; recording: spec-fixtures/local-network-access/lna-local-to-loopback-get.json",
    },
    Evidence {
        knob: Knob::ExtraSafelistedRequestHeaders,
        source: "chromium services/network/public/cpp/cors/cors.cc IsCorsSafelistedHeader: safe_names with IsSimilarToDoubleABNF / IsSimilarToIntABNF / ect / save-data==on value checks",
    },
    Evidence {
        knob: Knob::OrbBlockedFetch,
        source: "chromium services/network/orb/orb_impl.cc ShouldHandleBlockedResponseAs: \"ORB v0.1\" kEmptyResponse when request_destination_from_renderer_ is kEmpty (fetch()), kNetworkError otherwise; recordings: spec-fixtures/chromium/orb-*.json",
    },
    Evidence {
        knob: Knob::OrbNeverSniffedMimeTypes,
        source: "chromium services/network/orb/orb_mimetypes.cc GetNeverSniffedMimeTypes (adds text/pdf; no application/x-protobuffer; dash, mpegurl and vtt handled as media)",
    },
    Evidence {
        knob: Knob::OrbMediaMimeTypesSafelisted,
        source: "chromium services/network/orb/orb_impl.cc IsOpaqueSafelistedMimeType: IsAudioOrVideoMimeType (audio/*, video/*, application/ogg, application/dash+xml, application/vnd.apple.mpegurl, text/vtt) -> kAllow",
    },
    Evidence {
        knob: Knob::OrbJavascriptMimeTypesSniffed,
        source: "chromium services/network/orb/orb_impl.cc: \"Deviation from spec: We do not handle JavaScript MIME types here\" (IsOpaqueSafelistedMimeTypeThatWeSniffAnyway); Sniff() blocks SniffForHTML/SniffForXML/SniffForFetchOnlyResource matches",
    },
    Evidence {
        knob: Knob::OrbPartialResponsesValidated,
        source: "chromium services/network/orb/orb_impl.cc Init: \"Step iii. is missing\"; only IsRangeResponseWithMiddleOfResource (206, Content-Range first byte > 0) blocks",
    },
    Evidence {
        knob: Knob::OrbFinalSteps,
        source: "chromium services/network/orb/orb_impl.cc HandleEndOfSniffableResponseBody: steps 10, 11, 13 and 15 skipped, \"Changing step 16 to fail open (e.g. return true / kAllow)\"",
    },
    Evidence {
        knob: Knob::OrbSniffedMediaAllowedForAnyRequest,
        source: "chromium services/network/orb/orb_impl.cc Sniff: \"Spec-divergence: no step 8\"; audio/video bytes -> kAllow whatever the destination",
    },
    Evidence {
        knob: Knob::OrbSameOriginUrlExempt,
        source: "chromium services/network/orb/orb_impl.cc Init: \"if (request_initiator->IsSameOriginWith(request_url)) return Decision::kAllow;\"",
    },
    Evidence {
        knob: Knob::NavigationOriginNullAfterCrossOriginRedirect,
        source: "chromium net/url_request/redirect_util.cc RedirectUtil::UpdateHttpRequest: \"if (!url::IsSameOriginWith(redirect_info.new_url, original_url) && request_headers->HasHeader(HttpRequestHeaders::kOrigin)) request_headers->SetHeader(HttpRequestHeaders::kOrigin, url::Origin().Serialize());\"; recording, Chromium 156 (conformance harness): spec-fixtures/api-form/api-form-post-307-keeps-origin.json, a same-origin POST form submission redirected (307) to another site sends Origin: null on the second hop",
    },
];

/// Firefox caches no preflight whose max-age is not a non-negative number.
const FIREFOX_UNPARSABLE_MAX_AGE: &str = "gecko netwerk/protocol/http/nsCORSListenerProxy.cpp AddResultToCache: any non-digit byte returns without caching; \"if (!age ...) return;\"; recording: conformance harness, Firefox 153.7.0esr headless, fixture spec-fixtures/firefox/firefox-max-age-invalid-not-cached.json, firefox-max-age-negative-not-cached.json";

/// Firefox bypasses the preflight cache for `no-store` and `reload` only.
const FIREFOX_CACHE_MODE_BYPASS: &str = "gecko netwerk/protocol/http/nsCORSListenerProxy.cpp StartCORSPreflight: \"bool disableCache = (loadFlags & nsIRequest::LOAD_BYPASS_CACHE);\"; recording: conformance harness, Firefox 153.7.0esr headless, fixture spec-fixtures/firefox/firefox-cache-no-store-bypasses-preflight-cache.json, firefox-cache-reload-bypasses-preflight-cache.json, firefox-cache-no-cache-uses-preflight-cache.json";

pub(super) const FIREFOX_EVIDENCE: &[Evidence] = &[
    Evidence {
        knob: Knob::UntypedStylesheetSniffed,
        source: "recordings, Firefox 153.8.0 ESR (conformance harness): <link rel=stylesheet> answered without Content-Type fires error with \"The stylesheet ... was not loaded because its MIME type, “image/png”, is not “text/css”.\" for a PNG body and “text/html” for an HTML body and audio/x-wav for a WAVE body, directly; after a cross-site 307 every untyped body fails (text/plain for CSS, text or an empty body, text/html, text/xml, application/pdf, application/octet-stream) while directly CSS, text, HTML, PDF, binary and empty bodies load (campaign seed 1796526155 family #1064, #1293; spec-fixtures/firefox/firefox-element-style-untyped-sniffed.json, firefox-element-style-no-content-type-load.json)",
    },
    Evidence {
        knob: Knob::LocalNetworkAccessEnforced,
        source: "gecko modules/libpref/init/StaticPrefList.yaml network.lna.enabled value true, network.lna.blocking on in Firefox 153.8.0esr as shipped (dom/permission/Permissions.cpp rejects permissions.query({name: 'loopback-network'}) unless network_lna_blocking(); a default profile answers `prompt`); nsHttpChannel::UpdateLocalNetworkAccessPermissions prompts (LNAPermissionRequest); recordings: conformance harness with network.lna.address_space.*.override and the prompt answered deny, Firefox 153.8.0esr headless, spec-fixtures/firefox/firefox-lna-*.json",
    },
    Evidence {
        knob: Knob::LoopbackSameAsLocal,
        source: "recording: Firefox 153.8.0esr allows local -> loopback (Gecko: private -> local, network.lna.local-network-to-localhost.skip-checks), spec-fixtures/firefox/firefox-lna-local-to-loopback-allowed.json",
    },
    Evidence {
        knob: Knob::CorpEmbedderPolicyImpliesOnlyWhenAbsent,
        source: "gecko netwerk/protocol/http/HttpBaseChannel.cpp ProcessCrossOriginResourcePolicyHeader: the embedder policy sets content = \"same-origin\" only `if (content.IsEmpty())`, then only EqualsLiteral(\"same-origin\") and (\"same-site\") can fail; recordings, Firefox 153.8.0 ESR (conformance harness): under COEP require-corp, cross-origin no-cors loads answered `Cross-Origin-Resource-Policy: bogus`, `same-origin;` load (campaign seed 1796526155 family #89 and #165, random --family --seed 1 #38; spec-fixtures/firefox/firefox-corp-invalid-value-under-coep.json) where Chromium and WebKit block them (spec-fixtures/corp/corp-coep-require-corp-invalid-value-blocked.json)",
    },
    Evidence {
        knob: Knob::XhrUploadListenerPreflightsWithoutBody,
        source: "recording, Firefox 153.8.0 ESR (conformance harness): spec-fixtures/api-xhr/api-xhr-upload-listener-get-no-body.json, a cross-origin XHR GET with an upload listener sends an OPTIONS preflight first (the fixture's server answers none, so the XHR fails)",
    },
    Evidence {
        knob: Knob::WebsocketMixedContentThrows,
        source: "recording, Firefox 153.8.0 ESR (conformance harness): spec-fixtures/api-websocket/api-websocket-mixed-content-ws-from-https.json, new WebSocket(\"ws://api.b.test/ws\") from https://app.a.test throws SecurityError, nothing sent",
    },
    Evidence {
        knob: Knob::BeaconMixedContentReturnsFalse,
        source: "recording, Firefox 153.8.0 ESR (conformance harness): spec-fixtures/api-beacon/api-beacon-mixed-content-blocked.json, sendBeacon(\"http://api.b.test/log\", \"a\") from https://app.a.test returns false, nothing sent",
    },
    Evidence {
        knob: Knob::SvgImageNeedsOkStatus,
        source: "recording, Firefox ESR 153.8 (conformance harness): `random --family --seed 1 --only 102` fetch 0, an <img> of a same-site image/svg+xml SVG document answered 500 fires error (Chromium 156 fires load); spec-fixtures/firefox/firefox-element-img-svg-500-error.json. A PNG answered 404 or 500 loads in Firefox (element-img-decode-png-404-status-ok.json)",
    },
    Evidence {
        knob: Knob::UntypedStylesheetLoads,
        source: "recordings, Firefox ESR 153.7.0 (conformance harness, --browser firefox): spec-fixtures/element-loads/element-style-no-content-type-cross-origin-error.json and element-style-same-origin-no-content-type-error.json fire load (a stylesheet load gives the channel a text/css type hint, so a response without Content-Type is CSS); spec-fixtures/firefox/firefox-element-style-no-content-type-load.json",
    },
    Evidence {
        knob: Knob::AcceptFont,
        source: "recordings, Firefox 153.8.0 ESR: every @font-face request in spec-fixtures/api-font/ carries \"Accept: application/font-woff2;q=1.0,application/font-woff;q=0.9,*/*;q=0.8\"",
    },
    Evidence {
        knob: Knob::AcceptAudio,
        source: "recordings, Firefox 153.8.0 ESR: every <audio> request in spec-fixtures/api-media/ carries \"Accept: audio/webm,audio/ogg,audio/wav,audio/*;q=0.9,application/ogg;q=0.7,video/*;q=0.6,*/*;q=0.5\"",
    },
    Evidence {
        knob: Knob::AcceptVideo,
        source: "recordings, Firefox 153.8.0 ESR: the <video> request of spec-fixtures/api-media/api-media-video-destination.json carries \"Accept: video/webm,video/ogg,video/*;q=0.9,application/ogg;q=0.7,audio/*;q=0.6,*/*;q=0.5\"",
    },
    Evidence {
        knob: Knob::AcceptImage,
        source: "recording: conformance harness, Firefox 153.7.0 ESR headless, spec-fixtures/orb/orb-img-*.json (sent[].headers.accept)",
    },
    Evidence {
        knob: Knob::OrbBlockedFetch,
        source: "recording: conformance harness, Firefox 153.7.0 ESR headless, spec-fixtures/firefox/orb-*.json (21 blocked no-cors fetch() calls of spec-fixtures/orb/ resolve opaque; element loads get the error event); gecko netwerk/protocol/http/OpaqueResponseUtils.cpp OpaqueResponseFilter drops the headers and discards the data",
    },
    Evidence {
        knob: Knob::OrbTextPlainNosniffAllowed,
        source: "gecko netwerk/protocol/http/OpaqueResponseUtils.cpp IsOpaqueSafeListedSpecBreakingMIMEType: \"if (aContentType.EqualsLiteral(TEXT_PLAIN) && aNoSniff) return true;\" (bug 1828375)",
    },
    Evidence {
        knob: Knob::CacheMaxAgeCap,
        source: "gecko netwerk/protocol/http/nsCORSListenerProxy.cpp AddResultToCache: \"age = std::min(age, 86400U);\"",
    },
    Evidence {
        knob: Knob::CacheInvalidMaxAge,
        source: FIREFOX_UNPARSABLE_MAX_AGE,
    },
    Evidence {
        knob: Knob::CacheNegativeMaxAge,
        source: FIREFOX_UNPARSABLE_MAX_AGE,
    },
    Evidence {
        knob: Knob::CachedWildcardMatches,
        source: "gecko netwerk/protocol/http/nsCORSListenerProxy.cpp CacheEntry::CheckRequest compares cached tokens literally (e.token.Equals(method)), so a cached '*' never matches; recording: conformance harness, Firefox 153.7.0esr headless, fixture spec-fixtures/firefox/firefox-cached-star-method-never-matches.json",
    },
    Evidence {
        knob: Knob::CacheHeadExemptFromMethodCache,
        source: "gecko netwerk/protocol/http/nsCORSListenerProxy.cpp CacheEntry::CheckRequest: \"if (!aMethod.EqualsLiteral(\\\"GET\\\") && !aMethod.EqualsLiteral(\\\"POST\\\"))\"; recording: conformance harness, Firefox 153.7.0esr headless, fixture spec-fixtures/firefox/firefox-head-not-exempt-from-method-cache.json",
    },
    Evidence {
        knob: Knob::CacheCapacity,
        source: "gecko netwerk/protocol/http/nsCORSListenerProxy.cpp: PREFLIGHT_CACHE_SIZE 100, LRU",
    },
    Evidence {
        knob: Knob::CacheCredentialsInKey,
        source: "gecko caps/BasePrincipal.cpp GetPrefLightCacheKey: the key starts with \"cred\" or \"nocred\"; recording: conformance harness, Firefox 153.7.0esr headless, fixture spec-fixtures/firefox/firefox-cache-credentials-in-key.json",
    },
    Evidence {
        knob: Knob::CacheBypassedByCacheMode,
        source: FIREFOX_CACHE_MODE_BYPASS,
    },
    Evidence {
        knob: Knob::CacheBypassedByNoCacheMode,
        source: FIREFOX_CACHE_MODE_BYPASS,
    },
    Evidence {
        knob: Knob::WildcardAllowHeadersCoversAuthorization,
        source: "gecko modules/libpref/init/StaticPrefList.yaml: network.cors_preflight.authorization_covered_by_wildcard = true; recording: conformance harness, Firefox 153.7.0esr headless, fixture spec-fixtures/firefox/firefox-wildcard-allow-headers-covers-authorization.json",
    },
    Evidence {
        knob: Knob::FetchMetadataChecksCurrentUrl,
        source: "recording: conformance harness, Firefox 153.7.0esr headless, fixture spec-fixtures/firefox/firefox-no-sec-fetch-after-redirect-to-http.json (gecko dom/security/SecFetch.cpp: headers only for a potentially trustworthy channel URI)",
    },
    Evidence {
        knob: Knob::PreflightSecFetchSiteOwnUrlOnly,
        source: "recording: conformance harness, Firefox 153.7.0esr headless, fixture spec-fixtures/firefox/firefox-preflight-sec-fetch-site-own-url.json",
    },
    Evidence {
        knob: Knob::SafelistedValuesSizeLimited,
        source: "gecko dom/fetch/InternalHeaders.cpp GetUnsafeHeaders judges each header alone (IsSimpleHeader), no total; recording: conformance harness, Firefox 153.7.0esr headless, fixture spec-fixtures/firefox/firefox-safelisted-values-over-1024-bytes-no-preflight.json",
    },
    Evidence {
        knob: Knob::PreflightRequestHeaderNamesDeduplicated,
        source: "gecko netwerk/protocol/http/nsCORSListenerProxy.cpp StartCORSPreflight lowercases, sorts and joins aUnsafeHeaders with ',' without removing repeats; recording: conformance harness, Firefox 153.7.0esr headless, fixture spec-fixtures/firefox/firefox-preflight-duplicate-header-names.json",
    },
    Evidence {
        knob: Knob::OnlyOneContentTypeSent,
        source: "recording: conformance harness, Firefox 153.7.0esr headless, fixture spec-fixtures/firefox/firefox-content-type-one-value-sent.json; random --browser firefox --seed 1 scenario 263 (redirected PATCH: the last value)",
    },
    Evidence {
        knob: Knob::PreflightOriginIgnoresRedirectTaint,
        source: "gecko netwerk/protocol/http/nsCORSListenerProxy.cpp StartCORSPreflight keys the cache with the loading principal (GetEntry(uri, principal, ...)); recording: conformance harness, Firefox 153.7.0esr headless, fixture spec-fixtures/firefox/firefox-preflight-origin-after-taint.json, firefox-preflight-cache-keyed-by-client-origin.json",
    },
    Evidence {
        knob: Knob::PreflightAfterRedirect,
        source: "gecko netwerk/protocol/http/nsCORSListenerProxy.cpp CheckPreflightNeeded: \"const nsTArray<nsCString>& loadInfoHeaders = loadInfo->CorsUnsafeHeaders(); if (!loadInfoHeaders.IsEmpty()) { doPreflight = true; }\" (the names fixed when the fetch started; SetCorsPreflightParameters then drops authorization/content-type when the redirect stripped them); recording: conformance harness, Firefox 153.8.0esr headless, fixtures spec-fixtures/firefox/firefox-preflight-after-authorization-dropped.json, firefox-preflight-after-303-to-get.json, and spec-fixtures redirects-authorization-dropped-on-cross-origin-hop, webkit-authorization-kept-on-cross-origin-redirect, random --seed 1 scenario 17",
    },
];

pub(super) const WEBKIT_EVIDENCE: &[Evidence] = &[
    Evidence {
        knob: Knob::PreflightCacheInsufficientEntryRemovedOnLookup,
        source: "WebKit Source/WebCore/loader/CrossOriginPreflightResultCache.cpp canSkipPreflight: \"if (it->value->allowsRequest(storedCredentialsPolicy, method, requestHeaders)) return true; m_preflightHashMap.remove(it); return false;\"; recording, WebKitGTK 2.50.6: spec-fixtures/chromium/chromium-preflight-cache-insufficient-entry-removed.json's third PUT is preflighted again, as in Chromium",
    },
    Evidence {
        knob: Knob::PreflightAfterRedirect,
        source: "recording: conformance harness, WebKitGTK 2.50.6 MiniBrowser, fixtures spec-fixtures/webkit/webkit-preflight-after-303-to-get.json and webkit-preflight-after-redirect-lists-start-names.json (after a 303 the GET is preflighted again, Access-Control-Request-Headers still content-type)",
    },
    Evidence {
        knob: Knob::OriginOnSameOriginCorsDestinations,
        source: "recordings, WebKitGTK 2.50.6 MiniBrowser (conformance harness): <img crossorigin> (anonymous and use-credentials), <script crossorigin>, <link rel=stylesheet crossorigin>, <script type=module> and <audio crossorigin> to the page's own origin send Origin: https://app.a.test (spec-fixtures/webkit/webkit-same-origin-cors-element-origin-header.json; spec-fixtures/element-loads/element-media-anonymous-same-origin-origin-header.json for audio); a same-origin fetch() GET sends none",
    },
    Evidence {
        knob: Knob::XhrUploadListenerPreflightsWithoutBody,
        source: "recording, WebKitGTK 2.50.6 (conformance harness): spec-fixtures/api-xhr/api-xhr-upload-listener-get-no-body.json, a cross-origin XHR GET with an upload listener sends an OPTIONS preflight first (the fixture's server answers none, so the XHR fails)",
    },
    Evidence {
        knob: Knob::FontModeCors,
        source: "recordings, WebKitGTK 2.50.6 (conformance harness): every @font-face request in spec-fixtures/api-font/ carries Sec-Fetch-Mode: no-cors and no Origin, and api-font-cross-origin-no-acao.json, api-font-cross-origin-acao-other.json, api-font-same-site-no-acao.json load",
    },
    Evidence {
        knob: Knob::WebsocketSecFetchDest,
        source: "recordings, WebKitGTK 2.50.6 (conformance harness): every WebSocket handshake in spec-fixtures/api-websocket/ carries Sec-Fetch-Dest: websocket",
    },
    Evidence {
        knob: Knob::WorkerScriptWithoutMimeRuns,
        source: "recordings, WebKitGTK 2.50.6 (conformance harness): spec-fixtures/api-worker/api-worker-no-mime.json and api-shared-worker-no-mime.json run a classic worker script served without Content-Type (api-worker-text-plain-mime.json and api-shared-worker-text-plain-mime.json, text/plain, fail)",
    },
    Evidence {
        knob: Knob::WorkerCrossOriginUrlThrows,
        source: "recordings, WebKitGTK 2.50.6 (conformance harness): spec-fixtures/api-worker/api-worker-cross-origin-url.json, api-worker-same-site-url.json and the api-module-worker and api-shared-worker ones throw SecurityError from the constructor, nothing sent",
    },
    Evidence {
        knob: Knob::ModuleWorkerMimeChecked,
        source: "recordings, WebKitGTK 2.50.6 (conformance harness): spec-fixtures/api-module-worker/api-module-worker-no-mime.json and api-module-worker-text-plain-mime.json run a module worker script served without a JavaScript MIME type",
    },
    Evidence {
        knob: Knob::BeaconMixedContentReturnsFalse,
        source: "recording, WebKitGTK 2.50.6 (conformance harness): spec-fixtures/api-beacon/api-beacon-mixed-content-blocked.json, sendBeacon(\"http://api.b.test/log\", \"a\") from https://app.a.test returns false, nothing sent",
    },
    Evidence {
        knob: Knob::WebsocketSendsAccept,
        source: "recordings, WebKitGTK 2.50.6 (conformance harness): no WebSocket handshake in spec-fixtures/api-websocket/ carries Accept",
    },
    Evidence {
        knob: Knob::UntypedStylesheetLoads,
        source: "WebKit Source/WebCore/loader/cache/CachedCSSStyleSheet.cpp canUseSheet: \"bool typeOK = mimeType.isEmpty() || equalLettersIgnoringASCIICase(mimeType, \"text/css\"_s) || equalLettersIgnoringASCIICase(mimeType, \"application/x-unknown-content-type\"_s) || !isValidContentType(mimeType);\"; recordings, WebKitGTK 2.50.6: spec-fixtures/element-loads/element-style-no-content-type-cross-origin-error.json and element-style-same-origin-no-content-type-error.json fire load (spec-fixtures/webkit/webkit-element-style-no-content-type-load.json)",
    },
    Evidence {
        knob: Knob::AcceptImage,
        source: "recordings, WebKitGTK 2.50.6 (conformance harness, --browser webkit): every <img> request in spec-fixtures/element-loads/ carries \"Accept: image/webp,image/avif,video/*;q=0.8,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5\"",
    },
    Evidence {
        knob: Knob::OrbEnabled,
        source: "WebKit/standards-positions#64 (ORB: position support, 2024) with no implementation: WebKit has no ORB or CORB analyzer; wpt.fyi fetch/orb fails in Safari",
    },
    Evidence {
        knob: Knob::CacheMaxAgeCap,
        source: "WebKit Source/WebCore/loader/CrossOriginPreflightResultCache.cpp: \"static const auto maxPreflightCacheTimeout = 600_s;\"",
    },
    Evidence {
        knob: Knob::CacheNegativeMaxAge,
        source: "WebKit Source/WebCore/loader/CrossOriginPreflightResultCache.cpp parseAccessControlMaxAge: -1 parses, expiry in the past, never reused",
    },
    Evidence {
        knob: Knob::WildcardAllowHeadersCoversAuthorization,
        source: "WebKit Source/WebCore/loader/CrossOriginPreflightResultCache.cpp validateCrossOriginHeaders: validWildcard ('*' without credentials) accepts every header, Authorization included",
    },
    Evidence {
        knob: Knob::CachedWildcardIgnoredWithCredentials,
        source: "WebKit Source/WebCore/loader/CrossOriginPreflightResultCache.cpp allowsCrossOriginMethod: \"m_methods.contains(\\\"*\\\") && storedCredentialsPolicy != StoredCredentialsPolicy::Use\" (and validWildcard for headers); recording: WebKitGTK 2.50.6 MiniBrowser, fixture spec-fixtures/webkit/webkit-cached-star-method-not-with-credentials.json",
    },
    Evidence {
        knob: Knob::CacheClearedOnNetworkError,
        source: "WebKit Source/WebCore/loader/CrossOriginPreflightResultCache.cpp: entries leave only through canSkipPreflight (a request the entry does not allow) or clear(), never on a failed request; recording: WebKitGTK 2.50.6 MiniBrowser, fixture spec-fixtures/webkit/webkit-cache-kept-after-failed-request.json",
    },
    Evidence {
        knob: Knob::CachedWildcardCoversAuthorization,
        source: "WebKit Source/WebCore/loader/CrossOriginPreflightResultCache.cpp validateCrossOriginHeaders: \"if (!m_headers.contains(header.key) && !validWildcard) return header.key;\" (no Authorization exception); recording: WebKitGTK 2.50.6 MiniBrowser, fixture spec-fixtures/webkit/webkit-cached-star-header-covers-authorization.json",
    },
    Evidence {
        knob: Knob::SafelistingSeesCombinedValues,
        source: "WebKit Source/WebCore/loader/CrossOriginAccessControl.cpp createAccessControlPreflightRequest: isCrossOriginSafeRequestHeader(name, headerField.value) over the HTTPHeaderMap, whose value for a repeated name is the combined `a, b`; recording: WebKitGTK 2.50.6 MiniBrowser, fixture spec-fixtures/webkit/webkit-duplicate-content-type-combined.json",
    },
    Evidence {
        knob: Knob::FetchMetadataChecksCurrentUrl,
        source: "recording: conformance harness, WebKitGTK 2.50.6 MiniBrowser, fixture spec-fixtures/webkit/webkit-no-sec-fetch-img-redirect-to-http.json (an <img> from an http page redirected https -> http: no Sec-Fetch-* on the http hop), and random --family --seed 1 scenarios 14 and 41",
    },
    Evidence {
        knob: Knob::PreflightFetchMetadataNeedsTrustworthyFirstUrl,
        source: "recording: conformance harness, WebKitGTK 2.50.6 MiniBrowser, fixture spec-fixtures/webkit/webkit-no-sec-fetch-preflight-after-http-to-https-redirect.json (a PUT from an http: page to http://api.b.test:8080 redirected 307 to https://api.c.test: the OPTIONS to the https: URL carries no Sec-Fetch-*; Chromium 156 and Firefox ESR 153 send Sec-Fetch-Mode/Site/Dest on it; a PUT whose first URL is https: gets them on the preflight after a redirect, fixture webkit-no-sec-fetch-after-tainting-redirect.json)",
    },
    Evidence {
        knob: Knob::FetchMetadataRemovedOnCrossOriginRedirect,
        source: "WebKit Source/WebCore/loader/CrossOriginAccessControl.cpp cleanHTTPRequestHeadersForAccessControl: \"request.removeHTTPHeaderField(HTTPHeaderName::SecFetchDest); ... SecFetchMode; ... SecFetchSite\" when a CORS request is redirected to another origin (same-origin to cross-origin, cross-origin back to the page, https to http); createAccessControlPreflightRequest adds them afresh; recording: WebKitGTK 2.50.6 MiniBrowser, fixture spec-fixtures/webkit/webkit-no-sec-fetch-after-tainting-redirect.json",
    },
    Evidence {
        knob: Knob::AuthorizationKeptOnCrossOriginRedirect,
        source: "WebKit Source/WebCore/loader/CrossOriginAccessControl.cpp cleanHTTPRequestHeadersForAccessControl, the header cleaning of a cross-origin CORS redirect, removes Content-Type, Accept-Encoding, Cache-Control, Origin, Pragma, Referer, User-Agent and Sec-Fetch-* but not Authorization; recording: WebKitGTK 2.50.6 MiniBrowser, fixture spec-fixtures/webkit/webkit-authorization-kept-on-cross-origin-redirect.json (the redirected GET is preflighted for authorization)",
    },
    Evidence {
        knob: Knob::DeleteBecomesGetOnCrossOriginRedirect,
        source: "WebKit Source/WebKit/NetworkProcess/soup/NetworkDataTaskSoup.cpp shouldRedirectAsGET: \"if (crossOrigin && method == SOUP_METHOD_DELETE) return true;\" after the status rules (so for 307/308 too), crossOrigin being continueHTTPRedirection's \"!protocolHostAndPortAreEqual(m_currentRequest.url(), request.url())\" (this hop, not the page); recording: WebKitGTK 2.50.6 MiniBrowser, fixtures spec-fixtures/webkit/webkit-delete-{301,302,307,308}-cross-origin-hop-becomes-get.json (a cross-origin DELETE redirected 301/302/307/308 to a third origin is sent on as GET, no body, Content-Type kept; a same-origin hop keeps DELETE; PUT and PATCH are not rewritten)",
    },
    Evidence {
        knob: Knob::PreflightStatusCheckedFirst,
        source: "WebKit Source/WebCore/loader/CrossOriginAccessControl.cpp validatePreflightResponse checks the status before passesAccessControlCheck",
    },
    Evidence {
        knob: Knob::NavigationOriginNullAfterCrossOriginRedirect,
        source: "recording, WebKitGTK 2.50.6 (conformance harness): spec-fixtures/api-form/api-form-post-307-keeps-origin.json, a same-origin POST form submission redirected (307) to another site sends Origin: null on the second hop",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::browser::BrowserName;

    /// Every knob of every profile whose value differs from the standard's
    /// names its evidence, and no evidence is given for a knob equal to it.
    #[test]
    fn every_knob_differing_from_spec_names_evidence() {
        for browser in BrowserName::ALL {
            let profile = browser.profile();
            for &knob in Knob::ALL {
                let differs = profile.differs(&Profile::SPEC, knob);
                let evidenced = profile.evidence().iter().any(|e| e.knob == knob);
                assert_eq!(
                    differs,
                    evidenced,
                    "{}: {} {}",
                    browser.as_str(),
                    knob.path(),
                    if differs {
                        "differs from spec without evidence"
                    } else {
                        "has evidence but equals spec"
                    }
                );
            }
        }
    }

    /// The WebKit knobs taken from recordings differ from the standard; the
    /// other browsers keep the standard's behaviour for them.
    #[test]
    fn webkit_recorded_knobs_differ_from_spec() {
        let recorded = [
            Knob::CachedWildcardIgnoredWithCredentials,
            Knob::CacheClearedOnNetworkError,
            Knob::CachedWildcardCoversAuthorization,
            Knob::SafelistingSeesCombinedValues,
            Knob::FetchMetadataRemovedOnCrossOriginRedirect,
            Knob::AuthorizationKeptOnCrossOriginRedirect,
            Knob::DeleteBecomesGetOnCrossOriginRedirect,
        ];
        for knob in recorded {
            assert!(
                Profile::WEBKIT.differs(&Profile::SPEC, knob),
                "{}",
                knob.path()
            );
        }
        for knob in &recorded[2..] {
            if *knob == Knob::SafelistingSeesCombinedValues {
                continue;
            }
            for p in [&Profile::CHROMIUM, &Profile::FIREFOX] {
                assert!(!p.differs(&Profile::SPEC, *knob), "{}", knob.path());
            }
        }
    }

    #[test]
    fn knob_paths_are_unique() {
        for (i, a) in Knob::ALL.iter().enumerate() {
            assert!(Knob::ALL[i + 1..].iter().all(|b| a.path() != b.path()));
        }
    }
}
