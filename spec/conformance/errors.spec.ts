import { ApiError, ValidationError } from "@fal-ai/client";
import { EndpointError } from "../../src/emulator/index";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { until } from "../support/observe";
import { officialClient } from "../support/official";

const UUID = /^[0-9a-f-]{36}$/;

/**
 * The official client meeting the emulator's errors and faults: each answer must be one it reads as
 * fal's (the right error class, status, body and request id) and retries, or not, as it would fal's.
 * Its run retries 429/502/503/504 (500 ms base), queue calls the same (1 s base), status reads also
 * 500: the queue cases below each wait out one real backoff of about a second.
 */
describe("@fal-ai/client against the emulator: errors", () => {
  const emu = useEmulator({
    endpoints: {
      "acme/oom": () => {
        throw new Error("CUDA out of memory");
      },
      "acme/picky": () => {
        throw new EndpointError(422, { detail: "prompt is too long" });
      },
    },
  });
  const official = () => officialClient(emu.emulator, TEST_KEY);
  const failure = (promise: Promise<unknown>) => promise.then(() => new Error("expected a rejection"), (error: unknown) => error);

  it("reads a 422 whose detail is a string as a ValidationError on the body", async () => {
    const error = (await failure(official().run("acme/picky", { input: {} }))) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(422);
    expect(error.fieldErrors).toEqual([{ loc: ["body"], msg: "prompt is too long", type: "value_error" }]);
    expect(error.requestId).toMatch(UUID);
  });

  it("retries a 502 from the run host and gets the answer", async () => {
    emu.emulator.fail({
      type: "status",
      status: 502,
      body: { detail: "Runner sent an incomplete response", error_type: "runner_incomplete_response" },
      headers: { "x-fal-error-type": "runner_incomplete_response" },
    });
    const result = await official().run("fal-ai/echo", { input: { after: "502" } });
    expect(result.data).toEqual({ after: "502" });
    expect(emu.emulator.requests.map((r) => `${r.method} ${r.url}`)).toEqual(["POST /run/fal-ai/echo", "POST /run/fal-ai/echo"]);
  });

  it("retries a 429 from the run host and gets the answer", async () => {
    emu.emulator.fail({ type: "status", status: 429, body: { detail: "Too many requests" } });
    const result = await official().run("fal-ai/echo", { input: { after: "429" } });
    expect(result.data).toEqual({ after: "429" });
    expect(emu.emulator.requests).toHaveLength(2);
  });

  it("retries a dropped connection as a transport failure", async () => {
    emu.emulator.fail({ type: "drop" });
    const result = await official().run("fal-ai/echo", { input: { after: "drop" } });
    expect(result.data).toEqual({ after: "drop" });
    expect(emu.emulator.requests).toHaveLength(2);
  });

  it("reports a model that crashes as fal's 500 runner_server_error, with message and request id, not retried", async () => {
    const error = (await failure(official().run("acme/oom", { input: {} }))) as ApiError<{ detail: string; error_type: string }>;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(ValidationError);
    expect(error.status).toBe(500);
    expect(error.body).toEqual({ detail: "CUDA out of memory", error_type: "runner_server_error" });
    expect(error.requestId).toMatch(UUID);
    expect(emu.emulator.requests).toHaveLength(1);
  });

  it("reads an unknown app's 404 with fal's message and a request id", async () => {
    const error = (await failure(official().run("nobody/nothing", { input: {} }))) as ApiError<{ detail: string }>;
    expect(error.status).toBe(404);
    expect(error.body.detail).toBe("Application 'nobody/nothing' not found");
    expect(error.requestId).toMatch(UUID);
  });

  it("retries a 503 on submit, and the refused submit queued nothing", async () => {
    const before = emu.emulator.jobs().length;
    emu.emulator.fail({ type: "unavailable", route: "queue" });
    const { request_id: requestId } = await official().queue.submit("fal-ai/echo", { input: { after: "503" } });
    expect(emu.emulator.requests.map((r) => `${r.method} ${r.url}`)).toEqual(["POST /queue/fal-ai/echo", "POST /queue/fal-ai/echo"]);
    expect(emu.emulator.jobs().slice(before).map((job) => job.requestId)).toEqual([requestId]);
  });

  it("retries a 500 on a status read, as it does for status reads only", async () => {
    const client = official();
    const { request_id: requestId } = await client.queue.submit("fal-ai/echo", { input: {} });
    await until(() => emu.emulator.job(requestId)?.status === "COMPLETED", "the job to finish");
    emu.emulator.fail({ type: "status", status: 500, route: "queue", body: { detail: "Internal error", error_type: "internal_error" } });
    expect(await client.queue.status("fal-ai/echo", { requestId, logs: false })).toMatchObject({ status: "COMPLETED" });
    expect(emu.emulator.requests.filter((r) => r.url.includes("/status"))).toHaveLength(2);
  });

  it("gets the stored 500 of a crashed queued run from subscribe, with its message", async () => {
    const error = (await failure(official().subscribe("acme/oom", { input: {}, pollInterval: 5 }))) as ApiError<{ detail: string }>;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(500);
    expect(error.body.detail).toBe("CUDA out of memory");
    expect(error.requestId).toBe(emu.emulator.jobs().at(-1)!.requestId);
  });
});
