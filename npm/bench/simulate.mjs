// The per-call cost of simulate() against the native command line, on the
// fixture corpus under each of the four profiles. Wall time on a shared
// machine: a figure for the README, not a test.
//
//   node bench/simulate.mjs        (after `sh build.sh` and `cargo build --release`)

import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { fixtureFiles, readText, xoriginBin } from "../test/helpers.mjs";

const loadStart = performance.now();
const { simulate, BROWSERS } = await import("../index.js");
const load = performance.now() - loadStart;

const corpus = fixtureFiles();
const texts = corpus.map(readText);
const calls = texts.length * BROWSERS.length;
const bin = xoriginBin();

// In process: the warm-up pass compiles the hot paths, the second is timed.
for (const b of BROWSERS) for (const t of texts) simulate(t, b);
let start = performance.now();
for (const b of BROWSERS) for (const t of texts) simulate(t, b);
const wasm = (performance.now() - start) / calls;

// The command line, one process per profile over the whole corpus.
start = performance.now();
for (const b of BROWSERS) execFileSync(bin, ["simulate", "--browser", b, "--json", ...corpus], { maxBuffer: 1 << 30 });
const batch = (performance.now() - start) / calls;

// The command line, one process per scenario (what a test suite shelling
// out to it would pay), on the first 100 fixtures under chromium.
const files = corpus.slice(0, 100);
start = performance.now();
for (const f of files) execFileSync(bin, ["simulate", "--browser", "chromium", "--json", f]);
const perProcess = (performance.now() - start) / files.length;

const us = (ms) => `${(ms * 1000).toFixed(0)} µs`;
console.log(`${texts.length} fixtures × ${BROWSERS.length} profiles = ${calls} calls`);
console.log(`module load (compile + instantiate the .wasm): ${load.toFixed(1)} ms`);
console.log(`simulate() in Node (wasm), per call:           ${us(wasm)}`);
console.log(`native CLI, one process per profile, per scenario: ${us(batch)}`);
console.log(`native CLI, one process per scenario:          ${us(perProcess)}`);
