//! Table-driven tests of the fetch engine, driven through
//! `FetchController`/`run_fetch` directly: CORS check, preflight decisions and
//! checks, redirects, modes, the `Origin` header, bad ports, and the
//! controller's usage errors. Each case names the exact requests sent and the
//! structured outcome. Expectations follow the Fetch standard's text
//! (/work/ref/fetch.bs); the section is named beside each group.

mod common;

use std::time::Duration;

use common::{Init, Server, client, header, run, wire_url};
use xorigin::browser::Profile;
use xorigin::fetch::cors::{CorsCheckFailure, PreflightFailure};
use xorigin::fetch::preflight_cache::PreflightCache;
use xorigin::fetch::redirect::RedirectFailure;
use xorigin::fetch::{Action, FetchController, FetchOutcome, Reason, RequestKind, UsageError};
use xorigin::http::request::{CredentialsMode, Mode, RedirectMode, ReferrerPolicy, RequestError};
use xorigin::http::response::{NetworkFailure, NetworkResponse, ResponseType};

const A: &str = "https://a.test";
const AU: &str = "https://a.test/r";
const AS: &str = "https://a.test/s";
const BU: &str = "https://b.test/r";
const BS: &str = "https://b.test/s";
const CU: &str = "https://c.test/r";

// ---------------------------------------------------------------------------
// The case builder.

#[derive(Debug)]
enum Expect {
    Ok {
        ty: ResponseType,
        status: u16,
        visible: Option<Vec<&'static str>>,
    },
    Err {
        reason: Reason,
        on: Option<RequestKind>,
    },
    Throws(RequestError),
}

#[derive(Debug)]
struct Sent {
    method: &'static str,
    url: String,
    headers: Vec<(&'static str, Option<&'static str>)>,
    credentials: Option<bool>,
}

struct Case {
    name: &'static str,
    profile: Profile,
    client: &'static str,
    init: Init,
    server: Server,
    expect: Option<Expect>,
    sent: Vec<Sent>,
}

fn c(name: &'static str, url: &str) -> Case {
    Case {
        name,
        profile: Profile::SPEC,
        client: A,
        init: Init::new(url),
        server: Server::default(),
        expect: None,
        sent: Vec::new(),
    }
}

impl Case {
    fn profile(mut self, p: Profile) -> Case {
        self.profile = p;
        self
    }
    fn client(mut self, origin: &'static str) -> Case {
        self.client = origin;
        self
    }
    fn method(mut self, m: &str) -> Case {
        self.init.method = Some(m.to_owned());
        self
    }
    fn h(mut self, name: &str, value: &str) -> Case {
        self.init.headers.push((name.to_owned(), value.to_owned()));
        self
    }
    fn mode(mut self, m: Mode) -> Case {
        self.init.mode = Some(m);
        self
    }
    fn creds(mut self, cm: CredentialsMode) -> Case {
        self.init.credentials = Some(cm);
        self
    }
    fn redirect(mut self, r: RedirectMode) -> Case {
        self.init.redirect = Some(r);
        self
    }
    fn body(mut self, b: &str) -> Case {
        self.init.body = Some(b.to_owned());
        self
    }
    fn policy(mut self, p: ReferrerPolicy) -> Case {
        self.init.referrer_policy = Some(p);
        self
    }
    fn serve(mut self, method: &str, url: &str, status: u16, headers: &[(&str, &str)]) -> Case {
        self.server.add(method, url, status, headers);
        self
    }
    fn ok(mut self, ty: ResponseType, status: u16) -> Case {
        self.expect = Some(Expect::Ok {
            ty,
            status,
            visible: None,
        });
        self
    }
    fn visible(mut self, names: &[&'static str]) -> Case {
        if let Some(Expect::Ok { visible, .. }) = &mut self.expect {
            *visible = Some(names.to_vec());
        } else {
            panic!("{}: visible() needs ok() first", self.name);
        }
        self
    }
    fn err(mut self, reason: Reason, on: Option<RequestKind>) -> Case {
        self.expect = Some(Expect::Err { reason, on });
        self
    }
    fn throws(mut self, error: RequestError) -> Case {
        self.expect = Some(Expect::Throws(error));
        self
    }
    fn sent(
        mut self,
        method: &'static str,
        url: &str,
        headers: &[(&'static str, Option<&'static str>)],
    ) -> Case {
        self.sent.push(Sent {
            method,
            url: url.to_owned(),
            headers: headers.to_vec(),
            credentials: None,
        });
        self
    }
    /// Whether the last `sent` request carries credentials.
    fn with_creds(mut self, on: bool) -> Case {
        match self.sent.last_mut() {
            Some(s) => s.credentials = Some(on),
            None => panic!("{}: with_creds() needs sent() first", self.name),
        }
        self
    }
}

/// Runs one case; returns the differences found.
fn check(case: &Case) -> Vec<String> {
    let mut diffs = Vec::new();
    let Some(expect) = &case.expect else {
        return vec!["no expectation".to_owned()];
    };
    let origin = client(case.client);
    let request = match (case.init.build(&origin, &case.profile), expect) {
        (Err(e), Expect::Throws(want)) => {
            if &e != want {
                diffs.push(format!("threw {e:?}, expected {want:?}"));
            }
            return diffs;
        }
        (Err(e), _) => return vec![format!("constructor threw {e:?}")],
        (Ok(_), Expect::Throws(want)) => return vec![format!("did not throw {want:?}")],
        (Ok(r), _) => r,
    };
    let mut cache = PreflightCache::default();
    let (outcome, sent) = run(
        &case.profile,
        request,
        &case.server,
        &mut cache,
        Duration::ZERO,
    );
    match (expect, &outcome) {
        (
            Expect::Ok {
                ty,
                status,
                visible,
            },
            FetchOutcome::Response(r),
        ) => {
            if r.response_type != *ty {
                diffs.push(format!("type {:?}, expected {ty:?}", r.response_type));
            }
            if r.status != *status {
                diffs.push(format!("status {}, expected {status}", r.status));
            }
            if let Some(v) = visible
                && r.visible_header_names() != *v
            {
                diffs.push(format!(
                    "visible {:?}, expected {v:?}",
                    r.visible_header_names()
                ));
            }
        }
        (Expect::Err { reason, on }, FetchOutcome::NetworkError(e)) => {
            if e.reason != *reason {
                diffs.push(format!("reason {:?}, expected {reason:?}", e.reason));
            }
            if e.request_kind != *on {
                diffs.push(format!("on {:?}, expected {on:?}", e.request_kind));
            }
        }
        (want, got) => diffs.push(format!("outcome {got:?}, expected {want:?}")),
    }
    if sent.len() != case.sent.len() {
        diffs.push(format!(
            "sent {} requests, expected {}: {:?}",
            sent.len(),
            case.sent.len(),
            sent.iter()
                .map(|s| format!("{} {}", s.method, s.url))
                .collect::<Vec<_>>()
        ));
    }
    for (i, (got, want)) in sent.iter().zip(&case.sent).enumerate() {
        if got.method != want.method {
            diffs.push(format!(
                "sent[{i}] method {}, expected {}",
                got.method, want.method
            ));
        }
        if wire_url(got) != want.url {
            diffs.push(format!(
                "sent[{i}] url {}, expected {}",
                wire_url(got),
                want.url
            ));
        }
        for (name, value) in &want.headers {
            let actual = header(got, name);
            if actual.as_deref() != *value {
                diffs.push(format!("sent[{i}] {name}: {actual:?}, expected {value:?}"));
            }
        }
        if let Some(cred) = want.credentials
            && got.include_credentials != cred
        {
            diffs.push(format!(
                "sent[{i}] include_credentials {}, expected {cred}",
                got.include_credentials
            ));
        }
    }
    diffs
}

fn run_table(cases: &[Case]) {
    let mut failures = Vec::new();
    let mut names = std::collections::HashSet::new();
    for case in cases {
        assert!(names.insert(case.name), "duplicate case name {}", case.name);
        let diffs = check(case);
        if !diffs.is_empty() {
            failures.push(format!("{}:\n    {}", case.name, diffs.join("\n    ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

fn cors_check(failure: CorsCheckFailure) -> Reason {
    Reason::CorsCheck { failure }
}

fn preflight(failure: PreflightFailure) -> Reason {
    Reason::Preflight { failure }
}

fn redirect_failure(failure: RedirectFailure) -> Reason {
    Reason::Redirect { failure }
}

const MAIN: Option<RequestKind> = Some(RequestKind::Main);
const PRE: Option<RequestKind> = Some(RequestKind::Preflight);
const NONE: Option<RequestKind> = None;
const ACAO_A: (&str, &str) = ("Access-Control-Allow-Origin", A);

// ---------------------------------------------------------------------------
// CORS check. <https://fetch.spec.whatwg.org/#concept-cors-check>

fn cors_check_cases() -> Vec<Case> {
    use CorsCheckFailure::*;
    use CredentialsMode::*;
    vec![
        c("acao-missing", BU)
            .serve("GET", BU, 200, &[])
            .err(cors_check(MissingAllowOrigin), MAIN)
            .sent("GET", BU, &[("origin", Some(A))]),
        c("acao-exact", BU)
            .serve("GET", BU, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent("GET", BU, &[("origin", Some(A)), ("accept", Some("*/*"))])
            .with_creds(false),
        c("acao-star-same-origin-creds", BU)
            .serve("GET", BU, 200, &[("Access-Control-Allow-Origin", "*")])
            .ok(ResponseType::Cors, 200)
            .sent("GET", BU, &[])
            .with_creds(false),
        c("acao-star-omit", BU)
            .creds(Omit)
            .serve("GET", BU, 200, &[("Access-Control-Allow-Origin", "*")])
            .ok(ResponseType::Cors, 200)
            .sent("GET", BU, &[]),
        c("acao-star-include", BU)
            .creds(Include)
            .serve(
                "GET",
                BU,
                200,
                &[
                    ("Access-Control-Allow-Origin", "*"),
                    ("Access-Control-Allow-Credentials", "true"),
                ],
            )
            .err(cors_check(WildcardOriginWithCredentials), MAIN)
            .sent("GET", BU, &[])
            .with_creds(true),
        c("acao-two-lines-same-value", BU)
            .serve("GET", BU, 200, &[ACAO_A, ACAO_A])
            .err(
                cors_check(MultipleAllowOriginValues {
                    value: "https://a.test, https://a.test".into(),
                }),
                MAIN,
            )
            .sent("GET", BU, &[]),
        c("acao-two-lines-star", BU)
            .serve(
                "GET",
                BU,
                200,
                &[
                    ("Access-Control-Allow-Origin", "*"),
                    ("Access-Control-Allow-Origin", "*"),
                ],
            )
            .err(
                cors_check(MultipleAllowOriginValues {
                    value: "*, *".into(),
                }),
                MAIN,
            )
            .sent("GET", BU, &[]),
        c("acao-comma-list", BU)
            .serve(
                "GET",
                BU,
                200,
                &[(
                    "Access-Control-Allow-Origin",
                    "https://a.test, https://b.test",
                )],
            )
            .err(
                cors_check(MultipleAllowOriginValues {
                    value: "https://a.test, https://b.test".into(),
                }),
                MAIN,
            )
            .sent("GET", BU, &[]),
        c("acao-trailing-slash-invalid", BU)
            .serve(
                "GET",
                BU,
                200,
                &[("Access-Control-Allow-Origin", "https://a.test/")],
            )
            .err(
                cors_check(InvalidAllowOriginValue {
                    value: "https://a.test/".into(),
                }),
                MAIN,
            )
            .sent("GET", BU, &[]),
        c("acao-empty-invalid", BU)
            .serve("GET", BU, 200, &[("Access-Control-Allow-Origin", "")])
            .err(
                cors_check(InvalidAllowOriginValue { value: "".into() }),
                MAIN,
            )
            .sent("GET", BU, &[]),
        c("acao-host-case-mismatch", BU)
            .serve(
                "GET",
                BU,
                200,
                &[("Access-Control-Allow-Origin", "https://A.test")],
            )
            .err(
                cors_check(AllowOriginMismatch {
                    value: "https://A.test".into(),
                    expected: A.into(),
                }),
                MAIN,
            )
            .sent("GET", BU, &[]),
        c("acao-default-port-mismatch", BU)
            .serve(
                "GET",
                BU,
                200,
                &[("Access-Control-Allow-Origin", "https://a.test:443")],
            )
            .err(
                cors_check(AllowOriginMismatch {
                    value: "https://a.test:443".into(),
                    expected: A.into(),
                }),
                MAIN,
            )
            .sent("GET", BU, &[]),
        c("acao-other-origin", BU)
            .serve(
                "GET",
                BU,
                200,
                &[("Access-Control-Allow-Origin", "https://b.test")],
            )
            .err(
                cors_check(AllowOriginMismatch {
                    value: "https://b.test".into(),
                    expected: A.into(),
                }),
                MAIN,
            )
            .sent("GET", BU, &[]),
        c("acao-http-scheme-mismatch", BU)
            .serve(
                "GET",
                BU,
                200,
                &[("Access-Control-Allow-Origin", "http://a.test")],
            )
            .err(
                cors_check(AllowOriginMismatch {
                    value: "http://a.test".into(),
                    expected: A.into(),
                }),
                MAIN,
            )
            .sent("GET", BU, &[]),
        c("acao-null-tuple-client", BU)
            .serve("GET", BU, 200, &[("Access-Control-Allow-Origin", "null")])
            .err(
                cors_check(AllowOriginMismatch {
                    value: "null".into(),
                    expected: A.into(),
                }),
                MAIN,
            )
            .sent("GET", BU, &[]),
        c("acao-null-opaque-client", BU)
            .client("null")
            .serve("GET", BU, 200, &[("Access-Control-Allow-Origin", "null")])
            .ok(ResponseType::Cors, 200)
            .sent("GET", BU, &[("origin", Some("null"))]),
        c("acao-null-opaque-client-include", BU)
            .client("null")
            .creds(Include)
            .serve(
                "GET",
                BU,
                200,
                &[
                    ("Access-Control-Allow-Origin", "null"),
                    ("Access-Control-Allow-Credentials", "true"),
                ],
            )
            .ok(ResponseType::Cors, 200)
            .sent("GET", BU, &[("origin", Some("null"))])
            .with_creds(true),
        c("acao-origin-opaque-client", BU)
            .client("null")
            .serve("GET", BU, 200, &[ACAO_A])
            .err(
                cors_check(AllowOriginMismatch {
                    value: A.into(),
                    expected: "null".into(),
                }),
                MAIN,
            )
            .sent("GET", BU, &[("origin", Some("null"))]),
        c("acao-surrounding-whitespace-trimmed", BU)
            .serve(
                "GET",
                BU,
                200,
                &[("Access-Control-Allow-Origin", " https://a.test\t")],
            )
            .ok(ResponseType::Cors, 200)
            .sent("GET", BU, &[]),
        c("acac-true", BU)
            .creds(Include)
            .serve(
                "GET",
                BU,
                200,
                &[ACAO_A, ("Access-Control-Allow-Credentials", "true")],
            )
            .ok(ResponseType::Cors, 200)
            .sent("GET", BU, &[])
            .with_creds(true),
        c("acac-capital-true", BU)
            .creds(Include)
            .serve(
                "GET",
                BU,
                200,
                &[ACAO_A, ("Access-Control-Allow-Credentials", "True")],
            )
            .err(
                cors_check(InvalidAllowCredentials {
                    value: Some("True".into()),
                }),
                MAIN,
            )
            .sent("GET", BU, &[]),
        c("acac-absent", BU)
            .creds(Include)
            .serve("GET", BU, 200, &[ACAO_A])
            .err(cors_check(InvalidAllowCredentials { value: None }), MAIN)
            .sent("GET", BU, &[]),
        c("acac-trailing-space-normalized", BU)
            .creds(Include)
            .serve(
                "GET",
                BU,
                200,
                &[ACAO_A, ("Access-Control-Allow-Credentials", "true ")],
            )
            .ok(ResponseType::Cors, 200)
            .sent("GET", BU, &[]),
        c("acac-two-lines", BU)
            .creds(Include)
            .serve(
                "GET",
                BU,
                200,
                &[
                    ACAO_A,
                    ("Access-Control-Allow-Credentials", "true"),
                    ("Access-Control-Allow-Credentials", "true"),
                ],
            )
            .err(
                cors_check(InvalidAllowCredentials {
                    value: Some("true, true".into()),
                }),
                MAIN,
            )
            .sent("GET", BU, &[]),
        c("acac-ignored-without-include", BU)
            .creds(Omit)
            .serve(
                "GET",
                BU,
                200,
                &[ACAO_A, ("Access-Control-Allow-Credentials", "false")],
            )
            .ok(ResponseType::Cors, 200)
            .sent("GET", BU, &[])
            .with_creds(false),
        // Response filtering. <https://fetch.spec.whatwg.org/#main-fetch> step 14
        c("cors-visible-safelisted-and-exposed", BU)
            .serve(
                "GET",
                BU,
                200,
                &[
                    ACAO_A,
                    ("Content-Type", "text/plain"),
                    ("X-Custom", "1"),
                    ("X-Hidden", "1"),
                    ("Set-Cookie", "a=b"),
                    ("Access-Control-Expose-Headers", "X-Custom, Set-Cookie"),
                ],
            )
            .ok(ResponseType::Cors, 200)
            .visible(&["content-type", "x-custom"])
            .sent("GET", BU, &[]),
        c("cors-visible-expose-star-omit", BU)
            .serve(
                "GET",
                BU,
                200,
                &[
                    ("Access-Control-Allow-Origin", "*"),
                    ("X-Custom", "1"),
                    ("Set-Cookie", "a=b"),
                    ("Access-Control-Expose-Headers", "*"),
                ],
            )
            .ok(ResponseType::Cors, 200)
            .visible(&[
                "access-control-allow-origin",
                "access-control-expose-headers",
                "x-custom",
            ])
            .sent("GET", BU, &[]),
        c("cors-visible-expose-star-include", BU)
            .creds(Include)
            .serve(
                "GET",
                BU,
                200,
                &[
                    ACAO_A,
                    ("Access-Control-Allow-Credentials", "true"),
                    ("X-Custom", "1"),
                    ("Content-Language", "en"),
                    ("Access-Control-Expose-Headers", "*"),
                ],
            )
            .ok(ResponseType::Cors, 200)
            .visible(&["content-language"])
            .sent("GET", BU, &[]),
        c("basic-visible-all-but-set-cookie", AU)
            .serve(
                "GET",
                AU,
                200,
                &[
                    ("X-Custom", "1"),
                    ("Set-Cookie", "a=b"),
                    ("Set-Cookie2", "c"),
                ],
            )
            .ok(ResponseType::Basic, 200)
            .visible(&["x-custom"])
            .sent("GET", AU, &[("origin", None)])
            .with_creds(true),
    ]
}

#[test]
fn cors_check_table() {
    run_table(&cors_check_cases());
}

// ---------------------------------------------------------------------------
// Preflight decisions: main fetch step 12 and CORS-unsafe request-header names.
// <https://fetch.spec.whatwg.org/#main-fetch>
// <https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names>

fn preflight_ok(methods: &'static str, headers: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ACAO_A,
        ("Access-Control-Allow-Methods", methods),
        ("Access-Control-Allow-Headers", headers),
    ]
}

fn preflight_decision_cases() -> Vec<Case> {
    let accept128 = "a".repeat(128);
    let accept129 = "a".repeat(129);
    let mut eight_accepts = c("total-1024-no-preflight", BU);
    let mut over_1024 = c("total-1025-preflight", BU);
    for _ in 0..8 {
        eight_accepts = eight_accepts.h("Accept", &accept128);
        over_1024 = over_1024.h("Accept", &accept128);
    }
    let eight_accepts = eight_accepts
        .serve("GET", BU, 200, &[ACAO_A])
        .ok(ResponseType::Cors, 200)
        .sent("GET", BU, &[]);
    let over_1024 = over_1024
        .h("Content-Language", "x")
        .serve(
            "OPTIONS",
            BU,
            204,
            &preflight_ok("", "accept, content-language"),
        )
        .serve("GET", BU, 200, &[ACAO_A])
        .ok(ResponseType::Cors, 200)
        .sent(
            "OPTIONS",
            BU,
            &[
                ("access-control-request-method", Some("GET")),
                (
                    "access-control-request-headers",
                    Some("accept,content-language"),
                ),
            ],
        )
        .sent("GET", BU, &[]);
    vec![
        c("same-origin-unsafe-header-no-preflight", AU)
            .h("X-Custom", "1")
            .method("PUT")
            .serve("PUT", AU, 200, &[])
            .ok(ResponseType::Basic, 200)
            .sent(
                "PUT",
                AU,
                &[
                    ("x-custom", Some("1")),
                    ("origin", Some(A)),
                    ("content-length", Some("0")),
                ],
            ),
        c("simple-get-no-preflight", BU)
            .serve("GET", BU, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent(
                "GET",
                BU,
                &[
                    ("origin", Some(A)),
                    ("content-length", None),
                    ("access-control-request-method", None),
                ],
            ),
        c("simple-head-no-preflight", BU)
            .method("head")
            .serve("HEAD", BU, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent("HEAD", BU, &[("origin", Some(A))]),
        c("simple-post-text-plain", BU)
            .method("POST")
            .body("hello")
            .serve("POST", BU, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent(
                "POST",
                BU,
                &[
                    ("origin", Some(A)),
                    ("content-type", Some("text/plain;charset=UTF-8")),
                    ("content-length", Some("5")),
                ],
            ),
        c("put-preflight", BU)
            .method("PUT")
            .serve("OPTIONS", BU, 204, &preflight_ok("PUT", ""))
            .serve("PUT", BU, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent(
                "OPTIONS",
                BU,
                &[
                    ("accept", Some("*/*")),
                    ("access-control-request-method", Some("PUT")),
                    ("access-control-request-headers", None),
                    ("origin", Some(A)),
                ],
            )
            .with_creds(false)
            .sent(
                "PUT",
                BU,
                &[("origin", Some(A)), ("access-control-request-method", None)],
            ),
        c("lowercase-put-normalized", BU)
            .method("put")
            .serve("OPTIONS", BU, 204, &preflight_ok("PUT", ""))
            .serve("PUT", BU, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent(
                "OPTIONS",
                BU,
                &[("access-control-request-method", Some("PUT"))],
            )
            .sent("PUT", BU, &[]),
        c("lowercase-patch-not-normalized", BU)
            .method("patch")
            .serve("OPTIONS", BU, 204, &preflight_ok("PATCH", ""))
            .err(
                preflight(PreflightFailure::MethodNotAllowed {
                    method: "patch".into(),
                    allowed: Some("PATCH".into()),
                }),
                PRE,
            )
            .sent(
                "OPTIONS",
                BU,
                &[("access-control-request-method", Some("patch"))],
            ),
        c("custom-method-allowed", BU)
            .method("MKCOL")
            .serve("OPTIONS", BU, 200, &preflight_ok("GET, MKCOL", ""))
            .serve("MKCOL", BU, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent(
                "OPTIONS",
                BU,
                &[("access-control-request-method", Some("MKCOL"))],
            )
            .sent("MKCOL", BU, &[]),
        c("delete-vs-lowercase-allow", BU)
            .method("delete")
            .serve("OPTIONS", BU, 204, &preflight_ok("delete", ""))
            .err(
                preflight(PreflightFailure::MethodNotAllowed {
                    method: "DELETE".into(),
                    allowed: Some("delete".into()),
                }),
                PRE,
            )
            .sent(
                "OPTIONS",
                BU,
                &[("access-control-request-method", Some("DELETE"))],
            ),
        c("content-type-json-preflight", BU)
            .method("POST")
            .h("Content-Type", "application/json")
            .body("{}")
            .serve("OPTIONS", BU, 204, &preflight_ok("", "Content-Type"))
            .serve("POST", BU, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent(
                "OPTIONS",
                BU,
                &[
                    ("access-control-request-method", Some("POST")),
                    ("access-control-request-headers", Some("content-type")),
                    ("content-type", None),
                ],
            )
            .sent(
                "POST",
                BU,
                &[
                    ("content-type", Some("application/json")),
                    ("content-length", Some("2")),
                ],
            ),
        c("content-type-multipart-simple", BU)
            .method("POST")
            .h("Content-Type", "multipart/form-data; boundary=x")
            .serve("POST", BU, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent("POST", BU, &[("content-length", Some("0"))]),
        c("unsafe-names-sorted-lowercase-unique", BU)
            .h("X-B", "1")
            .h("x-a", "2")
            .h("X-A", "3")
            .serve("OPTIONS", BU, 204, &preflight_ok("", "x-a, x-b"))
            .serve("GET", BU, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent(
                "OPTIONS",
                BU,
                &[
                    ("access-control-request-method", Some("GET")),
                    ("access-control-request-headers", Some("x-a,x-b")),
                    ("x-a", None),
                ],
            )
            .sent("GET", BU, &[("x-a", Some("2, 3")), ("x-b", Some("1"))]),
        c("accept-128-bytes-safelisted", BU)
            .h("Accept", &accept128)
            .serve("GET", BU, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent("GET", BU, &[]),
        c("accept-129-bytes-unsafe", BU)
            .h("Accept", &accept129)
            .serve("OPTIONS", BU, 204, &preflight_ok("", "accept"))
            .serve("GET", BU, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent(
                "OPTIONS",
                BU,
                &[
                    ("access-control-request-headers", Some("accept")),
                    ("accept", Some("*/*")),
                ],
            )
            .sent("GET", BU, &[]),
        eight_accepts,
        over_1024,
        c("range-multiple-unsafe", BU)
            .h("Range", "bytes=0-1,2-3")
            .serve("OPTIONS", BU, 204, &preflight_ok("", "range"))
            .serve("GET", BU, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent(
                "OPTIONS",
                BU,
                &[("access-control-request-headers", Some("range"))],
            )
            .sent("GET", BU, &[("range", Some("bytes=0-1,2-3"))]),
        c("forbidden-header-dropped-no-preflight", BU)
            .h("Cookie", "a=b")
            .h("Host", "evil.test")
            .serve("GET", BU, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent("GET", BU, &[("cookie", None), ("host", None)]),
    ]
}

#[test]
fn preflight_decision_table() {
    run_table(&preflight_decision_cases());
}

// ---------------------------------------------------------------------------
// Preflight response checks. <https://fetch.spec.whatwg.org/#cors-preflight-fetch-0>

fn preflight_response_cases() -> Vec<Case> {
    use CredentialsMode::*;
    use PreflightFailure::*;
    let options = |hs: &[(&'static str, Option<&'static str>)]| hs.to_vec();
    let acrm_put = options(&[("access-control-request-method", Some("PUT"))]);
    vec![
        c("preflight-301-not-followed", BU)
            .method("PUT")
            .serve(
                "OPTIONS",
                BU,
                301,
                &[
                    ACAO_A,
                    ("Location", BS),
                    ("Access-Control-Allow-Methods", "PUT"),
                ],
            )
            .serve("OPTIONS", BS, 204, &preflight_ok("PUT", ""))
            .err(preflight(InvalidStatus { status: 301 }), PRE)
            .sent("OPTIONS", BU, &acrm_put),
        c("preflight-307-not-followed", BU)
            .method("PUT")
            .serve("OPTIONS", BU, 307, &[ACAO_A, ("Location", BS)])
            .err(preflight(InvalidStatus { status: 307 }), PRE)
            .sent("OPTIONS", BU, &acrm_put),
        c("preflight-404", BU)
            .method("PUT")
            .serve(
                "OPTIONS",
                BU,
                404,
                &[ACAO_A, ("Access-Control-Allow-Methods", "PUT")],
            )
            .err(preflight(InvalidStatus { status: 404 }), PRE)
            .sent("OPTIONS", BU, &acrm_put),
        c("preflight-500-no-acao", BU)
            .method("PUT")
            .serve("OPTIONS", BU, 500, &[])
            .err(
                preflight(CorsCheck {
                    failure: CorsCheckFailure::MissingAllowOrigin,
                }),
                PRE,
            )
            .sent("OPTIONS", BU, &acrm_put),
        c("preflight-200", BU)
            .method("PUT")
            .serve("OPTIONS", BU, 200, &preflight_ok("PUT", ""))
            .serve("PUT", BU, 201, &[ACAO_A])
            .ok(ResponseType::Cors, 201)
            .sent("OPTIONS", BU, &acrm_put)
            .sent("PUT", BU, &[]),
        c("preflight-299", BU)
            .method("PUT")
            .serve("OPTIONS", BU, 299, &preflight_ok("PUT", ""))
            .serve("PUT", BU, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent("OPTIONS", BU, &acrm_put)
            .sent("PUT", BU, &[]),
        c("preflight-acam-space-in-token", BU)
            .method("PUT")
            .serve("OPTIONS", BU, 204, &preflight_ok("P UT", ""))
            .err(
                preflight(InvalidAllowMethods {
                    value: "P UT".into(),
                }),
                PRE,
            )
            .sent("OPTIONS", BU, &acrm_put),
        c("preflight-acam-quoted", BU)
            .method("PUT")
            .serve("OPTIONS", BU, 204, &preflight_ok("\"PUT\"", ""))
            .err(
                preflight(InvalidAllowMethods {
                    value: "\"PUT\"".into(),
                }),
                PRE,
            )
            .sent("OPTIONS", BU, &acrm_put),
        // HTTP's list rule (RFC 9110 §5.6.1): "a recipient MUST accept
        // empty list elements", so `PUT,,` is the list [PUT].
        c("preflight-acam-empty-elements-accepted", BU)
            .method("PUT")
            .serve("OPTIONS", BU, 204, &preflight_ok("PUT,,", ""))
            .serve("PUT", BU, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent("OPTIONS", BU, &acrm_put)
            .sent("PUT", BU, &[]),
        c("preflight-acam-failure-even-for-safelisted-method", BU)
            .h("X-Custom", "1")
            .serve("OPTIONS", BU, 204, &preflight_ok("G:ET", "x-custom"))
            .err(
                preflight(InvalidAllowMethods {
                    value: "G:ET".into(),
                }),
                PRE,
            )
            .sent("OPTIONS", BU, &[]),
        c("preflight-acah-space-in-name", BU)
            .h("X-Custom", "1")
            .serve(
                "OPTIONS",
                BU,
                204,
                &preflight_ok("", "header name with space"),
            )
            .err(
                preflight(InvalidAllowHeaders {
                    value: "header name with space".into(),
                }),
                PRE,
            )
            .sent("OPTIONS", BU, &[]),
        c("preflight-acam-star-omit", BU)
            .method("PUT")
            .creds(Omit)
            .serve("OPTIONS", BU, 204, &preflight_ok("*", ""))
            .serve("PUT", BU, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent("OPTIONS", BU, &acrm_put)
            .sent("PUT", BU, &[])
            .with_creds(false),
        c("preflight-acam-star-include", BU)
            .method("PUT")
            .creds(Include)
            .serve(
                "OPTIONS",
                BU,
                204,
                &[
                    ACAO_A,
                    ("Access-Control-Allow-Credentials", "true"),
                    ("Access-Control-Allow-Methods", "*"),
                ],
            )
            .err(
                preflight(MethodNotAllowed {
                    method: "PUT".into(),
                    allowed: Some("*".into()),
                }),
                PRE,
            )
            .sent("OPTIONS", BU, &acrm_put)
            .with_creds(false),
        c("preflight-include-put-allowed", BU)
            .method("PUT")
            .creds(Include)
            .serve(
                "OPTIONS",
                BU,
                204,
                &[
                    ACAO_A,
                    ("Access-Control-Allow-Credentials", "true"),
                    ("Access-Control-Allow-Methods", "PUT"),
                ],
            )
            .serve(
                "PUT",
                BU,
                200,
                &[ACAO_A, ("Access-Control-Allow-Credentials", "true")],
            )
            .ok(ResponseType::Cors, 200)
            .sent("OPTIONS", BU, &acrm_put)
            .with_creds(false)
            .sent("PUT", BU, &[])
            .with_creds(true),
        c("preflight-include-acao-star", BU)
            .method("PUT")
            .creds(Include)
            .serve(
                "OPTIONS",
                BU,
                204,
                &[
                    ("Access-Control-Allow-Origin", "*"),
                    ("Access-Control-Allow-Credentials", "true"),
                    ("Access-Control-Allow-Methods", "PUT"),
                ],
            )
            .err(
                preflight(CorsCheck {
                    failure: CorsCheckFailure::WildcardOriginWithCredentials,
                }),
                PRE,
            )
            .sent("OPTIONS", BU, &acrm_put),
        c("preflight-include-acac-missing", BU)
            .method("PUT")
            .creds(Include)
            .serve("OPTIONS", BU, 204, &preflight_ok("PUT", ""))
            .err(
                preflight(CorsCheck {
                    failure: CorsCheckFailure::InvalidAllowCredentials { value: None },
                }),
                PRE,
            )
            .sent("OPTIONS", BU, &acrm_put),
        c("preflight-acah-star-omit", BU)
            .h("X-Custom", "1")
            .serve("OPTIONS", BU, 204, &preflight_ok("", "*"))
            .serve("GET", BU, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent(
                "OPTIONS",
                BU,
                &[("access-control-request-headers", Some("x-custom"))],
            )
            .sent("GET", BU, &[("x-custom", Some("1"))]),
        c("preflight-acah-star-include", BU)
            .h("X-Custom", "1")
            .creds(Include)
            .serve(
                "OPTIONS",
                BU,
                204,
                &[
                    ACAO_A,
                    ("Access-Control-Allow-Credentials", "true"),
                    ("Access-Control-Allow-Headers", "*"),
                ],
            )
            .err(
                preflight(HeaderNotAllowed {
                    name: "x-custom".into(),
                    allowed: Some("*".into()),
                    wildcard_present: true,
                }),
                PRE,
            )
            .sent("OPTIONS", BU, &[]),
        c("preflight-acah-missing-name", BU)
            .h("X-Custom", "1")
            .serve(
                "OPTIONS",
                BU,
                204,
                &[ACAO_A, ("Access-Control-Allow-Headers", "x-other")],
            )
            .err(
                preflight(HeaderNotAllowed {
                    name: "x-custom".into(),
                    allowed: Some("x-other".into()),
                    wildcard_present: false,
                }),
                PRE,
            )
            .sent("OPTIONS", BU, &[]),
        c("preflight-acah-absent", BU)
            .h("X-Custom", "1")
            .serve("OPTIONS", BU, 204, &[ACAO_A])
            .err(
                preflight(HeaderNotAllowed {
                    name: "x-custom".into(),
                    allowed: None,
                    wildcard_present: false,
                }),
                PRE,
            )
            .sent("OPTIONS", BU, &[]),
        c("preflight-acah-case-insensitive", BU)
            .h("X-Custom", "1")
            .serve("OPTIONS", BU, 204, &preflight_ok("", "X-CUSTOM"))
            .serve("GET", BU, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent("OPTIONS", BU, &[])
            .sent("GET", BU, &[]),
        c("authorization-star-spec", BU)
            .h("Authorization", "Bearer x")
            .serve("OPTIONS", BU, 204, &preflight_ok("", "*"))
            .serve("GET", BU, 200, &[ACAO_A])
            .err(
                preflight(HeaderNotAllowed {
                    name: "authorization".into(),
                    allowed: Some("*".into()),
                    wildcard_present: true,
                }),
                PRE,
            )
            .sent(
                "OPTIONS",
                BU,
                &[("access-control-request-headers", Some("authorization"))],
            ),
        c("authorization-star-chromium", BU)
            .profile(Profile::CHROMIUM)
            .h("Authorization", "Bearer x")
            .serve("OPTIONS", BU, 204, &preflight_ok("", "*"))
            .serve("GET", BU, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent(
                "OPTIONS",
                BU,
                &[("access-control-request-headers", Some("authorization"))],
            )
            .sent("GET", BU, &[("authorization", Some("Bearer x"))]),
        c("authorization-star-chromium-include", BU)
            .profile(Profile::CHROMIUM)
            .creds(Include)
            .h("Authorization", "Bearer x")
            .serve(
                "OPTIONS",
                BU,
                204,
                &[
                    ACAO_A,
                    ("Access-Control-Allow-Credentials", "true"),
                    ("Access-Control-Allow-Headers", "*"),
                ],
            )
            .err(
                preflight(HeaderNotAllowed {
                    name: "authorization".into(),
                    allowed: Some("*".into()),
                    wildcard_present: true,
                }),
                PRE,
            )
            .sent("OPTIONS", BU, &[]),
        c("authorization-listed-spec", BU)
            .h("Authorization", "Bearer x")
            .serve("OPTIONS", BU, 204, &preflight_ok("", "*, Authorization"))
            .serve("GET", BU, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent("OPTIONS", BU, &[])
            .sent("GET", BU, &[("authorization", Some("Bearer x"))]),
        c("preflight-ok-main-fails-cors-check", BU)
            .method("PUT")
            .serve("OPTIONS", BU, 204, &preflight_ok("PUT", ""))
            .serve("PUT", BU, 200, &[])
            .err(cors_check(CorsCheckFailure::MissingAllowOrigin), MAIN)
            .sent("OPTIONS", BU, &acrm_put)
            .sent("PUT", BU, &[]),
        c("preflight-safelisted-method-needs-no-acam", BU)
            .method("POST")
            .h("X-Custom", "1")
            .serve("OPTIONS", BU, 204, &preflight_ok("", "x-custom"))
            .serve("POST", BU, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent(
                "OPTIONS",
                BU,
                &[("access-control-request-method", Some("POST"))],
            )
            .sent("POST", BU, &[]),
    ]
}

#[test]
fn preflight_response_table() {
    run_table(&preflight_response_cases());
}

// ---------------------------------------------------------------------------
// Redirects. <https://fetch.spec.whatwg.org/#http-redirect-fetch>

fn loc(url: &'static str) -> [(&'static str, &'static str); 1] {
    [("Location", url)]
}

fn redirect_cases() -> Vec<Case> {
    use RedirectFailure::*;
    let mut cases = Vec::new();
    // Each redirect status, same origin: method and body kept or rewritten.
    for (status, method, after) in [
        (301, "GET", "GET"),
        (302, "GET", "GET"),
        (303, "GET", "GET"),
        (307, "GET", "GET"),
        (308, "GET", "GET"),
        (301, "POST", "GET"),
        (302, "POST", "GET"),
        (303, "POST", "GET"),
        (307, "POST", "POST"),
        (308, "POST", "POST"),
        (301, "PUT", "PUT"),
        (302, "PUT", "PUT"),
        (303, "PUT", "GET"),
        (307, "PUT", "PUT"),
        (303, "HEAD", "HEAD"),
        (303, "DELETE", "GET"),
    ] {
        let name: &'static str =
            Box::leak(format!("redirect-{status}-{method}-to-{after}").into_boxed_str());
        let mut case = c(name, AU).method(method);
        let has_body = method != "GET" && method != "HEAD";
        if has_body {
            case = case.body("data").h("Content-Language", "en");
        }
        let kept = after == method;
        let body_headers: Vec<(&'static str, Option<&'static str>)> = if !has_body {
            vec![("content-type", None), ("content-length", None)]
        } else if kept {
            vec![
                ("content-type", Some("text/plain;charset=UTF-8")),
                ("content-language", Some("en")),
                ("content-length", Some("4")),
                ("origin", Some(A)),
            ]
        } else {
            // Request-body-header names go; a GET has no Origin header
            // when same-origin.
            vec![
                ("content-type", None),
                ("content-language", None),
                ("content-length", None),
                ("origin", None),
            ]
        };
        let after_static: &'static str = after;
        let method_static: &'static str = Box::leak(method.to_owned().into_boxed_str());
        case = case
            .serve(method, AU, status, &loc(AS))
            .serve(after, AS, 200, &[])
            .ok(ResponseType::Basic, 200)
            .sent(method_static, AU, &[])
            .sent(after_static, AS, &body_headers);
        cases.push(case);
    }
    cases.extend([
        c("redirect-no-location-is-final", AU)
            .serve("GET", AU, 302, &[("X-Custom", "1")])
            .ok(ResponseType::Basic, 302)
            .visible(&["x-custom"])
            .sent("GET", AU, &[]),
        c("redirect-no-location-cross-origin-needs-cors", BU)
            .serve("GET", BU, 301, &[])
            .err(cors_check(CorsCheckFailure::MissingAllowOrigin), MAIN)
            .sent("GET", BU, &[]),
        c("redirect-two-location-lines", AU)
            .serve("GET", AU, 302, &[("Location", "/x"), ("Location", "/y")])
            .err(
                redirect_failure(InvalidLocation {
                    value: "/x, /y".into(),
                }),
                MAIN,
            )
            .sent("GET", AU, &[]),
        c("redirect-location-unparsable", AU)
            .serve("GET", AU, 302, &[("Location", "https://[::1")])
            .err(
                redirect_failure(InvalidLocation {
                    value: "https://[::1".into(),
                }),
                MAIN,
            )
            .sent("GET", AU, &[]),
        c("redirect-location-with-comma", AU)
            .serve("GET", AU, 302, &[("Location", "/a,b")])
            .serve("GET", "https://a.test/a,b", 200, &[])
            .ok(ResponseType::Basic, 200)
            .sent("GET", AU, &[])
            .sent("GET", "https://a.test/a,b", &[]),
        c("redirect-relative-location", "https://a.test/d/e/r")
            .serve("GET", "https://a.test/d/e/r", 302, &loc("../x?q=1"))
            .serve("GET", "https://a.test/d/x?q=1", 200, &[])
            .ok(ResponseType::Basic, 200)
            .sent("GET", "https://a.test/d/e/r", &[])
            .sent("GET", "https://a.test/d/x?q=1", &[]),
        c("redirect-non-http-scheme", AU)
            .serve("GET", AU, 302, &loc("data:,hello"))
            .err(
                redirect_failure(NonHttpScheme {
                    url: "data:,hello".into(),
                }),
                MAIN,
            )
            .sent("GET", AU, &[]),
        c("redirect-credentials-cross-origin-cors", AU)
            .serve("GET", AU, 302, &loc("https://u:p@b.test/r"))
            .err(
                redirect_failure(LocationIncludesCredentials {
                    url: "https://u:p@b.test/r".into(),
                }),
                MAIN,
            )
            .sent("GET", AU, &[]),
        c("redirect-credentials-same-origin-basic", AU)
            .serve("GET", AU, 302, &loc("https://u:p@a.test/s"))
            .serve("GET", "https://u:p@a.test/s", 200, &[])
            .ok(ResponseType::Basic, 200)
            .sent("GET", AU, &[])
            .sent("GET", "https://u:p@a.test/s", &[]),
        c("redirect-credentials-after-cors-tainting", BU)
            .serve(
                "GET",
                BU,
                302,
                &[ACAO_A, ("Location", "https://u:p@b.test/s")],
            )
            .err(
                redirect_failure(LocationIncludesCredentials {
                    url: "https://u:p@b.test/s".into(),
                }),
                MAIN,
            )
            .sent("GET", BU, &[]),
        c("redirect-credentials-no-cors", BU)
            .mode(Mode::NoCors)
            .serve("GET", BU, 302, &loc("https://u:p@c.test/r"))
            .serve("GET", "https://u:p@c.test/r", 200, &[])
            .ok(ResponseType::Opaque, 0)
            .sent("GET", BU, &[])
            .sent("GET", "https://u:p@c.test/r", &[]),
        // Redirect-taint. <https://fetch.spec.whatwg.org/#concept-request-tainted-origin>
        c("redirect-same-to-cross-not-tainted", AU)
            .serve("GET", AU, 302, &loc(BU))
            .serve("GET", BU, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent("GET", AU, &[("origin", None)])
            .with_creds(true)
            .sent("GET", BU, &[("origin", Some(A))])
            .with_creds(false),
        c("redirect-cross-to-cross-tainted", BU)
            .serve("GET", BU, 302, &[ACAO_A, ("Location", CU)])
            .serve("GET", CU, 200, &[("Access-Control-Allow-Origin", "null")])
            .ok(ResponseType::Cors, 200)
            .sent("GET", BU, &[("origin", Some(A))])
            .sent("GET", CU, &[("origin", Some("null"))]),
        c("redirect-tainted-acao-origin-mismatch", BU)
            .serve("GET", BU, 302, &[ACAO_A, ("Location", CU)])
            .serve("GET", CU, 200, &[ACAO_A])
            .err(
                cors_check(CorsCheckFailure::AllowOriginMismatch {
                    value: A.into(),
                    expected: "null".into(),
                }),
                MAIN,
            )
            .sent("GET", BU, &[("origin", Some(A))])
            .sent("GET", CU, &[("origin", Some("null"))]),
        c("redirect-cross-back-to-client-tainted", BU)
            .serve("GET", BU, 302, &[ACAO_A, ("Location", AU)])
            .serve("GET", AU, 200, &[("Access-Control-Allow-Origin", "null")])
            .ok(ResponseType::Cors, 200)
            .sent("GET", BU, &[("origin", Some(A))])
            .sent("GET", AU, &[("origin", Some("null"))])
            .with_creds(false),
        c("redirect-cross-same-origin-hop-not-tainted", BU)
            .serve("GET", BU, 302, &[ACAO_A, ("Location", BS)])
            .serve("GET", BS, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent("GET", BU, &[("origin", Some(A))])
            .sent("GET", BS, &[("origin", Some(A))]),
        c("redirect-cross-origin-needs-acao-on-3xx", BU)
            .serve("GET", BU, 302, &loc(BS))
            .serve("GET", BS, 200, &[ACAO_A])
            .err(cors_check(CorsCheckFailure::MissingAllowOrigin), MAIN)
            .sent("GET", BU, &[]),
        c("redirect-authorization-dropped-cross-origin", AU)
            .h("Authorization", "Bearer x")
            .serve("GET", AU, 302, &loc(BU))
            .serve("GET", BU, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent("GET", AU, &[("authorization", Some("Bearer x"))])
            .sent("GET", BU, &[("authorization", None), ("origin", Some(A))]),
        c("redirect-authorization-kept-same-origin", AU)
            .h("Authorization", "Bearer x")
            .serve("GET", AU, 302, &loc(AS))
            .serve("GET", AS, 200, &[])
            .ok(ResponseType::Basic, 200)
            .sent("GET", AU, &[("authorization", Some("Bearer x"))])
            .sent("GET", AS, &[("authorization", Some("Bearer x"))]),
        c("redirect-preflight-each-cross-origin-hop", BU)
            .method("PUT")
            .serve("OPTIONS", BU, 204, &preflight_ok("PUT", ""))
            .serve("PUT", BU, 307, &[ACAO_A, ("Location", BS)])
            .serve("OPTIONS", BS, 204, &preflight_ok("PUT", ""))
            .serve("PUT", BS, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent("OPTIONS", BU, &[("origin", Some(A))])
            .sent("PUT", BU, &[])
            .sent("OPTIONS", BS, &[("origin", Some(A))])
            .sent("PUT", BS, &[]),
        c("redirect-preflight-tainted-origin-null", BU)
            .method("PUT")
            .serve("OPTIONS", BU, 204, &preflight_ok("PUT", ""))
            .serve("PUT", BU, 307, &[ACAO_A, ("Location", CU)])
            .serve(
                "OPTIONS",
                CU,
                204,
                &[
                    ("Access-Control-Allow-Origin", "null"),
                    ("Access-Control-Allow-Methods", "PUT"),
                ],
            )
            .serve("PUT", CU, 200, &[("Access-Control-Allow-Origin", "null")])
            .ok(ResponseType::Cors, 200)
            .sent("OPTIONS", BU, &[("origin", Some(A))])
            .sent("PUT", BU, &[("origin", Some(A))])
            .sent("OPTIONS", CU, &[("origin", Some("null"))])
            .sent("PUT", CU, &[("origin", Some("null"))]),
        c("redirect-303-after-preflight-no-second-preflight", BU)
            .method("PUT")
            .h("Content-Type", "application/json")
            .body("{}")
            .serve("OPTIONS", BU, 204, &preflight_ok("PUT", "content-type"))
            .serve("PUT", BU, 303, &[ACAO_A, ("Location", BS)])
            .serve("GET", BS, 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent(
                "OPTIONS",
                BU,
                &[("access-control-request-headers", Some("content-type"))],
            )
            .sent("PUT", BU, &[("content-type", Some("application/json"))])
            .sent(
                "GET",
                BS,
                &[("content-type", None), ("content-length", None)],
            ),
        c(
            "redirect-same-origin-unsafe-header-preflights-cross-hop",
            AU,
        )
        .h("X-Custom", "1")
        .serve("GET", AU, 302, &loc(BU))
        .serve("OPTIONS", BU, 204, &preflight_ok("", "x-custom"))
        .serve("GET", BU, 200, &[ACAO_A])
        .ok(ResponseType::Cors, 200)
        .sent("GET", AU, &[("x-custom", Some("1")), ("origin", None)])
        .sent(
            "OPTIONS",
            BU,
            &[
                ("access-control-request-headers", Some("x-custom")),
                ("origin", Some(A)),
            ],
        )
        .sent("GET", BU, &[("x-custom", Some("1")), ("origin", Some(A))]),
        c("status-300-with-location-is-final", AU)
            .serve("GET", AU, 300, &loc(AS))
            .ok(ResponseType::Basic, 300)
            .sent("GET", AU, &[]),
        c("status-304-with-location-is-final", AU)
            .serve("GET", AU, 304, &loc(AS))
            .ok(ResponseType::Basic, 304)
            .sent("GET", AU, &[]),
        c("status-306-cross-origin-with-acao-is-final", BU)
            .serve("GET", BU, 306, &[ACAO_A, ("Location", BS)])
            .ok(ResponseType::Cors, 306)
            .sent("GET", BU, &[]),
        c("redirect-location-username-only-cross-origin", AU)
            .serve("GET", AU, 302, &loc("https://u@b.test/r"))
            .err(
                redirect_failure(LocationIncludesCredentials {
                    url: "https://u@b.test/r".into(),
                }),
                MAIN,
            )
            .sent("GET", AU, &[]),
        c("redirect-mode-error", AU)
            .redirect(RedirectMode::Error)
            .serve("GET", AU, 302, &loc(AS))
            .err(Reason::RedirectModeError { status: 302 }, MAIN)
            .sent("GET", AU, &[]),
        c("redirect-mode-error-no-location", AU)
            .redirect(RedirectMode::Error)
            .serve("GET", AU, 301, &[])
            .err(Reason::RedirectModeError { status: 301 }, MAIN)
            .sent("GET", AU, &[]),
        c("redirect-mode-manual-same-origin", AU)
            .redirect(RedirectMode::Manual)
            .serve("GET", AU, 302, &[("Location", "/s"), ("X-Custom", "1")])
            .ok(ResponseType::OpaqueRedirect, 0)
            .visible(&[])
            .sent("GET", AU, &[]),
        c("redirect-mode-manual-cross-origin-with-acao", BU)
            .redirect(RedirectMode::Manual)
            .serve("GET", BU, 307, &[ACAO_A, ("Location", BS)])
            .ok(ResponseType::OpaqueRedirect, 0)
            .visible(&[])
            .sent("GET", BU, &[]),
        c("redirect-mode-manual-cross-origin-cors-check-first", BU)
            .redirect(RedirectMode::Manual)
            .serve("GET", BU, 307, &loc(BS))
            .err(cors_check(CorsCheckFailure::MissingAllowOrigin), MAIN)
            .sent("GET", BU, &[]),
    ]);
    cases
}

#[test]
fn redirect_table() {
    run_table(&redirect_cases());
}

/// A chain of `n` same-origin redirects `/0 -> /1 -> ... -> /n` ending in a 200.
fn chain(n: usize) -> Server {
    let mut server = Server::default();
    for i in 0..n {
        server.add(
            "GET",
            &format!("https://a.test/{i}"),
            302,
            &[("Location", &format!("/{}", i + 1))],
        );
    }
    server.add("GET", &format!("https://a.test/{n}"), 200, &[]);
    server
}

/// "If request's redirect count is 20, then return a network error."
#[test]
fn redirect_count_limit() {
    let profile = Profile::SPEC;
    let origin = client(A);
    let request = Init::new("https://a.test/0")
        .build(&origin, &profile)
        .expect("request");
    let mut cache = PreflightCache::default();
    let (outcome, sent) = run(
        &profile,
        request.clone(),
        &chain(20),
        &mut cache,
        Duration::ZERO,
    );
    assert!(
        matches!(&outcome, FetchOutcome::Response(r) if r.status == 200 && r.redirected),
        "20 redirects are followed: {outcome:?}"
    );
    assert_eq!(sent.len(), 21);
    assert_eq!(wire_url(&sent[20]), "https://a.test/20");

    let (outcome, sent) = run(&profile, request, &chain(21), &mut cache, Duration::ZERO);
    match outcome {
        FetchOutcome::NetworkError(e) => {
            assert_eq!(
                e.reason,
                Reason::Redirect {
                    failure: RedirectFailure::TooManyRedirects
                }
            );
            assert!(e.redirected);
        }
        other => panic!("the 21st redirect must fail: {other:?}"),
    }
    assert_eq!(sent.len(), 21, "the 22nd request is never sent");
}

/// Location URL: "If location is a URL whose fragment is null, then set
/// location's fragment to requestFragment."
#[test]
fn redirect_fragment_inheritance() {
    let profile = Profile::SPEC;
    let origin = client(A);
    for (start, location, want) in [
        ("https://a.test/r#frag", "/s", Some("frag")),
        ("https://a.test/r#frag", "/s#own", Some("own")),
        ("https://a.test/r", "/s", None),
        ("https://a.test/r#frag", "https://b.test/s", Some("frag")),
    ] {
        let request = Init::new(start).build(&origin, &profile).expect("request");
        let mut controller = FetchController::new(request, &profile, common::PARTITION);
        let mut cache = PreflightCache::default();
        let now = Duration::ZERO;
        let Ok(Action::Send(first)) = controller.poll(&mut cache, now) else {
            panic!("{start}: first poll must send");
        };
        assert_eq!(first.url.as_str(), start);
        controller
            .handle_response(
                NetworkResponse::new(302, [("Location", location), ACAO_A]),
                &mut cache,
                now,
            )
            .expect("response accepted");
        let Ok(Action::Send(second)) = controller.poll(&mut cache, now) else {
            panic!("{start} -> {location}: second poll must send");
        };
        assert_eq!(second.url.fragment(), want, "{start} -> {location}");
        assert_eq!(
            controller.request().current_url().fragment(),
            want,
            "{start} -> {location}"
        );
    }
}

// ---------------------------------------------------------------------------
// Modes, the Origin header and bad ports.
// <https://fetch.spec.whatwg.org/#main-fetch>
// <https://fetch.spec.whatwg.org/#append-a-request-origin-header>
// <https://fetch.spec.whatwg.org/#bad-port>

fn mode_cases() -> Vec<Case> {
    use CredentialsMode::*;
    vec![
        c("same-origin-mode-cross-origin-url", BU)
            .mode(Mode::SameOrigin)
            .serve("GET", BU, 200, &[ACAO_A])
            .err(Reason::SameOriginModeCrossOriginUrl, NONE),
        c("same-origin-mode-same-origin-url", AU)
            .mode(Mode::SameOrigin)
            .serve("GET", AU, 200, &[])
            .ok(ResponseType::Basic, 200)
            .sent("GET", AU, &[("origin", None)])
            .with_creds(true),
        c("same-origin-mode-redirect-cross-origin", AU)
            .mode(Mode::SameOrigin)
            .serve("GET", AU, 302, &loc(BU))
            .serve("GET", BU, 200, &[ACAO_A])
            .err(Reason::SameOriginModeCrossOriginUrl, NONE)
            .sent("GET", AU, &[]),
        c("no-cors-get-opaque", BU)
            .mode(Mode::NoCors)
            .serve("GET", BU, 200, &[ACAO_A, ("Content-Type", "text/plain")])
            .ok(ResponseType::Opaque, 0)
            .visible(&[])
            .sent("GET", BU, &[("origin", None)])
            .with_creds(false),
        c("no-cors-include-sends-credentials", BU)
            .mode(Mode::NoCors)
            .creds(Include)
            .serve("GET", BU, 200, &[])
            .ok(ResponseType::Opaque, 0)
            .sent("GET", BU, &[])
            .with_creds(true),
        c("no-cors-unsafe-header-dropped", BU)
            .mode(Mode::NoCors)
            .h("X-Custom", "1")
            .h("Content-Type", "application/json")
            .h("Accept-Language", "en")
            .serve("GET", BU, 200, &[])
            .ok(ResponseType::Opaque, 0)
            .sent(
                "GET",
                BU,
                &[
                    ("x-custom", None),
                    ("content-type", None),
                    ("accept-language", Some("en")),
                    ("access-control-request-method", None),
                ],
            ),
        c("no-cors-put-throws", BU)
            .mode(Mode::NoCors)
            .method("PUT")
            .throws(RequestError::NoCorsMethod {
                method: "PUT".into(),
            }),
        c("no-cors-lowercase-delete-throws", BU)
            .mode(Mode::NoCors)
            .method("delete")
            .throws(RequestError::NoCorsMethod {
                method: "DELETE".into(),
            }),
        c("no-cors-redirect-manual-cross-origin", BU)
            .mode(Mode::NoCors)
            .redirect(RedirectMode::Manual)
            .serve("GET", BU, 200, &[])
            .err(Reason::NoCorsRedirectModeNotFollow, NONE),
        c("no-cors-redirect-error-cross-origin", BU)
            .mode(Mode::NoCors)
            .redirect(RedirectMode::Error)
            .serve("GET", BU, 200, &[])
            .err(Reason::NoCorsRedirectModeNotFollow, NONE),
        c("no-cors-redirect-manual-same-origin", AU)
            .mode(Mode::NoCors)
            .redirect(RedirectMode::Manual)
            .serve("GET", AU, 200, &[("X-Custom", "1")])
            .ok(ResponseType::Basic, 200)
            .visible(&["x-custom"])
            .sent("GET", AU, &[]),
        c("no-cors-same-origin-redirect-to-cross-origin", AU)
            .mode(Mode::NoCors)
            .serve("GET", AU, 302, &loc(BU))
            .serve("GET", BU, 200, &[])
            .ok(ResponseType::Opaque, 0)
            .sent("GET", AU, &[])
            .with_creds(true)
            .sent("GET", BU, &[])
            .with_creds(false),
        c("forbidden-method-throws", BU)
            .method("TRACE")
            .throws(RequestError::ForbiddenMethod {
                method: "TRACE".into(),
            }),
        c("get-with-body-throws", BU)
            .body("x")
            .throws(RequestError::BodyWithGetOrHead {
                method: "GET".into(),
            }),
        c("url-with-credentials-throws", "https://u:p@b.test/r").throws(
            RequestError::UrlIncludesCredentials {
                url: "https://u:p@b.test/r".into(),
            },
        ),
        // The Origin header.
        c("origin-same-origin-get-absent", AU)
            .serve("GET", AU, 200, &[])
            .ok(ResponseType::Basic, 200)
            .sent("GET", AU, &[("origin", None)]),
        c("origin-same-origin-head-absent", AU)
            .method("HEAD")
            .serve("HEAD", AU, 200, &[])
            .ok(ResponseType::Basic, 200)
            .sent("HEAD", AU, &[("origin", None)]),
        c("origin-same-origin-post", AU)
            .method("POST")
            .serve("POST", AU, 200, &[])
            .ok(ResponseType::Basic, 200)
            .sent(
                "POST",
                AU,
                &[("origin", Some(A)), ("content-length", Some("0"))],
            ),
        c(
            // Downgrades use http://127.0.0.1: a potentially trustworthy URL, so
            // not blocked as mixed content, yet not `https` for the Origin rule.
            "origin-no-cors-post-https-to-http-default-policy",
            "http://127.0.0.1/r",
        )
        .mode(Mode::NoCors)
        .method("POST")
        .serve("POST", "http://127.0.0.1/r", 200, &[])
        .ok(ResponseType::Opaque, 0)
        .sent("POST", "http://127.0.0.1/r", &[("origin", Some("null"))]),
        c("origin-no-cors-post-https-to-https", BU)
            .mode(Mode::NoCors)
            .method("POST")
            .serve("POST", BU, 200, &[])
            .ok(ResponseType::Opaque, 0)
            .sent("POST", BU, &[("origin", Some(A))]),
        c("origin-no-cors-post-no-referrer", BU)
            .mode(Mode::NoCors)
            .method("POST")
            .policy(ReferrerPolicy::NoReferrer)
            .serve("POST", BU, 200, &[])
            .ok(ResponseType::Opaque, 0)
            .sent("POST", BU, &[("origin", Some("null"))]),
        c("origin-no-cors-post-same-origin-policy-cross", BU)
            .mode(Mode::NoCors)
            .method("POST")
            .policy(ReferrerPolicy::SameOrigin)
            .serve("POST", BU, 200, &[])
            .ok(ResponseType::Opaque, 0)
            .sent("POST", BU, &[("origin", Some("null"))]),
        c("origin-no-cors-post-same-origin-policy-same", AU)
            .mode(Mode::NoCors)
            .method("POST")
            .policy(ReferrerPolicy::SameOrigin)
            .serve("POST", AU, 200, &[])
            .ok(ResponseType::Basic, 200)
            .sent("POST", AU, &[("origin", Some(A))]),
        c(
            "origin-no-cors-post-unsafe-url-downgrade",
            "http://127.0.0.1/r",
        )
        .mode(Mode::NoCors)
        .method("POST")
        .policy(ReferrerPolicy::UnsafeUrl)
        .serve("POST", "http://127.0.0.1/r", 200, &[])
        .ok(ResponseType::Opaque, 0)
        .sent("POST", "http://127.0.0.1/r", &[("origin", Some(A))]),
        c("origin-no-cors-get-absent", "http://127.0.0.1/r")
            .mode(Mode::NoCors)
            .serve("GET", "http://127.0.0.1/r", 200, &[])
            .ok(ResponseType::Opaque, 0)
            .sent("GET", "http://127.0.0.1/r", &[("origin", None)]),
        c("origin-cors-post-https-to-http", "http://127.0.0.1/r")
            .method("POST")
            .serve("POST", "http://127.0.0.1/r", 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent("POST", "http://127.0.0.1/r", &[("origin", Some(A))]),
        c("origin-same-origin-post-no-referrer-cors-mode", AU)
            .method("POST")
            .policy(ReferrerPolicy::NoReferrer)
            .serve("POST", AU, 200, &[])
            .ok(ResponseType::Basic, 200)
            .sent("POST", AU, &[("origin", Some(A))]),
        c("origin-opaque-client-same-looking-url-is-cors", AU)
            .client("null")
            .serve("GET", AU, 200, &[("Access-Control-Allow-Origin", "null")])
            .ok(ResponseType::Cors, 200)
            .sent("GET", AU, &[("origin", Some("null"))])
            .with_creds(false),
        // Bad ports.
        c("bad-port-6667", "https://b.test:6667/r")
            .serve("GET", "https://b.test:6667/r", 200, &[ACAO_A])
            .err(Reason::BadPort { port: 6667 }, NONE),
        c("bad-port-10080-same-origin", "https://a.test:10080/r")
            .client("https://a.test:10080")
            .serve("GET", "https://a.test:10080/r", 200, &[])
            .err(Reason::BadPort { port: 10080 }, NONE),
        c("bad-port-no-cors", "http://b.test:25/r")
            .mode(Mode::NoCors)
            .err(Reason::BadPort { port: 25 }, NONE),
        c("good-port-8080", "https://b.test:8080/r")
            .serve("GET", "https://b.test:8080/r", 200, &[ACAO_A])
            .ok(ResponseType::Cors, 200)
            .sent("GET", "https://b.test:8080/r", &[]),
        c("bad-port-on-redirect-hop", AU)
            .serve("GET", AU, 302, &loc("https://a.test:6666/s"))
            .err(Reason::BadPort { port: 6666 }, NONE)
            .sent("GET", AU, &[]),
    ]
}

#[test]
fn mode_origin_port_table() {
    run_table(&mode_cases());
}

/// The tables together hold at least the 60 cases the task asks for.
#[test]
fn table_size() {
    let n = cors_check_cases().len()
        + preflight_decision_cases().len()
        + preflight_response_cases().len()
        + redirect_cases().len()
        + mode_cases().len();
    assert!(n >= 60, "only {n} table cases");
}

// ---------------------------------------------------------------------------
// The preflight cache seen through the engine.
// <https://fetch.spec.whatwg.org/#http-fetch> step 4.1

fn put_server(max_age: Option<&str>, include: bool) -> Server {
    let mut server = Server::default();
    let mut pre: Vec<(&str, &str)> = vec![ACAO_A, ("Access-Control-Allow-Methods", "PUT")];
    if let Some(m) = max_age {
        pre.push(("Access-Control-Max-Age", m));
    }
    if include {
        pre.push(("Access-Control-Allow-Credentials", "true"));
    }
    server.add("OPTIONS", BU, 204, &pre);
    let mut main = vec![ACAO_A];
    if include {
        main.push(("Access-Control-Allow-Credentials", "true"));
    }
    server.add("PUT", BU, 200, &main);
    server
}

fn put(creds: CredentialsMode) -> Init {
    let mut init = Init::new(BU);
    init.method = Some("PUT".into());
    init.credentials = Some(creds);
    init
}

fn methods_sent(sent: &[xorigin::fetch::OutgoingRequest]) -> Vec<&str> {
    sent.iter().map(|s| s.method.as_str()).collect()
}

#[test]
fn cache_hit_skips_preflight_until_expiry() {
    let profile = Profile::SPEC;
    let origin = client(A);
    let server = put_server(Some("10"), false);
    let mut cache = PreflightCache::default();
    let req = || {
        put(CredentialsMode::SameOrigin)
            .build(&origin, &profile)
            .expect("request")
    };
    let at = Duration::from_secs;
    let (_, sent) = run(&profile, req(), &server, &mut cache, at(100));
    assert_eq!(methods_sent(&sent), ["OPTIONS", "PUT"]);
    let (o, sent) = run(&profile, req(), &server, &mut cache, at(109));
    assert!(matches!(o, FetchOutcome::Response(_)));
    assert_eq!(methods_sent(&sent), ["PUT"], "cache hit before max-age");
    let (_, sent) = run(&profile, req(), &server, &mut cache, at(110));
    assert_eq!(
        methods_sent(&sent),
        ["OPTIONS", "PUT"],
        "expired at max-age"
    );
}

#[test]
fn cache_default_max_age_is_five_seconds() {
    let profile = Profile::SPEC;
    let origin = client(A);
    let server = put_server(None, false);
    let mut cache = PreflightCache::default();
    let req = || {
        put(CredentialsMode::Omit)
            .build(&origin, &profile)
            .expect("request")
    };
    let at = Duration::from_secs;
    let _ = run(&profile, req(), &server, &mut cache, at(0));
    let (_, sent) = run(&profile, req(), &server, &mut cache, at(4));
    assert_eq!(methods_sent(&sent), ["PUT"]);
    let (_, sent) = run(&profile, req(), &server, &mut cache, at(5));
    assert_eq!(methods_sent(&sent), ["OPTIONS", "PUT"]);
}

#[test]
fn cache_max_age_zero_not_stored() {
    let profile = Profile::SPEC;
    let origin = client(A);
    let server = put_server(Some("0"), false);
    let mut cache = PreflightCache::default();
    let req = || {
        put(CredentialsMode::Omit)
            .build(&origin, &profile)
            .expect("request")
    };
    let _ = run(&profile, req(), &server, &mut cache, Duration::ZERO);
    let (_, sent) = run(&profile, req(), &server, &mut cache, Duration::ZERO);
    assert_eq!(methods_sent(&sent), ["OPTIONS", "PUT"]);
    assert_eq!(cache.entry_count(), 0);
}

/// An entry stored with credentials serves a later non-include request; an
/// entry stored without does not serve an include request.
#[test]
fn cache_credentials_rule_through_engine() {
    let profile = Profile::SPEC;
    let origin = client(A);
    let server = put_server(Some("60"), true);
    let now = Duration::from_secs(1);

    let mut cache = PreflightCache::default();
    let (o, sent) = run(
        &profile,
        put(CredentialsMode::Omit).build(&origin, &profile).unwrap(),
        &server,
        &mut cache,
        now,
    );
    assert!(matches!(o, FetchOutcome::Response(_)), "{o:?}");
    assert_eq!(methods_sent(&sent), ["OPTIONS", "PUT"]);
    let (o, sent) = run(
        &profile,
        put(CredentialsMode::Include)
            .build(&origin, &profile)
            .unwrap(),
        &server,
        &mut cache,
        now,
    );
    assert!(matches!(o, FetchOutcome::Response(_)), "{o:?}");
    assert_eq!(
        methods_sent(&sent),
        ["OPTIONS", "PUT"],
        "include after omit must preflight again"
    );

    let mut cache = PreflightCache::default();
    let _ = run(
        &profile,
        put(CredentialsMode::Include)
            .build(&origin, &profile)
            .unwrap(),
        &server,
        &mut cache,
        now,
    );
    let (_, sent) = run(
        &profile,
        put(CredentialsMode::SameOrigin)
            .build(&origin, &profile)
            .unwrap(),
        &server,
        &mut cache,
        now,
    );
    assert_eq!(methods_sent(&sent), ["PUT"], "include entry serves omit");
}

/// Main fetch: "If corsWithPreflightResponse is a network error, then clear
/// cache entries using request."
#[test]
fn cache_cleared_after_network_error() {
    let profile = Profile::SPEC;
    let origin = client(A);
    let good = put_server(Some("60"), false);
    let mut bad = Server::default();
    bad.add("PUT", BU, 500, &[]);
    let mut cache = PreflightCache::default();
    let req = || {
        put(CredentialsMode::Omit)
            .build(&origin, &profile)
            .expect("request")
    };
    let now = Duration::from_secs(1);
    let _ = run(&profile, req(), &good, &mut cache, now);
    assert_eq!(cache.group_count(), 1);
    let (o, sent) = run(&profile, req(), &bad, &mut cache, now);
    assert_eq!(methods_sent(&sent), ["PUT"]);
    assert!(matches!(o, FetchOutcome::NetworkError(_)));
    assert_eq!(cache.entry_count(), 0, "cleared after the CORS failure");
    let (_, sent) = run(&profile, req(), &good, &mut cache, now);
    assert_eq!(methods_sent(&sent), ["OPTIONS", "PUT"]);
}

/// A cached header name covers the header; a new unsafe header does not.
#[test]
fn cache_header_entries() {
    let profile = Profile::SPEC;
    let origin = client(A);
    let mut server = Server::default();
    server.add(
        "OPTIONS",
        BU,
        204,
        &[
            ACAO_A,
            ("Access-Control-Allow-Headers", "x-a, x-b"),
            ("Access-Control-Max-Age", "60"),
        ],
    );
    server.add("GET", BU, 200, &[ACAO_A]);
    let mut cache = PreflightCache::default();
    let now = Duration::from_secs(1);
    let with = |names: &[&str]| {
        let mut init = Init::new(BU);
        init.headers = names.iter().map(|n| ((*n).into(), "1".into())).collect();
        init.build(&origin, &profile).expect("request")
    };
    let (_, sent) = run(&profile, with(&["X-A"]), &server, &mut cache, now);
    assert_eq!(methods_sent(&sent), ["OPTIONS", "GET"]);
    let (_, sent) = run(&profile, with(&["x-b", "X-A"]), &server, &mut cache, now);
    assert_eq!(methods_sent(&sent), ["GET"], "both names cached");
    let (_, sent) = run(&profile, with(&["X-A", "X-C"]), &server, &mut cache, now);
    assert_eq!(
        methods_sent(&sent),
        ["OPTIONS"],
        "x-c not cached, then refused"
    );
}

// ---------------------------------------------------------------------------
// The controller's protocol.

fn cross_put_controller() -> FetchController<'static> {
    let profile = &Profile::SPEC;
    let request = put(CredentialsMode::Omit)
        .build(&client(A), profile)
        .expect("request");
    FetchController::new(request, profile, common::PARTITION)
}

#[test]
fn usage_error_poll_while_awaiting_preflight() {
    let mut controller = cross_put_controller();
    let mut cache = PreflightCache::default();
    let now = Duration::ZERO;
    let Ok(Action::Send(pre)) = controller.poll(&mut cache, now) else {
        panic!("first poll sends the preflight");
    };
    assert_eq!(pre.method, "OPTIONS");
    assert_eq!(
        controller.poll(&mut cache, now).err(),
        Some(UsageError::AwaitingResponse)
    );
    // Still waiting: the error did not lose the state.
    assert_eq!(
        controller.poll(&mut cache, now).err(),
        Some(UsageError::AwaitingResponse)
    );
    controller
        .handle_response(
            NetworkResponse::new(204, [ACAO_A, ("Access-Control-Allow-Methods", "PUT")]),
            &mut cache,
            now,
        )
        .expect("preflight response accepted");
    let Ok(Action::Send(main)) = controller.poll(&mut cache, now) else {
        panic!("then the PUT");
    };
    assert_eq!(main.method, "PUT");
    assert_eq!(
        controller.poll(&mut cache, now).err(),
        Some(UsageError::AwaitingResponse)
    );
    controller
        .handle_response(NetworkResponse::new(200, [ACAO_A]), &mut cache, now)
        .expect("main response accepted");
    assert!(matches!(
        controller.poll(&mut cache, now),
        Ok(Action::Done(FetchOutcome::Response(_)))
    ));
    // After Done, nothing is outstanding.
    assert_eq!(
        controller.poll(&mut cache, now).err(),
        Some(UsageError::NoRequestOutstanding)
    );
}

#[test]
fn usage_error_response_without_request() {
    let mut controller = cross_put_controller();
    let mut cache = PreflightCache::default();
    let now = Duration::ZERO;
    assert_eq!(
        controller.handle_response(NetworkResponse::new(200, [ACAO_A]), &mut cache, now),
        Err(UsageError::NoRequestOutstanding)
    );
    assert_eq!(
        controller.handle_network_failure(
            NetworkFailure::Reset {
                detail: "reset".into()
            },
            &mut cache
        ),
        Err(UsageError::NoRequestOutstanding)
    );
    // The misuse did not break the fetch.
    assert!(matches!(
        controller.poll(&mut cache, now),
        Ok(Action::Send(r)) if r.method == "OPTIONS"
    ));
}

#[test]
fn network_failure_is_a_network_error() {
    let mut controller = cross_put_controller();
    let mut cache = PreflightCache::default();
    let now = Duration::ZERO;
    assert!(matches!(
        controller.poll(&mut cache, now),
        Ok(Action::Send(_))
    ));
    controller
        .handle_network_failure(
            NetworkFailure::ConnectionRefused {
                detail: "connection refused".into(),
            },
            &mut cache,
        )
        .expect("a request is outstanding");
    match controller.poll(&mut cache, now) {
        Ok(Action::Done(FetchOutcome::NetworkError(e))) => {
            assert_eq!(
                e.reason,
                Reason::Network {
                    failure: NetworkFailure::ConnectionRefused {
                        detail: "connection refused".into()
                    }
                }
            );
            assert_eq!(e.request_kind, Some(RequestKind::Preflight));
            assert_eq!(e.url, BU);
        }
        other => panic!("expected a network error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Other schemes and modes main fetch names.

fn scheme_cases() -> Vec<Case> {
    vec![
        c("data-url-cors-mode-basic", "data:,hello")
            .ok(ResponseType::Basic, 200)
            .visible(&["content-type"]),
        c("data-url-same-origin-mode-basic", "data:text/html,hi")
            .mode(Mode::SameOrigin)
            .ok(ResponseType::Basic, 200),
        c("data-url-no-cors-basic", "data:,hello")
            .mode(Mode::NoCors)
            .ok(ResponseType::Basic, 200),
        c("about-blank-cors-mode-fails", "about:blank").err(
            Reason::CorsUnsupportedScheme {
                scheme: "about".into(),
            },
            NONE,
        ),
        c("ftp-cors-mode-fails", "ftp://b.test/f").err(
            Reason::CorsUnsupportedScheme {
                scheme: "ftp".into(),
            },
            NONE,
        ),
    ]
}

#[test]
fn scheme_table() {
    run_table(&scheme_cases());
}

/// Main fetch step 12: "request's mode is "navigate", "websocket" or
/// "webtransport"" → "Set request's response tainting to "basic"" and
/// scheme fetch: a cross-origin navigation needs no CORS.
#[test]

fn navigate_mode_is_basic() {
    let profile = Profile::SPEC;
    let mut request = Init::new(BU).build(&client(A), &profile).expect("request");
    request.mode = Mode::Navigate;
    let mut server = Server::default();
    server.add("GET", BU, 200, &[("X-Custom", "1")]);
    let mut cache = PreflightCache::default();
    let (outcome, sent) = run(&profile, request, &server, &mut cache, Duration::ZERO);
    match outcome {
        FetchOutcome::Response(r) => {
            assert_eq!(r.response_type, ResponseType::Basic);
            assert_eq!(r.visible_header_names(), ["x-custom"]);
        }
        other => panic!("a navigation needs no CORS: {other:?}"),
    }
    assert_eq!(sent.len(), 1);
    assert_eq!(header(&sent[0], "origin"), None);
}

/// HTTP-redirect fetch: "Invoke set request's referrer policy on redirect on
/// request and internalResponse", which takes the redirect's
/// `Referrer-Policy`; the next hop's `Origin` (no-cors, POST) follows it:
/// "no-referrer": Set serializedOrigin to `null`.
#[test]

fn referrer_policy_on_redirect_changes_origin_header() {
    let case = c("referrer-policy-on-redirect", AU)
        .mode(Mode::NoCors)
        .method("POST")
        .serve(
            "POST",
            AU,
            307,
            &[("Location", BU), ("Referrer-Policy", "no-referrer")],
        )
        .serve("POST", BU, 200, &[])
        .ok(ResponseType::Opaque, 0)
        .sent("POST", AU, &[("origin", Some(A))])
        .sent("POST", BU, &[("origin", Some("null"))]);
    run_table(&[case]);
}

/// "If max-age is failure or null, then set max-age to 5"; "If max-age is
/// greater than an imposed limit on max-age, then set max-age to the
/// imposed limit" (Chromium: 7200 s).
#[test]
fn cache_max_age_parsing_and_cap() {
    let origin = client(A);
    let at = Duration::from_secs;
    for (profile, value, hit_at, miss_at) in [
        (Profile::SPEC, "abc", 4, 5),
        (Profile::SPEC, "-1", 4, 5),
        (Profile::SPEC, "5.5", 4, 5),
        (Profile::SPEC, "10000", 9999, 10000),
        (Profile::CHROMIUM, "10000", 7199, 7200),
        (Profile::CHROMIUM, "60", 59, 60),
    ] {
        let server = put_server(Some(value), false);
        let mut cache = PreflightCache::default();
        let req = || {
            put(CredentialsMode::Omit)
                .build(&origin, &profile)
                .expect("request")
        };
        let (o, sent) = run(&profile, req(), &server, &mut cache, at(0));
        assert!(matches!(o, FetchOutcome::Response(_)), "{value}: {o:?}");
        assert_eq!(methods_sent(&sent), ["OPTIONS", "PUT"]);
        let (_, sent) = run(&profile, req(), &server, &mut cache, at(hit_at));
        assert_eq!(
            methods_sent(&sent),
            ["PUT"],
            "{:?} max-age {value:?}: hit at {hit_at}",
            profile.name
        );
        let (_, sent) = run(&profile, req(), &server, &mut cache, at(miss_at));
        assert_eq!(
            methods_sent(&sent),
            ["OPTIONS", "PUT"],
            "{:?} max-age {value:?}: miss at {miss_at}",
            profile.name
        );
    }
}

/// The `data:` URL processor and scheme fetch's `Content-Type`: the MIME
/// type is parsed and serialized, `;base64` is matched ASCII
/// case-insensitively, and a URL without `,` or with a bad base64 body is a
/// network error. <https://fetch.spec.whatwg.org/#data-url-processor>
fn data_url_content_type(url: &str) -> Result<String, Reason> {
    let profile = Profile::SPEC;
    let request = Init::new(url).build(&client(A), &profile).expect("request");
    let mut cache = PreflightCache::default();
    let (outcome, sent) = run(
        &profile,
        request,
        &Server::default(),
        &mut cache,
        Duration::ZERO,
    );
    assert!(
        sent.is_empty(),
        "{url}: a data: URL puts nothing on the wire"
    );
    match outcome {
        FetchOutcome::Response(r) => {
            assert_eq!(r.response_type, ResponseType::Basic, "{url}");
            assert_eq!(r.status, 200, "{url}");
            let ct = r
                .headers
                .iter()
                .find(|(n, _)| *n == b"content-type")
                .map(|(_, v)| String::from_utf8_lossy(v).into_owned());
            Ok(ct.unwrap_or_default())
        }
        FetchOutcome::NetworkError(e) => Err(e.reason),
    }
}

#[test]
fn data_url_plain_cases() {
    for (url, want) in [
        ("data:,x", "text/plain;charset=US-ASCII"),
        ("data:text/html,x", "text/html"),
        ("data:text/html;base64,PGI+", "text/html"),
        ("data:;charset=utf-8,x", "text/plain;charset=utf-8"),
        ("data:,x#frag", "text/plain;charset=US-ASCII"),
    ] {
        assert_eq!(data_url_content_type(url).as_deref(), Ok(want), "{url}");
    }
}

#[test]
fn data_url_processor_edge_cases() {
    let ok = |s: &str| Ok(s.to_owned());
    let cases: [(&str, Result<String, ()>); 6] = [
        // "Let mimeTypeRecord be the result of parsing mimeType"; serialized.
        ("data:TEXT/HTML,x", ok("text/html")),
        // "If mimeTypeRecord is failure, then set mimeTypeRecord to
        // text/plain;charset=US-ASCII."
        ("data:foo,x", ok("text/plain;charset=US-ASCII")),
        // "an ASCII case-insensitive match for "base64"", after "zero or
        // more U+0020 SPACE".
        ("data:text/html;BASE64,PGI+", ok("text/html")),
        ("data:text/html; base64,PGI+", ok("text/html")),
        // "If position is past the end of input, then return failure."
        ("data:text/plain", Err(())),
        // "If body is failure, then return failure."
        ("data:text/plain;base64,%%%", Err(())),
    ];
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(url, want)| {
            let got = data_url_content_type(url).map_err(|_| ());
            (got != *want).then(|| format!("{url}: got {got:?}, expected {want:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// CORS-preflight fetch: "If methods is null and request's use-CORS-preflight
/// flag is set, then set methods to a new list containing request's method",
/// so the preflight is cached; HTTP fetch then finds a method cache entry.
#[test]
fn use_cors_preflight_flag() {
    let profile = Profile::SPEC;
    let mut server = Server::default();
    server.add("OPTIONS", BU, 204, &[ACAO_A]);
    server.add("GET", BU, 200, &[ACAO_A]);
    let mut cache = PreflightCache::default();
    let make = || {
        let mut r = Init::new(BU).build(&client(A), &profile).expect("request");
        r.use_cors_preflight = true;
        r
    };
    let (o, sent) = run(&profile, make(), &server, &mut cache, Duration::ZERO);
    assert!(matches!(o, FetchOutcome::Response(_)), "{o:?}");
    assert_eq!(methods_sent(&sent), ["OPTIONS", "GET"]);
    assert_eq!(
        header(&sent[0], "access-control-request-method").as_deref(),
        Some("GET")
    );
    let (_, sent) = run(
        &profile,
        make(),
        &server,
        &mut cache,
        Duration::from_secs(4),
    );
    assert_eq!(methods_sent(&sent), ["GET"], "GET was cached for 5 s");
    let (_, sent) = run(
        &profile,
        make(),
        &server,
        &mut cache,
        Duration::from_secs(5),
    );
    assert_eq!(methods_sent(&sent), ["OPTIONS", "GET"]);
    // Even same-origin, the flag takes the CORS branch only when the URL is
    // cross-origin: a same-origin request stays basic.
    let mut same = Init::new(AU).build(&client(A), &profile).expect("request");
    same.use_cors_preflight = true;
    server.add("GET", AU, 200, &[]);
    let (o, sent) = run(&profile, same, &server, &mut cache, Duration::ZERO);
    assert!(matches!(o, FetchOutcome::Response(r) if r.response_type == ResponseType::Basic));
    assert_eq!(methods_sent(&sent), ["GET"]);
}

// ---------------------------------------------------------------------------
// The headers HTTP-network-or-cache fetch appends, seen on the wire in full.
// <https://fetch.spec.whatwg.org/#http-network-or-cache-fetch> steps 8.4-8.24

/// Every request header (name as appended, value) of each request sent by a
/// same-origin fetch, after `tweak` adjusts the constructed request.
fn wire_headers(
    profile: &Profile,
    init: &Init,
    server: &Server,
    tweak: fn(&mut xorigin::http::request::Request),
) -> Vec<Vec<(String, String)>> {
    let Ok(mut request) = init.build(&client(A), profile) else {
        return Vec::new();
    };
    tweak(&mut request);
    let mut cache = PreflightCache::default();
    let (_, sent) = run(profile, request, server, &mut cache, Duration::ZERO);
    sent.iter()
        .map(|r| {
            r.header_list
                .iter()
                .filter(|(name, _)| {
                    // Fetch Metadata, the referrer and the default `Accept`
                    // are tested elsewhere.
                    let name = String::from_utf8_lossy(name).to_ascii_lowercase();
                    !name.starts_with("sec-fetch-") && name != "referer" && name != "accept"
                })
                .map(|(n, v)| {
                    (
                        String::from_utf8_lossy(n).into_owned(),
                        String::from_utf8_lossy(v).into_owned(),
                    )
                })
                .collect()
        })
        .collect()
}

#[test]
fn appended_request_headers_table() {
    use xorigin::http::request::{CacheMode, Request};
    type Tweak = fn(&mut Request);
    fn none(_: &mut Request) {}
    fn no_cache(r: &mut Request) {
        r.cache_mode = CacheMode::NoCache;
    }
    fn no_store(r: &mut Request) {
        r.cache_mode = CacheMode::NoStore;
    }
    fn reload(r: &mut Request) {
        r.cache_mode = CacheMode::Reload;
    }
    fn force_cache(r: &mut Request) {
        r.cache_mode = CacheMode::ForceCache;
    }
    let mut get = Server::default();
    get.add("GET", AU, 200, &[]);
    let mut post = Server::default();
    post.add("POST", AU, 200, &[]);
    let mut post_307 = Server::default();
    post_307.add("POST", AU, 307, &[("Location", AS)]);
    post_307.add("POST", AS, 200, &[]);
    let init = |method: &str, headers: &[(&str, &str)], body: Option<&str>| {
        let mut init = Init::new(AU);
        init.method = Some(method.to_owned());
        init.headers = headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        init.body = body.map(str::to_owned);
        init
    };
    // (name, profile, init, server, tweak, headers of each request sent).
    type Row<'a> = (
        &'static str,
        &'a Profile,
        Init,
        &'a Server,
        Tweak,
        Vec<Vec<(&'static str, &'static str)>>,
    );
    let rows: Vec<Row> = vec![
        (
            "default cache mode adds nothing",
            &Profile::SPEC,
            init("GET", &[], None),
            &get,
            force_cache,
            vec![vec![]],
        ),
        (
            "no-cache adds Cache-Control: max-age=0",
            &Profile::SPEC,
            init("GET", &[], None),
            &get,
            no_cache,
            vec![vec![("Cache-Control", "max-age=0")]],
        ),
        (
            "no-cache keeps the script's Cache-Control",
            &Profile::SPEC,
            init("GET", &[("Cache-Control", "private")], None),
            &get,
            no_cache,
            vec![vec![("Cache-Control", "private")]],
        ),
        (
            "no-store adds Pragma and Cache-Control",
            &Profile::SPEC,
            init("GET", &[], None),
            &get,
            no_store,
            vec![vec![("Pragma", "no-cache"), ("Cache-Control", "no-cache")]],
        ),
        (
            "reload keeps the script's Pragma and Cache-Control",
            &Profile::SPEC,
            init("GET", &[("Pragma", "x"), ("Cache-Control", "y")], None),
            &get,
            reload,
            vec![vec![("Pragma", "x"), ("Cache-Control", "y")]],
        ),
        (
            "reload keeps the script's Pragma, adds Cache-Control",
            &Profile::SPEC,
            init("GET", &[("Pragma", "x")], None),
            &get,
            reload,
            vec![vec![("Pragma", "x"), ("Cache-Control", "no-cache")]],
        ),
        (
            "Range adds Accept-Encoding: identity",
            &Profile::SPEC,
            init("GET", &[("Range", "bytes=0-1")], None),
            &get,
            none,
            vec![vec![
                ("Range", "bytes=0-1"),
                ("Accept-Encoding", "identity"),
            ]],
        ),
        (
            "a POST without a body sends Content-Length: 0",
            &Profile::SPEC,
            init("POST", &[], None),
            &post,
            none,
            vec![vec![("Content-Length", "0"), ("Origin", A)]],
        ),
        (
            "one Content-Type stays where the script put it (Firefox)",
            &Profile::FIREFOX,
            init(
                "POST",
                &[("content-type", "text/plain"), ("X-A", "1")],
                Some("ab"),
            ),
            &post,
            none,
            vec![vec![
                ("content-type", "text/plain"),
                ("X-A", "1"),
                ("Content-Length", "2"),
                ("Origin", A),
            ]],
        ),
        (
            "two Content-Types, body on the first hop: the first (Firefox)",
            &Profile::FIREFOX,
            init(
                "POST",
                &[
                    ("Content-Type", "text/plain"),
                    ("Content-Type", "text/csv"),
                    ("Origin", A),
                ],
                Some("ab"),
            ),
            &post,
            none,
            vec![vec![
                ("Content-Length", "2"),
                ("Content-Type", "text/plain"),
                ("Origin", A),
            ]],
        ),
        (
            "two Content-Types, no body: the last (Firefox)",
            &Profile::FIREFOX,
            init(
                "POST",
                &[
                    ("Content-Type", "text/plain"),
                    ("Content-Type", "text/csv"),
                    ("Origin", A),
                ],
                None,
            ),
            &post,
            none,
            vec![vec![
                ("Content-Length", "0"),
                ("Content-Type", "text/csv"),
                ("Origin", A),
            ]],
        ),
        (
            "two Content-Types, body, after a 307: the last (Firefox)",
            &Profile::FIREFOX,
            init(
                "POST",
                &[
                    ("Content-Type", "text/plain"),
                    ("Content-Type", "text/csv"),
                    ("Origin", A),
                ],
                Some("ab"),
            ),
            &post_307,
            none,
            vec![
                vec![
                    ("Content-Length", "2"),
                    ("Content-Type", "text/plain"),
                    ("Origin", A),
                ],
                vec![
                    ("Content-Length", "2"),
                    ("Content-Type", "text/csv"),
                    ("Origin", A),
                ],
            ],
        ),
    ];
    for (name, profile, init, server, tweak, want) in rows {
        let got = wire_headers(profile, &init, server, tweak);
        let want: Vec<Vec<(String, String)>> = want
            .iter()
            .map(|hop| {
                hop.iter()
                    .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                    .collect()
            })
            .collect();
        assert_eq!(got, want, "{name}");
    }
}

/// `Cross-Origin-Embedder-Policy: credentialless` keeps credentials on a
/// `no-cors` request only while its URL is same origin and every hop so far
/// was: a chain that left the origin and came back sends none.
/// <https://fetch.spec.whatwg.org/#cross-origin-embedder-policy-allows-credentials>
#[test]
fn credentialless_credentials_follow_the_redirect_taint() {
    use xorigin::http::policy_container::EmbedderPolicyValue;
    let mut server = Server::default();
    server.add("GET", AU, 302, &[("Location", AS)]);
    server.add("GET", AS, 200, &[]);
    server.add("GET", BU, 302, &[("Location", AS)]);
    server.add("GET", CU, 302, &[("Location", BU)]);
    // (first URL, COEP value, credentials of each hop).
    let rows: &[(&str, EmbedderPolicyValue, &[bool])] = &[
        (AU, EmbedderPolicyValue::Credentialless, &[true, true]),
        (BU, EmbedderPolicyValue::Credentialless, &[false, false]),
        (
            CU,
            EmbedderPolicyValue::Credentialless,
            &[false, false, false],
        ),
        (AU, EmbedderPolicyValue::RequireCorp, &[true, true]),
        // The cross-origin redirect has no CORP header: blocked.
        (BU, EmbedderPolicyValue::RequireCorp, &[true]),
        (CU, EmbedderPolicyValue::UnsafeNone, &[true, true, true]),
    ];
    for (url, coep, want) in rows {
        let mut init = Init::new(url);
        init.mode = Some(Mode::NoCors);
        init.credentials = Some(CredentialsMode::Include);
        let Ok(mut request) = init.build(&client(A), &Profile::SPEC) else {
            panic!("{url}: constructor threw");
        };
        request.embedder_policy.value = *coep;
        let mut cache = PreflightCache::default();
        let (_, sent) = run(&Profile::SPEC, request, &server, &mut cache, Duration::ZERO);
        let got: Vec<bool> = sent.iter().map(|r| r.include_credentials).collect();
        assert_eq!(&got, want, "{url} under {coep:?}");
    }
}

/// Preflight-cache look-ups through the engine, per profile. A look-up that
/// finds the key's entry insufficient: the standard keeps the entry beside
/// the new one; Chromium and WebKit erase it
/// (`preflight_cache.insufficient_entry_removed_on_lookup`); a hit never
/// erases anything. Cache mode `no-cache` bypasses Chromium's cache
/// (`bypassed_by_no_cache_mode`), not Firefox's. A safelisted method with an
/// unsafe header needs no method entry, even where `HEAD` does (Firefox;
/// `firefox/firefox-head-not-exempt-from-method-cache`).
/// The server allows exactly the method and headers it is asked for, and
/// lists no CORS-safelisted method.
#[test]
fn cache_lookups_per_profile() {
    use xorigin::http::request::CacheMode;
    use xorigin::http::response::NetworkResponse;
    let origin = client(A);
    let respond = |r: &xorigin::fetch::OutgoingRequest| {
        let mut headers = vec![
            ("Access-Control-Allow-Origin".to_owned(), A.to_owned()),
            ("Access-Control-Max-Age".to_owned(), "600".to_owned()),
        ];
        if r.method == "OPTIONS" {
            for (asked, allow) in [
                (
                    "access-control-request-method",
                    "Access-Control-Allow-Methods",
                ),
                (
                    "access-control-request-headers",
                    "Access-Control-Allow-Headers",
                ),
            ] {
                match header(r, asked) {
                    // Safelisted methods need not be listed.
                    Some(value) if !matches!(value.as_str(), "GET" | "HEAD" | "POST") => {
                        headers.push((allow.to_owned(), value));
                    }
                    _ => {}
                }
            }
        }
        Ok(NetworkResponse::new(
            if r.method == "OPTIONS" { 204 } else { 200 },
            headers.iter().map(|(n, v)| (n.as_bytes(), v.as_bytes())),
        ))
    };
    // (profile, fetches in turn as "METHOD [x-a] [no-cache]", preflights
    // sent by each fetch).
    let rows: &[(&Profile, &[&str], &[usize])] = &[
        (&Profile::SPEC, &["PUT", "PUT", "PUT"], &[1, 0, 0]),
        (&Profile::CHROMIUM, &["PUT", "PUT", "PUT"], &[1, 0, 0]),
        (
            &Profile::SPEC,
            &["PUT", "DELETE", "PUT", "DELETE"],
            &[1, 1, 0, 0],
        ),
        (&Profile::FIREFOX, &["PUT", "DELETE", "PUT"], &[1, 1, 0]),
        (&Profile::CHROMIUM, &["PUT", "DELETE", "PUT"], &[1, 1, 1]),
        (&Profile::WEBKIT, &["PUT", "DELETE", "PUT"], &[1, 1, 1]),
        (
            &Profile::CHROMIUM,
            &["PUT", "PUT no-cache", "PUT"],
            &[1, 1, 0],
        ),
        (&Profile::FIREFOX, &["PUT", "PUT no-cache"], &[1, 0]),
        (&Profile::FIREFOX, &["GET x-a", "GET x-a"], &[1, 0]),
        (&Profile::FIREFOX, &["HEAD x-a", "HEAD x-a"], &[1, 1]),
        (&Profile::SPEC, &["HEAD x-a", "HEAD x-a"], &[1, 0]),
    ];
    for (profile, fetches, want) in rows {
        let mut cache = PreflightCache::default();
        let mut got = Vec::new();
        for (i, fetch) in fetches.iter().enumerate() {
            let mut words = fetch.split(' ');
            let mut init = Init::new(BU);
            init.method = words.next().map(str::to_owned);
            let words: Vec<&str> = words.collect();
            if words.contains(&"x-a") {
                init.headers.push(("X-A".to_owned(), "1".to_owned()));
            }
            let Ok(mut request) = init.build(&origin, profile) else {
                panic!("{fetch}: constructor threw");
            };
            if words.contains(&"no-cache") {
                request.cache_mode = CacheMode::NoCache;
            }
            let controller = FetchController::new(request, profile, common::PARTITION);
            let now = Duration::from_secs(i as u64);
            let (outcome, sent) = xorigin::fetch::run_fetch(controller, &mut cache, now, respond);
            assert!(
                matches!(outcome, FetchOutcome::Response(_)),
                "{:?} {fetch}: {outcome:?}",
                profile.name
            );
            got.push(sent.iter().filter(|r| r.method == "OPTIONS").count());
        }
        assert_eq!(&got, want, "{:?} {fetches:?}", profile.name);
    }
}

/// `response.redirected`: true only when the URL list has more than one URL.
#[test]
fn redirected_only_after_a_redirect() {
    let mut server = Server::default();
    server.add("GET", AU, 200, &[]);
    server.add("GET", AS, 302, &[("Location", AU)]);
    for (url, want) in [(AU, false), (AS, true)] {
        let Ok(request) = Init::new(url).build(&client(A), &Profile::SPEC) else {
            panic!("{url}: constructor threw");
        };
        let mut cache = PreflightCache::default();
        let (outcome, _) = run(&Profile::SPEC, request, &server, &mut cache, Duration::ZERO);
        match outcome {
            FetchOutcome::Response(r) => assert_eq!(r.redirected, want, "{url}"),
            other => panic!("{url}: {other:?}"),
        }
    }
}

/// Scheme fetch of `about:` URLs, reached by a `no-cors` fetch: `about:blank`
/// is an empty response, any other `about:` URL a network error. (A `cors`
/// fetch of either fails earlier, in main fetch: web-platform-tests
/// `fetch/api/basic/scheme-about.any.js`.)
/// <https://fetch.spec.whatwg.org/#scheme-fetch>
#[test]
fn about_blank_is_the_only_about_url_fetched() {
    let server = Server::default();
    for (url, mode, ok) in [
        ("about:blank", Mode::NoCors, true),
        ("about:config", Mode::NoCors, false),
        ("about:blank", Mode::Cors, false),
    ] {
        let mut init = Init::new(url);
        init.mode = Some(mode);
        let Ok(request) = init.build(&client(A), &Profile::SPEC) else {
            panic!("{url}: constructor threw");
        };
        let mut cache = PreflightCache::default();
        let (outcome, sent) = run(&Profile::SPEC, request, &server, &mut cache, Duration::ZERO);
        assert!(sent.is_empty(), "{url}: nothing goes on the wire");
        match (outcome, ok) {
            (FetchOutcome::Response(r), true) => {
                assert_eq!(r.response_type, ResponseType::Opaque, "{url}")
            }
            (FetchOutcome::NetworkError { .. }, false) => {}
            (other, _) => panic!("{url} {mode:?}: {other:?}"),
        }
    }
}

/// Firefox preflights a hop again after a redirect when the fetch needed a
/// preflight at its start (`preflight.after_redirect`), and answers that
/// preflight from any cache entry for the hop's URL and origin.
#[test]
fn firefox_preflight_after_redirect_answered_by_any_entry() {
    use xorigin::http::response::NetworkResponse;
    let profile = Profile::FIREFOX;
    let respond = |r: &xorigin::fetch::OutgoingRequest| {
        let mut headers = vec![("Access-Control-Allow-Origin".to_owned(), A.to_owned())];
        let status = match (r.method.as_str(), wire_url(r).as_str()) {
            ("OPTIONS", _) => {
                headers.push(("Access-Control-Allow-Methods".to_owned(), "PUT".to_owned()));
                headers.push(("Access-Control-Max-Age".to_owned(), "600".to_owned()));
                204
            }
            ("PUT", BU) => {
                headers.push(("Location".to_owned(), BS.to_owned()));
                303
            }
            _ => 200,
        };
        Ok(NetworkResponse::new(
            status,
            headers.iter().map(|(n, v)| (n.as_bytes(), v.as_bytes())),
        ))
    };
    let put = |url: &str| {
        let mut init = Init::new(url);
        init.method = Some("PUT".to_owned());
        init.build(&client(A), &profile)
    };
    let mut cache = PreflightCache::default();
    let mut run_one = |url: &str, now: u64| {
        let Ok(request) = put(url) else {
            panic!("{url}: constructor threw");
        };
        let controller = FetchController::new(request, &profile, common::PARTITION);
        let (_, sent) =
            xorigin::fetch::run_fetch(controller, &mut cache, Duration::from_secs(now), respond);
        sent.iter()
            .map(|r| format!("{} {}", r.method, wire_url(r)))
            .collect::<Vec<_>>()
    };
    // Without an entry for the hop's URL, the GET after the 303 is preflighted.
    assert_eq!(
        run_one(BU, 0),
        [
            format!("OPTIONS {BU}"),
            format!("PUT {BU}"),
            format!("OPTIONS {BS}"),
            format!("GET {BS}"),
        ]
    );
    // Now the cache holds the entry of that preflight (a method entry for
    // `PUT`, not `GET`): the next fetch's GET after the 303 needs none.
    assert_eq!(run_one(BU, 1), [format!("PUT {BU}"), format!("GET {BS}")]);
}

/// A response's location URL: one `Location` line is one value, commas and
/// all; two lines are a failure even when they agree.
/// <https://fetch.spec.whatwg.org/#concept-response-location-url>
#[test]
fn location_url_lines_table() {
    use xorigin::fetch::redirect::{LocationUrl, location_url};
    use xorigin::http::headers::HeaderList;
    let Ok(base) = url::Url::parse(BU) else {
        panic!("base URL");
    };
    // (status, Location lines, the URL followed; `None` for a failure,
    // `Some("")` for null).
    let rows: &[(u16, &[&str], Option<&str>)] = &[
        (302, &["/s"], Some(BS)),
        (302, &["/s, /t"], Some("https://b.test/s,%20/t")),
        (302, &["/s", "/s"], None),
        (302, &["/s", "/t"], None),
        (302, &[], Some("")),
        (200, &["/s"], Some("")),
    ];
    for (status, lines, want) in rows {
        let mut list = HeaderList::new();
        for line in *lines {
            list.append(b"Location", line.as_bytes());
        }
        let got = match location_url(*status, &list, &base, None) {
            LocationUrl::Url(url) => Some(url.to_string()),
            LocationUrl::Null => Some(String::new()),
            LocationUrl::Failure { .. } => None,
        };
        assert_eq!(got.as_deref(), *want, "{status} {lines:?}");
    }
}

/// The public redirect steps without a profile: the standard's, and the
/// standard's with `Authorization` kept on a cross-origin hop.
/// <https://fetch.spec.whatwg.org/#http-redirect-fetch>
#[test]
fn follow_redirect_entry_points() {
    use xorigin::fetch::redirect::{follow_redirect, follow_redirect_keeping_authorization};
    let (Ok(b), Ok(creds)) = (url::Url::parse(BS), url::Url::parse("https://u:p@b.test/s")) else {
        panic!("test URLs");
    };
    let request = || {
        let mut init = Init::new(AU);
        init.method = Some("POST".to_owned());
        init.body = Some("x".to_owned());
        init.headers = vec![("Authorization".to_owned(), "Bearer t".to_owned())];
        match init.build(&client(A), &Profile::SPEC) {
            Ok(r) => r,
            Err(e) => panic!("constructor threw {e:?}"),
        }
    };
    let has_authorization =
        |r: &xorigin::http::request::Request| r.header_list.contains(b"authorization");
    // A 303 makes the POST a GET without a body; a cross-origin hop drops
    // `Authorization` unless asked to keep it.
    for keep in [false, true] {
        let mut r = request();
        let result = if keep {
            follow_redirect_keeping_authorization(&mut r, 303, b.clone(), true)
        } else {
            follow_redirect(&mut r, 303, b.clone())
        };
        assert_eq!(result, Ok(()), "keep {keep}");
        assert_eq!(r.method, "GET", "keep {keep}");
        assert!(r.body.is_none(), "keep {keep}");
        assert_eq!(r.current_url(), &b, "keep {keep}");
        assert_eq!(has_authorization(&r), keep, "keep {keep}");
    }
    // A CORS request may not follow a URL with credentials.
    for keep in [false, true] {
        let mut r = request();
        let result = follow_redirect_keeping_authorization(&mut r, 302, creds.clone(), keep);
        assert!(
            matches!(
                result,
                Err(RedirectFailure::LocationIncludesCredentials { .. })
            ),
            "keep {keep}: {result:?}"
        );
        let mut r = request();
        assert!(follow_redirect(&mut r, 302, creds.clone()).is_err());
    }
}
