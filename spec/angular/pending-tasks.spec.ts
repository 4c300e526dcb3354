import { TestBed } from "@angular/core/testing";
import { FalService, provideFal, withNoPendingTasks } from "fal-rx/angular";
import { ApiError, InvalidOptionError, NetworkError, ValidationError } from "../../src/index";
import { closedPort, TEST_KEY, useEmulator } from "../support/emulator";
import { errorOf, until } from "../support/observe";
import { emulatorConfig, gate, isStable, stableSoon, whenStable } from "./support/angular";

describe("the Angular client and PendingTasks", () => {
  const emu = useEmulator();
  const client = (...features: Parameters<typeof provideFal>[1][]) => {
    TestBed.configureTestingModule({ providers: [provideFal(emulatorConfig(emu), ...features)] });
    return TestBed.inject(FalService);
  };

  it("runs zoneless: no zone.js in these specs (spec/angular/zone.spec.ts has it)", () => {
    client();
    expect((globalThis as { Zone?: unknown }).Zone).toBeUndefined();
  });

  it("keeps the app unstable until run$ has emitted its result", async () => {
    const order: string[] = [];
    client()
      .run$("fal-ai/slow", { input: { duration_ms: 100, steps: 1 } })
      .subscribe(() => order.push("result"));
    expect(isStable()).toBe(false);
    await whenStable(order);
    expect(order).toEqual(["result", "stable"]);
  });

  it("stays unstable through subscribe$'s statuses until its result event", async () => {
    const order: string[] = [];
    client()
      .subscribe$("fal-ai/slow", { input: { duration_ms: 100, steps: 2 }, pollInterval: 10, logs: true })
      .subscribe((event) => order.push(event.type));
    await whenStable(order);
    expect(order.filter((mark) => mark === "status").length).toBeGreaterThan(1);
    expect(order.slice(-2)).toEqual(["result", "stable"]);
  });

  it("stays unstable through stream$'s partials until its result event", async () => {
    const order: string[] = [];
    client()
      .stream$("fal-ai/streamer", { input: { text: "one two three", delay_ms: 10 } })
      .subscribe((event) => order.push(event.type));
    await whenStable(order);
    expect(order.filter((mark) => mark === "partial").length).toBeGreaterThan(1);
    expect(order.slice(-2)).toEqual(["result", "stable"]);
  });

  it("stays unstable through an upload's progress until its uploaded event", async () => {
    const order: string[] = [];
    client()
      .storage.uploadEvents$(new Uint8Array([104, 105]), { contentType: "text/plain" })
      .subscribe((event) => order.push(event.type));
    await whenStable(order);
    expect(order.slice(-2)).toEqual(["uploaded", "stable"]);
  });

  it("is stable again right after the caller unsubscribes, long before the job would end", async () => {
    const job = gate();
    emu.emulator.register("acme/held", async () => job.promise.then(() => ({ late: true })));
    const subscription = client().run$("acme/held", { input: {} }).subscribe();
    await until(() => emu.emulator.requests.length === 1, "the request to arrive");
    expect(isStable()).toBe(false);
    subscription.unsubscribe();
    await stableSoon();
    expect(emu.emulator.requests).toHaveLength(1);
    job.open();
  });

  it.each([
    ["a ValidationError", () => emu.emulator.fail({ type: "validation" }), ValidationError],
    ["an ApiError", () => emu.emulator.fail({ type: "status", status: 500, body: { detail: "boom" } }), ApiError],
  ])("leaves no pending task after %s", async (_what, inject, errorClass) => {
    inject();
    const error = await errorOf(client().run$("fal-ai/echo", { input: {} }));
    expect(error).toBeInstanceOf(errorClass);
    expect(error.message).toContain("/fal-ai/echo");
    expect(error.message).not.toContain(TEST_KEY);
    await stableSoon();
  });

  it("leaves no pending task after a NetworkError", async () => {
    TestBed.configureTestingModule({
      providers: [provideFal(emulatorConfig(emu, { baseUrls: { run: `http://127.0.0.1:${await closedPort()}/run` }, retry: { maxRetries: 1 } }))],
    });
    const error = await errorOf(TestBed.inject(FalService).run$("fal-ai/echo", { input: {} }));
    expect(error).toBeInstanceOf(NetworkError);
    await stableSoon();
  });

  it("leaves no pending task after an option error that sends nothing", async () => {
    const error = await errorOf(client().run$("fal-ai/echo", { startTimeout: 1 }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    await stableSoon();
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("holds no task for a call made with pendingTask: false, and does not send the option", async () => {
    const order: string[] = [];
    client()
      .run$("fal-ai/slow", { input: { duration_ms: 50, steps: 1 }, pendingTask: false })
      .subscribe(() => order.push("result"));
    expect(isStable()).toBe(true);
    await whenStable(order);
    await until(() => order.length === 2, "the result");
    expect(order).toEqual(["stable", "result"]);
    expect(JSON.parse(emu.emulator.requests[0]!.body.toString())).toEqual({ duration_ms: 50, steps: 1 });
  });

  it("holds no task by default with withNoPendingTasks(), but does when a call asks", async () => {
    const fal = client(withNoPendingTasks());
    const subscription = fal.run$("fal-ai/slow", { input: { duration_ms: 50, steps: 1 } }).subscribe();
    expect(isStable()).toBe(true);
    subscription.unsubscribe();
    const order: string[] = [];
    fal.run$("fal-ai/slow", { input: { duration_ms: 50, steps: 1 }, pendingTask: true }).subscribe(() => order.push("result"));
    expect(isStable()).toBe(false);
    await whenStable(order);
    expect(order).toEqual(["result", "stable"]);
  });

  it("holds nothing before subscribe: the operations stay cold", async () => {
    const fal = client();
    fal.run$("fal-ai/echo", { input: {} });
    fal.subscribe$("fal-ai/echo", { input: {} });
    expect(isStable()).toBe(true);
    expect(emu.emulator.requests).toHaveLength(0);
  });
});
