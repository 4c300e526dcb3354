import { lastValueFrom } from "rxjs";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { runCli } from "../support/cli";
import { until } from "../support/observe";

/** `fal-rx status|result|cancel`: one queue step for a request submitted elsewhere (here: by fal-rx's client). */
describe("fal-rx status, result, cancel", () => {
  const emu = useEmulator();
  const env = { FAL_KEY: TEST_KEY };
  const base = () => ["--base-url", emu.emulator.url];
  const submit = async (endpoint: string, input: unknown) =>
    (await lastValueFrom(emu.client().queue.submit$(endpoint, { input }))).request_id;
  const cli = (step: string, endpoint: string, requestId: string, ...flags: string[]) =>
    runCli([step, endpoint, "--request-id", requestId, ...flags, ...base()], env);

  it("status prints the request's queue status as JSON", async () => {
    const requestId = await submit("fal-ai/slow", { duration_ms: 30_000, steps: 30 });
    await until(() => emu.emulator.job(requestId)?.status === "IN_PROGRESS", "the job to start");
    const run = await cli("status", "fal-ai/slow", requestId);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: "IN_PROGRESS", request_id: requestId });
    expect(emu.emulator.requests.at(-1)!.url).toBe(`/queue/fal-ai/slow/requests/${requestId}/status?logs=0`);
  });

  it("status --logs includes the log lines so far", async () => {
    const requestId = await submit("fal-ai/slow", { duration_ms: 100, steps: 2 });
    await until(() => emu.emulator.job(requestId)?.status === "COMPLETED", "the job to finish");
    const run = await cli("status", "fal-ai/slow", requestId, "--logs");
    expect(JSON.parse(run.stdout)).toMatchObject({
      status: "COMPLETED",
      logs: [{ message: "step 1/2" }, { message: "step 2/2" }],
    });
  });

  it("result prints the finished request's output as JSON", async () => {
    const requestId = await submit("fal-ai/echo", { prompt: "stored" });
    await until(() => emu.emulator.job(requestId)?.status === "COMPLETED", "the job to finish");
    const run = await cli("result", "fal-ai/echo", requestId);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ prompt: "stored" });
    expect(emu.emulator.requests.at(-1)).toMatchObject({ method: "GET", url: `/queue/fal-ai/echo/requests/${requestId}` });
  });

  it("cancel cancels a running request on the server and prints fal's answer", async () => {
    const requestId = await submit("fal-ai/slow", { duration_ms: 30_000 });
    await until(() => emu.emulator.job(requestId)?.status === "IN_PROGRESS", "the job to start");
    const run = await cli("cancel", "fal-ai/slow", requestId);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ status: "CANCELLATION_REQUESTED" });
    expect(emu.emulator.job(requestId)!.cancelled).toBe(true);
  });

  it("cancel of a finished request prints ALREADY_COMPLETED and exits 0", async () => {
    const requestId = await submit("fal-ai/echo", {});
    await until(() => emu.emulator.job(requestId)?.status === "COMPLETED", "the job to finish");
    const run = await cli("cancel", "fal-ai/echo", requestId);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ status: "ALREADY_COMPLETED" });
  });

  it.each(["status", "result", "cancel"])("%s exits 2 without --request-id, sending nothing", async (step) => {
    const run = await runCli([step, "fal-ai/echo", ...base()], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--request-id is required");
    expect(run.stderr).toContain(`Usage: fal-rx ${step} <endpoint-id> --request-id R`);
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("exits 1 for a request id the queue does not know, with fal's 404", async () => {
    const run = await cli("status", "fal-ai/echo", "no-such-request");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("failed with 404: Request no-such-request not found");
    expect(run.stdout).toBe("");
  });
});
