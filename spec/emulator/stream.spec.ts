import type { JobContext, StreamerInput } from "../../src/emulator/index";
import { streamer as builtInStreamer } from "../../src/emulator/streamer";
import { EndpointError, SseFrame } from "../../src/emulator/index";
import { TEST_KEY, useEmulator } from "../support/emulator";

/**
 * The emulator's streaming route and the knobs of `fal-ai/streamer`, read as raw bytes over HTTP:
 * what a client of any kind would receive.
 */
describe("the emulator's streams", () => {
  const emu = useEmulator();

  async function raw(path: string, input: unknown = {}, init: { key?: string | null; query?: string } = {}) {
    const response = await fetch(`${emu.emulator.baseUrls.run}/${path}${init.query ?? ""}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "text/event-stream",
        ...(init.key === null ? {} : { authorization: `Key ${init.key ?? TEST_KEY}` }),
      },
      body: JSON.stringify(input),
    });
    const chunks: Buffer[] = [];
    let failure: Error | undefined;
    const reader = response.body!.getReader();
    try {
      for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(Buffer.from(next.value));
    } catch (error) {
      failure = error as Error;
    }
    return { response, chunks, text: Buffer.concat(chunks).toString("utf8"), failure };
  }
  const streamer = (input: StreamerInput) => raw("fal-ai/streamer/stream", { text: "Ça va 🚀", delay_ms: 0, ...input });

  it("sends one `data:` event per token, then the final result, as text/event-stream", async () => {
    const { response, text } = await streamer({});
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("x-fal-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(text).toBe(
      'data: {"index":0,"delta":"Ça ","text":"Ça "}\n\n' +
        'data: {"index":1,"delta":"va ","text":"Ça va "}\n\n' +
        'data: {"index":2,"delta":"🚀","text":"Ça va 🚀"}\n\n' +
        'data: {"text":"Ça va 🚀","done":true}\n\n',
    );
  });

  it("writes a burst (no delay) 64 events to a frame, every event whole and in order", async () => {
    const frames: string[] = [];
    const input: StreamerInput = { events: 1000, cumulative: false, text: "a b", delay_ms: 0 };
    for await (const frame of builtInStreamer.stream(input, {} as JobContext)) frames.push(String((frame as SseFrame).bytes));
    // 1000 partials and the result: 16 frames of up to 64 events, not 1001 writes.
    expect(frames).toHaveLength(16);
    const data = frames.join("").split("\n\n").filter(Boolean).map((event) => JSON.parse(event.slice(6)) as { index?: number });
    expect(data.slice(0, -1).map((event) => event.index)).toEqual([...Array(1000).keys()]);
    expect(data.at(-1)).toMatchObject({ done: true });
  });

  it("sends `events` small events, cycling the words, without the running text when cumulative is false", async () => {
    const { text } = await streamer({ events: 5, cumulative: false, text: "a b" });
    const data = text.split("\n\n").filter(Boolean).map((line) => JSON.parse(line.slice(6)));
    expect(data).toEqual([
      { index: 0, delta: "a " },
      { index: 1, delta: "b" },
      { index: 2, delta: "a " },
      { index: 3, delta: "b" },
      { index: 4, delta: "a " },
      { text: "a ba ba ", done: true },
    ]);
  });

  it("stamps each partial with the time it was written when timestamps is on", async () => {
    const before = performance.timeOrigin + performance.now();
    const { text } = await streamer({ timestamps: true, delay_ms: 1 });
    const stamps = text.split("\n\n").filter(Boolean).map((line) => JSON.parse(line.slice(6)).sent_at as number | undefined);
    expect(stamps.slice(0, 3).every((stamp) => typeof stamp === "number" && stamp >= before)).toBe(true);
    expect(stamps[3]).toBeUndefined();
  });

  it("splits events inside multi-byte characters and between the two newlines with split", async () => {
    const { chunks, text } = await streamer({ split: true });
    expect(text).toBe((await streamer({})).text);
    const ends = chunks.map((chunk) => chunk.subarray(-1)[0]!);
    // A chunk ending in a UTF-8 lead byte (0b11xxxxxx) cuts a character; one ending "\n" mid-terminator.
    expect(ends.some((byte) => byte >= 0xc0)).toBe(true);
    expect(chunks.some((chunk, i) => chunk.toString("latin1").endsWith('"}\n') && chunks[i + 1]?.toString("latin1") === "\n")).toBe(true);
  });

  it.each([
    ["crlf", "\r\n\r\n"],
    ["cr", "\r\r"],
  ] as const)("ends lines with %s", async (line_ending, terminator) => {
    const { text } = await streamer({ line_ending });
    expect(text.endsWith(`"done":true}${terminator}`)).toBe(true);
    expect(text.split(terminator)).toHaveLength(5);
  });

  it("sends keep-alive comments while it waits", async () => {
    const { text } = await streamer({ delay_ms: 25, keep_alive_ms: 10, text: "a" });
    expect(text.startsWith(": keep-alive\n\n: keep-alive\n\ndata: ")).toBe(true);
  });

  it("sends an error event after error_after partials, then ends", async () => {
    const { text } = await streamer({ error_after: 1 });
    expect(text).toBe(
      'data: {"index":0,"delta":"Ça ","text":"Ça "}\n\n' +
        'event: error\ndata: {"error":{"message":"The model failed mid-stream","type":"runner_server_error"}}\n\n',
    );
  });

  it("sends a data event that is not JSON after non_json_after partials", async () => {
    const { text } = await streamer({ non_json_after: 0 });
    expect(text.startsWith("data: this is not JSON {oops\n\ndata: {")).toBe(true);
  });

  it("cuts the connection halfway through an event with cut_after", async () => {
    const { text, failure } = await streamer({ cut_after: 1 });
    expect(failure?.message).toBe("terminated");
    expect(text.startsWith('data: {"index":0,"delta":"Ça ","text":"Ça "}\n\ndata: {"in')).toBe(true);
    expect(text.endsWith("\n\n")).toBe(false);
  });

  it("ends the body cleanly halfway through an event with cut_as: end", async () => {
    const { text, failure } = await streamer({ cut_after: 0, cut_as: "end" });
    expect(failure).toBeUndefined();
    expect(text.length).toBeGreaterThan(5);
    expect(text.includes("\n\n")).toBe(false);
  });

  it("sends no data event at all with no_data", async () => {
    expect((await streamer({ no_data: true })).text).toBe(": no data today\n\n");
  });

  it("answers 404 Path /stream not found for an app without a streaming route", async () => {
    const { response, text } = await raw("fal-ai/echo/stream");
    expect(response.status).toBe(404);
    expect(JSON.parse(text)).toEqual({ detail: "Path /stream not found" });
  });

  it("reports a handler failing mid-stream as an error event, with the EndpointError's status", async () => {
    emu.emulator.register("acme/fails", {
      run: () => ({}),
      async *stream() {
        yield new SseFrame(": raw frames go out as they are\n\n");
        yield { ok: 1 };
        throw new EndpointError(503, { detail: "runner lost", error_type: "runner_disconnected" });
      },
    });
    const { text } = await raw("acme/fails/stream");
    expect(text).toBe(
      ': raw frames go out as they are\n\ndata: {"ok":1}\n\n' +
        'event: error\ndata: {"error":{"message":"runner lost","type":"runner_disconnected","status_code":503}}\n\n',
    );
  });

  it("answers a synchronous run of the streamer with its final event", async () => {
    const { text } = await raw("fal-ai/streamer", { text: "a b", delay_ms: 0 });
    expect(JSON.parse(text)).toEqual({ text: "a b", done: true });
  });

  describe("short-lived tokens", () => {
    const mint = (body: unknown, key: string | null = TEST_KEY) =>
      fetch(`${emu.emulator.baseUrls.rest}/tokens/`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(key ? { authorization: `Key ${key}` } : {}) },
        body: JSON.stringify(body),
      });

    it("issues a token as a JSON string that lets a stream in without the key", async () => {
      const response = await mint({ allowed_apps: ["streamer"], token_expiration: 120 });
      expect(response.status).toBe(200);
      const token = (await response.json()) as string;
      const { response: stream, text } = await raw("fal-ai/streamer/stream", { text: "ok", delay_ms: 0 }, { key: null, query: `?fal_jwt_token=${token}` });
      expect(stream.status).toBe(200);
      expect(text).toContain('"done":true');
    });

    it("needs the key to issue a token", async () => {
      expect((await mint({ allowed_apps: ["streamer"] }, null)).status).toBe(401);
    });

    it.each([{}, { allowed_apps: [] }, { allowed_apps: ["x"], token_expiration: 0 }])("answers 422 for %j", async (body) => {
      expect((await mint(body)).status).toBe(422);
    });

    it("refuses the token for an app it was not issued for, and an unknown token", async () => {
      const token = (await (await mint({ allowed_apps: ["streamer"] })).json()) as string;
      expect((await raw("fal-ai/echo", {}, { key: null, query: `?fal_jwt_token=${token}` })).response.status).toBe(401);
      expect((await raw("fal-ai/streamer/stream", {}, { key: null, query: "?fal_jwt_token=made-up" })).response.status).toBe(401);
    });
  });
});
