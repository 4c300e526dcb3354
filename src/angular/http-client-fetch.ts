import {
  HttpErrorResponse,
  HttpEventType,
  HttpHeaders,
  HttpRequest,
  type HttpClient,
  type HttpEvent,
  type HttpResponse,
} from "@angular/common/http";
import { catchError, defer, filter, firstValueFrom, fromEvent, map, race, switchMap, take, throwError, type Observable } from "rxjs";
import type { FetchLike } from "../index.js";

/** Server-sent events stay on fetch: HttpClient buffers a body until it ends (docs/angular.md, "Streaming"). */
const EVENT_STREAM = /\btext\/event-stream\b/i;
const JSON_TYPE = /^application\/([\w.+-]*\+)?json\b/i;
const TEXT_ACCEPT = /\b(application\/([\w.+-]*\+)?json|text\/[\w.+-]+|\*\/\*)/i;
const BODYLESS = new Set(["GET", "HEAD", "DELETE", "OPTIONS", "JSONP"]);
/** Statuses whose Response may not have a body (the Response constructor throws otherwise). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * A `fetch` (the config's {@link FetchLike}) that sends each request through Angular's `HttpClient`,
 * so the app's interceptors see fal requests and `HttpTestingController` can answer them. The core
 * pipeline (headers, proxy, key, status -> typed error, retries) is unchanged: this is only the
 * last step, where bytes leave.
 *
 * - Requests that accept `text/event-stream` (`stream$`, the queue's status stream) and streamed
 *   bodies go to `streamingFetch`: HttpClient delivers a body only once it has ended.
 * - A JSON body is handed to HttpClient as the object it encodes, as any HttpClient JSON request
 *   (interceptors and `TestRequest.request.body` see `{prompt: "a cat"}`); it is sent byte-identical.
 * - Answers are read as text (JSON and text requests; `accept` is `application/json` unless a call
 *   sets it) or as bytes (any other `accept`), and handed back as a `Response` with the server's
 *   status and headers, so errors are the same `ApiError`s as over fetch. An answer without a
 *   content type whose text is JSON (what `TestRequest.flush({...})` sends) is labelled JSON.
 * - Status 0 (no answer) rejects with a `TypeError`, which the pipeline reports as `NetworkError`;
 *   an error an interceptor throws is passed on as it is.
 * - Aborting `init.signal` unsubscribes, which cancels the HTTP request.
 *
 * @example
 * createFalClient({ proxyUrl: "/api/fal/proxy", fetch: httpClientFetch(inject(HttpClient), fetch) })
 */
export function httpClientFetch(http: HttpClient, streamingFetch: FetchLike): FetchLike {
  return (input, init) => {
    const headers = new Headers(init.headers);
    if (EVENT_STREAM.test(headers.get("accept") ?? "") || isStream(init.body)) return streamingFetch(input, init);
    const method = (init.method ?? "GET").toUpperCase();
    const options = {
      headers: new HttpHeaders(Object.fromEntries(headers)),
      responseType: TEXT_ACCEPT.test(headers.get("accept") ?? "*/*") ? ("text" as const) : ("arraybuffer" as const),
    };
    // HttpRequest reads its third argument as options, not a body, for methods that carry none.
    const request = BODYLESS.has(method)
      ? new HttpRequest(method as "GET", input, options)
      : new HttpRequest(method, input, httpBody(init.body, headers.get("content-type")), options);
    const response$ = http.request(request).pipe(
      filter((event: HttpEvent<unknown>): event is HttpResponse<string | ArrayBuffer> => event.type === HttpEventType.Response),
      map((response) => fetchResponse(response.status, response.headers, response.body)),
      catchError((error: unknown) => fromHttpError(error)),
    );
    return firstValueFrom(init.signal ? race(response$, aborted$(init.signal)) : response$);
  };
}

/** What HttpClient sends for a fetch body. JSON text becomes the object it encodes (see above). */
function httpBody(body: BodyInit | null | undefined, contentType: string | null): unknown {
  if (body === null || body === undefined) return null;
  if (typeof body === "string") {
    if (!JSON_TYPE.test(contentType ?? "")) return body;
    const parsed = parseJson(body);
    // Only objects and arrays: HttpClient would send `null` as no body and a bare string unquoted.
    return parsed !== null && typeof parsed === "object" ? parsed : body;
  }
  // HttpClient serializes any other object as JSON: bytes go as the ArrayBuffer they view.
  if (ArrayBuffer.isView(body)) return body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength);
  return body;
}

function fromHttpError(error: unknown): Observable<Response> {
  if (error instanceof HttpErrorResponse && error.status > 0) {
    const body: unknown = error.error;
    return defer(() => [fetchResponse(error.status, error.headers, typeof body === "string" || body instanceof ArrayBuffer ? body : null)]);
  }
  // Status 0 is no answer at all (refused, reset, CORS): what fetch does then, a TypeError, which the
  // pipeline reports as a NetworkError. Anything else (an interceptor's own error) goes as it is.
  if (!(error instanceof HttpErrorResponse)) return throwError(() => error);
  return throwError(() => new TypeError("HttpClient got no answer from the server", { cause: error.error }));
}

function fetchResponse(status: number, httpHeaders: HttpHeaders, body: string | ArrayBuffer | null): Response {
  const headers = new Headers();
  for (const name of httpHeaders.keys()) headers.set(name, httpHeaders.getAll(name)?.join(", ") ?? "");
  if (typeof body === "string" && !headers.has("content-type") && parseJson(body) !== undefined) {
    headers.set("content-type", "application/json");
  }
  return new Response(NULL_BODY.has(status) ? null : body, { status, headers });
}

/** Errors with the abort reason once the signal fires (at once if it already has). */
function aborted$(signal: AbortSignal): Observable<never> {
  return defer(() => (signal.aborted ? [undefined] : fromEvent(signal, "abort").pipe(take(1)))).pipe(
    switchMap(() => throwError(() => signal.reason as unknown)),
  );
}

function isStream(body: BodyInit | null | undefined): boolean {
  return typeof ReadableStream !== "undefined" && body instanceof ReadableStream;
}

function parseJson(text: string): unknown {
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
