import { from, Observable, type ObservableInput } from "rxjs";
import type { FetchLike } from "../config.js";

/**
 * The one place fal-rx calls `fetch`. Same contract as `rxjs/fetch`'s `fromFetch` with a selector:
 * the request is aborted if the subscriber leaves before the selector's Observable completes, so
 * unsubscribing mid-body aborts the whole exchange. It differs in one way: it calls the `fetch` it
 * is given, because `fromFetch` always calls the global one and fal-rx honours a custom `fetch`
 * for every request (docs/transport.md explains the choice).
 */
export function fetch$<T>(
  fetchImpl: FetchLike,
  url: string,
  init: RequestInit,
  selector: (response: Response) => ObservableInput<T>,
): Observable<T> {
  return new Observable<T>((subscriber) => {
    const controller = new AbortController();
    // Once the selector's Observable has ended there is nothing left to abort.
    let settled = false;
    let innerTeardown: (() => void) | undefined;

    fetchImpl(url, { ...init, signal: controller.signal }).then(
      (response) => {
        if (subscriber.closed) return;
        const inner = from(selector(response)).subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            settled = true;
            subscriber.error(error);
          },
          complete: () => {
            settled = true;
            subscriber.complete();
          },
        });
        innerTeardown = () => inner.unsubscribe();
      },
      (error: unknown) => {
        settled = true;
        // After an abort we asked for, the subscriber is gone: nothing to report.
        if (!controller.signal.aborted) subscriber.error(error);
      },
    );

    return () => {
      innerTeardown?.();
      if (!settled) controller.abort();
    };
  });
}
