/** Header names of fal's protocol, lower-case as `Headers` reports them. */
export const HEADER = {
  authorization: "authorization",
  requestId: "x-fal-request-id",
  errorType: "x-fal-error-type",
  needsRetry: "x-fal-needs-retry",
  requestTimeout: "x-fal-request-timeout",
  requestTimeoutType: "x-fal-request-timeout-type",
  objectLifecyclePreference: "x-fal-object-lifecycle-preference",
  objectLifecycle: "x-fal-object-lifecycle",
  queuePriority: "x-fal-queue-priority",
  runnerHint: "x-fal-runner-hint",
  targetUrl: "x-fal-target-url",
  retryAfter: "retry-after",
} as const;

/** `Authorization` value for a fal key (`Key <id:secret>`). */
export function keyAuthorization(key: string): string {
  return `Key ${key}`;
}

/** The query parameter fal reads a short-lived token from (never the key: that goes only in a header). */
export const TOKEN_QUERY = "fal_jwt_token";
