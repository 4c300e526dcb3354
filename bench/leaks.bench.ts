import { clientsFor } from "./clients";
import { countGlobalFetch } from "./counting-fetch";
import { startEmulatorProcess } from "./emulator-process";
import { compare, exposeGc, settledHeap, sizeFor, sleep, type Contender, type Options, type Row, type Samples } from "./harness";
import { CycleTracker, cycles as cyclesOf, type Mode } from "./leak-cycles";

/** When the leftovers are counted: time for a fire-and-forget cancel to be answered, well under a poll interval. */
const SETTLE_MS = 100;

/**
 * When the heap is measured: past the last cycles' transients (fal-rx: cancel answers in flight;
 * official: timers and streams of 1 s jobs), so growth means memory kept for good.
 */
const DRAIN_MS = 1_500;

/** Cycles in flight at once: a cycle is mostly waiting on loopback, so lanes keep the run short. */
const LANES = 8;

/**
 * Leaks: subscribe-then-unsubscribe cycles (leak-cycles.ts), polling and streaming. Per client and
 * mode: heap growth per cycle after GC, cycles whose objects survive GC, and {@link SETTLE_MS}
 * after the last unsubscribe the timers and sockets still keeping the process alive
 * (`process.getActiveResourcesInfo()`, against a baseline) and calls not settled; plus cancels
 * sent per unsubscribe (counted on the global fetch: fal-rx must send exactly one; the official client none).
 *
 * One measured pass of all the cycles per client and mode, not `roundsFor()` rounds: heap growth
 * per cycle needs one long run to rise above the heap's noise (±1–2 MB between two GCs), and five
 * passes of 20,000 cycles would take most of half an hour.
 */
export async function leaksBench(options: Options): Promise<Row[]> {
  const emulator = await startEmulatorProcess();
  const counter = countGlobalFetch();
  try {
    const count = sizeFor(options, { smoke: 40, quick: 2_000, full: 20_000 });
    const warmup = sizeFor(options, { smoke: 8, quick: 200, full: 500 });
    const drainMs = sizeFor(options, { smoke: 200, quick: DRAIN_MS, full: DRAIN_MS });
    const { falRx, official } = clientsFor(emulator.baseUrls);
    const cycle = cyclesOf(falRx, official);

    const run = async (name: string, mode: Mode, n: number, tracker: CycleTracker) => {
      let started = 0;
      const lane = async () => {
        while (started < n) {
          started++;
          await cycle[name]!(mode, tracker);
        }
      };
      await Promise.all(Array.from({ length: LANES }, lane));
    };

    const measure = async (name: string, mode: Mode): Promise<Samples> => {
      await run(name, mode, warmup, new CycleTracker());
      await sleep(drainMs);
      const heapBefore = settledHeap();
      const resourcesBefore = activeResources();
      counter.reset();
      const tracker = new CycleTracker();
      await run(name, mode, count, tracker);
      await sleep(SETTLE_MS);
      const left = activeResources();
      const unsettled = tracker.unsettled;
      const cancels = counter.counts.cancel;
      await sleep(drainMs - SETTLE_MS);
      const retained = await tracker.retained(exposeGc());
      const heapPerCycle = (settledHeap() - heapBefore) / count;
      // Measured: now let the last calls end before the next measurement starts or the emulator goes.
      await tracker.drained(5_000);
      return {
        heapPerCycle,
        retained,
        timers: Math.max(0, (left.Timeout ?? 0) - (resourcesBefore.Timeout ?? 0)),
        sockets: Math.max(0, (left.TCPSocketWrap ?? 0) - (resourcesBefore.TCPSocketWrap ?? 0)),
        unsettled,
        cancelsPerCycle: cancels / count,
      };
    };

    const contenders: Contender[] = Object.keys(cycle).map((name) => ({
      name,
      async run() {
        const samples: Samples = {};
        for (const mode of ["polling", "streaming"] as const) {
          for (const [metric, value] of Object.entries(await measure(name, mode))) samples[`${mode} ${metric}`] = value;
        }
        return samples;
      },
    }));
    const m = await compare(contenders, 1, 0);
    const [x, o] = [m["fal-rx"]!, m.official!];
    return (["polling", "streaming"] as const).flatMap((mode): Row[] => {
      const bench = `leaks: ${count} subscribe/unsubscribe cycles, ${mode}`;
      const row = (metric: string, key: string, unit: string, target: string): Row => ({
        bench,
        metric,
        unit,
        falRx: x[`${mode} ${key}`]!,
        official: o[`${mode} ${key}`],
        target,
      });
      return [
        row("heap growth per cycle, after GC", "heapPerCycle", "B", "≤ 100 B"),
        row("cycles retained after GC", "retained", "", "0"),
        row(`timers left ${SETTLE_MS} ms after`, "timers", "", "0"),
        row(`sockets left ${SETTLE_MS} ms after`, "sockets", "", "0"),
        row(`calls unsettled ${SETTLE_MS} ms after`, "unsettled", "", "0"),
        row("cancels sent per unsubscribe", "cancelsPerCycle", "", "1"),
      ];
    });
  } finally {
    counter.restore();
    await emulator.close();
  }
}

/** Active resources keeping the event loop alive, by type (unref'd timers and idle pooled sockets do not). */
function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}
