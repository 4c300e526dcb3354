/**
 * The page the headless Chromium spec loads: fal-rx as a browser app uses it, with `proxyUrl` and
 * no key. Bundled by esbuild from the sources; each scenario is called from the spec.
 */
import { firstValueFrom, lastValueFrom, toArray } from "rxjs";
import { createFalClient, type StreamEvent } from "../../../src/index";

declare global {
  interface Window {
    /** The emulator's base URLs, set by the page's HTML. */
    baseUrls: { run: string; queue: string; rest: string };
    /** Events of the stream scenario, as they arrive. */
    events: StreamEvent<unknown, unknown>[];
    streamDone: boolean;
    scenarios: Record<string, () => Promise<unknown>>;
  }
}

document.cookie = "session=signed-in; path=/";
const fal = createFalClient({ proxyUrl: "/api/fal/proxy", baseUrls: window.baseUrls, retry: { maxRetries: 0 } });
window.events = [];
window.streamDone = false;

window.scenarios = {
  run: () => firstValueFrom(fal.run$("fal-ai/echo", { input: { from: "chromium" } })).then(({ data, requestId }) => ({ data, requestId })),
  subscribe: () => lastValueFrom(fal.subscribe$("fal-ai/slow", { input: { duration_ms: 20, steps: 2 }, pollInterval: 5 }).pipe(toArray())).then((events) => events.map((event) => event.type)),
  stream: async () => {
    fal.stream$("acme/gated").subscribe({ next: (event) => window.events.push(event), complete: () => (window.streamDone = true) });
  },
  upload: async () => {
    const url = await firstValueFrom(fal.storage.upload$(new Blob(["bytes from the page"], { type: "text/plain" })));
    return { url, served: await (await fetch(url)).text() };
  },
  refused: () =>
    firstValueFrom(fal.run$("fal-ai/not-allowed")).then(
      () => "forwarded",
      (error: Error & { status?: number }) => ({ name: error.name, status: error.status, message: error.message }),
    ),
};
