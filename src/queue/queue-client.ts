import { defer, type Observable } from "rxjs";
import { optionsObject, type OperationName } from "../call/options.js";
import { checkedResults, normalizeSchemas, type OutputSchemaOption } from "../call/schemas.js";
import type { StandardSchemaV1 } from "../call/standard-schema.js";
import type { CallOutput, FalEndpointId, Result, TypedRequiredOptions, UntypedEndpointId } from "../call/typing.js";
import { DEFAULTS, type NormalizedConfig } from "../config.js";
import { InvalidOptionError } from "../errors.js";
import { resolveEndpoint } from "../routes.js";
import type { CancelAnswer, QueueRequestRef, QueueStatus } from "../wire/queue.js";
import { cancel$ } from "./cancel.js";
import { isRequestId, refFromId, status$ } from "./status.js";
import { statusChanges } from "./status-changes.js";
import { submit$, type SubmitFunction, type SubmitOptions } from "./submit.js";
import { subscribe$, type SubscribeFunction } from "./subscribe.js";
import type { SubscribeOptions } from "./subscribe-options.js";
import { result$, watchStatus$, type SubscribeEvent } from "./watch.js";

/** Names a request submitted earlier. */
export interface QueueRequestOptions {
  /** The `request_id` submit returned. */
  requestId: string;
}

/** Names a request, and whether to ask for its logs. */
export interface QueueStatusOptions extends QueueRequestOptions {
  /** Ask for log lines (`?logs=1`). @default false */
  logs?: boolean;
}

/** Options of `queue.result$`: the request, and optionally a schema its output must match. */
export interface QueueResultOptions<O = unknown> extends QueueRequestOptions, OutputSchemaOption<O> {}

/**
 * `queue.result$`: the stored result, typed by the id or the `output` schema (see docs/typing.md),
 * with the two overloads of the other operations (`RunFunction`).
 *
 * @example
 * fal.queue.result$("fal-ai/flux/dev", { requestId }).subscribe(({ data }) => show(data.images));
 */
export interface ResultFunction<Extra = {}> {
  <Id extends FalEndpointId, Out extends StandardSchemaV1 | undefined = undefined>(
    endpointId: Id,
    ...options: TypedRequiredOptions<Id, QueueResultOptions & { output?: Out } & Extra>
  ): Observable<Result<CallOutput<Id, Out>>>;
  <O, Id extends string = string>(endpointId: UntypedEndpointId<Id>, options: QueueResultOptions<O> & Extra): Observable<Result<O>>;
}

/**
 * The queue's single steps (`fal.queue`), for code that stores request ids or splits the steps
 * across processes. Each method returns a cold Observable, abortable by unsubscribing. A request
 * known by id is reached at fal's documented routes for that endpoint on the configured queue host.
 */
export interface QueueClient {
  /** Submits; emits the submit answer (id, position, URLs), then completes. See {@link submit$}. */
  readonly submit$: SubmitFunction;
  /** One status read; emits the status, then completes. */
  status$(endpointId: string, options: QueueStatusOptions): Observable<QueueStatus>;
  /**
   * Statuses from the status stream until COMPLETED (emitted, then complete): only changes, each
   * IN_PROGRESS/COMPLETED with every log line so far. Polls if the stream ends early.
   */
  streamStatus$(endpointId: string, options: QueueStatusOptions): Observable<QueueStatus>;
  /**
   * The stored result; emits `{data, requestId}`, then completes. Errors as `run$` would for what was
   * stored; with an `output` schema, `OutputValidationError` for a result it rejects.
   */
  readonly result$: ResultFunction;
  /** `PUT cancel`; emits `{status: "CANCELLATION_REQUESTED" | "ALREADY_COMPLETED"}`, then completes. */
  cancel$(endpointId: string, options: QueueRequestOptions): Observable<CancelAnswer>;
  /** `subscribe$`; with `requestId` it resumes watching a request submitted earlier. See {@link subscribe$}. */
  readonly subscribe$: SubscribeFunction;
}

/**
 * The queue client over a config read at subscribe time (so the `fal` singleton picks up a later
 * `fal.config()`).
 *
 * @example
 * const queue = createQueueClient(() => config);
 * queue.status$("fal-ai/flux/dev", { requestId, logs: true }).subscribe(render);
 */
export function createQueueClient(config: () => NormalizedConfig): QueueClient {
  return {
    // One implementation serves both overloads of each typed step: the types are the interface's.
    submit$: (endpointId: string, options?: SubmitOptions) => defer(() => submit$(config(), endpointId, optionsObject(options, "queue.submit$"))),
    status$: (endpointId, options) => byId$(config, endpointId, options, "queue.status$", (ref) => status$(config(), ref, options?.logs === true)),
    streamStatus$: (endpointId, options) =>
      byId$(config, endpointId, options, "queue.status$", (ref) =>
        watchStatus$(config(), ref, { mode: "streaming", logs: options?.logs === true, pollInterval: DEFAULTS.pollInterval }).pipe(statusChanges()),
      ),
    result$: (endpointId: string, options: QueueResultOptions): Observable<Result<any>> =>
      byId$(config, endpointId, options, "queue.result$", (ref) => {
        const { output } = normalizeSchemas({ output: options.output });
        return result$(config(), ref).pipe(checkedResults(endpointId, output));
      }),
    cancel$: (endpointId, options) => byId$(config, endpointId, options, "queue.cancel$", (ref) => cancel$(config(), ref)),
    subscribe$: (endpointId: string, options?: SubscribeOptions): Observable<SubscribeEvent<any>> =>
      defer(() => subscribe$(config(), endpointId, optionsObject(options, "subscribe$"))),
  };
}

/**
 * Resolves the endpoint and the request id at subscribe time, then runs `step` on the request's
 * URLs; throws (so errors the Observable) {@link InvalidEndpointIdError} or {@link InvalidOptionError}.
 */
function byId$<T>(
  config: () => NormalizedConfig,
  endpointId: string,
  options: QueueRequestOptions | undefined,
  operation: OperationName,
  step: (ref: QueueRequestRef) => Observable<T>,
): Observable<T> {
  return defer(() => {
    const endpoint = resolveEndpoint(endpointId);
    const requestId = optionsObject(options, operation).requestId;
    if (!isRequestId(requestId)) throw new InvalidOptionError("requestId", requestId, "the request_id submit returned");
    return step(refFromId(config(), endpoint, requestId));
  });
}
