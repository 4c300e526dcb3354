import { asyncScheduler, identity, throttleTime, type MonoTypeOperatorFunction, type SchedulerLike } from "rxjs";

/**
 * Thins a fast input stream (pointer moves, keystrokes) to what a realtime app can keep up with:
 * the first input goes out at once, then at most one per `ms` window, always the latest one of the
 * window (leading and trailing), so the last input is never lost. When the source completes, a
 * held trailing input is still emitted at the end of its window. `0` lets every input through.
 *
 * @example
 * fromEvent<PointerEvent>(canvas, "pointermove").pipe(throttleInputs(128)) // ≤ ~8 inputs a second
 */
export function throttleInputs<T>(ms: number, scheduler: SchedulerLike = asyncScheduler): MonoTypeOperatorFunction<T> {
  return ms > 0 ? throttleTime<T>(ms, scheduler, { leading: true, trailing: true }) : identity;
}
