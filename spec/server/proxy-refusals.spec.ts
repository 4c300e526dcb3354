import type { IncomingMessage } from "node:http";
import { emulatorBaseUrls } from "../../src/emulator/index";
import { falProxy } from "../../src/server/index";
import { closedPort, TEST_KEY, useEmulator } from "../support/emulator";
import { startServer, useServer } from "../support/servers";

/** Everything the proxy refuses: answered `{detail}`, nothing forwarded, the key in no answer. */
describe("falProxy refusals", () => {
  const emu = useEmulator();
  const proxy = useServer(() =>
    falProxy({
      baseUrls: emu.emulator.baseUrls,
      credentials: TEST_KEY,
      allowEndpoints: ["fal-ai/flux/dev", "acme/tools/*"],
      authorize: (req: IncomingMessage) => req.headers["x-test-user"] === "alice",
      maxBodySize: 1024,
    }),
  );
  const run = (path: string) => `${emu.emulator.baseUrls.run}/${path}`;

  async function call(target: string | undefined, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { "x-test-user": "alice", "content-type": "application/json", ...init.headers };
    if (target !== undefined) headers["x-fal-target-url"] = target;
    const answer = await fetch(`${proxy.url}/api/fal/proxy`, { method: init.method ?? "POST", headers, body: init.body ?? (init.method === "GET" ? undefined : "{}") });
    const text = await answer.text();
    return { status: answer.status, type: answer.headers.get("content-type"), text, detail: (JSON.parse(text) as { detail: string }).detail };
  }

  /** A refusal: the status, a JSON `{detail}` saying `why`, no key in it, nothing forwarded. */
  async function expectRefused(refused: Promise<Awaited<ReturnType<typeof call>>>, status: number, why: RegExp) {
    const answer = await refused;
    expect({ status: answer.status, type: answer.type }).toEqual({ status, type: "application/json" });
    expect(answer.detail).toMatch(why);
    for (const secret of [TEST_KEY, ...TEST_KEY.split(":")]) expect(answer.text).not.toContain(secret);
    expect(emu.emulator.requests).toEqual([]);
  }

  it("forwards an allowed endpoint for an authorised caller (the baseline the refusals differ from)", async () => {
    const answer = await call(run("fal-ai/flux/dev"));
    expect(answer.status).toBe(404); // the emulator has no such model: the call reached it
    expect(emu.emulator.requests).toHaveLength(1);
  });

  it("answers 400 when x-fal-target-url is missing", () => expectRefused(call(undefined), 400, /x-fal-target-url header is missing/));

  it("answers 400 when x-fal-target-url is not a URL", () => expectRefused(call("/relative/path"), 400, /not an absolute URL/));

  it.each([
    ["a foreign host", "https://evil.example/fal-ai/flux/dev", /not on one of this proxy's fal hosts/],
    ["fal's real host, when the proxy forwards to the emulator", "https://fal.run/fal-ai/flux/dev", /not on one of this proxy's fal hosts/],
    ["the emulator's origin outside the three hosts (a signed upload URL)", () => `${emu.emulator.url}/upload/signed/x`, /not on one of this proxy's fal hosts/],
    ["a lookalike path prefix", () => `${emu.emulator.url}/runner/fal-ai/flux/dev`, /not on one of this proxy's fal hosts/],
    ["user-info in the URL", () => run("fal-ai/flux/dev").replace("://", "://user:pass@"), /user:password@/],
    ["a non-http scheme", "file:///etc/passwd", /only http\(s\) targets/],
    ["a ws: URL", () => run("fal-ai/flux/dev").replace("http:", "ws:"), /only http\(s\) targets/],
    ["an escaped slash smuggled into the path", () => run("fal-ai%2Fflux/dev"), /path is not one of fal's/],
    ["an endpoint allowEndpoints does not cover", () => run("fal-ai/flux/pro"), /fal-ai\/flux\/pro is not in this proxy's allowEndpoints/],
    ["another endpoint of an allowed app", () => run("fal-ai/flux"), /allowEndpoints/],
    ["a queue submit to an endpoint not covered", () => `${emu.emulator.baseUrls.queue}/fal-ai/other`, /allowEndpoints/],
    ["the status of another app's request", () => `${emu.emulator.baseUrls.queue}/fal-ai/other/requests/abc/status`, /allowEndpoints/],
    ["a rest route browsers never need", () => `${emu.emulator.baseUrls.rest}/keys`, /only storage uploads and tokens/],
  ] as const)("answers 403 for %s", (_case, target, why) => expectRefused(call(typeof target === "function" ? target() : target), 403, why));

  it("answers 403 for a GET of the storage initiate route (only POST)", () =>
    expectRefused(call(`${emu.emulator.baseUrls.rest}/storage/upload/initiate`, { method: "GET" }), 403, /GET .* only storage uploads and tokens/));

  it("answers 403 for a token for an app allowEndpoints does not cover, and forwards one it does", async () => {
    const tokens = `${emu.emulator.baseUrls.rest}/tokens/`;
    await expectRefused(call(tokens, { body: JSON.stringify({ allowed_apps: ["sdxl"], token_expiration: 120 }) }), 403, /No token for sdxl/);
    const allowed = await call(tokens, { body: JSON.stringify({ allowed_apps: ["flux"], token_expiration: 120 }) });
    expect(allowed.status).toBe(200);
  });

  it("answers 400 for a token request that names no apps", () => expectRefused(call(`${emu.emulator.baseUrls.rest}/tokens/`, { body: "{}" }), 400, /names no allowed_apps/));

  it("answers 401 when authorize says no, before anything is read or forwarded", () =>
    expectRefused(call(run("fal-ai/flux/dev"), { headers: { "x-test-user": "mallory" } }), 401, /Not authorized/));

  it("answers 413 for a body over maxBodySize", () => expectRefused(call(run("fal-ai/flux/dev"), { body: JSON.stringify({ pad: "x".repeat(2000) }) }), 413, /larger than this proxy's limit of 1024 bytes/));

  it("allows the status and result routes of an app one of whose endpoints is allowed", async () => {
    const status = await call(`${emu.emulator.baseUrls.queue}/fal-ai/flux/requests/no-such-id/status`, { method: "GET" });
    expect(status.status).toBe(404);
    expect(emu.emulator.requests).toHaveLength(1);
  });
});

describe("falProxy failures that never show the key", () => {
  const strange = "strange-key-id:strange-key-secret";

  it("answers 502 naming the target, not the key, when fal cannot be reached", async () => {
    const baseUrls = emulatorBaseUrls(`http://127.0.0.1:${await closedPort()}`);
    const server = await startServer(falProxy({ baseUrls, credentials: strange, allowEndpoints: ["*"], allowUnauthenticated: true }));
    try {
      const answer = await fetch(server.url, { method: "POST", headers: { "x-fal-target-url": `${baseUrls.run}/fal-ai/echo` }, body: "{}" });
      const text = await answer.text();
      expect(answer.status).toBe(502);
      expect(JSON.parse(text).detail).toMatch(new RegExp(`POST ${baseUrls.run}/fal-ai/echo failed before an answer.*ECONNREFUSED`));
      for (const secret of [strange, "strange-key-id", "strange-key-secret"]) expect(text).not.toContain(secret);
    } finally {
      await server.close();
    }
  });

  it("answers 502 without quoting a key that is no valid header value", async () => {
    const baseUrls = emulatorBaseUrls("http://127.0.0.1:9");
    const broken = "secret-part-one\nsecret-part-two";
    const server = await startServer(falProxy({ baseUrls, credentials: () => broken, allowEndpoints: ["*"], allowUnauthenticated: true }));
    try {
      const answer = await fetch(server.url, { method: "POST", headers: { "x-fal-target-url": `${baseUrls.run}/fal-ai/echo` }, body: "{}" });
      const text = await answer.text();
      expect(answer.status).toBe(502);
      for (const secret of ["secret-part-one", "secret-part-two"]) expect(text).not.toContain(secret);
    } finally {
      await server.close();
    }
  });

  it("answers 500 when there is no key, and when authorize throws, saying nothing of either", async () => {
    const baseUrls = emulatorBaseUrls("http://127.0.0.1:9");
    const target = { "x-fal-target-url": `${baseUrls.run}/fal-ai/echo` };
    const keyless = await startServer(falProxy({ baseUrls, credentials: () => undefined, allowEndpoints: ["*"], allowUnauthenticated: true }));
    const throwing = await startServer(
      falProxy({
        baseUrls,
        credentials: strange,
        allowEndpoints: ["*"],
        authorize: () => {
          throw new Error(`database down (${strange})`);
        },
      }),
    );
    try {
      const first = await fetch(keyless.url, { method: "POST", headers: target, body: "{}" });
      expect([first.status, ((await first.json()) as { detail: string }).detail]).toEqual([500, expect.stringMatching(/has no fal key/)]);
      const second = await fetch(throwing.url, { method: "POST", headers: target, body: "{}" });
      const text = await second.text();
      expect([second.status, JSON.parse(text).detail]).toEqual([500, "The proxy's authorize check failed"]);
      expect(text).not.toContain("strange");
    } finally {
      await Promise.all([keyless.close(), throwing.close()]);
    }
  });
});
