import { WebSocket } from "ws";
import { issueToken } from "../realtime/helpers";
import { until } from "../support/observe";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { officialClient } from "../support/official";

/**
 * The official client's realtime connection against the emulator. It opens
 * `wss://fal.run/{app}/realtime` with the global WebSocket, which Node 20 lacks: the spec installs
 * ws's, rewriting fal's host to the emulator's as `officialClient` does for fetch.
 */
describe("@fal-ai/client against the emulator: realtime", () => {
  const emu = useEmulator();
  const global = globalThis as { WebSocket?: unknown };
  const original = global.WebSocket;

  beforeAll(() => {
    const emulator = () => emu.emulator;
    global.WebSocket = class RewritingWebSocket extends WebSocket {
      constructor(url: string) {
        super(url.replace("wss://fal.run", emulator().baseUrls.run.replace(/^http/, "ws")));
      }
    };
  });
  afterAll(() => {
    global.WebSocket = original;
  });

  function connect(handlers: { tokenProvider?: (app: string) => Promise<string>; throttleInterval?: number } = {}) {
    const results: Record<string, unknown>[] = [];
    const errors: Error[] = [];
    const connection = officialClient(emu.emulator, TEST_KEY).realtime.connect("fal-ai/realtime-echo", {
      onResult: (result: Record<string, unknown>) => results.push(result),
      onError: (error: Error) => errors.push(error),
      ...handlers,
    });
    return { connection, results, errors };
  }

  it("gets a result for its input over the emulator's socket, using a fetched token and never the key in a URL", async () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined); // its default token provider is deprecated
    const { connection, results } = connect();
    connection.send({ request_id: "official-1", prompt: "a cat" });
    await until(() => results.length === 1, "the result");
    connection.close();
    warn.mockRestore();
    expect(results).toEqual([{ request_id: "official-1", prompt: "a cat" }]);
    const [tokenRequest, upgrade] = emu.emulator.requests;
    expect(JSON.parse(tokenRequest!.body.toString())).toEqual({ allowed_apps: ["realtime-echo"], token_expiration: 120 });
    expect(upgrade!.url).toMatch(/^\/run\/fal-ai\/realtime-echo\/realtime\?fal_jwt_token=emulator-jwt\./);
    expect(emu.emulator.requests.filter((r) => r.url.includes(TEST_KEY))).toEqual([]);
  });

  it("asks its tokenProvider for the app path, as fal-rx does", async () => {
    const asked: string[] = [];
    const token = await issueToken(emu.emulator);
    const { connection, results } = connect({ tokenProvider: async (app) => (asked.push(app), token) });
    connection.send({ request_id: "official-2" });
    await until(() => results.length === 1, "the result");
    connection.close();
    expect(asked).toEqual(["fal-ai/realtime-echo/realtime"]);
    expect(emu.emulator.realtime.connections[0]!.token).toBe(token);
  });

  it("reads the emulator's x-fal-error as an error and ignores its TIMEOUT", async () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    // Unthrottled: its 128 ms throttle would swallow the second send.
    const { connection, results, errors } = connect({ throttleInterval: 0 });
    connection.send({ request_id: "ok" });
    await until(() => results.length === 1, "the first result");
    emu.emulator.realtime.timeout();
    await until(() => emu.emulator.realtime.connections[0]!.outputs.length === 2, "the TIMEOUT frame");
    connection.send({ request_id: "bad", fail: "prompt is empty" });
    await until(() => errors.length === 1, "the error");
    connection.close();
    warn.mockRestore();
    expect(errors[0]!.message).toBe("INVALID_INPUT: prompt is empty");
    expect(results).toHaveLength(1);
  });
});
