import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * The benchmark harness: alternates the clients round by round (so drift in machine load hits
 * both), warms up, repeats, and reports medians and the fal-rx / official ratio.
 */
export interface Options {
  /** Smaller sizes, three measured rounds (see {@link roundsFor}). */
  quick: boolean;
  /** Tiny sizes, one round, nothing written: proves the scripts still run (spec/bench). */
  smoke: boolean;
}

/** Measured rounds per benchmark: 1 with `--smoke`, 3 with `--quick`, 5 for the full run. */
export function roundsFor(options: Options): number {
  return options.smoke ? 1 : options.quick ? 3 : 5;
}

/** Picks a size (count, bytes) for the run's scale: tiny with `--smoke`, smaller with `--quick`. */
export function sizeFor<T>(options: Options, sizes: { smoke: T; quick: T; full: T }): T {
  return options.smoke ? sizes.smoke : options.quick ? sizes.quick : sizes.full;
}

/**
 * How long the harness waits before it calls something hung, fails and kills it: a child process's
 * task (a worker's round, a one-shot measurement) and a whole benchmark. Far beyond what they take
 * (a smoke benchmark takes seconds; the full leaks benchmark, the longest, minutes), well within
 * spec/bench's limit for a smoke run.
 */
export function timeLimits(options: Options): { childMs: number; benchMs: number } {
  return options.smoke ? { childMs: 20_000, benchMs: 40_000 } : { childMs: 300_000, benchMs: 3_600_000 };
}

/**
 * `global.gc`, even when node was started without `--expose-gc` (`npx ts-node ...`): V8's flag set
 * at run time, and `gc` taken from a fresh context, where V8 then defines it.
 */
export function exposeGc(): () => void {
  if (!global.gc) {
    setFlagsFromString("--expose-gc");
    global.gc = runInNewContext("gc") as typeof global.gc;
  }
  return global.gc!;
}

/** Heap in use after two full collections (the second frees what the first's finalizers let go). */
export function settledHeap(): number {
  const gc = exposeGc();
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const MB = 1024 * 1024;

/**
 * Starts watching this process's RSS (sampled every 5 ms, and once more at `stop()`): `stop()`
 * ends the sampling and returns the peak's growth over the RSS at start, in MB. A spike shorter
 * than 5 ms can go unseen; `process.memoryUsage.rss()` is read, not `memoryUsage()`, which would
 * walk the heap on every sample.
 */
export function watchPeakRss(): { stop(): number } {
  const before = process.memoryUsage.rss();
  let peak = before;
  const sample = () => (peak = Math.max(peak, process.memoryUsage.rss()));
  const sampler = setInterval(sample, 5);
  return {
    stop() {
      clearInterval(sampler);
      sample();
      return (peak - before) / MB;
    },
  };
}

/** Now, in epoch ms on the performance clock (fractional): what the emulator stamps events with. */
export const now = () => performance.timeOrigin + performance.now();

/** Resolves after `ms` (bench code may use real timers; the client code under test does not). */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One metric of one benchmark, per client. Lower is better unless `higherIsBetter`. */
export interface Row {
  bench: string;
  metric: string;
  unit: string;
  falRx: number;
  official: number | undefined;
  /** The floor the target may be stated against (raw fetch), when the benchmark has one. */
  baseline?: { name: string; value: number };
  /** Other contenders measured in the same rounds (another way to call fal-rx), for reference. */
  references?: { name: string; value: number }[];
  /** What the row should reach; the grammar `met()` in targets.ts reads is documented there. */
  target?: string;
  higherIsBetter?: boolean;
}

export type Samples = Record<string, number>;

export interface Contender {
  name: "fal-rx" | "official" | string;
  /** One repetition: metric name -> value. `warmup`: a warm-up round, whose samples are dropped. */
  run(round: { warmup: boolean }): Promise<Samples>;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Runs `warmup` unmeasured rounds, then `rounds` measured ones, alternating the contenders'
 * order each round. Returns the median of each metric per contender.
 *
 * No GC is forced between contenders: a full collection throws away optimized code whose embedded
 * objects died ("marking dependent code for deoptimization, reason: weak objects" under
 * `--trace-deopt`: hundreds of functions per collection, rxjs's `Subscriber.next` among them), so
 * the contender after it would run cold. A GC before each contender made fal-rx's run$ look 1.5×
 * as expensive as the official client's in short rounds, against 0.55× without (in-memory fetch,
 * bench/layers.ts). Benchmarks that measure memory collect themselves (settledHeap) and re-warm.
 */
export async function compare(contenders: Contender[], rounds: number, warmup = 1): Promise<Record<string, Samples>> {
  for (let i = 0; i < warmup; i++) for (const c of contenders) await c.run({ warmup: true });
  const collected: Record<string, Record<string, number[]>> = {};
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    for (const contender of order) {
      const samples = await contender.run({ warmup: false });
      for (const [metric, value] of Object.entries(samples)) {
        ((collected[contender.name] ??= {})[metric] ??= []).push(value);
      }
    }
  }
  const medians: Record<string, Samples> = {};
  for (const [name, metrics] of Object.entries(collected)) {
    medians[name] = Object.fromEntries(Object.entries(metrics).map(([metric, values]) => [metric, median(values)]));
  }
  return medians;
}

/** CPU time (user + system) in ms spent by this process during `work`. */
export async function cpuAndWall<T>(work: () => Promise<T>): Promise<{ value: T; cpuMs: number; wallMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await work();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { value, cpuMs: (used.user + used.system) / 1000, wallMs };
}

export function ratio(row: Row): number | undefined {
  return row.official === undefined || row.official === 0 ? undefined : row.falRx / row.official;
}

/**
 * Prints a row as one JSON line (the machine-readable output), tagged with the benchmark that
 * measured it and the run (1-based); `main.ts --from` reads these lines back.
 */
export function emit(row: Row, suite: string, run = 1): void {
  process.stdout.write(`${JSON.stringify({ suite, run, ...row, ratio: ratio(row) })}\n`);
}
