import { asyncScheduler, defer, identity, switchMap, tap, type Observable, type SchedulerLike } from "rxjs";
import type { NormalizedConfig } from "../config.js";
import { cancelOnUnsubscribe } from "./cancel.js";
import { totalTimeout } from "./deadline.js";
import type { SubscribeEvent } from "./events.js";
import { follow$ } from "./follow.js";
import { cancel$ } from "./status.js";
import { refFromId, refOf } from "./request-ref.js";
import { checkedEvents } from "../call/schemas.js";
import { normalizeSubscribeOptions, type SubscribeOptions, type SubscribeSettings } from "./subscribe-options.js";
import { submitTo$ } from "./submit.js";

/**
 * Runs a model through fal's queue as one Observable: submit, watch, fetch the result.
 *
 * Emits `{type: "status", status}` for the submit answer (IN_QUEUE, with `request_id`: store it to
 * resume later) and then for every change (status, queue position, new log lines), then exactly
 * one `{type: "result", data, requestId}`, then completes. With `requestId` it resumes watching a
 * request submitted earlier instead of submitting.
 *
 * Cold: nothing is sent before subscribe. Unsubscribing before COMPLETED aborts what is in flight,
 * stops polling and sends one fire-and-forget `PUT cancel_url` (unless `cancelOnUnsubscribe: false`),
 * so `switchMap` to a new prompt cancels the old job on fal.
 *
 * Errors: `InvalidEndpointIdError`/`InvalidOptionError` (nothing sent); `ApiError` with `errorType`
 * and `requestId` for a request that COMPLETED with an error; what the result fetch errors with
 * (`ValidationError` for a stored 422...); `FalTimeoutError` (kind `"total"`) after `timeout` ms,
 * the request being cancelled; `ApiError`/`NetworkError`/`WireFormatError` from submit and status reads;
 * `OutputValidationError` for a result the `output` schema rejects (the job is done: not cancelled).
 *
 * @example
 * prompt$.pipe(
 *   switchMap((prompt) => fal.subscribe$<Output>("fal-ai/flux/dev", { input: { prompt }, logs: true })),
 * ).subscribe((event) => (event.type === "result" ? show(event.data) : progress(event.status)));
 */
export function subscribe$<O = unknown, I = unknown>(
  config: NormalizedConfig,
  endpointId: string,
  options: SubscribeOptions<I, O> = {},
  scheduler: SchedulerLike = asyncScheduler,
): Observable<SubscribeEvent<O>> {
  return defer(() => {
    const settings = normalizeSubscribeOptions(endpointId, options);
    // The message names the request as far as it is known when time runs out.
    const describe = (last: SubscribeEvent<O> | undefined) => {
      const requestId = last?.type === "status" ? last.status.request_id : settings.requestId;
      return `subscribe$ ${endpointId}${requestId ? ` (request ${requestId})` : ""}`;
    };
    return job$<O, I>(config, options, settings, scheduler).pipe(
      tap((event) => {
        if (event.type === "status") settings.onQueueUpdate(event.status);
      }),
      // Inside the cancel guard: a timeout is not the server's answer, so it cancels the request.
      settings.timeout === undefined ? identity : totalTimeout(settings.timeout, describe, scheduler),
      settings.cancelOnUnsubscribe
        ? cancelOnUnsubscribe<O>((ref) => {
            // Fire and forget: its own subscription, which outlives the one that just ended.
            cancel$(config, ref, scheduler).subscribe({ error: settings.onCancelError });
          })
        : identity,
      // Outside the cancel guard: a result the schema rejects is still a finished job, never cancelled.
      checkedEvents(endpointId, { output: settings.output, partial: undefined }),
    );
  });
}

/** Submit then follow, or (with `requestId`) follow a request submitted earlier. */
function job$<O, I>(config: NormalizedConfig, options: SubscribeOptions<I>, settings: SubscribeSettings, scheduler: SchedulerLike): Observable<SubscribeEvent<O>> {
  if (settings.requestId !== undefined) {
    return follow$<O>(config, refFromId(config, settings.endpoint, settings.requestId), undefined, settings, scheduler);
  }
  return submitTo$(config, settings.endpoint, options, scheduler).pipe(
    tap((submitted) => settings.onEnqueue(submitted.request_id)),
    switchMap((submitted) => follow$<O>(config, refOf(submitted), submitted, settings, scheduler)),
  );
}
