import { provideHttpClient } from "@angular/common/http";
import { HttpTestingController, provideHttpClientTesting } from "@angular/common/http/testing";
import { TestBed } from "@angular/core/testing";
import { lastValueFrom, toArray } from "rxjs";
import { provideFal, withHttpClient } from "fal-rx/angular";
import { AnswerService } from "./answer.service";

describe("AnswerService with HttpTestingController", () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideFal({ proxyUrl: { url: "https://app.example/api/fal/proxy", when: "always" } }, withHttpClient()),
      ],
    });
  });
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it("streams the answer: the test answers the event stream like any request", async () => {
    const answers = lastValueFrom(TestBed.inject(AnswerService).answer$("What is an Observable?").pipe(toArray()));
    const request = TestBed.inject(HttpTestingController).expectOne("https://app.example/api/fal/proxy");
    expect(request.request.headers.get("x-fal-target-url")).toBe("https://fal.run/fal-ai/any-llm/stream");
    expect(request.request.body).toEqual({ prompt: "What is an Observable?" });
    request.flush('data: {"output":"Observables"}\n\ndata: {"output":"Observables are lazy."}\n\n');
    expect(await answers).toEqual(["Observables", "Observables are lazy."]);
  });
});
