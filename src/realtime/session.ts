import { defer, Subject, type Observable, type Subscription } from "rxjs";
import type { RealtimeEvent } from "./events.js";

/** The `send`-style face of a realtime session, for code coming from `@fal-ai/client`. */
export interface RealtimeSession<I, O> {
  /** Sends an input (throttled like any input). Opens the connection on first use; ignored after `close()`. */
  send(input: I): void;
  /**
   * The session's events, hot: each subscriber sees those that arrive while it is subscribed.
   * Subscribing opens the connection too. Errors like `connect$`; completes on `close()`.
   */
  readonly results$: Observable<RealtimeEvent<O>>;
  /** Closes the connection (code 1000) and completes `results$`. Idempotent. */
  close(): void;
}

/**
 * Turns `connect$` into a handle: `send()` feeds its inputs, `results$` multicasts its events,
 * `close()` ends it. The connection opens on the first `send()` or `results$` subscription (not
 * at creation), so creating a session is free.
 *
 * @example
 * const session = openSession((inputs$) => connect$(config, "fal-ai/app", inputs$));
 * session.results$.subscribe(({ data }) => show(data));
 * session.send({ prompt: "a cat" });
 */
export function openSession<I, O>(connect: (inputs$: Observable<I>) => Observable<RealtimeEvent<O>>): RealtimeSession<I, O> {
  const inputs = new Subject<I>();
  const events = new Subject<RealtimeEvent<O>>();
  let connection: Subscription | undefined;
  let closed = false;
  // The adapter's one subscription: a handle has no subscriber to drive the session for it.
  const start = () => {
    if (!closed) connection ??= connect(inputs).subscribe(events);
  };
  return {
    send(input) {
      start();
      if (!closed) inputs.next(input);
    },
    results$: defer(() => {
      start();
      return events;
    }),
    close() {
      if (closed) return;
      closed = true;
      connection?.unsubscribe();
      events.complete();
    },
  };
}
