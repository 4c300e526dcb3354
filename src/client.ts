import { defer } from "rxjs";
import { normalizeConfig, type FalConfig, type NormalizedConfig } from "./config.js";
import { optionsObject } from "./operations/call-options.js";
import type { Result } from "./operations/result.js";
import { run$, type RunOptions } from "./operations/run.js";
import { createQueueClient, type QueueClient } from "./operations/queue.js";
import { subscribe$ } from "./operations/subscribe.js";
import type { SubscribeOptions } from "./operations/subscribe-options.js";
import { stream$ } from "./operations/stream.js";
import type { StreamOptions } from "./operations/stream-options.js";
import { createStorageClient, type StorageClient } from "./storage/storage-client.js";
import type { RunFunction, StreamFunction, SubscribeFunction } from "./operations/signatures.js";

/** A configured fal client. Every operation returns a cold Observable. */
export interface FalClient {
  /** The normalised config this client uses (defaults applied). */
  readonly settings: NormalizedConfig;
  /** Synchronous call: one {@link Result}, then complete. See {@link run$}; types: {@link RunFunction}. */
  readonly run$: RunFunction;
  /** Server-sent partials as they arrive, then the result. See {@link stream$}; types: {@link StreamFunction}. */
  readonly stream$: StreamFunction;
  /** fal storage: `upload$`, `uploadEvents$` (progress), `transformInput$`. See docs/storage.md. */
  readonly storage: StorageClient;
  /** Through the queue: status events, then the result; unsubscribing cancels the job. See {@link subscribe$}; types: {@link SubscribeFunction}. */
  readonly subscribe$: SubscribeFunction;
  /** The queue's single steps: `submit$`, `status$`, `streamStatus$`, `result$`, `cancel$`, `subscribe$` (resume by id). See docs/queue.md. */
  readonly queue: QueueClient;
}

/**
 * Creates a client. Throws {@link InvalidOptionError} only for a config that cannot work (a base
 * URL that is not a URL); operations report everything else through their Observables.
 *
 * @example
 * const fal = createFalClient({ proxyUrl: "/api/fal/proxy" });
 * fal.run$("fal-ai/flux/dev", { input: { prompt: "a cat" } }).subscribe(console.log);
 */
export function createFalClient(config: FalConfig = {}): FalClient {
  const settings = normalizeConfig(config);
  return { settings, ...operationsOver(() => settings) };
}

/**
 * The operations over a config that is read when each Observable is subscribed (a fixed one for
 * `createFalClient`, the singleton's current one for `fal`). One implementation serves both
 * overloads of each typed operation (`any`: the types are the interface's).
 */
function operationsOver(config: () => NormalizedConfig): Omit<FalClient, "settings"> {
  return {
    run$: (endpointId: string, options?: RunOptions) => defer(() => run$<any>(config(), endpointId, optionsObject(options, "run$"))),
    stream$: (endpointId: string, options?: StreamOptions) => defer(() => stream$<any, any>(config(), endpointId, optionsObject(options, "stream$"))),
    storage: createStorageClient(config),
    subscribe$: (endpointId: string, options?: SubscribeOptions) => defer(() => subscribe$<any>(config(), endpointId, optionsObject(options, "subscribe$"))),
    queue: createQueueClient(config),
  };
}

/** The shared client, configured with `fal.config(...)` (environment credentials until then). */
export interface FalSingleton extends FalClient {
  /** Replaces the singleton's config; subscriptions made afterwards use it. */
  config(config: FalConfig): void;
}

/**
 * The singleton client, the `fal` of `@fal-ai/client`, with the same surface as {@link createFalClient}.
 * Built by a call marked pure, so a bundle that never uses `fal` drops it, and with it every
 * operation an app that imports only, say, `toViewState` does not call.
 */
export const fal: FalSingleton = /* @__PURE__ */ singletonClient();

function singletonClient(): FalSingleton {
  let singleton: NormalizedConfig | undefined;
  // Read at subscribe time, so `fal.config()` may run after an Observable was created.
  const current = () => (singleton ??= normalizeConfig());
  return {
    get settings() {
      return current();
    },
    config(config: FalConfig) {
      singleton = normalizeConfig(config);
    },
    ...operationsOver(current),
  };
}
