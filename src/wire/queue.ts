import * as z from "zod/mini";

/**
 * The queue's payloads, as fal sends them: the zod schemas the client checks answers with, and the
 * normalised types it emits. Field names stay snake_case: these are fal's objects. Objects are
 * loose: a field fal adds tomorrow passes through and never breaks a client.
 */

/** One log line of a running request. Only `message` is certain; fal sends the rest too. */
export const QueueLogLine = z.looseObject({
  message: z.string(),
  /** `STDERR`, `STDOUT`, `ERROR`, `INFO`, `WARN` or `DEBUG`. */
  level: z.optional(z.string()),
  source: z.optional(z.string()),
  /** ISO 8601. */
  timestamp: z.optional(z.string()),
});
export type QueueLogLine = z.infer<typeof QueueLogLine>;

const Logs = z.nullish(z.array(QueueLogLine));
const Url = z.nullish(z.string());
const RequestFields = {
  request_id: z.nullish(z.string()),
  response_url: Url,
  status_url: Url,
  cancel_url: Url,
};

/** What `POST {queue}/{id}` answers. */
export const SubmitAnswer = z.looseObject({
  ...RequestFields,
  // Unlike a status, a submit answer without its id is useless.
  request_id: z.string(),
  status: z.optional(z.string()),
  queue_position: z.nullish(z.number()),
  gateway_request_id: z.nullish(z.string()),
});
export type SubmitAnswer = z.infer<typeof SubmitAnswer>;

const InQueuePayload = z.looseObject({ status: z.literal("IN_QUEUE"), queue_position: z.number(), ...RequestFields });
const InProgressPayload = z.looseObject({ status: z.literal("IN_PROGRESS"), logs: Logs, ...RequestFields });
const CompletedPayload = z.looseObject({
  status: z.literal("COMPLETED"),
  logs: Logs,
  metrics: z.nullish(z.looseObject({ inference_time: z.nullish(z.number()) })),
  /** Present when the request failed. */
  error: z.nullish(z.string()),
  error_type: z.nullish(z.string()),
  ...RequestFields,
});

/**
 * What `GET .../status` answers, and the `data:` of each status-stream event: one object per
 * `status`. A plain union rather than `z.discriminatedUnion`, which costs the browser bundle about
 * 0.5 KB gzip more; `checkWire` still reports an unknown `status` at `status`, naming the three.
 * Check payloads with {@link statusPayloadSchema}, which picks the branch by its tag.
 */
export const QueueStatusPayload = z.union([InQueuePayload, InProgressPayload, CompletedPayload]);
export type QueueStatusPayload = z.infer<typeof QueueStatusPayload>;

const PAYLOAD_BY_STATUS = new Map<unknown, z.ZodMiniType<QueueStatusPayload>>([
  ["IN_QUEUE", InQueuePayload],
  ["IN_PROGRESS", InProgressPayload],
  ["COMPLETED", CompletedPayload],
]);

/**
 * The schema a status payload is checked with: the branch its `status` names, else the whole union
 * (whose error names the three). A union tries its branches in turn, each a full object parse, so a
 * COMPLETED status would be parsed three times on every poll that ends a job.
 */
export function statusPayloadSchema(value: unknown): z.ZodMiniType<QueueStatusPayload> {
  const tag = typeof value === "object" && value !== null ? (value as { status?: unknown }).status : undefined;
  return PAYLOAD_BY_STATUS.get(tag) ?? QueueStatusPayload;
}

/**
 * What `PUT .../cancel` answers (202, or 400 with `ALREADY_COMPLETED`): `status` is
 * `CANCELLATION_REQUESTED` or `ALREADY_COMPLETED`; fal's docs also name `OK` and `NOT_FOUND`.
 */
export const CancelAnswer = z.looseObject({ status: z.string() });
export type CancelAnswer = z.infer<typeof CancelAnswer>;

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
