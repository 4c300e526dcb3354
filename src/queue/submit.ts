import { asyncScheduler, defer, switchMap, type Observable, type SchedulerLike } from "rxjs";
import type { NormalizedConfig } from "../config.js";
import { InvalidOptionError } from "../errors.js";
import { resolveEndpoint, submitUrl, withQuery, type Endpoint } from "../routes.js";
import { submit$ as queueSubmit$, type SubmitRequest } from "./status.js";
import { HEADER } from "../wire/headers.js";
import type { InQueueStatus } from "../wire/queue.js";
import { callHeaders, type CallOptions } from "../call/options.js";
import { preparedInput$ } from "../call/prepared-input.js";
import { normalizeSchemas } from "../call/schemas.js";
import type { InputSchemaOption } from "../call/schema-options.js";
import type { StandardSchemaV1 } from "../call/standard-schema.js";

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
    const { inputSchema, ...request } = normalizeSubmitOptions(config, endpoint, options);
    return preparedInput$(config, inputSchema, options.input, scheduler).pipe(
      switchMap((input) => queueSubmit$(config, { ...request, input }, scheduler)),
    );
  });
}

/**
 * The submit options as what is sent (URL with `fal_webhook`, headers) and the input schema;
 * throws {@link InvalidOptionError} for the first bad one.
 */
function normalizeSubmitOptions(
  config: NormalizedConfig,
  endpoint: Endpoint,
  options: SubmitOptions<unknown>,
): Omit<SubmitRequest, "input"> & { readonly inputSchema: StandardSchemaV1 | undefined } {
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

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}
