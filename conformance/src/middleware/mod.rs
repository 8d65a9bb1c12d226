//! The `middleware` mode: real server middleware (tower-http `CorsLayer`s on
//! axum routers, and hand-written handlers, [`cases`]) answers a real
//! browser's fetches, and `xorigin::embed::testing::InProcess` predicts each
//! fetch over the same tower service; the two are compared fetch by fetch
//! (result, response type, status, readable headers, and the requests on the
//! wire: method, URL and the headers the engine sends).
//!
//! The router is called in-process by the harness's own HTTP server (one
//! `oneshot` per request; its TLS, host mapping and request log serve all
//! three browsers), which writes the router's status and headers as they
//! are: no `content-length` or `date` is added, as hyper would.

pub mod cases;

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use serde_json::json;
use tower::ServiceExt;
use xorigin::browser::BrowserName;
use xorigin::embed::testing::{InProcess, Verdict};
use xorigin::embed::tower::FetchOptions;
use xorigin::scenario::{
    Expect, ExpectResult, RequestInit, Scenario, SentHeaders, SentRequest, compare_expect,
};

use crate::server::{Canned, Handler, LoggedRequest};

use cases::Case;

/// The longest response body the harness copies from a router.
const MAX_BODY: usize = 1 << 20;

/// A case as a scenario the harness can record: its page and fetches, no
/// fixed server entries (the router answers).
pub fn scenario(case: &Case) -> Result<Scenario, String> {
    let fetches: Vec<_> = case
        .fetches
        .iter()
        .map(|r| json!({ "request": r }))
        .collect();
    let doc = json!({
        "id": case.id,
        "client": { "origin": case.origin },
        "fetches": fetches,
    });
    Scenario::from_json(&doc.to_string()).map_err(|e| format!("{}: {e}", case.id))
}

/// The harness server's handler for a case: every request goes through the
/// case's router.
pub fn handler(case: &Case) -> Handler {
    let app = (case.app)();
    Handler(Arc::new(move |request: LoggedRequest| {
        let app = app.clone();
        Box::pin(async move { serve(app, request).await })
    }))
}

async fn serve(app: Router, logged: LoggedRequest) -> Canned {
    let mut builder = http::Request::builder()
        .method(logged.method.as_bytes())
        .uri(&logged.url);
    for (name, value) in &logged.headers {
        builder = builder.header(name.as_str(), value.as_bytes());
    }
    let Ok(request) = builder.body(Body::from(logged.body)) else {
        return Canned {
            status: 400,
            ..Canned::default()
        };
    };
    let response = match app.oneshot(request).await {
        Ok(r) => r,
        Err(never) => match never {},
    };
    let (parts, body) = response.into_parts();
    let body = axum::body::to_bytes(body, MAX_BODY)
        .await
        .map(|b| b.to_vec())
        .unwrap_or_default();
    Canned {
        status: parts.status.as_u16(),
        headers: parts
            .headers
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body,
    }
}

/// The in-process helper's verdict for each of the case's fetches, in
/// order, one page (and so one preflight cache) for all of them.
pub async fn predict(case: &Case, browser: BrowserName) -> Result<Vec<Expect>, String> {
    let s = scenario(case)?;
    let inproc = InProcess::new(browser.profile(), case.origin)
        .map_err(|e| format!("{}: client origin: {e}", case.id))?;
    let mut out = Vec::with_capacity(s.fetches.len());
    for step in &s.fetches {
        let request = http_request(&step.request)?;
        let mut app = (case.app)();
        let verdict = inproc.fetch(&mut app, request).await;
        let mut expect = expect_of(&verdict);
        if let Err(blocked) = &verdict.outcome {
            expect
                .extra
                .insert("console".into(), blocked.console.clone().into());
        }
        out.push(expect);
    }
    Ok(out)
}

/// A scenario request as the `http::Request` the helper takes.
fn http_request(r: &RequestInit) -> Result<http::Request<String>, String> {
    let mut builder = http::Request::builder()
        .method(r.method.as_deref().unwrap_or("GET"))
        .uri(&r.url);
    for (name, value) in &r.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let mut request = builder
        .body(r.body.clone().unwrap_or_default())
        .map_err(|e| format!("{}: {e}", r.url))?;
    request.extensions_mut().insert(FetchOptions {
        mode: r.mode,
        credentials: r.credentials,
        redirect: r.redirect,
    });
    Ok(request)
}

/// The verdict in the scenario format's `expect` terms.
fn expect_of<B>(verdict: &Verdict<B>) -> Expect {
    let (result, sent) = match &verdict.outcome {
        Ok(response) => (ExpectResult::Ok, &response.sent),
        Err(blocked) => (ExpectResult::NetworkError, &blocked.sent),
    };
    let sent = sent
        .iter()
        .map(|r| {
            let mut url = r.url.clone();
            url.set_fragment(None);
            let headers: BTreeMap<String, Option<String>> = r
                .header_list
                .sort_and_combine()
                .into_iter()
                .map(|(n, v)| {
                    (
                        String::from_utf8_lossy(n).into_owned(),
                        Some(String::from_utf8_lossy(v).into_owned()),
                    )
                })
                // The helper's request carries a placeholder body; the
                // page's real one sets the length on the wire.
                .filter(|(n, _)| n != "content-length")
                .collect();
            SentRequest {
                method: r.method.clone(),
                url: url.to_string(),
                headers,
                extra: serde_json::Map::new(),
            }
        })
        .collect();
    let mut expect = Expect {
        result: Some(result),
        sent: Some(sent),
        ..Expect::default()
    };
    if let Ok(response) = &verdict.outcome {
        expect.response_type = Some(response.response.response_type.as_str().to_owned());
        expect.status = Some(response.response.status);
        expect.visible_headers = Some(response.response.visible_header_names());
    }
    expect
}

/// Where the recording and the helper's prediction differ, one line each.
pub fn disagreements(recorded: &Scenario, predicted: &[Expect]) -> Vec<String> {
    let mut out = Vec::new();
    if recorded.fetches.len() != predicted.len() {
        out.push(format!(
            "fetches.length: recorded {}, predicted {}",
            recorded.fetches.len(),
            predicted.len()
        ));
    }
    for (i, (step, p)) in recorded.fetches.iter().zip(predicted).enumerate() {
        let Some(r) = &step.expect else {
            out.push(format!("fetches[{i}]: not recorded"));
            continue;
        };
        out.extend(
            compare_expect(
                r,
                p,
                SentHeaders::Predicted,
                &format!("fetches[{i}].expect"),
            )
            .iter()
            .map(ToString::to_string),
        );
        // The helper's message for a blocked fetch is one of the console
        // lines the browser printed for it (WebKit's console is not
        // captured; Firefox's capture can miss late lines, so an empty one
        // says nothing).
        let recorded_console: Vec<&str> = step
            .extra
            .get("console")
            .and_then(|c| c.as_array())
            .map(|a| a.iter().filter_map(|l| l.as_str()).collect())
            .unwrap_or_default();
        if let Some(message) = p.extra.get("console").and_then(|c| c.as_str())
            && r.result == Some(ExpectResult::NetworkError)
            && !recorded_console.is_empty()
            && !recorded_console.contains(&message)
        {
            out.push(format!(
                "fetches[{i}].console: recorded {recorded_console:?}, helper {message:?}"
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_case_is_a_runnable_scenario() {
        let all = cases::all();
        let layers = all.iter().filter(|c| c.id.starts_with("mw-")).count();
        assert!(layers >= 20, "{layers} CorsLayer cases");
        let mut ids: Vec<&str> = all.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all.len(), "case ids are unique");
        for c in &all {
            let s = scenario(c).expect("valid scenario");
            crate::check::plan(&s).expect("the harness can run it");
        }
    }

    #[tokio::test]
    async fn the_router_answers_through_the_harness_handler() {
        let all = cases::all();
        let case = all
            .iter()
            .find(|c| c.id == "mw-forgot-allow-headers")
            .expect("case");
        let preflight = LoggedRequest {
            method: "OPTIONS".into(),
            url: "https://api.b.test/items".into(),
            headers: vec![
                ("host".into(), "api.b.test".into()),
                ("origin".into(), cases::APP.into()),
                ("access-control-request-method".into(), "PUT".into()),
                (
                    "access-control-request-headers".into(),
                    "content-type".into(),
                ),
            ],
            body: Vec::new(),
        };
        let answer = (handler(case).0)(preflight).await;
        assert_eq!(answer.status, 200);
        let acao = answer
            .headers
            .iter()
            .find(|(n, _)| n == "access-control-allow-origin")
            .map(|(_, v)| v.as_str());
        assert_eq!(acao, Some(cases::APP));
        assert!(
            !answer
                .headers
                .iter()
                .any(|(n, _)| n == "access-control-allow-headers")
        );
    }

    #[tokio::test]
    async fn predictions_follow_the_layer() {
        let all = cases::all();
        let by_id = |id: &str| all.iter().find(|c| c.id == id).expect("case");
        let blocked = predict(by_id("mw-forgot-allow-headers"), BrowserName::Chromium)
            .await
            .expect("predicts");
        assert_eq!(blocked[0].result, Some(ExpectResult::NetworkError));
        let exposed = predict(by_id("mw-expose-headers-listed"), BrowserName::Firefox)
            .await
            .expect("predicts");
        let visible = exposed[0].visible_headers.clone().unwrap_or_default();
        assert!(
            visible.contains(&"x-total-count".to_string()),
            "{visible:?}"
        );
        let hidden = predict(by_id("mw-missing-expose-headers"), BrowserName::Webkit)
            .await
            .expect("predicts");
        let visible = hidden[0].visible_headers.clone().unwrap_or_default();
        assert!(
            !visible.contains(&"x-total-count".to_string()),
            "{visible:?}"
        );
        // A second PUT inside the no-Max-Age default reuses the preflight;
        // Max-Age 0 does not.
        let zero = predict(by_id("mw-max-age-zero"), BrowserName::Chromium)
            .await
            .expect("predicts");
        let sent = |e: &Expect| e.sent.as_ref().map_or(0, Vec::len);
        assert_eq!((sent(&zero[0]), sent(&zero[1])), (2, 2));
    }
}
