import { useEmulator } from "../support/emulator";
import { realtimeOn, startSession } from "./helpers";

type Echo = Record<string, unknown>;

/** Throttling on the wire; its timing is pinned in throttle.marble.spec.ts. */
describe("realtime throttling", () => {
  const emu = useEmulator();

  async function burstAfterWarmUp(throttle: number | undefined) {
    const session = startSession<Echo>((inputs$) => realtimeOn(emu).connect$("fal-ai/realtime-echo", inputs$, { throttle }));
    session.inputs.next({ request_id: "warm-up" });
    await session.waitFor(1);
    // The socket is open and the warm-up's throttle window is (almost surely) still running.
    for (let n = 1; n <= 20; n++) session.inputs.next({ request_id: `n${n}` });
    await session.waitFor(2);
    while (session.requestIds().at(-1) !== "n20") await session.waitFor(session.events.length + 1);
    session.stop();
    return emu.emulator.realtime.connections[0]!.inputs.map((input) => (input as Echo).request_id);
  }

  it("drops the inputs between window edges but always sends the last one (128 ms by default)", async () => {
    const sent = await burstAfterWarmUp(undefined);
    // n1 goes out too only if the warm-up's window had already ended (a very slow machine).
    expect(sent.filter((id) => id !== "n1")).toEqual(["warm-up", "n20"]);
  });

  it("sends every input with throttle: 0", async () => {
    const sent = await burstAfterWarmUp(0);
    expect(sent).toEqual(["warm-up", ...Array.from({ length: 20 }, (_, i) => `n${i + 1}`)]);
  });
});
