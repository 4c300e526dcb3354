import { createFalClient, type FetchLike } from "../../src/index";
import type { Emulator } from "../../src/emulator/index";
import { startEmulator } from "../../src/emulator/index";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { startProxy } from "../support/proxy";
import { firstValueFrom, until } from "../support/observe";

describe("where the key goes", () => {
  const emu = useEmulator();
  let foreign: Emulator;
  beforeAll(async () => {
    foreign = await startEmulator();
  });
  afterAll(() => foreign.close());
  beforeEach(() => foreign.reset());

  it("sends Authorization: Key to the configured hosts", async () => {
    await firstValueFrom(emu.client().run$("fal-ai/echo", { input: {} }));
    expect(emu.emulator.requests[0]!.headers.authorization).toBe(`Key ${TEST_KEY}`);
  });

  it("does not send the key to a full URL on another host", async () => {
    const { data } = await firstValueFrom(emu.client().run$(`${foreign.baseUrls.run}/fal-ai/echo`, { input: { a: 1 } }));
    expect(data).toEqual({ a: 1 });
    expect(foreign.requests).toHaveLength(1);
    expect(foreign.requests[0]!.headers.authorization).toBeUndefined();
  });

  it("does not send the key to a host that shares the origin but not the base path", async () => {
    const client = createFalClient({ credentials: TEST_KEY, baseUrls: { run: `${foreign.url}/run`, queue: `${foreign.url}/queue`, rest: `${foreign.url}/rest` } });
    await firstValueFrom(client.run$(`${foreign.url}/run-other/fal-ai/echo`)).catch(() => undefined);
    expect(foreign.requests[0]!.url).toBe("/run-other/fal-ai/echo");
    expect(foreign.requests[0]!.headers.authorization).toBeUndefined();
  });

  it("checks the final URL: middleware that redirects to a foreign host gets no key", async () => {
    const client = emu.client({
      requestMiddleware: async (request) => ({
        ...request,
        url: request.url.replace(emu.emulator.url, foreign.url),
        headers: { ...request.headers, "x-app-trace": "t-1" },
      }),
    });
    await firstValueFrom(client.run$("fal-ai/echo", { input: {} }));
    expect(emu.emulator.requests).toHaveLength(0);
    expect(foreign.requests[0]!.headers.authorization).toBeUndefined();
    expect(foreign.requests[0]!.headers["x-app-trace"]).toBe("t-1");
  });

  it("runs middleware per subscription, not at call time", async () => {
    let calls = 0;
    const run$ = emu.client({ requestMiddleware: async (r) => (calls++, r) }).run$("fal-ai/echo", { input: {} });
    expect(calls).toBe(0);
    await firstValueFrom(run$);
    expect(calls).toBe(1);
  });

  it("reports a middleware failure as the Observable's error", async () => {
    const client = emu.client({ requestMiddleware: () => Promise.reject(new Error("no session")) });
    await expect(firstValueFrom(client.run$("fal-ai/echo"))).rejects.toThrow("no session");
    expect(emu.emulator.requests).toHaveLength(0);
  });

  describe("through a proxy", () => {
    let proxy: Awaited<ReturnType<typeof startProxy>>;
    beforeAll(async () => {
      proxy = await startProxy(TEST_KEY);
    });
    afterAll(() => proxy.close());
    beforeEach(() => (proxy.received.length = 0));

    it("sends the request to the proxy with the real target in x-fal-target-url", async () => {
      const client = createFalClient({ credentials: () => undefined, baseUrls: emu.emulator.baseUrls, proxyUrl: { url: proxy.url, when: "always" } });
      const { data } = await firstValueFrom(client.run$("fal-ai/echo", { input: { via: "proxy" } }));
      expect(data).toEqual({ via: "proxy" });
      expect(proxy.received).toHaveLength(1);
      expect(proxy.received[0]!.headers["x-fal-target-url"]).toBe(`${emu.emulator.baseUrls.run}/fal-ai/echo`);
      expect(proxy.received[0]!.headers.authorization).toBeUndefined();
      expect(emu.emulator.requests[0]!.headers.authorization).toBe(`Key ${TEST_KEY}`);
    });

    it("lets a key the client holds go to the proxy", async () => {
      const client = emu.client({ proxyUrl: { url: proxy.url, when: "always" } });
      await firstValueFrom(client.run$("fal-ai/echo", { input: {} }));
      expect(proxy.received[0]!.headers.authorization).toBe(`Key ${TEST_KEY}`);
    });

    it("fetches a foreign URL directly, not through the proxy, and without the key", async () => {
      const client = emu.client({ proxyUrl: { url: proxy.url, when: "always" } });
      await firstValueFrom(client.run$(`${foreign.baseUrls.run}/fal-ai/echo`, { input: {} }));
      expect(proxy.received).toHaveLength(0);
      expect(foreign.requests[0]!.headers.authorization).toBeUndefined();
    });
  });
});

describe("a custom fetch", () => {
  const emu = useEmulator();

  it("is used for every request, retries included", async () => {
    const seen: string[] = [];
    const tracingFetch: FetchLike = (input, init) => {
      seen.push(`${init.method} ${input}`);
      return fetch(input, init);
    };
    emu.emulator.fail({ type: "unavailable" });
    await firstValueFrom(emu.client({ fetch: tracingFetch }).run$("fal-ai/echo", { input: {} }));
    expect(seen).toEqual([`POST ${emu.emulator.baseUrls.run}/fal-ai/echo`, `POST ${emu.emulator.baseUrls.run}/fal-ai/echo`]);
  });

  it("gets an abort signal that fires when the subscriber leaves", async () => {
    let signal: AbortSignal | undefined;
    let aborted = false;
    emu.emulator.register("acme/hang", async (_input, ctx) => {
      await ctx.sleep(10_000).catch(() => (aborted = true));
      return {};
    });
    const client = emu.client({ fetch: (input, init) => ((signal = init.signal ?? undefined), fetch(input, init)) });
    const subscription = client.run$("acme/hang").subscribe();
    await until(() => emu.emulator.requests.length === 1, "the request to arrive");
    subscription.unsubscribe();
    expect(signal?.aborted).toBe(true);
    await until(() => aborted, "the server to see the abort");
  });
});
