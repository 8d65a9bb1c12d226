//! HTML's same-origin checks outside Fetch, table-driven: the origin of a
//! new document, the `document.domain` setter, and DOM access between
//! documents. Each row names its source: the HTML standard's step, a WPT
//! test, or browser source.

use url::Host;
use xorigin::html::document_origin::{
    AgentClusterInputs, Document, DocumentDomainError, DocumentOriginError, NewDocument,
    OriginAgentClusterDefault, OriginAgentClusterHeader, RegistrableSuffixError, SandboxingFlags,
    is_origin_keyed, parse_a_sandboxing_directive,
};
use xorigin::origin::PublicSuffixList;
use xorigin::origin::{FileUrlOrigin, Origin};

fn o(s: &str) -> Origin {
    Origin::parse_serialized(s).expect("test origin parses")
}

/// What a new document's origin should be.
#[derive(Debug)]
enum Want {
    /// A tuple origin with this serialization.
    Tuple(&'static str),
    /// The source origin itself (same origin, and same origin-domain, so the
    /// domain carries over).
    Source,
    /// A new opaque origin (not the source's, if the source is opaque).
    NewOpaque,
    /// This error.
    Err(fn(&DocumentOriginError) -> bool),
}

struct OriginRow {
    what: &'static str,
    url: &'static str,
    source: Option<Origin>,
    sandbox: Option<&'static str>,
    file: FileUrlOrigin,
    blob_entry: Option<Origin>,
    js_target: Option<Origin>,
    want: Want,
    cite: &'static str,
}

fn row(what: &'static str, url: &'static str, want: Want, cite: &'static str) -> OriginRow {
    OriginRow {
        what,
        url,
        source: None,
        sandbox: None,
        file: FileUrlOrigin::Opaque,
        blob_entry: None,
        js_target: None,
        want,
        cite,
    }
}

impl OriginRow {
    fn source(mut self, s: Origin) -> Self {
        self.source = Some(s);
        self
    }
    fn sandbox(mut self, s: &'static str) -> Self {
        self.sandbox = Some(s);
        self
    }
}

fn origin_rows() -> Vec<OriginRow> {
    let parent = o("https://app.a.test");
    let opaque_parent = Origin::new_opaque();
    let relaxed = o("https://www.a.test").with_domain(Some(Host::Domain("a.test".into())));
    vec![
        row("http navigation response", "http://a.test/doc", Want::Tuple("http://a.test"),
            "HTML determining the origin step 5; URL origin of http(s)"),
        row("https with default port", "https://a.test:443/", Want::Tuple("https://a.test"),
            "URL default port; WPT html/browsers/origin/api/origin-comparison.any.js"),
        row("https non-default port", "https://a.test:8443/x?y#z", Want::Tuple("https://a.test:8443"),
            "origin is scheme/host/port only"),
        row("response URL after redirect decides, not the initiator", "https://b.test/final",
            Want::Tuple("https://b.test"), "HTML create navigation params by fetching: response's URL")
            .source(parent.clone()),
        row("IDN host in ASCII form", "https://ÉXAMPLE.test/", Want::Tuple("https://xn--xample-9ua.test"),
            "URL host parser, domain to ASCII"),
        row("sandboxed navigation response", "https://app.a.test/", Want::NewOpaque,
            "determining the origin step 1; WPT html/browsers/sandboxing/sandbox-disallow-same-origin.html")
            .sandbox("allow-scripts"),
        row("sandbox=\"\"", "https://app.a.test/", Want::NewOpaque, "determining the origin step 1")
            .sandbox(""),
        row("sandbox allow-same-origin keeps the URL's origin", "https://app.a.test/",
            Want::Tuple("https://app.a.test"), "parse a sandboxing directive: allow-same-origin lifts the origin flag; WPT html/browsers/sandboxing/sandbox-allow-same-origin.html")
            .sandbox("allow-scripts allow-same-origin"),
        row("allow-same-origin is ASCII case-insensitive", "https://app.a.test/",
            Want::Tuple("https://app.a.test"), "parse a sandboxing directive: ASCII case-insensitive tokens")
            .sandbox("ALLOW-SAME-ORIGIN"),
        row("CSP sandbox directive on a top-level response", "https://app.a.test/", Want::NewOpaque,
            "HTML: response CSP sandbox flags join the final sandboxing flag set; WPT content-security-policy/sandbox/")
            .sandbox("allow-scripts allow-forms"),
        row("about:blank inherits the initiator's origin", "about:blank", Want::Source,
            "determining the origin step 4; WPT html/browsers/sandboxing/window-open-blank-from-different-initiator.html")
            .source(parent.clone()),
        row("about:blank inherits a relaxed origin with its domain", "about:blank", Want::Source,
            "step 4 returns the same origin object; WPT document-domain-nested.window.js")
            .source(relaxed.clone()),
        row("about:blank?query still matches about:blank", "about:blank?x#y", Want::Source,
            "HTML 'matches about:blank' ignores query and fragment")
            .source(parent.clone()),
        row("about:blank without initiator (browser-initiated, or window.open with noopener's initial document)",
            "about:blank", Want::NewOpaque, "determining the origin step 5: about:blank's URL origin is opaque"),
        row("initial about:blank of an iframe: creator's origin", "about:blank", Want::Source,
            "create a new browsing context and document: determining the origin with the creator's origin")
            .source(parent.clone()),
        row("initial about:blank in a sandboxed iframe", "about:blank", Want::NewOpaque,
            "creation sandboxing flags include the iframe's sandbox")
            .source(parent.clone()).sandbox("allow-scripts"),
        row("about:blank from an opaque initiator inherits that opaque origin", "about:blank", Want::Source,
            "step 4 returns sourceOrigin, opaque or not")
            .source(opaque_parent.clone()),
        row("about:BLANK is not about:blank", "about:BLANK", Want::NewOpaque,
            "'matches about:blank' compares the path exactly")
            .source(parent.clone()),
        row("about://blank has a host", "about://blank", Want::NewOpaque,
            "'matches about:blank' requires a null host")
            .source(parent.clone()),
        row("about:srcdoc takes the parent's origin", "about:srcdoc", Want::Source,
            "determining the origin step 3; WPT html/browsers/origin/relaxing-the-same-origin-restriction/document_domain_setter_srcdoc.html")
            .source(parent.clone()),
        row("sandboxed srcdoc (the harness's null client)", "about:srcdoc", Want::NewOpaque,
            "step 1 runs before step 3")
            .source(parent.clone()).sandbox("allow-scripts"),
        row("srcdoc with allow-same-origin", "about:srcdoc", Want::Source,
            "step 3 when the origin flag is lifted")
            .source(parent.clone()).sandbox("allow-scripts allow-same-origin"),
        row("srcdoc without a parent origin", "about:srcdoc",
            Want::Err(|e| matches!(e, DocumentOriginError::SrcdocWithoutSourceOrigin)),
            "step 3 asserts sourceOrigin is non-null"),
        row("about:other is opaque", "about:version", Want::NewOpaque, "URL origin: other schemes opaque")
            .source(parent.clone()),
        row("data: iframe is opaque even from a same-origin initiator", "data:text/html,hi", Want::NewOpaque,
            "URL origin of data: is a new opaque origin; WPT html/browsers/origin/origin-of-data-document.html")
            .source(parent.clone()),
        row("file: opaque by default", "file:///tmp/a.html", Want::NewOpaque,
            "URL origin: file: left to the implementation ('when in doubt, opaque')"),
        OriginRow { file: FileUrlOrigin::Tuple, ..row("file: tuple under the Chromium knob", "file:///tmp/a.html",
            Want::Tuple("file://"), "chromium url::Origin for file: (knob FileUrlOrigin::Tuple)") },
        row("blob: with an https inner URL", "blob:https://app.a.test/6b1e0c0e-2c5b-4a3c-9b5e-000000000001",
            Want::Tuple("https://app.a.test"), "URL origin: blob fallback to the path's origin"),
        OriginRow { blob_entry: Some(opaque_parent.clone()),
            ..row("blob: made by an opaque-origin document uses its entry's origin", "blob:null/6b1e0c0e",
            Want::Tuple("null-entry"), "URL origin step 1: the blob URL entry's environment's origin") },
        row("blob:null without an entry", "blob:null/6b1e0c0e", Want::NewOpaque,
            "URL origin: inner URL unparsable, new opaque origin"),
        row("blob: inside a sandboxed frame", "blob:https://app.a.test/6b1e", Want::NewOpaque,
            "determining the origin step 1 wins over the blob's origin")
            .sandbox("allow-scripts"),
        OriginRow { js_target: Some(parent.clone()), source: Some(parent.clone()),
            ..row("javascript: URL, same-origin initiator: the target's origin", "javascript:'<p>x'",
            Want::Source, "evaluate a javascript: URL: new document with the target's origin; WPT html/browsers/origin/origin-keyed-agent-clusters/getter-special-cases/javascript-url-yes.https.html") },
        OriginRow { js_target: Some(parent.clone()), source: Some(o("https://evil.b.test")),
            ..row("javascript: URL from a cross-origin initiator does nothing", "javascript:'x'",
            Want::Err(|e| matches!(e, DocumentOriginError::JavascriptUrlNotSameOriginDomain { .. })),
            "navigate to a javascript: URL step 3: same origin-domain required") },
        OriginRow { js_target: Some(relaxed.clone()),
            source: Some(o("https://a.test").with_domain(Some(Host::Domain("a.test".into())))),
            ..row("javascript: URL allowed after both set document.domain", "javascript:'x'",
            Want::Tuple("https://www.a.test"), "same origin-domain, not same origin, is the test") },
        row("javascript: URL without a target", "javascript:1",
            Want::Err(|e| matches!(e, DocumentOriginError::JavascriptUrlWithoutTarget)),
            "a javascript: result replaces the target's document"),
        row("unparsable URL", "not a url",
            Want::Err(|e| matches!(e, DocumentOriginError::InvalidUrl { .. })), "URL parser failure"),
    ]
}

#[test]
fn new_document_origin_table() {
    let rows = origin_rows();
    assert!(rows.len() >= 30);
    for r in &rows {
        let flags = r
            .sandbox
            .map(parse_a_sandboxing_directive)
            .unwrap_or_default();
        let doc = NewDocument {
            url: r.url,
            source_origin: r.source.as_ref(),
            sandboxing_flags: flags,
            file_url_origin: r.file,
            blob_url_entry_origin: r.blob_entry.as_ref(),
            javascript_target_origin: r.js_target.as_ref(),
        };
        let got = xorigin::html::document_origin::document_origin(&doc);
        let ctx = format!("{} ({}; {})", r.what, r.url, r.cite);
        match (&r.want, &got) {
            (Want::Tuple("null-entry"), Ok(origin)) => {
                let entry = r.blob_entry.as_ref().expect("row has an entry");
                assert!(origin.same_origin(entry), "{ctx}");
            }
            (Want::Tuple(s), Ok(origin)) => {
                assert_eq!(origin.ascii_serialization(), *s, "{ctx}")
            }
            (Want::Source, Ok(origin)) => {
                let source = r
                    .js_target
                    .as_ref()
                    .or(r.source.as_ref())
                    .expect("row has a source");
                assert!(
                    origin.same_origin_domain(source),
                    "{ctx}: {origin:?} vs {source:?}"
                );
                assert_eq!(
                    origin.as_tuple().and_then(|t| t.domain()),
                    source.as_tuple().and_then(|t| t.domain()),
                    "{ctx}: domain carries over"
                );
            }
            (Want::NewOpaque, Ok(origin)) => {
                assert!(origin.is_opaque(), "{ctx}: {origin:?}");
                if let Some(source) = &r.source {
                    assert!(
                        !origin.same_origin(source),
                        "{ctx}: must be a new opaque origin"
                    );
                }
            }
            (Want::Err(is), Err(e)) => assert!(is(e), "{ctx}: {e}"),
            (want, got) => panic!("{ctx}: want {want:?}, got {got:?}"),
        }
    }
}

/// The expected result of a `document.domain` assignment.
#[derive(Debug)]
enum Set {
    /// The getter afterwards returns this.
    Domain(&'static str),
    /// The setter returned without effect (origin-keyed).
    NoOp,
    /// This failed step.
    Err(fn(&DocumentDomainError) -> bool),
}

struct DomainRow {
    origin: &'static str,
    sandbox: Option<&'static str>,
    browsing_context: bool,
    origin_keyed: bool,
    list: Option<&'static str>,
    values: &'static [&'static str],
    want: Set,
    cite: &'static str,
}

const fn d(
    origin: &'static str,
    values: &'static [&'static str],
    want: Set,
    cite: &'static str,
) -> DomainRow {
    DomainRow {
        origin,
        sandbox: None,
        browsing_context: true,
        origin_keyed: false,
        list: None,
        values,
        want,
        cite,
    }
}

fn domain_rows() -> Vec<DomainRow> {
    const WPT_SETTER: &str =
        "WPT html/browsers/origin/relaxing-the-same-origin-restriction/document_domain_setter.html";
    vec![
        d(
            "https://www.a.test",
            &["a.test"],
            Set::Domain("a.test"),
            WPT_SETTER,
        ),
        d(
            "https://a.test",
            &["a.test"],
            Set::Domain("a.test"),
            "equal is allowed (step 4 skipped)",
        ),
        d(
            "https://A.b.a.test",
            &["b.a.test"],
            Set::Domain("b.a.test"),
            "host parsed lowercase",
        ),
        d(
            "https://www.a.test",
            &["A.TEST"],
            Set::Domain("a.test"),
            "the value is host-parsed",
        ),
        d(
            "https://www.a.test",
            &["test"],
            Set::Err(|e| {
                matches!(
                    e,
                    DocumentDomainError::NotARegistrableDomainSuffix {
                        reason: RegistrableSuffixError::IsAPublicSuffix { .. },
                        ..
                    }
                )
            }),
            "step 4.3: 'test' is its own public suffix (implicit * rule); WPT document_domain_setter.html SUFFIX_HOST",
        ),
        d(
            "https://www.a.test",
            &[".test"],
            Set::Err(|e| {
                matches!(
                    e,
                    DocumentDomainError::NotARegistrableDomainSuffix {
                        reason: RegistrableSuffixError::InvalidHost(_)
                            | RegistrableSuffixError::NotASuffix
                            | RegistrableSuffixError::IsAPublicSuffix { .. },
                        ..
                    }
                )
            }),
            "WPT document_domain_setter.html '.' + SUFFIX_HOST throws",
        ),
        d(
            "https://www.a.test",
            &["b.test"],
            Set::Err(|e| {
                matches!(
                    e,
                    DocumentDomainError::NotARegistrableDomainSuffix {
                        reason: RegistrableSuffixError::NotASuffix,
                        ..
                    }
                )
            }),
            "step 4.2; WPT document_domain_setter.html REMOTE_HOST",
        ),
        d(
            "https://www.a.test",
            &["example.com"],
            Set::Err(|e| {
                matches!(
                    e,
                    DocumentDomainError::NotARegistrableDomainSuffix {
                        reason: RegistrableSuffixError::NotASuffix,
                        ..
                    }
                )
            }),
            "WPT document_domain_setter.html 'example.com'",
        ),
        d(
            "https://www.a.test",
            &["ww.a.test"],
            Set::Err(|e| {
                matches!(
                    e,
                    DocumentDomainError::NotARegistrableDomainSuffix {
                        reason: RegistrableSuffixError::NotASuffix,
                        ..
                    }
                )
            }),
            "step 4.2: a suffix must start at a label boundary",
        ),
        d(
            "https://a.test",
            &["www.a.test"],
            Set::Err(|e| {
                matches!(
                    e,
                    DocumentDomainError::NotARegistrableDomainSuffix {
                        reason: RegistrableSuffixError::NotASuffix,
                        ..
                    }
                )
            }),
            "the setter can only shorten",
        ),
        d(
            "https://www.a.test",
            &[""],
            Set::Err(|e| {
                matches!(
                    e,
                    DocumentDomainError::NotARegistrableDomainSuffix {
                        reason: RegistrableSuffixError::Empty,
                        ..
                    }
                )
            }),
            "'is a registrable domain suffix' step 1",
        ),
        d(
            "https://www.a.test",
            &["a b.test"],
            Set::Err(|e| {
                matches!(
                    e,
                    DocumentDomainError::NotARegistrableDomainSuffix {
                        reason: RegistrableSuffixError::InvalidHost(_),
                        ..
                    }
                )
            }),
            "steps 2-3: host parser failure (forbidden code point)",
        ),
        d(
            "https://x.example.co.uk",
            &["co.uk"],
            Set::Err(|e| {
                matches!(
                    e,
                    DocumentDomainError::NotARegistrableDomainSuffix {
                        reason: RegistrableSuffixError::IsAPublicSuffix { .. },
                        ..
                    }
                )
            }),
            "step 4.3: co.uk is on the PSL; chromium Document::setDomain 'is a top-level domain'",
        ),
        d(
            "https://x.example.co.uk",
            &["example.co.uk"],
            Set::Domain("example.co.uk"),
            "a registrable domain is fine",
        ),
        d(
            "https://a.b.github.io",
            &["b.github.io"],
            Set::Domain("b.github.io"),
            "private PSL section: b.github.io is registrable",
        ),
        d(
            "https://a.b.github.io",
            &["github.io"],
            Set::Err(|e| {
                matches!(
                    e,
                    DocumentDomainError::NotARegistrableDomainSuffix {
                        reason: RegistrableSuffixError::IsAPublicSuffix { .. },
                        ..
                    }
                )
            }),
            "github.io is a (private) public suffix",
        ),
        DomainRow {
            list: Some("jp\n*.kawasaki.jp\n!city.kawasaki.jp"),
            ..d(
                "https://a.b.kawasaki.jp",
                &["kawasaki.jp"],
                Set::Err(|e| {
                    matches!(
                        e,
                        DocumentDomainError::NotARegistrableDomainSuffix {
                            reason: RegistrableSuffixError::WithinPublicSuffix { .. },
                            ..
                        }
                    )
                }),
                "step 4.3 second case: kawasaki.jp is not its own public suffix (jp is) but cuts through b.kawasaki.jp",
            )
        },
        DomainRow {
            list: Some("jp\n*.kawasaki.jp\n!city.kawasaki.jp"),
            ..d(
                "https://www.city.kawasaki.jp",
                &["city.kawasaki.jp"],
                Set::Domain("city.kawasaki.jp"),
                "PSL exception rule: city.kawasaki.jp is registrable",
            )
        },
        d(
            "http://127.0.0.1",
            &["127.0.0.1"],
            Set::Domain("127.0.0.1"),
            "an IP address equal to itself passes (step 4 skipped)",
        ),
        d(
            "http://127.0.0.1",
            &["0.0.1"],
            Set::Err(|e| {
                matches!(
                    e,
                    DocumentDomainError::NotARegistrableDomainSuffix {
                        reason: RegistrableSuffixError::NotADomain,
                        ..
                    }
                )
            }),
            "step 4.1: IP addresses must match exactly",
        ),
        d(
            "http://127.0.0.1",
            &["0x7f.1"],
            Set::Domain("127.0.0.1"),
            "the value is host-parsed: 0x7f.1 is 127.0.0.1",
        ),
        d(
            "http://[::1]",
            &["[::1]"],
            Set::Domain("[::1]"),
            "IPv6 equal to itself",
        ),
        d(
            "http://[::1]",
            &["::1"],
            Set::Err(|e| {
                matches!(
                    e,
                    DocumentDomainError::NotARegistrableDomainSuffix {
                        reason: RegistrableSuffixError::InvalidHost(_)
                            | RegistrableSuffixError::NotADomain,
                        ..
                    }
                )
            }),
            "an IPv6 value needs its brackets for the host parser",
        ),
        d(
            "https://www.b.a.test",
            &["b.a.test", "a.test"],
            Set::Domain("a.test"),
            "a second assignment checks against the effective domain and can shorten further",
        ),
        d(
            "https://www.b.a.test",
            &["a.test", "b.a.test"],
            Set::Err(|e| {
                matches!(
                    e,
                    DocumentDomainError::NotARegistrableDomainSuffix {
                        reason: RegistrableSuffixError::NotASuffix,
                        ..
                    }
                )
            }),
            "step 3 uses the effective domain: after a.test, b.a.test is no longer a suffix",
        ),
        DomainRow {
            sandbox: Some("allow-scripts allow-same-origin"),
            ..d(
                "https://www.a.test",
                &["a.test"],
                Set::Err(|e| matches!(e, DocumentDomainError::Sandboxed)),
                "step 2: even allow-same-origin keeps the document.domain flag; WPT html/browsers/origin/relaxing-the-same-origin-restriction/sandboxed-document_domain.html",
            )
        },
        DomainRow {
            sandbox: Some(""),
            ..d(
                "https://www.a.test",
                &["a.test"],
                Set::Err(|e| matches!(e, DocumentDomainError::Sandboxed)),
                "step 2 (checked before the opaque origin)",
            )
        },
        d(
            "null",
            &["a.test"],
            Set::Err(|e| matches!(e, DocumentDomainError::OpaqueOrigin)),
            "step 4: effective domain null; WPT document_domain_setter_null.tentative.html",
        ),
        DomainRow {
            browsing_context: false,
            ..d(
                "https://www.a.test",
                &["a.test"],
                Set::Err(|e| matches!(e, DocumentDomainError::NoBrowsingContext)),
                "step 1; WPT document_domain_setter.html 'documents without browsing context'; chromium commit 5dd78c18 'Check browsing context before set document.domain'",
            )
        },
        DomainRow {
            origin_keyed: true,
            ..d(
                "https://www.a.test",
                &["a.test"],
                Set::NoOp,
                "step 6: origin-keyed agent cluster returns silently; WPT html/browsers/origin/origin-keyed-agent-clusters/document-domain-default.sub.https.html",
            )
        },
        DomainRow {
            origin_keyed: true,
            ..d(
                "https://www.a.test",
                &["b.test"],
                Set::Err(|e| matches!(e, DocumentDomainError::NotARegistrableDomainSuffix { .. })),
                "step 5 still throws before the origin-keyed no-op",
            )
        },
    ]
}

#[test]
fn document_domain_setter_table() {
    let rows = domain_rows();
    for r in &rows {
        let list = match r.list {
            Some(text) => PublicSuffixList::from_list_text(text).expect("test list parses"),
            None => PublicSuffixList::Embedded,
        };
        let mut doc = Document::new(o(r.origin));
        doc.has_browsing_context = r.browsing_context;
        doc.origin_keyed = r.origin_keyed;
        doc.active_sandboxing_flags = r
            .sandbox
            .map(parse_a_sandboxing_directive)
            .unwrap_or_default();
        let before = doc.domain();
        let mut result = Ok(());
        for value in r.values {
            result = doc.set_domain(value, &list);
            if result.is_err() {
                break;
            }
        }
        let ctx = format!("{} <- {:?} ({})", r.origin, r.values, r.cite);
        match (&r.want, &result) {
            (Set::Domain(want), Ok(())) => assert_eq!(doc.domain(), *want, "{ctx}"),
            (Set::NoOp, Ok(())) => {
                assert_eq!(doc.domain(), before, "{ctx}");
                assert_eq!(
                    doc.origin.as_tuple().and_then(|t| t.domain()),
                    None,
                    "{ctx}"
                );
            }
            (Set::Err(is), Err(e)) => assert!(is(e), "{ctx}: {e}"),
            (want, got) => panic!("{ctx}: want {want:?}, got {got:?}"),
        }
    }
}

/// Two documents, each optionally assigning `document.domain`; can the
/// first reach the second's DOM?
#[test]
fn dom_access_after_document_domain_table() {
    let l = PublicSuffixList::Embedded;
    type R = (
        &'static str,
        Option<&'static str>,
        &'static str,
        Option<&'static str>,
        bool,
        &'static str,
    );
    let rows: &[R] = &[
        (
            "https://www.a.test",
            None,
            "https://www.a.test",
            None,
            true,
            "same origin, no domain: same origin-domain",
        ),
        (
            "https://www.a.test",
            None,
            "https://api.a.test",
            None,
            false,
            "WPT document_domain_setter.html: before setting, contentDocument is null",
        ),
        (
            "https://www.a.test",
            Some("a.test"),
            "https://api.a.test",
            Some("a.test"),
            true,
            "WPT document_domain_setter.html: after both set, same origin-domain",
        ),
        (
            "https://www.a.test",
            Some("a.test"),
            "https://api.a.test",
            None,
            false,
            "only one side set: domains differ (one null); WPT cross-origin-objects/cross-origin-due-to-document-domain-only.html",
        ),
        (
            "https://a.test",
            Some("a.test"),
            "https://a.test",
            None,
            false,
            "same origin but one set document.domain to itself: no longer same origin-domain (WPT cross-origin-due-to-document-domain-only.html)",
        ),
        (
            "https://a.test",
            Some("a.test"),
            "https://a.test",
            Some("a.test"),
            true,
            "both set to the same value",
        ),
        (
            "https://www.a.test:8443",
            Some("a.test"),
            "https://api.a.test",
            Some("a.test"),
            true,
            "same origin-domain ignores ports once both domains are set (HTML 'same origin-domain' step 2.1)",
        ),
        (
            "http://www.a.test",
            Some("a.test"),
            "https://api.a.test",
            Some("a.test"),
            false,
            "schemes must still match",
        ),
        (
            "https://x.b.a.test",
            Some("b.a.test"),
            "https://y.a.test",
            Some("a.test"),
            false,
            "different domains",
        ),
    ];
    for &(a, da, b, db, want, cite) in rows {
        let mut x = Document::new(o(a));
        let mut y = Document::new(o(b));
        if let Some(v) = da {
            x.set_domain(v, &l).expect("row's setter succeeds");
        }
        if let Some(v) = db {
            y.set_domain(v, &l).expect("row's setter succeeds");
        }
        assert_eq!(x.can_access(&y), want, "{a} {da:?} -> {b} {db:?}: {cite}");
        assert_eq!(y.can_access(&x), want, "symmetric: {cite}");
    }
}

#[test]
fn origin_keyed_table() {
    use OriginAgentClusterDefault::{OriginKeyed, SiteKeyed};
    use OriginAgentClusterHeader::{Absent, False, True};
    type R = (
        OriginAgentClusterHeader,
        bool,
        bool,
        Option<bool>,
        OriginAgentClusterDefault,
        bool,
        &'static str,
    );
    let rows: &[R] = &[
        (
            Absent,
            true,
            false,
            None,
            SiteKeyed,
            false,
            "HTML before whatwg/html#7617: site-keyed by default",
        ),
        (
            Absent,
            true,
            false,
            None,
            OriginKeyed,
            true,
            "Chromium 115+; WPT origin-keyed-agent-clusters/document-domain-default.sub.https.html",
        ),
        (
            True,
            true,
            false,
            None,
            SiteKeyed,
            true,
            "Origin-Agent-Cluster: ?1 in a secure context",
        ),
        (
            True,
            false,
            false,
            None,
            SiteKeyed,
            false,
            "?1 is ignored in a non-secure context",
        ),
        (
            False,
            true,
            false,
            None,
            OriginKeyed,
            false,
            "?0 opts out of the origin-keyed default",
        ),
        (
            False,
            true,
            true,
            None,
            SiteKeyed,
            true,
            "cross-origin isolation keys by origin whatever the header",
        ),
        (
            True,
            true,
            false,
            Some(false),
            SiteKeyed,
            false,
            "the group's historical key for the origin wins",
        ),
        (
            Absent,
            true,
            false,
            Some(true),
            SiteKeyed,
            true,
            "historical origin-keyed stays so",
        ),
    ];
    for &(
        header,
        secure_context,
        cross_origin_isolated,
        historical_origin_keyed,
        default,
        want,
        cite,
    ) in rows
    {
        let inputs = AgentClusterInputs {
            header,
            secure_context,
            cross_origin_isolated,
            historical_origin_keyed,
            default,
        };
        assert_eq!(is_origin_keyed(&inputs), want, "{inputs:?}: {cite}");
    }
    for (value, want) in [
        (Some(&b"?1"[..]), True),
        (Some(b" ?0 "), False),
        (Some(b"?1;x=1"), True),
        (Some(b"potato"), Absent),
        (Some(b"1"), Absent),
        (None, Absent),
    ] {
        assert_eq!(OriginAgentClusterHeader::parse(value), want, "{value:?}");
    }
}

#[test]
fn sandboxing_directive_table() {
    type R = (&'static str, SandboxingFlags, bool);
    let rows: &[R] = &[
        ("", SandboxingFlags::ORIGIN, true),
        ("", SandboxingFlags::DOCUMENT_DOMAIN, true),
        ("allow-same-origin", SandboxingFlags::ORIGIN, false),
        ("allow-same-origin", SandboxingFlags::DOCUMENT_DOMAIN, true),
        ("allow-scripts", SandboxingFlags::SCRIPTS, false),
        ("allow-scripts", SandboxingFlags::AUTOMATIC_FEATURES, false),
        ("allow-scripts", SandboxingFlags::ORIGIN, true),
        (
            "allow-top-navigation-by-user-activation",
            SandboxingFlags::TOP_LEVEL_NAVIGATION_WITH_USER_ACTIVATION,
            false,
        ),
        (
            "allow-top-navigation-by-user-activation",
            SandboxingFlags::TOP_LEVEL_NAVIGATION_WITHOUT_USER_ACTIVATION,
            true,
        ),
        (
            "allow-popups",
            SandboxingFlags::CUSTOM_PROTOCOLS_NAVIGATION,
            false,
        ),
        (
            "\tallow-forms\nallow-modals ",
            SandboxingFlags::FORMS.union(SandboxingFlags::MODALS),
            false,
        ),
        ("allow-same-origin-typo", SandboxingFlags::ORIGIN, true),
    ];
    for &(attr, flag, set) in rows {
        let flags = parse_a_sandboxing_directive(attr);
        assert_eq!(flags.contains(flag), set, "{attr:?} {flag:?}");
    }
}
