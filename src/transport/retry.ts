import { asyncScheduler, retry, throwError, timer, type MonoTypeOperatorFunction, type SchedulerLike } from "rxjs";
import { DEFAULTS, type BackoffOptions, type RetryOptions } from "../config.js";
import { ApiError, NetworkError } from "../errors.js";

/** A retry policy for one request: the client's options, plus rules callers set per request. */
export interface RetryPolicy extends RetryOptions {
  /**
   * Retry a transport failure only when the request surely was not sent (`NetworkError.beforeSend`:
   * refused, unresolvable host). For requests that must not run twice, such as a queue submit.
   * @default false (any transport failure is retried)
   */
  readonly onlyUnsentNetworkErrors?: boolean;
  /**
   * Has the answer begun? Once it has, nothing is retried (a stream's events may have reached the
   * subscriber already). Set by `streamRequest$` per subscription.
   * @default never
   */
  readonly answered?: () => boolean;
}

/**
 * Is another try worth it? Transport failures and the policy's statuses are; `X-Fal-Needs-Retry: 1`
 * always is; fal's user timeout (504 + `x-fal-request-timeout-type: user`) never is: the caller's
 * own `startTimeout` ran out and another try would only run out again.
 */
export function isRetryable(error: unknown, policy: RetryPolicy): boolean {
  if (policy.answered?.()) return false;
  if (error instanceof NetworkError) {
    // The request's own body could not be read (a file changed or vanished mid-upload): fetch
    // reports it as a transport failure, but another try would fail the same way.
    if (unreadableFileCause(error)) return false;
    return !policy.onlyUnsentNetworkErrors || error.beforeSend;
  }
  if (!(error instanceof ApiError)) return false;
  if (error.userTimeout) return false;
  return error.needsRetry || policy.retryableStatusCodes.includes(error.status);
}

/**
 * Delay before retry number `attempt` (1-based), or `undefined` when the server asked for a wait
 * too long to be worth it. A `Retry-After` (seconds or an HTTP date) is the server's word: the
 * retry goes exactly then, `maxDelay` notwithstanding (it caps the backoff only), unless that is
 * more than `DEFAULTS.maxRetryAfter` away. Otherwise exponential backoff capped at `maxDelay`,
 * spread ±25 % when jitter is on.
 */
export function retryDelay(
  error: unknown,
  attempt: number,
  policy: BackoffOptions,
  now: number,
  random: () => number,
): number | undefined {
  const requested = error instanceof ApiError ? retryAfterMs(error.retryAfter, now) : undefined;
  if (requested !== undefined) return requested <= DEFAULTS.maxRetryAfter ? requested : undefined;
  return backoffDelay(attempt, policy, random);
}

/** Exponential backoff for retry number `attempt` (1-based), capped at `maxDelay`, ±25 % with jitter. */
export function backoffDelay(attempt: number, policy: BackoffOptions, random: () => number): number {
  const backoff = Math.min(policy.baseDelay * policy.backoffMultiplier ** (attempt - 1), policy.maxDelay);
  if (!policy.enableJitter) return backoff;
  const spread = 1 - DEFAULTS.jitter + random() * 2 * DEFAULTS.jitter;
  return Math.round(Math.min(backoff * spread, policy.maxDelay));
}

/** `Retry-After` in ms: delta-seconds or an HTTP date; `undefined` when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(header)) return Math.round(Number(header) * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Retries the source with the policy above. Each retry resubscribes, so the whole request is
 * rebuilt (credentials and middleware asked again). Timing runs on `scheduler` (marble tests).
 */
export function retryWithBackoff<T>(
  policy: RetryPolicy,
  scheduler: SchedulerLike = asyncScheduler,
  random: () => number = Math.random,
): MonoTypeOperatorFunction<T> {
  return retry({
    count: policy.maxRetries,
    delay: (error: unknown, attempt: number) => {
      const delay = isRetryable(error, policy) ? retryDelay(error, attempt, policy, scheduler.now(), random) : undefined;
      return delay === undefined ? throwError(() => error) : timer(delay, scheduler);
    },
  });
}

/**
 * The platform's "could not read this Blob" error in `error` or its causes (fetch wraps it in a
 * TypeError, fal-rx in a NetworkError), or `undefined` when the failure was something else.
 */
export function unreadableFileCause(error: unknown): Error | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if ((current as { name?: unknown }).name === "NotReadableError") return current as Error;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
