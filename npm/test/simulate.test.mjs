// Every fixture of spec-fixtures/ through simulate() under each profile
// gives exactly the object the native `xorigin simulate --browser B --json`
// prints for it (the goldens are made by the release binary in this run).

import { test } from "node:test";
import assert from "node:assert/strict";
import { simulate, BROWSERS } from "../index.js";
import { cli, fixtureFiles, readText, FIXTURES } from "./helpers.mjs";

const files = fixtureFiles();

test("the corpus is there", () => {
  assert.ok(files.length >= 500, `${files.length} fixtures under ${FIXTURES}`);
});

for (const browser of BROWSERS) {
  test(`every fixture under ${browser} is the native command line's output`, () => {
    const golden = cli("simulate", "--browser", browser, "--json", ...files);
    assert.equal(golden.length, files.length, "one scenario per file");
    let differing = [];
    files.forEach((file, i) => {
      const ours = simulate(readText(file), browser);
      assert.equal(ours.id, golden[i].id, `${file}: scenarios in the same order`);
      try {
        assert.deepStrictEqual(ours, golden[i]);
      } catch {
        differing.push(file);
      }
    });
    assert.deepStrictEqual(differing, [], `${differing.length} fixtures differ from the native output`);
  });
}

test("an object and its JSON text give the same result", () => {
  const file = files[0];
  const text = readText(file);
  assert.deepStrictEqual(simulate(JSON.parse(text), "firefox"), simulate(text, "firefox"));
});

test("the default browser is chromium, whatever the scenario names", () => {
  const scenario = JSON.parse(readText(files[0]));
  scenario.browser = "firefox";
  const viaDefault = simulate(scenario);
  assert.deepStrictEqual(viaDefault, simulate(scenario, "chromium"));
});
