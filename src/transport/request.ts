import {
  asyncScheduler,
  catchError,
  defer,
  from,
  switchMap,
  throwError,
  type Observable,
  type ObservableInput,
  type SchedulerLike,
} from "rxjs";
import type { NormalizedConfig, RequestDescriptor } from "../config.js";
import { FalError, NetworkError } from "../errors.js";
import { VERSION } from "../version.js";
import { HEADER, keyAuthorization } from "../wire/headers.js";
import { isFalHost, mayReceiveKey } from "./credentials.js";
import { fetch$ } from "./fetch.js";
import { errorFromResponse, readResponse, type FalResponse } from "./response.js";
import { retryWithBackoff, type RetryPolicy } from "./retry.js";

export interface FalRequest<T> {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** Serialised as JSON. */
  json?: unknown;
  /**
   * Sent as is (bytes of an upload); set its content type in `headers`. A function is asked for a
   * fresh body on every attempt (a stream can be sent only once); a `ReadableStream` is sent with
   * `duplex: "half"`.
   */
  rawBody?: BodyInit | (() => BodyInit);
  /** The policy for this request. @default the client's `retry` */
  retry?: RetryPolicy;
  /** How a 2xx answer becomes values. @default one {@link FalResponse} with the decoded body */
  read?: (response: Response) => ObservableInput<T>;
  /**
   * How errors name this request: another URL (a signed URL without its signature, which is a
   * write capability) and what it was doing (`part 3 of 12`), put before the error's detail.
   * @default the request's own URL, no context
   */
  shownAs?: { readonly url: string; readonly context?: string };
}

/**
 * The request pipeline every operation goes through: headers, `requestMiddleware`, proxy, key,
 * `fetch$`, status -> typed error, retries. Cold: nothing happens before subscribe, and each retry
 * rebuilds the request from scratch (so a credentials function is asked again).
 */
export function request$<T = FalResponse<unknown>>(
  config: NormalizedConfig,
  request: FalRequest<T>,
  scheduler: SchedulerLike = asyncScheduler,
): Observable<T> {
  const middleware = config.requestMiddleware;
  // Without middleware the request is built synchronously: no extra Observable per attempt.
  const attempt$ = middleware
    ? defer(() => from(middleware(describe(config, request)))).pipe(switchMap((described) => send$(config, request, described)))
    : defer(() => send$(config, request, describe(config, request)));
  return attempt$.pipe(retryWithBackoff(request.retry ?? config.retry, scheduler));
}

/** The request as `requestMiddleware` sees it: URL, method and every header but the key. */
function describe(config: NormalizedConfig, request: FalRequest<unknown>): RequestDescriptor {
  const headers: Record<string, string> = { accept: "application/json" };
  if (request.json !== undefined) headers["content-type"] = "application/json";
  if (!config.env.isBrowser) headers["user-agent"] = `fal-rx/${VERSION}`;
  return { url: request.url, method: request.method, headers: { ...headers, ...request.headers } };
}

/** Proxy, key, body, then one fetch: its answer read (2xx) or turned into a typed error. */
function send$<T>(config: NormalizedConfig, request: FalRequest<T>, described: RequestDescriptor): Observable<T> {
  const { url, method, headers } = viaProxy(config, described);
  const key = config.resolveKey();
  if (key && mayReceiveKey(url, config)) headers[HEADER.authorization] = keyAuthorization(key);
  const body = request.json !== undefined ? JSON.stringify(request.json) : typeof request.rawBody === "function" ? request.rawBody() : request.rawBody;
  // fetch refuses a stream body without it (the request is sent whole before the answer is read).
  const init = typeof ReadableStream !== "undefined" && body instanceof ReadableStream ? { method, headers, body, duplex: "half" } : { method, headers, body };
  const shownUrl = request.shownAs?.url ?? url;
  return fetch$<T>(config.fetch, url, init, (response) =>
    response.ok
      ? (request.read ?? ((r) => readResponse(r, method, shownUrl) as Promise<T>))(response)
      : from(errorFromResponse(response, method, shownUrl, request.shownAs?.context)).pipe(switchMap((error) => throwError(() => error))),
  ).pipe(
    // Anything that is not already ours is the transport failing (refused, reset, cut body).
    catchError((error: unknown) => throwError(() => (error instanceof FalError ? error : new NetworkError(method, shownUrl, error)))),
  );
}

/**
 * Routes a request through the proxy when one applies. Only requests for fal's own hosts go that
 * way: a foreign URL (a signed upload URL, a status URL on an unknown host) is fetched directly.
 */
function viaProxy(config: NormalizedConfig, request: RequestDescriptor): RequestDescriptor {
  const headers = { ...request.headers };
  if (!config.proxy || !isFalHost(request.url, config)) {
    return { ...request, headers };
  }
  headers[HEADER.targetUrl] = request.url;
  return { ...request, url: config.proxy.url, headers };
}
