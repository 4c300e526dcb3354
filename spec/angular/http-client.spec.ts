import { provideHttpClient, withFetch, withInterceptors, type HttpInterceptorFn, type HttpRequest } from "@angular/common/http";
import { TestBed } from "@angular/core/testing";
import { FalService, provideFal, withHttpClient, type HttpClientOptions } from "fal-rx/angular";
import { NetworkError, ValidationError, type FalConfig } from "../../src/index";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { collect, errorOf } from "../support/observe";
import { emulatorConfig } from "./support/angular";

const BACKENDS = [
  ["XHR (provideHttpClient())", []],
  ["fetch (withFetch())", [withFetch()]],
] as const;

describe.each(BACKENDS)("withHttpClient over the %s backend", (_name, backendFeatures) => {
  const emu = useEmulator();
  let seen: HttpRequest<unknown>[];

  /** An app interceptor, as users write them: records the request and adds its proxy session header. */
  const appInterceptor: HttpInterceptorFn = (request, next) => {
    seen.push(request);
    return next(request.clone({ setHeaders: { "x-app-session": "s-1" } }));
  };

  const client = (config: FalConfig = {}, options: HttpClientOptions = {}) => {
    seen = [];
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([appInterceptor]), ...backendFeatures), provideFal(emulatorConfig(emu, config), withHttpClient(options))],
    });
    return TestBed.inject(FalService);
  };

  it("sends run$ through the app's interceptors and emits the same result as over fetch", async () => {
    const [result] = await collect(client().run$("fal-ai/echo", { input: { prompt: "a cat" } }));
    expect(result!.data).toEqual({ prompt: "a cat" });
    expect(result!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.method).toBe("POST");
    expect(seen[0]!.url).toBe(`${emu.emulator.baseUrls.run}/fal-ai/echo`);
    expect(seen[0]!.body).toEqual({ prompt: "a cat" });
    const [sent] = emu.emulator.requests;
    expect(sent!.headers["x-app-session"]).toBe("s-1");
    expect(sent!.headers.authorization).toBe(`Key ${TEST_KEY}`);
    expect(JSON.parse(sent!.body.toString())).toEqual({ prompt: "a cat" });
  });

  it("sends a GET's input in the query string, with no body", async () => {
    const [result] = await collect(client().run$("fal-ai/echo", { method: "get", input: { prompt: "a b" } }));
    expect(result!.data).toEqual({ prompt: "a b" });
    expect(emu.emulator.requests[0]!.url).toBe("/run/fal-ai/echo?prompt=a+b");
    expect(emu.emulator.requests[0]!.headers["x-app-session"]).toBe("s-1");
  });

  it("turns a 422 into the same ValidationError as over fetch, without the key", async () => {
    emu.emulator.fail({ type: "validation", detail: [{ loc: ["body", "prompt"], msg: "field required", type: "missing" }] });
    const error = await errorOf(client().run$("fal-ai/echo", { input: {} }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).status).toBe(422);
    expect((error as ValidationError).fieldErrors).toEqual([expect.objectContaining({ loc: ["body", "prompt"], msg: "field required" })]);
    expect(error.message).toContain("POST");
    expect(error.message).toContain("/fal-ai/echo");
    expect(error.message).not.toContain(TEST_KEY);
  });

  it("retries a 503 through HttpClient, the interceptors seeing each attempt", async () => {
    emu.emulator.fail({ type: "unavailable" });
    const [result] = await collect(client().run$("fal-ai/echo", { input: { n: 1 } }));
    expect(result!.data).toEqual({ n: 1 });
    expect(emu.emulator.requests).toHaveLength(2);
    expect(seen).toHaveLength(2);
  });

  it("reports a connection dropped before any answer as a NetworkError", async () => {
    emu.emulator.fail({ type: "drop" });
    const error = await errorOf(client({ retry: { maxRetries: 0 } }).run$("fal-ai/echo", { input: {} }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain("/fal-ai/echo");
    expect(error.message).not.toContain(TEST_KEY);
  });

  it("keeps stream$ on fetch: partials arrive as sent, and interceptors do not see the stream", async () => {
    const events = await collect(client().stream$<{ text: string }>("fal-ai/streamer", { input: { text: "one two", delay_ms: 5 } }));
    expect(events.map((event) => event.type)).toEqual(["partial", "partial", "partial", "result"]);
    expect(events.at(-1)!.data.text).toBe("one two");
    expect(seen).toEqual([]);
    expect(emu.emulator.requests[0]!.headers["x-app-session"]).toBeUndefined();
  });

  it("sends stream$ through HttpClient with streaming: \"httpClient\": the interceptors see it too", async () => {
    const events = await collect(client({}, { streaming: "httpClient" }).stream$<{ text: string }>("fal-ai/streamer", { input: { text: "one two", delay_ms: 5 } }));
    expect(events.map((event) => event.type)).toEqual(["partial", "partial", "partial", "result"]);
    expect(seen.map((request) => request.url)).toEqual([`${emu.emulator.baseUrls.run}/fal-ai/streamer/stream`]);
    expect(emu.emulator.requests[0]!.headers["x-app-session"]).toBe("s-1");
  });

  it("sends subscribe$'s submit, polls and result through HttpClient", async () => {
    const events = await collect(client().subscribe$("fal-ai/echo", { input: { n: 2 }, pollInterval: 5 }));
    expect(events.at(-1)).toEqual({ type: "result", data: { n: 2 }, requestId: expect.any(String) });
    expect(seen.length).toBe(emu.emulator.requests.length);
    expect(seen.map((request) => request.method)).toEqual(expect.arrayContaining(["POST", "GET"]));
  });
});
