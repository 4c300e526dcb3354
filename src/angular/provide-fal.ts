import { HttpClient } from "@angular/common/http";
import { DestroyRef, inject, InjectionToken, makeEnvironmentProviders, PendingTasks, type EnvironmentProviders, type Provider } from "@angular/core";
import { ReplaySubject } from "rxjs";
import { createFalClient, fetchHandler, type FalConfig, type FetchLike, type HttpHandler } from "../index.js";
import { angularFalClient } from "./angular-client.js";
import { FalClient } from "./fal-client.js";
import { httpClientHandler } from "./http-client-handler.js";

/** The config, or a function returning it, called once, in an injection context (it may `inject()`). */
export type FalConfigSource = FalConfig | (() => FalConfig);

/** An option of {@link provideFal}, made by `withHttpClient()` or `withNoPendingTasks()`. */
export interface FalFeature {
  readonly kind: "httpClient" | "noPendingTasks";
  readonly providers: readonly Provider[];
}

const FAL_CONFIG = new InjectionToken<FalConfigSource>("fal-rx config");
/** The handler the client sends with, given the fetch the config names (or none). */
const FAL_TRANSPORT = new InjectionToken<(configured: FetchLike | undefined) => HttpHandler>("fal-rx transport");
const FAL_NO_PENDING_TASKS = new InjectionToken<boolean>("fal-rx: no pending tasks");

/**
 * Provides {@link FalClient} to an application (`bootstrapApplication(App, {providers: [...]})`,
 * `ApplicationConfig.providers`) or a route's `providers`. The client is created on first
 * injection. In browsers give a `proxyUrl` (your server adds the key), never a key.
 *
 * Every operation of the client keeps the application unstable until its result, so SSR waits for
 * it (per call `{pendingTask: false}`, or `withNoPendingTasks()` here, opts out), and ends when this
 * injector is destroyed. Works with and without zone.js.
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
    { provide: FalClient, useFactory: createAngularClient },
    ...features.flatMap((feature) => feature.providers),
  ]);
}

/**
 * Sends fal's requests through Angular's `HttpClient` (needs `provideHttpClient()`), so the app's
 * interceptors apply and `HttpTestingController` answers them in tests. Server-sent event streams
 * (`stream$`, the queue's status stream) stay on `fetch` (the config's `fetch`, else the global
 * one): HttpClient hands over a body only when it has ended. See docs/angular.md.
 *
 * @example
 * provideFal({ proxyUrl: "/api/fal/proxy" }, withHttpClient())
 */
export function withHttpClient(): FalFeature {
  return {
    kind: "httpClient",
    providers: [
      {
        provide: FAL_TRANSPORT,
        useFactory: () => {
          const http = inject(HttpClient);
          return (configured: FetchLike | undefined) => httpClientHandler(http, fetchHandler(configured));
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

/** The FalClient factory: runs in the environment injector's context. */
function createAngularClient(): FalClient {
  const source = inject(FAL_CONFIG);
  const config = typeof source === "function" ? source() : source;
  const transport = inject(FAL_TRANSPORT, { optional: true });
  const core = createFalClient(transport ? { ...config, httpHandler: transport(config.fetch) } : config);

  const destroyed$ = new ReplaySubject<void>(1);
  inject(DestroyRef).onDestroy(() => {
    destroyed$.next();
    destroyed$.complete();
  });
  return angularFalClient(core, {
    tasks: inject(PendingTasks),
    pendingTaskByDefault: !inject(FAL_NO_PENDING_TASKS, { optional: true }),
    destroyed$,
  });
}
