import { countAborts } from "./counting-fetch";
import { startEmulatorProcess } from "./emulator-process";
import { compare, median, percentile, roundsFor, sizeFor, timeLimits, type Options, type Row } from "./harness";
import { streamCalls, type StreamCall } from "./stream-calls";
import { workerContender } from "./worker-contender";

/** ms between the paced events of the lag rows. */
const SPACING_MS = 5;

/**
 * stream$: throughput of streams of small events at two lengths (several streams back to back per
 * round: one stream of 2,000 events lasts milliseconds), and per-event delivery lag (receive time
 * minus the server's send time, both on the machine's clock) with events {@link SPACING_MS} ms
 * apart: a percentile per paced stream, the median over the rounds' streams, so one stall of the
 * machine (a process not scheduled for tens of ms on a loaded machine) moves one stream's p99, not
 * the row. The two clients read their paced streams at the same time, each in its own process. How each
 * client reads a stream, and the bare read that is the floor: stream-calls.ts. Each contender runs
 * in a process of its own, rounds interleaved (worker-contender.ts).
 */
export async function streamBench(options: Options): Promise<Row[]> {
  const emulator = await startEmulatorProcess();
  // Events per stream -> streams per round.
  const bulk: [number, number][] = sizeFor(options, {
    smoke: [[20, 1]],
    quick: [[2000, 3], [20_000, 1]],
    full: [[2000, 5], [20_000, 2]],
  });
  const lagEvents = sizeFor(options, { smoke: 5, quick: 100, full: 300 });
  const env = { BASE_URLS: JSON.stringify(emulator.baseUrls), BULK: JSON.stringify(bulk), LAG_EVENTS: String(lagEvents), SPACING_MS: String(SPACING_MS) };
  const worker = (name: string) => workerContender(name, "stream-worker.ts", { ...env, CLIENT: name }, timeLimits(options).childMs);
  const contenders = ["fal-rx", "official", "bare read"].map(worker);
  // Lag in processes that do nothing else: the throughput rounds leave each worker a heap of its
  // own size, whose collections would land in one client's paced stream and not the other's.
  // With --smoke, which times nothing, the throughput workers read the paced streams too.
  const readers = options.smoke ? contenders.slice(0, 2) : ["fal-rx", "official"].map(worker);
  try {
    // Three warm-up rounds: every client's per-event code is compiled before anything is timed.
    const m = await compare(contenders, roundsFor(options), options.smoke ? 1 : 3);
    // Each paced stream's lags apart: a percentile per stream, the median over the streams.
    const lags: Record<string, number[][]> = { "fal-rx": [], official: [] };
    // One unmeasured paced stream first, to compile the path.
    for (let round = -1; round < roundsFor(options); round++) {
      const answers = await Promise.all(readers.map((reader) => reader.ask({ warmup: round < 0, task: "lag" })));
      if (round >= 0) answers.forEach((answer, i) => lags[readers[i]!.name]!.push(answer.extra as number[]));
    }
    const aborts = await abortsPerStream(streamCalls(emulator.baseUrls), bulk[0]![0]);
    const lag = (p: number, name: string) => median(lags[name]!.map((stream) => percentile(stream, p)));
    return [
      ...bulk.map(([events, streams]): Row => ({
        bench: "stream$",
        metric: `throughput, ${streams} stream${streams > 1 ? "s" : ""} of ${events} events`,
        unit: "events/s",
        falRx: m["fal-rx"]![`throughput ${events}`]!,
        official: m.official![`throughput ${events}`],
        baseline: { name: "bare read", value: m["bare read"]![`throughput ${events}`]! },
        target: "≥ 10×",
        higherIsBetter: true,
      })),
      { bench: "stream$", metric: `delivery lag p50 (${lagEvents} events ${SPACING_MS} ms apart)`, unit: "ms", falRx: lag(50, "fal-rx"), official: lag(50, "official") },
      { bench: "stream$", metric: `delivery lag p99 (${lagEvents} events ${SPACING_MS} ms apart)`, unit: "ms", falRx: lag(99, "fal-rx"), official: lag(99, "official"), target: "≤ 1.0×" },
      { bench: "stream$", metric: "AbortController.abort() per stream", unit: "", falRx: aborts["fal-rx"]!, official: aborts.official, target: "0" },
    ];
  } finally {
    await Promise.all([...new Set([...contenders, ...readers])].map((contender) => contender.close()));
    await emulator.close();
  }
}

/** Aborts per stream, counted in this process outside the timed rounds (the counter patches AbortController). */
async function abortsPerStream(calls: Record<string, StreamCall>, events: number): Promise<Record<string, number>> {
  const streams = 5;
  const aborts = countAborts();
  try {
    const perStream: Record<string, number> = {};
    for (const name of ["fal-rx", "official"]) {
      aborts.reset();
      for (let i = 0; i < streams; i++) await calls[name]!({ events, cumulative: false, delay_ms: 0 });
      perStream[name] = aborts.count() / streams;
    }
    return perStream;
  } finally {
    aborts.restore();
  }
}
