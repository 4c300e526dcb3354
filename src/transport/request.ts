import {
  asyncScheduler,
  catchError,
  defer,
  from,
  Observable,
  switchMap,
  takeLast,
  throwError,
  type MonoTypeOperatorFunction,
  type ObservableInput,
  type SchedulerLike,
} from "rxjs";
import type { HttpRequest, NormalizedConfig, RequestBody, RequestDescriptor } from "../config.js";
import { FalError, InvalidOptionError, NetworkError, redact } from "../errors.js";
import { withQuery } from "../routes.js";
import { VERSION } from "../version.js";
import { HEADER, keyAuthorization, TOKEN_QUERY } from "../wire/headers.js";
import { isFalHost, mayReceiveKey } from "./credentials.js";
import { handlerOf } from "./http-handler.js";
import { errorFromResponse, readResponse, type FalResponse } from "./response.js";
import { retryWithBackoff, type RetryPolicy } from "./retry.js";

export interface FalRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** Serialised as JSON (by the handler: HttpClient takes the object). */
  json?: unknown;
  /**
   * Sent as is (bytes of an upload); set its content type in `headers`. A function is asked for a
   * fresh body on every attempt (a stream can be sent only once); a `ReadableStream` is sent with
   * `duplex: "half"`.
   */
  rawBody?: RequestBody | (() => RequestBody);
  /** The policy for this request. @default the client's `retry` */
  retry?: RetryPolicy;
  /**
   * How the request is authenticated: the client's key (or its proxy), or a short-lived token sent
   * as `fal_jwt_token` in the query, with no key and no proxy (`stream$`'s `connectionMode: "client"`).
   * @default the key
   */
  token?: string;
  /**
   * How errors name this request: another URL (a signed URL without its signature, which is a
   * write capability) and what it was doing (`part 3 of 12`), put before the error's detail.
   * @default the request's own URL, no context
   */
  shownAs?: { readonly url: string; readonly context?: string };
}

/** Reads a 2xx answer inside the exchange; `shownUrl` is how errors name the request. */
export type ResponseReader<T> = (response: Response, shownUrl: string) => Observable<T>;

/**
 * The request pipeline every operation goes through: headers, `requestMiddleware`, proxy, key,
 * the config's handler (`fromFetch` by default), status -> typed error, retries. Emits the answer,
 * body decoded, once the exchange is over: a caller that unsubscribes on the value
 * (`firstValueFrom`, `take(1)`) leaves a finished exchange alone instead of aborting it. Cold: each
 * subscription and each retry rebuilds the request (so a credentials function is asked again).
 */
export function request$<T = FalResponse<unknown>>(
  config: NormalizedConfig,
  request: FalRequest,
  scheduler: SchedulerLike = asyncScheduler,
): Observable<T> {
  const read: ResponseReader<T> = (response, shownUrl) => from(readResponse(response, request.method, shownUrl) as Promise<T>);
  return attempt$(config, request, read).pipe(retryWithBackoff(request.retry ?? config.retry, scheduler), takeLast(1));
}

/**
 * The streaming form of {@link request$}: `read` gets the 2xx answer inside the exchange and its
 * values pass on as they come, so unsubscribing mid-body aborts the request. Retries cover the
 * exchange up to the 2xx answer and no further: once the answer has begun, its values may have
 * reached the subscriber, and another try would deliver them twice.
 */
export function streamRequest$<T>(
  config: NormalizedConfig,
  request: FalRequest,
  read: ResponseReader<T>,
  scheduler: SchedulerLike = asyncScheduler,
): Observable<T> {
  return defer(() => {
    let answered = false;
    const policy: RetryPolicy = { ...(request.retry ?? config.retry), answered: () => answered };
    const reading: ResponseReader<T> = (response, shownUrl) => {
      answered = true;
      return read(response, shownUrl);
    };
    return attempt$(config, request, reading).pipe(retryWithBackoff(policy, scheduler));
  });
}

/**
 * Passes values on as they come, but holds the one `isLast` picks until the source completes: the
 * exchange that read it is then over, so a consumer that stops at that value (`takeWhile` on a
 * stream's result, `first()`) unsubscribes from a finished exchange, which is not aborted. For a
 * value that comes with the end of the body anyway (a stream's result), holding it costs nothing.
 */
export function lastAfterExchange<T>(isLast: (value: T) => boolean): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      let held: { value: T } | undefined;
      return source.subscribe({
        next: (value) => (isLast(value) ? (held = { value }) : subscriber.next(value)),
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          if (held) subscriber.next(held.value);
          subscriber.complete();
        },
      });
    });
}

/** One attempt: the request described (through middleware when there is one), then sent. */
function attempt$<T>(config: NormalizedConfig, request: FalRequest, read: ResponseReader<T>): Observable<T> {
  const middleware = config.requestMiddleware;
  // Without middleware the request is built synchronously: no extra Observable per attempt.
  return middleware
    ? defer(() => from(middleware(describe(config, request)))).pipe(switchMap((described) => send$(config, request, described, read)))
    : defer(() => send$(config, request, describe(config, request), read));
}

/** The request as `requestMiddleware` sees it: URL, method and every header but the key. */
function describe(config: NormalizedConfig, request: FalRequest): RequestDescriptor {
  const headers: Record<string, string> = { accept: "application/json" };
  if (request.json !== undefined) headers["content-type"] = "application/json";
  if (!config.env.isBrowser) headers["user-agent"] = `fal-rx/${VERSION}`;
  return { url: request.url, method: request.method, headers: { ...headers, ...request.headers } };
}

/** Proxy, key, body, then one exchange through the handler: a 2xx read, anything else a typed error. */
function send$<T>(config: NormalizedConfig, request: FalRequest, described: RequestDescriptor, read: ResponseReader<T>): Observable<T> {
  const key = request.token === undefined ? config.resolveKey() : undefined;
  const outgoing = outgoingRequest(config, request, described, key);
  const shownUrl = request.shownAs?.url ?? outgoing.url;
  return handlerOf(config)(outgoing, (response): ObservableInput<T> =>
    response.ok
      ? read(response, shownUrl)
      : errorFromResponse(response, outgoing.method, shownUrl, request.shownAs?.context ?? missingKeyHint(config, request, key, response)).then((error) => {
          throw error;
        }),
  ).pipe(
    // Anything that is not already ours is the transport failing (refused, reset, cut body); its
    // text may quote what was sent (a header value, a URL's user-info), so it is scrubbed of the key.
    catchError((error: unknown) => throwError(() => (error instanceof FalError ? error : new NetworkError(outgoing.method, shownUrl, error, key)))),
  );
}

/** The request as it leaves: via the proxy or with a token when either applies, the key where it may go. */
function outgoingRequest(config: NormalizedConfig, request: FalRequest, described: RequestDescriptor, key: string | undefined): HttpRequest {
  let { url } = described;
  const headers = { ...described.headers };
  if (request.token !== undefined) {
    // A token call goes straight to fal: it exists for browsers that have no proxy for it.
    url = withQuery(url, { [TOKEN_QUERY]: request.token });
  } else if (config.proxy && isFalHost(url, config)) {
    // Only requests for fal's own hosts go via the proxy: a foreign URL (a signed upload URL, a
    // status URL on an unknown host) is fetched directly.
    headers[HEADER.targetUrl] = url;
    url = config.proxy.url;
  }
  // fetch refuses it on every try, quoting the password in its message.
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(url)) throw new InvalidOptionError("url", redact(url), "a URL without user:password@");
  if (key && mayReceiveKey(url, config)) {
    if (!isHeaderValue(key)) throw new InvalidOptionError("credentials", "[redacted]", "a key without line breaks, control or non-Latin-1 characters");
    headers[HEADER.authorization] = keyAuthorization(key);
  }
  for (const [name, value] of Object.entries(headers)) {
    // fetch would reject it on every try, quoting the value: a request that can never be sent.
    if (!isHeaderValue(value)) throw new InvalidOptionError(`headers["${name}"]`, "[not shown]", "a value without line breaks, control or non-Latin-1 characters");
  }
  const body = request.json === undefined ? (typeof request.rawBody === "function" ? request.rawBody() : request.rawBody) : undefined;
  return { url, method: described.method, headers, json: request.json, body };
}

/**
 * Says why a 401 came, when it is because no key was configured at all: a bare "Unauthorized"
 * does not tell a new user where keys come from. Not for proxied or token calls, which carry none.
 */
function missingKeyHint(config: NormalizedConfig, request: FalRequest, key: string | undefined, response: Response): string | undefined {
  if (response.status !== 401 || key !== undefined || request.token !== undefined || config.proxy) return undefined;
  return "no fal key is configured (pass `credentials` to createFalClient, or set FAL_KEY, or FAL_KEY_ID and FAL_KEY_SECRET)";
}

/** What fetch accepts as a header value: Latin-1 (a ByteString), no NUL, CR or LF. */
function isHeaderValue(value: string): boolean {
  return !/[\0\r\n]|[^\0-\xff]/.test(value);
}
