import {
  assertInInjectionContext,
  computed,
  inject,
  Injector,
  linkedSignal,
  runInInjectionContext,
  untracked,
  type ResourceStatus,
  type Signal,
} from "@angular/core";
import { rxResource } from "@angular/core/rxjs-interop";
import { concatMap, EMPTY, from, of, tap, throwError, type Observable } from "rxjs";
import { toViewState, type ViewPartialOf, type ViewResultOf, type ViewState, type ViewStateEvent } from "../index.js";
import { handedOffEvents } from "./hand-off.js";
import { skipsCalls, warnSkipped } from "./render-place.js";

/** Options of {@link falResource}. */
export interface FalResourceOptions<P, E extends ViewStateEvent> {
  /**
   * The call's parameters, read reactively: when they change, the running call is unsubscribed (a
   * queued job is cancelled at fal, a stream aborted) and `call` runs with the new ones.
   * `undefined` means no call (status `idle`).
   * @default () => null (one call, with `null`)
   */
  params?: () => P | undefined;
  /**
   * The call for some parameters: an operation of the injected `FalService` (`run$`, `subscribe$`,
   * `stream$`, `storage.uploadEvents$`), piped or not. Called for each load; return the operation's
   * Observable as it is for a server's result to show in the very first render (see docs/angular.md).
   */
  call: (params: P) => Observable<E>;
  /** Where to run, outside an injection context. @default the current injector */
  injector?: Injector;
}

/** A fal call as signals, made by {@link falResource}. */
export interface FalResource<R, Part = never> {
  /** The result's data (`run$`'s data, the `result` event's, an upload's URL); `undefined` until then, while idle, and after an error. */
  readonly value: Signal<R | undefined>;
  /** Angular's resource status: `idle`, `loading` (a call running), `reloading`, `resolved` (a result), `error`. */
  readonly status: Signal<ResourceStatus>;
  /** What the call failed with (`ApiError`, `FalTimeoutError`...), while `status` is `error`. */
  readonly error: Signal<Error | undefined>;
  /** `status` is `loading` or `reloading`. */
  readonly isLoading: Signal<boolean>;
  /**
   * The running call as `toViewState()` folds it: queue position, logs, partials, upload progress,
   * then the result or the error; `undefined` while idle.
   */
  readonly state: Signal<ViewState<R, Part> | undefined>;
  /** Whether `value()` holds a result. */
  hasValue(): boolean;
  /** Runs the call again with the same parameters (not while one is running). Returns whether it did. */
  reload(): boolean;
  /** Stops the call (cancelling it) and the resource; it stays idle. Done for you when its injector is destroyed. */
  destroy(): void;
}

/**
 * A fal call as signals, on Angular's `rxResource`: `value`, `status`, `error`, and the live
 * `state` (queue position, logs, partials). Reactive `params` re-run the call and cancel the one
 * before. With SSR the server's result is handed to the browser (the `FalService` hand-off) and
 * shown in the first render, as `resolved`, without a request; while prerendering the resource stays
 * `idle` (nothing is called at build time) unless the provider has `withPrerenderCalls()`.
 *
 * @example
 * readonly prompt = signal("a lighthouse at dusk");
 * readonly image = falResource({
 *   params: () => this.prompt(),
 *   call: (prompt) => this.fal.subscribe$<Flux>("fal-ai/flux/dev", { input: { prompt }, logs: true }),
 * });
 * // template: @if (image.value(); as flux) { <img [src]="flux.images[0].url" /> } @else { {{ image.state()?.phase }} }
 */
export function falResource<E extends ViewStateEvent, P = null>(options: FalResourceOptions<P, E>): FalResource<ViewResultOf<E>, ViewPartialOf<E>> {
  if (!options.injector) assertInInjectionContext(falResource);
  const injector = options.injector ?? inject(Injector);
  return runInInjectionContext(injector, () => build(options, injector));
}

function build<E extends ViewStateEvent, P>(options: FalResourceOptions<P, E>, injector: Injector): FalResource<ViewResultOf<E>, ViewPartialOf<E>> {
  type R = ViewResultOf<E>;
  type State = ViewState<R, ViewPartialOf<E>>;
  const skip = skipsCalls();
  if (skip) warnSkipped("a falResource stayed idle", "shows it idle");
  const read = options.params ?? (() => null as P);
  const params = computed(() => (skip ? undefined : read()));
  // Reset with each new params: the state of the call before never shows for the next one.
  const live = linkedSignal<P | undefined, State | undefined>({ source: params, computation: () => undefined });

  const inner = rxResource<R, P | undefined>({
    params,
    stream: ({ params: current }) =>
      options.call(current as P).pipe(
        toViewState(),
        tap((state) => live.set(state as State)),
        concatMap((state) => {
          if (state.phase === "done") return of(state.result as R);
          return state.phase === "error" ? throwError(() => state.error) : EMPTY;
        }),
      ),
    injector,
  });

  // Angular's resource runs its loader in an effect, after the first render: a handed-off result
  // stands in until then, for the params it was made for, so hydration does not flash `loading`.
  const seed = untracked(() => handedOffState<E, P>(params(), options.call)) as State | undefined;
  const seeding = linkedSignal<P | undefined, boolean>({ source: params, computation: (_, previous) => previous === undefined && seed !== undefined });
  untracked(seeding);
  const standIn = computed(() => seeding() && inner.status() === "loading");

  return {
    value: computed(() => (standIn() ? seed!.result : inner.hasValue() ? inner.value() : undefined)),
    status: computed(() => (standIn() ? "resolved" : inner.status())),
    error: inner.error,
    isLoading: computed(() => !standIn() && inner.isLoading()),
    state: computed(() => (inner.status() === "idle" ? undefined : (live() ?? (standIn() ? seed : undefined)))),
    hasValue: () => (standIn() ? true : inner.hasValue()),
    reload: () => inner.reload(),
    destroy: () => inner.destroy(),
  };
}

/** The final state a handed-off call would replay (see `handedOffEvents`), folded at once; `undefined` when it would call fal. */
function handedOffState<E extends ViewStateEvent, P>(params: P | undefined, call: (params: P) => Observable<E>): ViewState | undefined {
  if (params === undefined) return undefined;
  const events = handedOffEvents(call(params));
  if (events === undefined) return undefined;
  let state: ViewState | undefined;
  // A synchronous source: folded before subscribe returns.
  from(events as ViewStateEvent[]).pipe(toViewState()).subscribe((folded) => (state = folded));
  return state?.phase === "done" ? state : undefined;
}
