import { FetchBackend, HttpXhrBackend, type HttpBackend, type HttpClient } from "@angular/common/http";
import { throwError } from "rxjs";
import { fetchHandler, InvalidOptionError, type FetchLike, type HttpHandler } from "../index.js";
import { httpClientHandler } from "./http-client-handler.js";

/** Options of `withHttpClient()`. */
export interface HttpClientOptions {
  /**
   * Where server-sent event streams (`stream$`, `subscribe$` with `mode: "streaming"`,
   * `queue.streamStatus$`) go. `"fetch"`: the config's `fetch`, else the global one, with each
   * event as it arrives. `"httpClient"`: through HttpClient like every other request, which hands
   * over the whole stream only once it has ended (for tests; see docs/angular.md). `"auto"`: fetch
   * while HttpClient talks to the network (Angular's XHR or fetch backend), HttpClient when
   * `HttpTestingController` answers it (`provideHttpClientTesting()`), and for any other backend an
   * `InvalidOptionError` from each streaming call, naming this option: a stream never leaves by
   * another way than the one the app set up without being told to.
   * @default "auto"
   */
  streaming?: "auto" | "fetch" | "httpClient";
}

const ROUTES = ["auto", "fetch", "httpClient"];

/** The handler `withHttpClient()` sends with: HttpClient, and event streams where {@link HttpClientOptions.streaming} says. */
export function httpClientTransport(http: HttpClient, backend: HttpBackend, configured: FetchLike | undefined, options: HttpClientOptions): HttpHandler {
  const streaming = options.streaming ?? "auto";
  if (!ROUTES.includes(streaming)) return refuse(new InvalidOptionError("withHttpClient({ streaming })", streaming, '"auto", "fetch" or "httpClient"'));
  const fetch = fetchHandler(configured);
  const route = streaming === "auto" ? autoRoute(backend) : streaming;
  if (route === "fetch") return httpClientHandler(http, fetch);
  if (route === "httpClient") return httpClientHandler(http, fetch, "httpClient");
  const name = (backend as { constructor?: { name?: string } }).constructor?.name || "a custom HttpBackend";
  const unknown = new InvalidOptionError(
    "withHttpClient({ streaming })",
    streaming,
    `"fetch" or "httpClient": HttpClient's backend (${name}) is neither Angular's network backend nor HttpTestingController, ` +
      "so fal-rx does not send server-sent event streams around it by fetch unless told to",
  );
  return httpClientHandler(http, refuse(unknown));
}

/**
 * Angular's network backends keep streams on fetch; `HttpTestingController` (the backend
 * `provideHttpClientTesting()` installs) is told by its methods, so this entry never imports the
 * testing package; anything else is `undefined` (refused).
 */
function autoRoute(backend: HttpBackend): "fetch" | "httpClient" | undefined {
  if (backend instanceof HttpXhrBackend || backend instanceof FetchBackend) return "fetch";
  const testing = backend as unknown as Partial<Record<"expectOne" | "match" | "verify", unknown>>;
  if (typeof testing.expectOne === "function" && typeof testing.match === "function" && typeof testing.verify === "function") return "httpClient";
  return undefined;
}

function refuse(error: Error): HttpHandler {
  return () => throwError(() => error);
}
