import { asyncScheduler, concat, concatMap, EMPTY, map, of, throwError, type Observable, type SchedulerLike } from "rxjs";
import type { NormalizedConfig } from "../config.js";
import type { QueueRequestRef, QueueStatus } from "../wire/queue.js";
import { completionError } from "./completion-error.js";
import type { SubscribeEvent } from "./events.js";
import { result$ } from "./status.js";
import { statusChanges } from "./status-changes.js";
import { watchStatus$, type WatchSettings } from "./watch.js";

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
