import { formatEndpointId, parseEndpointId } from "../../src/wire/endpoint-id";

describe("parseEndpointId", () => {
  it.each([
    ["fal-ai/flux", { owner: "fal-ai", alias: "flux", path: "" }],
    ["fal-ai/flux/dev", { owner: "fal-ai", alias: "flux", path: "/dev" }],
    ["fal-ai/flux-pro/v1.1/ultra", { owner: "fal-ai", alias: "flux-pro", path: "/v1.1/ultra" }],
    ["workflows/acme/my-flow", { namespace: "workflows", owner: "acme", alias: "my-flow", path: "" }],
    ["comfy/acme/graph/run", { namespace: "comfy", owner: "acme", alias: "graph", path: "/run" }],
    ["12345-my-app", { owner: "12345", alias: "my-app", path: "" }],
  ])("reads %s", (id, expected) => {
    expect(parseEndpointId(id)).toEqual({ namespace: undefined, ...expected });
  });

  it.each(["", "flux", "fal-ai/", "/fal-ai/flux", "fal-ai//flux", "fal ai/flux", "workflows/acme", "fal-ai/flux?x=1", "../etc/passwd"])(
    "rejects %j",
    (id) => {
      expect(parseEndpointId(id)).toBeUndefined();
    },
  );

  it("formats the legacy form as owner/alias", () => {
    expect(formatEndpointId(parseEndpointId("12345-my-app")!)).toBe("12345/my-app");
  });
});
