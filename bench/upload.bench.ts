import { randomFillSync } from "node:crypto";
import { lastValueFrom } from "rxjs";
import { createFalClient } from "fal-rx";
import { BENCH_KEY, startEmulatorProcess } from "./emulator-process";
import { compare, roundsFor, type Contender, type Options, type Row } from "./harness";
import { officialFor, rewritingFetch } from "./official";

const MB = 1024 * 1024;

/**
 * A large multipart upload (200 MB; 100 MB with --quick, still multipart), time and peak RSS growth, with the
 * emulator answering each upload request after `latency` ms (loopback has no latency, and real
 * uploads are latency-bound: that is what parallel parts win back).
 */
export async function uploadBench(options: Options): Promise<Row[]> {
  const size = (options.smoke ? 1 : options.quick ? 100 : 200) * MB;
  const latency = 100;
  const bytes = randomFillSync(Buffer.alloc(size));
  const file = new Blob([bytes], { type: "application/octet-stream" });
  const rows: Row[] = [];
  // A fresh emulator per contender and round: it keeps every uploaded byte in memory.
  const withEmulator = async <T>(work: (baseUrls: { run: string; queue: string; rest: string }) => Promise<T>) => {
    const emulator = await startEmulatorProcess({ uploadLatencyMs: latency });
    try {
      return await work(emulator.baseUrls);
    } finally {
      await emulator.close();
    }
  };
  const measure = async (upload: () => Promise<string>) => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const start = performance.now();
    const url = await upload();
    const seconds = (performance.now() - start) / 1000;
    clearInterval(sampler);
    if (!url.includes("/upload/files/")) throw new Error(`unexpected file URL ${url}`);
    return { seconds, rssGrowthMB: (peak - before) / MB };
  };

  const contenders: Contender[] = [
    {
      name: "fal-rx",
      run: () =>
        withEmulator((baseUrls) => {
          const fal = createFalClient({ credentials: BENCH_KEY, baseUrls, fetch: rewritingFetch(baseUrls) });
          return measure(() => lastValueFrom(fal.storage.upload$(file)));
        }),
    },
    {
      name: "official",
      run: () => withEmulator((baseUrls) => measure(() => officialFor(baseUrls, BENCH_KEY).storage.upload(file))),
    },
  ];
  const m = await compare(contenders, roundsFor(options), 0);
  rows.push(
    { bench: `upload ${size / MB} MB (multipart, ${latency} ms latency)`, metric: "time", unit: "s", falRx: m["fal-rx"]!.seconds!, official: m.official!.seconds, target: "≤ 0.5× (≥ 2× faster)" },
    { bench: `upload ${size / MB} MB (multipart, ${latency} ms latency)`, metric: "peak RSS growth", unit: "MB", falRx: m["fal-rx"]!.rssGrowthMB!, official: m.official!.rssGrowthMB, target: "≤ concurrency × part size (40 MB)" },
  );
  return rows;
}
