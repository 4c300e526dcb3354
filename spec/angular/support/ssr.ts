import {
  destroyPlatform,
  provideZonelessChangeDetection,
  REQUEST,
  type ApplicationRef,
  type EnvironmentProviders,
  type Provider,
  type Type,
} from "@angular/core";
import { bootstrapApplication, provideClientHydration } from "@angular/platform-browser";
import { provideServerRendering, renderApplication } from "@angular/platform-server";

type Providers = (Provider | EnvironmentProviders)[];

const PAGE = "<!doctype html><html><head><title>fal-rx</title></head><body><app-root></app-root></body></html>";

/**
 * Renders `root` as Angular's SSR does for a request (`REQUEST` provided, as `@angular/ssr` does
 * for `RenderMode.Server`), or as it prerenders at build time (`request: false`: no `REQUEST`).
 * TestBed's platform is destroyed first: while it exists, `platformServer()` would reuse it and
 * render as a browser. `ngServerMode`, which the server's providers set for the process, is put back.
 */
export async function renderOnServer(root: Type<unknown>, providers: Providers, { request = true } = {}): Promise<string> {
  destroyPlatform();
  const platformProviders = request ? [{ provide: REQUEST, useValue: new Request("http://localhost/") }] : [];
  try {
    return await renderApplication(
      (context) =>
        bootstrapApplication(root, { providers: [provideServerRendering(), provideZonelessChangeDetection(), provideClientHydration(), ...providers] }, context),
      { document: PAGE, url: "http://localhost/", platformProviders, allowedHosts: ["localhost"] },
    );
  } finally {
    (globalThis as { ngServerMode?: unknown }).ngServerMode = undefined;
  }
}

/**
 * Loads the server's HTML into jsdom's document (its `ng-state` transfer state included) and
 * hydrates it as the browser would. Resolves once bootstrapped: the first render has run. Call
 * {@link closeBrowserApp} after.
 */
export async function hydrateInBrowser(html: string, root: Type<unknown>, providers: Providers): Promise<ApplicationRef> {
  const page = new DOMParser().parseFromString(html, "text/html");
  document.head.replaceWith(document.importNode(page.head, true));
  document.body.replaceWith(document.importNode(page.body, true));
  return bootstrapApplication(root, { providers: [provideZonelessChangeDetection(), provideClientHydration(), ...providers] });
}

/** Destroys the browser application and its platform: nothing outlives the test. */
export function closeBrowserApp(): void {
  destroyPlatform();
  document.body.replaceChildren();
}

/** The JSON Angular serialised `TransferState` into, or `{}` when there is none. */
export function transferState(html: string): Record<string, unknown> {
  const page = new DOMParser().parseFromString(html, "text/html");
  return JSON.parse(page.getElementById("ng-state")?.textContent ?? "{}") as Record<string, unknown>;
}
