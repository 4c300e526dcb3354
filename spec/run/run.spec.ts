import { Subject, takeUntil } from "rxjs";
import { InvalidEndpointIdError, InvalidOptionError } from "../../src/index";
import { EndpointResponse } from "../../src/emulator/index";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { collect, errorOf, firstValueFrom, until } from "../support/observe";

describe("run$", () => {
  const emu = useEmulator();

  it("POSTs the input as JSON and emits one result with fal's request id", async () => {
    const results = await collect(emu.client().run$("fal-ai/echo", { input: { prompt: "a cat" } }));
    expect(results).toHaveLength(1);
    expect(results[0]!.data).toEqual({ prompt: "a cat" });
    expect(results[0]!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const [sent] = emu.emulator.requests;
    expect(sent!.method).toBe("POST");
    expect(sent!.url).toBe("/run/fal-ai/echo");
    expect(sent!.headers["content-type"]).toBe("application/json");
    expect(sent!.headers.accept).toBe("application/json");
    expect(sent!.headers["user-agent"]).toMatch(/^fal-rx\/\d+\.\d+\.\d+/);
    expect(JSON.parse(sent!.body.toString())).toEqual({ prompt: "a cat" });
  });

  it("is cold: nothing is sent before subscribe, and each subscription sends again", async () => {
    const run$ = emu.client().run$("fal-ai/echo", { input: { n: 1 } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(emu.emulator.requests).toHaveLength(0);
    await firstValueFrom(run$);
    await firstValueFrom(run$);
    expect(emu.emulator.requests).toHaveLength(2);
  });

  it("puts the input in the query string for GET", async () => {
    const { data } = await firstValueFrom(emu.client().run$("fal-ai/echo", { method: "get", input: { prompt: "a b", n: 2 } }));
    expect(data).toEqual({ prompt: "a b", n: "2" });
    expect(emu.emulator.requests[0]!.url).toBe("/run/fal-ai/echo?prompt=a+b&n=2");
    expect(emu.emulator.requests[0]!.body.length).toBe(0);
  });

  it("appends the path and query to the endpoint URL", async () => {
    emu.emulator.register("acme/app/v2", (input) => ({ got: input }));
    const { data } = await firstValueFrom(emu.client().run$("acme/app", { path: "/v2", query: { debug: 1 }, input: {} }));
    expect(data).toEqual({ got: {} });
    expect(emu.emulator.requests[0]!.url).toBe("/run/acme/app/v2?debug=1");
  });

  it("turns startTimeout and storageSettings into fal's headers", async () => {
    await firstValueFrom(
      emu.client().run$("fal-ai/echo", { input: {}, startTimeout: 30, storageSettings: { expiresIn: "1d" }, headers: { "x-fal-runner-hint": "h" } }),
    );
    const { headers } = emu.emulator.requests[0]!;
    expect(headers["x-fal-request-timeout"]).toBe("30");
    expect(JSON.parse(headers["x-fal-object-lifecycle-preference"]!)).toEqual({ expiration_duration_seconds: 86400 });
    expect(headers["x-fal-runner-hint"]).toBe("h");
  });

  it("sends expiresIn: never as no expiration", async () => {
    await firstValueFrom(emu.client().run$("fal-ai/echo", { input: {}, storageSettings: { expiresIn: "never" } }));
    expect(JSON.parse(emu.emulator.requests[0]!.headers["x-fal-object-lifecycle-preference"]!)).toEqual({ expiration_duration_seconds: null });
  });

  it.each([1, 0.5, -3, Number.NaN])("errors the Observable for startTimeout %p, sending nothing", async (startTimeout) => {
    const run$ = emu.client().run$("fal-ai/echo", { input: {}, startTimeout });
    const error = await errorOf(run$);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toContain("startTimeout");
    expect(error.message).toContain("greater than 1");
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("rejects an unknown expiresIn, naming the accepted forms", async () => {
    const error = await errorOf(emu.client().run$("fal-ai/echo", { storageSettings: { expiresIn: "2w" as never } }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toMatch(/storageSettings\.expiresIn: "2w".*1h, 1d/);
  });

  it.each([
    ["method", { method: "fetch" }],
    ["path", { path: "v2" }],
    ["path", { path: 5 }],
  ])("errors the Observable with InvalidOptionError for a bad %s (%j), without throwing or sending", async (option, options) => {
    let run$!: ReturnType<ReturnType<typeof emu.client>["run$"]>;
    expect(() => (run$ = emu.client().run$("fal-ai/echo", options as never))).not.toThrow();
    const error = await errorOf(run$);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(option);
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it.each(["flux", "fal ai/flux", "/fal-ai/flux", ""])("errors for the invalid id %j without throwing or sending", async (id) => {
    let run$!: ReturnType<ReturnType<typeof emu.client>["run$"]>;
    expect(() => (run$ = emu.client().run$(id))).not.toThrow();
    const error = await errorOf(run$);
    expect(error).toBeInstanceOf(InvalidEndpointIdError);
    expect(error.message).toContain(JSON.stringify(id));
    expect(error.message).toContain("owner/alias");
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("accepts a full URL as the endpoint", async () => {
    const { data } = await firstValueFrom(emu.client().run$(`${emu.emulator.baseUrls.run}/fal-ai/echo`, { input: { x: 1 } }));
    expect(data).toEqual({ x: 1 });
    expect(emu.emulator.requests[0]!.headers.authorization).toBe(`Key ${TEST_KEY}`);
  });

  it("aborts the request when unsubscribed mid-run, and the server sees the disconnect", async () => {
    const stop = new Subject<void>();
    let aborted = false;
    emu.emulator.register("acme/hang", async (_input, ctx) => {
      ctx.signal.addEventListener("abort", () => (aborted = true));
      await ctx.sleep(10_000);
      return {};
    });
    const values: unknown[] = [];
    const subscription = emu.client().run$("acme/hang").pipe(takeUntil(stop)).subscribe((v) => values.push(v));
    await until(() => emu.emulator.requests.length === 1, "the request to arrive");
    stop.next();
    await until(() => aborted, "the server to see the abort");
    expect(subscription.closed).toBe(true);
    expect(values).toEqual([]);
  });

  it("returns a text body as text and a binary body as a Blob", async () => {
    emu.emulator.register("acme/text", () => new EndpointResponse(200, "plain words", { "content-type": "text/plain" }));
    emu.emulator.register("acme/bytes", () => new EndpointResponse(200, Buffer.from([1, 2, 3]), { "content-type": "image/png" }));
    expect((await firstValueFrom(emu.client().run$("acme/text"))).data).toBe("plain words");
    const { data } = await firstValueFrom(emu.client().run$<Blob>("acme/bytes"));
    expect(data.type).toBe("image/png");
    expect([...new Uint8Array(await data.arrayBuffer())]).toEqual([1, 2, 3]);
  });
});
