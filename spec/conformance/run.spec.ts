import { ApiError, ValidationError } from "@fal-ai/client";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { officialClient } from "../support/official";

/** The official client against the emulator: proof the emulator speaks fal's protocol. */
describe("@fal-ai/client against the emulator: run", () => {
  const emu = useEmulator();

  it("runs an endpoint and reads the request id", async () => {
    const result = await officialClient(emu.emulator, TEST_KEY).run("fal-ai/echo", { input: { prompt: "hi" } });
    expect(result.data).toEqual({ prompt: "hi" });
    expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(emu.emulator.requests[0]!.headers.authorization).toBe(`Key ${TEST_KEY}`);
  });

  it("gets the 422 it expects, with field errors", async () => {
    emu.emulator.fail({ type: "validation" });
    const error = await officialClient(emu.emulator, TEST_KEY).run("fal-ai/echo", { input: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).getFieldErrors("prompt")).toHaveLength(1);
  });

  it("retries the emulator's 503 and gives up on its user timeout", async () => {
    emu.emulator.fail({ type: "unavailable", times: 1 });
    await officialClient(emu.emulator, TEST_KEY).run("fal-ai/echo", { input: {} });
    expect(emu.emulator.requests).toHaveLength(2);

    emu.emulator.reset();
    emu.emulator.fail({ type: "user-timeout", times: 5 });
    const error = await officialClient(emu.emulator, TEST_KEY).run("fal-ai/echo", { input: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError<unknown>).status).toBe(504);
  });

  it("is refused with a wrong key", async () => {
    const error = await officialClient(emu.emulator, "wrong").run("fal-ai/echo", { input: {} }).catch((e: unknown) => e);
    expect((error as ApiError<unknown>).status).toBe(401);
  });
});
