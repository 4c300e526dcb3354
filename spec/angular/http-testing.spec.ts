import { provideHttpClient } from "@angular/common/http";
import { HttpTestingController, provideHttpClientTesting } from "@angular/common/http/testing";
import { Injectable } from "@angular/core";
import { TestBed } from "@angular/core/testing";
import { firstValueFrom, map } from "rxjs";
import { FalService, injectFal, provideFal, withHttpClient } from "fal-rx/angular";
import { ValidationError } from "../../src/index";
import { errorOf } from "../support/observe";

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

