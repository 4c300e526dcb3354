import { asyncScheduler, defer, map, switchMap, type Observable, type SchedulerLike } from "rxjs";
import { callHeaders, type CallOptions } from "../call/options.js";
import { normalizeSchemas, preparedInput$, type InputSchemaOption } from "../call/schemas.js";
import type { StandardSchemaV1 } from "../call/standard-schema.js";
import type { CallInput, FalEndpointId, SchemaSlot, TypedOptions, UntypedEndpointId } from "../call/typing.js";
import { DEFAULTS, type NormalizedConfig } from "../config.js";
import { InvalidOptionError } from "../errors.js";
import { resolveEndpoint, submitUrl, withQuery, type Endpoint } from "../routes.js";
import { request$ } from "../transport/request.js";
import type { FalResponse } from "../transport/response.js";
import type { RetryPolicy } from "../transport/retry.js";
import { checkWire, originOf } from "../transport/wire-check.js";
import { HEADER } from "../wire/headers.js";
import { SubmitAnswer, type InQueueStatus } from "../wire/queue.js";
import { refFromId } from "./status.js";

/** Options of a queue submit (`queue.submit$`, and `subscribe$` before it watches). */
export interface SubmitOptions<I = unknown> extends CallOptions, InputSchemaOption<I> {
  /** The model's input, sent as the JSON body. @default undefined (sends `{}`) */
  input?: I;
  /** fal POSTs the outcome to this URL (`fal_webhook` query). @default undefined */
  webhookUrl?: string;
  /** `x-fal-queue-priority`; `"low"` waits behind normal requests. @default "normal" (fal's; no header sent) */
  priority?: "normal" | "low";
  /** `x-fal-runner-hint`: a routing hint, best effort. @default undefined */
  hint?: string;
}

/**
 * Submits to the queue: emits the submit answer as an `InQueueStatus` (request id, `queue_position`,
 * `status_url`/`response_url`/`cancel_url`), then completes. Cold; unsubscribing aborts the submit.
 * Retries only when the submit surely was not accepted (docs/queue.md, "When a submit is retried").
 *
 * Errors: `InvalidEndpointIdError`/`InvalidOptionError` (nothing sent; an input the `inputSchema`
 * rejects too), `ApiError`/`ValidationError`,
 * `NetworkError`, `WireFormatError` (an answer without `request_id`).
 *
 * @example
 * fal.queue.submit$("fal-ai/flux/dev", { input: { prompt: "a cat" }, webhookUrl })
 *   .subscribe(({ request_id }) => save(request_id));
 */
export function submit$<I = unknown>(
  config: NormalizedConfig,
  endpointId: string,
  options: SubmitOptions<I> = {},
  scheduler: SchedulerLike = asyncScheduler,
): Observable<InQueueStatus> {
  return defer(() => submitTo$(config, resolveEndpoint(endpointId), options, scheduler));
}

/**
 * {@link submit$} for an endpoint already resolved (`subscribe$` resolves it first); the submit
 * options are checked first thing at subscribe.
 */
export function submitTo$<I>(config: NormalizedConfig, endpoint: Endpoint, options: SubmitOptions<I>, scheduler: SchedulerLike): Observable<InQueueStatus> {
  return defer(() => {
    const submit = normalizeSubmitOptions(config, endpoint, options);
    return preparedInput$(config, submit.inputSchema, options.input, scheduler).pipe(switchMap((input) => post$(config, submit, input, scheduler)));
  });
}

/** A submit, options checked and turned into what is sent. */
interface SubmitRequest {
  /** The endpoint, to build URLs the answer leaves out. */
  readonly endpoint: Endpoint;
  /** `{queue}/{id}`, with `fal_webhook` in the query when asked. */
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly inputSchema: StandardSchemaV1 | undefined;
}

/** The submit options as what is sent, and the input schema; throws {@link InvalidOptionError} for the first bad one. */
function normalizeSubmitOptions(config: NormalizedConfig, endpoint: Endpoint, options: SubmitOptions<unknown>): SubmitRequest {
  const headers = callHeaders(options);
  const { webhookUrl, priority, hint } = options;
  if (webhookUrl !== undefined && !isHttpUrl(webhookUrl)) {
    throw new InvalidOptionError("webhookUrl", webhookUrl, "an absolute http(s) URL");
  }
  if (priority !== undefined) {
    if (priority !== "normal" && priority !== "low") throw new InvalidOptionError("priority", priority, '"normal" or "low"');
    headers[HEADER.queuePriority] = priority;
  }
  if (hint !== undefined) {
    if (typeof hint !== "string" || hint === "") throw new InvalidOptionError("hint", hint, "a non-empty string");
    headers[HEADER.runnerHint] = hint;
  }
  const { input: inputSchema } = normalizeSchemas({ inputSchema: options.inputSchema });
  return { endpoint, url: withQuery(submitUrl(config.baseUrls, endpoint), { fal_webhook: webhookUrl }), headers, inputSchema };
}

/**
 * `POST {queue}/{id}` with the prepared input (`{}` when there is none): emits the submit answer
 * as an {@link InQueueStatus} (id and URLs), then completes. Retries only when the submit surely
 * was not accepted (see {@link submitRetryPolicy}).
 */
function post$(config: NormalizedConfig, request: SubmitRequest, input: unknown, scheduler: SchedulerLike): Observable<InQueueStatus> {
  const { url } = request;
  return request$<FalResponse<unknown>>(config, { method: "POST", url, headers: request.headers, json: input ?? {}, retry: submitRetryPolicy(config) }, scheduler).pipe(
    map((response) => {
      const answer = checkWire(SubmitAnswer, response.data, originOf("POST", url, response), "the submit answer");
      return statusFromSubmit(config, request.endpoint, answer);
    }),
  );
}

/**
 * Submit retries only when the submit surely was not accepted, because a retried submit whose
 * first try was accepted runs (and bills) the model twice, with two request ids:
 * - 429 and 503: the queue refused it (full, no runner); and any `X-Fal-Needs-Retry: 1`;
 * - a transport failure before the request was sent (refused, unresolvable host).
 * Never a 502/504 or a connection lost after sending: the job may exist without our knowing its id.
 */
function submitRetryPolicy(config: NormalizedConfig): RetryPolicy {
  return { ...config.retry, retryableStatusCodes: DEFAULTS.submitRetryableStatusCodes, onlyUnsentNetworkErrors: true };
}

/**
 * The submit answer as the first status. fal's docs say to use the URLs submit returns rather than
 * build them, so those win; the id's routes fill in only what is absent. A submit answer without
 * `queue_position` is reported as position 0.
 */
function statusFromSubmit(config: NormalizedConfig, endpoint: Endpoint, answer: SubmitAnswer): InQueueStatus {
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

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * `queue.submit$`: the submit answer, then complete. The input is typed by the id or `inputSchema`.
 *
 * @example
 * fal.queue.submit$("fal-ai/flux/dev", { input: { prompt }, webhookUrl });
 */
export interface SubmitFunction<Extra = {}> {
  <Id extends FalEndpointId, In extends SchemaSlot = undefined>(
    endpointId: Id,
    ...options: TypedOptions<Id, SubmitOptions<CallInput<Id, In>> & { inputSchema?: In } & Extra>
  ): Observable<InQueueStatus>;
  <I, Id extends string = string>(endpointId: UntypedEndpointId<Id>, options?: SubmitOptions<I> & Extra): Observable<InQueueStatus>;
}
