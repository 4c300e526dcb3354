import { firstValueFrom, lastValueFrom, of, Subject, switchMap, take, takeUntil, takeWhile } from "rxjs";
import type { FalConfig } from "../../src/index";
import { useEmulator } from "../support/emulator";
import { collect, until } from "../support/observe";

/**
 * Counts the client's `AbortController.prototype.abort` calls made while `body` runs, told apart by
 * their caller: the emulator runs in this process and aborts its own handlers when a caller goes
 * away, and undici passes an abort on to the controller of its own Request.
 */
async function abortsDuring(body: () => Promise<unknown>): Promise<number> {
  const original = AbortController.prototype.abort;
  let count = 0;
  const abort = jest.spyOn(AbortController.prototype, "abort").mockImplementation(function (this: AbortController, reason?: unknown) {
    const frames = (new Error().stack ?? "").split("\n").slice(1);
    const caller = frames.find((frame) => !/jest-mock|http-handler\.spec/.test(frame)) ?? "";
    if (!/undici|[\\/]src[\\/]emulator[\\/]/.test(caller)) count++;
    return original.call(this, reason);
  });
  try {
    await body();
    return count;
  } finally {
    abort.mockRestore();
  }
}

/** The global fetch (through fromFetch), and a fetch of the config's (the same seam, another handler). */
const TRANSPORTS: [string, () => FalConfig][] = [
  ["fromFetch over the global fetch", () => ({})],
  ["a config fetch", () => ({ fetch: (input, init) => fetch(input, init) })],
];

describe.each(TRANSPORTS)("a finished exchange over %s", (_name, transport) => {
  const emu = useEmulator();

  it("is not aborted when firstValueFrom takes run$'s result", async () => {
    const fal = emu.client(transport());
    let data: unknown;
    expect(await abortsDuring(async () => (data = (await firstValueFrom(fal.run$("fal-ai/echo", { input: { n: 1 } }))).data))).toBe(0);
    expect(data).toEqual({ n: 1 });
  });

  it("is not aborted when take(1) takes a status", async () => {
    const fal = emu.client(transport());
    const submitted = await firstValueFrom(fal.queue.submit$("fal-ai/echo", { input: {} }));
    expect(await abortsDuring(() => firstValueFrom(fal.queue.status$("fal-ai/echo", { requestId: submitted.request_id }).pipe(take(1))))).toBe(0);
  });

  it("is not aborted by subscribe$'s last status poll (takeWhile on COMPLETED) nor by its result", async () => {
    const fal = emu.client(transport());
    let events: { type: string }[] = [];
    const aborts = await abortsDuring(async () => {
      events = await collect(fal.subscribe$("fal-ai/slow", { input: { duration_ms: 60, steps: 2 }, pollInterval: 20 }));
    });
    expect(aborts).toBe(0);
    expect(events.at(-1)?.type).toBe("result");
    expect(emu.emulator.jobs()[0]!.cancelled).toBe(false);
  });

  it("is not aborted by a switchMap after the value, nor by a stream$ read to its end", async () => {
    const fal = emu.client(transport());
    const aborts = await abortsDuring(() =>
      lastValueFrom(
        fal.run$("fal-ai/echo", { input: { step: 1 } }).pipe(
          switchMap(() => fal.stream$("fal-ai/streamer", { input: { text: "a b", delay_ms: 0 } })),
          takeWhile((event) => event.type !== "result", true),
          switchMap((event) => of(event.type)),
        ),
      ),
    );
    expect(aborts).toBe(0);
  });

  it("is aborted, once, when unsubscribed before the answer", async () => {
    const fal = emu.client(transport());
    const stop = new Subject<void>();
    const aborts = await abortsDuring(async () => {
      fal.run$("fal-ai/slow", { input: { duration_ms: 10_000, steps: 1 } }).pipe(takeUntil(stop)).subscribe();
      await until(() => emu.emulator.requests.length === 1, "the request to arrive");
      stop.next();
    });
    expect(aborts).toBe(1);
  });
});

describe("an exchange reading a body", () => {
  const emu = useEmulator();

  it("aborts the exchange when unsubscribed after the headers, mid-body", async () => {
    let firstEventSent = false;
    let serverSawClose = false;
    emu.emulator.register("acme/drip", {
      run: () => ({}),
      async *stream(_input, ctx) {
        ctx.signal.addEventListener("abort", () => (serverSawClose = true));
        yield { part: 1 };
        firstEventSent = true;
        await ctx.sleep(10_000);
        yield { part: 2 };
      },
    });
    const stop = new Subject<void>();
    const values: unknown[] = [];
    const errors: unknown[] = [];
    // run$ reads the whole body, so it is still reading when we leave.
    emu.client().run$("acme/drip", { path: "/stream" }).pipe(takeUntil(stop)).subscribe({ next: (v) => values.push(v), error: (e) => errors.push(e) });
    await until(() => firstEventSent, "the first bytes to be sent");
    stop.next();
    await until(() => serverSawClose, "the server to see the connection close");
    expect(values).toEqual([]);
    expect(errors).toEqual([]);
  });
});
