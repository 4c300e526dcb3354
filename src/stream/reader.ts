import { catchError, concatWith, defer, map, of, throwError, toArray, type Observable, type SchedulerLike } from "rxjs";
import { redact } from "../safe-text.js";
import { bodyChunks$ } from "../transport/body-chunks.js";
import { inactivityTimeout } from "../transport/inactivity.js";
import { decodeChunks } from "../transport/response.js";
import { parseSse, type SseEvent } from "../transport/sse.js";
import { HEADER } from "../wire/headers.js";
import { carriesError, noDataError, notJsonError, readFailure, serverError, type StreamExchange } from "./errors.js";
import type { StreamEvent } from "./events.js";

/**
 * The events of a 2xx answer to a stream call. An event stream: one partial per data event as its
 * bytes arrive, then the last data event as the result. Anything else: its body (JSON parsed,
 * text, or a Blob) as the result. The inactivity timeout runs on the raw bytes, so keep-alive
 * comments count as activity; the clock starts when the answer's headers have arrived.
 *
 * Errors: see `stream-errors.ts`; nothing here is retried (the answer has started).
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
