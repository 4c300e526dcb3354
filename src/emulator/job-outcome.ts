import type { ServerResponse } from "node:http";
import { EndpointError, EndpointResponse } from "./endpoints.js";
import { sendBody, sendJson } from "./http.js";

/** What a finished job answers on its result route, and what its COMPLETED status says. */
export interface JobOutcome {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
  /** Outputs are sent as JSON; an `EndpointResponse` or error body as given. */
  readonly json: boolean;
  /** Set for failures the status reports (5xx, cancellation): COMPLETED then carries `error`/`error_type`. */
  readonly error?: string;
  readonly errorType?: string;
}

/** How a cancelled job ends: 499 `client_cancelled`, reported on its COMPLETED status. */
export const CANCELLED: JobOutcome = {
  status: 499,
  body: { detail: "Request was cancelled", error_type: "client_cancelled" },
  headers: { "x-fal-error-type": "client_cancelled" },
  json: true,
  error: "Request was cancelled",
  errorType: "client_cancelled",
};

/** How a job that waited past its `x-fal-request-timeout` ends: fal's user timeout (504), never retried. */
export const START_TIMED_OUT: JobOutcome = {
  status: 504,
  body: { detail: "Request timed out before a runner could start it", error_type: "request_timeout" },
  headers: { "x-fal-error-type": "request_timeout", "x-fal-request-timeout-type": "user" },
  json: true,
  error: "Request timed out before a runner could start it",
  errorType: "request_timeout",
};

/** A handler's return value as a stored answer: an `EndpointResponse` as given, anything else as JSON. */
export function outcomeOf(output: unknown): JobOutcome {
  if (!(output instanceof EndpointResponse)) return { status: 200, body: output ?? null, headers: {}, json: true };
  return withError({ status: output.status, body: output.body, headers: output.headers, json: false });
}

/** A handler's throw: `EndpointError` as given, anything else fal's `runner_server_error` (500). */
export function failureOf(error: unknown): JobOutcome {
  if (error instanceof EndpointError) return withError({ status: error.status, body: error.body, headers: error.headers, json: false });
  const message = error instanceof Error ? error.message : String(error);
  return withError({
    status: 500,
    body: { detail: message, error_type: "runner_server_error" },
    headers: { "x-fal-error-type": "runner_server_error" },
    json: true,
  });
}

/**
 * Answers a request with an outcome: the one place a run's, a queued job's or a fault's outcome
 * becomes HTTP (status, `x-fal-request-id`, the outcome's headers, its body as JSON or as given).
 */
export function sendOutcome(res: ServerResponse, outcome: JobOutcome, requestId: string): void {
  const headers = { "x-fal-request-id": requestId, ...outcome.headers };
  if (outcome.json) return sendJson(res, outcome.status, outcome.body, headers);
  sendBody(res, outcome.status, outcome.body, headers);
}

/**
 * A 5xx is a failure of the run itself, which fal reports on the COMPLETED status (`error`,
 * `error_type`). A 4xx is the app's own answer (a 422 for bad input): the status says COMPLETED and
 * the result route returns it.
 */
function withError(outcome: JobOutcome): JobOutcome {
  if (outcome.status < 500) return outcome;
  const body = (outcome.body ?? {}) as { detail?: unknown; error_type?: unknown };
  const error = typeof body.detail === "string" ? body.detail : `the run failed with ${outcome.status}`;
  const errorType = typeof body.error_type === "string" ? body.error_type : (outcome.headers["x-fal-error-type"] ?? "runner_server_error");
  return { ...outcome, error, errorType };
}
