/**
 * One measured batch of concurrent.bench.ts, in a process of its own (see child.ts): a small
 * warm-up batch, a GC, then `JOBS` subscribes at once. Prints one JSON line:
 * `{wrong, wallMs, cpuMs, rssGrowthMB, requestsPerJob}`. Env: CLIENT ("fal-rx" | "official"), BASE_URLS, JOBS, DURATION_MS.
 */
import { filter, lastValueFrom } from "rxjs";
import { createFalClient } from "fal-rx";
import { countingFetch, type FetchFn } from "./counting-fetch";
import { BENCH_KEY } from "./emulator-process";
import { cpuAndWall, settledHeap } from "./harness";
import { officialFor, rewritingFetch } from "./official";

const MB = 1024 * 1024;

interface Timed {
  id: number;
}

async function main(): Promise<void> {
  const baseUrls = JSON.parse(process.env.BASE_URLS!) as { run: string; queue: string; rest: string };
  const jobs = Number(process.env.JOBS);
  const durationMs = Number(process.env.DURATION_MS);
  const counter = countingFetch(rewritingFetch(baseUrls));
  const call = clientCall(process.env.CLIENT!, baseUrls, counter.fetch);

  const batch = async (count: number, duration: number) => {
    const answers = await Promise.all(
      Array.from({ length: count }, (_, id) => call({ id, duration_ms: duration }).then((got) => got !== id, () => true)),
    );
    return answers.filter(Boolean).length;
  };
  // Warm: code compiled, a few pooled connections; not the pool of the full batch.
  await batch(20, 10);
  settledHeap();
  counter.reset();
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  const { value: wrong, cpuMs, wallMs } = await cpuAndWall(() => batch(jobs, durationMs));
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  process.stdout.write(`${JSON.stringify({ wrong, wallMs, cpuMs, rssGrowthMB: (peak - before) / MB, requestsPerJob: counter.total() / jobs })}\n`);
}

/** One subscribe with the named client; resolves with the id the job answered. */
function clientCall(name: string, baseUrls: { run: string; queue: string; rest: string }, fetchImpl: FetchFn): (input: Timed & { duration_ms: number }) => Promise<number> {
  if (name === "fal-rx") {
    const fal = createFalClient({ credentials: BENCH_KEY, baseUrls, fetch: fetchImpl });
    return async (input) => {
      const event = await lastValueFrom(fal.subscribe$<Timed>("bench/timed", { input }).pipe(filter((e) => e.type === "result")));
      return event.data.id;
    };
  }
  const official = officialFor(baseUrls, BENCH_KEY, fetchImpl);
  return async (input) => ((await official.subscribe("bench/timed", { input })).data as Timed).id;
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
