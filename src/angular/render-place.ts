import { inject, InjectionToken, PLATFORM_ID, REQUEST } from "@angular/core";
import { Observable } from "rxjs";

/**
 * Where the application is rendering: in a `"browser"`; on a `"server"` for a request (SSR); or on
 * a server with no request, which Angular documents as build time: `RenderMode.Prerender` (static
 * site generation), route extraction, an app shell (`"prerender"`).
 */
export type RenderPlace = "browser" | "server" | "prerender";

/** Set by `withPrerenderCalls()`: calls run while prerendering too. */
export const FAL_PRERENDER_CALLS = new InjectionToken<boolean>("fal-rx: calls while prerendering");

/**
 * {@link RenderPlace} of the current injector. `PLATFORM_ID` is compared as `isPlatformServer()`
 * does, without importing `@angular/common` for one string. `REQUEST` is Angular's token for the
 * request being rendered: `@angular/ssr` provides it for `RenderMode.Server` and leaves it `null`
 * while prerendering.
 */
export function renderPlace(): RenderPlace {
  if (inject(PLATFORM_ID) !== "server") return "browser";
  return inject(REQUEST, { optional: true }) === null ? "prerender" : "server";
}

/** Whether fal calls are skipped here: while prerendering, unless the provider has `withPrerenderCalls()`. */
export function skipsCalls(): boolean {
  return renderPlace() === "prerender" && !inject(FAL_PRERENDER_CALLS, { optional: true });
}

/**
 * A call skipped while prerendering: it emits nothing and holds no pending task, so the page is
 * serialized showing the call not yet answered (`toViewState()`'s `queued`, a resource's `idle`),
 * never an error; the browser makes the call after hydration. Says so once per subscribe on the
 * console, which the build prints. Ends when the render's application is destroyed.
 */
export function skippedCall<T>(what: string): Observable<T> {
  return new Observable<T>(() => warnSkipped(`${what} was not called`, "shows it unanswered"));
}

/** The console line a skipped call (or an idle `falResource`) leaves in the build's output. */
export function warnSkipped(what: string, shows: string): void {
  console.warn(
    `fal-rx: ${what} while prerendering (a build-time render, with no request): the page ${shows} ` +
      "and the browser calls fal after hydration. To render its result on the server, serve the route with RenderMode.Server; " +
      'to call fal at build time anyway, add withPrerenderCalls() to provideFal(). See docs/angular.md, "Prerendering".',
  );
}
