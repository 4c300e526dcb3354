import { WireFormatError } from "../../src/errors";
import { temporaryToken$ } from "../../src/transport/token";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { errorOf, firstValueFrom } from "../support/observe";

describe("temporaryToken$", () => {
  const emu = useEmulator();

  it("POSTs {allowed_apps: [alias], token_expiration: 120} to {rest}/tokens/ and emits the token", async () => {
    const token = await firstValueFrom(temporaryToken$(emu.client().settings, "any-llm"));
    expect(token).toMatch(/^emulator-jwt\./);
    const [sent] = emu.emulator.requests;
    expect(sent).toMatchObject({ method: "POST", url: "/rest/tokens/" });
    expect(sent!.headers.authorization).toBe(`Key ${TEST_KEY}`);
    expect(JSON.parse(sent!.body.toString())).toEqual({ allowed_apps: ["any-llm"], token_expiration: 120 });
  });

  /** A rest host whose /tokens/ answers `answer`: an emulator app standing in for an odd proxy. */
  const restAnswering = (answer: unknown) => {
    emu.emulator.register("acme/rest/tokens", () => answer);
    return emu.client({ baseUrls: { ...emu.emulator.baseUrls, rest: `${emu.emulator.baseUrls.run}/acme/rest` } }).settings;
  };

  it("unwraps {detail: token}, as older fal proxies answer", async () => {
    expect(await firstValueFrom(temporaryToken$(restAnswering({ detail: "wrapped-token" }), "x"))).toBe("wrapped-token");
  });

  it("errors with WireFormatError when the answer is not a token", async () => {
    const error = await errorOf(temporaryToken$(restAnswering({ nope: true }), "x"));
    expect(error).toBeInstanceOf(WireFormatError);
    expect(error).toMatchObject({ status: 200, method: "POST", path: ["detail"] });
    expect(error.message).toContain("/acme/rest/tokens/ failed with 200: the token answer is not fal's shape: detail: expected a non-empty string, got nothing");
    expect(error.message).not.toContain(TEST_KEY);
  });

  it("never quotes a wrongly shaped token answer, which may hold a token", async () => {
    const error = await errorOf(temporaryToken$(restAnswering({ detail: { token: "jwt-secret-part" } }), "x"));
    expect(error).toBeInstanceOf(WireFormatError);
    expect(error.message).toContain("detail: expected a non-empty string, got a value of type object");
    expect(error.message).not.toContain("jwt-secret-part");
    expect((error as WireFormatError).body).toBeUndefined();
  });
});
