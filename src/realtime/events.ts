import { filter, type OperatorFunction } from "rxjs";

/** An answer of the app: the whole decoded frame, and its `request_id` (`""` when it had none). */
export interface RealtimeResult<O> {
  readonly type: "result";
  readonly data: O;
  readonly requestId: string;
}

/** An informational `x-fal-message` frame (emitted only with `messages: true`). */
export interface RealtimeMessage {
  readonly type: "message";
  readonly data: Record<string, unknown>;
}

/** What a realtime session emits. */
export type RealtimeEvent<O> = RealtimeResult<O> | RealtimeMessage;

/**
 * Keeps only the results of a realtime session (drops `message` events), typed as such.
 *
 * @example
 * realtime.connect$<Out>(id, inputs$, { messages: true }).pipe(results()).subscribe(({ data }) => show(data));
 */
export function results<O>(): OperatorFunction<RealtimeEvent<O>, RealtimeResult<O>> {
  return filter((event): event is RealtimeResult<O> => event.type === "result");
}

/** What a decoded frame means, by fal's realtime protocol. */
export type FrameKind =
  | { kind: "result"; data: unknown; requestId: string }
  | { kind: "message"; data: Record<string, unknown> }
  /** The token was refused: get a new one and reconnect. */
  | { kind: "unauthorized" }
  /** `x-fal-error` with `TIMEOUT`: the connection idled. Not a failure. */
  | { kind: "idle" }
  | { kind: "error"; error: string; reason: string; requestId: string };

/**
 * Sorts a decoded frame: `{status: "error", error: "Unauthorized"}`, `{type: "x-fal-message"}`,
 * `{type: "x-fal-error", error, reason}` (`TIMEOUT` = idle), and anything else is a result (a
 * non-object frame too: an app may answer with bare bytes or text).
 */
export function classifyFrame(frame: unknown): FrameKind {
  if (typeof frame !== "object" || frame === null || Array.isArray(frame)) {
    return { kind: "result", data: frame, requestId: "" };
  }
  const record = frame as Record<string, unknown>;
  const requestId = typeof record.request_id === "string" ? record.request_id : "";
  if (record.status === "error" && record.error === "Unauthorized") return { kind: "unauthorized" };
  if (record.type === "x-fal-message") return { kind: "message", data: record };
  if (record.type === "x-fal-error" || record.status === "error") {
    const error = typeof record.error === "string" ? record.error : "UNKNOWN";
    if (error === "TIMEOUT") return { kind: "idle" };
    const reason = typeof record.reason === "string" ? record.reason : typeof record.detail === "string" ? record.detail : "";
    return { kind: "error", error, reason, requestId };
  }
  return { kind: "result", data: record, requestId };
}
