// The per-call cost of simulate() against the native command line, on the
// fixture corpus under each of the four profiles: wall time and CPU time
// (the CPU time is the steadier figure on a machine shared with other
// builds). A figure for the README, not a test.
//
//   node bench/simulate.mjs        (after `sh build.sh` and `cargo build --release`)

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fixtureFiles, readText, xoriginBin } from "../test/helpers.mjs";

const loadStart = performance.now();
const { simulate, BROWSERS } = await import("../index.js");
const load = performance.now() - loadStart;

const corpus = fixtureFiles();
const texts = corpus.map(readText);
const calls = texts.length * BROWSERS.length;
const bin = xoriginBin();

// Runs `xorigin args` once per list of arguments under bash, which reports
// its children's CPU time (`times`); wall and CPU milliseconds.
function native(runs) {
  const script = runs.map((args) => `"$1" ${args.map((a) => `'${a}'`).join(" ")} >/dev/null`).join("\n");
  const dir = mkdtempSync(join(tmpdir(), "xorigin-bench-"));
  const file = join(dir, "run.sh");
  writeFileSync(file, `${script}\ntimes\n`);
  const start = performance.now();
  const out = spawnSync("bash", [file, bin], { encoding: "utf8", maxBuffer: 1 << 30 });
  const wall = performance.now() - start;
  rmSync(dir, { recursive: true, force: true });
  if (out.status !== 0) throw new Error(`${out.error ?? ""} ${out.stderr}`);
  // The second line of `times`: the children's user and system time, `0m0.123s 0m0.045s`.
  const seconds = out.stdout.trim().split("\n")[1].split(/\s+/).map((t) => {
    const [, m, s] = t.match(/(\d+)m([\d.]+)s/);
    return Number(m) * 60 + Number(s);
  });
  return { wall, cpu: (seconds[0] + seconds[1]) * 1000 };
}

// In process: a warm-up pass, then the timed one.
for (const b of BROWSERS) for (const t of texts) simulate(t, b);
const cpu0 = process.cpuUsage();
const start = performance.now();
for (const b of BROWSERS) for (const t of texts) simulate(t, b);
const wasmWall = (performance.now() - start) / calls;
const used = process.cpuUsage(cpu0);
const wasmCpu = (used.user + used.system) / 1000 / calls;

// The command line, one process per profile over the whole corpus.
const batch = native(BROWSERS.map((b) => ["simulate", "--browser", b, "--json", ...corpus]));

// The command line, one process per scenario (what a test suite shelling
// out to it pays), on the first 100 fixtures under chromium.
const some = corpus.slice(0, 100);
const each = native(some.map((f) => ["simulate", "--browser", "chromium", "--json", f]));

const us = (ms) => `${(ms * 1000).toFixed(0)} µs`;
console.log(`${texts.length} fixtures × ${BROWSERS.length} profiles = ${calls} calls`);
console.log(`module load (compile + instantiate the .wasm):      ${load.toFixed(1)} ms`);
console.log(`simulate() in Node (wasm), per call:                wall ${us(wasmWall)}, CPU ${us(wasmCpu)}`);
console.log(`native CLI, one process per profile, per scenario:  wall ${us(batch.wall / calls)}, CPU ${us(batch.cpu / calls)}`);
console.log(`native CLI, one process per scenario:               wall ${us(each.wall / some.length)}, CPU ${us(each.cpu / some.length)}`);
