import {
  asyncScheduler,
  catchError,
  concat,
  concatMap,
  EMPTY,
  expand,
  map,
  of,
  switchMap,
  takeWhile,
  throwError,
  timer,
  type Observable,
  type SchedulerLike,
} from "rxjs";
import type { NormalizedConfig } from "../config.js";
import { ApiError, FalTimeoutError, NetworkError } from "../errors.js";
import { redact } from "../safe-text.js";
import { request$ } from "../transport/request.js";
import type { FalResponse } from "../transport/response.js";
import { SseEventTooLargeError, SseTruncatedError } from "../transport/sse.js";
import type { CompletedStatus, QueueRequestRef, QueueStatus } from "../wire/queue.js";
import { status$, statusEvents$ } from "./status.js";
import { statusChanges } from "./status-changes.js";

/*
 * Watching a queued request to its end: status changes, by polling or the status stream, then its
 * result. These are the events `subscribe$` (and `queue.subscribe$`) emit.
 */

/** A status change of a queued request (only emitted when something changed). */
export interface StatusEvent {
  readonly type: "status";
  readonly status: QueueStatus;
}

/** The model's output: the last event of a successful `subscribe$`. */
export interface ResultEvent<O> {
  readonly type: "result";
  readonly data: O;
  /** fal's request id, the same as every status's `request_id`. */
  readonly requestId: string;
}

/** What `subscribe$` emits: status events, then exactly one result event. */
export type SubscribeEvent<O> = StatusEvent | ResultEvent<O>;

/**
 * Follows a submitted request to its end: a status event per change (starting with `first`, the
 * submit answer, when given), then the result. Completes after the result event.
 *
 * Errors: a COMPLETED status with `error` is emitted, then errors as an `ApiError` carrying
 * `errorType` and `requestId` (the result is not fetched); a result fetch that fails (the stored 422
 * of a failed run) errors as `run$` would; status reads error after their retries.
 *
 * @example
 * follow$(config, ref, submitted, { mode: "polling", logs: true, pollInterval: 500 })
 * // status(IN_QUEUE) status(IN_PROGRESS) status(COMPLETED) result|
 */
export function follow$<O>(
  config: NormalizedConfig,
  ref: QueueRequestRef,
  first: QueueStatus | undefined,
  settings: WatchSettings,
  scheduler: SchedulerLike = asyncScheduler,
): Observable<SubscribeEvent<O>> {
  const changes$ = watchStatus$(config, ref, settings, scheduler).pipe(statusChanges(first));
  return concat(first ? of(first) : EMPTY, changes$).pipe(
    concatMap((status): Observable<SubscribeEvent<O>> => {
      const event$ = of({ type: "status" as const, status });
      if (status.status !== "COMPLETED") return event$;
      if (status.error !== undefined) return concat(event$, throwError(() => completionError({ ...status, error: status.error! })));
      return concat(event$, result$<O>(config, ref, scheduler).pipe(map((result) => ({ type: "result" as const, ...result }))));
    }),
  );
}

/** How a request is watched. */
export interface WatchSettings {
  /** `"polling"`: `GET status` every `pollInterval` ms; `"streaming"`: read the status stream. */
  readonly mode: "polling" | "streaming";
  /** Ask for log lines (`?logs=1`). */
  readonly logs: boolean;
  /** ms from one poll's answer to the next poll (also when a stream falls back to polling). */
  readonly pollInterval: number;
}

/**
 * Statuses of a queued request until COMPLETED (emitted, then complete), as they arrive: not
 * deduplicated, logs as sent. Polls, or reads the status stream and falls back to polling if it
 * ends early. Errors with what a status read errors with, after its retries.
 */
export function watchStatus$(
  config: NormalizedConfig,
  ref: QueueRequestRef,
  settings: WatchSettings,
  scheduler: SchedulerLike = asyncScheduler,
): Observable<QueueStatus> {
  const polling$ = pollStatus(status$(config, ref, settings.logs, scheduler), settings.pollInterval, scheduler);
  return settings.mode === "streaming" ? streamThenPoll(statusEvents$(config, ref, settings.logs, scheduler), polling$) : polling$;
}

/**
 * Polls until a COMPLETED status: the first poll at once, each next one `interval` ms after the
 * previous answer arrived, so polls never overlap and a slow answer pushes the next poll back.
 * `poll$` is one request: it emits one status and completes. Unsubscribing stops the timer and
 * aborts a poll in flight.
 *
 * @example
 * pollStatus(status$(config, ref, false), 500) // -a 500ms -b 500ms -c(COMPLETED)|
 */
export function pollStatus(poll$: Observable<QueueStatus>, interval: number, scheduler: SchedulerLike = asyncScheduler): Observable<QueueStatus> {
  return poll$.pipe(
    expand((status) => (status.status === "COMPLETED" ? EMPTY : timer(interval, scheduler).pipe(switchMap(() => poll$)))),
  );
}

/**
 * Reads `stream$` up to its COMPLETED status. If the stream ends before that (cleanly, or as
 * `endedEarly` below tells: cut off, gone silent, an event without end), continues
 * with `polling$` instead of failing or hanging. Other stream errors (an `ApiError` after
 * retries) error the result.
 */
export function streamThenPoll(stream$: Observable<QueueStatus>, polling$: Observable<QueueStatus>): Observable<QueueStatus> {
  return concat(
    stream$.pipe(catchError((error: unknown) => (endedEarly(error) ? EMPTY : throwError(() => error)))),
    polling$,
  ).pipe(
    // COMPLETED from the stream completes the whole: the stream is closed there and `concat`
    // never reaches `polling$`, which it subscribes only once the stream has ended early.
    takeWhile((status) => status.status !== "COMPLETED", true),
  );
}

/**
 * A stream that stopped without the answer: cut off (mid-event, or after its retries a connection
 * that would not hold: the stream is not retried once its answer has begun), silent, or sending an
 * event that would not end. Polling can still get the answer.
 */
function endedEarly(error: unknown): boolean {
  return (
    error instanceof SseTruncatedError ||
    error instanceof SseEventTooLargeError ||
    error instanceof NetworkError ||
    (error instanceof FalTimeoutError && error.kind === "inactivity")
  );
}

/**
 * `GET {response_url}`: emits the model's output and the request id, then completes. What a failed
 * run stored (a 422...) errors as the same typed error `run$` would give.
 */
export function result$<O>(
  config: NormalizedConfig,
  ref: QueueRequestRef,
  scheduler: SchedulerLike = asyncScheduler,
): Observable<{ readonly data: O; readonly requestId: string }> {
  return request$<FalResponse<O>>(config, { method: "GET", url: ref.response_url }, scheduler).pipe(
    map((response) => ({ data: response.data, requestId: ref.request_id })),
  );
}

/**
 * The HTTP status fal uses for each platform `error_type` (fal-protocol.md, Errors). A COMPLETED
 * status carries no HTTP status of its own, so the error's `status` is the one the same failure
 * has on a synchronous run; 500 for a type not listed.
 */
const STATUS_OF_ERROR_TYPE: Readonly<Record<string, number>> = {
  request_timeout: 504,
  startup_timeout: 504,
  runner_scheduling_failure: 503,
  runner_connection_timeout: 503,
  runner_disconnected: 503,
  runner_connection_refused: 503,
  runner_connection_error: 503,
  runner_incomplete_response: 502,
  runner_server_error: 500,
  client_disconnected: 499,
  client_cancelled: 499,
  bad_request: 400,
  internal_error: 500,
};

/**
 * The error for a request that COMPLETED with `error`: an {@link ApiError} with `errorType`,
 * `requestId`, the status as `body`, and a message that says the job failed (the status read
 * itself succeeded: no "failed with 500" for an answer that was a 200), with the model's error,
 * its type and where the status lives.
 */
function completionError(status: CompletedStatus & { error: string }): ApiError {
  const errorType = status.error_type;
  return new ApiError({
    message: `fal request ${status.request_id} failed${errorType ? ` (${errorType})` : ""}: ${status.error} (status: ${redact(status.status_url)})`,
    status: (errorType && STATUS_OF_ERROR_TYPE[errorType]) || 500,
    body: status,
    url: status.status_url,
    method: "GET",
    requestId: status.request_id,
    errorType,
  });
}
