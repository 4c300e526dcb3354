import { defer, from, switchMap, tap } from "rxjs";
import { fromFetch } from "rxjs/fetch";
import type { FetchLike, HttpHandler, HttpRequest, NormalizedConfig } from "../config.js";

/**
 * Where a client's requests leave: its `httpHandler`, else a handler over its `fetch`, else rxjs's
 * `fromFetch` over the global `fetch` (looked up per request, so a `fetch` patched after the
 * client was made is used).
 */
export function handlerOf(config: NormalizedConfig): HttpHandler {
  return config.httpHandler ?? (config.fetch ? fetchHandler(config.fetch) : globalFetchHandler);
}

/** What `fetch` wants for a request (without the signal, which each handler adds). */
export function fetchInit(request: HttpRequest): RequestInit {
  const body = request.json !== undefined ? JSON.stringify(request.json) : request.body;
  const init: RequestInit & { duplex?: "half" } = { method: request.method, headers: request.headers, body };
  // fetch refuses a stream body without it (the request is sent whole before the answer is read).
  if (typeof ReadableStream !== "undefined" && body instanceof ReadableStream) init.duplex = "half";
  return init;
}

/** The default handler: rxjs's `fromFetch`, `read` as its selector. */
export const globalFetchHandler: HttpHandler = (request, read) => fromFetch(request.url, { ...fetchInit(request), selector: read });

/**
 * A handler over a `fetch` of the caller's (config `fetch`): the same contract as `fromFetch` with
 * a selector. `tap`'s `unsubscribe` runs only for an unsubscribe before `read` has ended, never
 * after, so a finished exchange is left alone.
 */
export function fetchHandler(fetchImpl: FetchLike): HttpHandler {
  return (request, read) =>
    defer(() => {
      const controller = new AbortController();
      return from(fetchImpl(request.url, { ...fetchInit(request), signal: controller.signal })).pipe(
        switchMap(read),
        tap({ unsubscribe: () => controller.abort() }),
      );
    });
}
