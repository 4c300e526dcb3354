import { ApplicationRef, inject, InjectionToken, makeStateKey, type StateKey, type TransferState } from "@angular/core";
import { defer, filter, from, take, tap, throwError, type Observable } from "rxjs";
import { InvalidOptionError } from "../index.js";
import type { TransferOption } from "./fal-service.js";
import { stableJson, hash64, isJson } from "./stable-json.js";

/** The operations whose outcome a server render hands to the browser. */
export type TransferableOperation = "run$" | "subscribe$" | "stream$";

/** What the hand-off reads of a call: which operation, the endpoint, and the options it was given. */
export interface TransferableCall {
  readonly operation: TransferableOperation;
  readonly endpointId: string;
  readonly options: Readonly<Record<string, unknown>> | undefined;
}

/** Where the client runs, as far as the hand-off cares, and what it hands over by default. */
export interface HandOffContext {
  readonly state: TransferState;
  /** `"server"` records outcomes; `"browser"` replays them while hydrating. */
  readonly side: "server" | "browser";
  /** Whether calls that do not say are handed off (`withNoTransferState()` turns it off). */
  readonly byDefault: boolean;
  /** The browser's hydration window (see {@link HAND_OFF_WINDOW}); unused on the server. */
  readonly window: { readonly open: boolean };
}

/**
 * What one call leaves in `TransferState`: the events to replay, as JSON. `run$`: its result.
 * `subscribe$`: its last status (which carries every log line; the queue's URLs left out) and its
 * result event. `stream$`: its
 * last partial and its result event. Replayed through `toViewState()` they give the state the server
 * rendered; nothing else of the call (its input, the key, a token, a header) is kept.
 */
interface HandedOff {
  readonly events: readonly unknown[];
}

/**
 * Whether hydration may still use handed-off outcomes: open until the application is first stable
 * after its bootstrap, as Angular's own HTTP transfer cache is. A call made later (a new prompt, a
 * route navigated to) is a new call and goes to fal even when its key matches.
 */
export const HAND_OFF_WINDOW = new InjectionToken<{ readonly open: boolean }>("fal-rx hand-off window", {
  providedIn: "root",
  factory: () => {
    const app = inject(ApplicationRef);
    const window = { open: true };
    // `components` is empty until bootstrap (a stable app before it has rendered nothing yet).
    // filter + take, not first(): an app destroyed before that completes this quietly.
    app.isStable
      .pipe(
        filter((stable) => stable && app.components.length > 0),
        take(1),
      )
      .subscribe(() => (window.open = false));
    return window;
  },
});

const PROBE = Symbol("fal-rx hand-off probe");
type Probed = { [PROBE]?: () => readonly unknown[] | undefined };

/**
 * The events a call Observable of `FalService` would replay if subscribed now (the browser, while
 * hydrating, with an entry for it), else `undefined`. Lets `falResource()` render a handed-off
 * result in its first pass, before Angular's resource has run its loader.
 */
export function handedOffEvents(call$: Observable<unknown>): readonly unknown[] | undefined {
  return (call$ as Probed)[PROBE]?.();
}

/** Marks `guarded$` (the Observable a caller gets) with the probe {@link handedOffEvents} reads. */
export function withProbe<T>(guarded$: Observable<T>, probe: (() => readonly unknown[] | undefined) | undefined): Observable<T> {
  if (probe) Object.defineProperty(guarded$, PROBE, { value: probe });
  return guarded$;
}

/** A call with its hand-off: `call$` as the caller sees it, and the probe of what it would replay. */
export interface HandedOffCall<E> {
  readonly call$: Observable<E>;
  readonly probe: (() => readonly unknown[] | undefined) | undefined;
}

/**
 * Adds the hand-off to a call. On the server, the call's outcome is recorded in `TransferState`
 * once it has its result (an error or an unsubscribe records nothing). In the browser, while the
 * hydration window is open and an entry exists, subscribing replays the recorded events instead:
 * synchronously, sending nothing. A call opted out, or whose key cannot be derived (input with a
 * `Blob` in it and no explicit key), is left as it is.
 */
export function handOff<E>(context: HandOffContext, call: TransferableCall, source$: Observable<E>): HandedOffCall<E> {
  const transfer = call.options?.["transfer"] as TransferOption["transfer"];
  if (!validTransfer(transfer)) {
    const error = new InvalidOptionError("transfer", transfer, "true, false or { key: string }");
    return { call$: throwError(() => error), probe: undefined };
  }
  const key = stateKey(call, transfer ?? context.byDefault);
  if (key === undefined) return { call$: source$, probe: undefined };
  if (context.side === "server") return { call$: record(source$, context.state, key, call.operation), probe: undefined };

  const probe = () => (context.window.open ? context.state.get(key, null)?.events : undefined);
  const call$ = defer(() => {
    const events = probe();
    return events ? (from(events) as Observable<E>) : source$;
  });
  return { call$, probe };
}

/** On the server: keeps the last status or partial and, with the result, writes the entry. */
function record<E>(source$: Observable<E>, state: TransferState, key: StateKey<HandedOff>, operation: TransferableOperation): Observable<E> {
  return defer(() => {
    let kept: E | undefined;
    return source$.pipe(
      tap((event) => {
        if (operation !== "run$" && (event as { type?: unknown }).type !== "result") {
          kept = withoutQueueUrls(event);
          return;
        }
        const events = kept === undefined ? [event] : [kept, event];
        // A Blob (run$ of an image endpoint) or a schema's Date cannot cross as JSON: not handed off.
        if (isJson(events)) state.set(key, { events });
      }),
    );
  });
}

/**
 * A status event without the queue's URLs (`response_url`, `status_url`, `cancel_url`): the
 * server's routes to fal, of no use to a browser that talks through its proxy, and not results.
 */
function withoutQueueUrls<E>(event: E): E {
  const { type, status } = event as { type?: unknown; status?: Record<string, unknown> };
  if (type !== "status" || !status) return event;
  const { response_url: _response, status_url: _status, cancel_url: _cancel, ...kept } = status;
  return { ...event, status: kept } as E;
}

/**
 * The entry's key: `fal-rx <operation> <endpoint> <hash>`, the hash (64-bit, hex) of the options
 * that decide the outcome (`input`, `method`, `path`, `query`, `logs`, `requestId`) serialised with
 * sorted keys, so `{a, b}` and `{b, a}` meet; or `fal-rx <key>` for an explicit key. The input is
 * hashed, not written: the page need not carry a prompt twice.
 */
function stateKey(call: TransferableCall, transfer: boolean | { readonly key: string }): StateKey<HandedOff> | undefined {
  if (transfer === false) return undefined;
  if (typeof transfer === "object") return makeStateKey(`fal-rx ${transfer.key}`);
  const { input, method, path, query, logs, requestId } = call.options ?? {};
  const text = stableJson({ input, method, path, query, logs, requestId });
  return text === undefined ? undefined : makeStateKey(`fal-rx ${call.operation} ${call.endpointId} ${hash64(text)}`);
}

function validTransfer(value: unknown): value is TransferOption["transfer"] {
  if (value === undefined || typeof value === "boolean") return true;
  return typeof value === "object" && value !== null && typeof (value as { key?: unknown }).key === "string" && (value as { key: string }).key !== "";
}
