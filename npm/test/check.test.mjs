// check() per browser gives exactly the object `xorigin check --json`
// prints for the same request and answers.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { check, BROWSERS } from "../index.js";
import { cli } from "./helpers.mjs";

const scratch = mkdtempSync(join(tmpdir(), "xorigin-npm-"));
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));

const redirects = [
  { method: "GET", url: "https://api.b.test/old", status: 301,
    headers: [["Location", "https://api.c.test/new"], ["Access-Control-Allow-Origin", "*"]] },
  { method: "GET", url: "https://api.c.test/new", status: 200,
    headers: [["Access-Control-Allow-Origin", "*"]] },
];
const serverFile = join(scratch, "server.json");
writeFileSync(serverFile, JSON.stringify(redirects));

// Each case: the check() input and the same request as command-line flags.
const cases = [
  {
    name: "a simple GET the server does not allow",
    input: { url: "https://api.b.test/x", origin: "https://app.a.test" },
    flags: ["https://api.b.test/x", "--origin", "https://app.a.test"],
  },
  {
    name: "a JSON PUT whose preflight allows the origin but not the method",
    input: {
      url: "https://api.b.test/items", origin: "https://app.a.test", method: "PUT",
      headers: { "Content-Type": "application/json" },
      preflight: { status: 204, headers: [["Access-Control-Allow-Origin", "https://app.a.test"],
                                          ["Access-Control-Allow-Headers", "content-type"]] },
      response: { headers: { "Access-Control-Allow-Origin": "https://app.a.test" } },
    },
    flags: ["https://api.b.test/items", "--origin", "https://app.a.test", "-X", "PUT",
            "-H", "Content-Type: application/json",
            "--preflight-status", "204",
            "--preflight-header", "Access-Control-Allow-Origin: https://app.a.test",
            "--preflight-header", "Access-Control-Allow-Headers: content-type",
            "--response-header", "Access-Control-Allow-Origin: https://app.a.test"],
  },
  {
    name: "a credentialed GET against `*`",
    input: {
      url: "https://api.b.test/me", origin: "https://app.a.test", credentials: "include",
      response: { status: 200, headers: new Headers({ "Access-Control-Allow-Origin": "*" }) },
    },
    flags: ["https://api.b.test/me", "--origin", "https://app.a.test", "--credentials", "include",
            // A `Headers` object lowercases the names.
            "--response-header", "access-control-allow-origin: *"],
  },
  {
    name: "an image in a page that requires CORP",
    input: {
      url: "https://cdn.b.test/logo.png", origin: "https://app.a.test", destination: "image",
      pageHeaders: [["Cross-Origin-Embedder-Policy", "require-corp"]],
      response: { headers: { "Content-Type": "image/png" } },
    },
    flags: ["https://cdn.b.test/logo.png", "--origin", "https://app.a.test", "--destination", "image",
            "--page-header", "Cross-Origin-Embedder-Policy: require-corp",
            "--response-header", "Content-Type: image/png"],
  },
  {
    name: "a redirect to another origin, from the server's entries",
    input: { url: "https://api.b.test/old", origin: "https://app.a.test", server: redirects, redirect: "follow" },
    flags: ["https://api.b.test/old", "--origin", "https://app.a.test", "--server", serverFile],
  },
];

for (const c of cases) {
  for (const browser of [undefined, ...BROWSERS]) {
    test(`${c.name}, ${browser ?? "every browser"}: the command line's report`, () => {
      const ours = check({ ...c.input, browser });
      const theirs = cli("check", ...c.flags, ...(browser ? ["--browser", browser] : []), "--json");
      assert.deepStrictEqual(ours, theirs);
      if (browser === undefined) {
        assert.equal(ours.verdicts.length, 3);
      } else {
        assert.equal(ours.browser, browser);
        assert.equal(ours.verdicts, undefined);
      }
    });
  }
}

test("the fixed answers are the command line's defaults when absent", () => {
  const bare = check({ url: "https://api.b.test/x", origin: "https://app.a.test", method: "DELETE" });
  const explicit = check({
    url: "https://api.b.test/x", origin: "https://app.a.test", method: "DELETE",
    preflight: { status: 204 }, response: { status: 200 },
  });
  assert.deepStrictEqual(bare, explicit);
  assert.deepStrictEqual(bare.blocked_in, ["chromium", "firefox", "webkit"]);
});

test("page_headers and pageHeaders are one field", () => {
  const base = { url: "https://cdn.b.test/a.png", origin: "https://app.a.test", destination: "image" };
  const coep = [["Cross-Origin-Embedder-Policy", "require-corp"]];
  assert.deepStrictEqual(check({ ...base, pageHeaders: coep }), check({ ...base, page_headers: coep }));
});
