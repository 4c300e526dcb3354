import { falProxyFetch } from "../../src/server/index";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { collect, firstValueFrom, until } from "../support/observe";
import { browserClient, fetchApiServer, useServer } from "../support/servers";

/** falProxyFetch, as a fetch-API server (Hono, Next.js, Deno, Bun) runs it, in front of the emulator. */
describe("falProxyFetch", () => {
  const emu = useEmulator();
  const authorized: Request[] = [];
  const proxy = () =>
    falProxyFetch({
      baseUrls: emu.emulator.baseUrls,
      credentials: TEST_KEY,
      allowEndpoints: ["fal-ai/*", "acme/*"],
      authorize: (request) => {
        authorized.push(request);
        return request.headers.get("x-fal-target-url")?.includes("forbidden") !== true;
      },
      maxBodySize: 64,
    });
  const server = useServer(() => fetchApiServer(proxy()));
  const client = () => browserClient(emu.emulator, `${server.url}/api/fal/proxy`);
  beforeEach(() => (authorized.length = 0));

  it("runs run$ with the key added, asking authorize with the Request", async () => {
    const { data } = await firstValueFrom(client().run$("fal-ai/echo", { input: { via: "fetch" } }));
    expect(data).toEqual({ via: "fetch" });
    expect(authorized).toHaveLength(1);
    expect(authorized[0]).toBeInstanceOf(Request);
    expect(emu.emulator.requests[0]!.headers.authorization).toBe(`Key ${TEST_KEY}`);
  });

  it("passes stream$'s partials on as they come, not once the stream is over", async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    emu.emulator.register("acme/gated", {
      run: () => ({}),
      async *stream() {
        yield { step: 1 };
        await released;
        yield { step: 2 };
      },
    });
    const seen: unknown[] = [];
    let completed = false;
    client().stream$("acme/gated").subscribe({ next: (event) => seen.push(event), complete: () => (completed = true) });
    await until(() => seen.length === 1, "the first partial");
    expect(completed).toBe(false);
    release();
    await until(() => completed, "the stream to complete");
    expect(seen.at(-1)).toMatchObject({ type: "result", data: { step: 2 } });
  });

  it("runs subscribe$ to its result", async () => {
    const events = await collect(client().subscribe$("fal-ai/echo", { input: { queued: 1 } }));
    expect(events.at(-1)).toMatchObject({ type: "result", data: { queued: 1 } });
  });

  it("answers refusals as JSON Responses, forwarding nothing", async () => {
    const handle = proxy();
    const ask = (target: string, body = "{}") => handle(new Request("http://app.test/api/fal/proxy", { method: "POST", headers: { "x-fal-target-url": target }, body }));
    const answers = await Promise.all([
      ask("https://evil.example/fal-ai/echo"),
      ask(`${emu.emulator.baseUrls.run}/fal-ai/forbidden`),
      ask(`${emu.emulator.baseUrls.run}/fal-ai/echo`, JSON.stringify({ pad: "x".repeat(100) })),
      handle(new Request("http://app.test/api/fal/proxy", { method: "POST", body: "{}" })),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([403, 401, 413, 400]);
    expect(answers.map((answer) => answer.headers.get("content-type"))).toEqual(Array(4).fill("application/json"));
    for (const answer of answers) expect(await answer.json()).toEqual({ detail: expect.any(String) });
    expect(emu.emulator.requests).toEqual([]);
  });
});
