import { Component, type ApplicationRef, type EnvironmentProviders, type Provider, type Type } from "@angular/core";
import { toSignal } from "@angular/core/rxjs-interop";
import { firstValueFrom } from "rxjs";
import { FalService, falResource, injectFal, provideFal, toViewState, withNoTransferState, type AngularCallOptions } from "fal-rx/angular";
import { InvalidOptionError } from "../../src/index";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { errorOf } from "../support/observe";
import { emulatorConfig } from "./support/angular";
import { closeBrowserApp, hydrateInBrowser, renderOnServer, transferState, watchTexts } from "./support/ssr";

interface Hero {
  url: string;
}

/** The queue, as docs/angular.md's studio uses it: statuses with logs, then the image. */
@Component({
  selector: "app-root",
  template: `<p class="phase">{{ job().phase }}</p>
    @if (job().result; as hero) {
      <img [src]="hero.url" alt="hero" />
    }
    <ol class="logs">
      @for (line of job().logs; track $index) {
        <li>{{ line.message }}</li>
      }
    </ol>`,
})
class HeroPage {
  readonly job = toSignal(
    injectFal().subscribe$<Hero>("acme/hero", { input: { prompt: "a lighthouse" }, logs: true, pollInterval: 5 }).pipe(toViewState()),
    { requireSync: true },
  );
}

/** A stream: the page shows the last partial and the result. */
@Component({
  selector: "app-root",
  template: `<p class="phase">{{ answer().phase }}</p>
    <p class="partial">{{ answer().partial?.text }}</p>
    <p class="result">{{ answer().result?.text }}</p>`,
})
class AnswerPage {
  readonly answer = toSignal(
    injectFal()
      .stream$<{ text: string }>("fal-ai/streamer", { input: { text: "Observables are lazy", delay_ms: 1 } })
      .pipe(toViewState()),
    { requireSync: true },
  );
}

/** Options a test sets for the next RunPage render. */
let runOptions: AngularCallOptions & { input: unknown };

/** run$ with whatever options the test set. */
@Component({ selector: "app-root", template: `<p class="result">{{ caption().result?.caption }}</p>` })
class RunPage {
  readonly caption = toSignal(injectFal().run$<{ caption: string }>("acme/caption", runOptions).pipe(toViewState()), { requireSync: true });
}

/** The same call as a falResource. */
@Component({
  selector: "app-root",
  template: `<p class="status">{{ caption.status() }}</p>
    <p class="phase">{{ caption.state()?.phase }}</p>
    <p class="result">{{ caption.value()?.caption }}</p>`,
})
class CaptionResourcePage {
  private readonly fal = injectFal();
  readonly caption = falResource({ call: () => this.fal.run$<{ caption: string }>("acme/caption", runOptions) });
}

describe("the SSR hand-off (TransferState)", () => {
  const emu = useEmulator();
  beforeEach(() => {
    runOptions = { input: { image_url: "https://example.com/cat.png" } };
    emu.emulator.register("acme/hero", async (_input, ctx) => {
      ctx.log("loading model");
      await ctx.sleep(20);
      ctx.log("sampling");
      return { url: "https://cdn.example/hero.png" };
    });
    emu.emulator.register("acme/caption", () => ({ caption: "a cat" }));
  });
  afterEach(() => closeBrowserApp());

  const fal = (...features: Parameters<typeof provideFal>[1][]): (Provider | EnvironmentProviders)[] => [provideFal(emulatorConfig(emu), ...features)];
  /** Renders on the server, then hydrates the HTML in the browser; the app is stable when this returns. */
  const serverThenBrowser = async (page: Type<unknown>, server = fal(), browser = fal()) => {
    const html = await renderOnServer(page, server);
    const afterServer = { requests: emu.emulator.requests.length, jobs: emu.emulator.jobs().length };
    let shown = () => [] as string[];
    const app = await hydrateInBrowser(html, page, browser, () => (shown = watchTexts()));
    await app.whenStable();
    return { html, afterServer, app, shown: shown() };
  };
  const text = (selector: string) => document.querySelector(selector)!.textContent;
  const runRequests = () => emu.emulator.requests.filter((request) => request.url === "/run/acme/caption");

  it("renders on the server and hydrates with the server's result: one job, no request from the browser", async () => {
    const serverImage = () => new DOMParser().parseFromString(html, "text/html").querySelector("img")!;
    const { html, afterServer, shown } = await serverThenBrowser(HeroPage);
    expect(serverImage().getAttribute("src")).toBe("https://cdn.example/hero.png");
    expect(afterServer.jobs).toBe(1);
    // Hydration kept the server's page as it was: no text changed, no node was added.
    expect(shown).toEqual([]);
    expect(text(".phase")).toBe("done");
    expect(document.querySelector("img")!.getAttribute("src")).toBe("https://cdn.example/hero.png");
    expect([...document.querySelectorAll(".logs li")].map((li) => li.textContent)).toEqual(["loading model", "sampling"]);
    expect(emu.emulator.jobs()).toHaveLength(1);
    expect(emu.emulator.requests).toHaveLength(afterServer.requests);
  });

  it("hands over stream$'s last partial and result, so the browser's view state is the server's", async () => {
    const { afterServer, shown } = await serverThenBrowser(AnswerPage);
    expect(afterServer.requests).toBe(1);
    expect(shown).toEqual([]);
    expect(text(".phase")).toBe("done");
    expect(text(".result")).toBe("Observables are lazy");
    expect(text(".partial")).toBe("Observables are lazy");
    expect(emu.emulator.requests).toHaveLength(1);
  });

  it("hands over run$'s result under a key of the operation, the endpoint and a hash of the input", async () => {
    const { html } = await serverThenBrowser(RunPage);
    expect(text(".result")).toBe("a cat");
    expect(runRequests()).toHaveLength(1);
    expect(Object.keys(transferState(html)).filter((key) => key.startsWith("fal-rx"))).toEqual([expect.stringMatching(/^fal-rx run\$ acme\/caption [0-9a-f]{16}$/)]);
  });

  it("transfers results only: no key, no authorization, no input, no queue URL in the page", async () => {
    const { html } = await serverThenBrowser(HeroPage);
    const state = JSON.stringify(transferState(html));
    expect(state).toContain("https://cdn.example/hero.png");
    for (const absent of [TEST_KEY, "test-key-secret", "Key ", "authorization", "a lighthouse", "response_url", emu.emulator.url]) {
      expect(state).not.toContain(absent);
    }
  });

  it("matches the input whatever the order of its fields", async () => {
    runOptions = { input: { b: 2, a: 1 } };
    const html = await renderOnServer(RunPage, fal());
    runOptions = { input: { a: 1, b: 2 } };
    await (await hydrateInBrowser(html, RunPage, fal())).whenStable();
    expect(runRequests()).toHaveLength(1);
  });

  it("calls fal again for a call whose input differs from the server's", async () => {
    const html = await renderOnServer(RunPage, fal());
    runOptions = { input: { image_url: "https://example.com/dog.png" } };
    await (await hydrateInBrowser(html, RunPage, fal())).whenStable();
    expect(runRequests()).toHaveLength(2);
  });

  it("does not hand off a call made with transfer: false", async () => {
    runOptions = { ...runOptions, transfer: false };
    const { html } = await serverThenBrowser(RunPage);
    expect(Object.keys(transferState(html)).some((key) => key.startsWith("fal-rx"))).toBe(false);
    expect(runRequests()).toHaveLength(2);
    expect(text(".result")).toBe("a cat");
  });

  it("does not hand off with withNoTransferState(), unless a call asks", async () => {
    await serverThenBrowser(RunPage, fal(withNoTransferState()), fal(withNoTransferState()));
    expect(runRequests()).toHaveLength(2);
    closeBrowserApp();
    runOptions = { ...runOptions, transfer: true };
    await serverThenBrowser(RunPage, fal(withNoTransferState()), fal(withNoTransferState()));
    expect(runRequests()).toHaveLength(3);
  });

  it("uses an explicit key instead of the derived one", async () => {
    runOptions = { ...runOptions, transfer: { key: "cat-caption" } };
    const { html } = await serverThenBrowser(RunPage);
    expect(Object.keys(transferState(html))).toContain("fal-rx cat-caption");
    expect(runRequests()).toHaveLength(1);
  });

  it("calls fal for the same call once hydration is over: a new call is a new job", async () => {
    const { app } = await serverThenBrowser(RunPage);
    const again = await firstValueFrom((app as ApplicationRef).injector.get(FalService).run$<{ caption: string }>("acme/caption", runOptions));
    expect(again.data).toEqual({ caption: "a cat" });
    expect(runRequests()).toHaveLength(2);
  });

  it("leaves nothing for a call that failed on the server: the browser calls again", async () => {
    emu.emulator.fail({ type: "status", status: 500, body: { detail: "boom" }, endpoint: "acme/caption" });
    const { html } = await serverThenBrowser(RunPage);
    expect(html).not.toContain("a cat");
    expect(text(".result")).toBe("a cat");
    expect(runRequests()).toHaveLength(2);
  });

  it("shows a falResource's server result in the browser's first render, resolved, with no request", async () => {
    const { html, shown } = await serverThenBrowser(CaptionResourcePage);
    expect(new DOMParser().parseFromString(html, "text/html").querySelector(".status")!.textContent).toBe("resolved");
    expect(shown).toEqual([]);
    expect(text(".status")).toBe("resolved");
    expect(text(".phase")).toBe("done");
    expect(text(".result")).toBe("a cat");
    expect(runRequests()).toHaveLength(1);
  });

  it("errors a call whose transfer option is not a boolean or {key}, naming it", async () => {
    const html = await renderOnServer(RunPage, fal());
    const app = await hydrateInBrowser(html, RunPage, fal());
    const error = await errorOf(app.injector.get(FalService).run$("acme/caption", { input: {}, transfer: "yes" as never }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toContain("transfer");
  });
});
