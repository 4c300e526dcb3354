import { HttpBackend, HttpHeaders, HttpResponse, provideHttpClient, type HttpRequest } from "@angular/common/http";
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from "@angular/common/http/testing";
import { Injectable } from "@angular/core";
import { TestBed } from "@angular/core/testing";
import { firstValueFrom, map, of } from "rxjs";
import { FalService, injectFal, provideFal, withHttpClient, type HttpClientOptions } from "fal-rx/angular";
import { InvalidOptionError, ValidationError } from "../../src/index";
import { collect, errorOf, until } from "../support/observe";

/** A user's service, as docs/angular.md shows it. */
@Injectable({ providedIn: "root" })
class CaptionService {
  private readonly fal = injectFal();
  caption(imageUrl: string) {
    return this.fal.run$<{ caption: string }>("fal-ai/florence-2-large/caption", { input: { image_url: imageUrl } }).pipe(map((result) => result.data.caption));
  }
}

const PROXY = "https://app.example/api/fal/proxy";

describe("a user's test with HttpTestingController", () => {
  let httpTesting: HttpTestingController;
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideFal({ proxyUrl: { url: PROXY, when: "always" }, retry: { maxRetries: 0 } }, withHttpClient()),
      ],
    });
    httpTesting = TestBed.inject(HttpTestingController);
  });
  afterEach(() => httpTesting.verify());

  it("answers a service's run$ with flush(), through the proxy, without a key", async () => {
    const fal = TestBed.inject(CaptionService);
    const caption = firstValueFrom(fal.caption("https://example.com/cat.png"));

    const request = httpTesting.expectOne({ method: "POST", url: PROXY });
    expect(request.request.headers.get("x-fal-target-url")).toBe("https://fal.run/fal-ai/florence-2-large/caption");
    expect(request.request.headers.has("authorization")).toBe(false);
    expect(request.request.body).toEqual({ image_url: "https://example.com/cat.png" });
    request.flush({ caption: "a cat" }, { headers: { "x-fal-request-id": "req-1" } });

    expect(await caption).toBe("a cat");
  });

  it("answers with an error status and gets fal-rx's typed error", async () => {
    const failed = errorOf(TestBed.inject(CaptionService).caption("not a url"));
    httpTesting
      .expectOne(PROXY)
      .flush({ detail: [{ loc: ["body", "image_url"], msg: "invalid url", type: "value_error" }] }, { status: 422, statusText: "Unprocessable Entity" });
    const error = await failed;
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors[0]).toMatchObject({ loc: ["body", "image_url"], msg: "invalid url" });
  });

  it("cancels the HttpClient request when the caller unsubscribes", () => {
    const subscription = TestBed.inject(CaptionService).caption("https://example.com/cat.png").subscribe();
    const request = httpTesting.expectOne(PROXY);
    subscription.unsubscribe();
    expect(request.cancelled).toBe(true);
  });

  it("reads the answer as bytes for a call that accepts something other than JSON or text", async () => {
    const fal = TestBed.inject(FalService);
    const image = firstValueFrom(fal.run$<Blob>("acme/raw-png", { input: {}, headers: { accept: "image/png" } }));
    const request = httpTesting.expectOne(PROXY);
    expect(request.request.responseType).toBe("arraybuffer");
    request.flush(new Uint8Array([137, 80, 78, 71]).buffer, { headers: { "content-type": "image/png", "x-fal-request-id": "req-2" } });
    const { data, requestId } = await image;
    expect(requestId).toBe("req-2");
    expect(data.type).toBe("image/png");
    expect([...new Uint8Array(await data.arrayBuffer())]).toEqual([137, 80, 78, 71]);
  });
});


describe("server-sent event streams in a test with HttpTestingController", () => {
  let httpTesting: HttpTestingController;
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideFal({ proxyUrl: { url: PROXY, when: "always" }, retry: { maxRetries: 0 } }, withHttpClient()),
      ],
    });
    httpTesting = TestBed.inject(HttpTestingController);
  });
  afterEach(() => httpTesting.verify());
  /** The next request to the proxy: each step of a job is sent once the answer before it has been read. */
  const next = async (): Promise<TestRequest> => {
    let found: TestRequest[] = [];
    await until(() => (found = httpTesting.match(PROXY)).length > 0, "the next request to the proxy");
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  it("sends stream$ through HttpClient, so the test answers it with the event stream's text", async () => {
    const events = collect(TestBed.inject(FalService).stream$<{ output: string }>("fal-ai/any-llm", { input: { prompt: "Hi" } }));
    const request = httpTesting.expectOne(PROXY);
    expect(request.request.headers.get("x-fal-target-url")).toBe("https://fal.run/fal-ai/any-llm/stream");
    expect(request.request.headers.get("accept")).toBe("text/event-stream");
    request.flush('data: {"output":"Observables"}\n\ndata: {"output":"Observables are lazy."}\n\n', { headers: { "x-fal-request-id": "req-3" } });
    expect(await events).toEqual([
      { type: "partial", data: { output: "Observables" } },
      { type: "partial", data: { output: "Observables are lazy." } },
      { type: "result", data: { output: "Observables are lazy." }, requestId: "req-3" },
    ]);
  });

  it("runs docs/angular.md's subscribe$ with mode: streaming to its result: submit, status stream, result", async () => {
    const events = collect(TestBed.inject(FalService).subscribe$<{ images: unknown[] }>("fal-ai/flux/dev", { input: { prompt: "a cat" }, mode: "streaming" }));
    const base = "https://queue.fal.run/fal-ai/flux/dev/requests/req-4";
    const submit = httpTesting.expectOne(PROXY);
    expect(submit.request.headers.get("x-fal-target-url")).toBe("https://queue.fal.run/fal-ai/flux/dev");
    submit.flush({ request_id: "req-4", status: "IN_QUEUE", queue_position: 0, response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel` });

    const statuses = await next();
    expect(statuses.request.headers.get("x-fal-target-url")).toBe(`${base}/status/stream?logs=0`);
    statuses.flush(`data: {"status":"IN_PROGRESS","request_id":"req-4","logs":[]}\n\ndata: {"status":"COMPLETED","request_id":"req-4","logs":[]}\n\n`);

    const result = await next();
    expect(result.request.headers.get("x-fal-target-url")).toBe(base);
    result.flush({ images: [{ url: "https://cdn.example/cat.png" }] });
    expect((await events).map((event) => (event.type === "status" ? event.status.status : event.type))).toEqual(["IN_QUEUE", "IN_PROGRESS", "COMPLETED", "result"]);
  });
});

/** A backend of the app's own, which HttpClient answers through (not Angular's network backends). */
class CannedBackend implements HttpBackend {
  readonly seen: string[] = [];
  handle(request: HttpRequest<unknown>) {
    this.seen.push(request.url);
    return of(new HttpResponse({ status: 200, body: '{"caption":"canned"}', headers: new HttpHeaders({ "content-type": "application/json" }) }));
  }
}

describe("server-sent event streams behind a backend fal-rx does not know", () => {
  const configure = (streaming?: HttpClientOptions["streaming"]) => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        { provide: HttpBackend, useClass: CannedBackend },
        provideFal({ proxyUrl: { url: PROXY, when: "always" }, retry: { maxRetries: 0 } }, withHttpClient({ streaming })),
      ],
    });
    return TestBed.inject(FalService);
  };

  it("errors a stream with an InvalidOptionError naming the option and the backend, sending nothing", async () => {
    const fal = configure();
    const error = await errorOf(fal.stream$("fal-ai/any-llm", { input: {} }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toContain("withHttpClient({ streaming })");
    expect(error.message).toContain("CannedBackend");
    expect((TestBed.inject(HttpBackend) as CannedBackend).seen).toEqual([]);
  });

  it("still sends every other request through HttpClient and its backend", async () => {
    const [result] = await collect(configure().run$<{ caption: string }>("acme/caption", { input: {} }));
    expect(result!.data).toEqual({ caption: "canned" });
  });

  it("sends the stream through HttpClient when told to", async () => {
    const [result] = await collect(configure("httpClient").stream$<{ caption: string }>("acme/caption", { input: {} }));
    expect(result).toEqual({ type: "result", data: { caption: "canned" }, requestId: "" });
    expect((TestBed.inject(HttpBackend) as CannedBackend).seen).toEqual([PROXY]);
  });
});
