import { ApplicationRef } from "@angular/core";
import { TestBed } from "@angular/core/testing";
import type { FalConfig } from "../../../src/index";
import { TEST_KEY, type useEmulator } from "../../support/emulator";
import { until } from "../../support/observe";

type Emu = ReturnType<typeof useEmulator>;

/** A config for the emulator, as specs give provideFal(): the key (jsdom counts as a browser, hence the warning off), fast retries. */
export function emulatorConfig(emu: Emu, config: FalConfig = {}): FalConfig {
  return {
    credentials: TEST_KEY,
    suppressLocalCredentialsWarning: true,
    baseUrls: emu.emulator.baseUrls,
    ...config,
    retry: { baseDelay: 1, maxDelay: 5, ...config.retry },
  };
}

/** Whether the application is stable right now (no pending task). */
export function isStable(): boolean {
  let stable = false;
  TestBed.inject(ApplicationRef).isStable.subscribe((value) => (stable = value)).unsubscribe();
  return stable;
}

/** Waits (bounded) until the application is stable: fails if a pending task leaked. */
export async function stableSoon(): Promise<void> {
  // Removing a task schedules one change detection, itself a task: stable a timer turn later.
  await until(isStable, "the application to be stable (a pending task leaked?)");
}

/** Resolves with the order in which `whenStable()` and the marks pushed to `order` happened. */
export function whenStable(order: string[]): Promise<void> {
  return TestBed.inject(ApplicationRef)
    .whenStable()
    .then(() => void order.push("stable"));
}

/** A promise a handler awaits until the spec opens it: pins what the server has done when. */
export function gate(): { readonly promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Waits (bounded) until the rendered text contains `text`. */
export async function rendered(element: () => HTMLElement, text: string): Promise<void> {
  await until(() => (element().textContent ?? "").includes(text), `"${text}" to be rendered in: ${element().textContent}`);
}
