//! The page that runs a scenario's fetches, served under `/__xorigin/` on the
//! client origin (or, for the `null` origin, a page on a harness host whose
//! sandboxed `srcdoc` iframe runs them).
//!
//! The page exposes `window.__xorigin_ready` (a promise of the origin the
//! fetches run in) and `window.__xorigin_run(spec)` (a promise of one fetch's
//! outcome), which the driver calls over the DevTools protocol.

use serde::Serialize;
use xorigin::scenario::RequestInit;

/// The host that serves the parent page of a `null`-origin client.
pub const NULL_PARENT_ORIGIN: &str = "http://xorigin-harness.test";

/// The page's path on its origin.
pub const PAGE_PATH: &str = "/__xorigin/page";

/// Runs one fetch (or element load) and describes its outcome; shared by the
/// top-level page and the sandboxed iframe.
const RUN_ONE: &str = r#"
async function runOne(spec) {
  try {
    if (spec.api) return await runApi(spec);
    if (spec.destination) return await runElement(spec);
    const init = {};
    if (spec.method != null) init.method = spec.method;
    if (spec.headers && spec.headers.length) init.headers = spec.headers;
    for (const k of ["mode", "credentials", "redirect", "body", "cache", "referrerPolicy"]) {
      if (spec[k] != null) init[k] = spec[k];
    }
    const r = await fetch(spec.url, init);
    return { ok: true, type: r.type, status: r.status, headers: [...r.headers.keys()] };
  } catch (e) {
    return { ok: false, error: String(e) };
  }
}
// (v1.2) Every other way a page makes a request; see the format's table.
function runApi(spec) {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r) => { if (!settled) { settled = true; resolve(r); } };
    const ev = (ok, error) => finish(ok ? { ok: true, element: true } : { ok: false, element: true, error: error || "error event" });
    setTimeout(() => ev(false, "timeout"), 8000);
    try {
      switch (spec.api) {
        case "xhr": {
          const x = new XMLHttpRequest();
          x.open(spec.method || "GET", spec.url);
          for (const [n, v] of spec.headers || []) x.setRequestHeader(n, v);
          x.withCredentials = !!spec.with_credentials;
          if (spec.upload_listener) x.upload.onprogress = () => {};
          x.onload = () => finish({ ok: true, xhr: true, status: x.status,
            headers: x.getAllResponseHeaders().split(/\r?\n/).filter((l) => l).map((l) => l.split(":")[0].trim()) });
          x.onerror = () => ev(false);
          x.send(spec.body == null ? null : spec.body);
          return;
        }
        case "eventsource": {
          const es = new EventSource(spec.url, { withCredentials: !!spec.with_credentials });
          es.onopen = () => { es.close(); ev(true); };
          es.onerror = () => { es.close(); ev(false); };
          return;
        }
        case "beacon": {
          const data = spec.body_type != null ? new Blob([spec.body == null ? "" : spec.body], { type: spec.body_type }) : spec.body;
          const queued = data == null ? navigator.sendBeacon(spec.url) : navigator.sendBeacon(spec.url, data);
          setTimeout(() => ev(queued, "returned false"), 1500);
          return;
        }
        case "websocket": {
          const ws = new WebSocket(spec.url);
          ws.onopen = () => { ws.close(); ev(true); };
          ws.onerror = () => ev(false);
          ws.onclose = () => ev(false, "closed");
          return;
        }
        case "module": {
          const el = document.createElement("script");
          el.type = "module";
          if (spec.crossorigin != null) el.crossOrigin = spec.crossorigin;
          el.onload = () => ev(true);
          el.onerror = () => ev(false);
          el.src = spec.url;
          document.head.appendChild(el);
          return;
        }
        case "import":
          import(spec.url).then(() => ev(true), (e) => ev(false, String(e)));
          return;
        case "worker":
        case "module-worker": {
          const w = spec.api === "worker" ? new Worker(spec.url) : new Worker(spec.url, { type: "module" });
          w.onmessage = () => { w.terminate(); ev(true); };
          w.onerror = (e) => { e.preventDefault(); w.terminate(); ev(false); };
          return;
        }
        case "shared-worker": {
          const w = new SharedWorker(spec.url);
          w.port.onmessage = () => ev(true);
          w.onerror = () => ev(false);
          w.port.start();
          return;
        }
        case "font": {
          const family = "x" + Math.random().toString(36).slice(2);
          const style = document.createElement("style");
          style.textContent = "@font-face { font-family: " + family + "; src: url(" + JSON.stringify(spec.url) + "); }";
          document.head.appendChild(style);
          document.fonts.load("16px " + family).then(
            (faces) => ev(faces.length > 0 && faces.every((f) => f.status === "loaded"), "font status error"),
            (e) => ev(false, String(e)));
          return;
        }
        case "media": {
          const el = document.createElement(spec.destination === "video" ? "video" : "audio");
          el.preload = "metadata";
          if (spec.crossorigin != null) el.crossOrigin = spec.crossorigin;
          el.onloadedmetadata = () => ev(true);
          el.onerror = () => ev(false);
          el.src = spec.url;
          document.body.appendChild(el);
          return;
        }
        case "iframe": {
          const f = document.createElement("iframe");
          f.onload = () => ev(true);
          f.src = spec.url;
          document.body.appendChild(f);
          return;
        }
        case "form": {
          const name = "t" + Math.random().toString(36).slice(2);
          const f = document.createElement("iframe");
          f.name = name;
          document.body.appendChild(f);
          const form = document.createElement("form");
          form.method = spec.method || "GET";
          form.action = spec.url;
          if (spec.enctype != null) form.enctype = spec.enctype;
          form.target = name;
          for (const [n, v] of spec.form || []) {
            const i = document.createElement("input");
            i.type = "hidden"; i.name = n; i.value = v;
            form.appendChild(i);
          }
          document.body.appendChild(form);
          f.onload = () => ev(true);
          form.submit();
          return;
        }
        default:
          ev(false, "unsupported api " + spec.api);
      }
    } catch (e) {
      finish({ ok: false, element: true, error: String(e), thrown: e && e.name });
    }
  });
}
function runElement(spec) {
  return new Promise((resolve) => {
    let el;
    if (spec.destination === "image") el = document.createElement("img");
    else if (spec.destination === "script") el = document.createElement("script");
    else if (spec.destination === "style") { el = document.createElement("link"); el.rel = "stylesheet"; }
    else { resolve({ ok: false, error: "unsupported destination " + spec.destination }); return; }
    if (spec.crossorigin != null) el.crossOrigin = spec.crossorigin;
    if (spec.referrerPolicy != null) el.referrerPolicy = spec.referrerPolicy;
    el.onload = () => resolve({ ok: true, element: true });
    el.onerror = () => resolve({ ok: false, element: true, error: "error event" });
    if (spec.destination === "style") el.href = spec.url; else el.src = spec.url;
    document.head.appendChild(el);
  });
}
"#;

/// Stops the browser from requesting `/favicon.ico` from the client origin,
/// which the server would log as if the scenario had sent it.
const NO_FAVICON: &str = "<link rel=icon href=\"data:,\">";

/// The arguments the page passes to `fetch()`, as JSON for the page script.
#[derive(Serialize)]
pub struct FetchSpec<'a> {
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    method: Option<&'a str>,
    headers: &'a [(String, String)],
    #[serde(skip_serializing_if = "Option::is_none")]
    mode: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    credentials: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    redirect: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cache: Option<&'a str>,
    #[serde(rename = "referrerPolicy", skip_serializing_if = "Option::is_none")]
    referrer_policy: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    crossorigin: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    api: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    with_credentials: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    upload_listener: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    body_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    enctype: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    form: Option<&'a [(String, String)]>,
}

impl<'a> FetchSpec<'a> {
    /// The page-script view of a scenario's request.
    pub fn new(r: &'a RequestInit) -> FetchSpec<'a> {
        let enum_json = |v: Option<serde_json::Value>| v.filter(|v| !v.is_null());
        FetchSpec {
            url: &r.url,
            method: r.method.as_deref(),
            headers: &r.headers,
            mode: enum_json(r.mode.and_then(|m| serde_json::to_value(m).ok())),
            credentials: enum_json(r.credentials.and_then(|c| serde_json::to_value(c).ok())),
            redirect: enum_json(r.redirect.and_then(|c| serde_json::to_value(c).ok())),
            body: r.body.as_deref(),
            cache: r.cache.as_deref(),
            referrer_policy: r.referrer_policy.as_deref(),
            destination: r.destination.as_deref().filter(|d| !d.is_empty()),
            crossorigin: r.crossorigin.as_deref(),
            api: r.api.map(|a| a.as_str()),
            with_credentials: r.with_credentials,
            upload_listener: r.upload_listener,
            body_type: r.body_type.as_deref(),
            enctype: r.enctype.as_deref(),
            form: r.form.as_deref(),
        }
    }
}

/// The page for a client with a real origin: it runs the fetches itself.
pub fn top_level_page() -> String {
    format!(
        "<!doctype html><meta charset=utf-8><title>xorigin</title>{NO_FAVICON}<script>{RUN_ONE}\n\
         window.__xorigin_ready = Promise.resolve(self.origin);\n\
         window.__xorigin_run = runOne;\n</script>"
    )
}

/// The page for the `null` client: a sandboxed `srcdoc` iframe (opaque
/// origin, scripts allowed) runs the fetches; the parent relays by
/// `postMessage`.
pub fn null_origin_page() -> String {
    let inner = format!(
        "<!doctype html><meta charset=utf-8><script>{RUN_ONE}\n\
         addEventListener('message', async (e) => {{\n\
           const d = e.data;\n\
           if (d && d.xoriginId != null) {{\n\
             const result = await runOne(d.spec);\n\
             parent.postMessage({{ xoriginId: d.xoriginId, result }}, '*');\n\
           }}\n\
         }});\n\
         parent.postMessage({{ xoriginReady: self.origin }}, '*');\n</script>"
    );
    format!(
        "<!doctype html><meta charset=utf-8><title>xorigin null</title>{NO_FAVICON}<script>\n\
         const pending = new Map(); let nextId = 0; let readyResolve;\n\
         window.__xorigin_ready = new Promise((r) => {{ readyResolve = r; }});\n\
         addEventListener('message', (e) => {{\n\
           const d = e.data;\n\
           if (d && d.xoriginReady != null) readyResolve(d.xoriginReady);\n\
           else if (d && d.xoriginId != null && pending.has(d.xoriginId)) {{\n\
             pending.get(d.xoriginId)(d.result); pending.delete(d.xoriginId);\n\
           }}\n\
         }});\n\
         window.__xorigin_run = (spec) => new Promise((resolve) => {{\n\
           const id = nextId++; pending.set(id, resolve);\n\
           document.getElementById('f').contentWindow.postMessage({{ xoriginId: id, spec }}, '*');\n\
         }});\n\
         </script><iframe id=f sandbox=\"allow-scripts\" srcdoc=\"{}\"></iframe>",
        html_attr_escape(&inner)
    )
}

/// Escapes text for a double-quoted HTML attribute.
fn html_attr_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attr_escape_leaves_no_quote_or_angle() {
        let cases = [
            ("a\"b", "a&quot;b"),
            ("<s>", "&lt;s&gt;"),
            ("&amp;", "&amp;amp;"),
        ];
        for (input, want) in cases {
            assert_eq!(html_attr_escape(input), want);
        }
        assert!(!null_origin_page().contains("srcdoc=\"<"));
    }

    #[test]
    fn fetch_spec_uses_fetch_init_spellings() {
        let r: RequestInit = serde_json::from_str(
            r#"{"url":"https://b.test/","mode":"no-cors","credentials":"include","redirect":"manual","referrerPolicy":"no-referrer"}"#,
        )
        .expect("valid request");
        let v = serde_json::to_value(FetchSpec::new(&r)).expect("serializes");
        assert_eq!(v["mode"], "no-cors");
        assert_eq!(v["credentials"], "include");
        assert_eq!(v["redirect"], "manual");
        assert_eq!(v["referrerPolicy"], "no-referrer");
        assert!(v.get("method").is_none());
    }
}
