import { asyncScheduler, defer, identity, mergeMap, switchMap, takeUntil, tap, throwError, timer, type MonoTypeOperatorFunction, type Observable, type SchedulerLike } from "rxjs";
import { checkedEvents } from "../call/schemas.js";
import type { CallInput, CallOutput, FalEndpointId, SchemaSlot, TypedOptions, UntypedEndpointId } from "../call/typing.js";
import type { NormalizedConfig } from "../config.js";
import type { QueueStatus } from "../wire/queue.js";
import { FalTimeoutError } from "../errors.js";
import { cancel$, cancelOnUnsubscribe } from "./cancel.js";
import { refFromId, refOf } from "./status.js";
import { submitTo$ } from "./submit.js";
import { normalizeSubscribeOptions, type SubscribeOptions, type SubscribeSettings } from "./subscribe-options.js";
import { follow$, type SubscribeEvent } from "./watch.js";

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
      onQueueUpdate(settings.onQueueUpdate),
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
  const { onEnqueue } = settings;
  return submitTo$(config, settings.endpoint, options, scheduler).pipe(
    onEnqueue ? tap((submitted) => onEnqueue(submitted.request_id)) : identity,
    switchMap((submitted) => follow$<O>(config, refOf(submitted), submitted, settings, scheduler)),
  );
}

/**
 * Errors with `FalTimeoutError` (kind `"total"`) when the source has not completed `ms` after
 * subscribe, unsubscribing from it first; a source that ends in time cancels the timer. The error
 * is a notification, never a throw from a timer callback, so `catchError` handles it. `what` is
 * asked when the time is up, given the last value the source emitted (as RxJS's `timeout` hands
 * its `with` the `lastValue`), so the message can name what was known by then (a request id).
 *
 * @example
 * job$.pipe(totalTimeout(60_000, (last) => `subscribe$ ${id}`)) // ---a---b--- 60s #
 */
/** The legacy callback as a `tap` on status events; no operator at all when none was given. */
function onQueueUpdate<O>(callback: ((status: QueueStatus) => void) | undefined): MonoTypeOperatorFunction<SubscribeEvent<O>> {
  if (!callback) return identity;
  return tap((event) => {
    if (event.type === "status") callback(event.status);
  });
}

export function totalTimeout<T>(ms: number, what: (last: T | undefined) => string, scheduler: SchedulerLike = asyncScheduler): MonoTypeOperatorFunction<T> {
  return (source) =>
    defer(() => {
      // Per subscription, and only this operator's: the value the message is worded from.
      let last: T | undefined;
      // takeUntil forwards its notifier's error (and unsubscribes the source): exactly a deadline.
      const deadline$ = timer(ms, scheduler).pipe(mergeMap(() => throwError(() => new FalTimeoutError("total", ms, what(last)))));
      return source.pipe(
        tap((value) => (last = value)),
        takeUntil(deadline$),
      );
    });
}

/**
 * `subscribe$` (and `queue.subscribe$`): status events, then the result.
 *
 * @example
 * fal.subscribe$("fal-ai/flux/dev", { input: { prompt }, logs: true }).pipe(toViewState());
 */
export interface SubscribeFunction<Extra = {}> {
  <Id extends FalEndpointId, In extends SchemaSlot = undefined, Out extends SchemaSlot = undefined>(
    endpointId: Id,
    ...options: TypedOptions<Id, SubscribeOptions<CallInput<Id, In>> & { inputSchema?: In; output?: Out } & Extra>
  ): Observable<SubscribeEvent<CallOutput<Id, Out>>>;
  <O, I = unknown, Id extends string = string>(
    endpointId: UntypedEndpointId<Id>,
    options?: SubscribeOptions<I, O> & Extra,
  ): Observable<SubscribeEvent<O>>;
}
