import { EndpointError, startEmulator } from "../../src/emulator/index";
import { ApiError } from "../../src/index";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { errorOf, firstValueFrom } from "../support/observe";

describe("the emulator", () => {
  const emu = useEmulator();
  const noRetry = () => emu.client({ retry: { maxRetries: 0 } });

  it("serves fal's three hosts under one origin", () => {
    const { url, baseUrls } = emu.emulator;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(baseUrls).toEqual({ run: `${url}/run`, queue: `${url}/queue`, rest: `${url}/rest` });
  });

  it("serves endpoints users register, with their input", async () => {
    emu.emulator.register("acme/upscale", (input: { scale: number }) => ({ width: 64 * input.scale }));
    const { data } = await firstValueFrom(emu.client().run$("acme/upscale", { input: { scale: 2 } }));
    expect(data).toEqual({ width: 128 });
  });

  it("serves endpoints given at start, namespaced ids included", async () => {
    const emulator = await startEmulator({ endpoints: { "workflows/acme/flow": () => ({ ok: 1 }) } });
    try {
      const client = emu.client({ baseUrls: emulator.baseUrls });
      expect((await firstValueFrom(client.run$("workflows/acme/flow"))).data).toEqual({ ok: 1 });
      expect(emulator.requests[0]!.endpoint).toBe("workflows/acme/flow");
    } finally {
      await emulator.close();
    }
  });

  it("answers what a handler throws as EndpointError", async () => {
    emu.emulator.register("acme/picky", () => {
      throw new EndpointError(400, { detail: "bad image", error_type: "bad_request" });
    });
    const error = (await errorOf(noRetry().run$("acme/picky"))) as ApiError;
    expect(error).toMatchObject({ status: 400, errorType: "bad_request" });
  });

  it("requires the key it was started with", async () => {
    const error = (await errorOf(emu.client({ credentials: () => undefined }).run$("fal-ai/echo"))) as ApiError;
    expect(error.status).toBe(401);
    expect(emu.emulator.requests[0]!.headers.authorization).toBeUndefined();
  });

  it("records requests with their endpoint, headers and body", async () => {
    await firstValueFrom(emu.client().run$("fal-ai/echo", { input: { a: 1 } }));
    const [request] = emu.emulator.requests;
    expect(request).toMatchObject({ method: "POST", route: "run", endpoint: "fal-ai/echo", url: "/run/fal-ai/echo" });
    expect(request!.headers.authorization).toBe(`Key ${TEST_KEY}`);
    expect(JSON.parse(request!.body.toString())).toEqual({ a: 1 });
  });

  it("hits only the endpoint a fault is scoped to, as many times as asked", async () => {
    emu.emulator.register("acme/other", () => ({ other: true }));
    emu.emulator.fail({ type: "status", status: 500, endpoint: "acme/other", times: 2 });
    expect((await firstValueFrom(noRetry().run$("fal-ai/echo", { input: { fine: 1 } }))).data).toEqual({ fine: 1 });
    expect(((await errorOf(noRetry().run$("acme/other"))) as ApiError).status).toBe(500);
    expect(((await errorOf(noRetry().run$("acme/other"))) as ApiError).status).toBe(500);
    expect((await firstValueFrom(noRetry().run$("acme/other"))).data).toEqual({ other: true });
  });

  it("answers 404 for a sub-path the app does not have", async () => {
    const error = (await errorOf(noRetry().run$("fal-ai/echo", { path: "/nope" }))) as ApiError;
    expect(error.status).toBe(404);
    expect(error.message).toContain("Path /nope not found");
  });

  it("answers malformed JSON input with a 422", async () => {
    const response = await fetch(`${emu.emulator.baseUrls.run}/fal-ai/echo`, {
      method: "POST",
      headers: { authorization: `Key ${TEST_KEY}`, "content-type": "application/json" },
      body: "{not json",
    });
    expect(response.status).toBe(422);
    expect(JSON.stringify(await response.json())).toContain("Invalid JSON");
  });

  it("refuses to register an id that is not one", () => {
    expect(() => emu.emulator.register("nope", () => ({}))).toThrow(/not an endpoint id/);
  });
});
