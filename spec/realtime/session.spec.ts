import { firstValueFrom, lastValueFrom, take, toArray } from "rxjs";
import { RealtimeAppError } from "../../src/realtime/index";
import { useEmulator } from "../support/emulator";
import { until } from "../support/observe";
import { realtimeOn } from "./helpers";

type Echo = { request_id?: string; prompt?: string; fail?: string };
const ECHO = "fal-ai/realtime-echo";

/** The send-style handle, for code coming from @fal-ai/client's `realtime.connect`. */
describe("realtime session()", () => {
  const emu = useEmulator();
  const connections = () => emu.emulator.realtime.connections;

  it("costs nothing until used: no token, no socket at creation", async () => {
    realtimeOn(emu).session<Echo>(ECHO);
    await new Promise((resolve) => setImmediate(resolve));
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("sends inputs with send() and emits their results on results$", async () => {
    const session = realtimeOn(emu).session<Echo>(ECHO);
    const two = lastValueFrom(session.results$.pipe(take(2), toArray()));
    session.send({ request_id: "a", prompt: "a cat" });
    await firstValueFrom(session.results$);
    session.send({ request_id: "b", prompt: "a dog" });
    expect((await two).map((e) => e.type === "result" && e.requestId)).toEqual(["a", "b"]);
    session.close();
  });

  it("opens the connection on the first send, before anyone subscribes", async () => {
    const session = realtimeOn(emu).session<Echo>(ECHO);
    session.send({ request_id: "early" });
    await until(() => connections()[0]?.inputs.length === 1, "the input");
    expect(connections()[0]!.inputs).toEqual([{ request_id: "early" }]);
    session.close();
  });

  it("shares one connection between results$ subscribers", async () => {
    const session = realtimeOn(emu).session<Echo>(ECHO);
    const first = firstValueFrom(session.results$);
    const second = firstValueFrom(session.results$);
    session.send({ request_id: "shared" });
    expect([(await first).type, (await second).type]).toEqual(["result", "result"]);
    expect(connections()).toHaveLength(1);
    session.close();
  });

  it("close() closes the socket with 1000, completes results$, and ignores later sends", async () => {
    const session = realtimeOn(emu).session<Echo>(ECHO);
    const all = lastValueFrom(session.results$.pipe(toArray()));
    session.send({ request_id: "a" });
    await firstValueFrom(session.results$);
    session.close();
    session.close();
    session.send({ request_id: "late" });
    expect(await all).toHaveLength(1);
    await until(() => connections()[0]?.closed !== undefined, "the close");
    expect(connections()[0]!.closed).toMatchObject({ code: 1000, by: "client" });
    expect(connections()[0]!.inputs).toEqual([{ request_id: "a" }]);
  });

  it("errors results$ with the session's error, for current and later subscribers", async () => {
    const session = realtimeOn(emu).session<Echo>(ECHO);
    const current = firstValueFrom(session.results$);
    session.send({ fail: "no prompt" });
    await expect(current).rejects.toBeInstanceOf(RealtimeAppError);
    await expect(firstValueFrom(session.results$)).rejects.toBeInstanceOf(RealtimeAppError);
  });
});
