import { allowsAlias, allowsApp, allowsEndpoint, endpointPattern, requestRouteApp } from "../../src/server/endpoint-patterns";

const patterns = (...texts: string[]) => texts.map((text) => endpointPattern(text)!);
const path = (text: string) => text.split("/");

/** What an allowEndpoints list lets through (the proxy's loopback specs show it forwarding). */
describe("allowEndpoints patterns", () => {
  it("lets an id cover itself and its /stream route, not the app's other endpoints or paths", () => {
    const list = patterns("fal-ai/flux/dev");
    expect(["fal-ai/flux/dev", "fal-ai/flux/dev/stream"].map((p) => allowsEndpoint(list, path(p)))).toEqual([true, true]);
    expect(["fal-ai/flux", "fal-ai/flux/pro", "fal-ai/flux/dev/other", "fal-ai/flux/devx"].map((p) => allowsEndpoint(list, path(p)))).toEqual([false, false, false, false]);
  });

  it("lets a /* prefix cover itself and everything under it, and * cover all", () => {
    const list = patterns("fal-ai/flux/*");
    expect(["fal-ai/flux", "fal-ai/flux/dev", "fal-ai/flux/dev/stream", "fal-ai/fluxx", "fal-ai/sdxl"].map((p) => allowsEndpoint(list, path(p)))).toEqual([true, true, true, false, false]);
    expect(allowsEndpoint(patterns("*"), path("anyone/anything/at/all"))).toBe(true);
  });

  it("lets the queue's request routes of an app through when an endpoint of the app is allowed", () => {
    expect(allowsApp(patterns("fal-ai/flux/dev"), ["fal-ai", "flux"])).toBe(true);
    expect(allowsApp(patterns("fal-ai/*"), ["fal-ai", "flux"])).toBe(true);
    expect(allowsApp(patterns("fal-ai/flux/dev"), ["fal-ai", "sdxl"])).toBe(false);
    expect(allowsApp(patterns("workflows/acme/flow"), ["workflows", "acme", "flow"])).toBe(true);
  });

  it("finds the app of a request route, namespaces included, and nothing in a submit path", () => {
    expect(requestRouteApp(path("fal-ai/flux/requests/abc/status"))).toEqual(["fal-ai", "flux"]);
    expect(requestRouteApp(path("workflows/acme/flow/requests/abc"))).toEqual(["workflows", "acme", "flow"]);
    expect(requestRouteApp(path("fal-ai/flux/dev"))).toBeUndefined();
    expect(requestRouteApp(path("fal-ai/flux/requests"))).toBeUndefined();
  });

  it("issues tokens only for the aliases the patterns name (any alias under an owner wildcard)", () => {
    expect(allowsAlias(patterns("fal-ai/flux/dev"), "flux")).toBe(true);
    expect(allowsAlias(patterns("fal-ai/flux/dev"), "sdxl")).toBe(false);
    expect(allowsAlias(patterns("fal-ai/*"), "sdxl")).toBe(true);
    expect(allowsAlias(patterns("comfy/acme/flow"), "flow")).toBe(true);
  });

  it.each(["fal-ai", "fal-ai/*/dev", "a//b", "*/flux", "fal-ai/flux/"])("rejects %p", (text) => {
    expect(endpointPattern(text)).toBeUndefined();
  });
});
