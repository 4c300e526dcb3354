/**
 * One measured batch of concurrent.bench.ts, in a process of its own (see child.ts): a small
 * warm-up batch of `WARMUP_JOBS` (none if 0), a GC, another warm-up batch, then `JOBS` subscribes
 * at once. Prints one JSON line: `{wrong, wallMs, cpuMs, rssGrowthMB, requestsPerJob, cancelsPerJob, abortsPerJob}`.
 * Env: CLIENT ("fal-rx" | "official"), FORM (fal-rx: a key of SUBSCRIBE_FORMS), BASE_URLS, JOBS,
 * DURATION_MS, WARMUP_JOBS.
 */
import type { BaseUrls } from "fal-rx";
import { exitWithParent } from "./child";
import { clientsFor } from "./clients";
import { countAborts, countGlobalFetch } from "./counting-fetch";
import { cpuAndWall, settledHeap, watchPeakRss } from "./harness";
import { SUBSCRIBE_FORMS, type SubscribeForm } from "./subscribe-forms";

interface Timed {
  id: number;
}

async function main(): Promise<void> {
  exitWithParent();
  const baseUrls = JSON.parse(process.env.BASE_URLS!) as BaseUrls;
  const jobs = Number(process.env.JOBS);
  const durationMs = Number(process.env.DURATION_MS);
  const warmupJobs = Number(process.env.WARMUP_JOBS);
  const requests = countGlobalFetch();
  const aborts = countAborts();
  const call = clientCall(process.env.CLIENT!, process.env.FORM as SubscribeForm | undefined, baseUrls);

  const batch = async (count: number, duration: number) => {
    const answers = await Promise.all(
      Array.from({ length: count }, (_, id) => call({ id, duration_ms: duration }).then((got) => got !== id, () => true)),
    );
    return answers.filter(Boolean).length;
  };
  // Warm: code compiled, a few pooled connections; not the pool of the full batch. The heap is
  // settled for the RSS baseline, then warmed again: a full GC deoptimizes code (see compare()).
  if (warmupJobs) await batch(warmupJobs, 10);
  settledHeap();
  if (warmupJobs) await batch(warmupJobs, 10);
  requests.reset();
  aborts.reset();
  const rss = watchPeakRss();
  const { value: wrong, cpuMs, wallMs } = await cpuAndWall(() => batch(jobs, durationMs));
  const rssGrowthMB = rss.stop();
  process.stdout.write(
    `${JSON.stringify({
      wrong,
      wallMs,
      cpuMs,
      rssGrowthMB,
      requestsPerJob: requests.total() / jobs,
      cancelsPerJob: requests.counts.cancel / jobs,
      abortsPerJob: aborts.count() / jobs,
    })}\n`,
  );
}

/** One subscribe with the named client (fal-rx collected the named way); resolves with the id the job answered. */
function clientCall(name: string, form: SubscribeForm | undefined, baseUrls: BaseUrls): (input: Timed & { duration_ms: number }) => Promise<number> {
  const { falRx, official } = clientsFor(baseUrls);
  if (name === "fal-rx") {
    const collect = SUBSCRIBE_FORMS[form ?? "lastValueFrom"];
    if (!collect) throw new Error(`unknown FORM ${form}; known: ${Object.keys(SUBSCRIBE_FORMS).join(", ")}`);
    return async (input) => (await collect(falRx.subscribe$<Timed>("bench/timed", { input }))).data.id;
  }
  return async (input) => ((await official.subscribe("bench/timed", { input })).data as Timed).id;
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
