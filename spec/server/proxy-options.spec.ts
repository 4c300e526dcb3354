import { InvalidOptionError } from "../../src/index";
import { falProxy, falProxyFetch, type FalProxyOptions } from "../../src/server/index";

/** A proxy that could not be safe is refused when it is made, at startup, not at its first request. */
describe("falProxy options", () => {
  const made = (options: unknown) => () => falProxy(options as FalProxyOptions<never>);

  function expectRefused(options: unknown, option: string, accepted: RegExp) {
    for (const make of [falProxy, falProxyFetch] as ((options: unknown) => unknown)[]) {
      let error: unknown;
      try {
        make(options);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).toBe(option);
      expect((error as Error).message).toMatch(accepted);
    }
  }

  it("refuses a proxy given neither authorize nor allowUnauthenticated: true", () =>
    expectRefused({ allowEndpoints: ["*"] }, "authorize", /who may spend your fal key, or allowUnauthenticated: true/));

  it("refuses allowUnauthenticated: false without authorize", () => expectRefused({ allowEndpoints: ["*"], allowUnauthenticated: false }, "authorize", /allowUnauthenticated: true/));

  it("refuses authorize and allowUnauthenticated: true together", () =>
    expectRefused({ allowEndpoints: ["*"], authorize: () => true, allowUnauthenticated: true }, "allowUnauthenticated", /not both/));

  it("refuses a proxy without allowEndpoints, or with an empty list", () => {
    expectRefused({ allowUnauthenticated: true }, "allowEndpoints", /\["fal-ai\/flux\/\*"\]/);
    expectRefused({ allowUnauthenticated: true, allowEndpoints: [] }, "allowEndpoints", /non-empty/);
  });

  it.each(["fal-ai", "fal-ai/*/dev", "fal-ai/flux/**", "../x/y", "", 42])("refuses the pattern %p, naming its index", (pattern) =>
    expectRefused({ allowUnauthenticated: true, allowEndpoints: ["fal-ai/flux/dev", pattern] }, "allowEndpoints[1]", /endpoint id/));

  it("names @fal-ai/server-proxy's option allowUnauthorizedRequests and what to use instead", () =>
    expectRefused({ allowEndpoints: ["*"], allowUnauthorizedRequests: true }, "allowUnauthorizedRequests", /allowUnauthenticated/));

  it("refuses a base URL that is not http(s), and a negative maxBodySize", () => {
    expectRefused({ allowEndpoints: ["*"], allowUnauthenticated: true, baseUrls: { run: "ftp://fal.run" } }, "baseUrls.run", /http\(s\)/);
    expectRefused({ allowEndpoints: ["*"], allowUnauthenticated: true, maxBodySize: -1 }, "maxBodySize", /bytes >= 0/);
  });

  it("never shows a credentials value it refuses", () => {
    expect(made({ allowEndpoints: ["*"], allowUnauthenticated: true, credentials: { key: "hidden-secret" } })).toThrow(/credentials: "\[not shown\]"/);
  });

  it("makes a handler from safe options without touching the network or the environment's key", () => {
    const previous = process.env.FAL_KEY;
    delete process.env.FAL_KEY;
    try {
      expect(typeof falProxy({ allowEndpoints: ["fal-ai/flux/*"], authorize: () => true })).toBe("function");
      expect(typeof falProxyFetch({ allowEndpoints: ["*"], allowUnauthenticated: true })).toBe("function");
    } finally {
      if (previous !== undefined) process.env.FAL_KEY = previous;
    }
  });
});
