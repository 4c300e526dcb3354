import { createEnvironmentInjector, EnvironmentInjector, inject, Injectable, InjectionToken } from "@angular/core";
import { TestBed } from "@angular/core/testing";
import { lastValueFrom, toArray } from "rxjs";
import { FalService, injectFal, provideFal } from "fal-rx/angular";
import { InvalidOptionError } from "../../src/index";
import { useEmulator } from "../support/emulator";
import { collect, until } from "../support/observe";
import { emulatorConfig } from "./support/angular";

@Injectable({ providedIn: "root" })
class CaptionService {
  readonly fal = injectFal();
  readonly sameFal = inject(FalService);
}

describe("provideFal", () => {
  const emu = useEmulator({ queue: { concurrency: { "fal-ai/slow": 1 } } });

  it("gives services the configured client through injectFal() and inject(FalService) alike", async () => {
    TestBed.configureTestingModule({ providers: [provideFal(emulatorConfig(emu))] });
    const service = TestBed.inject(CaptionService);
    expect(service.fal).toBe(service.sameFal);
    const [result] = await collect(service.fal.run$("fal-ai/echo", { input: { prompt: "a cat" } }));
    expect(result!.data).toEqual({ prompt: "a cat" });
    expect(emu.emulator.requests[0]!.url).toBe("/run/fal-ai/echo");
  });

  it("calls a config function once, on first injection, where it may inject()", async () => {
    const RUN_URL = new InjectionToken<string>("run url");
    const config = jest.fn(() => emulatorConfig(emu, { baseUrls: { ...emu.emulator.baseUrls, run: inject(RUN_URL) } }));
    TestBed.configureTestingModule({ providers: [{ provide: RUN_URL, useValue: `${emu.emulator.url}/run` }, provideFal(config)] });
    expect(config).not.toHaveBeenCalled();
    const fal = TestBed.inject(FalService);
    TestBed.inject(FalService);
    expect(config).toHaveBeenCalledTimes(1);
    await collect(fal.run$("fal-ai/echo", { input: {} }));
    expect(emu.emulator.requests).toHaveLength(1);
  });

  it("exposes the core client's settings", () => {
    TestBed.configureTestingModule({ providers: [provideFal(emulatorConfig(emu))] });
    expect(TestBed.inject(FalService).settings.baseUrls).toEqual(emu.emulator.baseUrls);
  });

  it("throws the config's InvalidOptionError when the client is first injected", () => {
    TestBed.configureTestingModule({ providers: [provideFal({ baseUrls: { run: "not a url" } })] });
    let error: unknown;
    try {
      TestBed.inject(FalService);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as Error).message).toMatch(/baseUrls\.run: "not a url"/);
  });

  it("names provideFal when the client is injected without it", () => {
    expect(() => TestBed.inject(FalService)).toThrow(/FalService \(add provideFal\(\.\.\.\) to the application's providers\)/);
  });

  it("completes a running subscribe$ and cancels its job when the owning injector is destroyed", async () => {
    const child = createEnvironmentInjector([provideFal(emulatorConfig(emu))], TestBed.inject(EnvironmentInjector));
    const fal = child.get(FalService);
    const events = lastValueFrom(fal.subscribe$("fal-ai/slow", { input: { duration_ms: 10_000 } }).pipe(toArray()));
    await until(() => emu.emulator.jobs()[0]?.status === "IN_PROGRESS", "the job to start");
    child.destroy();
    expect((await events).every((event) => event.type === "status")).toBe(true);
    await until(() => emu.emulator.jobs()[0]!.cancelled, "the cancel to reach the server");
  });

  it("completes at once, sending nothing, when subscribed after its injector was destroyed", async () => {
    const child = createEnvironmentInjector([provideFal(emulatorConfig(emu))], TestBed.inject(EnvironmentInjector));
    const fal = child.get(FalService);
    child.destroy();
    expect(await collect(fal.run$("fal-ai/echo", { input: {} }))).toEqual([]);
    expect(emu.emulator.requests).toHaveLength(0);
  });
});
