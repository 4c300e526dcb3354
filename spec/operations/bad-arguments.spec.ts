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
