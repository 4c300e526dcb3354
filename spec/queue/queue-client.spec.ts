import { ApiError, InvalidOptionError, WireFormatError } from "../../src/index";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { collect, errorOf, firstValueFrom, until } from "../support/observe";
import { brief } from "./brief";
import { gatedEndpoint, Gates } from "./gates";

describe("the queue client", () => {
  const gates = new Gates();
  const emu = useEmulator({ endpoints: { "acme/held": gatedEndpoint(gates) }, queue: { keepAliveMs: 5 } });
  const queue = () => emu.client().queue;

  it("submit$ emits the submit answer with the id, position and absolute URLs, then completes", async () => {
    const answers = await collect(queue().submit$("fal-ai/echo", { input: { prompt: "a cat" } }));
    expect(answers).toHaveLength(1);
    const [answer] = answers;
    const base = `${emu.emulator.baseUrls.queue}/fal-ai/echo/requests/${answer!.request_id}`;
    expect(answer).toEqual({
      status: "IN_QUEUE",
      queue_position: 0,
      request_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      response_url: base,
      status_url: `${base}/status`,
      cancel_url: `${base}/cancel`,
    });
    expect(JSON.parse(emu.emulator.requests[0]!.body.toString())).toEqual({ prompt: "a cat" });
  });

  it("status$ emits one status: IN_PROGRESS with the logs so far, then COMPLETED with metrics", async () => {
    const { request_id: requestId } = await firstValueFrom(queue().submit$("acme/held", { input: { name: "st", logs: ["a"] } }));
    gates.open("st");
    await until(() => emu.emulator.job(requestId)?.logs.length === 1, "a log line");
    expect(brief(await firstValueFrom(queue().status$("acme/held", { requestId, logs: true })))).toBe("IN_PROGRESS [a]");
    expect(brief(await firstValueFrom(queue().status$("acme/held", { requestId })))).toBe("IN_PROGRESS []");
    gates.open("st");
    await until(() => emu.emulator.job(requestId)?.status === "COMPLETED", "the job to end");
    const done = await firstValueFrom(queue().status$("acme/held", { requestId }));
    expect(done).toMatchObject({ status: "COMPLETED", request_id: requestId, metrics: { inference_time: expect.any(Number) } });
  });

  it("streamStatus$ emits each change with every log line so far, though the stream sends only new ones, then completes", async () => {
    const { request_id: requestId } = await firstValueFrom(queue().submit$("acme/held", { input: { name: "ss", logs: ["a", "b"] } }));
    await until(() => emu.emulator.job(requestId)?.status === "IN_PROGRESS", "the job to start");
    const statuses: string[] = [];
    let completed = false;
    queue()
      .streamStatus$("acme/held", { requestId, logs: true })
      .subscribe({ next: (s) => statuses.push(brief(s)), complete: () => (completed = true) });
    for (let seen = 1; seen <= 3; seen++) {
      await until(() => statuses.length === seen, `change #${seen}`);
      gates.open("ss");
    }
    await until(() => completed, "the stream to complete");
    expect(statuses).toEqual(["IN_PROGRESS []", "IN_PROGRESS [a]", "IN_PROGRESS [a,b]", "COMPLETED [a,b]"]);
    expect(emu.emulator.requests.filter((r) => r.url.includes("/status")).map((r) => r.url)).toEqual([
      `/queue/acme/held/requests/${requestId}/status/stream?logs=1`,
    ]);
  });

  it("result$ emits the stored output and the request id; before completion it errors", async () => {
    const { request_id: requestId } = await firstValueFrom(queue().submit$("acme/held", { input: { name: "res" } }));
    const early = (await errorOf(emu.client({ retry: { maxRetries: 0 } }).queue.result$("acme/held", { requestId }))) as ApiError;
    expect(early).toBeInstanceOf(ApiError);
    expect(early.message).toContain(`/requests/${requestId} failed with 400: Request is still in progress`);
    gates.open("res");
    await until(() => emu.emulator.job(requestId)?.status === "COMPLETED", "the job to end");
    expect(await firstValueFrom(queue().result$("acme/held", { requestId }))).toEqual({ data: { name: "res" }, requestId });
  });

  it("cancel$ emits CANCELLATION_REQUESTED, then ALREADY_COMPLETED (fal's 400) as answers", async () => {
    const { request_id: requestId } = await firstValueFrom(queue().submit$("acme/held", { input: { name: "cx" } }));
    expect(await firstValueFrom(queue().cancel$("acme/held", { requestId }))).toEqual({ status: "CANCELLATION_REQUESTED" });
    await until(() => emu.emulator.job(requestId)?.status === "COMPLETED", "the job to end");
    expect(await firstValueFrom(queue().cancel$("acme/held", { requestId }))).toEqual({ status: "ALREADY_COMPLETED" });
  });

  it("cancel$ errors with the 404 for an unknown request", async () => {
    const error = (await errorOf(queue().cancel$("acme/held", { requestId: "nope" }))) as ApiError;
    expect(error).toMatchObject({ status: 404 });
    expect(error.message).toContain("/queue/acme/held/requests/nope/cancel failed with 404");
  });

  it("reaches a namespaced app's requests under namespace/owner/alias, without the endpoint's path", async () => {
    emu.emulator.register("workflows/acme/flow/v2", (input: unknown) => ({ got: input }));
    const { request_id: requestId } = await firstValueFrom(queue().submit$("workflows/acme/flow/v2", { input: { x: 1 } }));
    await until(() => emu.emulator.job(requestId)?.status === "COMPLETED", "the job to end");
    expect((await firstValueFrom(queue().result$("workflows/acme/flow/v2", { requestId }))).data).toEqual({ got: { x: 1 } });
    expect(emu.emulator.requests.at(-1)!.url).toBe(`/queue/workflows/acme/flow/requests/${requestId}`);
  });

  it.each(["status$", "streamStatus$", "result$", "cancel$"] as const)("%s errors with InvalidOptionError without a requestId, sending nothing", async (step) => {
    const error = await errorOf(queue()[step]("acme/held", { requestId: "" }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toContain("requestId");
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("retries a status read that answered 500, as status reads are read-only", async () => {
    const { request_id: requestId } = await firstValueFrom(queue().submit$("fal-ai/echo", { input: {} }));
    emu.emulator.fail({ type: "status", status: 500, route: "queue", times: 2 });
    const status = await firstValueFrom(emu.client({ retry: { maxRetries: 1 } }).queue.status$("fal-ai/echo", { requestId }));
    expect(status.request_id).toBe(requestId);
    expect(emu.emulator.requests.filter((r) => r.url.includes("/status"))).toHaveLength(3);
  });

  it.each([
    ["a field of the wrong type", { status: "IN_QUEUE", queue_position: "3" }, ["queue_position"], 'queue_position: expected number, got "3"'],
    ["an unknown status", { status: "CANCELLED" }, ["status"], 'status: expected "IN_QUEUE" | "IN_PROGRESS" | "COMPLETED", got "CANCELLED"'],
    ["a log line without a message", { status: "IN_PROGRESS", logs: [{ level: "INFO" }] }, ["logs", 0, "message"], "logs.0.message: expected string, got nothing"],
  ])("errors with a WireFormatError naming the path for %s", async (_what, body, path, detail) => {
    const { request_id: requestId } = await firstValueFrom(queue().submit$("fal-ai/echo", { input: {} }));
    emu.emulator.fail({ type: "status", status: 202, body, route: "queue" });
    const error = (await errorOf(queue().status$("fal-ai/echo", { requestId }))) as WireFormatError;
    expect(error).toBeInstanceOf(WireFormatError);
    expect(error.path).toEqual(path);
    expect(error.message).toContain(`GET ${emu.emulator.baseUrls.queue}/fal-ai/echo/requests/${requestId}/status?logs=0 failed with 202`);
    expect(error.message).toContain(detail);
    expect(error.message).not.toContain(TEST_KEY);
  });

  it("errors with a WireFormatError when a submit answer has no request_id", async () => {
    emu.emulator.fail({ type: "status", status: 200, body: { status: "IN_QUEUE" }, route: "queue" });
    const error = (await errorOf(queue().submit$("fal-ai/echo", { input: {} }))) as WireFormatError;
    expect(error).toBeInstanceOf(WireFormatError);
    expect(error.path).toEqual(["request_id"]);
    expect(error.message).toContain("the submit answer is not fal's shape: request_id: expected string, got nothing");
  });
});
