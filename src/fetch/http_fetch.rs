//! HTTP fetch, CORS-preflight fetch and HTTP-network-or-cache fetch: the
//! requests that go on the wire and what the engine does with each answer.
//!
//! <https://fetch.spec.whatwg.org/#http-fetch>

use super::*;

impl FetchController<'_> {
    /// The CORS-preflight request, with the headers HTTP-network-or-cache
    /// fetch adds. <https://fetch.spec.whatwg.org/#cors-preflight-fetch-0>
    pub(super) fn preflight_request(&self, unsafe_names: &[String]) -> OutgoingRequest {
        let repeated;
        let listed = if self.profile.preflight.request_header_names_deduplicated {
            unsafe_names
        } else {
            // The name of each header that is not safelisted, lowercased and
            // sorted, repeats kept.
            let mut names: Vec<String> = self
                .request
                .header_list
                .iter()
                .filter(|(name, value)| {
                    !crate::http::headers::is_cors_safelisted_request_header(name, value)
                })
                .map(|(name, _)| crate::mime::isomorphic_decode(name).to_ascii_lowercase())
                .filter(|name| unsafe_names.contains(name))
                .collect();
            names.sort();
            repeated = names;
            &repeated
        };
        let mut header_list = cors::cors_preflight_request_headers(&self.request, listed);
        // The preflight's response tainting is "cors": `Origin` always.
        self.append_referer(&mut header_list);
        header_list.append(b"Origin", self.preflight_origin().as_bytes());
        crate::fetch::metadata::append_fetch_metadata_headers(
            &mut header_list,
            &self.request,
            Mode::Cors,
            RequestKind::Preflight,
            self.profile,
        );
        OutgoingRequest {
            kind: RequestKind::Preflight,
            method: "OPTIONS".to_owned(),
            url: self.request.current_url().clone(),
            header_list,
            body: None,
            // A new request in credentials mode "same-origin" with response
            // tainting "cors": no credentials.
            include_credentials: false,
        }
    }

    /// The request as HTTP-network-or-cache fetch puts it on the wire.
    /// <https://fetch.spec.whatwg.org/#http-network-or-cache-fetch>
    pub(super) fn http_network_request(&self) -> OutgoingRequest {
        let request = &self.request;
        // Room for what this step appends (length, referrer, origin, metadata, cache).
        let mut header_list = request.header_list.clone_with_room(8);
        let content_length = match &request.body {
            Some(body) => Some(body.len().to_string()),
            None if request.method == "POST" || request.method == "PUT" => Some("0".to_owned()),
            None => None,
        };
        if let Some(length) = content_length {
            header_list.append(b"Content-Length", length.as_bytes());
        }
        if self.profile.request_headers.only_one_content_type_sent
            && header_list.count(b"content-type") > 1
        {
            let values: Vec<Vec<u8>> = header_list
                .iter()
                .filter(|(name, _)| name.eq_ignore_ascii_case(b"content-type"))
                .map(|(_, value)| value.to_vec())
                .collect();
            // A redirected request is a new channel: headers only.
            let kept = if request.body.is_some() && request.url_list_len() == 1 {
                values.first()
            } else {
                values.last()
            }
            .cloned();
            if let Some(value) = kept {
                header_list.delete(b"content-type");
                header_list.append(b"Content-Type", &value);
            }
        }
        self.append_referer(&mut header_list);
        if let Some(origin) = self.origin_header_value() {
            header_list.append(b"Origin", origin.as_bytes());
        }
        crate::fetch::metadata::append_fetch_metadata_headers(
            &mut header_list,
            request,
            request.mode,
            RequestKind::Main,
            self.profile,
        );
        // The cache mode's headers. A conditional header makes `default`
        // behave as `no-store`, which only changes the HTTP cache.
        match request.cache_mode {
            CacheMode::NoCache if !header_list.contains(b"cache-control") => {
                header_list.append(b"Cache-Control", b"max-age=0");
            }
            CacheMode::NoStore | CacheMode::Reload => {
                if !header_list.contains(b"pragma") {
                    header_list.append(b"Pragma", b"no-cache");
                }
                if !header_list.contains(b"cache-control") {
                    header_list.append(b"Cache-Control", b"no-cache");
                }
            }
            _ => {}
        }
        if header_list.contains(b"range") && !header_list.contains(b"accept-encoding") {
            header_list.append(b"Accept-Encoding", b"identity");
        }
        let include_credentials = self.include_credentials();
        OutgoingRequest {
            kind: RequestKind::Main,
            method: request.method.clone(),
            url: request.current_url().clone(),
            header_list,
            body: request.body.clone(),
            include_credentials,
        }
    }

    /// HTTP-network-or-cache fetch's includeCredentials, after
    /// "Cross-Origin-Embedder-Policy allows credentials".
    /// <https://fetch.spec.whatwg.org/#cross-origin-embedder-policy-allows-credentials>
    pub(super) fn include_credentials(&self) -> bool {
        let request = &self.request;
        let include = match request.credentials_mode {
            CredentialsMode::Include => true,
            CredentialsMode::SameOrigin => request.response_tainting == ResponseTainting::Basic,
            CredentialsMode::Omit => false,
        };
        let coep_allows = request.mode != Mode::NoCors
            || request.embedder_policy.value != EmbedderPolicyValue::Credentialless
            || (request.origin.same_origin_with_url(request.current_url())
                && request.redirect_taint() == crate::http::request::RedirectTaint::SameOrigin);
        include && coep_allows
    }

    /// HTTP-network-or-cache fetch: "If httpRequest's referrer is a URL,
    /// append `Referer`", when the value follows from the page's origin.
    pub(super) fn append_referer(&self, list: &mut HeaderList) {
        let request = &self.request;
        if let Some(Some(origin)) = crate::fetch::referrer::referrer_kind(
            &request.origin,
            request.referrer_policy,
            request.current_url(),
        ) {
            let [origin, slash] = crate::fetch::referrer::origin_only_pieces(origin);
            list.append_concat(b"Referer", &[origin.as_bytes(), slash.as_bytes()]);
        }
    }

    /// "Append a request `Origin` header".
    /// <https://fetch.spec.whatwg.org/#append-a-request-origin-header>
    pub(super) fn origin_header_value(&self) -> Option<&str> {
        let request = &self.request;
        let serialized = request.serialized_origin();
        if request.response_tainting == ResponseTainting::Cors || request.mode == Mode::WebSocket {
            return Some(serialized);
        }
        if request.method == "GET" || request.method == "HEAD" {
            // (A profile whose browser sends it on same-origin cors-mode
            // loads of some destinations.)
            let destinations = self
                .profile
                .request_headers
                .origin_on_same_origin_cors_destinations;
            let dest = crate::fetch::metadata::sec_fetch_dest(request.destination);
            return (request.mode == Mode::Cors && destinations.contains(&dest))
                .then_some(serialized);
        }
        if request.mode == Mode::Navigate
            && self
                .profile
                .initiators
                .navigation_origin_null_after_cross_origin_redirect
            && crossed_origins(request)
        {
            return Some("null");
        }
        if request.mode == Mode::Cors {
            return Some(serialized);
        }
        let rules = &self.profile.request_headers;
        if !rules.origin_header_follows_referrer_policy {
            return Some(serialized);
        }
        let url = request.current_url();
        let null = match request.referrer_policy {
            ReferrerPolicy::NoReferrer => true,
            ReferrerPolicy::NoReferrerWhenDowngrade
            | ReferrerPolicy::StrictOrigin
            | ReferrerPolicy::StrictOriginWhenCrossOrigin => match &request.origin {
                Origin::Tuple(t) => t.scheme() == "https" && url.scheme() != "https",
                Origin::Opaque(_) => false,
            },
            ReferrerPolicy::SameOrigin => !request.origin.same_origin_with_url(url),
            _ => false,
        };
        Some(if null { "null" } else { serialized })
    }

    /// The rest of CORS-preflight fetch, once its response is in.
    pub(super) fn on_preflight_response(
        &mut self,
        response: &NetworkResponse,
        unsafe_names: &[String],
        cache: &mut PreflightCache,
        now: Duration,
    ) {
        match cors::check_cors_preflight_response(
            &self.request,
            response.status,
            &response.header_list,
            unsafe_names,
            self.profile,
        ) {
            Ok(result) => {
                self.store_preflight_result(&result, cache, now);
                self.state = State::SendMain;
            }
            Err(failure) => self.fail(
                Reason::Preflight { failure },
                Some(RequestKind::Preflight),
                cache,
            ),
        }
    }

    /// CORS-preflight fetch steps 7.8 to 7.12: cache the allowed methods and
    /// header names for max-age seconds.
    pub(super) fn store_preflight_result(
        &self,
        result: &PreflightResult,
        cache: &mut PreflightCache,
        now: Duration,
    ) {
        let Some(secs) = result.max_age_secs else {
            return;
        };
        if !self.preflight_cache_usable() {
            return;
        }
        if let Some(limit) = self.profile.preflight_cache.max_cacheable_url_len
            && self.request.current_url().as_str().len() >= limit
        {
            return;
        }
        let max_age = Duration::from_secs(secs);
        let key = self.cache_key();
        cache.insert_all(&key, &result.methods, &result.header_names, max_age, now);
    }

    /// HTTP fetch after the network answered: CORS check, then redirects.
    /// <https://fetch.spec.whatwg.org/#http-fetch>
    pub(super) fn on_main_response(
        &mut self,
        response: NetworkResponse,
        cache: &mut PreflightCache,
    ) {
        if self.request.response_tainting == ResponseTainting::Cors
            && let Err(failure) = cors::cors_check(&self.request, &response.header_list)
        {
            self.fail(
                Reason::CorsCheck { failure },
                Some(RequestKind::Main),
                cache,
            );
            return;
        }
        // HTTP fetch step 6: the cross-origin resource policy check for
        // opaque (no-cors) responses.
        if self.request.response_tainting == ResponseTainting::Opaque
            && let Err(blocked) = cross_origin_resource_policy_check(
                &self.request.origin,
                &self.request.embedder_policy,
                &response.header_list,
                self.request.current_url(),
                self.include_credentials(),
                &self.profile.corp,
            )
        {
            self.fail(
                Reason::CrossOriginResourcePolicy { blocked },
                Some(RequestKind::Main),
                cache,
            );
            return;
        }
        if is_redirect_status(response.status) {
            match self.request.redirect_mode {
                RedirectMode::Error => {
                    self.fail(
                        Reason::RedirectModeError {
                            status: response.status,
                        },
                        Some(RequestKind::Main),
                        cache,
                    );
                    return;
                }
                RedirectMode::Manual => {
                    let urls: Vec<Url> = self.request.url_list().cloned().collect();
                    self.state = State::Finished(FetchOutcome::Response(
                        FilteredResponse::opaque_redirect(&urls),
                    ));
                    return;
                }
                RedirectMode::Follow => {}
            }
            let current = self.request.current_url();
            match redirect::location_url(
                response.status,
                &response.header_list,
                current,
                current.fragment(),
            ) {
                LocationUrl::Null => {}
                LocationUrl::Failure { value } => {
                    self.fail(
                        Reason::Redirect {
                            failure: redirect::RedirectFailure::InvalidLocation { value },
                        },
                        Some(RequestKind::Main),
                        cache,
                    );
                    return;
                }
                LocationUrl::Url(location) => {
                    match redirect::follow_redirect_with_rules(
                        &mut self.request,
                        response.status,
                        location,
                        &self.profile.redirects,
                    ) {
                        Ok(()) => {
                            redirect::remove_headers_unless_request_origin(
                                &mut self.request,
                                self.profile
                                    .redirects
                                    .client_hints_removed_unless_page_origin,
                            );
                            redirect::set_referrer_policy_on_redirect(
                                &mut self.request,
                                &response.header_list,
                            );
                            self.state = State::MainFetch;
                        }
                        Err(failure) => {
                            self.fail(Reason::Redirect { failure }, Some(RequestKind::Main), cache)
                        }
                    }
                    return;
                }
            }
        }
        // Opaque-response blocking, on the response that ends the fetch (a
        // redirect is followed, not sniffed).
        if let crate::policy::orb::OrbVerdict::Blocked(blocked) = crate::policy::orb::orb_check(
            &self.request,
            response.status,
            &response.header_list,
            response.body.as_deref().unwrap_or_default(),
            &self.profile.orb,
        ) {
            let empty_response = self.request.destination
                == crate::http::request::Destination::Empty
                && self.profile.orb.blocked_fetch == crate::browser::OrbBlockedFetch::EmptyResponse;
            if !empty_response {
                self.fail(
                    Reason::OpaqueResponseBlocking { blocked },
                    Some(RequestKind::Main),
                    cache,
                );
                return;
            }
            // CORB-style: an empty opaque response, which script cannot tell
            // from any other opaque response.
        }
        self.finish_response(response);
    }

    /// The end of main fetch: the CORS-exposed header-name list and the
    /// filtered response for the request's response tainting.
    /// <https://fetch.spec.whatwg.org/#main-fetch> (step 14)
    pub(super) fn finish_response(&mut self, response: NetworkResponse) {
        // Main fetch step 19: a script-like or style destination can block
        // the response for its MIME type or for nosniff.
        let destination = self.request.destination;
        // `fetch()` (the empty destination) skips both: nothing to parse.
        let element = matches!(destination, Destination::Script | Destination::Style);
        if element
            && let Err(blocked) = should_response_to_request_be_blocked_due_to_its_mime_type(
                destination,
                &response.header_list,
            )
            .and_then(|()| {
                should_response_to_request_be_blocked_due_to_nosniff(
                    destination,
                    &response.header_list,
                )
            })
        {
            self.finish_with_error(Reason::MimeTypeBlocked { blocked }, Some(RequestKind::Main));
            return;
        }
        let url = Some(self.request.current_url());
        let redirected = self.request.url_list_len() > 1;
        let filtered = match self.request.response_tainting {
            ResponseTainting::Basic => {
                FilteredResponse::basic_at(response.status, &response.header_list, url, redirected)
            }
            ResponseTainting::Opaque => FilteredResponse::opaque(),
            ResponseTainting::Cors => {
                let include = self.request.credentials_mode == CredentialsMode::Include;
                let listed = extract_header_list_values_borrowed(
                    b"access-control-expose-headers",
                    &response.header_list,
                );
                let every_name: Vec<&[u8]>;
                let exposed: &[&[u8]] = match &listed {
                    BorrowedValues::Values(names)
                        if !include && names.as_slice().iter().any(|n| *n == b"*") =>
                    {
                        // Every name the response has (compared
                        // byte-case-insensitively by the filter).
                        every_name = response.header_list.iter().map(|(n, _)| n).collect();
                        &every_name
                    }
                    BorrowedValues::Values(names) => names.as_slice(),
                    // Absent or failure: only the safelisted names.
                    BorrowedValues::Absent | BorrowedValues::Failure => &[],
                };
                FilteredResponse::cors_at(
                    response.status,
                    &response.header_list,
                    exposed,
                    url,
                    redirected,
                )
            }
        };
        self.state = State::Finished(FetchOutcome::Response(filtered));
    }
}

/// Header values as HTTP parsing delivers them: leading and trailing
/// whitespace is not part of a field value.
pub(super) fn normalize_network_response(mut response: NetworkResponse) -> NetworkResponse {
    let needs = response
        .header_list
        .iter()
        .any(|(_, v)| crate::http::headers::normalize_header_value(v).len() != v.len());
    if needs {
        response.header_list = response
            .header_list
            .iter()
            .map(|(n, v)| (n, crate::http::headers::normalize_header_value(v)))
            .collect();
    }
    response
}

/// Whether any redirect of `request` went from one origin to another (the
/// browsers' rule behind
/// `initiators.navigation_origin_null_after_cross_origin_redirect`).
fn crossed_origins(request: &Request) -> bool {
    let mut urls = request.url_list();
    let Some(mut last) = urls.next() else {
        return false;
    };
    for url in urls {
        if !Origin::from_url(last).same_origin_with_url(url) {
            return true;
        }
        last = url;
    }
    false
}
