import { Component, signal } from "@angular/core";
import { TestBed, type ComponentFixture } from "@angular/core/testing";
import { falResource, injectFal, provideFal } from "fal-rx/angular";
import { ValidationError } from "../../src/index";
import { useEmulator } from "../support/emulator";
import { until } from "../support/observe";
import { emulatorConfig, gate } from "./support/angular";

interface Hero {
  url: string;
}

/** A prompt, as docs/angular.md's falResource example has it. */
@Component({
  selector: "app-hero",
  template: `<p class="status">{{ hero.status() }}</p>
    <p class="phase">{{ hero.state()?.phase }}</p>
    @if (hero.value(); as image) {
      <img [src]="image.url" alt="hero" />
    }
    @if (hero.error(); as error) {
      <p class="error">{{ error.message }}</p>
    }`,
})
class HeroComponent {
  private readonly fal = injectFal();
  readonly prompt = signal<string | undefined>("a lighthouse");
  readonly hero = falResource({
    params: () => this.prompt(),
    call: (prompt) => this.fal.subscribe$<Hero>("acme/hero", { input: { prompt }, logs: true, mode: "streaming" }),
  });
}

const aborted = (signal: AbortSignal) => new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));

describe("falResource", () => {
  const emu = useEmulator();
  let held: Map<string, ReturnType<typeof gate>>;
  beforeEach(() => {
    held = new Map();
    emu.emulator.register("acme/hero", async ({ prompt }: { prompt: string }, ctx) => {
      ctx.log(`drawing ${prompt}`);
      await Promise.race([held.get(prompt)?.promise, aborted(ctx.signal)]);
      return { url: `https://cdn.example/${encodeURIComponent(prompt)}.png` };
    });
  });
  afterEach(() => held.forEach((g) => g.open()));

  const render = (): ComponentFixture<HeroComponent> => {
    TestBed.configureTestingModule({ providers: [provideFal(emulatorConfig(emu))] });
    const fixture = TestBed.createComponent(HeroComponent);
    fixture.detectChanges();
    return fixture;
  };
  const hold = (prompt: string) => {
    const g = gate();
    held.set(prompt, g);
    return g;
  };
  const jobFor = (prompt: string) => emu.emulator.jobs().find((job) => (job.input as { prompt?: string }).prompt === prompt);

  it("is loading with the live state while the job runs, then resolved with the result as value", async () => {
    const job = hold("a lighthouse");
    const fixture = render();
    const { hero } = fixture.componentInstance;
    await until(() => hero.state()?.logs.length === 1, "the log line to arrive");
    expect(hero.status()).toBe("loading");
    expect(hero.isLoading()).toBe(true);
    expect(hero.state()).toMatchObject({ phase: "running", logs: [{ message: "drawing a lighthouse" }] });
    expect(hero.value()).toBeUndefined();

    job.open();
    await fixture.whenStable();
    expect(hero.status()).toBe("resolved");
    expect(hero.hasValue()).toBe(true);
    expect(hero.value()).toEqual({ url: "https://cdn.example/a%20lighthouse.png" });
    expect(hero.state()!.phase).toBe("done");
    expect((fixture.nativeElement as HTMLElement).querySelector("img")!.getAttribute("src")).toBe("https://cdn.example/a%20lighthouse.png");
  });

  it("runs the call again when its params change, cancelling the previous job at fal", async () => {
    hold("a lighthouse");
    const fixture = render();
    await until(() => jobFor("a lighthouse")?.status === "IN_PROGRESS", "the first job to run");

    fixture.componentInstance.prompt.set("a red fox");
    await fixture.whenStable();
    expect(jobFor("a lighthouse")!.cancelled).toBe(true);
    expect(jobFor("a red fox")!.status).toBe("COMPLETED");
    expect(fixture.componentInstance.hero.value()).toEqual({ url: "https://cdn.example/a%20red%20fox.png" });
  });

  it("is in error, with the typed error and no value, when the call fails", async () => {
    emu.emulator.fail({ type: "validation", endpoint: "acme/hero", detail: [{ loc: ["body", "prompt"], msg: "too long", type: "value_error" }] });
    const fixture = render();
    await fixture.whenStable();
    const { hero } = fixture.componentInstance;
    expect(hero.status()).toBe("error");
    expect(hero.error()).toBeInstanceOf(ValidationError);
    expect(hero.value()).toBeUndefined();
    expect(hero.hasValue()).toBe(false);
    expect(hero.state()!.phase).toBe("error");
    expect((fixture.nativeElement as HTMLElement).querySelector(".error")!.textContent).toContain("too long");
  });

  it("is idle, calling nothing, while its params are undefined", async () => {
    TestBed.configureTestingModule({ providers: [provideFal(emulatorConfig(emu))] });
    const fixture = TestBed.createComponent(HeroComponent);
    fixture.componentInstance.prompt.set(undefined);
    fixture.detectChanges();
    await fixture.whenStable();
    expect(fixture.componentInstance.hero.status()).toBe("idle");
    expect(fixture.componentInstance.hero.state()).toBeUndefined();
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("runs the call again on reload()", async () => {
    const fixture = render();
    await fixture.whenStable();
    expect(fixture.componentInstance.hero.reload()).toBe(true);
    await fixture.whenStable();
    expect(emu.emulator.jobs().filter((job) => job.status === "COMPLETED")).toHaveLength(2);
    expect(fixture.componentInstance.hero.status()).toBe("resolved");
  });

  it("cancels the running job when the component is destroyed", async () => {
    hold("a lighthouse");
    const fixture = render();
    await until(() => jobFor("a lighthouse")?.status === "IN_PROGRESS", "the job to run");
    fixture.destroy();
    await until(() => jobFor("a lighthouse")!.cancelled, "the cancel to reach fal");
  });
});
