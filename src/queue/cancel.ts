import { defer, finalize, tap, type MonoTypeOperatorFunction } from "rxjs";
import { ApiError, NetworkError } from "../errors.js";
import type { QueueRequestRef } from "../wire/queue.js";
import type { SubscribeEvent } from "./events.js";
import { refOf } from "./request-ref.js";

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
        }),
        finalize(() => {
          if (ref && !settled) cancel(ref);
        }),
      );
    });
}
