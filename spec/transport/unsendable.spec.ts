import { firstValueFrom } from "rxjs";
import { ApiError, InvalidOptionError, NetworkError } from "../../src/index";
import { useEmulator } from "../support/emulator";
import { errorOf } from "../support/observe";

/** Requests fetch could never send: typed errors before anything leaves, never retried, no secret in them. */
describe("a request that can never be sent", () => {
  const emu = useEmulator();
  const SECRET = "key-id:key-secret-value";

  it("errors with InvalidOptionError naming credentials, never the key, for a key with a line break, asking for it once", async () => {
    let asked = 0;
    const credentials = () => {
      asked++;
      return SECRET.replace(":", "\n");
    };
    const error = await errorOf(emu.client({ credentials }).run$("fal-ai/echo", { input: {} }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe("credentials");
    expect(error.message).toContain("a key without line breaks");
    expect(`${error.message}${error.stack}${JSON.stringify(error)}`).not.toMatch(/key-secret-value|key-id/);
    expect(asked).toBe(1);
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("errors with InvalidOptionError naming a header whose value fetch refuses, without retrying", async () => {
    const error = await errorOf(emu.client().run$("fal-ai/echo", { input: {}, headers: { "x-note": "caf\u00e9 \u2615" } }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toContain('headers["x-note"]');
    expect(error.message).not.toContain("\u2615");
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("refuses a URL with user:password@, showing it without the password", async () => {
    const base = emu.emulator.baseUrls.run.replace("://", "://user:hunter22@");
    const error = await errorOf(emu.client({ baseUrls: { ...emu.emulator.baseUrls, run: base } }).run$("fal-ai/echo", { input: {} }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toContain(`${emu.emulator.baseUrls.run}/fal-ai/echo`);
    expect(`${error.message}${error.stack}`).not.toContain("hunter22");
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("still sends a good request through the same client", async () => {
    expect((await firstValueFrom(emu.client().run$("fal-ai/echo", { input: { ok: 1 } }))).data).toEqual({ ok: 1 });
  });
});

describe("NetworkError", () => {
  it("scrubs the key and URL user-info from a platform error's message, stack and causes", () => {
    const key = "key-id\nkey-secret-value";
    const platform = new TypeError(`Headers.append: "Key ${key}" is an invalid header value.`, {
      cause: Object.assign(new Error("connect to http://user:hunter22@host failed"), { code: "ECONNREFUSED" }),
    });
    const error = new NetworkError("POST", "https://fal.run/fal-ai/echo", platform, key);
    const cause = error.cause as Error & { cause: Error & { code: string } };
    const everything = [error.message, error.stack, cause.message, cause.stack, cause.cause.message, cause.cause.stack].join("\n");
    expect(everything).not.toMatch(/key-secret-value|key-id|hunter22/);
    expect(error.message).toContain("is an invalid header value");
    expect(cause.name).toBe("TypeError");
    expect(cause.cause.code).toBe("ECONNREFUSED");
    expect(error.beforeSend).toBe(true);
  });

  it("keeps a platform error that holds no secret as it is", () => {
    const platform = new TypeError("fetch failed");
    expect(new NetworkError("GET", "https://fal.run/x", platform, "id:secret").cause).toBe(platform);
  });
});

describe("a request without any key", () => {
  const emu = useEmulator();
  const saved = { FAL_KEY: process.env.FAL_KEY, FAL_KEY_ID: process.env.FAL_KEY_ID, FAL_KEY_SECRET: process.env.FAL_KEY_SECRET };
  beforeEach(() => {
    delete process.env.FAL_KEY;
    delete process.env.FAL_KEY_ID;
    delete process.env.FAL_KEY_SECRET;
  });
  afterEach(() => Object.assign(process.env, Object.fromEntries(Object.entries(saved).filter(([, value]) => value !== undefined))));

  it("says, on the 401, that no key is configured and where keys come from", async () => {
    const error = await errorOf(emu.client({ credentials: () => undefined }).run$("fal-ai/echo", { input: {} }));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(error.message).toContain("no fal key is configured");
    expect(error.message).toContain("FAL_KEY");
    expect(emu.emulator.requests[0]!.headers.authorization).toBeUndefined();
  });

  it("says nothing of keys on a 401 when a key was sent", async () => {
    const error = await errorOf(emu.client({ credentials: "wrong:key" }).run$("fal-ai/echo", { input: {} }));
    expect((error as ApiError).status).toBe(401);
    expect(error.message).not.toContain("no fal key");
  });
});
