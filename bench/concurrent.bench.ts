import { runChild } from "./child";
import { startEmulatorProcess } from "./emulator-process";
import { compare, roundsFor, sizeFor, timeLimits, type Contender, type Options, type Row, type Samples } from "./harness";
import type { SubscribeForm } from "./subscribe-forms";

/** The ways of collecting fal-rx's result measured here (subscribe-forms.ts); the first is the main one. */
const FORMS: SubscribeForm[] = ["firstValueFrom(filter(result))", "lastValueFrom", "takeWhile(not result, inclusive)", "filter(result), take(1)"];

/**
 * Many subscribe$ at once (1,000 jobs of ≈1 s, polling at the default interval): every result must
 * be the one its job asked for; wall time, client CPU time, peak RSS growth over the batch, HTTP
 * requests and cancels per job (counted on the global fetch) and `abort()` calls per job.
 * fal-rx is measured once per way users collect the result (subscribe-forms.ts), each a contender
 * of its own in the same rounds as the official client's `await fal.subscribe(...)`.
 * Each batch runs in a fresh process (concurrent-worker.ts), so no contender's RSS figure is
 * hidden in memory another one's run already took.
 *
 * Plus what the RSS rows are made of: the heap each client holds per job in flight, measured once
 * per client with every request answered from memory (retained-worker.ts): between two polls, and
 * with a status request unanswered.
 */
export async function concurrentBench(options: Options): Promise<Row[]> {
  const emulator = await startEmulatorProcess();
  try {
    const jobs = sizeFor(options, { smoke: 20, quick: 500, full: 1000 });
    const durationMs = sizeFor(options, { smoke: 200, quick: 1000, full: 1000 });
    // Jobs per warm-up batch of each worker; none with --smoke, which times nothing.
    const warmupJobs = sizeFor(options, { smoke: 0, quick: 20, full: 20 });
    const { childMs } = timeLimits(options);
    // Smoke: one form is enough to keep the worker alive.
    const forms = options.smoke ? FORMS.slice(0, 1) : FORMS;
    const nameOf = (form: SubscribeForm) => `fal-rx, ${form}`;
    // Summed over every round: one wrong answer anywhere must show, not be a median away.
    const wrongTotal: Record<string, number> = {};
    const measured: { name: string; env: Record<string, string> }[] = [
      ...forms.map((form) => ({ name: nameOf(form), env: { CLIENT: "fal-rx", FORM: form } })),
      { name: "official", env: { CLIENT: "official" } },
    ];
    const contenders: Contender[] = measured.map(({ name, env }) => ({
      name,
      async run() {
        const { wrong, ...samples } = await runChild<Samples>(
          "concurrent-worker.ts",
          { ...env, BASE_URLS: JSON.stringify(emulator.baseUrls), JOBS: String(jobs), DURATION_MS: String(durationMs), WARMUP_JOBS: String(warmupJobs) },
          childMs,
        );
        wrongTotal[name] = (wrongTotal[name] ?? 0) + wrong!;
        return samples;
      },
    }));
    // No warm-up round: each worker warms itself.
    const m = await compare(contenders, roundsFor(options), 0);
    const o = m.official!;
    const held = async (client: string, phase: string) =>
      (await runChild<{ bytesPerJob: number }>("retained-worker.ts", { CLIENT: client, PHASE: phase, JOBS: String(sizeFor(options, { smoke: 10, quick: 2000, full: 2000 })) }, childMs)).bytesPerJob;
    const heldRow = async (phase: string, metric: string): Promise<Row> => ({
      bench,
      metric,
      unit: "B",
      falRx: await held("fal-rx", phase),
      official: await held("official", phase),
    });
    const bench = `${jobs} concurrent subscribe$ (${durationMs} ms jobs, polling)`;
    const [main, ...others] = forms;
    const counted = (metric: string, key: string, target: string): Row => ({
      bench,
      metric: `${metric}, ${main}`,
      unit: "",
      falRx: m[nameOf(main!)]![key]!,
      official: o[key],
      references: others.map((form) => ({ name: form, value: m[nameOf(form)]![key]! })),
      target,
    });
    return [
      {
        bench,
        metric: "wrong or failed results, all rounds and forms",
        unit: "",
        falRx: forms.reduce((sum, form) => sum + wrongTotal[nameOf(form)]!, 0),
        official: wrongTotal.official,
        target: "0",
      },
      ...forms.flatMap((form): Row[] => {
        const x = m[nameOf(form)]!;
        return [
          { bench, metric: `wall, ${form}`, unit: "ms", falRx: x.wallMs!, official: o.wallMs },
          { bench, metric: `client CPU, ${form}`, unit: "ms", falRx: x.cpuMs!, official: o.cpuMs, target: "≤ 0.9×" },
          { bench, metric: `peak RSS growth, ${form}`, unit: "MB", falRx: x.rssGrowthMB!, official: o.rssGrowthMB, target: "≤ 1.0×" },
        ];
      }),
      counted("HTTP requests per job", "requestsPerJob", "≤ 1.0×"),
      counted("cancels sent per job", "cancelsPerJob", "0"),
      counted("AbortController.abort() per job", "abortsPerJob", "0"),
      await heldRow("timer", "heap held per job between polls (in-memory fetch)"),
      await heldRow("fetch", "heap held per job, status request unanswered (in-memory fetch)"),
    ];
  } finally {
    await emulator.close();
  }
}
