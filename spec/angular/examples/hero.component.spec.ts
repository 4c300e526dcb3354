import { TestBed } from "@angular/core/testing";
import { provideFal } from "fal-rx/angular";
import { startEmulator, type Emulator } from "fal-rx/emulator";
import { HeroComponent } from "./hero.component";

/** Polls until `done()` holds: for what happens on the emulator's side, between two renders. */
async function until(done: () => boolean) {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe("HeroComponent", () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({
      endpoints: {
        "fal-ai/flux/dev": async ({ prompt }: { prompt: string }, ctx) => {
          ctx.log("sampling");
          await ctx.sleep(prompt === "a slow one" ? 60_000 : 20); // rejects when the job is cancelled
          return { images: [{ url: `https://cdn.example/${encodeURIComponent(prompt)}.png` }] };
        },
      },
    });
  });
  afterAll(() => emulator.close());

  beforeEach(() => {
    emulator.reset();
    TestBed.configureTestingModule({
      providers: [provideFal({ baseUrls: emulator.baseUrls, credentials: "test", suppressLocalCredentialsWarning: true })],
    });
  });

  it("shows the image once fal's job is done", async () => {
    const fixture = TestBed.createComponent(HeroComponent);
    await fixture.whenStable(); // waits for the job: fal-rx holds a pending task until the result
    const image: HTMLImageElement = fixture.nativeElement.querySelector("img");
    expect(image.getAttribute("src")).toBe("https://cdn.example/a%20lighthouse%20at%20dusk.png");
    expect(emulator.jobs()).toHaveLength(1);
  });

  it("cancels the running job at fal when the prompt changes", async () => {
    const fixture = TestBed.createComponent(HeroComponent);
    fixture.componentInstance.prompt.set("a slow one");
    fixture.detectChanges();
    await until(() => emulator.jobs().length === 1);

    fixture.componentInstance.prompt.set("a red fox");
    await fixture.whenStable();
    const [slow, fox] = emulator.jobs();
    expect(slow!.cancelled).toBe(true);
    expect(fox!.status).toBe("COMPLETED");
    expect(fixture.nativeElement.querySelector("img").getAttribute("src")).toBe("https://cdn.example/a%20red%20fox.png");
  });
});
