import type { QueueStatus } from "../wire/queue.js";

/** A status change of a queued request (only emitted when something changed). */
export interface StatusEvent {
  readonly type: "status";
  readonly status: QueueStatus;
}

/** The model's output: the last event of a successful `subscribe$`. */
export interface ResultEvent<O> {
  readonly type: "result";
  readonly data: O;
  /** fal's request id, the same as every status's `request_id`. */
  readonly requestId: string;
}

/** What `subscribe$` emits: status events, then exactly one result event. */
export type SubscribeEvent<O> = StatusEvent | ResultEvent<O>;
