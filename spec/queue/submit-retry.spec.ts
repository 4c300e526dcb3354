import { ApiError, NetworkError } from "../../src/index";
import { closedPort, TEST_KEY, useEmulator } from "../support/emulator";
import { errorOf, firstValueFrom } from "../support/observe";

/** docs/queue.md, "When a submit is retried": only when the submit surely was not accepted. */
describe("queue submit retries", () => {
  const emu = useEmulator();
  const submits = () => emu.emulator.requests.filter((r) => r.method === "POST" && r.route === "queue");

  it.each([
    ["429 (queue full)", { type: "status", status: 429 }],
    ["503 (no runner)", { type: "unavailable" }],
    ["a 502 marked X-Fal-Needs-Retry", { type: "status", status: 502, headers: { "x-fal-needs-retry": "1" } }],
  ] as const)("retries after %s: the submit was not accepted", async (_what, fault) => {
    emu.emulator.fail({ ...fault, route: "queue" });
    const answer = await firstValueFrom(emu.client().queue.submit$("fal-ai/echo", { input: {} }));
    expect(answer.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(submits()).toHaveLength(2);
  });

  it.each([502, 504, 500])("does not retry a %i: the job may exist without our knowing its id", async (status) => {
    emu.emulator.fail({ type: "status", status, route: "queue" });
    const error = (await errorOf(emu.client().queue.submit$("fal-ai/echo", { input: {} }))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(status);
    expect(submits()).toHaveLength(1);
  });

  it("does not retry a connection lost after the request was sent", async () => {
    emu.emulator.fail({ type: "drop", route: "queue" });
    const error = (await errorOf(emu.client().queue.submit$("fal-ai/echo", { input: {} }))) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.beforeSend).toBe(false);
    expect(error.message).toContain(`POST ${emu.emulator.baseUrls.queue}/fal-ai/echo failed before an answer`);
    expect(submits()).toHaveLength(1);
  });

  it("retries a refused connection: nothing was sent", async () => {
    let attempts = 0;
    const port = await closedPort();
    const client = emu.client({
      baseUrls: { ...emu.emulator.baseUrls, queue: `http://127.0.0.1:${port}/queue` },
      retry: { maxRetries: 2 },
      requestMiddleware: async (request) => {
        attempts++;
        return request;
      },
    });
    const error = (await errorOf(client.queue.submit$("fal-ai/echo", { input: {} }))) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.beforeSend).toBe(true);
    expect(error.message).toContain(`127.0.0.1:${port}/queue/fal-ai/echo`);
    expect(error.message).not.toContain(TEST_KEY);
    expect(attempts).toBe(3);
  });

  it("leaves run$ as it was: a lost connection is still retried there", async () => {
    emu.emulator.fail({ type: "drop", route: "run" });
    await firstValueFrom(emu.client().run$("fal-ai/echo", { input: {} }));
    expect(emu.emulator.requests.filter((r) => r.route === "run")).toHaveLength(2);
  });
});
