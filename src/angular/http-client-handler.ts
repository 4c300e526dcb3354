import {
  HttpErrorResponse,
  HttpEventType,
  HttpHeaders,
  HttpRequest as AngularHttpRequest,
  type HttpClient,
  type HttpEvent,
  type HttpResponse,
} from "@angular/common/http";
import { catchError, filter, map, of, switchMap, throwError, type Observable } from "rxjs";
import type { HttpHandler, HttpRequest, RequestBody } from "../index.js";

/** Server-sent events stay on fetch: HttpClient buffers a body until it ends (docs/angular.md, "Streaming"). */
const EVENT_STREAM = /\btext\/event-stream\b/i;
const JSON_TYPE = /^application\/([\w.+-]*\+)?json\b/i;
const TEXT_ACCEPT = /\b(application\/([\w.+-]*\+)?json|text\/[\w.+-]+|\*\/\*)/i;
const BODYLESS = new Set(["GET", "HEAD", "DELETE", "OPTIONS", "JSONP"]);
/** Statuses whose Response may not have a body (the Response constructor throws otherwise). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * An {@link HttpHandler} that sends each request through Angular's `HttpClient`, so the app's
 * interceptors see fal requests and `HttpTestingController` can answer them. The core pipeline
 * (headers, proxy, key, status -> typed error, retries) is unchanged: this is only the last step,
 * where bytes leave, and it stays an Observable end to end (unsubscribing cancels the request).
 *
 * - Streamed bodies go to `streaming` (HttpClient cannot send them), and so do requests that accept
 *   `text/event-stream` (`stream$`, the queue's status stream) unless `eventStreams` is
 *   `"httpClient"`: HttpClient delivers a body only once it has ended. Through HttpClient, an event
 *   stream's answer without a content type (what `TestRequest.flush(text)` sends) is labelled one.
 * - A JSON body reaches HttpClient as the object the call sent (interceptors and
 *   `TestRequest.request.body` see `{prompt: "a cat"}`), never serialised and parsed back.
 * - Answers are read as text (JSON and text requests; `accept` is `application/json` unless a call
 *   sets it) or as bytes (any other `accept`), and handed to the pipeline as a `Response` with the
 *   server's status and headers, so errors are the same `ApiError`s as over fetch. An answer without
 *   a content type whose text is JSON (what `TestRequest.flush({...})` sends) is labelled JSON.
 * - Status 0 (no answer) errors with a `TypeError`, which the pipeline reports as `NetworkError`;
 *   an error an interceptor throws is passed on as it is.
 *
 * @example
 * createFalClient({ proxyUrl: "/api/fal/proxy", httpHandler: httpClientHandler(inject(HttpClient), fetchHandler()) })
 */
export function httpClientHandler(http: HttpClient, streaming: HttpHandler, eventStreams: "streaming" | "httpClient" = "streaming"): HttpHandler {
  return (request, read) => {
    const acceptsEvents = EVENT_STREAM.test(header(request, "accept") ?? "");
    if ((acceptsEvents && eventStreams === "streaming") || isStream(request.body)) return streaming(request, read);
    const method = request.method.toUpperCase();
    const options = {
      headers: new HttpHeaders(request.headers as Record<string, string>),
      responseType: TEXT_ACCEPT.test(header(request, "accept") ?? "*/*") ? ("text" as const) : ("arraybuffer" as const),
    };
    // HttpRequest reads its third argument as options, not a body, for methods that carry none.
    const outgoing = BODYLESS.has(method)
      ? new AngularHttpRequest(method as "GET", request.url, options)
      : new AngularHttpRequest(method, request.url, httpBody(request), options);
    return http.request(outgoing).pipe(
      filter((event: HttpEvent<unknown>): event is HttpResponse<string | ArrayBuffer> => event.type === HttpEventType.Response),
      map((response) => fetchResponse(response.status, response.headers, response.body, acceptsEvents)),
      catchError((error: unknown) => fromHttpError(error)),
      switchMap(read),
    );
  };
}

/** What HttpClient sends. JSON goes as the object (HttpClient serialises it), other bodies as they are. */
function httpBody(request: HttpRequest): unknown {
  const { json, body } = request;
  if (json !== undefined) {
    // Only objects and arrays: HttpClient would send `null` as no body and a bare string unquoted.
    return json !== null && typeof json === "object" ? json : JSON.stringify(json);
  }
  if (body === null || body === undefined) return null;
  // HttpClient serializes any other object as JSON: bytes go as the ArrayBuffer they view.
  if (ArrayBuffer.isView(body)) return body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength);
  return body;
}

function fromHttpError(error: unknown): Observable<Response> {
  if (error instanceof HttpErrorResponse && error.status > 0) {
    const body: unknown = error.error;
    return of(fetchResponse(error.status, error.headers, typeof body === "string" || body instanceof ArrayBuffer ? body : null));
  }
  // Status 0 is no answer at all (refused, reset, CORS): what fetch does then, a TypeError, which the
  // pipeline reports as a NetworkError. Anything else (an interceptor's own error) goes as it is.
  if (!(error instanceof HttpErrorResponse)) return throwError(() => error);
  return throwError(() => new TypeError("HttpClient got no answer from the server", { cause: error.error }));
}

function fetchResponse(status: number, httpHeaders: HttpHeaders, body: string | ArrayBuffer | null, acceptsEvents = false): Response {
  const headers = new Headers();
  for (const name of httpHeaders.keys()) headers.set(name, httpHeaders.getAll(name)?.join(", ") ?? "");
  if (typeof body === "string" && !headers.has("content-type")) {
    if (parsesAsJson(body)) headers.set("content-type", "application/json");
    else if (acceptsEvents) headers.set("content-type", "text/event-stream");
  }
  return new Response(NULL_BODY.has(status) ? null : body, { status, headers });
}

/** A request header by name, whatever its case. */
function header(request: HttpRequest, name: string): string | undefined {
  for (const [key, value] of Object.entries(request.headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}

function isStream(body: RequestBody | undefined): boolean {
  return typeof ReadableStream !== "undefined" && body instanceof ReadableStream;
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return text !== "";
  } catch {
    return false;
  }
}
