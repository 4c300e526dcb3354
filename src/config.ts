import type { Observable, ObservableInput } from "rxjs";
import { InvalidOptionError } from "./errors.js";

/** Where fal's three hosts are. Point all three at an emulator with `startEmulator().baseUrls`. */
export interface BaseUrls {
  /** Synchronous runs and `/stream`. @default "https://fal.run" */
  run: string;
  /** The request queue. @default "https://queue.fal.run" */
  queue: string;
  /** Storage and tokens. @default "https://rest.fal.ai" */
  rest: string;
}

/** Retry policy, with the official client's option names so migrating code keeps working. */
export interface RetryOptions {
  /** Retries after the first attempt. @default 3 */
  maxRetries: number;
  /** Delay before the first retry, in ms. @default 1000 */
  baseDelay: number;
  /** Upper bound of any delay, `Retry-After` included, in ms. @default 30000 */
  maxDelay: number;
  /** Growth of the delay per retry. @default 2 */
  backoffMultiplier: number;
  /** Statuses worth another try. @default [429, 502, 503, 504] */
  retryableStatusCodes: readonly number[];
  /** ±25 % random spread so many clients do not retry in step. @default true */
  enableJitter: boolean;
}

/** A backoff policy without HTTP's statuses: what realtime's `reconnect` shares with `retry`. */
export type BackoffOptions = Omit<RetryOptions, "retryableStatusCodes">;

/** What `requestMiddleware` sees and returns. */
export interface RequestDescriptor {
  url: string;
  method: string;
  headers: Record<string, string>;
}

/** Facts about where the code runs, handed to a `proxyUrl.when` function. */
export interface RuntimeEnv {
  isBrowser: boolean;
}

export type ProxyWhen = "browser" | "always" | ((env: RuntimeEnv) => boolean);

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * A request body as `fetch` takes it. Spelt through `RequestInit` rather than the DOM's `BodyInit`,
 * so the published types compile in a Node project without the DOM lib (`@types/node` declares
 * `RequestInit`, not `BodyInit`).
 */
export type RequestBody = NonNullable<RequestInit["body"]>;

/** One HTTP request, ready to leave: the final URL, every header (the key included), the body. */
export interface HttpRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  /**
   * A JSON body, not yet serialised: a fetch handler sends `JSON.stringify(json)`; Angular's
   * HttpClient takes the object as it is, so its interceptors see `{prompt: "a cat"}`.
   */
  readonly json?: unknown;
  /** Any other body (an upload's bytes), sent as it is. A `ReadableStream` goes with `duplex: "half"`. */
  readonly body?: RequestBody;
}

/**
 * The seam where a request leaves: sends it and emits what `read` makes of the answer. `read` runs
 * inside the exchange, so unsubscribing while it is still reading (a stream's body) aborts the
 * request; once `read`'s Observable has ended, the exchange is over and nothing is aborted.
 * Like Angular's `HttpHandler`, an Observable end to end: cold, one exchange per subscription.
 */
export type HttpHandler = <T>(request: HttpRequest, read: (response: Response) => ObservableInput<T>) => Observable<T>;

export interface FalConfig {
  /**
   * The fal key (`"id:secret"`), or a function asked before every request.
   * @default process.env.FAL_KEY, else `${FAL_KEY_ID}:${FAL_KEY_SECRET}`
   */
  credentials?: string | (() => string | undefined);
  /**
   * Your server route that adds the key and forwards to fal (`x-fal-target-url` names the target).
   * A string applies in browsers only; `{url, when}` chooses.
   * @default undefined (no proxy)
   */
  proxyUrl?: string | { url: string; when?: ProxyWhen };
  /** Rewrites each request (URL, method, headers) before it is sent. @default undefined */
  requestMiddleware?: (request: RequestDescriptor) => Promise<RequestDescriptor>;
  /** The fetch used by every request, uploads included. @default globalThis.fetch (through rxjs's `fromFetch`) */
  fetch?: FetchLike;
  /**
   * Sends every request instead of `fetch`: an Observable handler, `(request, read) => Observable`,
   * as `fal-rx/angular`'s `withHttpClient()` makes (see docs/transport.md). Takes precedence over
   * `fetch`. @default undefined (the `fetch` above)
   */
  httpHandler?: HttpHandler;
  /** Any subset of the retry policy. @default see {@link RetryOptions} */
  retry?: Partial<RetryOptions>;
  /** Any subset of the hosts. @default fal's hosts, see {@link BaseUrls} */
  baseUrls?: Partial<BaseUrls>;
  /** Silences the warning about a key present in a browser. @default false */
  suppressLocalCredentialsWarning?: boolean;
}

/** The config every operation reads: no optional fields, defaults applied once. */
export interface NormalizedConfig {
  readonly resolveKey: () => string | undefined;
  readonly proxy: { readonly url: string } | undefined;
  readonly requestMiddleware: ((request: RequestDescriptor) => Promise<RequestDescriptor>) | undefined;
  /** The config's `fetch`; `undefined`: the global one, through `fromFetch`. */
  readonly fetch: FetchLike | undefined;
  readonly httpHandler: HttpHandler | undefined;
  readonly retry: RetryOptions;
  readonly baseUrls: BaseUrls;
  readonly env: RuntimeEnv;
  /**
   * Upload bodies go as streams (see `uploadBody`): only in Node with its own `fetch`, which sends
   * a stream with `duplex: "half"` and keeps a set `Content-Length`. Browsers, workers, React Native
   * and a custom `fetch` (which may turn a stream into the text "[object ReadableStream]") get the
   * file's own slices (a Blob slice or a view of bytes).
   */
  readonly streamUploads: boolean;
}

/** Every default, in one place. */
export const DEFAULTS = {
  baseUrls: { run: "https://fal.run", queue: "https://queue.fal.run", rest: "https://rest.fal.ai" },
  retry: {
    maxRetries: 3,
    baseDelay: 1_000,
    maxDelay: 30_000,
    backoffMultiplier: 2,
    retryableStatusCodes: [429, 502, 503, 504],
    enableJitter: true,
  },
  /** Status polls also retry a 500, as fal's own client does. */
  pollRetryableStatusCodes: [429, 500, 502, 503, 504],
  /** Status polls (read-only) try at least this often, as fal's own client does (docs/queue.md). */
  pollMaxRetries: 5,
  /** Queue: ms between the end of one status poll and the start of the next. */
  pollInterval: 500,
  /**
   * A queue submit retries only on answers saying it was not accepted: 429 (queue full) and 503
   * (no runner), plus `X-Fal-Needs-Retry: 1`; never 502/504, after which the job may exist.
   */
  submitRetryableStatusCodes: [429, 503],
  /**
   * Queue status stream: ms without a byte (fal sends a keep-alive every 15 s) after which the
   * connection is taken for dead and watching continues by polling.
   */
  statusStreamSilence: 45_000,
  /**
   * The longest `Retry-After` (ms) a retry waits for; a server asking for more makes the error
   * final (`ApiError.retryAfter` says when to come back), as the Stainless-generated SDKs do.
   */
  maxRetryAfter: 60_000,
  /** Jitter spread: the delay is multiplied by a factor in [1 - j, 1 + j]. */
  jitter: 0.25,
  /** stream$: ms without a single byte (keep-alives count) before it fails, as fal's own client. */
  streamTimeout: 15_000,
  /** Server-sent events: bytes one event (or line) may take before the stream fails (stream$'s `maxEventSize`). */
  maxEventSize: 16 * 1024 * 1024,
  /** Lifetime in seconds of a short-lived token from `POST {rest}/tokens/` (fal's own client asks 120). */
  tokenExpirationSeconds: 120,
  /** Storage uploads (docs/storage.md). Sizes in bytes; MB = 1024 × 1024, as fal's own client counts. */
  storage: {
    /** Files larger than this go multipart (fal's own client switches at 90 MB too). */
    multipartThreshold: 90 * 1024 * 1024,
    /** Bytes per multipart part (the last one may be smaller). */
    partSize: 10 * 1024 * 1024,
    /** Parts of one file in flight at once; memory stays under concurrency × partSize. */
    concurrency: 4,
    /** Files of one input uploaded at once by transformInput$. */
    fileConcurrency: 4,
    /** Content type when neither the option, the Blob's type nor the first bytes tell. */
    contentType: "application/octet-stream",
    /** Statuses a part PUT retries on: the policy's, plus 500 (a PUT of the same bytes is idempotent). */
    extraRetryableStatusCodes: [500],
  },
} as const satisfies { baseUrls: BaseUrls; retry: RetryOptions; [key: string]: unknown };

function detectEnv(): RuntimeEnv {
  const g = globalThis as { window?: { document?: unknown } };
  return { isBrowser: typeof g.window !== "undefined" && typeof g.window.document !== "undefined" };
}

function runsOnNode(): boolean {
  const versions = (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions;
  return typeof versions?.node === "string" && typeof ReadableStream === "function";
}

/**
 * Applies defaults and checks the config once, at client creation. A config that cannot work
 * (a base URL that is not a URL, a negative retry count) throws {@link InvalidOptionError} here.
 */
export function normalizeConfig(config: FalConfig = {}, env: RuntimeEnv = detectEnv()): NormalizedConfig {
  const baseUrls = { ...DEFAULTS.baseUrls, ...config.baseUrls };
  for (const [name, url] of Object.entries(baseUrls)) {
    baseUrls[name as keyof BaseUrls] = checkedUrl(`baseUrls.${name}`, url);
  }
  const retry: RetryOptions = { ...DEFAULTS.retry, ...config.retry };
  const invalidRetry = backoffOptionsError("retry", retry);
  if (invalidRetry) throw invalidRetry;

  if (env.isBrowser && config.credentials !== undefined && !config.suppressLocalCredentialsWarning) {
    console.warn(
      "fal-rx: credentials are set in a browser, where anyone can read them. " +
        "Use proxyUrl and keep the key on your server (suppressLocalCredentialsWarning silences this).",
    );
  }

  return {
    resolveKey: keyResolver(config.credentials),
    proxy: proxyFor(config.proxyUrl, env),
    requestMiddleware: config.requestMiddleware,
    fetch: config.fetch,
    httpHandler: config.httpHandler,
    retry,
    baseUrls,
    env,
    streamUploads: config.fetch === undefined && config.httpHandler === undefined && !env.isBrowser && runsOnNode(),
  };
}

function keyResolver(credentials: FalConfig["credentials"]): () => string | undefined {
  if (typeof credentials === "function") return credentials;
  if (typeof credentials === "string") return () => credentials;
  return keyFromEnvironment;
}

function keyFromEnvironment(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  if (!env) return undefined;
  if (env.FAL_KEY) return env.FAL_KEY;
  return env.FAL_KEY_ID && env.FAL_KEY_SECRET ? `${env.FAL_KEY_ID}:${env.FAL_KEY_SECRET}` : undefined;
}

function proxyFor(proxyUrl: FalConfig["proxyUrl"], env: RuntimeEnv): { url: string } | undefined {
  if (proxyUrl === undefined) return undefined;
  const { url, when = "browser" } = typeof proxyUrl === "string" ? { url: proxyUrl } : proxyUrl;
  const applies = when === "always" || (when === "browser" ? env.isBrowser : when(env));
  // A relative proxy path ("/api/fal/proxy") is resolved against the page when in a browser.
  return applies ? { url: env.isBrowser ? url : checkedUrl("proxyUrl", url) } : undefined;
}

function checkedUrl(option: string, url: string): string {
  try {
    return new URL(url).href.replace(/\/$/, "");
  } catch {
    throw new InvalidOptionError(option, url, "an absolute http(s) URL");
  }
}

/**
 * The first bad field of a backoff policy (the client's `retry`, realtime's `reconnect`), named
 * under `option` (`retry.maxDelay`); `undefined` when every field is fine.
 */
export function backoffOptionsError(option: string, policy: BackoffOptions): InvalidOptionError | undefined {
  for (const name of ["maxRetries", "baseDelay", "maxDelay"] as const) {
    const value = policy[name];
    if (typeof value !== "number" || !(value >= 0) || !Number.isFinite(value)) {
      return new InvalidOptionError(`${option}.${name}`, value, "a finite number >= 0");
    }
  }
  if (!(policy.backoffMultiplier >= 1)) {
    return new InvalidOptionError(`${option}.backoffMultiplier`, policy.backoffMultiplier, "a number >= 1");
  }
  return undefined;
}
