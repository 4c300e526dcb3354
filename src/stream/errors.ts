import { ApiError, FalError, WireFormatError } from "../errors.js";
import { snippet } from "../safe-text.js";
import { SseEventTooLargeError, SseTruncatedError, type SseEvent } from "../transport/sse.js";

/** The exchange a stream belongs to, for error messages and fields. */
export interface StreamExchange {
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
export function serverError(event: SseEvent, payload: unknown, where: StreamExchange): ApiError {
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
export function notJsonError(event: SseEvent, cause: unknown, where: StreamExchange): WireFormatError {
  return wireError(
    where,
    `event #${event.index} is not JSON (${(cause as Error).message}); it starts with ${JSON.stringify(snippet(event.data, 80))}`,
    { body: event.data, cause },
  );
}

/** The body ended (cleanly) without a single data event: there is no result to give. */
export function noDataError(where: StreamExchange): WireFormatError {
  return wireError(where, "the event stream ended without a data event (fal sends the result as the last one)");
}

/**
 * What a failure while reading a 2xx stream becomes. fal-rx errors (a server error event, a
 * non-JSON event, the inactivity timeout) pass through. An event cut off by the end of the body,
 * or the connection failing mid-stream, becomes a {@link WireFormatError}: the answer had started,
 * so it is not a {@link NetworkError} ("no answer"), and it is never retried.
 */
export function readFailure(error: unknown, events: number, where: StreamExchange): Error {
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
export function carriesError(payload: unknown): boolean {
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
