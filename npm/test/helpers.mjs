// Shared by the tests: where the native command line is, and the fixture
// corpus in the order the command line reads it.

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const FIXTURES = join(ROOT, "spec-fixtures");

/**
 * The release build of the Rust command line (`cargo build --release`), or
 * XORIGIN_BIN. The goldens are made by it in the test run, so a missing
 * binary fails the tests rather than skipping them.
 */
export function xoriginBin() {
  const target = process.env.CARGO_TARGET_DIR ?? join(ROOT, "target");
  const bin = process.env.XORIGIN_BIN ?? join(target, "release", "xorigin");
  if (!existsSync(bin)) {
    throw new Error(`${bin} is missing: build it with \`cargo build --release\` (or set XORIGIN_BIN)`);
  }
  return bin;
}

/**
 * Runs the command line; its standard output parsed as JSON. Exit status 1
 * is a verdict (`check`: blocked somewhere), not a failure.
 */
export function cli(...args) {
  const run = spawnSync(xoriginBin(), args, { maxBuffer: 1 << 30, encoding: "utf8" });
  if (run.error) throw run.error;
  if (run.status !== 0 && run.status !== 1) {
    throw new Error(`xorigin ${args.join(" ")}: exit ${run.status}: ${run.stderr}`);
  }
  return JSON.parse(run.stdout);
}

// Rust's `Path` order: component by component, each by its bytes.
function byComponents(a, b) {
  const x = a.split(sep);
  const y = b.split(sep);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const c = Buffer.compare(Buffer.from(x[i]), Buffer.from(y[i]));
    if (c !== 0) return c;
  }
  return x.length - y.length;
}

/** Every `*.json` file under spec-fixtures/, in the command line's order. */
export function fixtureFiles() {
  const files = [];
  const stack = [FIXTURES];
  while (stack.length > 0) {
    const dir = stack.pop();
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) stack.push(path);
      else if (entry.name.endsWith(".json")) files.push(path);
    }
  }
  return files.sort(byComponents);
}

export function readText(path) {
  return readFileSync(path, "utf8");
}
