import "zone.js";
import { NgZone, provideZoneChangeDetection } from "@angular/core";
import { TestBed } from "@angular/core/testing";
import { FalService, provideFal } from "fal-rx/angular";
import { useEmulator } from "../support/emulator";
import { emulatorConfig, isStable, stableSoon, whenStable } from "./support/angular";

/** The same guarantees in an application that still runs zone.js (the setup is zoneless). */
describe("the Angular client with zone.js", () => {
  const emu = useEmulator();
  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideZoneChangeDetection(), provideFal(emulatorConfig(emu))] });
  });

  it("runs in a real zone", () => {
    expect(NgZone.isInAngularZone()).toBe(false);
    expect(TestBed.inject(NgZone).run(() => NgZone.isInAngularZone())).toBe(true);
  });

  it("keeps the app unstable until run$'s result, and delivers it inside the Angular zone", async () => {
    const zone = TestBed.inject(NgZone);
    const order: string[] = [];
    zone.run(() =>
      TestBed.inject(FalService)
        .run$("fal-ai/slow", { input: { duration_ms: 50, steps: 1 } })
        .subscribe(() => order.push(NgZone.isInAngularZone() ? "result in zone" : "result outside")),
    );
    expect(isStable()).toBe(false);
    await whenStable(order);
    expect(order).toEqual(["result in zone", "stable"]);
  });

  it("is stable again after the caller unsubscribes", async () => {
    const subscription = TestBed.inject(FalService).run$("fal-ai/slow", { input: { duration_ms: 5_000, steps: 1 } }).subscribe();
    expect(isStable()).toBe(false);
    subscription.unsubscribe();
    await stableSoon();
  });
});
