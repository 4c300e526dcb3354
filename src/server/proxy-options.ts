import { normalizeConfig, type BaseUrls } from "../config.js";
import { InvalidOptionError } from "../errors.js";
import { checkOptionNames } from "../call/options.js";
import { SERVER_DEFAULTS } from "./defaults.js";
import { endpointPattern, type EndpointPattern } from "./endpoint-patterns.js";

/**
 * Options of {@link falProxy} and {@link falProxyFetch}. `Req` is what `authorize` is given: the
 * `node:http` request (Express's `req`, with your session on it) or the fetch `Request`.
 */
export interface FalProxyOptions<Req> {
  /**
   * The fal key (`"id:secret"`), or a function asked for it on every forwarded request (a vault).
   * @default process.env.FAL_KEY, else `${FAL_KEY_ID}:${FAL_KEY_SECRET}`
   */
  credentials?: string | (() => string | undefined | Promise<string | undefined>);
  /**
   * Who may spend your key: `false` answers 401 and forwards nothing. Runs before the body is read;
   * it must not read the body itself. Required, unless `allowUnauthenticated: true`.
   * @default undefined
   */
  authorize?: (request: Req) => boolean | Promise<boolean>;
  /** Forward for anyone who can reach the route, on purpose (a local tool, a demo). @default false */
  allowUnauthenticated?: boolean;
  /**
   * The endpoints callers may use: ids (`"fal-ai/flux/dev"`, which covers its sub-paths such as
   * `/stream`), prefixes ending in `/*` (`"fal-ai/flux/*"`), or `"*"` for every endpoint. Other
   * calls get 403. Required: a key spent on any endpoint is the default this proxy refuses to have.
   * @default none: required
   */
  allowEndpoints: readonly string[];
  /**
   * fal's hosts, the only targets forwarded to: the emulator's `baseUrls` in development and tests.
   * @default fal's hosts, `{run: "https://fal.run", queue: "https://queue.fal.run", rest: "https://rest.fal.ai"}`
   */
  baseUrls?: Partial<BaseUrls>;
  /**
   * Bytes a request body may have; a larger one is answered 413 and not forwarded. Inputs are JSON
   * with file URLs (fal-rx uploads files to storage directly, not through the proxy).
   * @default 10485760 (10 MiB)
   */
  maxBodySize?: number;
}

/** The proxy's options with defaults applied, checked once when the proxy is made. */
export interface NormalizedProxyOptions<Req> {
  readonly resolveKey: () => string | undefined | Promise<string | undefined>;
  readonly authorize: ((request: Req) => boolean | Promise<boolean>) | undefined;
  readonly baseUrls: BaseUrls;
  readonly allowEndpoints: readonly EndpointPattern[];
  readonly maxBodySize: number;
}

const PROXY_OPTIONS = ["credentials", "authorize", "allowUnauthenticated", "allowEndpoints", "baseUrls", "maxBodySize"];

/** `@fal-ai/server-proxy`'s names, and what this proxy has instead. */
const PORTED: Readonly<Record<string, string>> = {
  allowUnauthorizedRequests: "allowUnauthenticated (false unless set), and authorize",
  isAuthenticated: "authorize",
  allowedUrlPatterns: "allowEndpoints (endpoint ids; targets are checked against baseUrls)",
  allowedEndpoints: "allowEndpoints",
};

/**
 * Checks a proxy's options when it is made, not at its first request: a proxy that would spend the
 * key for anyone (neither `authorize` nor `allowUnauthenticated: true`) or on any endpoint (no
 * `allowEndpoints`) throws {@link InvalidOptionError} at startup.
 */
export function normalizeProxyOptions<Req>(options: FalProxyOptions<Req>): NormalizedProxyOptions<Req> {
  if (typeof options !== "object" || options === null) throw new InvalidOptionError("options", options, "an object with allowEndpoints and authorize");
  checkOptionNames(options, PROXY_OPTIONS, "falProxy", PORTED);
  const { authorize, allowUnauthenticated, credentials } = options;
  if (authorize !== undefined && typeof authorize !== "function") throw new InvalidOptionError("authorize", authorize, "a function (request) => boolean | Promise<boolean>");
  if (allowUnauthenticated !== undefined && typeof allowUnauthenticated !== "boolean") throw new InvalidOptionError("allowUnauthenticated", allowUnauthenticated, "true or false");
  if (authorize === undefined && allowUnauthenticated !== true) {
    throw new InvalidOptionError("authorize", undefined, "a function saying who may spend your fal key, or allowUnauthenticated: true to let anyone who reaches the route");
  }
  if (authorize !== undefined && allowUnauthenticated === true) throw new InvalidOptionError("allowUnauthenticated", true, "either authorize or allowUnauthenticated: true, not both");
  if (credentials !== undefined && typeof credentials !== "string" && typeof credentials !== "function") {
    throw new InvalidOptionError("credentials", "[not shown]", "a key string or a function returning one");
  }

  const patterns = options.allowEndpoints as unknown;
  if (!Array.isArray(patterns) || patterns.length === 0) {
    throw new InvalidOptionError("allowEndpoints", patterns, 'a non-empty list of endpoint patterns, such as ["fal-ai/flux/*"] (["*"] for every endpoint)');
  }
  const allowEndpoints = patterns.map((pattern: unknown, index) => {
    const parsed = typeof pattern === "string" ? endpointPattern(pattern) : undefined;
    if (!parsed) throw new InvalidOptionError(`allowEndpoints[${index}]`, pattern, 'an endpoint id ("fal-ai/flux/dev"), a prefix ending in /* ("fal-ai/flux/*"), or "*"');
    return parsed;
  });

  const maxBodySize = options.maxBodySize ?? SERVER_DEFAULTS.maxBodySize;
  if (typeof maxBodySize !== "number" || !Number.isInteger(maxBodySize) || maxBodySize < 0) {
    throw new InvalidOptionError("maxBodySize", maxBodySize, "a whole number of bytes >= 0");
  }

  // The client's own normaliser checks the URLs and reads FAL_KEY / FAL_KEY_ID:FAL_KEY_SECRET.
  const config = normalizeConfig({ baseUrls: options.baseUrls, ...(typeof credentials === "string" ? { credentials } : {}) });
  for (const [name, url] of Object.entries(config.baseUrls)) {
    if (!/^https?:$/.test(new URL(url).protocol)) throw new InvalidOptionError(`baseUrls.${name}`, url, "an http(s) URL");
  }
  return {
    resolveKey: typeof credentials === "function" ? credentials : config.resolveKey,
    authorize,
    baseUrls: config.baseUrls,
    allowEndpoints,
    maxBodySize,
  };
}
