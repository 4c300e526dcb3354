import { Component } from "@angular/core";
import { toSignal } from "@angular/core/rxjs-interop";
import { falResource, injectFal, provideFal, toViewState, withPrerenderCalls } from "fal-rx/angular";
import { useEmulator } from "../support/emulator";
import { emulatorConfig } from "./support/angular";
import { closeBrowserApp, hydrateInBrowser, renderOnServer, transferState } from "./support/ssr";

@Component({
  selector: "app-root",
  template: `<p class="phase">{{ caption().phase }}</p>
    <p class="result">{{ caption().result?.caption }}</p>
    @if (caption().error; as error) {
      <p class="error">{{ error.message }}</p>
    }`,
})
class CaptionPage {
  readonly caption = toSignal(
    injectFal()
      .run$<{ caption: string }>("acme/caption", { input: { image_url: "https://example.com/cat.png" } })
      .pipe(toViewState()),
    { requireSync: true },
  );
}

@Component({ selector: "app-root", template: `<p class="status">{{ caption.status() }}</p><p class="result">{{ caption.value()?.caption }}</p>` })
class CaptionResourcePage {
  private readonly fal = injectFal();
  readonly caption = falResource({ call: () => this.fal.run$<{ caption: string }>("acme/caption", { input: { image_url: "https://example.com/cat.png" } }) });
}

/**
 * Prerendering (`RenderMode.Prerender`, build time) renders with no `REQUEST`: fal calls are
 * skipped there, so no build bakes an error (or a stranger's result) into static HTML.
 */
describe("fal calls while prerendering", () => {
  const emu = useEmulator();
  let warn: jest.SpyInstance;
  beforeEach(() => {
    emu.emulator.register("acme/caption", () => ({ caption: "a cat" }));
    warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
  });
  afterEach(() => {
    warn.mockRestore();
    closeBrowserApp();
  });

  it("skips the call: the page shows it unanswered, not an error, and nothing reaches fal", async () => {
    const html = await renderOnServer(CaptionPage, [provideFal(emulatorConfig(emu))], { request: false });
    const page = new DOMParser().parseFromString(html, "text/html");
    expect(page.querySelector(".phase")!.textContent).toBe("queued");
    expect(page.querySelector(".error")).toBeNull();
    expect(emu.emulator.requests).toHaveLength(0);
    expect(Object.keys(transferState(html)).some((key) => key.startsWith("fal-rx"))).toBe(false);
  });

  it("says on the console (which the build prints) which call it skipped and what to do", async () => {
    await renderOnServer(CaptionPage, [provideFal(emulatorConfig(emu))], { request: false });
    expect(warn).toHaveBeenCalledTimes(1);
    const [message] = warn.mock.calls[0] as [string];
    expect(message).toContain("run$ acme/caption was not called while prerendering");
    expect(message).toContain("RenderMode.Server");
    expect(message).toContain("withPrerenderCalls()");
  });

  it("makes the call in the browser after hydrating a prerendered page", async () => {
    const html = await renderOnServer(CaptionPage, [provideFal(emulatorConfig(emu))], { request: false });
    const app = await hydrateInBrowser(html, CaptionPage, [provideFal(emulatorConfig(emu))]);
    await app.whenStable();
    expect(document.querySelector(".result")!.textContent).toBe("a cat");
    expect(emu.emulator.requests).toHaveLength(1);
  });

  it("keeps a falResource idle, so the prerender does not wait for a call that never comes", async () => {
    const html = await renderOnServer(CaptionResourcePage, [provideFal(emulatorConfig(emu))], { request: false });
    expect(new DOMParser().parseFromString(html, "text/html").querySelector(".status")!.textContent).toBe("idle");
    expect(emu.emulator.requests).toHaveLength(0);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("fal-rx: a falResource stayed idle while prerendering"));
  });

  it("runs the call with withPrerenderCalls(), the result in the static HTML and handed to the browser", async () => {
    const providers = [provideFal(emulatorConfig(emu), withPrerenderCalls())];
    const html = await renderOnServer(CaptionPage, providers, { request: false });
    expect(new DOMParser().parseFromString(html, "text/html").querySelector(".result")!.textContent).toBe("a cat");
    await (await hydrateInBrowser(html, CaptionPage, providers)).whenStable();
    expect(emu.emulator.requests).toHaveLength(1);
    expect(warn).not.toHaveBeenCalled();
  });
});
