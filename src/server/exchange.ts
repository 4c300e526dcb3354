import { NetworkError } from "../errors.js";
import { snippet } from "../safe-text.js";
import { HEADER, keyAuthorization } from "../wire/headers.js";
import { allowsAlias, type EndpointPattern } from "./endpoint-patterns.js";
import type { NormalizedProxyOptions } from "./proxy-options.js";
import { checkTarget, type Refusal } from "./target.js";

/** Bytes fetch takes as a body (a plain `Uint8Array` may view a SharedArrayBuffer, which it does not). */
export type Bytes = Uint8Array<ArrayBuffer>;

/** A request that reached the proxy, as both adapters (node:http, fetch) describe it. */
export interface ProxyCall<Req> {
  readonly method: string;
  readonly headers: Headers;
  /** What `authorize` is given. */
  readonly request: Req;
  /** Aborted when the caller goes away: the call to fal is aborted with it. */
  readonly signal: AbortSignal;
  /** The body's bytes, or `undefined` when there are more than `limit` (the rest is discarded). */
  readBody(limit: number): Promise<Bytes | undefined>;
}

/** Request headers forwarded besides `x-fal-*`: what the body is and what answer is wanted. */
const FORWARDED = ["content-type", "accept"];
/** Answer headers passed back besides `x-fal-*` (request id, error type, needs-retry, timeout type). */
const PASSED_BACK = ["content-type", "retry-after", "cache-control"];

/**
 * One proxied call: the target checked, the caller authorised, the body read within its limit,
 * then forwarded with the key. Resolves to fal's answer (its body not yet read: the adapter streams
 * it) or to a {@link Refusal}; never rejects, and a refusal has forwarded nothing.
 */
export async function exchange<Req>(options: NormalizedProxyOptions<Req>, call: ProxyCall<Req>): Promise<Response | Refusal> {
  const method = call.method.toUpperCase();
  const target = checkTarget(call.headers.get(HEADER.targetUrl), method, options.baseUrls, options.allowEndpoints);
  if ("detail" in target) return target;
  if (options.authorize) {
    try {
      if ((await options.authorize(call.request)) !== true) return { status: 401, detail: "Not authorized to call fal through this proxy" };
    } catch {
      // The app's own check failed: its message is the app's business, not the caller's.
      return { status: 500, detail: "The proxy's authorize check failed" };
    }
  }
  let key: string | undefined;
  try {
    key = await options.resolveKey();
  } catch {
    key = undefined;
  }
  if (!key) return { status: 500, detail: "The proxy has no fal key: pass credentials, or set FAL_KEY (or FAL_KEY_ID and FAL_KEY_SECRET) where it runs" };

  const bodyless = method === "GET" || method === "HEAD";
  let body: Bytes | undefined;
  try {
    body = bodyless ? undefined : await call.readBody(options.maxBodySize);
  } catch {
    // The caller went away mid-body, or its stream broke: nothing to forward.
    return { status: 400, detail: "The request body could not be read" };
  }
  if (body === undefined && !bodyless) return { status: 413, detail: `The request body is larger than this proxy's limit of ${options.maxBodySize} bytes` };
  if (target.token) {
    const refusal = tokenRefusal(body, options.allowEndpoints);
    if (refusal) return refusal;
  }

  // Built from nothing: cookies, the browser's Authorization and everything else stay behind.
  const headers = new Headers();
  call.headers.forEach((value, name) => {
    if ((name.startsWith("x-fal-") && name !== HEADER.targetUrl) || FORWARDED.includes(name)) headers.set(name, value);
  });
  try {
    headers.set(HEADER.authorization, keyAuthorization(key));
    // `manual`: a redirect is passed back, never followed with the key to wherever it points.
    return await fetch(target.url, { method, headers, body: body?.length ? body : undefined, signal: call.signal, redirect: "manual" });
  } catch (error) {
    // The platform's words may quote what was sent (a key that is no valid header value): scrubbed.
    return { status: 502, detail: new NetworkError(method, target.url, error, key).message };
  }
}

/** The headers of fal's answer the caller gets: content type, retry-after, cache-control, `x-fal-*`. */
export function answerHeaders(answer: Response): Headers {
  const headers = new Headers();
  answer.headers.forEach((value, name) => {
    if (name.startsWith("x-fal-") || PASSED_BACK.includes(name)) headers.set(name, value);
  });
  return headers;
}

/**
 * A short-lived token lets the browser call its apps directly, around `allowEndpoints`: one is
 * asked for only for apps the list covers.
 */
function tokenRefusal(body: Bytes | undefined, patterns: readonly EndpointPattern[]): Refusal | undefined {
  let apps: unknown;
  try {
    apps = (JSON.parse(new TextDecoder().decode(body)) as { allowed_apps?: unknown }).allowed_apps;
  } catch {
    return { status: 400, detail: "A token request's body is not JSON" };
  }
  if (!Array.isArray(apps) || apps.length === 0 || !apps.every((app) => typeof app === "string")) {
    return { status: 400, detail: "A token request names no allowed_apps" };
  }
  const denied = (apps as string[]).filter((app) => !allowsAlias(patterns, app));
  return denied.length ? { status: 403, detail: `No token for ${snippet(denied.join(", "), 120)}: not in this proxy's allowEndpoints` } : undefined;
}
