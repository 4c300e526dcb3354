import { normalizeConfig } from "../../src/config";
import { mayReceiveKey } from "../../src/transport/credentials";

/** In a browser the proxy is usually a same-origin path; the key check resolves it against the page. */
describe("mayReceiveKey in a browser", () => {
  const page = globalThis as { location?: { href: string } };
  beforeEach(() => (page.location = { href: "https://app.example/studio/page" }));
  afterEach(() => delete page.location);
  const config = () => normalizeConfig({ proxyUrl: "/api/fal/proxy", suppressLocalCredentialsWarning: true }, { isBrowser: true });

  it("lets a relative proxy path on the page's origin receive the key", () => {
    expect(mayReceiveKey("/api/fal/proxy", config())).toBe(true);
    expect(mayReceiveKey("https://app.example/api/fal/proxy", config())).toBe(true);
  });

  it("refuses the same path on another origin, and other paths on the page's origin", () => {
    expect(mayReceiveKey("https://evil.example/api/fal/proxy", config())).toBe(false);
    expect(mayReceiveKey("/api/other", config())).toBe(false);
  });

  it("still lets fal's configured hosts receive it", () => {
    expect(mayReceiveKey("https://queue.fal.run/fal-ai/flux/requests/1/status", config())).toBe(true);
    expect(mayReceiveKey("https://fal.run.evil.example/fal-ai/flux", config())).toBe(false);
  });
});
