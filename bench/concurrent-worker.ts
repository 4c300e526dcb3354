/**
 * One measured batch of concurrent.bench.ts, in a process of its own (see child.ts): a small
 * warm-up batch, a GC, then `JOBS` subscribes at once. Prints one JSON line:
 * `{wrong, wallMs, cpuMs, rssGrowthMB, requestsPerJob}`. Env: CLIENT ("fal-rx" | "official"), BASE_URLS, JOBS, DURATION_MS.
 */
import { filter, lastValueFrom } from "rxjs";
import type { BaseUrls } from "fal-rx";
import { clientsFor } from "./clients";
import { countingFetch, type FetchFn } from "./counting-fetch";
import { cpuAndWall, settledHeap, watchPeakRss } from "./harness";
import { rewritingFetch } from "./official";

interface Timed {
  id: number;
}

async function main(): Promise<void> {
  const baseUrls = JSON.parse(process.env.BASE_URLS!) as BaseUrls;
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
  const rss = watchPeakRss();
  const { value: wrong, cpuMs, wallMs } = await cpuAndWall(() => batch(jobs, durationMs));
  const rssGrowthMB = rss.stop();
  process.stdout.write(`${JSON.stringify({ wrong, wallMs, cpuMs, rssGrowthMB, requestsPerJob: counter.total() / jobs })}\n`);
}

/** One subscribe with the named client; resolves with the id the job answered. */
function clientCall(name: string, baseUrls: BaseUrls, fetchImpl: FetchFn): (input: Timed & { duration_ms: number }) => Promise<number> {
  const { falRx, official } = clientsFor(baseUrls, fetchImpl);
  if (name === "fal-rx") {
    return async (input) => {
      const event = await lastValueFrom(falRx.subscribe$<Timed>("bench/timed", { input }).pipe(filter((e) => e.type === "result")));
      return event.data.id;
    };
  }
  return async (input) => ((await official.subscribe("bench/timed", { input })).data as Timed).id;
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
