import { asyncScheduler, catchError, filter, map, of, throwError, type Observable, type SchedulerLike } from "rxjs";
import { DEFAULTS, type NormalizedConfig } from "../config.js";
import { ApiError } from "../errors.js";
import { redact } from "../safe-text.js";
import type { Endpoint } from "../routes.js";
import { request$, streamRequest$ } from "../transport/request.js";
import { parseJson, type FalResponse } from "../transport/response.js";
import { bodyChunks$ } from "../transport/body-chunks.js";
import { inactivityTimeout } from "../transport/inactivity.js";
import { parseSse } from "../transport/sse.js";
import { CancelAnswer, QueueStatusPayload, SubmitAnswer, type InQueueStatus, type QueueRequestRef, type QueueStatus } from "../wire/queue.js";
import { submitRetryPolicy, statusRetryPolicy } from "./policies.js";
import { normalizeStatus, statusFromSubmit, statusStreamUrlOf, statusUrlOf } from "./request-ref.js";
import { checkWire, originOf } from "../transport/wire-check.js";

/** A submit, options already checked and turned into URL, headers and body. */
export interface SubmitRequest {
  /** The endpoint, to build URLs the answer leaves out. */
  readonly endpoint: Endpoint;
  /** `{queue}/{id}`, with `fal_webhook` in the query when asked. */
  readonly url: string;
  readonly headers: Record<string, string>;
  /** The prepared input (sent as `{}` when undefined). */
  readonly input: unknown;
}

/**
 * `POST {queue}/{id}`: emits the submit answer as an {@link InQueueStatus} (id and URLs), then
 * completes. Retries only when the submit surely was not accepted (see `submitRetryPolicy`).
 * Errors: `ApiError`/`ValidationError`, `NetworkError`, `WireFormatError` (answer without `request_id`).
 */
export function submit$(config: NormalizedConfig, request: SubmitRequest, scheduler: SchedulerLike = asyncScheduler): Observable<InQueueStatus> {
  const { url } = request;
  return request$<FalResponse<unknown>>(
    config,
    { method: "POST", url, headers: request.headers, json: request.input ?? {}, retry: submitRetryPolicy(config) },
    scheduler,
  ).pipe(
    map((response) => {
      const answer = checkWire(SubmitAnswer, response.data, originOf("POST", url, response), "the submit answer");
      return statusFromSubmit(config, request.endpoint, answer);
    }),
  );
}

/**
 * `GET {status_url}?logs=0|1`: emits one checked {@link QueueStatus}, then completes. Retried like
 * every status read (500 too, more tries). Errors as {@link submit$}.
 */
export function status$(config: NormalizedConfig, ref: QueueRequestRef, logs: boolean, scheduler: SchedulerLike = asyncScheduler): Observable<QueueStatus> {
  const url = statusUrlOf(ref, logs);
  return request$<FalResponse<unknown>>(config, { method: "GET", url, retry: statusRetryPolicy(config) }, scheduler).pipe(
    map((response) => normalizeStatus(checkWire(QueueStatusPayload, response.data, originOf("GET", url, response), "the status"), ref)),
  );
}

/**
 * `GET {status_url}/stream?logs=0|1`: each event's status, as sent (logs may be only the new lines).
 * Completes when the server ends the stream, which may be before COMPLETED; errors with
 * `SseTruncatedError` when it ends mid-event, and with `FalTimeoutError` (kind `"inactivity"`)
 * when not even a keep-alive came for `DEFAULTS.statusStreamSilence` ms. Unsubscribing closes the
 * connection.
 */
export function statusEvents$(config: NormalizedConfig, ref: QueueRequestRef, logs: boolean, scheduler: SchedulerLike = asyncScheduler): Observable<QueueStatus> {
  const url = statusStreamUrlOf(ref, logs);
  const request = { method: "GET", url, headers: { accept: "text/event-stream" }, retry: statusRetryPolicy(config) };
  return streamRequest$(
    config,
    request,
    (response) => {
      // Where each event came from, for its errors: the same for every event of the stream.
      const origin = { method: "GET", url, status: response.status, requestId: ref.request_id };
      const where = { response, method: "GET", url };
      return bodyChunks$(response.body).pipe(
        // On the bytes, so keep-alive comments count as signs of life.
        inactivityTimeout(DEFAULTS.statusStreamSilence, `GET ${redact(url)}`, scheduler),
        parseSse(DEFAULTS.maxEventSize),
        // Events without data carry nothing to report (the keep-alives are comments already).
        filter((event) => event.data.trim() !== ""),
        map((event) => normalizeStatus(checkWire(QueueStatusPayload, parseJson(event.data, where), origin, `status event #${event.index}`), ref)),
      );
    },
    scheduler,
  );
}

/**
 * `GET {response_url}`: emits the model's output and the request id, then completes. What a failed
 * run stored (a 422...) errors as the same typed error `run$` would give.
 */
export function result$<O>(
  config: NormalizedConfig,
  ref: QueueRequestRef,
  scheduler: SchedulerLike = asyncScheduler,
): Observable<{ readonly data: O; readonly requestId: string }> {
  return request$<FalResponse<O>>(config, { method: "GET", url: ref.response_url }, scheduler).pipe(
    map((response) => ({ data: response.data, requestId: ref.request_id })),
  );
}

/**
 * `PUT {cancel_url}`: emits fal's answer, `{status: "CANCELLATION_REQUESTED"}`, or
 * `{status: "ALREADY_COMPLETED"}` (fal's 400 for a finished request is an answer, not a failure).
 * Errors with `ApiError` for anything else (an unknown id: 404).
 */
export function cancel$(config: NormalizedConfig, ref: QueueRequestRef, scheduler: SchedulerLike = asyncScheduler): Observable<CancelAnswer> {
  const url = ref.cancel_url;
  return request$<FalResponse<unknown>>(config, { method: "PUT", url }, scheduler).pipe(
    // fal answers 202 with a body; an empty one still means the cancel was taken.
    map((response) => checkWire(CancelAnswer, response.data ?? { status: "CANCELLATION_REQUESTED" }, originOf("PUT", url, response), "the cancel answer")),
    catchError((error: unknown) => (isAlreadyCompleted(error) ? of({ status: "ALREADY_COMPLETED" }) : throwError(() => error))),
  );
}

function isAlreadyCompleted(error: unknown): boolean {
  if (!(error instanceof ApiError) || error.status !== 400) return false;
  const answer = CancelAnswer.safeParse(error.body);
  return answer.success && answer.data.status === "ALREADY_COMPLETED";
}

