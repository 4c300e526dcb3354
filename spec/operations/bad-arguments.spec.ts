import { lastValueFrom, type Observable } from "rxjs";
import { FalError, InvalidOptionError, type FalClient } from "../../src/index";
import { useEmulator } from "../support/emulator";
import { errorOf } from "../support/observe";

/** Arguments a JavaScript caller (or a port from @fal-ai/client) may pass: typed errors, nothing sent. */
describe("operations given bad arguments", () => {
  const emu = useEmulator();
  // Untyped, as JavaScript calls them.
  const operations: [string, (fal: FalClient, options: unknown) => Observable<unknown>][] = [
    ["run$", (fal, options) => fal.run$("fal-ai/echo", options as never)],
    ["stream$", (fal, options) => fal.stream$("fal-ai/streamer", options as never)],
    ["subscribe$", (fal, options) => fal.subscribe$("fal-ai/echo", options as never)],
    ["queue.submit$", (fal, options) => fal.queue.submit$("fal-ai/echo", options as never)],
    ["queue.subscribe$", (fal, options) => fal.queue.subscribe$("fal-ai/echo", options as never)],
    ["queue.status$", (fal, options) => fal.queue.status$("fal-ai/echo", options as never)],
    ["queue.result$", (fal, options) => fal.queue.result$("fal-ai/echo", options as never)],
  ];

  it.each(operations.flatMap(([name, call]) => [null, "a cat", 42, [1]].map((options) => [name, JSON.stringify(options), call, options] as const)))(
    "%s errors with InvalidOptionError for options %s, sending nothing",
    async (_name, _shown, call, options) => {
      const error = await errorOf(call(emu.client(), options));
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect(error).toBeInstanceOf(FalError);
      expect(emu.emulator.requests).toHaveLength(0);
    },
  );

  it.each([
    ["a BigInt", { n: 10n }, "BigInt"],
    ["a cycle", (() => {
      const input: Record<string, unknown> = {};
      input.self = input;
      return input;
    })(), "circular"],
  ])("run$ errors with InvalidOptionError for an input holding %s, sending nothing and not retrying", async (_what, input, why) => {
    const error = await errorOf(emu.client().run$("fal-ai/echo", { input }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toContain("input");
    expect(error.message).toContain(why);
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("runs normally with the options left out", async () => {
    expect((await lastValueFrom(emu.client().run$("fal-ai/echo"))).data).toEqual({});
  });
});

describe("operations given options they do not take", () => {
  const emu = useEmulator();

  it.each([
    ["run$", (fal: FalClient) => fal.run$("fal-ai/echo", { input: {}, abortSignal: new AbortController().signal } as never), "abortSignal", "unsubscribe instead"],
    ["subscribe$", (fal: FalClient) => fal.subscribe$("fal-ai/echo", { input: {}, pollingInterval: 100 } as never), "pollingInterval", "pollInterval"],
    ["stream$", (fal: FalClient) => fal.stream$("fal-ai/streamer", { input: {}, queryParams: { a: 1 } } as never), "queryParams", "query"],
    ["run$", (fal: FalClient) => fal.run$("fal-ai/echo", { input: {}, responseHandler: () => 1 } as never), "responseHandler", "content type"],
    ["queue.submit$", (fal: FalClient) => fal.queue.submit$("fal-ai/echo", { input: {}, inptu: {} } as never), "inptu", "input"],
    ["queue.status$", (fal: FalClient) => fal.queue.status$("fal-ai/echo", { requestId: "r", log: true } as never), "log", "logs"],
  ])("%s names the unknown option %s and what to use instead, sending nothing", async (_op, call, name, instead) => {
    const error = await errorOf(call(emu.client()));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(name);
    expect(error.message).toContain(instead);
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("takes an option set to undefined as left out", async () => {
    expect((await lastValueFrom(emu.client().run$("fal-ai/echo", { input: { a: 1 }, abortSignal: undefined } as never))).data).toEqual({ a: 1 });
  });
});

describe("operations given values no option takes", () => {
  const emu = useEmulator();

  it.each([
    ["subscribe$ pollInterval NaN", (fal: FalClient) => fal.subscribe$("fal-ai/echo", { pollInterval: Number.NaN })],
    ["subscribe$ timeout -1", (fal: FalClient) => fal.subscribe$("fal-ai/echo", { timeout: -1 })],
    ["stream$ timeout NaN", (fal: FalClient) => fal.stream$("fal-ai/streamer", { timeout: Number.NaN })],
    ["stream$ maxEventSize 0", (fal: FalClient) => fal.stream$("fal-ai/streamer", { maxEventSize: 0 })],
    ["run$ startTimeout NaN", (fal: FalClient) => fal.run$("fal-ai/echo", { startTimeout: Number.NaN })],
    ["storage.upload$ null", (fal: FalClient) => fal.storage.upload$(null as never)],
  ])("%s errors with a typed error, sending nothing", async (_what, call) => {
    const error = await errorOf(call(emu.client()) as Observable<unknown>);
    expect(error).toBeInstanceOf(FalError);
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("names a huge endpoint id briefly, not in full", async () => {
    const error = await errorOf(emu.client().run$(`acme/${"x".repeat(1_000_000)}!`));
    expect(error).toBeInstanceOf(FalError);
    expect(error.message.length).toBeLessThan(1_000);
    expect(emu.emulator.requests).toHaveLength(0);
  });
});
