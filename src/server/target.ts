import type { BaseUrls } from "../config.js";
import { redact, snippet } from "../safe-text.js";
import { HEADER } from "../wire/headers.js";
import { STORAGE_PATH } from "../wire/storage.js";
import { allowsApp, allowsEndpoint, requestRouteApp, type EndpointPattern } from "./endpoint-patterns.js";

/** A target the proxy forwards to; `token` when its body must be checked too (`POST {rest}/tokens/`). */
export interface Target {
  readonly url: string;
  readonly token: boolean;
}

/** Why a request is not forwarded: answered as `{detail}` with this status. */
export interface Refusal {
  readonly status: 400 | 401 | 403 | 413 | 500 | 502;
  readonly detail: string;
}

/**
 * The rest host's routes a browser needs: storage upload initiate (single and multipart), fal's
 * multipart complete, and short-lived tokens. The rest of the rest host (keys, billing, files)
 * stays out of reach.
 */
const REST_ROUTES = new Set([STORAGE_PATH.initiate, STORAGE_PATH.initiateMultipart, "storage/upload/complete-multipart", "tokens", "tokens/"]);

/** Letters a path segment of fal's hosts has; no escapes, so `%2F` cannot smuggle a slash past the checks. */
const PATH = /^(?:[A-Za-z0-9._~-]+\/)*[A-Za-z0-9._~-]*$/;

/**
 * Checks `x-fal-target-url` before anything is forwarded: 400 when it is missing or not a URL;
 * 403 unless it is an http(s) URL without user-info on one of `baseUrls`' hosts, for an endpoint
 * `allowEndpoints` covers (or its queue routes), or one of the rest host's routes a client needs.
 */
export function checkTarget(header: string | null | undefined, method: string, baseUrls: BaseUrls, patterns: readonly EndpointPattern[]): Target | Refusal {
  if (!header) return { status: 400, detail: `The ${HEADER.targetUrl} header is missing: it names the fal URL to forward to` };
  let url: URL;
  try {
    url = new URL(header);
  } catch {
    return { status: 400, detail: `The ${HEADER.targetUrl} header is not an absolute URL` };
  }
  const shown = snippet(redact(url.href), 160);
  if (url.protocol !== "https:" && url.protocol !== "http:") return { status: 403, detail: `${shown} is not forwarded: only http(s) targets are` };
  if (url.username || url.password) return { status: 403, detail: `${shown} is not forwarded: a target with user:password@ never is` };

  const host = (Object.keys(baseUrls) as (keyof BaseUrls)[]).map((name) => ({ name, path: pathUnder(url, baseUrls[name]) })).find((match) => match.path !== undefined);
  if (!host) return { status: 403, detail: `${shown} is not forwarded: it is not on one of this proxy's fal hosts` };
  const path = host.path!;
  if (!PATH.test(path)) return { status: 403, detail: `${shown} is not forwarded: its path is not one of fal's` };

  const target = { url: url.href, token: false };
  const segments = path.split("/").filter(Boolean);
  if (host.name === "rest") {
    if (method !== "POST" || !REST_ROUTES.has(path)) return { status: 403, detail: `${method} ${shown} is not forwarded: on the rest host only storage uploads and tokens are` };
    return { ...target, token: path.startsWith("tokens") };
  }
  // Status, result and cancel name the app only: allowed when some endpoint of the app is. A POST
  // there is a submit to an endpoint whose path happens to be `requests`.
  const app = host.name === "queue" && method !== "POST" ? requestRouteApp(segments) : undefined;
  const allowed = app ? allowsApp(patterns, app) : allowsEndpoint(patterns, segments);
  return allowed ? target : { status: 403, detail: `${shown} is not forwarded: ${segments.join("/") || "(no endpoint)"} is not in this proxy's allowEndpoints` };
}

/** The path of `url` below `base` (same origin, under its path), without the leading slash; `undefined` if not below. */
function pathUnder(url: URL, base: string): string | undefined {
  const root = new URL(base);
  if (url.origin !== root.origin) return undefined;
  const prefix = root.pathname.replace(/\/$/, "");
  if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return undefined;
  return url.pathname.slice(prefix.length + 1);
}
