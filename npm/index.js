// xorigin for JavaScript: what a browser's same-origin policy and CORS
// machinery do with a request, by the engine of the Rust crate compiled to
// WebAssembly. JavaScript objects in and out; the objects are exactly what
// `xorigin simulate --json` and `xorigin check --json` print.
//
// The module is loaded synchronously from the package's own .wasm file, so
// `import { simulate, check } from "xorigin"` is all a test needs (Node 20+,
// no flags).

import { readFileSync } from "node:fs";
import { initSync, simulateJson, checkJson, browserName, RawError } from "./pkg/xorigin_wasm.js";

initSync({ module: readFileSync(new URL("./pkg/xorigin_wasm_bg.wasm", import.meta.url)) });

/** The browsers the engine has a profile for; `spec` is the standard itself. */
export const BROWSERS = Object.freeze(["chromium", "firefox", "webkit", "spec"]);

/**
 * Input the engine cannot run. `kind` is one of `invalid-json`,
 * `invalid-scenario`, `invalid-request`, `unknown-browser`.
 */
export class XoriginError extends Error {
  constructor(kind, message) {
    super(message);
    this.name = "XoriginError";
    this.kind = kind;
  }
}

// Calls into the module, rethrowing its failures as XoriginError.
function call(f, ...args) {
  try {
    return f(...args);
  } catch (e) {
    if (e instanceof RawError) {
      const error = new XoriginError(e.kind, e.message);
      e.free();
      throw error;
    }
    throw e;
  }
}

// JSON text of an object argument; a string is taken as JSON text already.
function text(value, what) {
  if (typeof value === "string") return value;
  if (value === null || typeof value !== "object") {
    throw new XoriginError("invalid-json", `${what}: expected an object or JSON text, not ${value === null ? "null" : typeof value}`);
  }
  return JSON.stringify(value);
}

/**
 * The scenario (the format of `spec-fixtures/`) with every fetch's `expect`
 * filled in as predicted under `browser`'s profile: what
 * `xorigin simulate --browser <browser> --json` prints for it.
 */
export function simulate(scenario, browser = "chromium") {
  if (typeof browser !== "string") {
    throw new XoriginError("unknown-browser", `browser: expected one of ${BROWSERS.join(", ")}, not ${typeof browser}`);
  }
  return JSON.parse(call(simulateJson, text(scenario, "scenario"), browser));
}

// camelCase spellings of the input's snake_case fields.
const ALIASES = {
  pageHeaders: "page_headers",
  referrerPolicy: "referrer_policy",
  clientAddressSpace: "client_address_space",
  targetAddressSpace: "target_address_space",
};

// A header list as the engine reads it: `[[name, value], ...]` or
// `{name: value}`; a `Headers` or `Map` becomes its pairs.
function headerList(value) {
  if (value && !Array.isArray(value) && typeof value.entries === "function") {
    return Array.from(value.entries());
  }
  return value;
}

// A fixed answer (`preflight`, `response`) with its headers as a list.
function answer(field, value) {
  if ((field === "preflight" || field === "response") && value && typeof value === "object" && "headers" in value) {
    return { ...value, headers: headerList(value.headers) };
  }
  return value;
}

/**
 * One request from a page against the server's answers, per browser: what
 * `xorigin check --json` prints (with `browser`, that browser's report
 * alone).
 */
export function check(request) {
  if (request === null || typeof request !== "object" || Array.isArray(request)) {
    throw new XoriginError("invalid-json", "check: expected a request object");
  }
  const input = {};
  const spelled = {};
  for (const [key, value] of Object.entries(request)) {
    if (value === undefined) continue;
    const field = ALIASES[key] ?? key;
    if (field in input) {
      throw new XoriginError("invalid-json", `${spelled[field]} and ${key}: one field given twice`);
    }
    spelled[field] = key;
    input[field] = field === "headers" || field === "page_headers" ? headerList(value) : answer(field, value);
  }
  return JSON.parse(call(checkJson, JSON.stringify(input)));
}

/** Whether `name` is a browser the engine knows (`chromium`, `firefox`, `webkit`, `spec`). */
export function isBrowser(name) {
  try {
    call(browserName, String(name));
    return true;
  } catch (e) {
    if (e instanceof XoriginError) return false;
    throw e;
  }
}
