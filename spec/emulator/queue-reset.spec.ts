import type { JobContext } from "../../src/emulator/index";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { until } from "../support/observe";
import { gatedEndpoint, Gates } from "../queue/gates";

describe("the emulator's reset() and the queue", () => {
  const gates = new Gates();
  const signals: AbortSignal[] = [];
  const emu = useEmulator({
    queue: { concurrency: { "acme/one": 1 }, keepAliveMs: 60_000 },
    endpoints: {
      "acme/one": gatedEndpoint(gates),
      // Holds until aborted, keeping its signal for the test to look at.
      "acme/watched": (_input: unknown, ctx: JobContext) => {
        signals.push(ctx.signal);
        return new Promise((_resolve, reject) => ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason)));
      },
    },
  });

  const call = (method: string, url: string, body?: unknown) =>
    fetch(url, { method, headers: { authorization: `Key ${TEST_KEY}` }, body: body === undefined ? undefined : JSON.stringify(body) });
  const submit = async (id: string, input: unknown) =>
    (await (await call("POST", `${emu.emulator.baseUrls.queue}/${id}`, input)).json()) as { request_id: string; status_url: string; response_url: string };

  it("forgets every queue job: jobs() is empty and their routes answer 404", async () => {
    const done = await submit("fal-ai/echo", { a: 1 });
    await until(() => emu.emulator.job(done.request_id)?.status === "COMPLETED", "the job to end");
    emu.emulator.reset();
    expect(emu.emulator.jobs()).toEqual([]);
    expect(emu.emulator.job(done.request_id)).toBeUndefined();
    expect([(await call("GET", done.status_url)).status, (await call("GET", done.response_url)).status]).toEqual([404, 404]);
  });

  it("aborts the handlers of running jobs", async () => {
    signals.length = 0;
    const job = await submit("acme/watched", {});
    await until(() => emu.emulator.job(job.request_id)?.status === "IN_PROGRESS", "the job to start");
    emu.emulator.reset();
    expect(signals.map((signal) => signal.aborted)).toEqual([true]);
  });

  it("starts a job submitted after it at once, though a job it forgot held the endpoint's only slot", async () => {
    const held = await submit("acme/one", { name: "reset-held" });
    await until(() => emu.emulator.job(held.request_id)?.status === "IN_PROGRESS", "the held job to start");
    emu.emulator.reset();
    const next = await submit("acme/one", { name: "reset-next" });
    await until(() => emu.emulator.job(next.request_id)?.status === "IN_PROGRESS", "the next job to start");
    gates.open("reset-next");
    await until(() => emu.emulator.job(next.request_id)?.status === "COMPLETED", "the next job to end");
  });

  it("ends the open status streams of the jobs it forgets", async () => {
    const ahead = await submit("acme/one", { name: "reset-ahead" });
    const waiting = await submit("acme/one", { name: "reset-waiting" });
    await until(() => emu.emulator.job(ahead.request_id)?.status === "IN_PROGRESS", "the job ahead to start");
    // Its headers and first event leave together, when the stream opens.
    const body = (await call("GET", `${waiting.status_url}/stream`)).text();
    emu.emulator.reset();
    const events = [...(await body).matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as { status: string });
    expect(events.map((e) => e.status)).toEqual(["IN_QUEUE"]);
  });
});
