// Bad input is an XoriginError of the right kind, naming what was wrong,
// for each kind.

import { test } from "node:test";
import assert from "node:assert/strict";
import { simulate, check, isBrowser, XoriginError } from "../index.js";

const scenario = {
  id: "simple-get",
  client: { origin: "https://app.a.test" },
  server: [{ method: "GET", url: "https://api.b.test/x", status: 200,
             headers: [["Access-Control-Allow-Origin", "*"]] }],
  fetches: [{ request: { url: "https://api.b.test/x" } }],
};
const request = { url: "https://api.b.test/x", origin: "https://app.a.test" };

function throwsKind(f, kind, names = "") {
  assert.throws(f, (e) => {
    assert.ok(e instanceof XoriginError, `${e} is an XoriginError`);
    assert.ok(e instanceof Error);
    assert.equal(e.name, "XoriginError");
    assert.equal(e.kind, kind, e.message);
    assert.ok(e.message.includes(names), `${e.message} names ${names}`);
    return true;
  });
}

test("a good scenario runs (the cases below fail for their own reason)", () => {
  assert.equal(simulate(scenario).fetches[0].expect.result, "ok");
  assert.equal(check(request).verdict, "blocked");
});

test("invalid-json: not JSON, not an object, a wrong field", () => {
  throwsKind(() => simulate("{ not json"), "invalid-json");
  throwsKind(() => simulate(42), "invalid-json", "scenario");
  throwsKind(() => simulate(null), "invalid-json", "scenario");
  throwsKind(() => simulate({ ...scenario, fetches: "none" }), "invalid-json");
  throwsKind(() => check({ url: "https://api.b.test/x" }), "invalid-json", "origin");
  throwsKind(() => check({ ...request, mode: "sideways" }), "invalid-json", "mode");
  throwsKind(() => check({ ...request, hedaers: [] }), "invalid-json", "hedaers");
  throwsKind(() => check({ ...request, headers: { "X-A": 1 } }), "invalid-json", "headers");
  throwsKind(() => check({ ...request, server: [], response: {} }), "invalid-json", "server");
  throwsKind(() => check({ ...request, pageHeaders: [], page_headers: [] }), "invalid-json", "pageHeaders");
  throwsKind(() => check("https://api.b.test/x"), "invalid-json");
});

test("invalid-scenario: JSON of the right shape that cannot run", () => {
  throwsKind(() => simulate({ ...scenario, client: { origin: "not an origin" } }), "invalid-scenario", "not an origin");
  throwsKind(
    () => simulate({ ...scenario, server: [{ ...scenario.server[0], url: "http://[::1" }] }),
    "invalid-scenario",
  );
});

test("invalid-request: a request fetch() could not make", () => {
  throwsKind(() => check({ ...request, url: "http://[::1" }), "invalid-request");
  throwsKind(() => check({ ...request, method: "BAD METHOD" }), "invalid-request");
});

test("unknown-browser: a name without a profile", () => {
  throwsKind(() => simulate(scenario, "safari"), "unknown-browser", "safari");
  throwsKind(() => simulate(scenario, 3), "unknown-browser");
  throwsKind(() => check({ ...request, browser: "ie" }), "unknown-browser", "ie");
  assert.equal(isBrowser("webkit"), true);
  assert.equal(isBrowser("safari"), false);
});
