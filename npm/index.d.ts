// Types of the xorigin package: the engine of the Rust crate `xorigin`
// compiled to WebAssembly. The objects are exactly what the command line
// prints with `--json`; their full shape is documented in the crate
// (`docs/scenario-format.md` for scenarios, `xorigin check --help`).

/** A browser profile: Chromium, Firefox, WebKit (Safari), or the standard itself. */
export type BrowserName = "chromium" | "firefox" | "webkit" | "spec";

/** The browsers the engine has a profile for. */
export declare const BROWSERS: readonly BrowserName[];

/** What kind of input was wrong. */
export type XoriginErrorKind = "invalid-json" | "invalid-scenario" | "invalid-request" | "unknown-browser";

/** Input the engine cannot run. */
export declare class XoriginError extends Error {
  readonly name: "XoriginError";
  readonly kind: XoriginErrorKind;
  constructor(kind: XoriginErrorKind, message: string);
}

/** A header list: `[["name", "value"], ...]` (order and duplicates kept), `{name: value}`, or a `Headers`/`Map`. */
export type HeaderList = ReadonlyArray<readonly [string, string]> | Readonly<Record<string, string>> | Iterable<[string, string]>;

/** One fixed answer of the server. */
export interface FixedAnswer {
  /** Default 200 (204 for the preflight). */
  status?: number;
  headers?: HeaderList;
  body?: string;
}

/**
 * A scenario in the format of `spec-fixtures/` (docs/scenario-format.md):
 * a page's origin, the server's answers and the fetches the page makes.
 */
export interface Scenario {
  id?: string;
  browser?: BrowserName;
  client: { origin: string; [field: string]: unknown };
  server?: unknown[];
  fetches: Array<{ request: { url: string; [field: string]: unknown }; expect?: unknown; [field: string]: unknown }>;
  [field: string]: unknown;
}

/** A scenario with every fetch's `expect` filled in, as `xorigin simulate --json` prints it. */
export interface SimulatedScenario extends Scenario {
  fetches: Array<{
    request: { url: string; [field: string]: unknown };
    expect: { result: "ok" | "network-error" | string; [field: string]: unknown };
    [field: string]: unknown;
  }>;
}

/**
 * One request of a page, as `xorigin check` takes it. Multi-word fields may
 * be spelled in camelCase or snake_case (`pageHeaders` or `page_headers`).
 */
export interface CheckRequest {
  /** The URL passed to `fetch()`. */
  url: string;
  /** The page's origin (`https://app.a.test`, or `null`). */
  origin: string;
  /** Default `GET`. */
  method?: string;
  headers?: HeaderList;
  /** A string body (adds `Content-Type: text/plain;charset=UTF-8`). */
  body?: string;
  /** Default `same-origin`. */
  credentials?: "omit" | "same-origin" | "include";
  /** Default `cors`. */
  mode?: "same-origin" | "cors" | "no-cors";
  /** Default `follow`. */
  redirect?: "follow" | "error" | "manual";
  referrerPolicy?: string;
  referrer_policy?: string;
  /** An element load instead of `fetch()`: `<img>`, `<script>`, `<link rel=stylesheet>`. */
  destination?: "image" | "script" | "style";
  /** The element's `crossorigin` attribute. */
  crossorigin?: "anonymous" | "use-credentials" | string;
  /** The page's own response headers (e.g. `Cross-Origin-Embedder-Policy`). */
  pageHeaders?: HeaderList;
  page_headers?: HeaderList;
  /** Local Network Access (Chromium). */
  clientAddressSpace?: "public" | "local" | "private" | "loopback";
  client_address_space?: "public" | "local" | "private" | "loopback";
  targetAddressSpace?: "public" | "local" | "private" | "loopback";
  target_address_space?: "public" | "local" | "private" | "loopback";
  /** The scenario format's `server` array (one answer per method and URL); exclusive with `preflight`/`response`. */
  server?: unknown[];
  /** The answer to the CORS preflight (default: 204, no headers). */
  preflight?: FixedAnswer;
  /** The answer to every other request (default: 200, no headers). */
  response?: FixedAnswer;
  /** One browser's report alone; absent: Chromium, Firefox and WebKit. */
  browser?: BrowserName;
}

/** One browser's verdict. */
export interface BrowserVerdict {
  browser: BrowserName;
  verdict: "allowed" | "blocked";
  summary: string;
  differs_from_standard: boolean;
}

/** The report of `xorigin check --json` (one browser's explanation). */
export interface CheckReport {
  browser: BrowserName;
  url: string;
  origin: string;
  method: string;
  verdict: "allowed" | "blocked";
  summary: string;
  /** Which request failed when blocked: the CORS preflight or the request itself (on any redirect hop). */
  failed_on: "preflight" | "main" | null;
  reason: unknown;
  classification: unknown;
  exchanges: unknown[];
  response: unknown;
  browsers: unknown[];
  fix: unknown;
  server_config?: unknown;
  /** Without `browser`: each browser's verdict. */
  verdicts?: BrowserVerdict[];
  /** Without `browser`: the standard's verdict. */
  standard?: "allowed" | "blocked";
  assumed_empty_body?: boolean;
  /** Without `browser`: the browsers that block. */
  blocked_in?: BrowserName[];
  [field: string]: unknown;
}

/**
 * The scenario with every fetch's `expect` filled in as predicted under
 * `browser`'s profile (default `chromium`): `xorigin simulate --browser B --json`.
 * @throws {XoriginError}
 */
export declare function simulate(scenario: Scenario | string, browser?: BrowserName): SimulatedScenario;

/**
 * One request against the server's answers: `xorigin check --json`.
 * @throws {XoriginError}
 */
export declare function check(request: CheckRequest): CheckReport;

/** Whether `name` is a browser the engine knows. */
export declare function isBrowser(name: string): name is BrowserName;
