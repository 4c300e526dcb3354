import { ApiError, NetworkError } from "../../src/index";
import { closedPort, TEST_KEY, useEmulator } from "../support/emulator";
import { errorOf, firstValueFrom } from "../support/observe";
import { createFalClient } from "../../src/index";

describe("retries over the wire", () => {
  const emu = useEmulator();
  const attempts = () => emu.emulator.requests.filter((r) => r.url === "/run/fal-ai/echo").length;

  it("retries a 503 and emits the result of the attempt that succeeds", async () => {
    emu.emulator.fail({ type: "unavailable", times: 2 });
    const { data } = await firstValueFrom(emu.client().run$("fal-ai/echo", { input: { ok: true } }));
    expect(data).toEqual({ ok: true });
    expect(attempts()).toBe(3);
  });

  it.each([429, 502, 504])("retries a %i", async (status) => {
    emu.emulator.fail({ type: "status", status, times: 1 });
    await firstValueFrom(emu.client().run$("fal-ai/echo", { input: {} }));
    expect(attempts()).toBe(2);
  });

  it("gives up after maxRetries with the last error", async () => {
    emu.emulator.fail({ type: "unavailable", times: 10 });
    const error = (await errorOf(emu.client({ retry: { maxRetries: 2 } }).run$("fal-ai/echo"))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(503);
    expect(error.errorType).toBe("runner_scheduling_failure");
    expect(attempts()).toBe(3);
  });

  it("honours a Retry-After in seconds (the delay itself is pinned by marble tests)", async () => {
    emu.emulator.fail({ type: "unavailable", retryAfter: 0 });
    const { data } = await firstValueFrom(emu.client({ retry: { maxDelay: 50 } }).run$("fal-ai/echo", { input: { a: 1 } }));
    expect(data).toEqual({ a: 1 });
    expect(attempts()).toBe(2);
  });

  it("never retries fal's user timeout (504 + x-fal-request-timeout-type: user)", async () => {
    emu.emulator.fail({ type: "user-timeout", times: 5 });
    const error = (await errorOf(emu.client().run$("fal-ai/echo", { startTimeout: 5 }))) as ApiError;
    expect(error).toMatchObject({ status: 504, userTimeout: true, errorType: "request_timeout" });
    expect(attempts()).toBe(1);
  });

  it("retries any status marked X-Fal-Needs-Retry: 1", async () => {
    emu.emulator.fail({ type: "status", status: 500, headers: { "x-fal-needs-retry": "1" } });
    await firstValueFrom(emu.client().run$("fal-ai/echo", { input: {} }));
    expect(attempts()).toBe(2);
  });

  it.each([400, 401, 404, 422, 500])("does not retry a %i", async (status) => {
    emu.emulator.fail({ type: "status", status, times: 5 });
    const error = await errorOf(emu.client().run$("fal-ai/echo"));
    expect((error as ApiError).status).toBe(status);
    expect(attempts()).toBe(1);
  });

  it("retries a dropped connection and succeeds", async () => {
    emu.emulator.fail({ type: "drop", times: 2 });
    const { data } = await firstValueFrom(emu.client().run$("fal-ai/echo", { input: { x: 1 } }));
    expect(data).toEqual({ x: 1 });
    expect(attempts()).toBe(3);
  });

  it("reports a connection that keeps dropping as a NetworkError after the retries", async () => {
    emu.emulator.fail({ type: "drop", times: 10 });
    const error = (await errorOf(emu.client({ retry: { maxRetries: 1 } }).run$("fal-ai/echo"))) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain(`POST ${emu.emulator.baseUrls.run}/fal-ai/echo failed before an answer`);
    expect(error.message).not.toContain(TEST_KEY);
    expect(attempts()).toBe(2);
  });

  it("reports a refused connection as a NetworkError after retrying", async () => {
    const client = createFalClient({
      credentials: TEST_KEY,
      baseUrls: { run: `http://127.0.0.1:${await closedPort()}` },
      retry: { maxRetries: 2, baseDelay: 1, maxDelay: 2 },
    });
    const error = await errorOf(client.run$("fal-ai/echo"));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it("asks the credentials function again on each retry", async () => {
    const asked: string[] = [];
    emu.emulator.fail({ type: "unavailable", times: 1 });
    await firstValueFrom(emu.client({ credentials: () => (asked.push("k"), TEST_KEY) }).run$("fal-ai/echo", { input: {} }));
    expect(asked).toHaveLength(2);
  });
});
