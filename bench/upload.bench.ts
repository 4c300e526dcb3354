import { randomFillSync } from "node:crypto";
import { lastValueFrom } from "rxjs";
import { clientsFor } from "./clients";
import { startEmulatorProcess } from "./emulator-process";
import { compare, roundsFor, sizeFor, watchPeakRss, type Contender, type Options, type Row } from "./harness";

const MB = 1024 * 1024;

/**
 * A large multipart upload (200 MB; 100 MB with --quick, still multipart), time and peak RSS growth, with the
 * emulator answering each upload request after `latency` ms (loopback has no latency, and real
 * uploads are latency-bound: that is what parallel parts win back).
 */
export async function uploadBench(options: Options): Promise<Row[]> {
  const size = sizeFor(options, { smoke: 1, quick: 100, full: 200 }) * MB;
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
    const rss = watchPeakRss();
    const start = performance.now();
    const url = await upload();
    const seconds = (performance.now() - start) / 1000;
    const rssGrowthMB = rss.stop();
    if (!url.includes("/upload/files/")) throw new Error(`unexpected file URL ${url}`);
    return { seconds, rssGrowthMB };
  };

  const contenders: Contender[] = [
    {
      name: "fal-rx",
      run: () =>
        withEmulator((baseUrls) => {
          // fal-rx as an app gets it (clientsFor's): no fetch option, so Node streams the parts (a
          // custom fetch, such as the host-rewriting wrapper the official client needs, makes fal-rx send Blobs).
          const { falRx } = clientsFor(baseUrls);
          return measure(() => lastValueFrom(falRx.storage.upload$(file)));
        }),
    },
    {
      name: "official",
      run: () => withEmulator((baseUrls) => measure(() => clientsFor(baseUrls).official.storage.upload(file))),
    },
  ];
  const m = await compare(contenders, roundsFor(options), 0);
  rows.push(
    { bench: `upload ${size / MB} MB (multipart, ${latency} ms latency)`, metric: "time", unit: "s", falRx: m["fal-rx"]!.seconds!, official: m.official!.seconds, target: "≤ 0.5× (≥ 2× faster)" },
    { bench: `upload ${size / MB} MB (multipart, ${latency} ms latency)`, metric: "peak RSS growth", unit: "MB", falRx: m["fal-rx"]!.rssGrowthMB!, official: m.official!.rssGrowthMB, target: "≤ 40 MB (concurrency × part size)" },
  );
  return rows;
}
