import { asyncScheduler, filter, map, type Observable, type SchedulerLike } from "rxjs";
import { DEFAULTS, type NormalizedConfig } from "../config.js";
import { requestUrl, withQuery, type Endpoint } from "../routes.js";
import { redact } from "../safe-text.js";
import { bodyChunks$ } from "../transport/body-chunks.js";
import { inactivityTimeout } from "../transport/inactivity.js";
import { request$, streamRequest$ } from "../transport/request.js";
import { parseJson, type FalResponse } from "../transport/response.js";
import type { RetryPolicy } from "../transport/retry.js";
import { parseSse } from "../transport/sse.js";
import { checkWire, originOf, type PayloadOrigin } from "../transport/wire-check.js";
import { statusPayloadSchema, type QueueRequestRef, type QueueStatus, type QueueStatusPayload } from "../wire/queue.js";

/*
 * A queued request, known by its ref (its id and URLs), and its status: one read (`status$`) or
 * the status stream (`statusEvents$`). Watching it to the end is watch.ts's.
 */

/** A request id as fal hands them out: a non-empty string (what a caller passes is checked with it). */
export function isRequestId(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/**
 * The URLs of a request known only by its id: fal's documented routes on the configured queue host
 * (`{queue}/{owner}/{alias}/requests/{id}`; the endpoint's sub-path is dropped, as fal does).
 */
export function refFromId(config: NormalizedConfig, endpoint: Endpoint, requestId: string): QueueRequestRef {
  const base = requestUrl(config.baseUrls, endpoint, requestId);
  return { request_id: requestId, response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel` };
}

/** Only the id and URLs of a status: what the follow-up requests need. */
export function refOf(status: QueueRequestRef): QueueRequestRef {
  const { request_id, response_url, status_url, cancel_url } = status;
  return { request_id, response_url, status_url, cancel_url };
}

/**
 * `GET {status_url}?logs=0|1`: emits one checked {@link QueueStatus}, then completes. Retried like
 * every status read (500 too, more tries). Errors: `ApiError`, `NetworkError`, `WireFormatError`
 * (an answer that is not a status).
 */
export function status$(config: NormalizedConfig, ref: QueueRequestRef, logs: boolean, scheduler: SchedulerLike = asyncScheduler): Observable<QueueStatus> {
  const url = withQuery(ref.status_url, { logs: logs ? 1 : 0 });
  return request$<FalResponse<unknown>>(config, { method: "GET", url, retry: statusRetryPolicy(config) }, scheduler).pipe(
    map((response) => normalizeStatus(checkStatus(response.data, originOf("GET", url, response), "the status"), ref)),
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
        map((event) => normalizeStatus(checkStatus(parseJson(event.data, where), origin, `status event #${event.index}`), ref)),
      );
    },
    scheduler,
  );
}

/**
 * Status reads (polls and the status stream) are read-only, so they retry harder: also on 500,
 * and at least {@link DEFAULTS.pollMaxRetries} times, as fal's own client does.
 */
function statusRetryPolicy(config: NormalizedConfig): RetryPolicy {
  return {
    ...config.retry,
    maxRetries: Math.max(config.retry.maxRetries, DEFAULTS.pollMaxRetries),
    retryableStatusCodes: DEFAULTS.pollRetryableStatusCodes,
  };
}

/** A checked status payload with every field present: the id and URLs from `ref` when absent, logs `[]`. */
/** Checks a status payload by the branch its tag names (see `statusPayloadSchema`). */
function checkStatus(value: unknown, origin: PayloadOrigin, what: string): QueueStatusPayload {
  return checkWire(statusPayloadSchema(value), value, origin, what);
}

function normalizeStatus(payload: QueueStatusPayload, ref: QueueRequestRef): QueueStatus {
  const common: QueueRequestRef = {
    request_id: payload.request_id ?? ref.request_id,
    response_url: payload.response_url ?? ref.response_url,
    status_url: payload.status_url ?? ref.status_url,
    cancel_url: payload.cancel_url ?? ref.cancel_url,
  };
  switch (payload.status) {
    case "IN_QUEUE":
      return { status: "IN_QUEUE", queue_position: payload.queue_position, ...common };
    case "IN_PROGRESS":
      return { status: "IN_PROGRESS", logs: payload.logs ?? [], ...common };
    case "COMPLETED": {
      const inferenceTime = payload.metrics?.inference_time;
      return {
        status: "COMPLETED",
        logs: payload.logs ?? [],
        metrics: typeof inferenceTime === "number" ? { inference_time: inferenceTime } : {},
        ...(typeof payload.error === "string" ? { error: payload.error } : {}),
        ...(typeof payload.error_type === "string" ? { error_type: payload.error_type } : {}),
        ...common,
      };
    }
  }
}

/** The status stream: `status_url` + `/stream` (before any query), with `?logs=0|1`. */
function statusStreamUrlOf(ref: QueueRequestRef, logs: boolean): string {
  const at = ref.status_url.indexOf("?");
  const [path, query] = at < 0 ? [ref.status_url, ""] : [ref.status_url.slice(0, at), ref.status_url.slice(at)];
  return withQuery(`${path.replace(/\/$/, "")}/stream${query}`, { logs: logs ? 1 : 0 });
}
