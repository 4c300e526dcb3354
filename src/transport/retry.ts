import { asyncScheduler, retry, throwError, timer, type MonoTypeOperatorFunction, type SchedulerLike } from "rxjs";
import { DEFAULTS, type BackoffOptions, type RetryOptions } from "../config.js";
import { ApiError, NetworkError, unreadableFileCause } from "../errors.js";

/** A retry policy for one request: the client's options, plus rules callers set per request. */
export interface RetryPolicy extends RetryOptions {
  /**
   * Retry a transport failure only when the request surely was not sent (`NetworkError.beforeSend`:
   * refused, unresolvable host). For requests that must not run twice, such as a queue submit.
   * @default false (any transport failure is retried)
   */
  readonly onlyUnsentNetworkErrors?: boolean;
}

/**
 * Is another try worth it? Transport failures and the policy's statuses are; `X-Fal-Needs-Retry: 1`
 * always is; fal's user timeout (504 + `x-fal-request-timeout-type: user`) never is: the caller's
 * own `startTimeout` ran out and another try would only run out again.
 */
export function isRetryable(error: unknown, policy: RetryPolicy): boolean {
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
 * Delay before retry number `attempt` (1-based): exponential backoff capped at `maxDelay`, spread
 * ±25 % when jitter is on. A `Retry-After` from the server (seconds or an HTTP date) replaces the
 * backoff, still capped at `maxDelay` so a server cannot park a subscriber for hours.
 */
export function retryDelay(
  error: unknown,
  attempt: number,
  policy: BackoffOptions,
  now: number,
  random: () => number,
): number {
  const requested = error instanceof ApiError ? retryAfterMs(error.retryAfter, now) : undefined;
  if (requested !== undefined) return Math.min(requested, policy.maxDelay);
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
    delay: (error: unknown, attempt: number) =>
      isRetryable(error, policy)
        ? timer(retryDelay(error, attempt, policy, scheduler.now(), random), scheduler)
        : throwError(() => error),
  });
}
