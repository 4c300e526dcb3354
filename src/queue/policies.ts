import { DEFAULTS, type NormalizedConfig } from "../config.js";
import type { RetryPolicy } from "../transport/retry.js";

/**
 * Submit retries only when the submit surely was not accepted, because a retried submit whose
 * first try was accepted runs (and bills) the model twice, with two request ids:
 * - 429 and 503: the queue refused it (full, no runner); and any `X-Fal-Needs-Retry: 1`;
 * - a transport failure before the request was sent (refused, unresolvable host).
 * Never a 502/504 or a connection lost after sending: the job may exist without our knowing its id.
 */
export function submitRetryPolicy(config: NormalizedConfig): RetryPolicy {
  return { ...config.retry, retryableStatusCodes: DEFAULTS.submitRetryableStatusCodes, onlyUnsentNetworkErrors: true };
}

/**
 * Status reads (polls and the status stream) are read-only, so they retry harder: also on 500,
 * and at least {@link DEFAULTS.pollMaxRetries} times, as fal's own client does.
 */
export function statusRetryPolicy(config: NormalizedConfig): RetryPolicy {
  return {
    ...config.retry,
    maxRetries: Math.max(config.retry.maxRetries, DEFAULTS.pollMaxRetries),
    retryableStatusCodes: DEFAULTS.pollRetryableStatusCodes,
  };
}
