import { DEFAULTS, normalizeConfig } from "../src/config";
import { InvalidOptionError } from "../src/errors";

const node = { isBrowser: false };
const browser = { isBrowser: true };

describe("normalizeConfig", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.restoreAllMocks();
  });

  it("applies every default", () => {
    const config = normalizeConfig({}, node);
    expect(config.baseUrls).toEqual(DEFAULTS.baseUrls);
    expect(config.retry).toEqual(DEFAULTS.retry);
    expect(config.proxy).toBeUndefined();
  });

  it("streams upload bodies only in Node with its own fetch", () => {
    expect(normalizeConfig({}, node).streamUploads).toBe(true);
    expect(normalizeConfig({}, browser).streamUploads).toBe(false);
    expect(normalizeConfig({ fetch: (input, init) => fetch(input, init) }, node).streamUploads).toBe(false);
  });

  it("merges a partial retry policy over the defaults", () => {
    expect(normalizeConfig({ retry: { maxRetries: 1 } }, node).retry).toEqual({ ...DEFAULTS.retry, maxRetries: 1 });
  });

  it("reads FAL_KEY from the environment", () => {
    process.env.FAL_KEY = "env-key";
    expect(normalizeConfig({}, node).resolveKey()).toBe("env-key");
  });

  it("falls back to FAL_KEY_ID:FAL_KEY_SECRET", () => {
    delete process.env.FAL_KEY;
    process.env.FAL_KEY_ID = "id";
    process.env.FAL_KEY_SECRET = "secret";
    expect(normalizeConfig({}, node).resolveKey()).toBe("id:secret");
  });

  it("asks a credentials function on every call", () => {
    let n = 0;
    const config = normalizeConfig({ credentials: () => `key-${++n}` }, node);
    expect([config.resolveKey(), config.resolveKey()]).toEqual(["key-1", "key-2"]);
  });

  it("applies a string proxyUrl in browsers only", () => {
    expect(normalizeConfig({ proxyUrl: "/api/fal/proxy" }, browser).proxy).toEqual({ url: "/api/fal/proxy" });
    expect(normalizeConfig({ proxyUrl: "http://localhost/api/fal" }, node).proxy).toBeUndefined();
  });

  it("applies a proxy with when: always, or when its predicate says so", () => {
    expect(normalizeConfig({ proxyUrl: { url: "http://p.test/fal", when: "always" } }, node).proxy).toEqual({ url: "http://p.test/fal" });
    expect(normalizeConfig({ proxyUrl: { url: "http://p.test/fal", when: (env) => !env.isBrowser } }, node).proxy).toBeDefined();
    expect(normalizeConfig({ proxyUrl: { url: "http://p.test/fal", when: () => false } }, node).proxy).toBeUndefined();
  });

  it("warns once when credentials are set in a browser", () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    normalizeConfig({ credentials: "k" }, browser);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain("proxyUrl");
    expect(String(warn.mock.calls[0]![0])).not.toContain("k ");
  });

  it("does not warn when told not to, or outside browsers", () => {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    normalizeConfig({ credentials: "k", suppressLocalCredentialsWarning: true }, browser);
    normalizeConfig({ credentials: "k" }, node);
    expect(warn).not.toHaveBeenCalled();
  });

  it("rejects a base URL that is not a URL, naming the option", () => {
    expect(() => normalizeConfig({ baseUrls: { run: "fal.run" } }, node)).toThrow(InvalidOptionError);
    expect(() => normalizeConfig({ baseUrls: { run: "fal.run" } }, node)).toThrow(/baseUrls\.run/);
  });

  it("rejects a negative retry count", () => {
    expect(() => normalizeConfig({ retry: { maxRetries: -1 } }, node)).toThrow(/retry\.maxRetries: -1/);
  });
});
