import { catchError, concatWith, defer, map, of, throwError, toArray, type Observable, type SchedulerLike } from "rxjs";
import { ApiError, FalError, WireFormatError } from "../errors.js";
import { redact, snippet } from "../safe-text.js";
import { bodyChunks$ } from "../transport/body-chunks.js";
import { inactivityTimeout } from "../transport/inactivity.js";
import { decodeChunks } from "../transport/response.js";
import { parseSse, SseEventTooLargeError, SseTruncatedError, type SseEvent } from "../transport/sse.js";
import { HEADER } from "../wire/headers.js";
import type { StreamEvent } from "./events.js";

/**
 * The events of a 2xx answer to a stream call. An event stream: one partial per data event as its
 * bytes arrive, then the last data event as the result. Anything else: its body (JSON parsed,
 * text, or a Blob) as the result. The inactivity timeout runs on the raw bytes, so keep-alive
 * comments count as activity; the clock starts when the answer's headers have arrived.
 *
 * Errors: see the error makers below; nothing here is retried (the answer has started).
 */
export function streamEvents$<O, P>(
  response: Response,
  request: { method: string; url: string },
  limits: { readonly timeout: number; readonly maxEventSize: number },
  scheduler: SchedulerLike,
): Observable<StreamEvent<O, P>> {
  const where: StreamExchange = {
    ...request,
    status: response.status,
    requestId: response.headers.get(HEADER.requestId) ?? undefined,
  };
  const chunks$ = bodyChunks$(response.body).pipe(
    inactivityTimeout<Uint8Array>(limits.timeout, `${request.method} ${redact(request.url)}`, scheduler),
  );
  return isEventStream(response) ? events$<O, P>(chunks$, limits.maxEventSize, where) : wholeBody$<O, P>(chunks$, response, where);
}

function events$<O, P>(chunks$: Observable<Uint8Array>, maxEventSize: number, where: StreamExchange): Observable<StreamEvent<O, P>> {
  return defer(() => {
    // Only the latest data event is kept (it may become the result): memory does not grow with
    // the number of partials.
    let last: unknown;
    let count = 0;
    return chunks$.pipe(
      parseSse(maxEventSize),
      map((event): StreamEvent<O, P> => {
        const data = dataOf(event, where);
        last = data;
        count++;
        return { type: "partial", data: data as P };
      }),
      concatWith(
        defer(() =>
          count > 0
            ? of<StreamEvent<O, P>>({ type: "result", data: last as O, requestId: where.requestId ?? "" })
            : throwError(() => noDataError(where)),
        ),
      ),
      catchError((error: unknown) => throwError(() => readFailure(error, count, where))),
    );
  });
}

/** A data event's JSON, or the error it stands for. */
function dataOf(event: SseEvent, where: StreamExchange): unknown {
  let payload: unknown;
  try {
    payload = JSON.parse(event.data);
  } catch (cause) {
    // An error event may carry plain text; any other event must be JSON.
    if (event.type === "error") throw serverError(event, event.data, where);
    throw notJsonError(event, cause, where);
  }
  if (event.type === "error" || carriesError(payload)) throw serverError(event, payload, where);
  return payload;
}

/** A 2xx answer that is not an event stream: its whole body is the result. */
function wholeBody$<O, P>(chunks$: Observable<Uint8Array>, response: Response, where: StreamExchange): Observable<StreamEvent<O, P>> {
  return chunks$.pipe(
    toArray(),
    // Decoded like any other answer (JSON checked, text, or a Blob), so run$ and stream$ agree.
    map((chunks) => decodeChunks<O>(response, chunks, where.method, where.url)),
    map((read): StreamEvent<O, P> => ({ type: "result", data: read.data, requestId: where.requestId ?? "" })),
    catchError((error: unknown) => throwError(() => readFailure(error, 0, where))),
  );
}

function isEventStream(response: Response): boolean {
  return (response.headers.get("content-type") ?? "").trim().toLowerCase().startsWith("text/event-stream");
}

// What a stream's failures become: the errors stream$ documents.

/** The exchange a stream belongs to, for error messages and fields. */
interface StreamExchange {
  readonly method: string;
  /** The logical URL (redacted by the error classes themselves). */
  readonly url: string;
  readonly status: number;
  readonly requestId: string | undefined;
}

/**
 * The error a server reports inside the stream, as `event: error` or as a data event carrying
 * `{error: ...}`: an {@link ApiError} with the server's message and type. Its `status` is the one
 * the payload names (`status_code`/`status`), else 500: the HTTP status was a 200 sent before the
 * model failed, and 500 is what a failed run answers (fal's own client says 500 too).
 */
function serverError(event: SseEvent, payload: unknown, where: StreamExchange): ApiError {
  const outer = asObject(payload);
  const inner = outer?.error ?? payload;
  const error = asObject(inner);
  const message =
    (typeof inner === "string" ? inner : undefined) ??
    text(error?.message) ??
    text(error?.detail) ??
    text(outer?.detail) ??
    text(outer?.message) ??
    snippet(event.data, 200);
  return new ApiError({
    status: statusIn(error) ?? statusIn(outer) ?? 500,
    body: payload,
    url: where.url,
    method: where.method,
    requestId: where.requestId,
    errorType: text(error?.type) ?? text(error?.error_type) ?? text(outer?.error_type),
    detail: `the server reported an error in event #${event.index}: ${message}`,
  });
}

/** A data event whose data is not JSON: names its position and shows how it starts. */
function notJsonError(event: SseEvent, cause: unknown, where: StreamExchange): WireFormatError {
  return wireError(
    where,
    `event #${event.index} is not JSON (${(cause as Error).message}); it starts with ${JSON.stringify(snippet(event.data, 80))}`,
    { body: event.data, cause },
  );
}

/** The body ended (cleanly) without a single data event: there is no result to give. */
function noDataError(where: StreamExchange): WireFormatError {
  return wireError(where, "the event stream ended without a data event (fal sends the result as the last one)");
}

/**
 * What a failure while reading a 2xx stream becomes. fal-rx errors (a server error event, a
 * non-JSON event, the inactivity timeout) pass through. An event cut off by the end of the body,
 * or the connection failing mid-stream, becomes a {@link WireFormatError}: the answer had started,
 * so it is not a {@link NetworkError} ("no answer"), and it is never retried.
 */
function readFailure(error: unknown, events: number, where: StreamExchange): Error {
  if (error instanceof SseTruncatedError) {
    return wireError(where, `the event stream was cut in the middle of event #${error.index}`, { cause: error });
  }
  if (error instanceof SseEventTooLargeError) return wireError(where, error.message, { cause: error });
  if (error instanceof FalError) return error;
  const why = (error as { message?: unknown } | undefined)?.message;
  return wireError(where, `the connection was cut after ${events} event(s)${typeof why === "string" ? ` (${why})` : ""}`, {
    cause: error,
  });
}

function wireError(where: StreamExchange, detail: string, extra: { body?: unknown; cause?: unknown } = {}): WireFormatError {
  return new WireFormatError({
    status: where.status,
    body: extra.body,
    url: where.url,
    method: where.method,
    requestId: where.requestId,
    detail,
    cause: extra.cause,
  });
}

/** Does a parsed data event carry an error (`{error: ...}` with a value)? fal sends `error: null` in good events. */
function carriesError(payload: unknown): boolean {
  const error = asObject(payload)?.error;
  return error !== undefined && error !== null && error !== false && error !== "";
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function statusIn(source: Record<string, unknown> | undefined): number | undefined {
  const status = source?.status_code ?? source?.status;
  return typeof status === "number" && status >= 400 && status <= 599 ? status : undefined;
}
