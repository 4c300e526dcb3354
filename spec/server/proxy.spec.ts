import type { IncomingMessage } from "node:http";
import { lastValueFrom, toArray } from "rxjs";
import { result } from "../../src/index";
import { falProxy } from "../../src/server/index";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { collect, firstValueFrom, until } from "../support/observe";
import { browserClient, useServer } from "../support/servers";

/** A fal-rx client holding no key, as a browser has it → falProxy (node:http) → the emulator, all over loopback. */
describe("falProxy in front of the emulator", () => {
  const emu = useEmulator();
  const proxy = useServer(() =>
    falProxy({ baseUrls: emu.emulator.baseUrls, credentials: TEST_KEY, allowEndpoints: ["fal-ai/*", "acme/*"], allowUnauthenticated: true }),
  );
  const client = () => browserClient(emu.emulator, `${proxy.url}/api/fal/proxy`);
  const keyed = () => emu.emulator.requests.every((request) => request.route === "upload" || request.headers.authorization === `Key ${TEST_KEY}`);

  it("runs run$: the proxy adds the key the client never had, and passes x-fal-request-id back", async () => {
    const { data, requestId } = await firstValueFrom(client().run$("fal-ai/echo", { input: { via: "proxy" } }));
    expect(data).toEqual({ via: "proxy" });
    expect(proxy.received).toHaveLength(1);
    expect(proxy.received[0]!.headers.authorization).toBeUndefined();
    expect(proxy.received[0]!.headers["x-fal-target-url"]).toBe(`${emu.emulator.baseUrls.run}/fal-ai/echo`);
    const [sent] = emu.emulator.requests;
    expect(sent).toMatchObject({ method: "POST", url: "/run/fal-ai/echo" });
    expect(sent!.headers.authorization).toBe(`Key ${TEST_KEY}`);
    expect(sent!.headers["x-fal-target-url"]).toBeUndefined();
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("runs subscribe$ through the queue: submit, status and result all through the proxy, all with the key", async () => {
    const events = await collect(client().subscribe$("fal-ai/slow", { input: { duration_ms: 20, steps: 2 }, logs: true, pollInterval: 5 }));
    expect(events.at(-1)).toEqual({ type: "result", data: { steps: 2, duration_ms: 20 }, requestId: expect.any(String) });
    expect(events.filter((event) => event.type === "status").length).toBeGreaterThan(0);
    const routes = emu.emulator.requests.map((request) => `${request.method} ${request.url.split("?")[0]!.replace(/[0-9a-f-]{36}/, "{id}")}`);
    expect(routes[0]).toBe("POST /queue/fal-ai/slow");
    expect(routes.at(-1)).toBe("GET /queue/fal-ai/slow/requests/{id}");
    expect(proxy.received).toHaveLength(emu.emulator.requests.length);
    expect(keyed()).toBe(true);
  });

  it("passes stream$'s partials on while the stream runs: the first arrives before the server sends the rest", async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let serverDone = false;
    emu.emulator.register("acme/gated", {
      run: () => ({}),
      async *stream() {
        yield { step: 1 };
        await released;
        yield { step: 2 };
        serverDone = true;
      },
    });
    const seen: unknown[] = [];
    let completed = false;
    client().stream$("acme/gated").subscribe({ next: (event) => seen.push(event), complete: () => (completed = true) });
    await until(() => seen.length === 1, "the first partial, through the proxy");
    expect(seen).toEqual([{ type: "partial", data: { step: 1 } }]);
    expect(serverDone).toBe(false);
    release();
    await until(() => completed, "the stream to complete");
    expect(seen.at(-1)).toEqual({ type: "result", data: { step: 2 }, requestId: expect.any(String) });
    expect(emu.emulator.requests[0]!.headers.accept).toBe("text/event-stream");
  });

  it("uploads: initiate through the proxy with the key, the bytes straight to the signed URL without it", async () => {
    const url = await firstValueFrom(client().storage.upload$(new Blob(["proxied bytes"], { type: "text/plain" })));
    expect(proxy.received.map((request) => request.headers["x-fal-target-url"])).toEqual([`${emu.emulator.baseUrls.rest}/storage/upload/initiate?storage_type=fal-cdn-v3`]);
    const [initiate, put] = emu.emulator.requests;
    expect(initiate!.headers.authorization).toBe(`Key ${TEST_KEY}`);
    expect(put).toMatchObject({ method: "PUT", route: "upload" });
    expect(put!.headers.authorization).toBeUndefined();
    expect(await (await fetch(url)).text()).toBe("proxied bytes");
  });

  it("passes a queue cancel through, and the job is cancelled", async () => {
    emu.emulator.register("acme/long", async (_input: unknown, ctx) => {
      await ctx.sleep(60_000);
      return {};
    });
    const fal = client();
    const { request_id: requestId } = await firstValueFrom(fal.queue.submit$("acme/long", { input: {} }));
    await until(() => emu.emulator.job(requestId)?.status === "IN_PROGRESS", "the job to run");
    await firstValueFrom(fal.queue.cancel$("acme/long", { requestId }));
    expect(emu.emulator.job(requestId)!.cancelled).toBe(true);
    expect(emu.emulator.requests.at(-1)).toMatchObject({ method: "PUT", url: `/queue/acme/long/requests/${requestId}/cancel` });
    expect(keyed()).toBe(true);
  });

  it("asks for a short-lived token through the proxy for stream$'s client mode, then streams straight from fal", async () => {
    const events = await lastValueFrom(client().stream$("fal-ai/streamer", { input: { text: "a b", delay_ms: 0 }, connectionMode: "client" }).pipe(toArray()));
    expect(events.at(-1)).toMatchObject({ type: "result", data: { text: "a b", done: true } });
    expect(proxy.received.map((request) => request.headers["x-fal-target-url"])).toEqual([`${emu.emulator.baseUrls.rest}/tokens/`]);
    const stream = emu.emulator.requests.find((request) => request.url.includes("/stream"))!;
    expect(stream.headers.authorization).toBeUndefined();
    expect(stream.url).toContain("fal_jwt_token=");
  });

  it("forwards any body's bytes exactly, with its content type, and x-fal-* headers but no cookie or Authorization", async () => {
    const bytes = Buffer.from([0x00, 0xff, 0x7b, 0x20, 0x0a, 0xc3, 0x28, 0x80]);
    const answer = await fetch(`${proxy.url}/api/fal/proxy`, {
      method: "POST",
      headers: {
        "x-fal-target-url": `${emu.emulator.baseUrls.run}/fal-ai/echo`,
        "content-type": "application/octet-stream",
        "x-fal-queue-priority": "low",
        cookie: "session=browser-secret",
        authorization: "Bearer browser-token",
      },
      body: bytes,
    });
    await answer.arrayBuffer();
    const [sent] = emu.emulator.requests;
    expect(Buffer.compare(sent!.body, bytes)).toBe(0);
    expect(sent!.headers["content-type"]).toBe("application/octet-stream");
    expect(sent!.headers["x-fal-queue-priority"]).toBe("low");
    expect(sent!.headers.cookie).toBeUndefined();
    expect(sent!.headers.authorization).toBe(`Key ${TEST_KEY}`);
  });

  it("keeps a JSON body as it was written, whitespace and key order included", async () => {
    const text = '{ "b" : 1,\n  "a": [ 2 ] }';
    await fetch(`${proxy.url}/api/fal/proxy`, {
      method: "POST",
      headers: { "x-fal-target-url": `${emu.emulator.baseUrls.run}/fal-ai/echo`, "content-type": "application/json" },
      body: text,
    }).then((answer) => answer.json());
    expect(emu.emulator.requests[0]!.body.toString()).toBe(text);
  });

  it("passes back fal's status, retry-after and x-fal-* headers of an error, and its body", async () => {
    emu.emulator.fail({ type: "unavailable", retryAfter: 7 });
    const answer = await fetch(`${proxy.url}/api/fal/proxy`, {
      method: "POST",
      headers: { "x-fal-target-url": `${emu.emulator.baseUrls.run}/fal-ai/echo`, "content-type": "application/json" },
      body: "{}",
    });
    expect(answer.status).toBe(503);
    expect(answer.headers.get("retry-after")).toBe("7");
    expect(answer.headers.get("x-fal-error-type")).toBe("runner_scheduling_failure");
    expect(answer.headers.get("content-type")).toContain("application/json");
    expect(await answer.json()).toMatchObject({ error_type: "runner_scheduling_failure" });
  });

  it("subscribe$ through the proxy ends in the result, the same as without it", async () => {
    const output = await lastValueFrom(client().subscribe$("fal-ai/echo", { input: { same: true } }).pipe(result()));
    const direct = await lastValueFrom(emu.client().subscribe$("fal-ai/echo", { input: { same: true } }).pipe(result()));
    expect(output).toEqual(direct);
  });
});

describe("falProxy behind a body parser", () => {
  const emu = useEmulator();
  type Parsed = IncomingMessage & { body?: unknown };
  const forward = () => falProxy<Parsed>({ baseUrls: emu.emulator.baseUrls, credentials: TEST_KEY, allowEndpoints: ["fal-ai/echo"], allowUnauthenticated: true });
  /** What express.raw() and express.json() do: read the stream, leave the body on req.body. */
  const parsed = (parse: (bytes: Buffer) => unknown) => () => {
    const proxy = forward();
    return (req: Parsed, res: Parameters<typeof proxy>[1]) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        req.body = parse(Buffer.concat(chunks));
        proxy(req, res);
      });
    };
  };
  const raw = useServer(parsed((bytes) => bytes));
  const json = useServer(parsed((bytes) => JSON.parse(bytes.toString())));
  const post = (url: string, body: string) =>
    fetch(url, { method: "POST", headers: { "x-fal-target-url": `${emu.emulator.baseUrls.run}/fal-ai/echo`, "content-type": "application/json" }, body }).then((answer) => answer.json());

  it("forwards the bytes a raw parser kept in req.body", async () => {
    expect(await post(raw.url, '{ "raw" : true }')).toEqual({ raw: true });
    expect(emu.emulator.requests[0]!.body.toString()).toBe('{ "raw" : true }');
  });

  it("re-serialises what a JSON parser left in req.body", async () => {
    expect(await post(json.url, '{ "parsed" : [1, 2] }')).toEqual({ parsed: [1, 2] });
    expect(emu.emulator.requests[0]!.body.toString()).toBe('{"parsed":[1,2]}');
  });
});
