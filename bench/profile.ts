/**
 * The workloads profiled for bench/analysis.md, one client at a time, against the emulator in its
 * own process (so the profile holds the client's work only), each called as in the benchmarks:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof -r ts-node/register/transpile-only bench/profile.ts run <client> [calls=5000] [concurrency=1]
 *   node --cpu-prof ... bench/profile.ts subscribe <client> [jobs=1000] [batches=2]
 *   node --cpu-prof ... bench/profile.ts stream <client> [events=2000] [streams=20]
 * with TS_NODE_PROJECT=bench/tsconfig.json; `<client>` is fal-rx or official, or (run) raw,
 * fal-rx-last (lastValueFrom) or fal-rx-fetch (the `fetch` option), or (stream) "bare read".
 * Calls as in the benchmarks: run-calls.ts, subscribe-forms.ts, stream-calls.ts. Then
 * `bench/profile-summary.ts <file.cpuprofile>`. A warm-up pass runs first, so the profile's steady
 * state dominates; `calls` run `concurrency` at a time (200: run.bench.ts's concurrent batch).
 */
import { clientsFor } from "./clients";
import { startEmulatorProcess } from "./emulator-process";
import { cpuAndWall } from "./harness";
import { runCalls } from "./run-calls";
import { streamCalls } from "./stream-calls";
import { SUBSCRIBE_FORMS } from "./subscribe-forms";

async function main([workload = "run", client = "fal-rx", size, more]: string[]): Promise<void> {
  const emulator = await startEmulatorProcess();
  try {
    const { falRx, official } = clientsFor(emulator.baseUrls);
    let work: () => Promise<unknown>;
    let count: number;
    if (workload === "run") {
      const calls = runCalls(emulator.baseUrls);
      const call = pick(client, {
        "fal-rx": calls["fal-rx"]!,
        "fal-rx-last": calls["fal-rx, lastValueFrom"]!,
        "fal-rx-fetch": calls["fal-rx, fetch option"]!,
        official: calls.official!,
        raw: calls["raw fetch"]!,
      });
      count = Number(size ?? 5000);
      const concurrency = Number(more ?? 1);
      work = async () => {
        for (let i = 0; i < count; i += concurrency) await Promise.all(Array.from({ length: Math.min(concurrency, count - i) }, call));
      };
    } else if (workload === "subscribe") {
      // concurrent.bench.ts's batch: jobs of 1 s, polling at the default interval, all at once.
      const collect = SUBSCRIBE_FORMS["firstValueFrom(filter(result))"];
      const call = pick(client, {
        "fal-rx": (id: number) => collect(falRx.subscribe$("bench/timed", { input: { id, duration_ms: 1000 } })),
        official: (id: number) => official.subscribe("bench/timed", { input: { id, duration_ms: 1000 } }),
      });
      const jobs = Number(size ?? 1000);
      count = Number(more ?? 2);
      work = async () => {
        for (let i = 0; i < count; i++) await Promise.all(Array.from({ length: jobs }, (_, id) => call(id)));
      };
    } else {
      const input = { events: Number(size ?? 2000), cumulative: false, delay_ms: 0 };
      const call = pick(client, streamCalls(emulator.baseUrls));
      count = Number(more ?? 20);
      work = async () => {
        for (let i = 0; i < count; i++) await call(input);
      };
    }
    await work();
    const { cpuMs, wallMs } = await cpuAndWall(work);
    process.stdout.write(`${JSON.stringify({ workload, client, count, cpuMsPerRepetition: cpuMs / count, wallMsPerRepetition: wallMs / count })}\n`);
  } finally {
    await emulator.close();
  }
}

function pick<T>(client: string, calls: Record<string, T>): T {
  const call = calls[client];
  if (!call) throw new Error(`unknown client ${client}; known here: ${Object.keys(calls).join(", ")}`);
  return call;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
