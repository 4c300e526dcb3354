import { asyncScheduler, catchError, defer, map, of, tap, throwError, type MonoTypeOperatorFunction, type Observable, type SchedulerLike } from "rxjs";
import type { NormalizedConfig } from "../config.js";
import { ApiError, NetworkError } from "../errors.js";
import { request$ } from "../transport/request.js";
import type { FalResponse } from "../transport/response.js";
import { checkWire, originOf } from "../transport/wire-check.js";
import { CancelAnswer, type QueueRequestRef } from "../wire/queue.js";
import { refOf } from "./status.js";
import type { SubscribeEvent } from "./watch.js";

/**
 * `PUT {cancel_url}`: emits fal's answer, `{status: "CANCELLATION_REQUESTED"}`, or
 * `{status: "ALREADY_COMPLETED"}` (fal's 400 for a finished request is an answer, not a failure).
 * Errors with `ApiError` for anything else (an unknown id: 404).
 */
export function cancel$(config: NormalizedConfig, ref: QueueRequestRef, scheduler: SchedulerLike = asyncScheduler): Observable<CancelAnswer> {
  const url = ref.cancel_url;
  return request$<FalResponse<unknown>>(config, { method: "PUT", url }, scheduler).pipe(
    // fal answers 202 with a body; an empty one still means the cancel was taken.
    map((response) => checkWire(CancelAnswer, response.data ?? { status: "CANCELLATION_REQUESTED" }, originOf("PUT", url, response), "the cancel answer")),
    catchError((error: unknown) => (isAlreadyCompleted(error) ? of({ status: "ALREADY_COMPLETED" }) : throwError(() => error))),
  );
}

function isAlreadyCompleted(error: unknown): boolean {
  if (!(error instanceof ApiError) || error.status !== 400) return false;
  const answer = CancelAnswer.safeParse(error.body);
  return answer.success && answer.data.status === "ALREADY_COMPLETED";
}

/**
 * Calls `cancel` once when the subscription ends while the request is still unfinished on fal:
 * unsubscribed (a `switchMap` moving on, a component destroyed) or errored by something other than
 * the server (a `timeout`, a throwing callback). Never after COMPLETED was seen (the result fetch
 * may still be running: the job is done), never before submit answered (there is no id), and never
 * after an `ApiError`/`NetworkError` (the server's answer, or no way to reach it: the job is left
 * alone so it can be resumed by id).
 *
 * One guarded `finalize`, which RxJS runs after the source's own teardown: in-flight status
 * requests are aborted and timers stopped before the cancel is sent.
 *
 * @example
 * job$.pipe(cancelOnUnsubscribe((ref) => cancel$(config, ref).subscribe({ error: onCancelError })))
 */
export function cancelOnUnsubscribe<O>(cancel: (ref: QueueRequestRef) => void): MonoTypeOperatorFunction<SubscribeEvent<O>> {
  return (source) =>
    defer(() => {
      let ref: QueueRequestRef | undefined;
      let settled = false;
      // One tap, its `finalize` the guard: one operator held per job in flight, not two.
      return source.pipe(
        tap({
          next: (event) => {
            if (event.type === "result") settled = true;
            else {
              ref = refOf(event.status);
              if (event.status.status === "COMPLETED") settled = true;
            }
          },
          error: (error: unknown) => {
            if (error instanceof ApiError || error instanceof NetworkError) settled = true;
          },
          finalize: () => {
            if (ref && !settled) cancel(ref);
          },
        }),
      );
    });
}
