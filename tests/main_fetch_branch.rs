//! Main fetch's branch as `explain` reports it (`classification.branch`,
//! from `fetch::main_fetch_branch` with a cold preflight cache) agrees with
//! what the engine did on every fetch of every fixture in `spec-fixtures/`,
//! under every profile: whether a CORS-preflight went out first, whether the
//! response was basic, opaque or cors, and main fetch's own network errors.
//! Element loads get no classification in explanations; for them the branch
//! is computed the same way from the request the scenario builds.
//! <https://fetch.spec.whatwg.org/#main-fetch> (step 12)

use std::collections::BTreeMap;

mod common;

use xorigin::browser::BrowserName;
use xorigin::explain::{Explanation, explain_scenario};
use xorigin::fetch::{BasicCause, MainFetchBranch, Reason, RequestKind, main_fetch_branch};
use xorigin::http::response::ResponseType;
use xorigin::scenario::{self, Scenario};

/// A short name for counting which branches the corpus covers.
fn label(branch: &MainFetchBranch) -> &'static str {
    match branch {
        MainFetchBranch::Basic(BasicCause::SameOriginUrl) => "basic (same-origin URL)",
        MainFetchBranch::Basic(BasicCause::DataUrl) => "basic (data: URL)",
        MainFetchBranch::Basic(BasicCause::NavigateMode) => "basic (navigate)",
        MainFetchBranch::SameOriginModeCrossOriginUrl => "same-origin mode, cross-origin URL",
        MainFetchBranch::NoCorsRedirectModeNotFollow => "no-cors, redirect mode not follow",
        MainFetchBranch::NoCors => "no-cors",
        MainFetchBranch::CorsUnsupportedScheme { .. } => "CORS, unsupported scheme",
        MainFetchBranch::CorsWithPreflight { .. } => "CORS with preflight",
        MainFetchBranch::Cors => "CORS without preflight",
    }
}

fn without_fragment(url: &str) -> &str {
    url.split_once('#').map_or(url, |(u, _)| u)
}

/// Unless the engine ended with main fetch's own network error `want`
/// before sending anything, what it did instead.
fn main_fetch_error(e: &Explanation, want: fn(&Reason) -> bool) -> Option<String> {
    if e.exchanges.is_empty() && e.reason.as_ref().is_some_and(want) {
        None
    } else {
        Some(format!(
            "not main fetch's network error: {} requests sent, reason {:?}",
            e.exchanges.len(),
            e.reason
        ))
    }
}

/// Why `e` (the engine's run) disagrees with `branch`, if it does.
/// `earlier` are the explanations of the scenario's previous fetches (they
/// share the preflight cache).
fn disagreement(
    branch: &MainFetchBranch,
    e: &Explanation,
    earlier: &[Explanation],
) -> Option<String> {
    let first = e.exchanges.first();
    // A request Local Network Access blocked at connection time is not sent.
    let first_kind = first.map(|x| x.kind).or(e.failed_on);
    let main_hops = e
        .exchanges
        .iter()
        .filter(|x| x.kind == RequestKind::Main)
        .count();
    let response_type = e.response.as_ref().map(|r| r.response_type);
    let problem = match branch {
        MainFetchBranch::Basic(BasicCause::DataUrl) => {
            if !e.exchanges.is_empty() {
                Some("a data: URL went on the wire".to_owned())
            } else if response_type.is_some_and(|t| t != ResponseType::Basic) {
                Some(format!("response type {response_type:?}, not basic"))
            } else {
                None
            }
        }
        MainFetchBranch::Basic(_) => {
            if first_kind == Some(RequestKind::Preflight) {
                Some("a preflight was sent".to_owned())
            } else if main_hops <= 1
                && response_type
                    .is_some_and(|t| t != ResponseType::Basic && t != ResponseType::OpaqueRedirect)
            {
                Some(format!("response type {response_type:?}, not basic"))
            } else {
                None
            }
        }
        MainFetchBranch::SameOriginModeCrossOriginUrl => {
            main_fetch_error(e, |r| matches!(r, Reason::SameOriginModeCrossOriginUrl))
        }
        MainFetchBranch::NoCorsRedirectModeNotFollow => {
            main_fetch_error(e, |r| matches!(r, Reason::NoCorsRedirectModeNotFollow))
        }
        MainFetchBranch::CorsUnsupportedScheme { .. } => {
            main_fetch_error(e, |r| matches!(r, Reason::CorsUnsupportedScheme { .. }))
        }
        MainFetchBranch::NoCors => {
            if first_kind == Some(RequestKind::Preflight) {
                Some("a preflight was sent".to_owned())
            } else if response_type.is_some_and(|t| t != ResponseType::Opaque) {
                Some(format!("response type {response_type:?}, not opaque"))
            } else {
                None
            }
        }
        MainFetchBranch::CorsWithPreflight { .. } | MainFetchBranch::Cors => {
            let preflighted = first_kind == Some(RequestKind::Preflight);
            let wants_preflight = matches!(branch, MainFetchBranch::CorsWithPreflight { .. });
            // Without a preflight on the wire, only a cached one (from an
            // earlier fetch to the same URL) explains the CORS-preflight
            // branch.
            let cached = || {
                let url = without_fragment(&e.url);
                earlier
                    .iter()
                    .flat_map(|x| &x.exchanges)
                    .any(|x| x.kind == RequestKind::Preflight && without_fragment(&x.url) == url)
            };
            if wants_preflight && !preflighted && first_kind.is_some() && !cached() {
                Some("no preflight was sent and none is cached".to_owned())
            } else if !wants_preflight && preflighted {
                Some("a preflight was sent".to_owned())
            } else if response_type
                .is_some_and(|t| t != ResponseType::Cors && t != ResponseType::OpaqueRedirect)
            {
                Some(format!("response type {response_type:?}, not cors"))
            } else {
                None
            }
        }
    };
    problem.map(|p| format!("{}: {p}", label(branch)))
}

/// What the checks found so far.
#[derive(Default)]
struct Checker {
    failures: Vec<String>,
    /// How many fetches took each branch.
    covered: BTreeMap<&'static str, usize>,
    /// Fetches that ended before step 12 (a throwing `fetch()`, a bad port,
    /// blocked mixed content).
    not_reached: usize,
}

impl Checker {
    /// Checks every fetch of `scenario` (named `name`) under every profile.
    fn check(&mut self, name: &str, scenario: &Scenario) {
        let origin = scenario::client_origin(&scenario.client.origin).expect("a valid origin");
        for browser in [
            BrowserName::Spec,
            BrowserName::Chromium,
            BrowserName::Firefox,
            BrowserName::Webkit,
        ] {
            let profile = browser.profile();
            let explanations = explain_scenario(scenario, browser).expect("explained");
            for (i, (step, e)) in scenario.fetches.iter().zip(&explanations).enumerate() {
                let at = format!("{name} ({}), fetch {i}", browser.as_str());
                let request = match scenario::build_request(&origin, &step.request, profile, i) {
                    Ok(Ok(request)) => request,
                    // `fetch()` threw: main fetch never ran.
                    Ok(Err(_)) => {
                        self.not_reached += 1;
                        continue;
                    }
                    Err(error) => panic!("{at}: {error}"),
                };
                // Bad ports and mixed content end main fetch before step 12.
                if e.exchanges.is_empty()
                    && matches!(
                        e.reason,
                        Some(Reason::BadPort { .. } | Reason::MixedContent)
                    )
                {
                    self.not_reached += 1;
                    continue;
                }
                // The URL main fetch reached step 12 with: mixed content may
                // upgrade an element's URL first; the first request shows it.
                let mut sent_url = request.current_url().clone();
                sent_url.set_fragment(None);
                let upgraded = e
                    .exchanges
                    .first()
                    .filter(|first| first.url != sent_url.as_str())
                    .and_then(|first| url::Url::parse(&first.url).ok());
                let branch = match (&e.classification, upgraded) {
                    (Some(classification), None) => classification.branch.clone(),
                    (Some(_), Some(url)) => {
                        self.failures.push(format!(
                            "{at}: classified {sent_url} but the engine sent {url}"
                        ));
                        continue;
                    }
                    (None, upgraded) => {
                        let mut request = request;
                        if let Some(url) = upgraded {
                            request.replace_current_url(url);
                        }
                        main_fetch_branch(&request, profile, |_| false)
                    }
                };
                let cache_hit = matches!(branch, MainFetchBranch::CorsWithPreflight { .. })
                    && e.exchanges
                        .first()
                        .is_some_and(|x| x.kind == RequestKind::Main);
                let label = if cache_hit {
                    "CORS with preflight, cache hit"
                } else {
                    label(&branch)
                };
                *self.covered.entry(label).or_default() += 1;
                if let Some(why) = disagreement(&branch, e, &explanations[..i]) {
                    self.failures.push(format!("{at}: {why}"));
                }
            }
        }
    }
}

#[test]
fn explains_main_fetch_branch_as_the_engine_takes_it() {
    let files = common::fixture_files("");
    assert!(files.len() >= 200, "found {} fixtures", files.len());
    let mut checker = Checker::default();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable fixture");
        let scenario = Scenario::from_json(&text).expect("a valid fixture");
        checker.check(&file.display().to_string(), &scenario);
    }
    // Branches no fixture starts in: a `data:` URL and a CORS request to an
    // ftp: URL.
    for (name, url) in [
        ("data: URL", "data:text/plain,hi"),
        ("ftp: URL", "ftp://api.b.test/x"),
    ] {
        let scenario = Scenario::from_json(&format!(
            r#"{{"id": "x", "client": {{"origin": "https://app.a.test"}}, "server": [],
                "fetches": [{{"request": {{"url": "{url}"}}}}]}}"#
        ))
        .expect("a valid scenario");
        checker.check(name, &scenario);
    }
    let Checker {
        failures,
        covered,
        not_reached,
    } = checker;
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Every branch fetch() can reach is checked at least once.
    for branch in [
        "basic (same-origin URL)",
        "basic (data: URL)",
        "same-origin mode, cross-origin URL",
        "no-cors",
        "no-cors, redirect mode not follow",
        "CORS, unsupported scheme",
        "CORS with preflight",
        "CORS with preflight, cache hit",
        "CORS without preflight",
    ] {
        assert!(
            covered.get(branch).is_some_and(|n| *n > 0),
            "no fetch takes the branch {branch}: {covered:?} ({not_reached} not reached)"
        );
    }
}

/// The causes the preflight branch reports, per request and profile: the
/// method, the unsafe names, and "required only because an earlier hop
/// needed one" (`preflight.after_redirect`; a per-hop profile takes the plain
/// CORS branch instead).
#[test]
fn preflight_causes_table() {
    use xorigin::browser::Profile;
    use xorigin::fetch::PreflightCauses;
    use xorigin::http::request::{Mode, Request};
    use xorigin::origin::Origin;
    // (profile, method, header, preflight needed before a redirect,
    // causes: unsafe method, unsafe names, required only earlier; `None`
    // for the CORS branch without preflight).
    type Row = (
        &'static Profile,
        &'static str,
        Option<&'static str>,
        bool,
        Option<(bool, &'static [&'static str], bool)>,
    );
    let rows: &[Row] = &[
        (&Profile::SPEC, "PUT", None, false, Some((true, &[], false))),
        (
            &Profile::SPEC,
            "GET",
            Some("X-A"),
            false,
            Some((false, &["x-a"], false)),
        ),
        (&Profile::SPEC, "GET", None, false, None),
        (&Profile::SPEC, "GET", None, true, None),
        (&Profile::CHROMIUM, "GET", None, true, None),
        (
            &Profile::FIREFOX,
            "GET",
            None,
            true,
            Some((false, &[], true)),
        ),
        (
            &Profile::FIREFOX,
            "PUT",
            None,
            true,
            Some((true, &[], false)),
        ),
        (
            &Profile::WEBKIT,
            "POST",
            Some("X-B"),
            true,
            Some((false, &["x-b"], false)),
        ),
    ];
    let (Ok(page), Ok(url)) = (
        url::Url::parse("https://app.a.test/"),
        url::Url::parse("https://api.b.test/x"),
    ) else {
        panic!("test URLs");
    };
    for (profile, method, header, earlier, want) in rows {
        let mut request = Request::new(url.clone(), Origin::from_url(&page));
        request.mode = Mode::Cors;
        request.unsafe_request = true;
        request.method = (*method).to_owned();
        if let Some(name) = header {
            request.header_list.append(name.as_bytes(), b"1");
        }
        if *earlier {
            request.set_preflight_required_earlier(Vec::new());
        }
        let got = match main_fetch_branch(&request, profile, |_| false) {
            MainFetchBranch::CorsWithPreflight {
                causes:
                    PreflightCauses {
                        unsafe_method,
                        unsafe_header_names,
                        required_earlier,
                        ..
                    },
                ..
            } => Some((unsafe_method, unsafe_header_names, required_earlier)),
            MainFetchBranch::Cors => None,
            other => panic!("{:?} {method}: {other:?}", profile.name),
        };
        let want = want.map(|(m, names, e)| {
            (
                m,
                names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>(),
                e,
            )
        });
        assert_eq!(
            got, want,
            "{:?} {method} {header:?} earlier {earlier}",
            profile.name
        );
    }
}
