import { catchError, defer, distinctUntilChanged, map, of, startWith, type OperatorFunction } from "rxjs";
import type { SubscribeEvent } from "../queue/events.js";
import { mergeLogs } from "../queue/status-changes.js";
import type { UploadEvent } from "../storage/upload-events.js";
import type { QueueLogLine } from "../wire/queue.js";
import type { Result } from "./result.js";
import type { StreamEvent } from "./stream-events.js";

/** Where a call is, as a template shows it. */
export type ViewPhase = "queued" | "running" | "streaming" | "done" | "error";

/**
 * One immutable snapshot of a call, ready to render: each change is a new object, fields that did
 * not change keep their identity.
 */
export interface ViewState<R = unknown, P = unknown> {
  /** `queued` (nothing heard yet, or waiting in fal's queue), `running`, `streaming` (partials arriving), `done`, `error`. */
  readonly phase: ViewPhase;
  /** Requests ahead in fal's queue while `queued` (from a status); `undefined` otherwise. */
  readonly position: number | undefined;
  /** Every log line so far (subscribe$ with `logs: true`). */
  readonly logs: readonly QueueLogLine[];
  /** The latest partial of a stream$; kept after the result or an error. */
  readonly partial: P | undefined;
  /** The result's data (an upload's URL); set when `done`. */
  readonly result: R | undefined;
  /** What the call failed with; set when `error`. */
  readonly error: Error | undefined;
  /** fal's request id, as soon as one is known (the first queue status, or the result). */
  readonly requestId: string | undefined;
  /** Bytes acknowledged so far of an upload. */
  readonly progress: { readonly loaded: number; readonly total: number } | undefined;
}

/** What {@link toViewState} folds: the events of subscribe$, stream$, uploadEvents$, or run$'s result. */
export type ViewStateEvent = SubscribeEvent<unknown> | StreamEvent<unknown, unknown> | UploadEvent | Result<unknown>;

/** The result type of an event union: `data` of a `result` event or a run$ result, `string` for an upload. */
export type ViewResultOf<E> = E extends { type: "result"; data: infer R }
  ? R
  : E extends { type: "uploaded" }
    ? string
    : E extends { type: string }
      ? never
      : E extends Result<infer R>
        ? R
        : never;

/** The partial type of an event union: `data` of its `partial` events. */
export type ViewPartialOf<E> = E extends { type: "partial"; data: infer P } ? P : never;

// Marked pure: bundlers do not know Object.freeze has no side effect, and would keep this (and
// the module) in every app, toViewState used or not.
const INITIAL: ViewState<never, never> = /* @__PURE__ */ Object.freeze({
  phase: "queued",
  position: undefined,
  logs: /* @__PURE__ */ Object.freeze([]) as readonly QueueLogLine[],
  partial: undefined,
  result: undefined,
  error: undefined,
  requestId: undefined,
  progress: undefined,
});

/**
 * Folds a call's events into one {@link ViewState} per change, for a template: `toSignal(...)`,
 * `rxResource({stream})`, an `async` pipe, or any RxJS code. Emits the initial state (`queued`) at
 * once on subscribe, then a new state for each event that changes something: a queue status sets
 * `position`/`logs`/`requestId` (`IN_QUEUE` -> `queued`, `IN_PROGRESS`/`COMPLETED` -> `running`),
 * a partial sets `partial` (`streaming`), an upload's progress sets `progress` (`running`), the
 * result (or `uploaded`, or run$'s one value) sets `result` (`done`).
 *
 * An error becomes the last state (`error`, the error in `error`, whatever was shown kept) and the
 * Observable then completes: it never errors, so a template has nothing to catch. Completes with
 * the source; unsubscribing unsubscribes the source (cancelling the call).
 *
 * @example
 * readonly job = toSignal(this.fal.subscribe$<Image>(id, { input, logs: true }).pipe(toViewState()), { requireSync: true });
 * // template: @if (job().phase === "queued") { #{{ job().position }} in line } @else if (job().result; as r) { <img [src]="r.images[0].url"> }
 */
export function toViewState<E extends ViewStateEvent>(): OperatorFunction<E, ViewState<ViewResultOf<E>, ViewPartialOf<E>>> {
  type State = ViewState<ViewResultOf<E>, ViewPartialOf<E>>;
  return (source) =>
    defer(() => {
      let state = INITIAL as State;
      return source.pipe(
        map((event) => (state = next(state, event as ViewStateEvent) as State)),
        startWith(state),
        distinctUntilChanged(),
        catchError((error: unknown) =>
          of((state = Object.freeze({ ...state, phase: "error" as const, position: undefined, error: asError(error) }))),
        ),
      );
    });
}

function next(state: ViewState, event: ViewStateEvent): ViewState {
  if (!("type" in event)) return done(state, event.data, event.requestId);
  switch (event.type) {
    case "status": {
      const { status } = event;
      const merged = status.status === "IN_QUEUE" ? state.logs : mergeLogs(state.logs, status.logs);
      // Same length means no new line (mergeLogs never drops one): keep the array a template already has.
      const logs = merged.length === state.logs.length ? state.logs : merged;
      return Object.freeze({
        ...state,
        phase: status.status === "IN_QUEUE" ? "queued" : "running",
        position: status.status === "IN_QUEUE" ? status.queue_position : undefined,
        logs,
        requestId: status.request_id,
      });
    }
    case "partial":
      return Object.freeze({ ...state, phase: "streaming", position: undefined, partial: event.data });
    case "progress":
      return Object.freeze({ ...state, phase: "running", progress: { loaded: event.loaded, total: event.total } });
    case "uploaded":
      return done(state, event.url, state.requestId);
    case "result":
      return done(state, event.data, event.requestId);
    default:
      return state;
  }
}

function done(state: ViewState, result: unknown, requestId: string | undefined): ViewState {
  return Object.freeze({ ...state, phase: "done", position: undefined, result, requestId: requestId || state.requestId });
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error), { cause: error });
}
