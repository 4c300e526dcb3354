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
 * hydrates it as the browser would. `loaded` runs between the two (to watch the DOM). Resolves once
 * bootstrapped: the first render has run. Call {@link closeBrowserApp} after.
 */
export async function hydrateInBrowser(html: string, root: Type<unknown>, providers: Providers, loaded = () => undefined as void): Promise<ApplicationRef> {
  const page = new DOMParser().parseFromString(html, "text/html");
  document.head.replaceWith(document.importNode(page.head, true));
  document.body.replaceWith(document.importNode(page.body, true));
  loaded();
  return bootstrapApplication(root, { providers: [provideZonelessChangeDetection(), provideClientHydration(), ...providers] });
}

/**
 * Watches the page's DOM from now on and lists what hydration changed: each text a text node held
 * before its final one (`"loading -> resolved"`), and each node added (`"+ <text>"`). Angular writes
 * a text again on its first render even when it is the same; those are not changes. Hydration that
 * shows the server's result at once lists nothing; one that renders `loading` first lists it,
 * however briefly it was there.
 */
export function watchTexts(): () => string[] {
  const records: MutationRecord[] = [];
  const observer = new MutationObserver((batch) => records.push(...batch));
  observer.observe(document, { subtree: true, characterData: true, characterDataOldValue: true, childList: true });
  return () => {
    records.push(...observer.takeRecords());
    observer.disconnect();
    return records.flatMap((record) => {
      if (record.type === "characterData") {
        const final = record.target.textContent ?? "";
        return record.oldValue === final ? [] : [`${record.oldValue} -> ${final}`];
      }
      return [...record.addedNodes].map((node) => `+ ${node.textContent ?? ""}`.trim()).filter((text) => text !== "+");
    });
  };
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
