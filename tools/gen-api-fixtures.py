#!/usr/bin/env python3
"""Writes spec-fixtures/api-*/: the scenario format v1.2 fixtures, one folder
per `request.api`. Every expectation is written here from the standard that
builds the request (see each group's comment), not from the engine's output;
`xorigin verify spec-fixtures` then checks the engine against them."""
import json, os, base64, shutil

ROOT = os.path.join(os.path.dirname(__file__), "..", "spec-fixtures")
PAGE = "https://app.a.test"
SAME = "https://app.a.test"
XSITE = "https://api.b.test"
SSITE = "https://cdn.a.test"
JS = [["Content-Type", "text/javascript"]]
ANY = [["Access-Control-Allow-Origin", "*"]]
EXACT = [["Access-Control-Allow-Origin", PAGE], ["Access-Control-Allow-Credentials", "true"]]
ASSETS = os.path.join(os.path.dirname(__file__), "assets")
def asset(name):
    with open(os.path.join(ASSETS, name), "rb") as f:
        return base64.b64encode(f.read()).decode()
# Real bodies every browser decodes (a zero-padded signature is sniffed as a
# font or audio but fails to decode): DejaVu Sans subset to the glyph "A" with
# fontTools (pyftsubset --text=A --no-hinting, as TTF and as WOFF), and 50 ms
# of 8 kHz 8-bit mono silence as PCM WAV (Python's wave module).
WOFF = asset("a.woff")
TTF = asset("a.ttf")
WAV = asset("a.wav")
# A URL the URL Standard's parser rejects and so do the browsers' (the port is
# out of range: "port state", step 2.2.2 "If port is greater than 2^16 − 1,
# port-out-of-range validation error, return failure"). Chromium accepts the
# space in "exa mple.test", so that URL does not serve.
BAD = "https://a.test:99999/"

out = {}

def entry(url, status=200, headers=(), body=None, body_base64=None, method="GET"):
    e = {"method": method, "url": url, "status": status, "headers": [list(h) for h in headers]}
    if body is not None:
        e["body"] = body
    if body_base64 is not None:
        e["body_base64"] = body_base64
    return e

def site(url, page=PAGE):
    o = "/".join(url.split("/")[:3])
    if o == page:
        return "same-origin"
    host = o.split("://")[1].split(":")[0]
    phost = page.split("://")[1]
    reg = lambda h: ".".join(h.split(".")[-2:])
    return "same-site" if reg(host) == reg(phost) and o.split(":")[0] == page.split(":")[0] else "cross-site"

def sent(method, url, **headers):
    return {"method": method, "url": url, "headers": {k.replace("_", "-"): v for k, v in headers.items()}}

def add(api, id, desc, server, request, expect, page=PAGE):
    request = dict(request)
    request["api"] = api
    s = {"id": f"api-{api}-{id}", "description": desc, "client": {"origin": page},
         "server": server, "fetches": [{"request": request, "expect": expect}]}
    out.setdefault(api, []).append(s)

# ---------------------------------------------------------------- xhr
# XHR standard, open()/setRequestHeader()/send(): mode cors, credentials
# include iff withCredentials, upload listener + body => use-CORS-preflight.
def xhr():
    u = XSITE + "/data"
    add("xhr", "same-origin-get", "xhr/: a same-origin GET: basic response, every header but Set-Cookie readable",
        [entry(SAME + "/data", 200, [["Content-Type", "text/plain"], ["X-Total", "3"], ["Set-Cookie", "a=b"]], "ok")],
        {"url": "/data"},
        {"result": "ok", "status": 200, "visible_headers": ["content-type", "x-total"],
         "sent": [sent("GET", SAME + "/data", origin=None, sec_fetch_mode="cors", sec_fetch_dest="empty", sec_fetch_site="same-origin")]})
    add("xhr", "cross-origin-no-acao", "xhr/access-control-basic-denied: no Access-Control-Allow-Origin, the error event",
        [entry(u, 200, [["Content-Type", "text/plain"]], "ok")], {"url": u},
        {"result": "network-error", "sent": [sent("GET", u, origin=PAGE, sec_fetch_mode="cors", sec_fetch_site="cross-site")]})
    add("xhr", "cross-origin-acao-star", "xhr/access-control-basic-allow-star: Access-Control-Allow-Origin * without credentials",
        [entry(u, 200, ANY + [["Content-Type", "text/plain"], ["X-Total", "3"]], "ok")], {"url": u},
        {"result": "ok", "status": 200, "visible_headers": ["content-type"],
         "sent": [sent("GET", u, origin=PAGE, sec_fetch_mode="cors", sec_fetch_dest="empty")]})
    add("xhr", "expose-headers", "xhr/access-control-expose-headers: Access-Control-Expose-Headers makes X-Total readable in getAllResponseHeaders()",
        [entry(u, 200, ANY + [["Access-Control-Expose-Headers", "X-Total"], ["Content-Type", "text/plain"], ["X-Total", "3"]], "ok")],
        {"url": u}, {"result": "ok", "status": 200, "visible_headers": ["content-type", "x-total"]})
    add("xhr", "with-credentials-star", "xhr/access-control-basic-allow-star: withCredentials and Access-Control-Allow-Origin * fail the CORS check",
        [entry(u, 200, ANY, "ok")], {"url": u, "with_credentials": True},
        {"result": "network-error", "sent": [sent("GET", u, origin=PAGE)]})
    add("xhr", "with-credentials-exact", "xhr/access-control-basic-with-credentials: withCredentials with the exact origin and Allow-Credentials",
        [entry(u, 200, EXACT + [["Content-Type", "text/plain"]], "ok")], {"url": u, "with_credentials": True},
        {"result": "ok", "status": 200, "visible_headers": ["content-type"], "sent": [sent("GET", u, origin=PAGE)]})
    add("xhr", "with-credentials-no-acac", "withCredentials without Access-Control-Allow-Credentials: true fails",
        [entry(u, 200, [["Access-Control-Allow-Origin", PAGE]], "ok")], {"url": u, "with_credentials": True},
        {"result": "network-error"})
    pre = [entry(u, 204, ANY + [["Access-Control-Allow-Methods", "POST"]], method="OPTIONS"),
           entry(u, 200, ANY, "ok", method="POST")]
    add("xhr", "upload-listener-preflight", "xhr/send-upload-listener (XHR send() step: upload listener flag sets use-CORS-preflight): a text/plain POST is preflighted",
        pre, {"method": "POST", "url": u, "body": "x", "upload_listener": True},
        {"result": "ok", "status": 200, "sent": [
            sent("OPTIONS", u, origin=PAGE, access_control_request_method="POST", access_control_request_headers=None),
            sent("POST", u, origin=PAGE, content_type="text/plain;charset=UTF-8")]})
    add("xhr", "upload-listener-preflight-denied", "an upload listener forces a preflight, which fails without Access-Control-Allow-Origin",
        [entry(u, 204, [], method="OPTIONS"), entry(u, 200, ANY, "ok", method="POST")],
        {"method": "POST", "url": u, "body": "x", "upload_listener": True},
        {"result": "network-error", "sent": [sent("OPTIONS", u, access_control_request_method="POST")]})
    add("xhr", "no-upload-listener-simple-post", "without an upload listener a text/plain POST is a simple request",
        [entry(u, 200, ANY, "ok", method="POST")], {"method": "POST", "url": u, "body": "x"},
        {"result": "ok", "status": 200, "sent": [sent("POST", u, origin=PAGE, content_type="text/plain;charset=UTF-8")]})
    add("xhr", "upload-listener-get-no-body", "send() drops a GET body, so the upload listener flag does not force a preflight",
        [entry(u, 200, ANY, "ok")], {"url": u, "upload_listener": True},
        {"result": "ok", "status": 200, "sent": [sent("GET", u, origin=PAGE)]})
    add("xhr", "custom-header-preflight", "xhr/access-control-preflight-request-header: setRequestHeader(X-Foo) needs a preflight",
        [entry(u, 204, ANY + [["Access-Control-Allow-Headers", "x-foo"]], method="OPTIONS"), entry(u, 200, ANY, "ok")],
        {"url": u, "headers": [["X-Foo", "1"]]},
        {"result": "ok", "status": 200, "sent": [sent("OPTIONS", u, access_control_request_method="GET", access_control_request_headers="x-foo"),
                                                 sent("GET", u, x_foo="1")]})
    add("xhr", "json-post-preflight", "a POST with Content-Type application/json is preflighted",
        [entry(u, 204, ANY + [["Access-Control-Allow-Headers", "content-type"], ["Access-Control-Allow-Methods", "POST"]], method="OPTIONS"),
         entry(u, 201, ANY, "ok", method="POST")],
        {"method": "POST", "url": u, "headers": [["Content-Type", "application/json"]], "body": "{}"},
        {"result": "ok", "status": 201, "sent": [sent("OPTIONS", u, access_control_request_headers="content-type"),
                                                 sent("POST", u, content_type="application/json")]})
    add("xhr", "forbidden-method-throws", "XHR open() step 4: TRACE is a forbidden method, SecurityError",
        [], {"method": "TRACE", "url": u}, {"result": "network-error", "thrown": "SecurityError", "sent": []})
    add("xhr", "invalid-method-throws", "XHR open() step 3: a method that is not a token is a SyntaxError",
        [], {"method": "GE T", "url": u}, {"result": "network-error", "thrown": "SyntaxError", "sent": []})
    add("xhr", "invalid-url-throws", "XHR open() step 7: a URL that does not parse is a SyntaxError",
        [], {"url": BAD}, {"result": "network-error", "thrown": "SyntaxError", "sent": []})
    add("xhr", "forbidden-header-ignored", "setRequestHeader ignores a forbidden request-header: no preflight",
        [entry(u, 200, ANY, "ok")], {"url": u, "headers": [["Cookie", "a=b"]]},
        {"result": "ok", "status": 200, "sent": [sent("GET", u, cookie=None)]})
    add("xhr", "status-404-readable", "a CORS 404 is a load, status 404",
        [entry(u, 404, ANY, "no")], {"url": u}, {"result": "ok", "status": 404})
    add("xhr", "redirect-cross-origin-origin-null", "xhr/access-control-basic-cors-safelisted-request-headers: a cross-origin redirect then needs ACAO null or *",
        [entry(u, 302, ANY + [["Location", SSITE + "/final"]]), entry(SSITE + "/final", 200, ANY, "ok")], {"url": u},
        {"result": "ok", "status": 200, "sent": [sent("GET", u, origin=PAGE), sent("GET", SSITE + "/final", origin="null")]})

# ---------------------------------------------------------------- eventsource
# HTML server-sent events: potential-CORS request, "" destination, Anonymous
# (Use Credentials with withCredentials), Accept text/event-stream, no-store;
# open only for 200 + text/event-stream.
def eventsource():
    ev = [["Content-Type", "text/event-stream"]]
    s, x = SAME + "/events", XSITE + "/events"
    add("eventsource", "same-origin-open", "eventsource/eventsource-constructor-url: a same-origin stream opens",
        [entry(s, 200, ev, "data: 1\n\n")], {"url": "/events"},
        {"result": "ok", "sent": [sent("GET", s, accept="text/event-stream", origin=None, sec_fetch_mode="cors", sec_fetch_dest="empty",
                                       sec_fetch_site="same-origin", cache_control="no-cache", pragma="no-cache")]})
    add("eventsource", "wrong-content-type", "eventsource/format-mime-bogus: a text/plain answer fails the connection",
        [entry(s, 200, [["Content-Type", "text/plain"]], "data: 1\n\n")], {"url": s}, {"result": "network-error"})
    add("eventsource", "no-content-type", "eventsource/format-mime-missing: no Content-Type fails the connection",
        [entry(s, 200, [], "data: 1\n\n")], {"url": s}, {"result": "network-error"})
    add("eventsource", "status-404", "eventsource/eventsource-request-status-error: a 404 fails the connection",
        [entry(s, 404, ev, "")], {"url": s}, {"result": "network-error"})
    add("eventsource", "status-204", "HTML: only status 200 announces the connection; 204 fails it",
        [entry(s, 204, ev)], {"url": s}, {"result": "network-error"})
    add("eventsource", "charset-parameter", "eventsource/format-mime-valid-2: text/event-stream;charset=utf-8 opens",
        [entry(s, 200, [["Content-Type", "text/event-stream;charset=utf-8"]], "data: 1\n\n")], {"url": s}, {"result": "ok"})
    add("eventsource", "cross-origin-no-acao", "eventsource/eventsource-cross-origin: without ACAO the CORS check fails",
        [entry(x, 200, ev, "data: 1\n\n")], {"url": x},
        {"result": "network-error", "sent": [sent("GET", x, origin=PAGE, sec_fetch_mode="cors", sec_fetch_site="cross-site")]})
    add("eventsource", "cross-origin-acao-star", "eventsource/eventsource-cross-origin: ACAO * opens a cross-origin stream",
        [entry(x, 200, ev + ANY, "data: 1\n\n")], {"url": x},
        {"result": "ok", "sent": [sent("GET", x, origin=PAGE, accept="text/event-stream")]})
    add("eventsource", "credentials-star", "eventsource/eventsource-constructor-non-same-origin: withCredentials with ACAO * fails",
        [entry(x, 200, ev + ANY, "data: 1\n\n")], {"url": x, "with_credentials": True}, {"result": "network-error"})
    add("eventsource", "credentials-exact", "withCredentials with the exact origin and Allow-Credentials opens",
        [entry(x, 200, ev + EXACT, "data: 1\n\n")], {"url": x, "with_credentials": True}, {"result": "ok"})
    add("eventsource", "invalid-url-throws", "the EventSource constructor: a URL that does not parse is a SyntaxError",
        [], {"url": BAD}, {"result": "network-error", "thrown": "SyntaxError", "sent": []})
    add("eventsource", "redirect-to-cross-origin", "eventsource/eventsource-cors: a same-origin redirect to a cross-origin stream with ACAO * opens; Origin becomes null after the cross-origin hop? no: the first hop is same-origin",
        [entry(s, 302, [["Location", x]]), entry(x, 200, ev + ANY, "data: 1\n\n")], {"url": s},
        {"result": "ok", "sent": [sent("GET", s, origin=None), sent("GET", x, origin=PAGE)]})

# ---------------------------------------------------------------- beacon
# Beacon: POST, keepalive, credentials include, no-cors unless the body's
# type is not a CORS-safelisted Content-Type; returns true once queued.
def beacon():
    x, s = XSITE + "/log", SAME + "/log"
    add("beacon", "string-cross-origin", "beacon/beacon-basic: a string body is a no-cors POST, text/plain;charset=UTF-8",
        [entry(x, 204, [], method="POST")], {"url": x, "body": "hello"},
        {"result": "ok", "sent": [sent("POST", x, content_type="text/plain;charset=UTF-8", origin=PAGE,
                                       sec_fetch_mode="no-cors", sec_fetch_dest="empty", sec_fetch_site="cross-site")]})
    add("beacon", "string-same-origin", "beacon/beacon-basic: a same-origin beacon",
        [entry(s, 204, [], method="POST")], {"url": "/log", "body": "hello"},
        {"result": "ok", "sent": [sent("POST", s, origin=PAGE, sec_fetch_mode="no-cors", sec_fetch_site="same-origin")]})
    add("beacon", "no-acao-still-true", "beacon: the no-cors response is never checked; sendBeacon already returned true",
        [entry(x, 500, [], method="POST")], {"url": x, "body": "a"}, {"result": "ok", "sent": [sent("POST", x)]})
    add("beacon", "blob-json-preflight-denied", "beacon/beacon-cors: a Blob of type application/json is a cors request; the preflight fails, nothing is posted",
        [entry(x, 204, [], method="OPTIONS")], {"url": x, "body": "{}", "body_type": "application/json"},
        {"result": "ok", "sent": [sent("OPTIONS", x, access_control_request_method="POST", access_control_request_headers="content-type", origin=PAGE)]})
    add("beacon", "blob-json-preflight-allowed", "beacon/beacon-cors: with credentials include the preflight answer names the origin and allows credentials",
        [entry(x, 204, EXACT + [["Access-Control-Allow-Headers", "content-type"]], method="OPTIONS"),
         entry(x, 204, EXACT, method="POST")],
        {"url": x, "body": "{}", "body_type": "application/json"},
        {"result": "ok", "sent": [sent("OPTIONS", x, access_control_request_headers="content-type"),
                                  sent("POST", x, content_type="application/json", origin=PAGE, sec_fetch_mode="cors")]})
    add("beacon", "blob-json-same-origin", "a same-origin Blob of type application/json: mode cors, no preflight",
        [entry(s, 204, [], method="POST")], {"url": s, "body": "{}", "body_type": "application/json"},
        {"result": "ok", "sent": [sent("POST", s, content_type="application/json", sec_fetch_mode="cors")]})
    add("beacon", "blob-text-plain", "a Blob of type text/plain is CORS-safelisted: no-cors, no preflight",
        [entry(x, 204, [], method="POST")], {"url": x, "body": "a", "body_type": "text/plain"},
        {"result": "ok", "sent": [sent("POST", x, content_type="text/plain", sec_fetch_mode="no-cors")]})
    add("beacon", "blob-urlencoded", "a Blob of type application/x-www-form-urlencoded is CORS-safelisted",
        [entry(x, 204, [], method="POST")], {"url": x, "body": "a=b", "body_type": "application/x-www-form-urlencoded"},
        {"result": "ok", "sent": [sent("POST", x, content_type="application/x-www-form-urlencoded", sec_fetch_mode="no-cors")]})
    add("beacon", "no-body", "sendBeacon(url) without data: a POST with Content-Length 0 and no Content-Type",
        [entry(x, 204, [], method="POST")], {"url": x},
        {"result": "ok", "sent": [sent("POST", x, content_type=None, content_length="0")]})
    add("beacon", "non-http-scheme-throws", "beacon/beacon-error: a non-HTTP(S) URL throws a TypeError",
        [], {"url": "ftp://api.b.test/log", "body": "a"}, {"result": "network-error", "thrown": "TypeError", "sent": []})
    add("beacon", "mixed-content-blocked", "mixed-content: an http beacon from an https page is blocked; sendBeacon still returns true",
        [entry("http://api.b.test/log", 204, [], method="POST")], {"url": "http://api.b.test/log", "body": "a"},
        {"result": "ok", "sent": []})

# ---------------------------------------------------------------- websocket
# WebSockets: constructor URL steps; "obtain a WebSocket connection": mode
# websocket, credentials include, no-store, redirect error, no-referrer;
# Fetch appends Origin for mode websocket; 101 establishes.
def websocket():
    w, ws = "wss://api.b.test/ws", "wss://app.a.test/ws"
    ok101 = lambda u: entry(u, 101, [])
    add("websocket", "same-origin-open", "websockets/opening-handshake/003: the handshake carries Origin",
        [ok101(ws)], {"url": ws},
        {"result": "ok", "sent": [sent("GET", ws, origin=PAGE, upgrade="websocket", sec_websocket_version="13",
                                       sec_fetch_mode="websocket", sec_fetch_dest="empty", sec_fetch_site="same-origin")]})
    add("websocket", "cross-site-open-no-cors", "websockets: no CORS check, a cross-site handshake opens without ACAO",
        [ok101(w)], {"url": w},
        {"result": "ok", "sent": [sent("GET", w, origin=PAGE, sec_fetch_mode="websocket", sec_fetch_site="cross-site")]})
    add("websocket", "no-referer", "obtain a WebSocket connection: referrer no-referrer, so no Referer",
        [ok101(w)], {"url": w}, {"result": "ok", "sent": [sent("GET", w, referer=None)]})
    add("websocket", "cache-headers", "the handshake request's cache mode is no-store",
        [ok101(w)], {"url": w}, {"result": "ok", "sent": [sent("GET", w, pragma="no-cache", cache_control="no-cache")]})
    add("websocket", "status-403-fails", "websockets/opening-handshake: a status other than 101 fails the connection",
        [entry(w, 403, [], "no")], {"url": w}, {"result": "network-error", "sent": [sent("GET", w, origin=PAGE)]})
    add("websocket", "status-200-fails", "a 200 answer is not a handshake",
        [entry(w, 200, [], "no")], {"url": w}, {"result": "network-error"})
    add("websocket", "redirect-fails", "redirect mode error: a 302 fails the connection",
        [entry(w, 302, [["Location", "wss://cdn.a.test/ws"]])], {"url": w},
        {"result": "network-error", "sent": [sent("GET", w)]})
    add("websocket", "https-url-becomes-wss", "websockets/Create-url-with-https (constructor steps 4-5): https becomes wss",
        [ok101(w)], {"url": "https://api.b.test/ws"}, {"result": "ok", "sent": [sent("GET", w)]})
    add("websocket", "bad-scheme-throws", "websockets/Create-invalid-urls: a scheme other than ws/wss/http/https is a SyntaxError",
        [], {"url": "ftp://api.b.test/ws"}, {"result": "network-error", "thrown": "SyntaxError", "sent": []})
    add("websocket", "fragment-throws", "websockets/Create-url-with-fragment: a fragment is a SyntaxError",
        [], {"url": "wss://api.b.test/ws#x"}, {"result": "network-error", "thrown": "SyntaxError", "sent": []})
    add("websocket", "mixed-content-ws-from-https", "mixed content: ws: from an https page is blocked (the standard fails the connection; expect.thrown left to recordings)",
        [entry("ws://api.b.test/ws", 101, [])], {"url": "ws://api.b.test/ws"}, {"result": "network-error", "sent": []})
    add("websocket", "ws-from-http-page", "ws: from an http page: no Fetch Metadata (not potentially trustworthy), Origin still sent",
        [entry("ws://api.b.test/ws", 101, [])], {"url": "ws://api.b.test/ws"},
        {"result": "ok", "sent": [sent("GET", "ws://api.b.test/ws", origin="http://app.a.test", sec_fetch_mode=None)]},
        page="http://app.a.test")

# ---------------------------------------------------------------- module / import
# HTML fetch a single module script: destination script, mode cors,
# credentials same-origin (include for crossorigin=use-credentials); ok
# status and a JavaScript MIME type.
def modules(api):
    s, x = SAME + "/m.js", XSITE + "/m.js"
    kind = "<script type=module>" if api == "module" else "import()"
    add(api, "same-origin", f"{kind} same-origin: mode cors, destination script",
        [entry(s, 200, JS, "export default 1;")], {"url": "/m.js"},
        {"result": "ok", "sent": [sent("GET", s, origin=None, sec_fetch_mode="cors", sec_fetch_dest="script", sec_fetch_site="same-origin")]})
    add(api, "cross-origin-no-acao", f"html/semantics/scripting-1/the-script-element/module/cors-crossorigin-requests: {kind} is always cors; no ACAO fails",
        [entry(x, 200, JS, "export default 1;")], {"url": x},
        {"result": "network-error", "sent": [sent("GET", x, origin=PAGE, sec_fetch_mode="cors", sec_fetch_dest="script")]})
    add(api, "cross-origin-acao-star", f"{kind} cross-origin with ACAO *",
        [entry(x, 200, JS + ANY, "export default 1;")], {"url": x}, {"result": "ok"})
    add(api, "cross-origin-acao-exact", f"{kind} cross-origin with the exact origin",
        [entry(x, 200, JS + [["Access-Control-Allow-Origin", PAGE]], "export default 1;")], {"url": x}, {"result": "ok"})
    add(api, "text-plain-mime", f"module/script-for-event / errorhandling: {kind} of text/plain fails (not a JavaScript MIME type)",
        [entry(s, 200, [["Content-Type", "text/plain"]], "export default 1;")], {"url": s}, {"result": "network-error"})
    add(api, "no-mime", f"{kind} without Content-Type fails",
        [entry(s, 200, [], "export default 1;")], {"url": s}, {"result": "network-error"})
    add(api, "status-404", f"{kind}: a 404 fails", [entry(s, 404, JS, "")], {"url": s}, {"result": "network-error"})
    add(api, "javascript-charset", f"{kind}: application/javascript;charset=utf-8 is a JavaScript MIME type",
        [entry(s, 200, [["Content-Type", "application/javascript;charset=utf-8"]], "export default 1;")], {"url": s}, {"result": "ok"})
    add(api, "cross-origin-html", f"{kind}: ACAO * but text/html fails",
        [entry(x, 200, [["Content-Type", "text/html"]] + ANY, "<p>")], {"url": x}, {"result": "network-error"})
    add(api, "same-site-no-acao", f"{kind}: a same-site but cross-origin URL still needs ACAO",
        [entry(SSITE + "/m.js", 200, JS, "export default 1;")], {"url": SSITE + "/m.js"},
        {"result": "network-error", "sent": [sent("GET", SSITE + "/m.js", origin=PAGE, sec_fetch_site="same-site")]})
    if api == "module":
        add(api, "use-credentials-star", "module/credentials: crossorigin=use-credentials with ACAO * fails",
            [entry(x, 200, JS + ANY, "export default 1;")], {"url": x, "crossorigin": "use-credentials"}, {"result": "network-error"})
        add(api, "use-credentials-exact", "module/credentials: crossorigin=use-credentials with the exact origin and Allow-Credentials",
            [entry(x, 200, JS + EXACT, "export default 1;")], {"url": x, "crossorigin": "use-credentials"}, {"result": "ok"})
        add(api, "anonymous-star", "crossorigin=anonymous is the default: ACAO * suffices",
            [entry(x, 200, JS + ANY, "export default 1;")], {"url": x, "crossorigin": "anonymous"}, {"result": "ok"})

# ---------------------------------------------------------------- workers
# HTML: worker constructors; top-level worker scripts are fetched in mode
# same-origin, credentials same-origin, destination worker/sharedworker; ok
# status and a JavaScript MIME type.
def workers(api):
    dest = "sharedworker" if api == "shared-worker" else "worker"
    s, x = SAME + "/w.js", XSITE + "/w.js"
    body = "onconnect = e => e.ports[0].postMessage(1);" if api == "shared-worker" else "postMessage(1);"
    add(api, "same-origin", f"workers/: {api} same-origin: mode same-origin, destination {dest}",
        [entry(s, 200, JS, body)], {"url": "/w.js"},
        {"result": "ok", "sent": [sent("GET", s, origin=None, sec_fetch_mode="same-origin", sec_fetch_dest=dest, sec_fetch_site="same-origin")]})
    add(api, "cross-origin-url", f"workers/constructors/Worker/same-origin: a cross-origin {api} URL fails (the standard: an error event, no request)",
        [entry(x, 200, JS + ANY, body)], {"url": x}, {"result": "network-error", "sent": []})
    add(api, "text-plain-mime", f"workers/ strict MIME: a {api} script served as text/plain fails",
        [entry(s, 200, [["Content-Type", "text/plain"]], body)], {"url": s}, {"result": "network-error"})
    add(api, "no-mime", f"a {api} script without Content-Type fails",
        [entry(s, 200, [], body)], {"url": s}, {"result": "network-error"})
    add(api, "status-404", f"a {api} script answering 404 fails",
        [entry(s, 404, JS, "")], {"url": s}, {"result": "network-error"})
    add(api, "redirect-same-origin", f"a {api} script redirected within the origin runs",
        [entry(s, 302, [["Location", SAME + "/w2.js"]]), entry(SAME + "/w2.js", 200, JS, body)], {"url": s},
        {"result": "ok", "sent": [sent("GET", s), sent("GET", SAME + "/w2.js", sec_fetch_mode="same-origin")]})
    add(api, "redirect-cross-origin", f"a {api} script redirected to another origin fails (mode same-origin)",
        [entry(s, 302, [["Location", x]]), entry(x, 200, JS + ANY, body)], {"url": s},
        {"result": "network-error", "sent": [sent("GET", s)]})
    add(api, "invalid-url-throws", f"the {api} constructor: a URL that does not parse is a SyntaxError",
        [], {"url": BAD + "w.js"}, {"result": "network-error", "thrown": "SyntaxError", "sent": []})
    add(api, "same-site-url", f"a same-site but cross-origin {api} URL fails",
        [entry(SSITE + "/w.js", 200, JS + ANY, body)], {"url": SSITE + "/w.js"}, {"result": "network-error", "sent": []})

# ---------------------------------------------------------------- font
# CSS Fonts "fetch a font": destination font, mode cors, credentials same-origin.
def font():
    s, x = SAME + "/f.woff", XSITE + "/f.woff"
    F = [["Content-Type", "font/woff"]]
    add("font", "same-origin", "css/css-fonts: a same-origin font (TrueType), destination font, mode cors",
        [entry(SAME + "/f.ttf", 200, [["Content-Type", "font/ttf"]], body_base64=TTF)], {"url": "/f.ttf"},
        {"result": "ok", "sent": [sent("GET", SAME + "/f.ttf", origin=None, sec_fetch_mode="cors", sec_fetch_dest="font", sec_fetch_site="same-origin")]})
    add("font", "cross-origin-no-acao", "css/css-fonts/font-face-cors: fonts are always cors; a CDN without ACAO fails",
        [entry(x, 200, F, body_base64=WOFF)], {"url": x},
        {"result": "network-error", "sent": [sent("GET", x, origin=PAGE, sec_fetch_mode="cors", sec_fetch_dest="font", sec_fetch_site="cross-site")]})
    add("font", "cross-origin-acao-star", "a cross-origin font with ACAO *",
        [entry(x, 200, F + ANY, body_base64=WOFF)], {"url": x}, {"result": "ok"})
    add("font", "cross-origin-acao-exact", "a cross-origin font with the exact origin",
        [entry(x, 200, F + [["Access-Control-Allow-Origin", PAGE]], body_base64=WOFF)], {"url": x}, {"result": "ok"})
    add("font", "cross-origin-acao-other", "a cross-origin font whose ACAO names another origin fails",
        [entry(x, 200, F + [["Access-Control-Allow-Origin", "https://other.test"]], body_base64=WOFF)], {"url": x}, {"result": "network-error"})
    add("font", "same-site-no-acao", "a same-site font host is still cross-origin: no ACAO fails",
        [entry(SSITE + "/f.woff", 200, F, body_base64=WOFF)], {"url": SSITE + "/f.woff"},
        {"result": "network-error", "sent": [sent("GET", SSITE + "/f.woff", sec_fetch_site="same-site")]})
    add("font", "not-a-font", "bytes that are not a font fail to load",
        [entry(s, 200, F, "not a font")], {"url": s}, {"result": "network-error"})
    add("font", "status-404", "a 404 font fails", [entry(s, 404, F, body_base64=WOFF)], {"url": s}, {"result": "network-error"})
    add("font", "acao-star-ignores-credentials-mode", "credentials mode same-origin: ACAO * with Allow-Credentials is fine",
        [entry(x, 200, F + ANY + [["Access-Control-Allow-Credentials", "true"]], body_base64=WOFF)], {"url": x}, {"result": "ok"})
    add("font", "redirect-cross-origin", "a font redirected across origins: the final hop's Origin is null, ACAO * passes",
        [entry(x, 302, ANY + [["Location", SSITE + "/f.woff"]]), entry(SSITE + "/f.woff", 200, F + ANY, body_base64=WOFF)], {"url": x},
        {"result": "ok", "sent": [sent("GET", x, origin=PAGE), sent("GET", SSITE + "/f.woff", origin="null")]})

# ---------------------------------------------------------------- media
# HTML media resource fetch: potential-CORS request, destination audio/video,
# Range: bytes=0-; ORB allows media bytes for a media element's request.
def media():
    s, x = SAME + "/a.wav", XSITE + "/a.wav"
    O = [["Content-Type", "audio/wav"]]
    add("media", "same-origin-audio", "html/semantics/embedded-content/media-elements: same-origin audio, Range bytes=0-",
        [entry(s, 200, O, body_base64=WAV)], {"url": "/a.wav"},
        {"result": "ok", "sent": [sent("GET", s, range="bytes=0-", sec_fetch_dest="audio", sec_fetch_mode="no-cors", sec_fetch_site="same-origin")]})
    add("media", "cross-origin-no-cors", "a cross-origin audio without crossorigin plays (no-cors)",
        [entry(x, 200, O, body_base64=WAV)], {"url": x},
        {"result": "ok", "sent": [sent("GET", x, origin=None, sec_fetch_mode="no-cors", sec_fetch_dest="audio")]})
    add("media", "cross-origin-anonymous-no-acao", "crossorigin=anonymous without ACAO fails",
        [entry(x, 200, O, body_base64=WAV)], {"url": x, "crossorigin": "anonymous"},
        {"result": "network-error", "sent": [sent("GET", x, origin=PAGE, sec_fetch_mode="cors")]})
    add("media", "cross-origin-anonymous-star", "crossorigin=anonymous with ACAO *",
        [entry(x, 200, O + ANY, body_base64=WAV)], {"url": x, "crossorigin": "anonymous"}, {"result": "ok"})
    add("media", "use-credentials-star", "crossorigin=use-credentials with ACAO * fails",
        [entry(x, 200, O + ANY, body_base64=WAV)], {"url": x, "crossorigin": "use-credentials"}, {"result": "network-error"})
    add("media", "video-destination", "<video>: destination video (an audio-only resource plays in a video element; no video bytes every browser here decodes fit a fixture)",
        [entry(XSITE + "/v.wav", 200, O, body_base64=WAV)],
        {"url": XSITE + "/v.wav", "destination": "video"},
        {"result": "ok", "sent": [sent("GET", XSITE + "/v.wav", sec_fetch_dest="video", range="bytes=0-")]})
    add("media", "status-404", "a 404 media resource fails",
        [entry(s, 404, O, body_base64=WAV)], {"url": s}, {"result": "network-error"})
    add("media", "not-media", "bytes that do not decode as audio fail",
        [entry(s, 200, O, "not audio")], {"url": s}, {"result": "network-error"})
    add("media", "cross-origin-html-blocked", "fetch/orb: a cross-origin text/html answer to a no-cors media request is blocked",
        [entry(x, 200, [["Content-Type", "text/html"]], "<!doctype html><p>")], {"url": x}, {"result": "network-error"})
    add("media", "mixed-content-upgraded", "mixed-content: an http audio URL from an https page is upgraded to https",
        [entry("https://api.b.test/a.wav", 200, O, body_base64=WAV)], {"url": "http://api.b.test/a.wav"},
        {"result": "ok", "sent": [sent("GET", "https://api.b.test/a.wav")]})

# ---------------------------------------------------------------- iframe
# HTML navigation: mode navigate, destination iframe, credentials include,
# no CORS; no user activation, so no Sec-Fetch-User.
def iframe():
    for name, url in [("same-origin", SAME + "/f.html"), ("same-site", SSITE + "/f.html"), ("cross-site", XSITE + "/f.html")]:
        add("iframe", name, f"fetch/metadata/generated/sec-fetch-*.sub.html (iframe): a {name} navigation",
            [entry(url, 200, [["Content-Type", "text/html"]], "<p>")], {"url": url},
            {"result": "ok", "sent": [sent("GET", url, origin=None, sec_fetch_mode="navigate", sec_fetch_dest="iframe",
                                           sec_fetch_site=site(url), sec_fetch_user=None)]})
    x = XSITE + "/f.html"
    add("iframe", "no-cors-check", "a cross-site document loads without any ACAO",
        [entry(x, 200, [["Content-Type", "text/html"]], "<p>")], {"url": x}, {"result": "ok"})
    add("iframe", "status-404-loads", "a 404 document still fires load",
        [entry(x, 404, [["Content-Type", "text/html"]], "no")], {"url": x}, {"result": "ok", "sent": [sent("GET", x)]})
    add("iframe", "redirect-cross-site", "a navigation follows a cross-site redirect; Sec-Fetch-Site is for the whole chain",
        [entry(SAME + "/r", 302, [["Location", x]]), entry(x, 200, [["Content-Type", "text/html"]], "<p>")], {"url": "/r"},
        {"result": "ok", "sent": [sent("GET", SAME + "/r", sec_fetch_site="same-origin"), sent("GET", x, sec_fetch_site="cross-site", origin=None)]})
    add("iframe", "accept-document", "navigation requests carry the document Accept value",
        [entry(x, 200, [["Content-Type", "text/html"]], "<p>")], {"url": x},
        {"result": "ok", "sent": [sent("GET", x, accept="text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")]})
    add("iframe", "referer-origin-only", "the default referrer policy strict-origin-when-cross-origin sends the origin to another site",
        [entry(x, 200, [["Content-Type", "text/html"]], "<p>")], {"url": x},
        {"result": "ok", "sent": [sent("GET", x, referer=PAGE + "/")]})

# ---------------------------------------------------------------- form
# HTML form submission into an iframe: navigation; GET mutates the query;
# POST sends the entry list in the enctype, with Origin.
def form():
    x = XSITE + "/submit"
    html = [["Content-Type", "text/html"]]
    add("form", "get-query", "html/semantics/forms/form-submission-0: GET replaces the query with the urlencoded fields",
        [entry(x + "?a=1&b=x+y", 200, html, "<p>")], {"method": "GET", "url": x, "form": [["a", "1"], ["b", "x y"]]},
        {"sent": [sent("GET", x + "?a=1&b=x+y", origin=None, sec_fetch_mode="navigate", sec_fetch_dest="iframe", sec_fetch_site="cross-site")]})
    add("form", "get-replaces-query", "GET submission drops the action URL's own query",
        [entry(x + "?a=1", 200, html, "<p>")], {"method": "GET", "url": x + "?old=1", "form": [["a", "1"]]},
        {"sent": [sent("GET", x + "?a=1")]})
    add("form", "post-urlencoded-cross-site", "fetch/metadata (form POST): Origin on a POST navigation, no CORS",
        [entry(x, 200, html, "<p>", method="POST")], {"method": "POST", "url": x, "form": [["a", "1"]]},
        {"sent": [sent("POST", x, origin=PAGE, content_type="application/x-www-form-urlencoded", sec_fetch_mode="navigate",
                       sec_fetch_dest="iframe", sec_fetch_site="cross-site", sec_fetch_user=None, access_control_request_method=None)]})
    add("form", "post-same-origin", "a same-origin POST navigation also carries Origin",
        [entry(SAME + "/submit", 200, html, "<p>", method="POST")], {"method": "POST", "url": "/submit", "form": [["a", "1"]]},
        {"sent": [sent("POST", SAME + "/submit", origin=PAGE, sec_fetch_site="same-origin")]})
    add("form", "post-multipart", "enctype multipart/form-data: the boundary is random",
        [entry(x, 200, html, "<p>", method="POST")], {"method": "POST", "url": x, "enctype": "multipart/form-data", "form": [["a", "1"]]},
        {"sent": [sent("POST", x, content_type="multipart/form-data; boundary=*", origin=PAGE)]})
    add("form", "post-text-plain", "enctype text/plain",
        [entry(x, 200, html, "<p>", method="POST")], {"method": "POST", "url": x, "enctype": "text/plain", "form": [["a", "1"]]},
        {"sent": [sent("POST", x, content_type="text/plain", content_length="5")]})
    add("form", "post-urlencoded-length", "the urlencoded body a=1&b=x+y is 9 bytes",
        [entry(x, 200, html, "<p>", method="POST")], {"method": "POST", "url": x, "form": [["a", "1"], ["b", "x y"]]},
        {"sent": [sent("POST", x, content_length="9")]})
    add("form", "put-is-get", "HTML maps any method but POST (and dialog) to GET",
        [entry(x + "?a=1", 200, html, "<p>")], {"method": "PUT", "url": x, "form": [["a", "1"]]},
        {"sent": [sent("GET", x + "?a=1")]})
    add("form", "post-303-becomes-get", "a 303 after a POST navigation is followed with GET",
        [entry(x, 303, [["Location", XSITE + "/done"]], method="POST"), entry(XSITE + "/done", 200, html, "<p>")],
        {"method": "POST", "url": x, "form": [["a", "1"]]},
        {"sent": [sent("POST", x, origin=PAGE), sent("GET", XSITE + "/done")]})
    add("form", "post-same-site", "a same-site POST navigation",
        [entry(SSITE + "/submit", 200, html, "<p>", method="POST")], {"method": "POST", "url": SSITE + "/submit", "form": [["a", "1"]]},
        {"sent": [sent("POST", SSITE + "/submit", origin=PAGE, sec_fetch_site="same-site")]})

# ================================================================ more rules
# A second pass over the same standards and suites (issue 16): one scenario
# per rule not covered above. Expectations are again the standards'.

def xhr_more():
    u, other = XSITE + "/data", SSITE + "/final"
    SAFE = [["Cache-Control", "no-cache"], ["Content-Language", "en"], ["Content-Type", "text/plain"],
            ["Expires", "0"], ["Last-Modified", "Tue, 01 Dec 2026 00:00:00 GMT"], ["Pragma", "no-cache"],
            ["X-Secret", "1"], ["Set-Cookie", "a=b"]]
    add("xhr", "safelisted-response-headers", "xhr/access-control-basic-cors-safelisted-response-headers (Fetch CORS-safelisted response-header names): a cors response shows only those (no X-Secret, no Set-Cookie)",
        [entry(u, 200, ANY + SAFE, "ok")], {"url": u},
        {"result": "ok", "status": 200,
         "visible_headers": ["cache-control", "content-language", "content-type", "expires", "last-modified", "pragma"]})
    add("xhr", "expose-headers-star", "Fetch: Access-Control-Expose-Headers * without credentials exposes every header but Set-Cookie",
        [entry(u, 200, ANY + [["Access-Control-Expose-Headers", "*"], ["Content-Type", "text/plain"], ["X-Secret", "1"], ["Set-Cookie", "a=b"]], "ok")],
        {"url": u}, {"result": "ok", "status": 200, "visible_headers": ["access-control-allow-origin", "access-control-expose-headers", "content-type", "x-secret"]})
    add("xhr", "expose-headers-star-credentials", "Fetch: with credentials, Access-Control-Expose-Headers * is the literal name *, so X-Secret stays hidden",
        [entry(u, 200, EXACT + [["Access-Control-Expose-Headers", "*"], ["Content-Type", "text/plain"], ["X-Secret", "1"]], "ok")],
        {"url": u, "with_credentials": True}, {"result": "ok", "status": 200, "visible_headers": ["content-type"]})
    add("xhr", "preflight-credentials-star", "xhr/access-control-preflight-credential-async: withCredentials and a custom header; a preflight answered with ACAO * fails (credentials mode include)",
        [entry(u, 204, ANY + [["Access-Control-Allow-Headers", "x-foo"]], method="OPTIONS"), entry(u, 200, ANY, "ok")],
        {"url": u, "headers": [["X-Foo", "1"]], "with_credentials": True},
        {"result": "network-error", "sent": [sent("OPTIONS", u, origin=PAGE, access_control_request_headers="x-foo", cookie=None)]})
    add("xhr", "preflight-allow-headers-star-credentials", "Fetch CORS-preflight fetch: with credentials, Access-Control-Allow-Headers * does not allow X-Foo",
        [entry(u, 204, EXACT + [["Access-Control-Allow-Headers", "*"]], method="OPTIONS"), entry(u, 200, EXACT, "ok")],
        {"url": u, "headers": [["X-Foo", "1"]], "with_credentials": True},
        {"result": "network-error", "sent": [sent("OPTIONS", u, access_control_request_headers="x-foo")]})
    add("xhr", "preflight-status-404", "xhr/access-control-preflight-request-invalid-status-400 (Fetch CORS-preflight fetch: an ok status): a 404 preflight answer fails even with ACAO",
        [entry(u, 404, ANY + [["Access-Control-Allow-Methods", "PUT"]], method="OPTIONS"), entry(u, 200, ANY, "ok", method="PUT")],
        {"method": "PUT", "url": u, "body": "x"},
        {"result": "network-error", "sent": [sent("OPTIONS", u, access_control_request_method="PUT")]})
    add("xhr", "preflight-method-not-allowed", "xhr/access-control-preflight-async-method-denied (Fetch CORS-preflight fetch): PUT is not in Access-Control-Allow-Methods POST, no PUT is sent",
        [entry(u, 204, ANY + [["Access-Control-Allow-Methods", "POST"]], method="OPTIONS"), entry(u, 200, ANY, "ok", method="PUT")],
        {"method": "PUT", "url": u, "body": "x"},
        {"result": "network-error", "sent": [sent("OPTIONS", u, access_control_request_method="PUT")]})
    add("xhr", "method-normalized", "XHR open(): the method put is normalized to PUT, which the preflight answer allows",
        [entry(u, 204, ANY + [["Access-Control-Allow-Methods", "PUT"]], method="OPTIONS"), entry(u, 200, ANY, "ok", method="PUT")],
        {"method": "put", "url": u, "body": "x"},
        {"result": "ok", "status": 200, "sent": [sent("OPTIONS", u, access_control_request_method="PUT"), sent("PUT", u, origin=PAGE)]})
    add("xhr", "redirect-without-acao", "Fetch HTTP fetch: a CORS request's redirect response must pass the CORS check too; a 302 without ACAO fails",
        [entry(u, 302, [["Location", other]]), entry(other, 200, ANY, "ok")], {"url": u},
        {"result": "network-error", "sent": [sent("GET", u, origin=PAGE)]})
    add("xhr", "redirect-credentials-origin-null", "xhr/access-control-and-redirects (Fetch redirect-taint): withCredentials across a second origin needs ACAO null with Allow-Credentials",
        [entry(u, 302, EXACT + [["Location", other]]),
         entry(other, 200, [["Access-Control-Allow-Origin", "null"], ["Access-Control-Allow-Credentials", "true"]], "ok")],
        {"url": u, "with_credentials": True},
        {"result": "ok", "status": 200, "sent": [sent("GET", u, origin=PAGE), sent("GET", other, origin="null")]})
    add("xhr", "redirect-back-to-page-origin", "Fetch: a cross-origin redirect back to the page's origin keeps CORS tainting; Origin null and no ACAO fails",
        [entry(u, 302, ANY + [["Location", SAME + "/back"]]), entry(SAME + "/back", 200, [["Content-Type", "text/plain"]], "ok")], {"url": u},
        {"result": "network-error", "sent": [sent("GET", u, origin=PAGE), sent("GET", SAME + "/back", origin="null")]})
    add("xhr", "mixed-content-blocked", "mixed-content (blockable request): an http: XHR from an https page never reaches the network",
        [entry("http://api.b.test/data", 200, ANY, "ok")], {"url": "http://api.b.test/data"},
        {"result": "network-error", "sent": []})
    add("xhr", "status-500-readable", "XHR: a CORS 500 still fires load, status 500",
        [entry(u, 500, ANY, "no")], {"url": u}, {"result": "ok", "status": 500})
    add("xhr", "multipart-content-type-simple", "Fetch CORS-safelisted request-header: Content-Type multipart/form-data needs no preflight",
        [entry(u, 200, ANY, "ok", method="POST")],
        {"method": "POST", "url": u, "headers": [["Content-Type", "multipart/form-data"]], "body": "x"},
        {"result": "ok", "status": 200, "sent": [sent("POST", u, content_type="multipart/form-data", access_control_request_method=None)]})

def eventsource_more():
    ev = [["Content-Type", "text/event-stream"]]
    s, x = SAME + "/events", XSITE + "/events"
    add("eventsource", "mime-upper-case", "HTML server-sent events: the MIME type's essence is compared after parsing, TEXT/EVENT-STREAM opens",
        [entry(s, 200, [["Content-Type", "TEXT/EVENT-STREAM"]], "data: 1\n\n")], {"url": s}, {"result": "ok"})
    add("eventsource", "redirect-cross-origin-no-acao", "eventsource/request-redirect + eventsource-cross-origin: a redirect to a cross-origin stream without ACAO fails",
        [entry(s, 302, [["Location", x]]), entry(x, 200, ev, "data: 1\n\n")], {"url": s},
        {"result": "network-error", "sent": [sent("GET", s), sent("GET", x, origin=PAGE)]})
    add("eventsource", "credentials-no-acac", "eventsource/request-credentials: withCredentials with the exact origin but no Access-Control-Allow-Credentials fails",
        [entry(x, 200, ev + [["Access-Control-Allow-Origin", PAGE]], "data: 1\n\n")], {"url": x, "with_credentials": True},
        {"result": "network-error"})
    add("eventsource", "mixed-content-blocked", "mixed-content: an http: event stream from an https page is blocked",
        [entry("http://api.b.test/events", 200, ev + ANY, "data: 1\n\n")], {"url": "http://api.b.test/events"},
        {"result": "network-error", "sent": []})
    add("eventsource", "same-site-exact", "a same-site stream with the exact origin opens; Sec-Fetch-Site same-site",
        [entry(SSITE + "/events", 200, ev + [["Access-Control-Allow-Origin", PAGE]], "data: 1\n\n")], {"url": SSITE + "/events"},
        {"result": "ok", "sent": [sent("GET", SSITE + "/events", origin=PAGE, sec_fetch_site="same-site", sec_fetch_mode="cors")]})

def beacon_more():
    x = XSITE + "/log"
    add("beacon", "blob-octet-stream-preflight", "beacon/beacon-cors: a Blob of type application/octet-stream is not CORS-safelisted; the failed preflight is all that is sent",
        [entry(x, 204, [], method="OPTIONS")], {"url": x, "body": "a", "body_type": "application/octet-stream"},
        {"result": "ok", "sent": [sent("OPTIONS", x, access_control_request_method="POST", access_control_request_headers="content-type")]})
    add("beacon", "blob-json-preflight-star", "beacon: credentials mode include, so a preflight answered with ACAO * fails and nothing is posted",
        [entry(x, 204, ANY + [["Access-Control-Allow-Headers", "content-type"]], method="OPTIONS"), entry(x, 204, ANY, method="POST")],
        {"url": x, "body": "{}", "body_type": "application/json"},
        {"result": "ok", "sent": [sent("OPTIONS", x, access_control_request_headers="content-type")]})
    add("beacon", "blob-multipart", "a Blob of type multipart/form-data is CORS-safelisted: no-cors, no preflight",
        [entry(x, 204, [], method="POST")], {"url": x, "body": "a", "body_type": "multipart/form-data"},
        {"result": "ok", "sent": [sent("POST", x, content_type="multipart/form-data", sec_fetch_mode="no-cors")]})
    add("beacon", "same-site", "fetch/metadata: a same-site beacon, Sec-Fetch-Site same-site",
        [entry(SSITE + "/log", 204, [], method="POST")], {"url": SSITE + "/log", "body": "a"},
        {"result": "ok", "sent": [sent("POST", SSITE + "/log", origin=PAGE, sec_fetch_site="same-site", sec_fetch_mode="no-cors")]})

def websocket_more():
    add("websocket", "same-site-open", "fetch/metadata (websocket): a same-site handshake, Sec-Fetch-Site same-site",
        [entry("wss://cdn.a.test/ws", 101, [])], {"url": "wss://cdn.a.test/ws"},
        {"result": "ok", "sent": [sent("GET", "wss://cdn.a.test/ws", origin=PAGE, sec_fetch_site="same-site")]})
    add("websocket", "http-url-mixed-content", "WebSockets constructor (URL steps): http becomes ws, which an https page may not open",
        [entry("ws://api.b.test/ws", 101, [])], {"url": "http://api.b.test/ws"}, {"result": "network-error", "sent": []})
    add("websocket", "wss-from-http-page", "fetch/metadata: wss: from an http page is a potentially trustworthy URL, so the handshake carries Sec-Fetch-Site cross-site",
        [entry("wss://api.b.test/ws", 101, [])], {"url": "wss://api.b.test/ws"},
        {"result": "ok", "sent": [sent("GET", "wss://api.b.test/ws", origin="http://app.a.test", sec_fetch_site="cross-site")]},
        page="http://app.a.test")

def modules_more(api):
    s, x = SAME + "/m.js", XSITE + "/m.js"
    kind = "<script type=module>" if api == "module" else "import()"
    add(api, "ecmascript-mime", f"{kind}: text/ecmascript is a JavaScript MIME type (MIME Sniffing's list)",
        [entry(s, 200, [["Content-Type", "text/ecmascript"]], "export default 1;")], {"url": s}, {"result": "ok"})
    add(api, "json-mime", f"{kind}: application/json is not a JavaScript MIME type (no import type), the script fails",
        [entry(s, 200, [["Content-Type", "application/json"]], "export default 1;")], {"url": s}, {"result": "network-error"})
    add(api, "redirect-cross-origin-null", f"{kind} redirected to a third origin: Origin null on the second hop, ACAO * on both passes",
        [entry(x, 302, ANY + [["Location", SSITE + "/m.js"]]), entry(SSITE + "/m.js", 200, JS + ANY, "export default 1;")], {"url": x},
        {"result": "ok", "sent": [sent("GET", x, origin=PAGE), sent("GET", SSITE + "/m.js", origin="null", sec_fetch_mode="cors")]})
    add(api, "redirect-to-cross-origin-no-acao", f"{kind}: a same-origin URL redirected to another origin without ACAO fails",
        [entry(s, 302, [["Location", x]]), entry(x, 200, JS, "export default 1;")], {"url": s},
        {"result": "network-error", "sent": [sent("GET", s, origin=None), sent("GET", x, origin=PAGE)]})

def workers_more(api):
    s = SAME + "/w.js"
    body = "onconnect = e => e.ports[0].postMessage(1);" if api == "shared-worker" else "postMessage(1);"
    add(api, "ecmascript-mime", f"workers/ strict MIME: a {api} script served as text/ecmascript (a JavaScript MIME type) runs",
        [entry(s, 200, [["Content-Type", "text/ecmascript"]], body)], {"url": s}, {"result": "ok"})
    add(api, "json-mime", f"a {api} script served as application/json fails (not a JavaScript MIME type)",
        [entry(s, 200, [["Content-Type", "application/json"]], body)], {"url": s}, {"result": "network-error"})
    add(api, "http-page-no-metadata", f"fetch/metadata: a {api} script from an http page (not potentially trustworthy) carries no Sec-Fetch-* headers",
        [entry("http://app.a.test/w.js", 200, JS, body)], {"url": "/w.js"},
        {"result": "ok", "sent": [sent("GET", "http://app.a.test/w.js", sec_fetch_mode=None, sec_fetch_dest=None, sec_fetch_site=None)]},
        page="http://app.a.test")
    add(api, "status-500", f"a {api} script answering 500 fails (not an ok status)",
        [entry(s, 500, JS, body)], {"url": s}, {"result": "network-error"})

def font_more():
    s, x = SAME + "/f.woff", XSITE + "/f.woff"
    F = [["Content-Type", "font/woff"]]
    add("font", "octet-stream-mime", "CSS Fonts: no MIME check for fonts; a WOFF served as application/octet-stream with ACAO * loads",
        [entry(x, 200, ANY + [["Content-Type", "application/octet-stream"]], body_base64=WOFF)], {"url": x}, {"result": "ok"})
    add("font", "acao-trailing-slash", "Fetch CORS check: ACAO https://app.a.test/ is not byte-equal to the origin, the font fails",
        [entry(x, 200, F + [["Access-Control-Allow-Origin", PAGE + "/"]], body_base64=WOFF)], {"url": x}, {"result": "network-error"})
    add("font", "redirect-to-cross-origin-no-acao", "a same-origin font URL redirected to a CDN without ACAO fails",
        [entry(s, 302, [["Location", x]]), entry(x, 200, F, body_base64=WOFF)], {"url": s},
        {"result": "network-error", "sent": [sent("GET", s, origin=None), sent("GET", x, origin=PAGE, sec_fetch_dest="font")]})
    add("font", "mixed-content-blocked", "mixed-content: a font is a blockable request; http: from an https page never reaches the network",
        [entry("http://api.b.test/f.woff", 200, F + ANY, body_base64=WOFF)], {"url": "http://api.b.test/f.woff"},
        {"result": "network-error", "sent": []})

def media_more():
    s, x = SAME + "/a.wav", XSITE + "/a.wav"
    O = [["Content-Type", "audio/wav"]]
    add("media", "use-credentials-exact", "crossorigin=use-credentials with the exact origin and Allow-Credentials plays",
        [entry(x, 200, O + EXACT, body_base64=WAV)], {"url": x, "crossorigin": "use-credentials"},
        {"result": "ok", "sent": [sent("GET", x, origin=PAGE, sec_fetch_mode="cors")]})
    add("media", "octet-stream-sniffed", "fetch/orb: a cross-origin no-cors WAV labelled application/octet-stream passes ORB (audio sniffing) and plays",
        [entry(x, 200, [["Content-Type", "application/octet-stream"]], body_base64=WAV)], {"url": x}, {"result": "ok"})
    add("media", "same-site-no-cors", "fetch/metadata: a same-site audio, Sec-Fetch-Site same-site, mode no-cors",
        [entry(SSITE + "/a.wav", 200, O, body_base64=WAV)], {"url": SSITE + "/a.wav"},
        {"result": "ok", "sent": [sent("GET", SSITE + "/a.wav", sec_fetch_site="same-site", sec_fetch_mode="no-cors", origin=None)]})
    add("media", "redirect-cross-origin-no-cors", "a no-cors audio redirected to another site plays (no CORS check)",
        [entry(s, 302, [["Location", x]]), entry(x, 200, O, body_base64=WAV)], {"url": s},
        {"result": "ok", "sent": [sent("GET", s), sent("GET", x, origin=None)]})

def iframe_more():
    x, h = XSITE + "/f.html", [["Content-Type", "text/html"]]
    add("iframe", "cross-site-redirect-back", "fetch/metadata/redirect: same-origin -> cross-site -> same-origin; Sec-Fetch-Site stays cross-site for the chain",
        [entry(SAME + "/r", 302, [["Location", XSITE + "/r2"]]), entry(XSITE + "/r2", 302, [["Location", SAME + "/f.html"]]),
         entry(SAME + "/f.html", 200, h, "<p>")], {"url": "/r"},
        {"result": "ok", "sent": [sent("GET", SAME + "/r", sec_fetch_site="same-origin"), sent("GET", XSITE + "/r2", sec_fetch_site="cross-site"),
                                  sent("GET", SAME + "/f.html", sec_fetch_site="cross-site")]})
    add("iframe", "same-site-redirect-back", "fetch/metadata/redirect: same-origin -> same-site -> same-origin; the last hop is same-site",
        [entry(SAME + "/r", 302, [["Location", SSITE + "/r2"]]), entry(SSITE + "/r2", 302, [["Location", SAME + "/f.html"]]),
         entry(SAME + "/f.html", 200, h, "<p>")], {"url": "/r"},
        {"result": "ok", "sent": [sent("GET", SAME + "/r"), sent("GET", SSITE + "/r2", sec_fetch_site="same-site"),
                                  sent("GET", SAME + "/f.html", sec_fetch_site="same-site")]})
    add("iframe", "status-500-loads", "a 500 document still fires load",
        [entry(x, 500, h, "no")], {"url": x}, {"result": "ok", "sent": [sent("GET", x, sec_fetch_dest="iframe")]})
    add("iframe", "x-frame-options-deny-loads", "a document refused by X-Frame-Options still fires load on the iframe (an error document); the request is made",
        [entry(x, 200, h + [["X-Frame-Options", "DENY"]], "<p>")], {"url": x},
        {"result": "ok", "sent": [sent("GET", x, sec_fetch_mode="navigate")]})
    add("iframe", "redirect-307-stays-get", "a 307 on a GET navigation is followed with GET",
        [entry(XSITE + "/r", 307, [["Location", x]]), entry(x, 200, h, "<p>")], {"url": XSITE + "/r"},
        {"result": "ok", "sent": [sent("GET", XSITE + "/r"), sent("GET", x, sec_fetch_dest="iframe")]})
    add("iframe", "same-site-referer-origin-only", "Referrer Policy strict-origin-when-cross-origin: a same-site but cross-origin document gets the origin only",
        [entry(SSITE + "/f.html", 200, h, "<p>")], {"url": SSITE + "/f.html"},
        {"result": "ok", "sent": [sent("GET", SSITE + "/f.html", referer=PAGE + "/", sec_fetch_site="same-site")]})

def form_more():
    x, html = XSITE + "/submit", [["Content-Type", "text/html"]]
    add("form", "post-307-keeps-origin", "Fetch HTTP-redirect fetch: a 307 keeps POST and its body; the first hop was same-origin, so Origin stays the page's (Chromium and WebKit send null: initiators.navigation_origin_null_after_cross_origin_redirect)",
        [entry(SAME + "/submit", 307, [["Location", x]], method="POST"), entry(x, 200, html, "<p>", method="POST")],
        {"method": "POST", "url": "/submit", "form": [["a", "1"]]},
        {"sent": [sent("POST", SAME + "/submit", origin=PAGE), sent("POST", x, origin=PAGE, content_type="application/x-www-form-urlencoded", content_length="3", sec_fetch_site="cross-site")]})
    add("form", "post-302-becomes-get-no-origin", "Fetch HTTP-redirect fetch: a 302 after POST is followed with GET, no body, and a GET navigation carries no Origin",
        [entry(x, 302, [["Location", XSITE + "/done"]], method="POST"), entry(XSITE + "/done", 200, html, "<p>")],
        {"method": "POST", "url": x, "form": [["a", "1"]]},
        {"sent": [sent("POST", x, origin=PAGE), sent("GET", XSITE + "/done", origin=None, content_type=None)]})
    add("form", "get-urlencoded-escapes", "URL application/x-www-form-urlencoded serializer: space is +, & and = and non-ASCII are percent-encoded",
        [entry(x + "?q=a+b%26c%3Dd&e=%C3%A9", 200, html, "<p>")], {"method": "GET", "url": x, "form": [["q", "a b&c=d"], ["e", "\u00e9"]]},
        {"sent": [sent("GET", x + "?q=a+b%26c%3Dd&e=%C3%A9")]})
    add("form", "post-text-plain-two-fields", "HTML text/plain encoding: name=value, each followed by CRLF (10 bytes for two fields)",
        [entry(x, 200, html, "<p>", method="POST")], {"method": "POST", "url": x, "enctype": "text/plain", "form": [["a", "1"], ["b", "2"]]},
        {"sent": [sent("POST", x, content_type="text/plain", content_length="10")]})
    add("form", "get-same-site", "form-submission-0 + fetch/metadata: a same-site GET submission, no Origin",
        [entry(SSITE + "/submit?a=1", 200, html, "<p>")], {"method": "GET", "url": SSITE + "/submit", "form": [["a", "1"]]},
        {"sent": [sent("GET", SSITE + "/submit?a=1", origin=None, sec_fetch_site="same-site", sec_fetch_mode="navigate")]})
    add("form", "post-unknown-enctype", "HTML: an enctype keyword that is not one of the three falls back to application/x-www-form-urlencoded",
        [entry(x, 200, html, "<p>", method="POST")], {"method": "POST", "url": x, "enctype": "application/json", "form": [["a", "1"]]},
        {"sent": [sent("POST", x, content_type="application/x-www-form-urlencoded", content_length="3")]})

xhr(); eventsource(); beacon(); websocket()
modules("module"); modules("import")
for w in ["worker", "module-worker", "shared-worker"]:
    workers(w)
font(); media(); iframe(); form()
xhr_more(); eventsource_more(); beacon_more(); websocket_more()
modules_more("module"); modules_more("import")
for w in ["worker", "module-worker", "shared-worker"]:
    workers_more(w)
font_more(); media_more(); iframe_more(); form_more()

total = 0
for api, scenarios in out.items():
    d = os.path.join(ROOT, f"api-{api}")
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)
    for s in scenarios:
        with open(os.path.join(d, s["id"] + ".json"), "w") as f:
            json.dump(s, f, indent=2)
            f.write("\n")
    total += len(scenarios)
    print(f"api-{api}: {len(scenarios)}")
print("total", total)
