import { createFalClient } from "fal-rx";
import { countingFetch } from "./counting-fetch";
import { BENCH_KEY, startEmulatorProcess } from "./emulator-process";
import { compare, roundsFor, settledHeap, sizeFor, sleep, type Contender, type Options, type Row, type Samples } from "./harness";
import { officialFor, rewritingFetch } from "./official";

type Mode = "polling" | "streaming";

/** A job that is still running when the cycle leaves it (one step, so no status change meanwhile). */
const INPUT = { duration_ms: 1000, steps: 1 };

/** How long after the last unsubscribe the leftovers are counted: long enough for a fire-and-forget cancel to be answered, well under one poll interval. */
const SETTLE_MS = 100;

/** Cycles in flight at once: the cycles are latency-bound, so a few lanes keep the run short. */
const LANES = 8;

/**
 * Subscribe-then-unsubscribe cycles, polling and streaming: each subscribes to a 1 s job, waits
 * until it is being watched (the first status after the submit answer), then leaves, in the next
 * macrotask (fal-rx: `unsubscribe()`; official: `AbortController.abort()`, its documented way).
 * After the last cycle and {@link SETTLE_MS}: heap growth per cycle (after GC, warm-up excluded),
 * timers and sockets still keeping the process alive (`process.getActiveResourcesInfo()`), calls
 * not yet settled, and cancels sent per cycle (counted by a fetch wrapper: fal-rx must send exactly
 * one; the official client sends none).
 */
export async function leaksBench(options: Options): Promise<Row[]> {
  const emulator = await startEmulatorProcess();
  try {
    const cycles = sizeFor(options, { smoke: 40, quick: 4_000, full: 20_000 });
    const warmup = sizeFor(options, { smoke: 8, quick: 200, full: 500 });
    // Waits for the official client's abandoned calls (1 s jobs) to end, so they are not counted twice.
    const drainMs = sizeFor(options, { smoke: 200, quick: 1_500, full: 1_500 });
    const counter = countingFetch(rewritingFetch(emulator.baseUrls));
    const falRx = createFalClient({ credentials: BENCH_KEY, baseUrls: emulator.baseUrls, fetch: counter.fetch });
    const official = officialFor(emulator.baseUrls, BENCH_KEY, counter.fetch);
    let unsettled = 0;

    // One cycle each: resolves once the client was told to leave.
    const cycle: Record<string, (mode: Mode) => Promise<void>> = {
      "fal-rx": (mode) =>
        new Promise((resolve, reject) => {
          let statuses = 0;
          unsettled++;
          const subscription = falRx.subscribe$("fal-ai/slow", { input: INPUT, mode }).subscribe({
            next: (event) => {
              // The first status is the submit answer; the second comes from watching.
              if (event.type === "status" && ++statuses === 2) {
                setImmediate(() => {
                  subscription.unsubscribe();
                  if (subscription.closed) unsettled--;
                  resolve();
                });
              }
            },
            error: reject,
            complete: () => reject(new Error("fal-rx: the job completed before the cycle left it")),
          });
        }),
      official: (mode) =>
        new Promise((resolve, reject) => {
          const controller = new AbortController();
          let left = false;
          unsettled++;
          official
            .subscribe("fal-ai/slow", {
              input: INPUT,
              mode,
              abortSignal: controller.signal,
              onQueueUpdate: () => {
                if (left) return;
                left = true;
                setImmediate(() => {
                  controller.abort();
                  resolve();
                });
              },
            })
            // Streaming ignores the signal and resolves when the job ends; polling rejects later.
            .then(
              () => unsettled--,
              (error: unknown) => {
                unsettled--;
                if (!left) reject(error as Error);
              },
            );
        }),
    };

    const run = async (name: string, mode: Mode, count: number) => {
      let next = 0;
      const lane = async () => {
        while (next < count) {
          next++;
          await cycle[name]!(mode);
        }
      };
      await Promise.all(Array.from({ length: LANES }, lane));
    };

    const measure = async (name: string, mode: Mode): Promise<Samples> => {
      await run(name, mode, warmup);
      await sleep(drainMs); // the warm-up's leftovers (official: jobs still watched) end
      const before = settledHeap();
      const resourcesBefore = activeResources();
      counter.reset();
      unsettled = 0;
      await run(name, mode, cycles);
      await sleep(SETTLE_MS);
      const after = activeResources();
      const stillPending = unsettled;
      const cancels = counter.counts.cancel;
      const heapPerCycle = (settledHeap() - before) / cycles;
      await sleep(drainMs); // the official client's abandoned calls end before the next measurement
      return {
        heapPerCycle,
        timers: Math.max(0, (after.Timeout ?? 0) - (resourcesBefore.Timeout ?? 0)),
        sockets: Math.max(0, (after.TCPSocketWrap ?? 0) - (resourcesBefore.TCPSocketWrap ?? 0)),
        unsettled: stillPending,
        cancelsPerCycle: cancels / cycles,
      };
    };

    const contenders: Contender[] = Object.keys(cycle).map((name) => ({
      name,
      async run() {
        const polling = await measure(name, "polling");
        const streaming = await measure(name, "streaming");
        return Object.fromEntries([
          ...Object.entries(polling).map(([metric, value]) => [`polling ${metric}`, value]),
          ...Object.entries(streaming).map(([metric, value]) => [`streaming ${metric}`, value]),
        ]) as Samples;
      },
    }));
    // No warm-up round: every measurement warms up first.
    const m = await compare(contenders, roundsFor(options), 0);
    const [x, o] = [m["fal-rx"]!, m.official!];
    return (["polling", "streaming"] as const).flatMap((mode): Row[] => {
      const bench = `leaks: ${cycles} subscribe/unsubscribe cycles, ${mode}`;
      const row = (metric: string, key: string, unit: string, target: string): Row => ({
        bench,
        metric,
        unit,
        falRx: x[`${mode} ${key}`]!,
        official: o[`${mode} ${key}`],
        target,
      });
      return [
        row("heap growth per cycle (after GC)", "heapPerCycle", "B", "≤ 100 B"),
        row(`timers left ${SETTLE_MS} ms after`, "timers", "", "0"),
        row(`sockets left ${SETTLE_MS} ms after`, "sockets", "", "0"),
        row(`calls unsettled ${SETTLE_MS} ms after`, "unsettled", "", "0"),
        row("cancels sent per unsubscribe", "cancelsPerCycle", "", "1"),
      ];
    });
  } finally {
    await emulator.close();
  }
}

/** Active resources keeping the event loop alive, by type (unref'd idle sockets and timers excluded). */
function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}
