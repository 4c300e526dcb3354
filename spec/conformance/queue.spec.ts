import { ValidationError, type QueueStatus } from "@fal-ai/client";
import { EndpointError, scripted } from "../../src/emulator/index";
import { closedPort, TEST_KEY, useEmulator } from "../support/emulator";
import { until } from "../support/observe";
import { officialClient } from "../support/official";
import { gatedEndpoint, Gates } from "../queue/gates";

/** The official client against the emulator's queue: proof the emulator speaks fal's protocol. */
describe("@fal-ai/client against the emulator: queue", () => {
  const gates = new Gates();
  const emu = useEmulator({
    // 40 ms of run time with a keep-alive every 5 ms: the official stream reader must skip comments.
    endpoints: { "acme/held": gatedEndpoint(gates), "acme/timed": scripted({ durationMs: 40, logs: ["a", "b"] }) },
    queue: { keepAliveMs: 5 },
  });
  const official = () => officialClient(emu.emulator, TEST_KEY);

  it("subscribes by polling, sees the logs and gets the result with its request id", async () => {
    const updates: QueueStatus[] = [];
    gates.open("poll");
    gates.open("poll");
    const result = await official().subscribe("acme/held", {
      input: { name: "poll", logs: ["warming up"] },
      logs: true,
      pollInterval: 5,
      onQueueUpdate: (status) => updates.push(status),
    });
    expect(result.data).toEqual({ name: "poll" });
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(updates.at(-1)).toMatchObject({ status: "COMPLETED", logs: [{ message: "warming up" }] });
    expect(emu.emulator.requests.every((r) => r.headers.authorization === `Key ${TEST_KEY}`)).toBe(true);
  });

  it("subscribes over the status stream (keep-alive comments included) and gets the result", async () => {
    const updates: QueueStatus[] = [];
    const result = await official().subscribe("acme/timed", {
      input: { x: 1 },
      logs: true,
      mode: "streaming",
      onQueueUpdate: (status: QueueStatus) => updates.push(status),
    });
    expect(result.data).toEqual({ x: 1 });
    expect(updates.at(-1)).toMatchObject({ status: "COMPLETED", logs: [{ message: "a" }, { message: "b" }] });
    expect(emu.emulator.requests.filter((r) => r.url.includes("/status")).map((r) => r.url)).toEqual([
      `/queue/acme/timed/requests/${result.requestId}/status/stream?logs=1`,
    ]);
  });

  it("submits with a webhook, reads the status, cancels, and hears ALREADY_COMPLETED as a 400", async () => {
    const client = official();
    const hook = `http://127.0.0.1:${await closedPort()}/hook`;
    const { request_id: requestId } = await client.queue.submit("acme/held", { input: { name: "steps" }, webhookUrl: hook });
    expect(emu.emulator.requests[0]!.url).toBe(`/queue/acme/held?fal_webhook=${encodeURIComponent(hook)}`);
    await until(() => emu.emulator.job(requestId)?.status === "IN_PROGRESS", "the job to start");
    expect(await client.queue.status("acme/held", { requestId, logs: false })).toMatchObject({ status: "IN_PROGRESS" });
    await client.queue.cancel("acme/held", { requestId });
    await until(() => emu.emulator.job(requestId)?.status === "COMPLETED", "the job to end");
    expect(await client.queue.status("acme/held", { requestId, logs: false })).toMatchObject({ status: "COMPLETED", error_type: "client_cancelled" });
    await expect(client.queue.cancel("acme/held", { requestId })).rejects.toMatchObject({ status: 400 });
  });

  it("submits, reads the answer's IN_QUEUE fields, then fetches the stored result by request id", async () => {
    const client = official();
    const submitted = await client.queue.submit("fal-ai/echo", { input: { stored: true } });
    expect(submitted).toMatchObject({ status: "IN_QUEUE", queue_position: 0 });
    expect(submitted.status_url).toBe(`${emu.emulator.baseUrls.queue}/fal-ai/echo/requests/${submitted.request_id}/status`);
    await until(() => emu.emulator.job(submitted.request_id)?.status === "COMPLETED", "the job to finish");
    const result = await client.queue.result("fal-ai/echo", { requestId: submitted.request_id });
    expect(result).toEqual({ data: { stored: true }, requestId: submitted.request_id });
    expect(emu.emulator.requests.at(-1)).toMatchObject({ method: "GET", url: `/queue/fal-ai/echo/requests/${submitted.request_id}` });
  });

  it("gets the stored 422 of a failed run as its ValidationError", async () => {
    emu.emulator.register("acme/picky", () => {
      throw new EndpointError(422, { detail: [{ loc: ["body", "prompt"], msg: "Field required", type: "missing" }] });
    });
    const error = await official().subscribe("acme/picky", { input: {}, pollInterval: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).getFieldErrors("prompt")).toHaveLength(1);
  });
});
