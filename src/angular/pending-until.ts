import type { PendingTasks } from "@angular/core";
import { Observable, type MonoTypeOperatorFunction } from "rxjs";

/**
 * Holds one of Angular's {@link PendingTasks} from subscribe until the operation has settled: the
 * first value `settled` accepts (a `result`, an `uploaded` event), an error, completion or
 * unsubscribe, whichever comes first. While it is held the application is not stable, so
 * `ApplicationRef.whenStable()` waits and server-side rendering serializes the page only once the
 * result is in it.
 *
 * The task is released *after* the value is delivered: the subscriber's signal update schedules
 * change detection (itself a pending task) before ours goes, so the app never looks stable between
 * the result and its rendering. Released at most once, so nothing leaks whichever way it ends.
 *
 * @example
 * fal.subscribe$(id, { input }).pipe(pendingUntil(inject(PendingTasks), (e) => e.type === "result"))
 */
export function pendingUntil<T>(tasks: PendingTasks, settled: (value: T) => boolean): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      let removeTask: (() => void) | undefined = tasks.add();
      const release = () => {
        const remove = removeTask;
        removeTask = undefined;
        remove?.();
      };
      const subscription = source.subscribe({
        next: (value) => {
          subscriber.next(value);
          if (settled(value)) release();
        },
        error: (error: unknown) => {
          subscriber.error(error);
          release();
        },
        complete: () => {
          subscriber.complete();
          release();
        },
      });
      return () => {
        subscription.unsubscribe();
        release();
      };
    });
}
