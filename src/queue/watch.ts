import {
  asyncScheduler,
  catchError,
  concat,
  EMPTY,
  expand,
  switchMap,
  takeWhile,
  throwError,
  timer,
  type Observable,
  type SchedulerLike,
} from "rxjs";
import type { NormalizedConfig } from "../config.js";
import { FalTimeoutError, NetworkError } from "../errors.js";
import { SseEventTooLargeError, SseTruncatedError } from "../transport/sse.js";
import type { QueueRequestRef, QueueStatus } from "../wire/queue.js";
import { status$, statusEvents$ } from "./status.js";

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
