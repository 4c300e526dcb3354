import { ApiError, FalTimeoutError, NetworkError, WireFormatError, type StreamEvent } from "../../src/index";
import { EndpointError, type JobContext, type StreamerInput } from "../../src/emulator/index";
import { closedPort, TEST_KEY, useEmulator } from "../support/emulator";
import { until } from "../support/observe";

/** Everything a stream emitted before it ended, and how it ended. */
function outcome(source$: ReturnType<ReturnType<ReturnType<typeof useEmulator>["client"]>["stream$"]>) {
  return new Promise<{ events: StreamEvent<unknown, unknown>[]; error?: Error }>((resolve) => {
    const events: StreamEvent<unknown, unknown>[] = [];
    source$.subscribe({
      next: (event) => events.push(event),
      error: (error: Error) => resolve({ events, error }),
      complete: () => resolve({ events }),
    });
  });
}

const deltas = (events: StreamEvent<unknown, unknown>[]) => events.map((e) => (e.data as { delta?: string }).delta);

describe("stream$ errors", () => {
  const emu = useEmulator();
  const streamer = (input: StreamerInput, options: { timeout?: number } = {}) =>
    outcome(emu.client().stream$("fal-ai/streamer", { input: { text: "one two three four", delay_ms: 0, ...input }, ...options }));

  const expectSafe = (error: Error | undefined) => {
    expect(error?.message).toContain(`${emu.emulator.baseUrls.run}/fal-ai/streamer/stream`);
    expect(error?.message).not.toContain(TEST_KEY);
  };

  it("says the app has no streaming route when fal answers 404 Path /stream not found", async () => {
    const { events, error } = await outcome(emu.client().stream$("fal-ai/echo"));
    expect(events).toEqual([]);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404 });
    expect(error!.message).toContain(`POST ${emu.emulator.baseUrls.run}/fal-ai/echo/stream failed with 404: Path /stream not found`);
    expect(error!.message).not.toContain(TEST_KEY);
  });

  it("turns an `event: error` into an ApiError with the server's message and type, after the partials before it", async () => {
    const { events, error } = await streamer({ error_after: 2 });
    expect(deltas(events)).toEqual(["one ", "two "]);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 500, errorType: "runner_server_error" });
    expect(error!.message).toContain("error in event #2: The model failed mid-stream");
    expectSafe(error);
    expect(emu.emulator.requests).toHaveLength(1);
  });

  it("turns a data event carrying {error} into the same ApiError", async () => {
    const { events, error } = await streamer({ error_after: 1, error_as: "data" });
    expect(deltas(events)).toEqual(["one "]);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ errorType: "runner_server_error" });
    expect(error!.message).toContain("The model failed mid-stream");
  });

  it("never retries after events were delivered, even for a retryable status", async () => {
    emu.emulator.register("acme/flaky", {
      run: () => ({}),
      async *stream() {
        yield { step: 1 };
        throw new EndpointError(503, { detail: "runner went away", error_type: "runner_disconnected" });
      },
    });
    const { events, error } = await outcome(emu.client().stream$("acme/flaky"));
    expect(events).toEqual([{ type: "partial", data: { step: 1 } }]);
    expect(error).toMatchObject({ name: "ApiError", status: 503, errorType: "runner_disconnected" });
    expect(error!.message).toContain("runner went away");
    expect(emu.emulator.requests).toHaveLength(1);
  });

  it("names the position and start of a data event that is not JSON", async () => {
    const { events, error } = await streamer({ non_json_after: 2 });
    expect(deltas(events)).toEqual(["one ", "two "]);
    expect(error).toBeInstanceOf(WireFormatError);
    expect(error!.message).toContain('event #2 is not JSON');
    expect(error!.message).toContain('it starts with "this is not JSON {oops"');
    expectSafe(error);
    expect(emu.emulator.requests).toHaveLength(1);
  });

  it("errors, without retrying, when the connection is cut in the middle of an event", async () => {
    const { events, error } = await streamer({ cut_after: 3 });
    expect(deltas(events)).toEqual(["one ", "two ", "three "]);
    expect(error).toBeInstanceOf(WireFormatError);
    expect(error!.message).toContain("the connection was cut after 3 event(s)");
    expectSafe(error);
    expect(emu.emulator.requests).toHaveLength(1);
  });

  it("errors when the body ends cleanly in the middle of an event", async () => {
    const { events, error } = await streamer({ cut_after: 1, cut_as: "end" });
    expect(deltas(events)).toEqual(["one "]);
    expect(error).toBeInstanceOf(WireFormatError);
    expect(error!.message).toContain("the event stream was cut in the middle of event #1");
    expectSafe(error);
  });

  it("errors when the body ends without any data event", async () => {
    const { events, error } = await streamer({ no_data: true });
    expect(events).toEqual([]);
    expect(error).toBeInstanceOf(WireFormatError);
    expect(error!.message).toContain("ended without a data event");
    expectSafe(error);
  });

  it("fails with an inactivity FalTimeoutError when the server stalls longer than the timeout", async () => {
    const { events, error } = await streamer({ stall_after: 2 }, { timeout: 100 });
    expect(deltas(events)).toEqual(["one ", "two "]);
    expect(error).toBeInstanceOf(FalTimeoutError);
    expect(error).toMatchObject({ kind: "inactivity", ms: 100 });
    expect(error!.message).toBe(`POST ${emu.emulator.baseUrls.run}/fal-ai/streamer/stream timed out after 100 ms (inactivity timeout)`);
    expect(emu.emulator.requests).toHaveLength(1);
  });

  it("closes the connection when the inactivity timeout fires, and the server sees it", async () => {
    let aborted = false;
    emu.emulator.register("acme/stall", {
      run: () => ({}),
      async *stream(_input: unknown, ctx: JobContext) {
        ctx.signal.addEventListener("abort", () => (aborted = true));
        yield { step: 1 };
        await ctx.sleep(60_000);
      },
    });
    const { error } = await outcome(emu.client().stream$("acme/stall", { timeout: 50 }));
    expect(error).toBeInstanceOf(FalTimeoutError);
    await until(() => aborted, "the server to see the disconnect");
  });

  it("counts keep-alive comments as activity: a slow stream with keep-alives does not time out", async () => {
    // A keep-alive every 30 ms against a 600 ms timeout: a margin a loaded machine cannot eat; the
    // exact moments are pinned by spec/transport/inactivity.marble.spec.ts.
    const { events, error } = await streamer({ stall_after: 1, stall_ms: 1200, keep_alive_ms: 30 }, { timeout: 600 });
    expect(error).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ type: "result", data: { text: "one two three four", done: true } });
  });

  it("answers a handler failing before its first event with an HTTP error, not retried when it is a 500", async () => {
    emu.emulator.register("acme/broken", {
      run: () => ({}),
      // eslint-disable-next-line require-yield
      async *stream() {
        throw new Error("model weights missing");
      },
    });
    const { events, error } = await outcome(emu.client().stream$("acme/broken"));
    expect(events).toEqual([]);
    expect(error).toMatchObject({ name: "ApiError", status: 500, errorType: "runner_server_error" });
    expect(error!.message).toContain("model weights missing");
    expect(emu.emulator.requests).toHaveLength(1);
  });

  it("retries a refused connection, then fails with NetworkError", async () => {
    const port = await closedPort();
    const client = emu.client({ baseUrls: { run: `http://127.0.0.1:${port}/run` }, retry: { maxRetries: 2 } });
    const { error } = await outcome(client.stream$("fal-ai/streamer"));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error!.message).toContain(`http://127.0.0.1:${port}/run/fal-ai/streamer/stream`);
  });
});
