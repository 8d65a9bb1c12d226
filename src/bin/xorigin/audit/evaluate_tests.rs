use super::*;
use crate::audit::report::Readable;

fn url(s: &str) -> Url {
    Url::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn plan(methods: &[&str]) -> Plan {
    Plan {
        target: url("https://api.target.example/me"),
        trusted: vec![url("https://app.target.example")],
        methods: methods.iter().map(|m| (*m).to_owned()).collect(),
        headers: Vec::new(),
    }
}

/// A fake server: `answer(origin)` gives the headers of every answer.
fn server(
    answer: impl Fn(Option<&str>) -> Vec<(&'static str, String)>,
) -> impl FnMut(&OutgoingRequest) -> Result<NetworkResponse, NetworkFailure> {
    move |r| {
        let origin = r
            .header_list
            .get(b"origin")
            .map(|v| String::from_utf8_lossy(&v).into_owned());
        let status = if r.kind == RequestKind::Preflight {
            204
        } else {
            200
        };
        let headers = answer(origin.as_deref());
        Ok(NetworkResponse::new(
            status,
            headers.iter().map(|(n, v)| (*n, v.as_str())),
        ))
    }
}

fn checks(report: &TargetReport) -> Vec<(Check, Severity)> {
    report
        .findings
        .iter()
        .map(|f| (f.check, f.severity))
        .collect()
}

#[test]
fn a_reflecting_server_with_credentials_is_one_high_finding_in_every_browser() {
    let mut net = server(|o| match o {
        Some(o) => vec![
            ("Access-Control-Allow-Origin", o.to_owned()),
            ("Access-Control-Allow-Credentials", "true".to_owned()),
            ("Vary", "Origin".to_owned()),
        ],
        None => Vec::new(),
    });
    let report = audit(&plan(&["GET"]), &mut net);
    assert_eq!(checks(&report), [(Check::ArbitraryOrigin, Severity::High)]);
    let f = &report.findings[0];
    assert_eq!(f.readable, Readable::WithCredentials);
    assert!(f.browsers.iter().all(|b| b.readable_with_credentials));
    assert!(report.serious());
    assert!(report.requests <= MAX_REQUESTS_PER_TARGET);
}

#[test]
fn reflection_of_a_public_resource_without_credentials_is_informational() {
    let mut net = server(|o| match o {
        Some(o) => vec![
            ("Access-Control-Allow-Origin", o.to_owned()),
            ("Vary", "Origin".to_owned()),
        ],
        None => vec![("Access-Control-Allow-Origin", "*".to_owned())],
    });
    let report = audit(&plan(&["GET"]), &mut net);
    assert_eq!(checks(&report), [(Check::ArbitraryOrigin, Severity::Info)]);
    assert_eq!(report.findings[0].readable, Readable::WithoutCredentials);
}

#[test]
fn wildcard_with_credentials_is_never_readable_with_credentials() {
    let mut net = server(|_| {
        vec![
            ("Access-Control-Allow-Origin", "*".to_owned()),
            ("Access-Control-Allow-Credentials", "true".to_owned()),
        ]
    });
    let report = audit(&plan(&["GET"]), &mut net);
    assert_eq!(
        checks(&report),
        [(Check::WildcardWithCredentials, Severity::Info)]
    );
    let f = &report.findings[0];
    assert!(f.browsers.iter().all(|b| !b.readable_with_credentials));
    assert!(!report.serious());
}

#[test]
fn the_budget_bounds_the_requests() {
    let mut sent = 0usize;
    let mut inner = server(|o| {
        o.map(|o| vec![("Access-Control-Allow-Origin", o.to_owned())])
            .unwrap_or_default()
    });
    let mut net = |r: &OutgoingRequest| {
        sent += 1;
        inner(r)
    };
    let many = plan(&["GET", "PUT", "DELETE", "PATCH", "POST", "HEAD"]);
    let report = audit(&many, &mut net);
    assert!(sent <= MAX_REQUESTS_PER_TARGET);
    assert_eq!(report.requests, sent);
}

#[test]
fn an_unreachable_target_has_no_findings() {
    let mut net = |_: &OutgoingRequest| {
        Err(NetworkFailure::ConnectionRefused {
            detail: "refused".to_owned(),
        })
    };
    let report = audit(&plan(&["GET"]), &mut net);
    assert!(!report.reachable);
    assert_eq!(report.requests, 1);
    assert!(report.findings.is_empty());
}

#[test]
fn general_checks_subsume_specific_ones() {
    assert!(subsumes(Check::ArbitraryOrigin, Check::NullOrigin));
    assert!(subsumes(Check::SubstringMatch, Check::PrefixMatch));
    assert!(!subsumes(Check::PrefixMatch, Check::SuffixMatch));
    assert!(!subsumes(Check::ArbitraryOrigin, Check::MissingVaryOrigin));
    assert_eq!(
        origin_severity(Check::AnySubdomain, Readable::WithCredentials, false),
        Some(Severity::Medium)
    );
    assert_eq!(
        origin_severity(Check::NullOrigin, Readable::No, false),
        None
    );
    assert_eq!(max_age_cap(), Some(86400));
}

#[test]
fn an_http_origin_trusted_by_an_https_resource() {
    let mut net = server(|o| match o {
        Some(o) if o == "https://app.target.example" || o == "http://app.target.example" => vec![
            ("Access-Control-Allow-Origin", o.to_owned()),
            ("Access-Control-Allow-Credentials", "true".to_owned()),
            ("Vary", "Origin".to_owned()),
        ],
        _ => Vec::new(),
    });
    let report = audit(&plan(&["GET"]), &mut net);
    assert_eq!(checks(&report), [(Check::InsecureOrigin, Severity::Medium)]);
    assert!(report.serious());
}
