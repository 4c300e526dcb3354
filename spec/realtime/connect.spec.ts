import { firstValueFrom, lastValueFrom, of, Subject, take, toArray, type Observable } from "rxjs";
import { FalError, InvalidEndpointIdError, InvalidOptionError } from "../../src/index";
import { RealtimeAppError, type RealtimeEvent } from "../../src/realtime/index";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { collect, errorOf, until } from "../support/observe";
import { heldTokenProvider, issueToken, realtimeOn, startSession } from "./helpers";

type Echo = Record<string, unknown>;
const ECHO = "fal-ai/realtime-echo";

describe("realtime connect$", () => {
  const emu = useEmulator();
  const realtime = () => realtimeOn(emu);
  const results = (events: RealtimeEvent<Echo>[]) => events.filter((e) => e.type === "result");

  /**
   * Subscribes, sends `first`, waits for its answer (the socket is open then: inputs sent before
   * that collapse to the latest), then sends `rest` at once. Resolves with `count` events.
   */
  async function exchange(count: number, [first, ...rest]: unknown[]): Promise<RealtimeEvent<Echo>[]> {
    const session = startSession<Echo>((inputs$) => realtime().connect$(ECHO, inputs$ as Observable<unknown>));
    session.inputs.next(first as Echo);
    await session.waitFor(1);
    for (const input of rest) session.inputs.next(input as Echo);
    await session.waitFor(count);
    session.stop();
    return session.events;
  }

  it("answers each input with a result carrying that input's request id", async () => {
    const events = await exchange(4, [
      { request_id: "r0", prompt: "warm-up" },
      { request_id: "r1", prompt: "a cat", delay_ms: 30 },
      { request_id: "r2", prompt: "a dog", delay_ms: 1 },
      { request_id: "r3", prompt: "a fox" },
    ]);
    expect(events.map((e) => e.type === "result" && [e.requestId, e.data.prompt])).toEqual([
      ["r0", "warm-up"],
      ["r1", "a cat"],
      ["r2", "a dog"],
      ["r3", "a fox"],
    ]);
  });

  it("authorises the socket with a short-lived token in the URL, never with the key", async () => {
    await firstValueFrom(realtime().connect$(ECHO, of({ n: 1 })));
    const [tokenRequest, upgrade] = emu.emulator.requests;
    expect(tokenRequest!.url).toBe("/rest/tokens/");
    expect(tokenRequest!.headers.authorization).toBe(`Key ${TEST_KEY}`);
    expect(JSON.parse(tokenRequest!.body.toString())).toEqual({ allowed_apps: ["realtime-echo"], token_expiration: 120 });
    expect(upgrade!.headers.upgrade).toBe("websocket");
    expect(upgrade!.url).toMatch(/^\/run\/fal-ai\/realtime-echo\/realtime\?fal_jwt_token=emulator-jwt\.[\w-]+$/);
    expect(upgrade!.headers.authorization).toBeUndefined();
    // The key went in one header of one request, and in no URL.
    expect(emu.emulator.requests.filter((r) => r.headers.authorization !== undefined).map((r) => r.url)).toEqual(["/rest/tokens/"]);
    expect(emu.emulator.requests.filter((r) => r.url.includes(TEST_KEY) || r.url.includes(encodeURIComponent(TEST_KEY)))).toEqual([]);
  });

  it.each([
    ["throttleInterval", "throttle"],
    ["encodeMessage", "encode"],
    ["decodeMessage", "decode"],
    ["tokenExpirationSeconds", "tokenExpiration"],
    ["throttel", "throttle, maxBuffering"],
  ])("refuses the option %s by name, saying %s, with no token asked and no socket opened", async (name, instead) => {
    const error = await errorOf(realtime().connect$(ECHO, of({ n: 1 }), { [name]: 64 } as never));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(name);
    expect(error.message).toContain(instead);
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("is cold: no token and no socket before subscribe, a new session per subscription", async () => {
    const session$ = realtime().connect$(ECHO, of({ n: 1 }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(emu.emulator.requests).toHaveLength(0);
    await firstValueFrom(session$);
    await firstValueFrom(session$);
    expect(emu.emulator.realtime.connections).toHaveLength(2);
  });

  it("closes the socket with code 1000 when the subscriber leaves", async () => {
    await firstValueFrom(realtime().connect$(ECHO, of({ n: 1 })));
    await until(() => emu.emulator.realtime.connections[0]?.closed !== undefined, "the close");
    expect(emu.emulator.realtime.connections[0]!.closed).toEqual({ code: 1000, reason: "client closed", by: "client" });
  });

  it("sends values as MessagePack and strings as text, and reads both kinds of answer", async () => {
    const events = await exchange(2, [{ prompt: "packed", n: [1, 2] }, '{"prompt":"text"}']);
    expect(emu.emulator.realtime.connections[0]!.inputs).toEqual([{ prompt: "packed", n: [1, 2] }, { prompt: "text" }]);
    expect(events.map((e) => (e.data as Echo).prompt)).toEqual(["packed", "text"]);
  });

  it("emits x-fal-message frames only when asked", async () => {
    const input = { request_id: "m", message: "warming up" };
    const quiet = await firstValueFrom(realtime().connect$(ECHO, of(input)));
    expect(quiet.type).toBe("result");
    const chatty = await lastValueFrom(realtime().connect$(ECHO, of(input), { messages: true }).pipe(take(2), toArray()));
    expect(chatty).toEqual([
      { type: "message", data: { type: "x-fal-message", message: "warming up" } },
      { type: "result", data: { request_id: "m", message: "warming up" }, requestId: "m" },
    ]);
  });

  it("ignores TIMEOUT frames: the session goes on", async () => {
    const session = startSession<Echo>((inputs$) => realtime().connect$(ECHO, inputs$, { messages: true }));
    session.inputs.next({ request_id: "before" });
    await session.waitFor(1);
    emu.emulator.realtime.timeout();
    session.inputs.next({ request_id: "after" });
    await session.waitFor(2);
    session.stop();
    expect(emu.emulator.realtime.connections[0]!.outputs).toContainEqual(expect.objectContaining({ error: "TIMEOUT" }));
    expect(session.requestIds()).toEqual(["before", "after"]);
    expect(session.failure()).toBeUndefined();
    expect(emu.emulator.realtime.connections).toHaveLength(1);
  });

  it("errors with RealtimeAppError on an x-fal-error answer and closes the socket normally", async () => {
    const error = await errorOf(realtime().connect$(ECHO, of({ request_id: "bad", fail: "prompt is empty" })));
    expect(error).toBeInstanceOf(RealtimeAppError);
    expect(error).toMatchObject({ error: "INVALID_INPUT", reason: "prompt is empty", requestId: "bad" });
    expect(error.message).toMatch(/^Realtime app at ws:\/\/127\.0\.0\.1:\d+\/run\/fal-ai\/realtime-echo\/realtime\?fal_jwt_token=\[redacted\] answered INVALID_INPUT: prompt is empty$/);
    expect(error.message).not.toContain(TEST_KEY);
    await until(() => emu.emulator.realtime.connections[0]?.closed !== undefined, "the close");
    expect(emu.emulator.realtime.connections[0]!.closed!.code).toBe(1000);
  });

  it("connects to an id that already ends in /realtime without doubling it, with max_buffering", async () => {
    await firstValueFrom(realtime().connect$(`${ECHO}/realtime`, of({ n: 1 }), { maxBuffering: 2 }));
    const [connection] = emu.emulator.realtime.connections;
    expect(connection!.url).toMatch(/^\/run\/fal-ai\/realtime-echo\/realtime\?fal_jwt_token=[^&]+&max_buffering=2$/);
    expect(connection!.maxBuffering).toBe(2);
  });

  it("asks tokenProvider for the app path and connects with its token, fetching none itself", async () => {
    const token = await issueToken(emu.emulator);
    const asked: string[] = [];
    const provider = (app: string) => (asked.push(app), Promise.resolve(token));
    await firstValueFrom(realtime().connect$(ECHO, of({ n: 1 }), { tokenProvider: provider }));
    expect(asked).toEqual(["fal-ai/realtime-echo/realtime"]);
    // The spec's own token request first, then only the socket.
    expect(emu.emulator.requests.map((r) => r.url)).toEqual(["/rest/tokens/", `/run/fal-ai/realtime-echo/realtime?fal_jwt_token=${token}`]);
  });

  it("sends the input that arrives while the token is being fetched once the socket opens", async () => {
    const tokens = heldTokenProvider();
    const inputs = new Subject<Echo>();
    const result = firstValueFrom(realtime().connect$(ECHO, inputs, { tokenProvider: tokens.provider }));
    inputs.next({ request_id: "early-1" });
    inputs.next({ request_id: "early-2" });
    tokens.release(await issueToken(emu.emulator));
    expect(await result).toMatchObject({ requestId: "early-2" });
    expect(emu.emulator.realtime.connections[0]!.inputs).toEqual([{ request_id: "early-2" }]);
  });

  it("uses custom encode and decode", async () => {
    const event = await firstValueFrom(
      realtime().connect$<unknown, { q: string }>(ECHO, of({ q: "custom" }), {
        encode: (input) => JSON.stringify({ ...input, encodedBy: "me" }),
        decode: (data) => ({ decodedBy: "me", frame: typeof data === "string" ? JSON.parse(data) : data }),
      }),
    );
    expect(event.data).toEqual({ decodedBy: "me", frame: expect.objectContaining({ q: "custom", encodedBy: "me" }) });
  });

  it("errors with a FalError naming the app when a frame cannot be decoded", async () => {
    const error = await errorOf(realtime().connect$(ECHO, of({ n: 1 }), { decode: () => JSON.parse("{oops") }));
    expect(error).toBeInstanceOf(FalError);
    expect(error.message).toMatch(/^Realtime frame from ws:\/\/.*fal_jwt_token=\[redacted\] could not be decoded: /);
  });

  it("errors with a FalError naming the app when an input cannot be encoded", async () => {
    const error = await errorOf(realtime().connect$(ECHO, of({ n: 1 }), { encode: () => { throw new Error("circular"); } }));
    expect(error).toBeInstanceOf(FalError);
    expect(error.message).toBe("Could not encode an input for fal-ai/realtime-echo/realtime: circular");
  });

  it("completes once the inputs have completed and the server closes normally", async () => {
    const inputs = new Subject<Echo>();
    const all = collect(realtime().connect$(ECHO, inputs));
    inputs.next({ request_id: "last" });
    inputs.complete();
    await until(() => emu.emulator.realtime.connections[0]?.outputs.length === 1, "the answer");
    emu.emulator.realtime.drop({ code: 1000, reason: "done" });
    expect(results(await all).map((e) => e.type === "result" && e.requestId)).toEqual(["last"]);
    expect(emu.emulator.realtime.connections).toHaveLength(1);
  });

  it.each([
    [{ throttle: -1 }, /throttle: -1 \(expected a number of ms >= 0\)/],
    [{ maxBuffering: 61 }, /maxBuffering: 61 \(expected an integer from 1 to 60\)/],
    [{ path: "realtime" }, /path: "realtime" \(expected a path starting with "\/", or ""\)/],
    [{ tokenExpiration: 0 }, /tokenExpiration: 0/],
    [{ reconnect: { maxRetries: -1 } }, /reconnect\.maxRetries: -1/],
    [{ WebSocketCtor: "ws" }, /^Invalid option WebSocketCtor: "ws" \(expected a WebSocket constructor\)$/],
  ])("errors with InvalidOptionError for %p, sending nothing", async (options, message) => {
    const error = await errorOf(realtime().connect$(ECHO, of({}), options as never));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toMatch(message);
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("names the ws package when there is no global WebSocket (Node 20) and no WebSocketCtor", async () => {
    // Node >= 22 has a global WebSocket; without it, this runtime is the Node 20 user's.
    const global = globalThis as { WebSocket?: unknown };
    const own = Object.getOwnPropertyDescriptor(global, "WebSocket");
    delete global.WebSocket;
    try {
      const error = await errorOf(realtime().connect$(ECHO, of({}), { WebSocketCtor: undefined }));
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect(error.message).toBe(
        "Invalid option WebSocketCtor: undefined (expected a WebSocket constructor, since this runtime has no global WebSocket (Node < 22): " +
          `npm install ws, then pass the "ws" package's WebSocket as WebSocketCtor)`,
      );
    } finally {
      if (own) Object.defineProperty(global, "WebSocket", own);
    }
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("errors with InvalidEndpointIdError for an invalid id, without throwing or sending", async () => {
    let session$!: ReturnType<ReturnType<typeof realtime>["connect$"]>;
    expect(() => (session$ = realtime().connect$("not an id", of({})))).not.toThrow();
    expect(await errorOf(session$)).toBeInstanceOf(InvalidEndpointIdError);
    expect(emu.emulator.requests).toHaveLength(0);
  });
});
