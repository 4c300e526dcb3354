import type { NormalizedConfig } from "../config.js";
import { requestUrl, withQuery, type Endpoint } from "../routes.js";
import type { InQueueStatus, QueueRequestRef, QueueStatus, QueueStatusPayload, SubmitAnswer } from "../wire/queue.js";

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

/**
 * The submit answer as the first status. fal's docs say to use the URLs submit returns rather than
 * build them, so those win; the id's routes fill in only what is absent. A submit answer without
 * `queue_position` is reported as position 0.
 */
export function statusFromSubmit(config: NormalizedConfig, endpoint: Endpoint, answer: SubmitAnswer): InQueueStatus {
  const built = refFromId(config, endpoint, answer.request_id);
  return {
    status: "IN_QUEUE",
    queue_position: answer.queue_position ?? 0,
    request_id: answer.request_id,
    response_url: answer.response_url ?? built.response_url,
    status_url: answer.status_url ?? built.status_url,
    cancel_url: answer.cancel_url ?? built.cancel_url,
  };
}

/** Only the id and URLs of a status: what the follow-up requests need. */
export function refOf(status: QueueRequestRef): QueueRequestRef {
  const { request_id, response_url, status_url, cancel_url } = status;
  return { request_id, response_url, status_url, cancel_url };
}

/** A checked status payload with every field present: the id and URLs from `ref` when absent, logs `[]`. */
export function normalizeStatus(payload: QueueStatusPayload, ref: QueueRequestRef): QueueStatus {
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

/** `status_url` with `?logs=0|1`. */
export function statusUrlOf(ref: QueueRequestRef, logs: boolean): string {
  return withQuery(ref.status_url, { logs: logs ? 1 : 0 });
}

/** The status stream: `status_url` + `/stream` (before any query), with `?logs=0|1`. */
export function statusStreamUrlOf(ref: QueueRequestRef, logs: boolean): string {
  const [path, query] = splitQuery(ref.status_url);
  return withQuery(`${path.replace(/\/$/, "")}/stream${query}`, { logs: logs ? 1 : 0 });
}

function splitQuery(url: string): [string, string] {
  const at = url.indexOf("?");
  return at < 0 ? [url, ""] : [url.slice(0, at), url.slice(at)];
}
