import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { TestBed, type ComponentFixture } from "@angular/core/testing";
import { provideFal } from "fal-rx/angular";
import { useEmulator } from "../support/emulator";
import { until } from "../support/observe";
import { StudioComponent } from "./examples/studio.component";
import { emulatorConfig, gate, rendered } from "./support/angular";

const aborted = (signal: AbortSignal) => new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));

/** The component and service docs/angular.md shows, compiled and rendered against the emulator. */
describe("docs/angular.md's studio component", () => {
  const emu = useEmulator({ queue: { concurrency: { "fal-ai/flux/dev": 1 } } });
  /** Jobs wait for their prompt's gate; prompts without one finish at once. */
  let held: Map<string, ReturnType<typeof gate>>;
  let answerGate: ReturnType<typeof gate>;
  let streamAborted: boolean;

  beforeEach(() => {
    held = new Map();
    answerGate = gate();
    streamAborted = false;
    emu.emulator.register("fal-ai/flux/dev", async ({ prompt }: { prompt: string }, ctx) => {
      ctx.log("loading model");
      // A cancelled job stops waiting, as a real one would (and frees the queue's one slot).
      await Promise.race([held.get(prompt)?.promise, aborted(ctx.signal)]);
      ctx.log("sampling");
      return { images: [{ url: `https://cdn.example/${encodeURIComponent(prompt)}.png`, width: 1024, height: 768 }] };
    });
    emu.emulator.register("fal-ai/any-llm", {
      run: () => ({ output: "Observables are lazy." }),
      stream: async function* (_input, ctx) {
        ctx.signal.addEventListener("abort", () => (streamAborted = true));
        yield { output: "Observables" };
        await answerGate.promise;
        yield { output: "Observables are lazy." };
      },
    });
  });

  afterEach(() => {
    for (const g of held.values()) g.open();
    answerGate.open();
  });

  const render = (): ComponentFixture<StudioComponent> => {
    TestBed.configureTestingModule({ providers: [provideFal(emulatorConfig(emu))] });
    const fixture = TestBed.createComponent(StudioComponent);
    fixture.detectChanges();
    return fixture;
  };
  const text = (fixture: ComponentFixture<StudioComponent>, selector: string) => () =>
    fixture.nativeElement.querySelector(selector) ?? fixture.nativeElement;
  /** The latest job for a prompt (the emulator keeps jobs across tests). */
  const jobFor = (prompt: string) => [...emu.emulator.jobs()].reverse().find((job) => (job.input as { prompt?: string }).prompt === prompt);
  const hold = (prompt: string) => {
    const g = gate();
    held.set(prompt, g);
    return g;
  };

  it("renders the queue position, then the logs, then the image; and is stable only then", async () => {
    const blocker = hold("blocker");
    const first = hold("a lighthouse at dusk, oil on canvas");
    const blocking = emu.client().subscribe$("fal-ai/flux/dev", { input: { prompt: "blocker" }, pollInterval: 10 }).subscribe();
    await until(() => jobFor("blocker")?.status === "IN_PROGRESS", "the blocker to run");

    const fixture = render();
    const section = text(fixture, "section.image");
    await rendered(section, "Position in queue: 0");
    let stable = false;
    void fixture.whenStable().then(() => (stable = true));

    blocker.open();
    await rendered(section, "Generating…");
    await rendered(section, "loading model");
    expect(stable).toBe(false);

    first.open();
    await fixture.whenStable();
    const image = fixture.nativeElement.querySelector("img") as HTMLImageElement;
    expect(image.getAttribute("src")).toBe("https://cdn.example/a%20lighthouse%20at%20dusk%2C%20oil%20on%20canvas.png");
    expect([...fixture.nativeElement.querySelectorAll(".logs li")].map((li: Element) => li.textContent)).toEqual(["loading model", "sampling"]);
    blocking.unsubscribe();
  });

  it("replaces the running job when the prompt changes, cancelling the old one at fal", async () => {
    hold("a lighthouse at dusk, oil on canvas");
    const fixture = render();
    await until(() => jobFor("a lighthouse at dusk, oil on canvas")?.status === "IN_PROGRESS", "the first job to run");

    const box = fixture.nativeElement.querySelector('input[aria-label="Prompt"]') as HTMLInputElement;
    box.value = "a red fox";
    box.dispatchEvent(new KeyboardEvent("keyup", { key: "Enter" }));

    await fixture.whenStable();
    expect(jobFor("a lighthouse at dusk, oil on canvas")!.cancelled).toBe(true);
    expect(jobFor("a red fox")!.status).toBe("COMPLETED");
    expect((fixture.nativeElement.querySelector("img") as HTMLImageElement).getAttribute("src")).toBe("https://cdn.example/a%20red%20fox.png");
  });

  it("streams the answer as it arrives, then shows the final one", async () => {
    const fixture = render();
    const chat = text(fixture, "section.chat");
    (fixture.nativeElement.querySelector('input[aria-label="Question"]') as HTMLInputElement).value = "What is an Observable?";
    (fixture.nativeElement.querySelector("button.ask") as HTMLButtonElement).click();

    await rendered(chat, "Observables");
    expect(chat().textContent).not.toContain("lazy");
    expect((fixture.nativeElement.querySelector("button.stop") as HTMLButtonElement).disabled).toBe(false);

    answerGate.open();
    await rendered(chat, "Observables are lazy.");
    await fixture.whenStable();
    expect((fixture.nativeElement.querySelector("button.stop") as HTMLButtonElement).disabled).toBe(true);
    expect(JSON.parse(emu.emulator.requests.find((r) => r.url.includes("any-llm"))!.body.toString())).toMatchObject({ prompt: "What is an Observable?" });
  });

  it("stops the stream where it is when Stop is pressed, aborting it at the server", async () => {
    const fixture = render();
    const chat = text(fixture, "section.chat");
    (fixture.nativeElement.querySelector("button.ask") as HTMLButtonElement).click();
    await rendered(chat, "Observables");

    (fixture.nativeElement.querySelector("button.stop") as HTMLButtonElement).click();
    await rendered(chat, "(stopped)");
    await until(() => streamAborted, "the server to see the stream closed");
    answerGate.open();
    await fixture.whenStable();
    expect(chat().textContent).not.toContain("lazy");
  });

  it("is the code docs/angular.md shows, byte for byte", () => {
    const docs = readFileSync(resolve(__dirname, "../../docs/angular.md"), "utf8");
    // The studio; the falResource example and the testing recipes (Vitest and Jest run them as they are).
    for (const file of ["studio.service.ts", "studio.component.ts", "hero.component.ts", "hero.component.spec.ts", "answer.service.ts", "answer.service.spec.ts"]) {
      const source = readFileSync(resolve(__dirname, "examples", file), "utf8");
      expect(docs).toContain(`\`\`\`ts\n// ${file}\n${source}\`\`\``);
    }
  });
});
