import { defer, type Observable } from "rxjs";
import { fal } from "../client.js";
import type { NormalizedConfig } from "../config.js";
import { connect$ } from "./connect.js";
import type { RealtimeEvent } from "./events.js";
import type { RealtimeOptions } from "./options.js";
import { openSession, type RealtimeSession } from "./session.js";

/** Realtime operations bound to a client's config (hosts, key or proxy for tokens, fetch). */
export interface RealtimeClient {
  /**
   * A realtime session fed by `inputs$`: see docs/realtime.md. Cold; emits results (and messages
   * with `messages: true`); unsubscribing closes the socket with 1000.
   */
  connect$<O = unknown, I = unknown>(endpointId: string, inputs$: Observable<I>, options?: RealtimeOptions<I>): Observable<RealtimeEvent<O>>;
  /** The same session behind `send(input)`, `results$` and `close()`, like `@fal-ai/client`'s `connect`. */
  session<I = unknown, O = unknown>(endpointId: string, options?: RealtimeOptions<I>): RealtimeSession<I, O>;
}

/**
 * Realtime for a client. The client's config is read when a session starts, so the singleton's
 * `fal.config(...)` may come later.
 *
 * @example
 * import { createFalClient } from "fal-rx";
 * import { createRealtimeClient } from "fal-rx/realtime";
 *
 * const realtime = createRealtimeClient(createFalClient({ proxyUrl: "/api/fal/proxy" }));
 * // On Node 20 (no global WebSocket) add `WebSocketCtor`: the ws package's WebSocket.
 * realtime.connect$("fal-ai/fast-lcm-diffusion", prompts$).subscribe(show);
 */
export function createRealtimeClient(client: { readonly settings: NormalizedConfig }): RealtimeClient {
  const connect = <O, I>(endpointId: string, inputs$: Observable<I>, options?: RealtimeOptions<I>) =>
    defer(() => connect$<O, I>(client.settings, endpointId, inputs$, options));
  return {
    connect$: connect,
    session: <I, O>(endpointId: string, options?: RealtimeOptions<I>) =>
      openSession<I, O>((inputs$) => connect<O, I>(endpointId, inputs$, options)),
  };
}

/** Realtime on the singleton `fal` (configured with `fal.config(...)`). */
export const realtime: RealtimeClient = createRealtimeClient(fal);
