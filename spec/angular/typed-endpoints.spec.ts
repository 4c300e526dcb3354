import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { TestBed, type ComponentFixture } from "@angular/core/testing";
import { provideFal } from "fal-rx/angular";
import { useEmulator } from "../support/emulator";
import { GalleryComponent } from "./examples/gallery.component";
import { emulatorConfig, rendered } from "./support/angular";

/** The typed service and component docs/typing.md shows, compiled and rendered against the emulator. */
describe("docs/typing.md's gallery component", () => {
  const emu = useEmulator();
  /** What acme/upscaler answers instead of a good image, when set. */
  let upscalerAnswer: unknown;

  beforeEach(() => {
    upscalerAnswer = undefined;
    // fal-ai/flux/dev's output as fal's map types it.
    emu.emulator.register("fal-ai/flux/dev", ({ prompt }: { prompt: string }) => ({
      images: [{ url: `https://cdn.example/${encodeURIComponent(prompt)}.png`, width: 1024, height: 768, content_type: "image/png" }],
      prompt,
      seed: 42,
      has_nsfw_concepts: [false],
      timings: {},
    }));
    emu.emulator.register("acme/upscaler", ({ image_url, scale }: { image_url: string; scale: number }) =>
      upscalerAnswer ?? { image: { url: image_url.replace(".png", `@${scale}x.png`), width: 1024 * scale, height: 768 * scale } },
    );
  });

  const render = (): ComponentFixture<GalleryComponent> => {
    TestBed.configureTestingModule({ providers: [provideFal(emulatorConfig(emu))] });
    const fixture = TestBed.createComponent(GalleryComponent);
    fixture.detectChanges();
    return fixture;
  };
  const element = (fixture: ComponentFixture<GalleryComponent>) => () => fixture.nativeElement as HTMLElement;

  it("renders fal-ai/flux/dev's typed result, then the upscaled image its schema checked", async () => {
    const fixture = render();
    expect(element(fixture)().querySelector(".status")?.textContent).toBe("queued");
    await rendered(element(fixture), "Seed 42");
    await fixture.whenStable();
    const generated = element(fixture)().querySelector<HTMLImageElement>("img.generated")!;
    expect(generated.getAttribute("src")).toBe("https://cdn.example/a%20lighthouse%20at%20dusk.png");
    expect(generated.getAttribute("alt")).toBe("a lighthouse at dusk");
    const upscaled = element(fixture)().querySelector<HTMLImageElement>("img.upscaled")!;
    expect(upscaled.getAttribute("src")).toBe("https://cdn.example/a%20lighthouse%20at%20dusk@2x.png");
    expect([upscaled.width, upscaled.height]).toEqual([2048, 1536]);
    const upscale = emu.emulator.requests.find((request) => request.url === "/run/acme/upscaler");
    expect(JSON.parse(upscale!.body.toString())).toEqual({ image_url: "https://cdn.example/a%20lighthouse%20at%20dusk.png", scale: 2 });
  });

  it("renders the OutputValidationError when the upscaler answers another shape", async () => {
    upscalerAnswer = { image: { url: "https://cdn.example/big.png", width: "2048px", height: 1536 } };
    const fixture = render();
    await rendered(element(fixture), "does not match the output schema");
    const message = element(fixture)().querySelector(".error")!.textContent!;
    expect(message).toMatch(/^acme\/upscaler returned an output that does not match the output schema \(request [0-9a-f-]{36}\): image\.width: /);
    expect(message).toContain('(got "2048px")');
    expect(element(fixture)().querySelector("img.upscaled")).toBeNull();
    expect(element(fixture)().querySelector("img.generated")).not.toBeNull();
  });

  it("is the code docs/typing.md shows, byte for byte", () => {
    const docs = readFileSync(resolve(__dirname, "../../docs/typing.md"), "utf8");
    for (const file of ["gallery.service.ts", "gallery.component.ts"]) {
      const source = readFileSync(resolve(__dirname, "examples", file), "utf8");
      expect(docs).toContain(`\`\`\`ts\n// ${file}\n${source}\`\`\``);
    }
  });
});
