import { firstValueFrom, lastValueFrom } from "rxjs";
import { clientsFor, falRxWithFetchOption } from "./clients";
import { countAborts } from "./counting-fetch";
import { BENCH_KEY, startEmulatorProcess } from "./emulator-process";
import { compare, cpuAndWall, sizeFor, type Contender, type Options, type Row } from "./harness";

/** The concurrent batch: 200 calls at once. */
const BATCH = 200;
/** Reference contenders: fal-rx called another way. */
const LAST = "fal-rx, lastValueFrom";
const FETCH_OPTION = "fal-rx, fetch option";

/**
 * run$ overhead: sequential and 200-concurrent echo calls, vs the official client and raw fetch,
 * each round 200 calls one after the other, then one batch of 200 at once, in 20 rounds.
 *
 * fal-rx is called as users turn it into a Promise: `await firstValueFrom(fal.run$(...))`, which
 * unsubscribes the moment the result arrives (a consumer that stopped at the value used to abort
 * its finished exchange). Also measured in the same rounds, for reference: `lastValueFrom` (waits
 * for completion) and a client given a `fetch` of its own (the tap-abort handler instead of
 * `fromFetch`). Raw fetch is the floor: the same POST and `response.json()`, nothing else.
 */
export async function runBench(options: Options): Promise<Row[]> {
  const emulator = await startEmulatorProcess();
  try {
    // Short rounds, many of them: load from other processes drifts over seconds, and rounds this
    // short (a few hundred ms per contender) let every contender see the same drift.
    const sequential = sizeFor(options, { smoke: 5, quick: 150, full: 200 });
    const rounds = sizeFor(options, { smoke: 1, quick: 10, full: 20 });
    const input = { prompt: "a cat in a spacesuit", seed: 42 };
    const url = `${emulator.baseUrls.run}/fal-ai/echo`;

    const { falRx, official } = clientsFor(emulator.baseUrls);
    const withFetch = falRxWithFetchOption(emulator.baseUrls);
    const raw = async () => {
      const response = await fetch(url, {
        method: "POST",
        headers: { authorization: `Key ${BENCH_KEY}`, "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(input),
      });
      return response.json();
    };
    const calls: Record<string, () => Promise<unknown>> = {
      "fal-rx": () => firstValueFrom(falRx.run$("fal-ai/echo", { input })),
      official: () => official.run("fal-ai/echo", { input }),
      "raw fetch": raw,
      [LAST]: () => lastValueFrom(falRx.run$("fal-ai/echo", { input })),
      [FETCH_OPTION]: () => firstValueFrom(withFetch.run$("fal-ai/echo", { input })),
    };

    const contenders: Contender[] = Object.entries(calls).map(([name, call]) => ({
      name,
      async run() {
        const seq = await cpuAndWall(async () => {
          for (let i = 0; i < sequential; i++) await call();
        });
        const conc = await cpuAndWall(async () => {
          await Promise.all(Array.from({ length: BATCH }, call));
        });
        return {
          seqWallPerCall: (seq.wallMs / sequential) * 1000,
          seqCpuPerCall: (seq.cpuMs / sequential) * 1000,
          concWallPerBatch: conc.wallMs,
          concCpuPerCall: (conc.cpuMs / BATCH) * 1000,
        };
      },
    }));
    const m = await compare(contenders, rounds, sizeFor(options, { smoke: 1, quick: 2, full: 3 }));
    const aborts = await abortsPerCall(calls, sequential);

    const row = (bench: string, metric: string, unit: string, key: string, target: string): Row => ({
      bench,
      metric,
      unit,
      falRx: m["fal-rx"]![key]!,
      official: m.official![key],
      baseline: { name: "raw fetch", value: m["raw fetch"]![key]! },
      references: [LAST, FETCH_OPTION].map((name) => ({ name, value: m[name]![key]! })),
      target,
    });
    return [
      row("run$ sequential", "wall per call", "µs", "seqWallPerCall", "≤ 1.05× raw fetch"),
      row("run$ sequential", "client CPU per call", "µs", "seqCpuPerCall", "≤ 0.9×"),
      row(`run$ ${BATCH} concurrent`, "wall per batch", "ms", "concWallPerBatch", "≤ 0.9×"),
      row(`run$ ${BATCH} concurrent`, "client CPU per call", "µs", "concCpuPerCall", "≤ 0.9×"),
      {
        bench: "run$ sequential + concurrent",
        metric: "AbortController.abort() per call",
        unit: "",
        falRx: aborts["fal-rx"]!,
        official: aborts.official,
        references: [LAST, FETCH_OPTION].map((name) => ({ name, value: aborts[name]! })),
        target: "0",
      },
    ];
  } finally {
    await emulator.close();
  }
}

/**
 * Aborts per call, counted outside the timed rounds (the counter patches AbortController): `n`
 * sequential calls and one concurrent batch per client. A finished exchange is never aborted, so
 * 0 for every way of calling fal-rx.
 */
async function abortsPerCall(calls: Record<string, () => Promise<unknown>>, n: number): Promise<Record<string, number>> {
  const aborts = countAborts();
  try {
    const perCall: Record<string, number> = {};
    for (const [name, call] of Object.entries(calls)) {
      aborts.reset();
      for (let i = 0; i < n; i++) await call();
      await Promise.all(Array.from({ length: BATCH }, call));
      perCall[name] = aborts.count() / (n + BATCH);
    }
    return perCall;
  } finally {
    aborts.restore();
  }
}
