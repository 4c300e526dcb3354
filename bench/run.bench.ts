import { firstValueFrom } from "rxjs";
import { clientsFor } from "./clients";
import { BENCH_KEY, startEmulatorProcess } from "./emulator-process";
import { compare, cpuAndWall, roundsFor, sizeFor, type Contender, type Options, type Row } from "./harness";

/** run$ overhead: sequential and 200-concurrent echo calls, vs the official client and raw fetch. */
export async function runBench(options: Options): Promise<Row[]> {
  const emulator = await startEmulatorProcess();
  try {
    const sequential = sizeFor(options, { smoke: 5, quick: 300, full: 2000 });
    const batches = sizeFor(options, { smoke: 1, quick: 3, full: 10 });
    const input = { prompt: "a cat in a spacesuit", seed: 42 };
    const url = `${emulator.baseUrls.run}/fal-ai/echo`;

    const { falRx, official } = clientsFor(emulator.baseUrls);
    const raw = async () => {
      const response = await fetch(url, {
        method: "POST",
        headers: { authorization: `Key ${BENCH_KEY}`, "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(input),
      });
      return response.json();
    };
    const calls: Record<string, () => Promise<unknown>> = {
      // As users call it: firstValueFrom unsubscribes on the value, which must not abort the finished exchange.
      "fal-rx": () => firstValueFrom(falRx.run$("fal-ai/echo", { input })),
      official: () => official.run("fal-ai/echo", { input }),
      "raw fetch": raw,
    };

    const contenders: Contender[] = Object.entries(calls).map(([name, call]) => ({
      name,
      async run() {
        const seq = await cpuAndWall(async () => {
          for (let i = 0; i < sequential; i++) await call();
        });
        const conc = await cpuAndWall(async () => {
          for (let b = 0; b < batches; b++) await Promise.all(Array.from({ length: 200 }, call));
        });
        return {
          seqWallPerCall: (seq.wallMs / sequential) * 1000,
          seqCpuPerCall: (seq.cpuMs / sequential) * 1000,
          concWallPerBatch: conc.wallMs / batches,
          concCpuPerCall: (conc.cpuMs / (batches * 200)) * 1000,
        };
      },
    }));
    const m = await compare(contenders, roundsFor(options));
    const rawFetch = m["raw fetch"]!;
    return [
      { bench: "run$ sequential", metric: "wall per call", unit: "µs", falRx: m["fal-rx"]!.seqWallPerCall!, official: m.official!.seqWallPerCall, baseline: { name: "raw fetch", value: rawFetch.seqWallPerCall! }, target: "≤ 1.05× raw fetch" },
      { bench: "run$ sequential", metric: "client CPU per call", unit: "µs", falRx: m["fal-rx"]!.seqCpuPerCall!, official: m.official!.seqCpuPerCall, baseline: { name: "raw fetch", value: rawFetch.seqCpuPerCall! }, target: "≤ 0.9×" },
      { bench: "run$ 200 concurrent", metric: "wall per batch", unit: "ms", falRx: m["fal-rx"]!.concWallPerBatch!, official: m.official!.concWallPerBatch, baseline: { name: "raw fetch", value: rawFetch.concWallPerBatch! }, target: "≤ 0.8×" },
      { bench: "run$ 200 concurrent", metric: "client CPU per call", unit: "µs", falRx: m["fal-rx"]!.concCpuPerCall!, official: m.official!.concCpuPerCall, baseline: { name: "raw fetch", value: rawFetch.concCpuPerCall! }, target: "≤ 0.9×" },
    ];
  } finally {
    await emulator.close();
  }
}

