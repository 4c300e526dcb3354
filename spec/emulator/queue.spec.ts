import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { EndpointError, EndpointResponse, scripted, startEmulator } from "../../src/emulator/index";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { until } from "../support/observe";
import { gatedEndpoint, Gates } from "../queue/gates";

describe("the emulator's queue", () => {
  const gates = new Gates();
  const emu = useEmulator({
    queue: { concurrency: { "acme/one": 1 }, keepAliveMs: 10 },
    endpoints: { "acme/one": gatedEndpoint(gates), "acme/held": gatedEndpoint(gates) },
  });

  /** A raw call with the key, as any fal client makes it. */
  async function call(method: string, path: string, body?: unknown) {
    const url = path.startsWith("http") ? path : `${emu.emulator.baseUrls.queue}${path}`;
    const response = await fetch(url, {
      method,
      headers: { authorization: `Key ${TEST_KEY}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined, text };
  }
  const submit = async (id: string, input: unknown, query = "") => (await call("POST", `/${id}${query}`, input)).json;
  const statusOf = async (answer: { status_url: string }, logs = false) => call("GET", `${answer.status_url}?logs=${logs ? 1 : 0}`);

  it("answers a submit with the request id, its queue position and absolute URLs", async () => {
    const { status, json, headers } = await call("POST", "/fal-ai/echo", { a: 1 });
    const base = `${emu.emulator.baseUrls.queue}/fal-ai/echo/requests/${json.request_id}`;
    expect(status).toBe(200);
    expect(json).toEqual({ status: "IN_QUEUE", queue_position: 0, request_id: expect.any(String), response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel` });
    expect(headers.get("x-fal-request-id")).toBe(json.request_id);
  });

  it("answers status 202 while waiting and running, 200 once done, with logs only for logs=1", async () => {
    const ahead = await submit("acme/one", { name: "one-ahead" });
    const job = await submit("acme/one", { name: "one-job", logs: ["hello"] });
    expect(await statusOf(job)).toMatchObject({ status: 202, json: { status: "IN_QUEUE", queue_position: 0, logs: null } });
    gates.open("one-ahead");
    await until(() => emu.emulator.job(job.request_id)?.status === "IN_PROGRESS", "the job to start");
    gates.open("one-job");
    await until(() => emu.emulator.job(job.request_id)?.logs.length === 1, "a log line");
    expect((await statusOf(job)).json).toMatchObject({ status: "IN_PROGRESS", logs: null });
    const withLogs = await statusOf(job, true);
    expect(withLogs.status).toBe(202);
    expect(withLogs.json.logs).toEqual([{ message: "hello", level: "INFO", source: "user", timestamp: expect.any(String) }]);
    gates.open("one-job");
    await until(() => emu.emulator.job(job.request_id)?.status === "COMPLETED", "the job to end");
    const done = await statusOf(job, true);
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ status: "COMPLETED", logs: [{ message: "hello" }], metrics: { inference_time: expect.any(Number) } });
    expect(done.json.error).toBeUndefined();
  });

  it("moves queue positions as the jobs ahead start, normal priority before low", async () => {
    const first = await submit("acme/one", { name: "pos-1" });
    await until(() => emu.emulator.job(first.request_id)?.status === "IN_PROGRESS", "the first job to start");
    const low = await fetch(`${emu.emulator.baseUrls.queue}/acme/one`, {
      method: "POST",
      headers: { authorization: `Key ${TEST_KEY}`, "x-fal-queue-priority": "low" },
      body: JSON.stringify({ name: "pos-low" }),
    }).then((response) => response.json() as Promise<{ status_url: string; request_id: string }>);
    const normal = await submit("acme/one", { name: "pos-2" });
    const position = async (job: { status_url: string }) => (await statusOf(job)).json.queue_position;
    expect([await position(normal), await position(low)]).toEqual([0, 1]);
    gates.open("pos-1");
    await until(() => emu.emulator.job(normal.request_id)?.status === "IN_PROGRESS", "the next job to start");
    expect(await position(low)).toBe(0);
    gates.open("pos-2");
    gates.open("pos-low");
    await until(() => emu.emulator.job(low.request_id)?.status === "COMPLETED", "all to end");
  });

  it("streams status changes with log deltas and keep-alive comments, and ends after COMPLETED", async () => {
    const job = await submit("acme/held", { name: "sse", logs: ["a", "b"] });
    await until(() => emu.emulator.job(job.request_id)?.status === "IN_PROGRESS", "the job to start");
    const response = await fetch(`${job.status_url}/stream?logs=1`, { headers: { authorization: `Key ${TEST_KEY}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    let text = "";
    const decoder = new TextDecoder();
    const reading = (async () => {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
    })();
    const events = () => [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as { status: string; logs: { message: string }[] });
    await until(() => text.includes(": keep-alive\n\n"), "a keep-alive comment");
    for (let seen = 1; seen <= 3; seen++) {
      await until(() => events().length === seen, `event #${seen}`);
      gates.open("sse");
    }
    await reading;
    expect(events().map((e) => [e.status, e.logs.map((l) => l.message)])).toEqual([
      ["IN_PROGRESS", []],
      ["IN_PROGRESS", ["a"]],
      ["IN_PROGRESS", ["b"]],
      ["COMPLETED", []],
    ]);
  });

  it("streams a waiting job's position as the jobs ahead of it start", async () => {
    const ahead = await submit("acme/one", { name: "sp-ahead" });
    const next = await submit("acme/one", { name: "sp-next" });
    const job = await submit("acme/one", { name: "sp-job" });
    await until(() => emu.emulator.job(ahead.request_id)?.status === "IN_PROGRESS", "the job ahead to start");
    const response = await fetch(`${job.status_url}/stream`, { headers: { authorization: `Key ${TEST_KEY}` } });
    let text = "";
    const decoder = new TextDecoder();
    const reading = (async () => {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
    })();
    const events = () => [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as { status: string; queue_position?: number });
    for (const [seen, gate] of [[1, "sp-ahead"], [2, "sp-next"], [3, "sp-job"]] as const) {
      await until(() => events().length === seen, `event #${seen}`);
      gates.open(gate);
    }
    await reading;
    expect(events().map((e) => [e.status, e.queue_position])).toEqual([
      ["IN_QUEUE", 1],
      ["IN_QUEUE", 0],
      ["IN_PROGRESS", undefined],
      ["COMPLETED", undefined],
    ]);
    expect(emu.emulator.job(next.request_id)?.status).toBe("COMPLETED");
  });

  it("answers the result route with the output once done, and 400 before", async () => {
    const job = await submit("acme/held", { name: "res" });
    expect(await call("GET", job.response_url)).toMatchObject({ status: 400, json: { detail: "Request is still in progress" } });
    gates.open("res");
    await until(() => emu.emulator.job(job.request_id)?.status === "COMPLETED", "the job to end");
    const result = await call("GET", job.response_url);
    expect(result).toMatchObject({ status: 200, json: { name: "res" } });
    expect(result.headers.get("x-fal-request-id")).toBe(job.request_id);
  });

  it("keeps a non-JSON output as the model returned it", async () => {
    emu.emulator.register("acme/text", () => new EndpointResponse(200, "plain words", { "content-type": "text/plain" }));
    const job = await submit("acme/text", {});
    await until(() => emu.emulator.job(job.request_id)?.status === "COMPLETED", "the job to end");
    const raw = await fetch(job.response_url, { headers: { authorization: `Key ${TEST_KEY}` } });
    expect([raw.status, raw.headers.get("content-type"), await raw.text()]).toEqual([200, "text/plain", "plain words"]);
  });

  it("cancels a queued job at once, reporting it COMPLETED with client_cancelled", async () => {
    const ahead = await submit("acme/one", { name: "cx-ahead" });
    const job = await submit("acme/one", { name: "cx-job" });
    expect(await call("PUT", job.cancel_url)).toMatchObject({ status: 202, json: { status: "CANCELLATION_REQUESTED" } });
    expect((await statusOf(job)).json).toMatchObject({ status: "COMPLETED", error: "Request was cancelled", error_type: "client_cancelled" });
    expect(await call("GET", job.response_url)).toMatchObject({ status: 499, json: { error_type: "client_cancelled" } });
    expect(await call("PUT", job.cancel_url)).toMatchObject({ status: 400, json: { status: "ALREADY_COMPLETED" } });
    gates.open("cx-ahead");
    await until(() => emu.emulator.job(ahead.request_id)?.status === "COMPLETED", "the job ahead to end");
  });

  it("signals a running job, which ends cancelled when its handler honours the signal", async () => {
    const job = await submit("acme/held", { name: "cx-run" });
    await until(() => emu.emulator.job(job.request_id)?.status === "IN_PROGRESS", "the job to start");
    expect((await call("PUT", job.cancel_url)).status).toBe(202);
    await until(() => emu.emulator.job(job.request_id)?.status === "COMPLETED", "the job to end");
    expect(emu.emulator.job(job.request_id)).toMatchObject({ cancelled: true, outcome: { status: 499 } });
  });

  it("answers 404 for an unknown request, or one asked for under another app", async () => {
    const job = await submit("fal-ai/echo", {});
    expect((await call("GET", `/fal-ai/echo/requests/nope/status`)).status).toBe(404);
    expect((await call("GET", `/acme/held/requests/${job.request_id}/status`)).status).toBe(404);
    expect((await call("PUT", `/fal-ai/echo/requests/nope/cancel`)).status).toBe(404);
  });

  it("reports a 5xx failure on the COMPLETED status, and keeps a 4xx for the result route", async () => {
    emu.emulator.register("acme/broken", () => {
      throw new Error("CUDA out of memory");
    });
    emu.emulator.register("acme/picky", () => {
      throw new EndpointError(422, { detail: [{ loc: ["body", "prompt"], msg: "Field required", type: "missing" }] });
    });
    const broken = await submit("acme/broken", {});
    const picky = await submit("acme/picky", {});
    const ended = (job: { request_id: string }) => emu.emulator.job(job.request_id)?.status === "COMPLETED";
    await until(() => ended(broken) && ended(picky), "both to end");
    expect((await statusOf(broken)).json).toMatchObject({ status: "COMPLETED", error: "CUDA out of memory", error_type: "runner_server_error" });
    expect(await call("GET", broken.response_url)).toMatchObject({ status: 500, json: { error_type: "runner_server_error" } });
    expect((await statusOf(picky)).json.error).toBeUndefined();
    expect(await call("GET", picky.response_url)).toMatchObject({ status: 422, json: { detail: [{ msg: "Field required" }] } });
  });

  it("rejects a submit with 429 when fal_max_queue_length is reached", async () => {
    const ahead = await submit("acme/one", { name: "full-1" });
    await until(() => emu.emulator.job(ahead.request_id)?.status === "IN_PROGRESS", "the first job to start");
    const waiting = await submit("acme/one", { name: "full-2" });
    const refused = await call("POST", "/acme/one?fal_max_queue_length=1", { name: "full-3" });
    expect(refused.status).toBe(429);
    gates.open("full-1");
    gates.open("full-2");
    await until(() => emu.emulator.job(waiting.request_id)?.status === "COMPLETED", "both to end");
  });

  it("fails a job still waiting when its x-fal-request-timeout runs out, with fal's user timeout", async () => {
    const ahead = await submit("acme/one", { name: "st-ahead" });
    const late = await fetch(`${emu.emulator.baseUrls.queue}/acme/one`, {
      method: "POST",
      headers: { authorization: `Key ${TEST_KEY}`, "x-fal-request-timeout": "0.02" },
      body: JSON.stringify({ name: "st-late" }),
    }).then((response) => response.json() as Promise<{ request_id: string; status_url: string; response_url: string }>);
    await until(() => emu.emulator.job(late.request_id)?.status === "COMPLETED", "the start timeout");
    expect((await statusOf(late)).json).toMatchObject({ status: "COMPLETED", error_type: "request_timeout" });
    const result = await call("GET", late.response_url);
    expect([result.status, result.headers.get("x-fal-request-timeout-type")]).toEqual([504, "user"]);
    gates.open("st-ahead");
    await until(() => emu.emulator.job(ahead.request_id)?.status === "COMPLETED", "the job ahead to end");
  });

  it("applies faults to queue routes too", async () => {
    const job = await submit("fal-ai/echo", {});
    emu.emulator.fail({ type: "status", status: 500, route: "queue", endpoint: "fal-ai/echo" });
    expect((await statusOf(job)).status).toBe(500);
    expect((await statusOf(job)).status).toBe(200);
  });

  it("requires the key on queue routes", async () => {
    const response = await fetch(`${emu.emulator.baseUrls.queue}/fal-ai/echo`, { method: "POST", body: "{}" });
    expect(response.status).toBe(401);
  });

  it("runs scripted endpoints with their duration and log script", async () => {
    emu.emulator.register("acme/script", scripted({ durationMs: 30, logs: ["start", { message: "late", level: "WARN", atMs: 20 }], output: (input: unknown) => ({ echoed: input }) }));
    const job = await submit("acme/script", { x: 1 });
    await until(() => emu.emulator.job(job.request_id)?.status === "COMPLETED", "the job to end");
    const done = emu.emulator.job(job.request_id)!;
    expect(done.logs.map((l) => [l.message, l.level])).toEqual([["start", "INFO"], ["late", "WARN"]]);
    expect(done.inferenceTime).toBeGreaterThanOrEqual(0.025);
    expect((await call("GET", job.response_url)).json).toEqual({ echoed: { x: 1 } });
  });

  describe("webhooks", () => {
    const received: unknown[] = [];
    const receiver = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        received.push(JSON.parse(body));
        res.end();
      });
    });
    let hook = "";
    beforeAll(async () => {
      await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
      hook = encodeURIComponent(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`);
    });
    afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
    beforeEach(() => (received.length = 0));

    it("POSTs the result to fal_webhook when a job ends", async () => {
      const job = await submit("fal-ai/echo", { a: 1 }, `?fal_webhook=${hook}`);
      await until(() => received.length === 1, "the webhook");
      expect(received[0]).toEqual({ request_id: job.request_id, gateway_request_id: job.request_id, status: "OK", payload: { a: 1 }, error: null, payload_error: null });
    });

    it("POSTs status ERROR with the error body when a job fails", async () => {
      emu.emulator.register("acme/bad", () => {
        throw new EndpointError(422, { detail: "bad input" });
      });
      await submit("acme/bad", {}, `?fal_webhook=${hook}`);
      await until(() => received.length === 1, "the webhook");
      expect(received[0]).toMatchObject({ status: "ERROR", payload: { detail: "bad input" }, error: "Invalid status code: 422" });
    });
  });

  it("builds returned URLs on publicUrl when given", async () => {
    const other = await startEmulator({ queue: { publicUrl: "https://queue.example.test" } });
    try {
      const response = await fetch(`${other.baseUrls.queue}/fal-ai/echo`, { method: "POST", body: "{}" });
      const json = (await response.json()) as { status_url: string; request_id: string };
      expect(json.status_url).toBe(`https://queue.example.test/fal-ai/echo/requests/${json.request_id}/status`);
    } finally {
      await other.close();
    }
  });
});
