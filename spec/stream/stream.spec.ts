import { Subject, takeUntil } from "rxjs";
import { createFalClient, fal, InvalidEndpointIdError, InvalidOptionError, partials, result, type StreamEvent } from "../../src/index";
import { EndpointResponse, type JobContext } from "../../src/emulator/index";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { collect, errorOf, firstValueFrom, until } from "../support/observe";

type Partial = { index: number; delta: string; text: string };
type Final = { text: string; done: true };

const partialsOf = (events: StreamEvent<unknown, unknown>[]) => events.filter((e) => e.type === "partial").map((e) => e.data);

describe("stream$", () => {
  const emu = useEmulator();

  it("POSTs the input to {id}/stream asking for an event stream, and emits every partial, then the result", async () => {
    const events = await collect(emu.client().stream$<Final, Partial>("fal-ai/streamer", { input: { text: "one two three", delay_ms: 0 } }));
    expect(events).toEqual([
      { type: "partial", data: { index: 0, delta: "one ", text: "one " } },
      { type: "partial", data: { index: 1, delta: "two ", text: "one two " } },
      { type: "partial", data: { index: 2, delta: "three", text: "one two three" } },
      { type: "partial", data: { text: "one two three", done: true } },
      { type: "result", data: { text: "one two three", done: true }, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    ]);
    const [sent] = emu.emulator.requests;
    expect(sent).toMatchObject({ method: "POST", url: "/run/fal-ai/streamer/stream" });
    expect(sent!.headers.accept).toBe("text/event-stream");
    expect(sent!.headers.authorization).toBe(`Key ${TEST_KEY}`);
    expect(JSON.parse(sent!.body.toString())).toEqual({ text: "one two three", delay_ms: 0 });
  });

  it("delivers the first partial while the server is still sending (push, not buffered)", async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let serverDone = false;
    emu.emulator.register("acme/gated", {
      run: () => ({}),
      async *stream() {
        yield { step: 1 };
        await released; // the test opens the gate only after it holds the first partial
        yield { step: 2 };
        serverDone = true;
      },
    });
    const seen: unknown[] = [];
    let completed = false;
    emu.client().stream$("acme/gated").subscribe({ next: (e) => seen.push(e), complete: () => (completed = true) });
    await until(() => seen.length === 1, "the first partial");
    expect(seen).toEqual([{ type: "partial", data: { step: 1 } }]);
    expect(serverDone).toBe(false);
    release();
    await until(() => completed, "the stream to complete");
    expect(seen.at(-1)).toEqual({ type: "result", data: { step: 2 }, requestId: expect.any(String) });
  });

  it("reassembles events written in awkward pieces, multi-byte characters included", async () => {
    const text = "Ça — 流れ 🚀 déjà";
    const events = await collect(emu.client().stream$<Final, Partial>("fal-ai/streamer", { input: { text, split: true, delay_ms: 0 } }));
    expect(partialsOf(events).map((p) => (p as Partial).delta).join("")).toBe(text);
    expect(events.at(-1)).toMatchObject({ type: "result", data: { text, done: true } });
  });

  it.each(["crlf", "cr"] as const)("reads %s line endings, split between \\r and \\n", async (line_ending) => {
    const text = "naïve café 🚀";
    const events = await collect(emu.client().stream$<Final, Partial>("fal-ai/streamer", { input: { text, split: true, line_ending, delay_ms: 0 } }));
    expect(partialsOf(events)).toEqual([
      { index: 0, delta: "naïve ", text: "naïve " },
      { index: 1, delta: "café ", text: "naïve café " },
      { index: 2, delta: "🚀", text },
      { text, done: true },
    ]);
    expect(events.at(-1)).toMatchObject({ type: "result", data: { text, done: true } });
  });

  it("emits nothing for keep-alive comments", async () => {
    const events = await collect(emu.client().stream$("fal-ai/streamer", { input: { text: "a b", delay_ms: 30, keep_alive_ms: 10 } }));
    expect(partialsOf(events)).toEqual([{ index: 0, delta: "a ", text: "a " }, { index: 1, delta: "b", text: "a b" }, { text: "a b", done: true }]);
  });

  it("is cold: nothing is sent before subscribe, and each subscription streams again", async () => {
    const stream$ = emu.client().stream$("fal-ai/streamer", { input: { text: "x", delay_ms: 0 } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(emu.emulator.requests).toHaveLength(0);
    await collect(stream$);
    await collect(stream$);
    expect(emu.emulator.requests).toHaveLength(2);
  });

  it("closes the connection when unsubscribed mid-stream, and the server sees it", async () => {
    const stop = new Subject<void>();
    let aborted = false;
    emu.emulator.register("acme/endless", {
      run: () => ({}),
      async *stream(_input: unknown, ctx: JobContext) {
        ctx.signal.addEventListener("abort", () => (aborted = true));
        for (let i = 0; ; i++) {
          yield { i };
          await ctx.sleep(5);
        }
      },
    });
    const seen: unknown[] = [];
    emu.client().stream$("acme/endless").pipe(takeUntil(stop)).subscribe((e) => seen.push(e));
    await until(() => seen.length >= 2, "two partials");
    stop.next();
    await until(() => aborted, "the server to see the disconnect");
    expect(emu.emulator.requests).toHaveLength(1);
  });

  it("emits a 2xx answer that is not an event stream as the result, JSON parsed", async () => {
    emu.emulator.register("acme/plain/stream", () => ({ whole: "answer" }));
    const events = await collect(emu.client().stream$("acme/plain"));
    expect(events).toEqual([{ type: "result", data: { whole: "answer" }, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) }]);
  });

  it("emits a text answer as text", async () => {
    emu.emulator.register("acme/words/stream", () => new EndpointResponse(200, "just words", { "content-type": "text/plain" }));
    expect(await collect(emu.client().stream$("acme/words"))).toEqual([{ type: "result", data: "just words", requestId: expect.any(String) }]);
  });

  it("does not append /stream to an id that already ends with it", async () => {
    await collect(emu.client().stream$("fal-ai/streamer/stream", { input: { text: "x", delay_ms: 0 } }));
    expect(emu.emulator.requests[0]!.url).toBe("/run/fal-ai/streamer/stream");
  });

  it("uses another path and method when asked, GET putting the input in the query", async () => {
    emu.emulator.register("acme/live/events", () => ({ ok: true }));
    await collect(emu.client().stream$("acme/live", { path: "/events", method: "get", input: { q: "a b" } }));
    const [sent] = emu.emulator.requests;
    expect(sent).toMatchObject({ method: "GET", url: "/run/acme/live/events?q=a+b" });
    expect(sent!.body.length).toBe(0);
  });

  it("sends the call headers (startTimeout, accept, custom ones)", async () => {
    await collect(emu.client().stream$("fal-ai/streamer", { input: { text: "x", delay_ms: 0 }, startTimeout: 20, accept: "text/event-stream; q=1", headers: { "x-fal-runner-hint": "h" } }));
    const { headers } = emu.emulator.requests[0]!;
    expect(headers).toMatchObject({ "x-fal-request-timeout": "20", accept: "text/event-stream; q=1", "x-fal-runner-hint": "h" });
  });

  it("gives just the partials' data with partials(), and just the final data with result()", async () => {
    const stream$ = emu.client().stream$<Final, Partial>("fal-ai/streamer", { input: { text: "a b", delay_ms: 0 } });
    expect((await collect(stream$.pipe(partials()))).map((p) => p.text)).toEqual(["a ", "a b", "a b"]);
    expect(await collect(stream$.pipe(result()))).toEqual([{ text: "a b", done: true }]);
  });

  it("retries a 503 before the stream starts, then streams", async () => {
    emu.emulator.fail({ type: "unavailable", times: 2 });
    const events = await collect(emu.client().stream$("fal-ai/streamer", { input: { text: "ok", delay_ms: 0 } }));
    expect(events.at(-1)).toMatchObject({ type: "result", data: { text: "ok", done: true } });
    expect(emu.emulator.requests).toHaveLength(3);
  });

  it("reads the singleton's config when subscribed, not when created", async () => {
    const stream$ = fal.stream$<Final>("fal-ai/streamer", { input: { text: "late", delay_ms: 0 } });
    fal.config({ credentials: TEST_KEY, baseUrls: emu.emulator.baseUrls });
    expect(await collect(stream$.pipe(result()))).toEqual([{ text: "late", done: true }]);
  });

  it.each([
    ["timeout", { timeout: 0 }, "timeout"],
    ["timeout", { timeout: Number.NaN }, "timeout"],
    ["method", { method: "fetch" as never }, "method"],
    ["path", { path: "stream" }, "path"],
    ["path that is not a string", { path: 5 as never }, "path"],
    ["connectionMode", { connectionMode: "browser" as never }, "connectionMode"],
    ["tokenProvider", { tokenProvider: "abc" as never }, "tokenProvider"],
    ["startTimeout", { startTimeout: 1 }, "startTimeout"],
  ])("errors the Observable for a bad %s, sending nothing", async (_name, options, option) => {
    const error = await errorOf(emu.client().stream$("fal-ai/streamer", options));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(option);
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("errors for an invalid id without throwing or sending", async () => {
    const client = createFalClient({ credentials: TEST_KEY, baseUrls: emu.emulator.baseUrls });
    let stream$!: ReturnType<typeof client.stream$>;
    expect(() => (stream$ = client.stream$("streamer"))).not.toThrow();
    expect(await errorOf(stream$)).toBeInstanceOf(InvalidEndpointIdError);
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("takes a timeout of Infinity as no inactivity timeout", async () => {
    const last = await firstValueFrom(emu.client().stream$("fal-ai/streamer", { input: { text: "x", delay_ms: 0 }, timeout: Infinity }).pipe(result()));
    expect(last).toEqual({ text: "x", done: true });
  });
});
