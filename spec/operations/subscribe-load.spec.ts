import { filter, lastValueFrom, mergeMap, range, toArray } from "rxjs";
import { useEmulator } from "../support/emulator";

describe("subscribe$ under load", () => {
  const emu = useEmulator();

  it("ends 1,000 concurrent subscriptions on one client each with its own result: none lost, none mixed", async () => {
    const client = emu.client();
    const started = performance.now();
    const outcomes = await lastValueFrom(
      range(0, 1000).pipe(
        mergeMap((n) => {
          let submittedId = "";
          return client.subscribe$<{ n: number }>("fal-ai/echo", { input: { n }, pollInterval: 20 }).pipe(
            filter((event) => {
              if (event.type === "status" && !submittedId) submittedId = event.status.request_id;
              return event.type === "result";
            }),
            mergeMap(async (event) => ({ n, submittedId, event })),
          );
        }),
        toArray(),
      ),
    );
    const elapsed = performance.now() - started;

    expect(outcomes).toHaveLength(1000);
    const mixed = outcomes.filter(({ n, submittedId, event }) => event.type !== "result" || event.data.n !== n || event.requestId !== submittedId);
    expect(mixed).toEqual([]);
    expect(new Set(outcomes.map(({ submittedId }) => submittedId)).size).toBe(1000);
    expect(emu.emulator.requests.filter((r) => r.method === "POST")).toHaveLength(1000);
    // Loopback, one process, 3+ requests per job: a few seconds, dominated by connection setup.
    expect(elapsed).toBeLessThan(30_000);
  }, 40_000);
});
