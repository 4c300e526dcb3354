import { normalizeSchemas, type OutputSchemaOption } from "../call/schemas.js";
import type { StandardSchemaV1 } from "../call/standard-schema.js";
import { DEFAULTS } from "../config.js";
import { InvalidOptionError } from "../errors.js";
import { resolveEndpoint, type Endpoint } from "../routes.js";
import type { QueueStatus } from "../wire/queue.js";
import { isRequestId } from "./status.js";
import type { SubmitOptions } from "./submit.js";
import type { WatchSettings } from "./watch.js";

/** Options of `subscribe$`: the submit's, how to watch, and what to do when the caller leaves. */
export interface SubscribeOptions<I = unknown, O = unknown> extends SubmitOptions<I>, OutputSchemaOption<O> {
  /**
   * Watch a request submitted earlier (e.g. before a page reload) instead of submitting: same
   * events, starting with its current status. The submit options are then ignored.
   * @default undefined (submit a new request)
   */
  requestId?: string;
  /** `"polling"` (`GET status` every `pollInterval`) or `"streaming"` (the status stream, polling if it ends early). @default "polling" */
  mode?: "polling" | "streaming";
  /** ms from one status answer to the next poll. @default 500 ({@link DEFAULTS.pollInterval}) */
  pollInterval?: number;
  /** Ask for log lines: each IN_PROGRESS/COMPLETED status then carries every line so far. @default false */
  logs?: boolean;
  /** ms from subscribe until the Observable errors with `FalTimeoutError` (kind `"total"`) and the request is cancelled. @default undefined (no limit) */
  timeout?: number;
  /**
   * Send `PUT cancel_url` when unsubscribed (or timed out) before COMPLETED. A job this
   * subscription submitted is cancelled by default; a job only watched by `requestId` (started
   * elsewhere: another page, a server) is not, unless asked: leaving a page that watches must not
   * kill the job.
   * @default true when submitting, false with `requestId`
   */
  cancelOnUnsubscribe?: boolean;
  /** Told when that fire-and-forget cancel fails; the error is otherwise dropped. @default undefined */
  onCancelError?: (error: unknown) => void;
  /** `@fal-ai/client` compatibility: called with the request id once submit answers. @default undefined */
  onEnqueue?: (requestId: string) => void;
  /** `@fal-ai/client` compatibility: called with every status event's status. @default undefined */
  onQueueUpdate?: (status: QueueStatus) => void;
}

/** {@link SubscribeOptions} with defaults applied: what `subscribe$` works with. */
export interface SubscribeSettings extends WatchSettings {
  readonly endpoint: Endpoint;
  /** The `output` schema, checked. */
  readonly output: StandardSchemaV1 | undefined;
  readonly requestId: string | undefined;
  readonly timeout: number | undefined;
  readonly cancelOnUnsubscribe: boolean;
  readonly onCancelError: (error: unknown) => void;
  /** `undefined` when not given: a job in flight then holds no operator for it. */
  readonly onEnqueue: ((requestId: string) => void) | undefined;
  /** `undefined` when not given, as `onEnqueue`. */
  readonly onQueueUpdate: ((status: QueueStatus) => void) | undefined;
}

const ignore = (): void => undefined;

/**
 * Resolves the endpoint, applies defaults and checks the watch options and the `output` schema:
 * throws {@link InvalidEndpointIdError} or {@link InvalidOptionError} for the first problem. The
 * submit options, the input schema among them, are the submit's to check (a resumed request sends
 * no input).
 */
export function normalizeSubscribeOptions(endpointId: string, options: SubscribeOptions<unknown>): SubscribeSettings {
  const endpoint = resolveEndpoint(endpointId);
  const { requestId, mode = "polling", pollInterval = DEFAULTS.pollInterval, logs = false, timeout } = options;
  const { cancelOnUnsubscribe = requestId === undefined } = options;
  if (requestId !== undefined && !isRequestId(requestId)) {
    throw new InvalidOptionError("requestId", requestId, "a non-empty request id string");
  }
  if (mode !== "polling" && mode !== "streaming") throw new InvalidOptionError("mode", mode, '"polling" or "streaming"');
  if (!isMs(pollInterval)) throw new InvalidOptionError("pollInterval", pollInterval, "a finite number of ms >= 0");
  if (timeout !== undefined && !(isMs(timeout) && timeout > 0)) throw new InvalidOptionError("timeout", timeout, "a finite number of ms > 0");
  if (typeof logs !== "boolean") throw new InvalidOptionError("logs", logs, "true or false");
  if (typeof cancelOnUnsubscribe !== "boolean") throw new InvalidOptionError("cancelOnUnsubscribe", cancelOnUnsubscribe, "true or false");
  for (const name of ["onCancelError", "onEnqueue", "onQueueUpdate"] as const) {
    if (options[name] !== undefined && typeof options[name] !== "function") throw new InvalidOptionError(name, options[name], "a function");
  }
  const { output } = normalizeSchemas({ output: options.output });
  return {
    endpoint,
    output,
    requestId,
    mode,
    pollInterval,
    logs,
    timeout,
    cancelOnUnsubscribe,
    onCancelError: options.onCancelError ?? ignore,
    onEnqueue: options.onEnqueue,
    onQueueUpdate: options.onQueueUpdate,
  };
}

function isMs(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}
