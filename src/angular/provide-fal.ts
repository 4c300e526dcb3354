import { HttpBackend, HttpClient } from "@angular/common/http";
import {
  DestroyRef,
  inject,
  InjectionToken,
  makeEnvironmentProviders,
  PendingTasks,
  TransferState,
  type EnvironmentProviders,
  type Provider,
} from "@angular/core";
import { ReplaySubject } from "rxjs";
import { createFalClient, type FalConfig, type FetchLike, type HttpHandler } from "../index.js";
import { falService } from "./angular-client.js";
import { FalService } from "./fal-service.js";
import { HAND_OFF_WINDOW } from "./hand-off.js";
import { httpClientTransport, type HttpClientOptions } from "./http-client-transport.js";
import { FAL_PRERENDER_CALLS, renderPlace } from "./render-place.js";

/** The config, or a function returning it, called once, in an injection context (it may `inject()`). */
export type FalConfigSource = FalConfig | (() => FalConfig);

/** An option of {@link provideFal}: `withHttpClient()`, `withNoPendingTasks()`, `withNoTransferState()`, `withPrerenderCalls()`. */
export interface FalFeature {
  readonly kind: "httpClient" | "noPendingTasks" | "noTransferState" | "prerenderCalls";
  readonly providers: readonly Provider[];
}

const FAL_CONFIG = new InjectionToken<FalConfigSource>("fal-rx config");
/** The handler the client sends with, given the fetch the config names (or none). */
const FAL_TRANSPORT = new InjectionToken<(configured: FetchLike | undefined) => HttpHandler>("fal-rx transport");
const FAL_NO_PENDING_TASKS = new InjectionToken<boolean>("fal-rx: no pending tasks");
const FAL_NO_TRANSFER_STATE = new InjectionToken<boolean>("fal-rx: no transfer state");

/**
 * Provides {@link FalService} to an application (`bootstrapApplication(App, {providers: [...]})`,
 * `ApplicationConfig.providers`) or a route's `providers`. The client is created on first
 * injection. In browsers give a `proxyUrl` (your server adds the key), never a key.
 *
 * Every operation of the client keeps the application unstable until its result, so SSR waits for
 * it (per call `{pendingTask: false}`, or `withNoPendingTasks()` here, opts out), and ends when this
 * injector is destroyed. Works with and without zone.js.
 *
 * With server-side rendering, the outcome of `run$`, `subscribe$` and `stream$` calls made while the
 * server renders is handed to the browser through `TransferState`, so hydration shows it without a
 * second request (`withNoTransferState()`, or `{transfer: false}` per call, opts out); calls made
 * while prerendering are skipped (`withPrerenderCalls()` runs them). See docs/angular.md, "SSR".
 *
 * Throws Angular's error for the first injection when the config cannot work (an
 * `InvalidOptionError` for a base URL that is not a URL), as `createFalClient` does.
 *
 * @example
 * bootstrapApplication(App, {
 *   providers: [provideHttpClient(), provideFal({ proxyUrl: "/api/fal/proxy" }, withHttpClient())],
 * });
 */
export function provideFal(config: FalConfigSource, ...features: FalFeature[]): EnvironmentProviders {
  return makeEnvironmentProviders([
    { provide: FAL_CONFIG, useValue: config },
    { provide: FalService, useFactory: createFalService },
    ...features.flatMap((feature) => feature.providers),
  ]);
}

/**
 * Sends fal's requests through Angular's `HttpClient` (needs `provideHttpClient()`), so the app's
 * interceptors apply and `HttpTestingController` answers them in tests. Server-sent event streams
 * (`stream$`, the queue's status stream) stay on `fetch` (the config's `fetch`, else the global
 * one) while HttpClient talks to the network: HttpClient hands over a body only when it has ended.
 * Where `HttpTestingController` answers HttpClient, they go through HttpClient too, so the test
 * answers them; behind any other backend they error until `streaming` says where they go. See
 * docs/angular.md, "HttpClient transport".
 *
 * @example
 * provideFal({ proxyUrl: "/api/fal/proxy" }, withHttpClient())
 * provideFal(config, withHttpClient({ streaming: "httpClient" })) // every request through HttpClient
 */
export function withHttpClient(options: HttpClientOptions = {}): FalFeature {
  return {
    kind: "httpClient",
    providers: [
      {
        provide: FAL_TRANSPORT,
        useFactory: () => {
          const http = inject(HttpClient);
          const backend = inject(HttpBackend);
          return (configured: FetchLike | undefined) => httpClientTransport(http, backend, configured, options);
        },
      },
    ],
  };
}

/**
 * Calls hold no pending task unless they ask (`{pendingTask: true}`): for apps whose calls should
 * never delay stability (long streams, background jobs), or that track stability themselves.
 *
 * @example
 * provideFal({ proxyUrl: "/api/fal/proxy" }, withNoPendingTasks())
 */
export function withNoPendingTasks(): FalFeature {
  return { kind: "noPendingTasks", providers: [{ provide: FAL_NO_PENDING_TASKS, useValue: true }] };
}

/**
 * Outcomes of calls are not handed from the server render to the browser unless a call asks
 * (`{transfer: true}` or `{transfer: {key}}`): hydration then calls fal again, as without SSR.
 *
 * @example
 * provideFal({ proxyUrl: "/api/fal/proxy" }, withNoTransferState())
 */
export function withNoTransferState(): FalFeature {
  return { kind: "noTransferState", providers: [{ provide: FAL_NO_TRANSFER_STATE, useValue: true }] };
}

/**
 * Calls run while prerendering (build time, `RenderMode.Prerender`) too, instead of being skipped:
 * for a page whose fal results belong in its static HTML, built where `FAL_KEY` is set. Every build
 * then pays for those calls, and every visitor sees the same result.
 *
 * @example
 * provideFal({ proxyUrl: "/api/fal/proxy" }, withPrerenderCalls())
 */
export function withPrerenderCalls(): FalFeature {
  return { kind: "prerenderCalls", providers: [{ provide: FAL_PRERENDER_CALLS, useValue: true }] };
}

/** The FalService factory: runs in the environment injector's context. */
function createFalService(): FalService {
  const source = inject(FAL_CONFIG);
  const config = typeof source === "function" ? source() : source;
  const transport = inject(FAL_TRANSPORT, { optional: true });
  const core = createFalClient(transport ? { ...config, httpHandler: transport(config.fetch) } : config);

  const destroyed$ = new ReplaySubject<void>(1);
  inject(DestroyRef).onDestroy(() => {
    destroyed$.next();
    destroyed$.complete();
  });
  const place = renderPlace();
  return falService(core, {
    tasks: inject(PendingTasks),
    pendingTaskByDefault: !inject(FAL_NO_PENDING_TASKS, { optional: true }),
    destroyed$,
    skipCalls: place === "prerender" && !inject(FAL_PRERENDER_CALLS, { optional: true }),
    handOff: {
      state: inject(TransferState),
      side: place === "browser" ? "browser" : "server",
      byDefault: !inject(FAL_NO_TRANSFER_STATE, { optional: true }),
      window: place === "browser" ? inject(HAND_OFF_WINDOW) : { open: false },
    },
  });
}
