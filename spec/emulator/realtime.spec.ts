import { decode, encode } from "@msgpack/msgpack";
import { WebSocket } from "ws";
import { startEmulator, type Emulator } from "../../src/emulator/index";
import { loadWebSocketServer } from "../../src/emulator/optional-ws";
import { issueToken } from "../realtime/helpers";
import { until } from "../support/observe";
import { TEST_KEY, useEmulator } from "../support/emulator";

/** A bare WebSocket client: what arrives (decoded, with its frame kind) and how it closed. */
async function connect(url: string) {
  const ws = new WebSocket(url);
  const frames: { binary: boolean; data: unknown }[] = [];
  let closed: { code: number; reason: string } | undefined;
  ws.on("message", (data: Buffer, binary) => frames.push({ binary, data: binary ? decode(data) : JSON.parse(data.toString()) }));
  ws.on("close", (code, reason) => (closed = { code, reason: reason.toString() }));
  const opened = await new Promise<boolean>((resolve) => {
    ws.once("open", () => resolve(true));
    ws.once("error", () => resolve(false));
  });
  return { ws, opened, frames, closed: () => closed, data: () => frames.map((f) => f.data) };
}

describe("emulator realtime route", () => {
  const emu = useEmulator();
  const wsUrl = (path: string, query = "") => `${emu.emulator.baseUrls.run.replace(/^http/, "ws")}${path}${query}`;
  const echo = async (query = "") => connect(wsUrl("/fal-ai/realtime-echo/realtime", `?fal_jwt_token=${await issueToken(emu.emulator)}${query}`));

  it("answers a MessagePack input with a MessagePack result carrying its request_id", async () => {
    const client = await echo();
    client.ws.send(encode({ request_id: "r1", prompt: "a cat" }));
    await until(() => client.frames.length === 1, "the answer");
    expect(client.frames).toEqual([{ binary: true, data: { request_id: "r1", prompt: "a cat" } }]);
    client.ws.close(1000);
  });

  it("answers a JSON text input with JSON text, making up a request_id when there is none", async () => {
    const client = await echo();
    client.ws.send(JSON.stringify({ prompt: "text" }));
    await until(() => client.frames.length === 1, "the answer");
    expect(client.frames[0]).toEqual({ binary: false, data: { prompt: "text", request_id: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
    client.ws.close(1000);
  });

  it("sends an x-fal-message before the answer, and an x-fal-error for a failing input", async () => {
    const client = await echo();
    client.ws.send(encode({ request_id: "m", message: "warming up" }));
    client.ws.send(encode({ request_id: "f", fail: "prompt is empty" }));
    await until(() => client.frames.length === 3, "three frames");
    expect(client.data()).toEqual([
      { type: "x-fal-message", message: "warming up" },
      { request_id: "m", message: "warming up" },
      { type: "x-fal-error", error: "INVALID_INPUT", reason: "prompt is empty", request_id: "f" },
    ]);
    client.ws.close(1000);
  });

  it("keeps at most max_buffering waiting inputs, dropping the oldest", async () => {
    const client = await echo("&max_buffering=1");
    for (let n = 1; n <= 5; n++) client.ws.send(encode({ request_id: `n${n}`, delay_ms: 30 }));
    await until(() => client.frames.length === 2, "two answers");
    await until(() => emu.emulator.realtime.connections[0]!.inputs.length === 5, "all inputs recorded");
    expect(client.data().map((d) => (d as { request_id: string }).request_id)).toEqual(["n1", "n5"]);
    client.ws.close(1000);
  });

  it.each([
    ["no token", ""],
    ["an unknown token", "?fal_jwt_token=forged"],
  ])("refuses a connection with %s: Unauthorized, then close 1008", async (_name, query) => {
    const client = await connect(wsUrl("/fal-ai/realtime-echo/realtime", query));
    await until(() => client.closed() !== undefined, "the close");
    expect(client.data()).toEqual([{ status: "error", error: "Unauthorized" }]);
    expect(client.closed()).toEqual({ code: 1008, reason: "Unauthorized" });
  });

  it("refuses a token issued for another app", async () => {
    const token = await issueToken(emu.emulator, "another-app");
    const client = await connect(wsUrl("/fal-ai/realtime-echo/realtime", `?fal_jwt_token=${token}`));
    await until(() => client.closed() !== undefined, "the close");
    expect(client.data()).toEqual([{ status: "error", error: "Unauthorized" }]);
  });

  it("answers Unauthorized, unprocessed, to an input sent after the token expired", async () => {
    const client = await echo();
    emu.emulator.realtime.expireTokens();
    client.ws.send(encode({ request_id: "late" }));
    await until(() => client.closed() !== undefined, "the close");
    expect(client.data()).toEqual([{ status: "error", error: "Unauthorized" }]);
    expect(emu.emulator.realtime.connections[0]!.closed).toEqual({ code: 1008, reason: "Unauthorized", by: "server" });
  });

  it("records the upgrade in the request log: the token in the URL, no key anywhere", async () => {
    const client = await echo();
    client.ws.close(1000);
    const upgrade = emu.emulator.requests.find((r) => r.headers.upgrade === "websocket")!;
    expect(upgrade).toMatchObject({ method: "GET", route: "run", endpoint: "fal-ai/realtime-echo" });
    expect(upgrade.url).toMatch(/^\/run\/fal-ai\/realtime-echo\/realtime\?fal_jwt_token=emulator-jwt\./);
    expect(upgrade.headers.authorization).toBeUndefined();
    expect(emu.emulator.realtime.connections[0]!.token).toMatch(/^emulator-jwt\./);
  });

  it("answers 404 to an upgrade for an app without a realtime route", async () => {
    const ws = new WebSocket(wsUrl("/fal-ai/echo/realtime", "?fal_jwt_token=x"));
    // With an unexpected-response listener, ending the attempt is ours; ws reports that as an error.
    ws.on("error", () => undefined);
    const status = await new Promise<number | undefined>((resolve) => {
      ws.once("unexpected-response", (_req, res) => resolve(res.statusCode));
      ws.once("open", () => resolve(undefined));
    });
    expect(status).toBe(404);
    ws.terminate();
  });

  describe("knobs", () => {
    it("fail() closes the next connections right after they open, with the code given", async () => {
      emu.emulator.realtime.fail({ times: 1, code: 4001, reason: "runner crashed" });
      const failed = await echo();
      await until(() => failed.closed() !== undefined, "the close");
      expect(failed.closed()).toEqual({ code: 4001, reason: "runner crashed" });
      const fine = await echo();
      fine.ws.send(encode({ request_id: "ok" }));
      await until(() => fine.frames.length === 1, "the answer");
      fine.ws.close(1000);
    });

    it("drop() without a code cuts open connections (1006 on the client)", async () => {
      const client = await echo();
      emu.emulator.realtime.drop();
      await until(() => client.closed() !== undefined, "the close");
      expect(client.closed()!.code).toBe(1006);
    });

    it("timeout() sends fal's idle TIMEOUT frame and keeps the connection", async () => {
      const client = await echo();
      emu.emulator.realtime.timeout();
      client.ws.send(encode({ request_id: "after" }));
      await until(() => client.frames.length === 2, "two frames");
      expect(client.data()).toEqual([{ type: "x-fal-error", error: "TIMEOUT", reason: "no input for a while" }, { request_id: "after" }]);
      client.ws.close(1000);
    });
  });

  it("accepts any token when started without a key, and cuts open connections on close()", async () => {
    const open: Emulator = await startEmulator({});
    const client = await connect(`${open.baseUrls.run.replace(/^http/, "ws")}/fal-ai/realtime-echo/realtime?fal_jwt_token=anything`);
    client.ws.send(encode({ request_id: "public" }));
    await until(() => client.frames.length === 1, "the answer");
    await open.close();
    await until(() => client.closed() !== undefined, "the close");
    expect(client.data()).toEqual([{ request_id: "public" }]);
    expect(client.closed()!.code).toBe(1006);
  });
});

describe("emulator realtime route without the ws package", () => {
  // ws is an optional peer: here require("ws") fails (or finds the browser stub) for the emulator's
  // loader only, while this spec's client keeps the real ws. spec/build/user-projects.spec.ts does
  // the same where ws is not installed at all.
  afterEach(() => jest.dontMock("ws"));

  it("serves HTTP, and closes realtime connections with 1011 and a reason naming the package", async () => {
    jest.doMock("ws", () => {
      throw new Error("Cannot find module 'ws'");
    });
    const emulator = await startEmulator({ key: TEST_KEY });
    try {
      const answer = await fetch(`${emulator.baseUrls.run}/fal-ai/echo`, {
        method: "POST",
        headers: { authorization: `Key ${TEST_KEY}`, "content-type": "application/json" },
        body: JSON.stringify({ n: 1 }),
      });
      expect(await answer.json()).toEqual({ n: 1 });
      const token = await issueToken(emulator);
      const client = await connect(`${emulator.baseUrls.run.replace(/^http/, "ws")}/fal-ai/realtime-echo/realtime?fal_jwt_token=${token}`);
      await until(() => client.closed() !== undefined, "the close");
      const reason = `the emulator's realtime endpoints need the "ws" package (8 or later): npm install --save-dev ws`;
      expect(client.opened).toBe(true);
      expect(client.closed()).toEqual({ code: 1011, reason });
      expect(emulator.realtime.connections).toEqual([expect.objectContaining({ endpoint: "fal-ai/realtime-echo", token, closed: { code: 1011, reason, by: "server" } })]);
    } finally {
      await emulator.close();
    }
  });

  it("says so when the ws found has no WebSocketServer (ws 7, or the browser stub jsdom resolves)", async () => {
    jest.doMock("ws", () => ({ WebSocket: class {} }));
    const loaded = await loadWebSocketServer();
    expect(loaded).toBeInstanceOf(Error);
    expect((loaded as Error).message).toBe("the emulator's realtime endpoints need ws 8+ for Node: the ws found has no WebSocketServer (a browser build?)");
  });
});
