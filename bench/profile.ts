/**
 * The workloads profiled for bench/analysis.md, one client at a time, against the emulator in its
 * own process (so the profile holds the client's work only):
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof -r ts-node/register/transpile-only bench/profile.ts run [fal-rx|official|raw] [calls=5000]
 *   node --cpu-prof ... bench/profile.ts stream [fal-rx|official] [events=2000] [streams=20]
 * (TS_NODE_PROJECT=bench/tsconfig.json), then `bench/profile-summary.ts <file.cpuprofile>`.
 * A warm-up pass runs first, so the profile's steady state dominates.
 */
import { lastValueFrom } from "rxjs";
import { clientsFor } from "./clients";
import { BENCH_KEY, startEmulatorProcess } from "./emulator-process";
import { cpuAndWall } from "./harness";

async function main([workload = "run", client = "fal-rx", size, repeat]: string[]): Promise<void> {
  const emulator = await startEmulatorProcess();
  try {
    const { falRx, official } = clientsFor(emulator.baseUrls);
    let work: () => Promise<unknown>;
    let count: number;
    if (workload === "run") {
      const input = { prompt: "a cat in a spacesuit", seed: 42 };
      const url = `${emulator.baseUrls.run}/fal-ai/echo`;
      const raw = async () => {
        const init = { method: "POST", headers: { authorization: `Key ${BENCH_KEY}`, "content-type": "application/json" }, body: JSON.stringify(input) };
        return (await fetch(url, init)).json();
      };
      const call = { "fal-rx": () => lastValueFrom(falRx.run$("fal-ai/echo", { input })), official: () => official.run("fal-ai/echo", { input }), raw }[client]!;
      count = Number(size ?? 5000);
      work = async () => {
        for (let i = 0; i < count; i++) await call();
      };
    } else {
      const input = { events: Number(size ?? 2000), cumulative: false, delay_ms: 0 };
      const call = {
        "fal-rx": () => lastValueFrom(falRx.stream$("fal-ai/streamer", { input })),
        official: async () => {
          const stream = await official.stream("fal-ai/streamer", { input });
          stream.on("data", () => undefined);
          return stream.done();
        },
      }[client]!;
      count = Number(repeat ?? 20);
      work = async () => {
        for (let i = 0; i < count; i++) await call();
      };
    }
    await work();
    const { cpuMs, wallMs } = await cpuAndWall(work);
    process.stdout.write(`${JSON.stringify({ workload, client, count, cpuMsPerRepetition: cpuMs / count, wallMsPerRepetition: wallMs / count })}\n`);
  } finally {
    await emulator.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
