import { lastValueFrom, tap, type Subscription } from "rxjs";
import { ApiError, fal, InvalidEndpointIdError, InvalidOptionError, ValidationError, result, type SubscribeEvent } from "../../src/index";
import { EndpointError } from "../../src/emulator/index";
import { closedPort, TEST_KEY, useEmulator } from "../support/emulator";
import { collect, errorOf, firstValueFrom, until } from "../support/observe";
import { brief, queueTraffic } from "../queue/brief";
import { gatedEndpoint, Gates } from "../queue/gates";

describe("subscribe$", () => {
  const gates = new Gates();
  const emu = useEmulator({
    queue: { concurrency: { "acme/gated": 1 }, keepAliveMs: 5 },
    endpoints: { "acme/gated": gatedEndpoint(gates), "acme/held": gatedEndpoint(gates) },
  });

  /** Subscribes and records events; `done` resolves when it ends either way. */
  function watch(source$: ReturnType<ReturnType<typeof emu.client>["subscribe$"]>) {
    const events: SubscribeEvent<unknown>[] = [];
    let ended = false;
    const subscription: Subscription = source$.subscribe({ next: (e) => events.push(e), error: () => (ended = true), complete: () => (ended = true) });
    return { events, subscription, ended: () => ended, briefs: () => events.map(brief) };
  }

  it.each(["polling", "streaming"] as const)(
    "emits the submit answer, every change (position, start, each log line), then one result, in %s mode",
    async (mode) => {
      const client = emu.client();
      await firstValueFrom(client.queue.submit$("acme/gated", { input: { name: `${mode}-A` } }));
      await firstValueFrom(client.queue.submit$("acme/gated", { input: { name: `${mode}-B` } }));
      const ours = watch(
        client.subscribe$("acme/gated", { input: { name: mode, logs: ["loading", "sampling"] }, logs: true, pollInterval: 2, mode }),
      );
      const step = async (open: string, count: number) => {
        gates.open(open);
        await until(() => ours.events.length === count, `event #${count}`);
      };
      await until(() => ours.events.length === 1, "the submit answer");
      await step(`${mode}-A`, 2);
      await step(`${mode}-B`, 3);
      await step(mode, 4);
      await step(mode, 5);
      await step(mode, 7);
      await until(ours.ended, "the end");

      expect(ours.briefs()).toEqual([
        "IN_QUEUE 1",
        "IN_QUEUE 0",
        "IN_PROGRESS []",
        "IN_PROGRESS [loading]",
        "IN_PROGRESS [loading,sampling]",
        "COMPLETED [loading,sampling]",
        `result {"name":"${mode}"}`,
      ]);
      const first = ours.events[0]!.type === "status" ? ours.events[0]!.status : undefined;
      const id = first!.request_id;
      expect(first!.status_url).toBe(`${emu.emulator.baseUrls.queue}/acme/gated/requests/${id}/status`);
      expect(ours.events.every((e) => (e.type === "status" ? e.status.request_id : e.requestId) === id)).toBe(true);
      const reads = queueTraffic(emu.emulator.requests, id).filter((line) => line.startsWith("GET /acme/gated/requests/{id}/status"));
      if (mode === "streaming") expect(reads).toEqual(["GET /acme/gated/requests/{id}/status/stream?logs=1"]);
      else expect(reads.every((line) => line === "GET /acme/gated/requests/{id}/status?logs=1")).toBe(true);
    },
  );

  it("emits a status only when something changed, however often it polls", async () => {
    const ours = watch(emu.client().subscribe$("acme/held", { input: { name: "still" }, pollInterval: 1 }));
    await until(() => emu.emulator.requests.filter((r) => r.url.includes("/status")).length >= 10, "ten polls");
    expect(ours.briefs()).toEqual(["IN_QUEUE 0", "IN_PROGRESS []"]);
    gates.open("still");
    await until(ours.ended, "the end");
    expect(ours.briefs()).toEqual(["IN_QUEUE 0", "IN_PROGRESS []", "COMPLETED []", 'result {"name":"still"}']);
  });

  it("leaves logs empty and asks with logs=0 unless logs are wanted", async () => {
    const events = await collect(emu.client().subscribe$("fal-ai/slow", { input: { duration_ms: 20, steps: 2 }, pollInterval: 1 }));
    const completed = events.find((e) => e.type === "status" && e.status.status === "COMPLETED");
    expect(completed && brief(completed)).toBe("COMPLETED []");
    expect(emu.emulator.requests.filter((r) => r.url.includes("/status")).every((r) => r.url.endsWith("?logs=0"))).toBe(true);
  });

  it.each([
    ["ends cleanly", ""],
    ["is cut off mid-event", 'data: {"status":"IN_PROGRESS","lo'],
  ])("falls back to polling when the status stream %s before COMPLETED", async (_how, body) => {
    const client = emu.client();
    const { request_id } = await firstValueFrom(client.queue.submit$("acme/held", { input: { name: "fallback" } }));
    emu.emulator.fail({ type: "status", status: 200, body, headers: { "content-type": "text/event-stream" }, route: "queue" });
    const resumed = watch(client.queue.subscribe$("acme/held", { requestId: request_id, mode: "streaming", pollInterval: 1 }));
    await until(() => resumed.events.length === 1, "the first polled status");
    gates.open("fallback");
    await until(resumed.ended, "the end");
    expect(resumed.briefs()).toEqual(["IN_PROGRESS []", "COMPLETED []", 'result {"name":"fallback"}']);
    const traffic = queueTraffic(emu.emulator.requests, request_id);
    expect(traffic[1]).toBe("GET /acme/held/requests/{id}/status/stream?logs=0");
    expect(traffic[2]).toBe("GET /acme/held/requests/{id}/status?logs=0");
  });

  it("errors with an ApiError carrying errorType and requestId when the request COMPLETED with an error, without fetching the result", async () => {
    emu.emulator.register("acme/flaky", () => {
      throw new EndpointError(503, { detail: "the runner went away", error_type: "runner_disconnected" });
    });
    const events: SubscribeEvent<unknown>[] = [];
    const error = (await errorOf(emu.client().subscribe$("acme/flaky", { pollInterval: 1 }).pipe(tap((e) => events.push(e))))) as ApiError;
    const id = (events[0] as { status: { request_id: string } }).status.request_id;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 503, errorType: "runner_disconnected", requestId: id });
    expect(error.message).toContain("the runner went away");
    expect(error.message).toContain(`/queue/acme/flaky/requests/${id}/status`);
    // The job failed; reading its status did not: no HTTP failure in the message.
    expect(error.message).toMatch(new RegExp(`^fal request ${id} failed \\(runner_disconnected\\): the runner went away`));
    expect(error.message).not.toContain("failed with");
    expect(error.message).not.toContain(TEST_KEY);
    expect(events.map(brief).at(-1)).toBe("COMPLETED [] error=runner_disconnected");
    expect(queueTraffic(emu.emulator.requests, id)).not.toContain("GET /acme/flaky/requests/{id}");
  });

  it("surfaces the stored 422 of a failed run as the ValidationError run$ would give", async () => {
    emu.emulator.register("acme/picky", () => {
      throw new EndpointError(422, { detail: [{ loc: ["body", "prompt"], msg: "Field required", type: "missing" }] });
    });
    const error = (await errorOf(emu.client().subscribe$("acme/picky", { pollInterval: 1 }))) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.getFieldErrors("prompt")).toHaveLength(1);
    expect(error.message).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/queue\/acme\/picky\/requests\/[0-9a-f-]{36} failed with 422: prompt: Field required/);
  });

  it("resumes a request submitted earlier by its id, with the same events from its current status", async () => {
    const client = emu.client();
    const { request_id } = await firstValueFrom(client.queue.submit$("acme/held", { input: { name: "resume", logs: ["one"] } }));
    gates.open("resume");
    await until(() => emu.emulator.job(request_id)?.logs.length === 1, "the job to log");
    const resumed = watch(client.queue.subscribe$("acme/held", { requestId: request_id, logs: true, pollInterval: 1 }));
    await until(() => resumed.events.length === 1, "the current status");
    gates.open("resume");
    await until(resumed.ended, "the end");
    expect(resumed.briefs()).toEqual(["IN_PROGRESS [one]", "COMPLETED [one]", 'result {"name":"resume"}']);
    expect(emu.emulator.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("calls onEnqueue once with the id and onQueueUpdate with every status event", async () => {
    const enqueued: string[] = [];
    const updates: string[] = [];
    const events = await collect(
      emu.client().subscribe$("fal-ai/slow", {
        input: { duration_ms: 10, steps: 1 },
        pollInterval: 1,
        onEnqueue: (id) => enqueued.push(id),
        onQueueUpdate: (status) => updates.push(brief(status)),
      }),
    );
    expect(enqueued).toEqual([(events.at(-1) as { requestId: string }).requestId]);
    expect(updates).toEqual(events.filter((e) => e.type === "status").map(brief));
  });

  it("sends webhookUrl, priority, hint, startTimeout and storageSettings with the submit", async () => {
    // A receiver nobody listens on: the emulator's delivery fails fast and stays off the request log.
    const hook = `http://127.0.0.1:${await closedPort()}/hook?x=1`;
    await collect(
      emu.client().subscribe$("fal-ai/echo", {
        input: { a: 1 },
        webhookUrl: hook,
        priority: "low",
        hint: "gpu-a",
        startTimeout: 30,
        storageSettings: { expiresIn: "1h" },
        pollInterval: 1,
      }),
    );
    const [submit] = emu.emulator.requests;
    expect(submit!.url).toBe(`/queue/fal-ai/echo?fal_webhook=${encodeURIComponent(hook)}`);
    expect(submit!.headers).toMatchObject({
      "x-fal-queue-priority": "low",
      "x-fal-runner-hint": "gpu-a",
      "x-fal-request-timeout": "30",
      "x-fal-object-lifecycle-preference": JSON.stringify({ expiration_duration_seconds: 3600 }),
      authorization: `Key ${TEST_KEY}`,
    });
    expect(JSON.parse(submit!.body.toString())).toEqual({ a: 1 });
  });

  it("lets the fal singleton read its config at subscribe time, for subscribe$ and queue", async () => {
    const subscribed$ = fal.subscribe$("fal-ai/echo", { input: { via: "singleton" }, pollInterval: 1 });
    const submitted$ = fal.queue.submit$("fal-ai/echo", { input: {} });
    fal.config({ credentials: TEST_KEY, baseUrls: emu.emulator.baseUrls });
    expect((await collect(subscribed$)).at(-1)).toMatchObject({ type: "result", data: { via: "singleton" } });
    expect((await firstValueFrom(submitted$)).request_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("gives just the output with result(), the port of `await fal.subscribe(...)`", async () => {
    const output = await lastValueFrom(emu.client().subscribe$("fal-ai/echo", { input: { just: "this" }, pollInterval: 1 }).pipe(result()));
    expect(output).toEqual({ just: "this" });
  });

  it("is cold: nothing is sent before subscribe", async () => {
    const source$ = emu.client().subscribe$("fal-ai/echo", { input: {} });
    await new Promise((resolve) => setImmediate(resolve));
    expect(emu.emulator.requests).toHaveLength(0);
    await collect(source$);
    expect(emu.emulator.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it.each([
    ["pollInterval", { pollInterval: -1 }, "ms >= 0"],
    ["mode", { mode: "websocket" }, '"polling" or "streaming"'],
    ["timeout", { timeout: 0 }, "ms > 0"],
    ["webhookUrl", { webhookUrl: "/relative" }, "absolute http(s) URL"],
    ["priority", { priority: "urgent" }, '"normal" or "low"'],
    ["requestId", { requestId: "" }, "request id"],
    ["startTimeout", { startTimeout: 1 }, "greater than 1"],
  ])("errors with InvalidOptionError for a bad %s, sending nothing", async (name, options, accepted) => {
    const error = await errorOf(emu.client().subscribe$("fal-ai/echo", options as never));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toContain(name);
    expect(error.message).toContain(accepted);
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("errors with InvalidEndpointIdError for an id that is not one, without throwing", async () => {
    const error = await errorOf(emu.client().subscribe$("not an id"));
    expect(error).toBeInstanceOf(InvalidEndpointIdError);
    expect(emu.emulator.requests).toHaveLength(0);
  });
});
