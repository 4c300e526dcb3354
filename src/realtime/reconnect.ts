import {
  asyncScheduler,
  catchError,
  pipe,
  retry,
  throwError,
  timer,
  type MonoTypeOperatorFunction,
  type SchedulerLike,
} from "rxjs";
import { FalError } from "../errors.js";
import { backoffDelay } from "../transport/retry.js";
import { RealtimeConnectionError } from "./errors.js";
import type { ReconnectOptions } from "./options.js";

/**
 * One connection ended in a way that calls for a new one (with a fresh token): a close with a code
 * other than 1000, a socket that failed to open, or an `Unauthorized` answer. Internal: after the
 * last reconnect it becomes a {@link RealtimeConnectionError}.
 */
export class ConnectionDroppedError extends FalError {
  override name = "ConnectionDroppedError";
  constructor(
    readonly code: number | undefined,
    readonly reason: string,
    readonly url: string,
  ) {
    super(`realtime connection dropped: ${code ?? ""} ${reason}`);
  }
}

/**
 * Resubscribes (= reconnects) after a {@link ConnectionDroppedError}, waiting an exponential
 * backoff on `scheduler` between consecutive failures; any emitted value (a result) resets the
 * count. Other errors pass through at once. After `maxRetries` reconnects in a row have failed too,
 * errors with a {@link RealtimeConnectionError} carrying the last close code and reason.
 *
 * @example
 * connection$.pipe(reconnectWithBackoff({ ...REALTIME_DEFAULTS.reconnect, maxRetries: 5 }))
 */
export function reconnectWithBackoff<T>(
  policy: ReconnectOptions,
  scheduler: SchedulerLike = asyncScheduler,
  random: () => number = Math.random,
): MonoTypeOperatorFunction<T> {
  // The HTTP backoff formula; HTTP's statuses play no part: a dropped socket is always worth a retry.
  return pipe(
    retry({
      count: policy.maxRetries,
      resetOnSuccess: true,
      delay: (error: unknown, attempt: number) =>
        error instanceof ConnectionDroppedError
          ? timer(backoffDelay(attempt, policy, random), scheduler)
          : throwError(() => error),
    }),
    catchError((error: unknown) =>
      throwError(() =>
        error instanceof ConnectionDroppedError
          ? new RealtimeConnectionError({ code: error.code, reason: error.reason, url: error.url, attempts: policy.maxRetries + 1 })
          : error,
      ),
    ),
  );
}
