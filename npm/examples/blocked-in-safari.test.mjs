// What a front-end developer writes beside their components' tests: "this
// fetch from my app's origin would be blocked in Safari". Written with
// node:test and node:assert so it runs with no download; with Vitest or Jest
// the body is the same with `expect(...)`:
//
//   import { check } from "xorigin";
//   test("the avatar upload is blocked in Safari", () => {
//     const report = check({ ...upload, browser: "webkit" });
//     expect(report.verdict).toBe("blocked");
//   });
//
// Run: node --test examples/

import { test } from "node:test";
import assert from "node:assert/strict";
import { check } from "xorigin";

// The app at https://app.example.com uploads an avatar to the API with a
// JSON body and the session cookie; the API's CORS middleware answers the
// preflight with a wildcard origin, which a credentialed request cannot use.
const upload = {
  url: "https://api.example.com/me/avatar",
  origin: "https://app.example.com",
  method: "PUT",
  credentials: "include",
  headers: { "Content-Type": "application/json" },
  preflight: {
    status: 204,
    headers: {
      "Access-Control-Allow-Origin": "*",
      "Access-Control-Allow-Methods": "PUT",
      "Access-Control-Allow-Headers": "Content-Type",
    },
  },
  response: { status: 200, headers: { "Access-Control-Allow-Origin": "*" } },
};

test("the avatar upload from my app's origin is blocked in Safari", () => {
  const report = check({ ...upload, browser: "webkit" });
  assert.equal(report.verdict, "blocked");
  assert.equal(report.failed_on, "preflight");
  // What Safari prints in its console, and what to change on the server.
  const safari = report.browsers.find((b) => b.browser === "webkit");
  assert.match(safari.console[0], /Cannot use wildcard in Access-Control-Allow-Origin/);
  assert.equal(report.fix.header, "Access-Control-Allow-Origin");
});

test("... and in every browser, until the API echoes the origin", () => {
  assert.deepEqual(check(upload).blocked_in, ["chromium", "firefox", "webkit"]);

  const fixed = structuredClone(upload);
  fixed.preflight.headers["Access-Control-Allow-Origin"] = "https://app.example.com";
  fixed.preflight.headers["Access-Control-Allow-Credentials"] = "true";
  fixed.response.headers = {
    "Access-Control-Allow-Origin": "https://app.example.com",
    "Access-Control-Allow-Credentials": "true",
  };
  const report = check(fixed);
  assert.deepEqual(report.blocked_in, []);
  assert.equal(report.verdict, "allowed");
});
