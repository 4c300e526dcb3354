import { createFalClient, emulatorBaseUrls } from "../../src/index";
import { startEmulator, type Emulator } from "../../src/emulator/index";
import { collect } from "../support/observe";

/** The emulator's own routes (`control: true`, as `fal-rx emulator` runs it): what a browser test reads from outside. */
describe("the emulator's control routes", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ control: true });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.reset());

  const get = async <T>(path: string): Promise<T> => (await (await fetch(`${emulator.url}/_emulator/${path}`)).json()) as T;
  const fal = () => createFalClient({ baseUrls: emulatorBaseUrls(emulator.url), credentials: "any" });

  it("lists the jobs, with their input, status, logs and outcome", async () => {
    await collect(fal().subscribe$("fal-ai/slow", { input: { duration_ms: 10, steps: 1 }, pollInterval: 5, logs: true }));
    const [job] = await get<Record<string, unknown>[]>("jobs");
    expect(job).toMatchObject({ endpoint: "fal-ai/slow", input: { duration_ms: 10, steps: 1 }, status: "COMPLETED", cancelled: false });
    expect(job!["logs"]).toEqual([expect.objectContaining({ message: "step 1/1" })]);
    expect(job!["outcome"]).toEqual({ status: 200, body: { steps: 1, duration_ms: 10 } });
  });

  it("lists the requests with their text bodies, the key redacted, and leaves itself out of the log", async () => {
    await collect(fal().run$("fal-ai/echo", { input: { prompt: "a cat" } }));
    await get("jobs");
    const requests = await get<{ method: string; url: string; route: string; endpoint: string; headers: Record<string, string>; body: string | null }[]>("requests");
    expect(requests).toEqual([
      expect.objectContaining({ method: "POST", url: "/run/fal-ai/echo", route: "run", endpoint: "fal-ai/echo", body: '{"prompt":"a cat"}' }),
    ]);
    expect(requests[0]!.headers.authorization).toBe("Key [redacted]");
    expect(JSON.stringify(requests)).not.toContain("any");
  });

  it("resets what emulator.reset() does on POST /_emulator/reset", async () => {
    await collect(fal().run$("fal-ai/echo", { input: {} }));
    expect((await fetch(`${emulator.url}/_emulator/reset`, { method: "POST" })).status).toBe(204);
    expect(emulator.requests).toHaveLength(0);
    expect(await get("requests")).toEqual([]);
  });

  it("answers 404 naming its routes for any other path under /_emulator/", async () => {
    const response = await fetch(`${emulator.url}/_emulator/faults`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { detail: string }).detail).toContain("GET /_emulator/requests");
  });

  it("is not served unless asked: an in-process emulator answers /_emulator/ as an unknown path", async () => {
    const plain = await startEmulator();
    try {
      expect((await fetch(`${plain.url}/_emulator/jobs`)).status).toBe(404);
      expect(plain.requests).toHaveLength(1);
    } finally {
      await plain.close();
    }
  });
});

describe("emulatorBaseUrls", () => {
  it("comes from the browser-safe fal-rx entry and ignores a trailing slash", () => {
    expect(emulatorBaseUrls("http://127.0.0.1:4010/")).toEqual({
      run: "http://127.0.0.1:4010/run",
      queue: "http://127.0.0.1:4010/queue",
      rest: "http://127.0.0.1:4010/rest",
    });
  });
});
