import { countAborts } from "./counting-fetch";
import { startEmulatorProcess } from "./emulator-process";
import { compare, sizeFor, timeLimits, type Options, type Row } from "./harness";
import { runCalls } from "./run-calls";
import { workerContender } from "./worker-contender";

/** Reference contenders: fal-rx called another way. */
const REFERENCES = ["fal-rx, lastValueFrom", "fal-rx, fetch option"];

/**
 * run$ overhead: sequential and 200-concurrent echo calls, vs the official client and raw fetch;
 * each round 200 calls one after the other, then one batch of 200 at once, 20 rounds.
 *
 * fal-rx is called as users turn it into a Promise: `await firstValueFrom(fal.run$(...))`, which
 * unsubscribes the moment the result arrives (a consumer that stopped at the value used to abort
 * its finished exchange). Also measured in the same rounds, for reference: `lastValueFrom` (waits
 * for completion) and a client given a `fetch` of its own (the tap-abort handler instead of
 * `fromFetch`). Raw fetch is the floor: the same POST and `response.json()`, nothing else
 * (run-calls.ts). Each contender runs in a process of its own, rounds interleaved (worker-contender.ts).
 */
export async function runBench(options: Options): Promise<Row[]> {
  const emulator = await startEmulatorProcess();
  // Short rounds, many of them: load from other processes drifts over seconds, and rounds this
  // short (a few hundred ms per contender) let every contender see the same drift.
  const sequential = sizeFor(options, { smoke: 5, quick: 150, full: 200 });
  // The concurrent batch: 200 calls at once.
  const batch = sizeFor(options, { smoke: 5, quick: 200, full: 200 });
  const rounds = sizeFor(options, { smoke: 1, quick: 10, full: 20 });
  const calls = runCalls(emulator.baseUrls);
  // With --smoke the references are called in this process only (abortsPerCall): their workers
  // would run the same script as fal-rx's, and each process costs about half a second of CPU.
  const measured = Object.keys(calls).filter((name) => !(options.smoke && REFERENCES.includes(name)));
  const contenders = measured.map((name) =>
    workerContender(
      name,
      "run-worker.ts",
      { CALL: name, BASE_URLS: JSON.stringify(emulator.baseUrls), SEQUENTIAL: String(sequential), BATCH: String(batch) },
      timeLimits(options).childMs,
    ),
  );
  try {
    const m = await compare(contenders, rounds, sizeFor(options, { smoke: 1, quick: 2, full: 3 }));
    const aborts = await abortsPerCall(calls, sequential, batch);

    const row = (bench: string, metric: string, unit: string, key: string, target: string): Row => ({
      bench,
      metric,
      unit,
      falRx: m["fal-rx"]![key]!,
      official: m.official![key],
      baseline: { name: "raw fetch", value: m["raw fetch"]![key]! },
      references: REFERENCES.filter((name) => m[name]).map((name) => ({ name, value: m[name]![key]! })),
      target,
    });
    return [
      row("run$ sequential", "wall per call", "µs", "seqWallPerCall", "≤ 1.05× raw fetch"),
      row("run$ sequential", "client CPU per call", "µs", "seqCpuPerCall", "≤ 0.9×"),
      row(`run$ ${batch} concurrent`, "wall per batch", "ms", "concWallPerBatch", "≤ 0.9×"),
      row(`run$ ${batch} concurrent`, "client CPU per call", "µs", "concCpuPerCall", "≤ 0.9×"),
      {
        bench: "run$ sequential + concurrent",
        metric: "AbortController.abort() per call",
        unit: "",
        falRx: aborts["fal-rx"]!,
        official: aborts.official,
        references: REFERENCES.map((name) => ({ name, value: aborts[name]! })),
        target: "0",
      },
    ];
  } finally {
    await Promise.all(contenders.map((contender) => contender.close()));
    await emulator.close();
  }
}

/**
 * Aborts per call, counted in this process outside the timed rounds (the counter patches
 * AbortController): `n` sequential calls and one concurrent batch of `batch` per client. A finished
 * exchange is never aborted, so 0 for every way of calling fal-rx.
 */
async function abortsPerCall(calls: Record<string, () => Promise<unknown>>, n: number, batch: number): Promise<Record<string, number>> {
  const aborts = countAborts();
  try {
    const perCall: Record<string, number> = {};
    for (const [name, call] of Object.entries(calls)) {
      aborts.reset();
      for (let i = 0; i < n; i++) await call();
      await Promise.all(Array.from({ length: batch }, call));
      perCall[name] = aborts.count() / (n + batch);
    }
    return perCall;
  } finally {
    aborts.restore();
  }
}
