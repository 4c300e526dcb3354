import { firstValueFrom, lastValueFrom, toArray, type Observable } from "rxjs";

/** All values of a finite Observable. */
export function collect<T>(source$: Observable<T>): Promise<T[]> {
  return lastValueFrom(source$.pipe(toArray()));
}

/** The error an Observable ends with; fails the test if it completes instead. */
export async function errorOf(source$: Observable<unknown>): Promise<Error> {
  try {
    await lastValueFrom(source$, { defaultValue: undefined });
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the Observable to error, but it completed");
}

/** Resolves when `predicate` holds, checking on each event-loop turn (bounded). */
export async function until(predicate: () => boolean, what: string, turns = 2000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (predicate()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/**
 * Resolves when `predicate` holds, checked every `everyMs`, or fails after `ms`. Bounded by time
 * rather than by event-loop turns like `until()`: for effects that wait on timers or on another
 * process, which a burst of idle turns can outrun (or starve of CPU).
 */
export async function eventually(predicate: () => boolean, what: string, ms: number, everyMs: number): Promise<void> {
  const deadline = performance.now() + ms;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`gave up waiting for ${what} after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export { firstValueFrom };
