import { ApiError, redact } from "../errors.js";
import type { CompletedStatus } from "../wire/queue.js";

/**
 * The HTTP status fal uses for each platform `error_type` (fal-protocol.md, Errors). A COMPLETED
 * status carries no HTTP status of its own, so the error's `status` is the one the same failure
 * has on a synchronous run; 500 for a type not listed.
 */
const STATUS_OF_ERROR_TYPE: Readonly<Record<string, number>> = {
  request_timeout: 504,
  startup_timeout: 504,
  runner_scheduling_failure: 503,
  runner_connection_timeout: 503,
  runner_disconnected: 503,
  runner_connection_refused: 503,
  runner_connection_error: 503,
  runner_incomplete_response: 502,
  runner_server_error: 500,
  client_disconnected: 499,
  client_cancelled: 499,
  bad_request: 400,
  internal_error: 500,
};

/**
 * The error for a request that COMPLETED with `error`: an {@link ApiError} with `errorType`,
 * `requestId`, the status as `body`, and a message that says the job failed (the status read
 * itself succeeded: no "failed with 500" for an answer that was a 200), with the model's error,
 * its type and where the status lives.
 */
export function completionError(status: CompletedStatus & { error: string }): ApiError {
  const errorType = status.error_type;
  return new ApiError({
    message: `fal request ${status.request_id} failed${errorType ? ` (${errorType})` : ""}: ${status.error} (status: ${redact(status.status_url)})`,
    status: (errorType && STATUS_OF_ERROR_TYPE[errorType]) || 500,
    body: status,
    url: status.status_url,
    method: "GET",
    requestId: status.request_id,
    errorType,
  });
}
