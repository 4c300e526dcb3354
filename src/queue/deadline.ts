import { asyncScheduler, mergeMap, takeUntil, throwError, timer, type MonoTypeOperatorFunction, type SchedulerLike } from "rxjs";
import { FalTimeoutError } from "../errors.js";

/**
 * Errors with `FalTimeoutError` (kind `"total"`) when the source has not completed `ms` after
 * subscribe, unsubscribing from it first; a source that ends in time cancels the timer. The error
 * is a notification, never a throw from a timer callback, so `catchError` handles it. `what()` is
 * asked when the time is up, so the message can name what was known by then (a request id).
 *
 * @example
 * job$.pipe(totalTimeout(60_000, () => `subscribe$ ${id}`)) // ---a---b--- 60s #
 */
export function totalTimeout<T>(ms: number, what: () => string, scheduler: SchedulerLike = asyncScheduler): MonoTypeOperatorFunction<T> {
  // takeUntil forwards its notifier's error (and unsubscribes the source): exactly a deadline.
  return takeUntil(timer(ms, scheduler).pipe(mergeMap(() => throwError(() => new FalTimeoutError("total", ms, what())))));
}
