import { defer, from, switchMap, tap } from "rxjs";
import { fromFetch } from "rxjs/fetch";
import type { FetchLike, HttpHandler, HttpRequest, NormalizedConfig } from "../config.js";
import { InvalidOptionError } from "../errors.js";

/**
 * Where a client's requests leave: its `httpHandler`, else a handler over its `fetch`, else rxjs's
 * `fromFetch` over the global `fetch` (looked up per request, so a `fetch` patched after the
 * client was made is used).
 */
export function handlerOf(config: NormalizedConfig): HttpHandler {
  return config.httpHandler ?? fetchHandler(config.fetch);
}

/**
 * What `fetch` wants for a request (without the signal, which each handler adds). Throws
 * {@link InvalidOptionError} for a JSON body that has no JSON form (a BigInt, a cycle): a request
 * that could never be sent, not a network failure to retry.
 */
export function fetchInit(request: HttpRequest): RequestInit {
  const body = request.json !== undefined ? jsonText(request.json) : request.body;
  const init: RequestInit & { duplex?: "half" } = { method: request.method, headers: request.headers, body };
  // fetch refuses a stream body without it (the request is sent whole before the answer is read).
  if (typeof ReadableStream !== "undefined" && body instanceof ReadableStream) init.duplex = "half";
  return init;
}

/** The default handler: rxjs's `fromFetch`, `read` as its selector. */
const globalFetchHandler: HttpHandler = (request, read) => fromFetch(request.url, { ...fetchInit(request), selector: read });

/**
 * The handler fal-rx sends with by default, over `fetchImpl` or, without one, over the global
 * `fetch` (rxjs's `fromFetch`, `read` as its selector). For a handler of your own that passes some
 * requests on (as `withHttpClient()` passes event streams).
 *
 * Over a `fetch` of the caller's it keeps `fromFetch`'s contract: `tap`'s `unsubscribe` runs only
 * for an unsubscribe before `read` has ended, never after, so a finished exchange is left alone.
 *
 * @example
 * const handler: HttpHandler = (request, read) => (isSpecial(request) ? mine(request, read) : fetchHandler()(request, read));
 */
export function fetchHandler(fetchImpl?: FetchLike): HttpHandler {
  if (!fetchImpl) return globalFetchHandler;
  return (request, read) =>
    defer(() => {
      const controller = new AbortController();
      return from(fetchImpl(request.url, { ...fetchInit(request), signal: controller.signal })).pipe(
        switchMap(read),
        tap({ unsubscribe: () => controller.abort() }),
      );
    });
}

function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (cause) {
    // JSON.stringify's own words: "Do not know how to serialize a BigInt", "Converting circular structure…".
    const why = (cause as Error).message.split("\n")[0];
    throw new InvalidOptionError("input", "[not JSON]", `data JSON can carry: ${why}`);
  }
}
