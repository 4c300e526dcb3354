import { of, throwError } from "rxjs";
import { ApiError, FalError, InvalidOptionError, result, type TokenProvider } from "../../src/index";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { collect, errorOf } from "../support/observe";
import { startProxy } from "../support/proxy";

/** connectionMode "client": a short-lived token in `fal_jwt_token` instead of the key. */
describe('stream$ with connectionMode "client"', () => {
  const emu = useEmulator();
  const input = { text: "token by token", delay_ms: 0 };
  const tokenOf = (url: string) => new URL(url, "http://x").searchParams.get("fal_jwt_token");
  /** What an app's own server does for its tokenProvider: asks fal, with the key. */
  const mintToken = async (alias: string): Promise<string> => {
    const response = await fetch(`${emu.emulator.baseUrls.rest}/tokens/`, {
      method: "POST",
      headers: { authorization: `Key ${TEST_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ allowed_apps: [alias], token_expiration: 120 }),
    });
    return (await response.json()) as string;
  };

  it("asks fal for a token for the app's alias, then streams with it and without the key", async () => {
    const final = await collect(emu.client().stream$("fal-ai/streamer", { input, connectionMode: "client" }).pipe(result()));
    expect(final).toEqual([{ text: "token by token", done: true }]);

    const [tokenRequest, streamRequest] = emu.emulator.requests;
    expect(tokenRequest).toMatchObject({ method: "POST", url: "/rest/tokens/", route: "rest" });
    expect(tokenRequest!.headers.authorization).toBe(`Key ${TEST_KEY}`);
    expect(JSON.parse(tokenRequest!.body.toString())).toEqual({ allowed_apps: ["streamer"], token_expiration: 120 });

    expect(streamRequest!.url.startsWith("/run/fal-ai/streamer/stream?fal_jwt_token=")).toBe(true);
    expect(tokenOf(streamRequest!.url)).toMatch(/^emulator-jwt\./);
    expect(streamRequest!.headers.authorization).toBeUndefined();
  });

  it("uses the tokenProvider instead, telling it the endpoint id and path", async () => {
    const token = await mintToken("streamer");
    const before = emu.emulator.requests.length;
    const asked: string[] = [];
    const final = await collect(
      emu.client({ credentials: () => undefined }).stream$("fal-ai/streamer", {
        input,
        connectionMode: "client",
        tokenProvider: (app) => {
          asked.push(app);
          return Promise.resolve(token);
        },
      }).pipe(result()),
    );
    expect(final).toEqual([{ text: "token by token", done: true }]);
    expect(asked).toEqual(["fal-ai/streamer/stream"]);
    expect(emu.emulator.requests.slice(before).map((r) => r.route)).toEqual(["run"]);
  });

  it("accepts a tokenProvider that returns the token as a plain string", async () => {
    const token = await mintToken("streamer");
    const final = await collect(emu.client().stream$("fal-ai/streamer", { input, connectionMode: "client", tokenProvider: () => token }).pipe(result()));
    expect(final).toEqual([{ text: "token by token", done: true }]);
    expect(tokenOf(emu.emulator.requests.at(-1)!.url)).toBe(token);
  });

  it("accepts a tokenProvider that answers with an Observable", async () => {
    const error = await errorOf(emu.client().stream$("fal-ai/streamer", { input, connectionMode: "client", tokenProvider: () => of("not-a-real-token") }));
    // The emulator refuses the unknown token: proof it was the one sent.
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(tokenOf(emu.emulator.requests[0]!.url)).toBe("not-a-real-token");
  });

  it("keeps the token out of error messages", async () => {
    const error = await errorOf(emu.client().stream$("fal-ai/streamer", { connectionMode: "client", tokenProvider: () => of("secret-token-123") }));
    expect(error.message).toContain("fal_jwt_token=[redacted]");
    expect(error.message).not.toContain("secret-token-123");
    expect((error as ApiError).url).not.toContain("secret-token-123");
  });

  it("refuses a token issued for another app", async () => {
    const token = await mintToken("streamer");
    emu.emulator.register("acme/other", { run: () => ({}), stream: async function* () { yield {}; } });
    const error = await errorOf(emu.client().stream$("acme/other", { connectionMode: "client", tokenProvider: () => of(token) }));
    expect((error as ApiError).status).toBe(401);
    expect(error.message).toContain("not for this app");
  });

  it("gets the token through the proxy, then streams straight to fal", async () => {
    const proxy = await startProxy(TEST_KEY);
    try {
      const client = emu.client({ credentials: () => undefined, proxyUrl: { url: proxy.url, when: "always" } });
      const final = await collect(client.stream$("fal-ai/streamer", { input, connectionMode: "client" }).pipe(result()));
      expect(final).toEqual([{ text: "token by token", done: true }]);
      expect(proxy.received.map((r) => r.headers["x-fal-target-url"])).toEqual([`${emu.emulator.baseUrls.rest}/tokens/`]);
      expect(emu.emulator.requests[1]!.url).toMatch(/^\/run\/fal-ai\/streamer\/stream\?fal_jwt_token=/);
      expect(emu.emulator.requests[1]!.headers["x-fal-target-url"]).toBeUndefined();
    } finally {
      await proxy.close();
    }
  });

  it.each([
    ["an empty string", () => of("")],
    ["nothing", () => of()],
    ["an object", () => Promise.resolve({ token: "x" } as never)],
  ])("errors with InvalidOptionError when the tokenProvider answers %s, sending nothing", async (_what, tokenProvider) => {
    const error = await errorOf(emu.client().stream$("fal-ai/streamer", { connectionMode: "client", tokenProvider }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toContain("tokenProvider");
    expect(error.message).not.toContain('"x"');
    expect(emu.emulator.requests).toHaveLength(0);
  });

  const down = new Error("token server down");
  it.each<[string, TokenProvider]>([
    ["throws", () => {
      throw down;
    }],
    ["rejects", () => Promise.reject(down)],
    ["errors", () => throwError(() => down)],
  ])("errors with a FalError naming the app when the tokenProvider %s, as realtime does, sending nothing", async (_how, tokenProvider) => {
    const error = await errorOf(emu.client().stream$("fal-ai/streamer", { connectionMode: "client", tokenProvider }));
    expect(error.constructor).toBe(FalError);
    expect(error.message).toBe("tokenProvider failed for fal-ai/streamer/stream: token server down");
    expect(error.cause).toBe(down);
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("passes a FalError from the tokenProvider through as it is", async () => {
    const refused = new ApiError({ status: 401, body: { detail: "no" }, url: "https://example.com/api/fal/token", method: "POST" });
    const error = await errorOf(emu.client().stream$("fal-ai/streamer", { connectionMode: "client", tokenProvider: () => throwError(() => refused) }));
    expect(error).toBe(refused);
  });

  it("needs a tokenProvider for a full URL, whose app it cannot tell", async () => {
    const error = await errorOf(emu.client().stream$(`${emu.emulator.baseUrls.run}/fal-ai/streamer`, { connectionMode: "client" }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe("tokenProvider");
  });
});
