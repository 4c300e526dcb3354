import { runChild } from "./child";
import { startEmulatorProcess } from "./emulator-process";
import { compare, roundsFor, sizeFor, type Contender, type Options, type Row, type Samples } from "./harness";

/**
 * Many subscribe$ at once (1,000 jobs of ≈1 s, polling at the default interval): every result must
 * be the one its job asked for; wall time, client CPU time, peak RSS growth over the batch, and
 * HTTP requests per job (a counting fetch, concurrent-worker.ts).
 * Each batch runs in a fresh process (concurrent-worker.ts), so neither client's RSS figure is
 * hidden in memory the other one's run already took.
 */
export async function concurrentBench(options: Options): Promise<Row[]> {
  const emulator = await startEmulatorProcess();
  try {
    const jobs = sizeFor(options, { smoke: 20, quick: 500, full: 1000 });
    const durationMs = sizeFor(options, { smoke: 200, quick: 1000, full: 1000 });
    // Summed over every round: one wrong answer anywhere must show, not be a median away.
    const wrongTotal: Record<string, number> = {};
    const contenders: Contender[] = ["fal-rx", "official"].map((name) => ({
      name,
      async run() {
        const env = { CLIENT: name, BASE_URLS: JSON.stringify(emulator.baseUrls), JOBS: String(jobs), DURATION_MS: String(durationMs) };
        const { wrong, ...samples } = await runChild<Samples>("concurrent-worker.ts", env);
        wrongTotal[name] = (wrongTotal[name] ?? 0) + wrong!;
        return samples;
      },
    }));
    // No warm-up round: each worker warms itself.
    const m = await compare(contenders, roundsFor(options), 0);
    const [x, o] = [m["fal-rx"]!, m.official!];
    const bench = `${jobs} concurrent subscribe$ (${durationMs} ms jobs)`;
    return [
      { bench, metric: "wrong or failed results, all rounds", unit: "", falRx: wrongTotal["fal-rx"]!, official: wrongTotal.official, target: "0" },
      { bench, metric: "wall", unit: "ms", falRx: x.wallMs!, official: o.wallMs },
      { bench, metric: "client CPU", unit: "ms", falRx: x.cpuMs!, official: o.cpuMs, target: "≤ 0.9×" },
      { bench, metric: "peak RSS growth", unit: "MB", falRx: x.rssGrowthMB!, official: o.rssGrowthMB, target: "≤ 1.0×" },
      { bench, metric: "HTTP requests per job", unit: "", falRx: x.requestsPerJob!, official: o.requestsPerJob, target: "≤ official" },
    ];
  } finally {
    await emulator.close();
  }
}
