import { asyncScheduler, throwError, timeout, type MonoTypeOperatorFunction, type SchedulerLike } from "rxjs";
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
  // An infinite `each` would be scheduled as a timer RxJS clamps to ~1 ms: skip it instead.
  if (ms === Number.POSITIVE_INFINITY) return (source) => source;
  return timeout({
    each: ms,
    scheduler,
    with: () => throwError(() => new FalTimeoutError("inactivity", ms, what)),
  });
}
