import { asyncScheduler, defer, mergeMap, takeUntil, tap, throwError, timer, type MonoTypeOperatorFunction, type SchedulerLike } from "rxjs";
import { FalTimeoutError } from "../errors.js";

/**
 * Errors with `FalTimeoutError` (kind `"total"`) when the source has not completed `ms` after
 * subscribe, unsubscribing from it first; a source that ends in time cancels the timer. The error
 * is a notification, never a throw from a timer callback, so `catchError` handles it. `what` is
 * asked when the time is up, given the last value the source emitted (as RxJS's `timeout` hands
 * its `with` the `lastValue`), so the message can name what was known by then (a request id).
 *
 * @example
 * job$.pipe(totalTimeout(60_000, (last) => `subscribe$ ${id}`)) // ---a---b--- 60s #
 */
export function totalTimeout<T>(ms: number, what: (last: T | undefined) => string, scheduler: SchedulerLike = asyncScheduler): MonoTypeOperatorFunction<T> {
  return (source) =>
    defer(() => {
      // Per subscription, and only this operator's: the value the message is worded from.
      let last: T | undefined;
      // takeUntil forwards its notifier's error (and unsubscribes the source): exactly a deadline.
      const deadline$ = timer(ms, scheduler).pipe(mergeMap(() => throwError(() => new FalTimeoutError("total", ms, what(last)))));
      return source.pipe(
        tap((value) => (last = value)),
        takeUntil(deadline$),
      );
    });
}
