import { array, literal, nullish, number, object, optional, string, variants, type Shape, type ShapeType } from "./shape.js";

/**
 * The queue's payloads, as fal sends them: the shapes the client checks answers with, and the
 * normalised types it emits. Field names stay snake_case: these are fal's objects.
 */

/** One log line of a running request. Only `message` is certain; fal sends the rest too. */
export interface QueueLogLine {
  readonly message: string;
  /** `STDERR`, `STDOUT`, `ERROR`, `INFO`, `WARN` or `DEBUG`. */
  readonly level?: string;
  readonly source?: string;
  /** ISO 8601. */
  readonly timestamp?: string;
  readonly [other: string]: unknown;
}
export const QueueLogLine: Shape<QueueLogLine> = object({
  message: string,
  level: optional(string),
  source: optional(string),
  timestamp: optional(string),
});

const Logs = nullish(array(QueueLogLine));
const Url = nullish(string);
const RequestFields = {
  request_id: nullish(string),
  response_url: Url,
  status_url: Url,
  cancel_url: Url,
};

/** What `POST {queue}/{id}` answers. */
export const SubmitAnswer = object({
  ...RequestFields,
  // Unlike a status, a submit answer without its id is useless.
  request_id: string,
  status: optional(string),
  queue_position: nullish(number),
  gateway_request_id: nullish(string),
});
export type SubmitAnswer = ShapeType<typeof SubmitAnswer>;

/** What `GET .../status` answers, and the `data:` of each status-stream event. */
export const QueueStatusPayload = variants("status", {
  IN_QUEUE: object({ status: literal("IN_QUEUE"), queue_position: number, ...RequestFields }),
  IN_PROGRESS: object({ status: literal("IN_PROGRESS"), logs: Logs, ...RequestFields }),
  COMPLETED: object({
    status: literal("COMPLETED"),
    logs: Logs,
    metrics: nullish(object({ inference_time: nullish(number) })),
    /** Present when the request failed. */
    error: nullish(string),
    error_type: nullish(string),
    ...RequestFields,
  }),
});
export type QueueStatusPayload = ShapeType<typeof QueueStatusPayload>;

/** What `PUT .../cancel` answers (202, or 400 with `ALREADY_COMPLETED`). */
export interface CancelAnswer {
  /** `CANCELLATION_REQUESTED`, `ALREADY_COMPLETED`; fal's docs also name `OK` and `NOT_FOUND`. */
  readonly status: string;
  readonly [other: string]: unknown;
}
export const CancelAnswer: Shape<CancelAnswer> = object({ status: string });

/** Where a queued request lives: its id and the URLs submit returned (or that were built from the id). */
export interface QueueRequestRef {
  readonly request_id: string;
  /** `GET` it for the result. */
  readonly response_url: string;
  /** `GET` it for the status (`?logs=1` for logs; `/stream` appended for the status stream). */
  readonly status_url: string;
  /** `PUT` it to cancel. */
  readonly cancel_url: string;
}

/** Waiting for a runner; `queue_position` requests are ahead of it. */
export interface InQueueStatus extends QueueRequestRef {
  readonly status: "IN_QUEUE";
  readonly queue_position: number;
}

/** Running; `logs` holds every line so far (empty unless logs were asked for). */
export interface InProgressStatus extends QueueRequestRef {
  readonly status: "IN_PROGRESS";
  readonly logs: readonly QueueLogLine[];
}

/** Done. A request that failed carries `error` (a message) and `error_type`. */
export interface CompletedStatus extends QueueRequestRef {
  readonly status: "COMPLETED";
  readonly logs: readonly QueueLogLine[];
  readonly metrics: { readonly inference_time?: number };
  readonly error?: string;
  readonly error_type?: string;
}

/** A queued request's status, checked and normalised (every field present, logs an array). */
export type QueueStatus = InQueueStatus | InProgressStatus | CompletedStatus;
