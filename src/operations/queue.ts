import { defer, throwError, type Observable } from "rxjs";
import { DEFAULTS, type NormalizedConfig } from "../config.js";
import { InvalidOptionError } from "../errors.js";
import { resolveEndpoint } from "../routes.js";
import { optionsObject } from "./call-options.js";
import type { OperationName } from "./known-options.js";
import type { SubscribeEvent } from "../queue/events.js";
import { cancel$, result$, status$ } from "../queue/queue-client.js";
import { isRequestId, refFromId } from "../queue/request-ref.js";
import { statusChanges } from "../queue/status-changes.js";
import { watchStatus$ } from "../queue/watch.js";
import type { CancelAnswer, QueueRequestRef, QueueStatus } from "../wire/queue.js";
import type { FalEndpointId } from "./endpoint-types.js";
import type { Result } from "./result.js";
import { checkedResults, normalizeSchemas } from "./schema.js";
import type { OutputSchemaOption } from "./schema-options.js";
import type { CallOutput, SubmitFunction, SubscribeFunction, TypedRequiredOptions, UntypedEndpointId } from "./signatures.js";
import type { StandardSchemaV1 } from "./standard-schema.js";
import type { SubscribeOptions } from "./subscribe-options.js";
import { subscribe$ } from "./subscribe.js";
import { submit$, type SubmitOptions } from "./submit.js";

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
        const schemas = normalizeSchemas({ output: options.output });
        if (schemas instanceof Error) return throwError(() => schemas);
        return result$(config(), ref).pipe(checkedResults(endpointId, schemas.output));
      }),
    cancel$: (endpointId, options) => byId$(config, endpointId, options, "queue.cancel$", (ref) => cancel$(config(), ref)),
    subscribe$: (endpointId: string, options?: SubscribeOptions): Observable<SubscribeEvent<any>> =>
      defer(() => subscribe$(config(), endpointId, optionsObject(options, "subscribe$"))),
  };
}

/** Resolves the endpoint and the request id at subscribe time, then runs `step` on the request's URLs. */
function byId$<T>(
  config: () => NormalizedConfig,
  endpointId: string,
  options: QueueRequestOptions | undefined,
  operation: OperationName,
  step: (ref: QueueRequestRef) => Observable<T>,
): Observable<T> {
  return defer(() => {
    const endpoint = resolveEndpoint(endpointId);
    if (endpoint instanceof Error) return throwError(() => endpoint);
    const requestId = optionsObject(options, operation).requestId;
    if (!isRequestId(requestId)) {
      return throwError(() => new InvalidOptionError("requestId", requestId, "the request_id submit returned"));
    }
    return step(refFromId(config(), endpoint, requestId));
  });
}
