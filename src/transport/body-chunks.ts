import { Observable } from "rxjs";

/**
 * The chunks of a response body, pushed as the network delivers them: each `read()` that yields
 * bytes is one emission, so a consumer sees data (and silence) exactly as it arrives.
 *
 * Completes when the body ends; errors with the reader's error (a cut connection is undici's
 * `TypeError: terminated`). A `null` body completes at once. Unsubscribing cancels the reader,
 * which closes the connection, so a consumer that stops early (an unsubscribe, a timeout, an error
 * found in the bytes) releases everything.
 *
 * @example
 * bodyChunks$(response.body).pipe(inactivityTimeout(15_000, "GET …/stream")).subscribe(render);
 */
export function bodyChunks$(body: ReadableStream<Uint8Array> | null): Observable<Uint8Array> {
  return new Observable<Uint8Array>((subscriber) => {
    if (!body) {
      subscriber.complete();
      return;
    }
    const reader = body.getReader();
    // A promise chain, not a loop: every chunk is pushed from the read that produced it.
    const pump = (): void => {
      reader.read().then(
        ({ done, value }) => {
          if (subscriber.closed) return;
          if (done) return subscriber.complete();
          if (value.byteLength > 0) subscriber.next(value);
          pump();
        },
        (error: unknown) => subscriber.error(error),
      );
    };
    pump();
    return () => {
      // Rejects when the stream already errored; nothing left to release then.
      reader.cancel().catch(() => undefined);
    };
  });
}
