import { request } from "node:http";
import { connect } from "node:net";
import { startEmulator, type Emulator } from "../../src/emulator/index";
import { TEST_KEY } from "../support/emulator";

/** What a CI run or a curious user may throw at the emulator: it answers 4xx and stays up. */
describe("the emulator under hostile input", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ key: TEST_KEY, maxBodySize: 1024 });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  /** A raw HTTP exchange (fetch would normalise the path it is given). */
  function raw(method: string, path: string, options: { body?: Buffer; key?: boolean } = {}): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = options.key === false ? {} : { authorization: `Key ${TEST_KEY}` };
    return new Promise((resolve, reject) => {
      const req = request(`${emulator.url}${path}`, { method, headers }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on("error", reject);
      req.end(options.body);
    });
  }

  /** A WebSocket upgrade by hand: the first line of what the server answers. */
  function upgrade(path: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(Number(new URL(emulator.url).port), "127.0.0.1", () => {
        socket.write(
          `GET ${path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: Key ${TEST_KEY}\r\n\r\n`,
        );
      });
      let text = "";
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => (text += chunk));
      socket.on("close", () => resolve(text.split("\r\n")[0] ?? ""));
      socket.on("error", reject);
    });
  }

  it("answers a WebSocket upgrade to a path with a malformed escape with 400, and keeps serving", async () => {
    expect(await upgrade("/run/fal-ai/%E0%A4%A/realtime")).toBe("HTTP/1.1 400 Bad Request");
    expect((await raw("POST", "/run/fal-ai/echo", { body: Buffer.from("{}") })).status).toBe(200);
  });

  it("answers an HTTP request to a path with a malformed escape with 400 naming the path", async () => {
    const { status, text } = await raw("POST", "/run/fal-ai/%E0%A4%A", { body: Buffer.from("{}") });
    expect(status).toBe(400);
    expect(JSON.parse(text).detail).toContain("Malformed percent-escape");
  });

  it("answers a body over maxBodySize with 413 and keeps none of it", async () => {
    const { status, text } = await raw("POST", "/run/fal-ai/echo", { body: Buffer.alloc(4096, 120) });
    expect(status).toBe(413);
    expect(JSON.parse(text).detail).toContain("1024 bytes");
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]!.body).toHaveLength(0);
  });

  it("keeps no body of a request it refuses for want of the key", async () => {
    const { status } = await raw("POST", "/run/fal-ai/echo", { body: Buffer.alloc(512, 120), key: false });
    expect(status).toBe(401);
    expect(emulator.requests.map((r) => r.body.length)).toEqual([0]);
  });

  it("keeps only the newest maxRecordedRequests requests in its log", async () => {
    const small = await startEmulator({ maxRecordedRequests: 3 });
    try {
      for (let n = 1; n <= 5; n++) await fetch(`${small.baseUrls.run}/fal-ai/echo`, { method: "POST", body: JSON.stringify({ n }) });
      expect(small.requests.map((r) => JSON.parse(r.body.toString()).n)).toEqual([3, 4, 5]);
    } finally {
      await small.close();
    }
  });

  it.each([
    ["fal-ai/slow", { duration_ms: -1 }, "duration_ms"],
    ["fal-ai/slow", { duration_ms: 1e308 }, "duration_ms"],
    ["fal-ai/slow", { steps: 1e9 }, "steps"],
    ["fal-ai/slow", { duration_ms: "soon" }, "duration_ms"],
    ["fal-ai/streamer", { delay_ms: 1e308 }, "delay_ms"],
    ["fal-ai/streamer", { keep_alive_ms: 0 }, "keep_alive_ms"],
  ])("answers %s with knobs %j out of range with a 422 naming %s", async (id, input, field) => {
    const { status, text } = await raw("POST", `/run/${id}`, { body: Buffer.from(JSON.stringify(input)) });
    expect(status).toBe(422);
    expect(JSON.parse(text).detail[0]).toMatchObject({ loc: ["body", field], type: "value_error" });
  });
});
