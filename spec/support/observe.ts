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

/**
 * Resolves when `predicate` holds; fails after `withinMs` of wall time. The one way specs wait for
 * an effect of a socket, a timer or another process. Bounded by time, not by a count of event-loop
 * turns: on a loaded machine thousands of idle turns can pass before a socket read or a timer lands.
 * The first checks come on the next turns (most effects over loopback land within a few); after that
 * it checks every `everyMs`, so a long wait leaves the CPU to the server or child it waits on.
 */
export async function until(predicate: () => boolean, what: string, withinMs = 10_000, everyMs = 2): Promise<void> {
  const deadline = performance.now() + withinMs;
  for (let turn = 0; !predicate(); turn++) {
    if (performance.now() > deadline) throw new Error(`gave up waiting for ${what} after ${withinMs} ms`);
    await new Promise((resolve) => (turn < 50 ? setImmediate(resolve) : setTimeout(resolve, everyMs)));
  }
}

export { firstValueFrom };
