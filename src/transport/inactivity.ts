import { asyncScheduler, Observable, type MonoTypeOperatorFunction, type SchedulerAction, type SchedulerLike } from "rxjs";
import { FalTimeoutError } from "../errors.js";

/**
 * Errors with `FalTimeoutError` (`kind: "inactivity"`) when the source stays silent for `ms`:
 * the clock starts at subscribe and restarts on every value, so it fires after silence, never
 * while values flow, however long the whole stream lasts. On firing it unsubscribes the source
 * (for a body: cancels the reader, closing the connection). `Infinity` turns it off.
 *
 * Put it on the raw chunks, not on parsed events, so that bytes that carry no event (keep-alive
 * comments) count as activity.
 *
 * @param what Names the exchange in the error message (method and redacted URL).
 * @example
 * bodyChunks$(body).pipe(inactivityTimeout(15_000, "POST https://fal.run/fal-ai/x/stream"))
 */
export function inactivityTimeout<T>(
  ms: number,
  what: string,
  scheduler: SchedulerLike = asyncScheduler,
): MonoTypeOperatorFunction<T> {
  // An infinite delay would be scheduled as a timer RxJS clamps to ~1 ms: skip it instead.
  if (ms === Number.POSITIVE_INFINITY) return (source) => source;
  return (source) =>
    new Observable<T>((subscriber) => {
      // One watchdog for the whole stream, not a timer re-armed per value (what `timeout({each})`
      // does, and what a fast stream pays for on every chunk): a value only stamps the time, and
      // the watchdog, when it wakes, sleeps again for whatever is left of the silence allowed.
      let lastActivity = scheduler.now();
      const watchdog = scheduler.schedule(function (this: SchedulerAction<unknown>) {
        const silence = scheduler.now() - lastActivity;
        if (silence >= ms) subscriber.error(new FalTimeoutError("inactivity", ms, what));
        else this.schedule(undefined, ms - silence);
      }, ms);
      const subscription = source.subscribe({
        next: (value) => {
          lastActivity = scheduler.now();
          subscriber.next(value);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      return () => {
        watchdog.unsubscribe();
        subscription.unsubscribe();
      };
    });
}
