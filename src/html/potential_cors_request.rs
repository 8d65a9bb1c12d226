//! The request an element such as `<img>`, `<script>` or
//! `<link rel=stylesheet>` makes: HTML's "create a potential-CORS request",
//! whose mode and credentials mode come from the element's `crossorigin`
//! attribute (a CORS settings attribute).
//!
//! <https://html.spec.whatwg.org/multipage/urls-and-fetching.html#create-a-potential-cors-request>

use url::Url;

use crate::http::request::{CredentialsMode, Destination, Mode, Request, RequestError};
use crate::origin::Origin;

/// The state of a CORS settings attribute such as `crossorigin`.
/// <https://html.spec.whatwg.org/multipage/urls-and-fetching.html#cors-settings-attribute>
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum CorsSettingsAttribute {
    /// The attribute is absent: the missing value default.
    #[default]
    #[cfg_attr(feature = "cli", value(skip))]
    NoCors,
    /// `anonymous`, and the invalid and empty value default.
    Anonymous,
    /// `use-credentials`.
    UseCredentials,
}

impl CorsSettingsAttribute {
    /// The state for the attribute's value, `None` when it is absent.
    /// Keywords are compared exactly (HTML compares them ASCII
    /// case-insensitively; scenarios and the CLI spell them in lowercase).
    pub fn from_attribute_value(value: Option<&str>) -> CorsSettingsAttribute {
        match value {
            None => CorsSettingsAttribute::NoCors,
            Some("use-credentials") => CorsSettingsAttribute::UseCredentials,
            // `anonymous`, and any other value.
            Some(_) => CorsSettingsAttribute::Anonymous,
        }
    }

    /// The request's mode: `no-cors` for the No CORS state, `cors` otherwise
    /// (step 1; the same-origin fallback flag, which would turn `no-cors`
    /// into `same-origin`, is not modelled).
    pub fn mode(self) -> Mode {
        match self {
            CorsSettingsAttribute::NoCors => Mode::NoCors,
            CorsSettingsAttribute::Anonymous | CorsSettingsAttribute::UseCredentials => Mode::Cors,
        }
    }

    /// The request's credentials mode: `same-origin` for the Anonymous state,
    /// `include` otherwise (steps 3 and 4).
    pub fn credentials_mode(self) -> CredentialsMode {
        match self {
            CorsSettingsAttribute::Anonymous => CredentialsMode::SameOrigin,
            CorsSettingsAttribute::NoCors | CorsSettingsAttribute::UseCredentials => {
                CredentialsMode::Include
            }
        }
    }
}

/// Create a potential-CORS request for `url` and `destination`, with mode
/// and credentials mode from `cors_attribute_state`, for a client whose
/// origin is `client_origin`. The element then sets what its own algorithm
/// names (the referrer policy from its `referrerpolicy` attribute).
///
/// A URL that includes credentials is refused as `fetch()` refuses it: HTML
/// would set the use-URL-credentials flag, which xorigin does not model.
/// <https://html.spec.whatwg.org/multipage/urls-and-fetching.html#create-a-potential-cors-request>
pub fn create_potential_cors_request(
    url: Url,
    destination: Destination,
    cors_attribute_state: CorsSettingsAttribute,
    client_origin: &Origin,
) -> Result<Request, RequestError> {
    if url.username() != "" || url.password().is_some() {
        return Err(RequestError::UrlIncludesCredentials { url: url.into() });
    }
    let mut request = Request::new(url, client_origin.clone());
    request.destination = destination;
    request.mode = cors_attribute_state.mode();
    request.credentials_mode = cors_attribute_state.credentials_mode();
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_states_give_the_standards_modes() {
        let cases = [
            (None, Mode::NoCors, CredentialsMode::Include),
            (Some("anonymous"), Mode::Cors, CredentialsMode::SameOrigin),
            (Some(""), Mode::Cors, CredentialsMode::SameOrigin),
            (Some("bogus"), Mode::Cors, CredentialsMode::SameOrigin),
            (
                Some("use-credentials"),
                Mode::Cors,
                CredentialsMode::Include,
            ),
        ];
        let origin = Origin::parse_serialized("https://a.test").expect("origin");
        for (value, mode, credentials) in cases {
            let state = CorsSettingsAttribute::from_attribute_value(value);
            let url = Url::parse("https://b.test/i.png").expect("URL");
            let request = create_potential_cors_request(url, Destination::Image, state, &origin)
                .expect("no credentials in the URL");
            assert_eq!(
                (request.mode, request.credentials_mode),
                (mode, credentials),
                "{value:?}"
            );
            assert_eq!(request.destination, Destination::Image);
            assert!(!request.unsafe_request);
            assert_eq!(request.method, "GET");
        }
    }

    #[test]
    fn a_url_with_credentials_is_refused_as_fetch_refuses_it() {
        let origin = Origin::parse_serialized("https://a.test").expect("origin");
        let url = Url::parse("https://u:p@b.test/s.js").expect("URL");
        let state = CorsSettingsAttribute::Anonymous;
        assert_eq!(
            create_potential_cors_request(url, Destination::Script, state, &origin).err(),
            Some(RequestError::UrlIncludesCredentials {
                url: "https://u:p@b.test/s.js".to_owned()
            })
        );
    }
}
