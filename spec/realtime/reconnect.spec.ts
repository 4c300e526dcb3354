import { Subject } from "rxjs";
import { RealtimeConnectionError, type RealtimeOptions } from "../../src/realtime/index";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { errorOf, until } from "../support/observe";
import { heldTokenProvider, inputsByConnection, issueToken, realtimeOn, startSession } from "./helpers";

type Echo = Record<string, unknown>;
const ECHO = "fal-ai/realtime-echo";

describe("realtime reconnects", () => {
  const emu = useEmulator();
  const connections = () => emu.emulator.realtime.connections;
  const tokenRequests = () => emu.emulator.requests.filter((r) => r.url === "/rest/tokens/").length;

  const start = (options: RealtimeOptions<Echo> = {}) => startSession<Echo>((inputs$) => realtimeOn(emu).connect$(ECHO, inputs$, options));

  it("reconnects with a new token after an Unauthorized answer and sends the refused input again", async () => {
    let calls = 0;
    const provider = async () => (++calls === 1 ? "forged-token" : issueToken(emu.emulator));
    const session = start({ tokenProvider: provider });
    session.inputs.next({ request_id: "a" });
    await session.waitFor(1);
    session.stop();
    expect(session.requestIds()).toEqual(["a"]);
    expect(connections().map((c) => c.token)).toEqual(["forged-token", expect.stringMatching(/^emulator-jwt\./)]);
    expect(connections()[0]!.outputs).toEqual([{ status: "error", error: "Unauthorized" }]);
    expect(connections()[0]!.closed).toMatchObject({ code: 1008, by: "server" });
    expect(connections()[1]!.inputs).toEqual([{ request_id: "a" }]);
  });

  it("reconnects when the token expires mid-session, answering the refused input on the new connection", async () => {
    const session = start();
    session.inputs.next({ request_id: "before" });
    await session.waitFor(1);
    emu.emulator.realtime.expireTokens();
    session.inputs.next({ request_id: "after" });
    await session.waitFor(2);
    session.stop();
    expect(session.requestIds()).toEqual(["before", "after"]);
    expect(inputsByConnection(emu.emulator)).toEqual([[{ request_id: "before" }, { request_id: "after" }], [{ request_id: "after" }]]);
    expect(connections()[0]!.outputs).toEqual([{ request_id: "before" }, { status: "error", error: "Unauthorized" }]);
    expect(tokenRequests()).toBe(2);
    expect(connections()[0]!.token).not.toBe(connections()[1]!.token);
    expect(session.failure()).toBeUndefined();
  });

  it("reconnects with a new token after an abnormal close and sends the input that came meanwhile, nothing twice", async () => {
    const tokens = heldTokenProvider();
    const session = start({ tokenProvider: tokens.provider });
    tokens.release(await issueToken(emu.emulator));
    session.inputs.next({ request_id: "a" });
    await session.waitFor(1);

    emu.emulator.realtime.drop({ code: 1011, reason: "runner restarted" });
    await until(() => tokens.asked.length === 2, "the reconnect's token request");
    session.inputs.next({ request_id: "b1" });
    session.inputs.next({ request_id: "b2" });
    tokens.release(await issueToken(emu.emulator));
    await session.waitFor(2);
    session.stop();

    expect(session.requestIds()).toEqual(["a", "b2"]);
    expect(inputsByConnection(emu.emulator)).toEqual([[{ request_id: "a" }], [{ request_id: "b2" }]]);
    expect(connections()[0]!.token).not.toBe(connections()[1]!.token);
    expect(session.failure()).toBeUndefined();
  });

  it("reconnects after the connection is cut without a close frame (1006)", async () => {
    const session = start();
    session.inputs.next({ request_id: "a" });
    await session.waitFor(1);
    emu.emulator.realtime.drop();
    await until(() => connections().length === 2 && connections()[1]!.closed === undefined, "the second connection");
    session.inputs.next({ request_id: "b" });
    await session.waitFor(2);
    session.stop();
    expect(connections()[0]!.closed).toMatchObject({ code: 1006, by: "server" });
    expect(session.requestIds()).toEqual(["a", "b"]);
    expect(tokenRequests()).toBe(2);
  });

  it("opens a new connection on the next input after the server closed normally, reusing a fresh token", async () => {
    const session = start();
    session.inputs.next({ request_id: "a" });
    await session.waitFor(1);
    emu.emulator.realtime.drop({ code: 1000, reason: "idle" });
    await until(() => connections()[0]!.closed !== undefined, "the close");
    session.inputs.next({ request_id: "b" });
    await session.waitFor(2);
    session.stop();
    expect(session.requestIds()).toEqual(["a", "b"]);
    expect(connections()).toHaveLength(2);
    expect(tokenRequests()).toBe(1);
    expect(connections()[1]!.token).toBe(connections()[0]!.token);
  });

  it("errors with RealtimeConnectionError carrying the close code and reason once reconnects are exhausted", async () => {
    emu.emulator.realtime.fail({ times: 10, code: 4001, reason: "runner crashed" });
    const error = await errorOf(realtimeOn(emu).connect$(ECHO, new Subject(), { reconnect: { maxRetries: 2 } }));
    expect(error).toBeInstanceOf(RealtimeConnectionError);
    expect(error).toMatchObject({ code: 4001, reason: "runner crashed", attempts: 3 });
    expect(error.message).toMatch(/^Realtime connection to ws:\/\/127\.0\.0\.1:\d+\/run\/fal-ai\/realtime-echo\/realtime\?fal_jwt_token=\[redacted\] lost after 3 attempts: code 4001 \(runner crashed\)$/);
    expect(error.message).not.toContain(TEST_KEY);
    expect(connections()).toHaveLength(3);
    expect(new Set(connections().map((c) => c.token)).size).toBe(3);
    expect(tokenRequests()).toBe(3);
  });

  it("errors with RealtimeConnectionError when every token is refused", async () => {
    const error = await errorOf(realtimeOn(emu).connect$(ECHO, new Subject(), { tokenProvider: async () => "forged-token", reconnect: { maxRetries: 1 } }));
    expect(error).toBeInstanceOf(RealtimeConnectionError);
    expect(error).toMatchObject({ code: undefined, reason: "Unauthorized", attempts: 2 });
    expect(error.message).not.toContain("forged-token");
    expect(connections()).toHaveLength(2);
  });

  it("errors with RealtimeConnectionError 1006 when the socket cannot open at all", async () => {
    const error = await errorOf(realtimeOn(emu).connect$("fal-ai/echo", new Subject(), { reconnect: { maxRetries: 1 } }));
    expect(error).toBeInstanceOf(RealtimeConnectionError);
    expect(error).toMatchObject({ code: 1006, attempts: 2 });
    expect((error as RealtimeConnectionError).reason).toContain("404");
    expect(emu.emulator.requests.filter((r) => r.headers.upgrade === "websocket")).toHaveLength(2);
  });
});
