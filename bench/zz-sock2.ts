import { createFalClient } from "fal-rx";
import { subscribe as dcSubscribe } from "node:diagnostics_channel";
import { filter, lastValueFrom } from "rxjs";
import { BENCH_KEY, startEmulatorProcess } from "./emulator-process";
import { officialFor, rewritingFetch } from "./official";
import { median } from "./harness";
let sockets = 0;
dcSubscribe("undici:client:connected", () => sockets++);
const now = () => performance.timeOrigin + performance.now();
async function main() {
  const emulator = await startEmulatorProcess();
  const fal = createFalClient({ credentials: BENCH_KEY, baseUrls: emulator.baseUrls, fetch: rewritingFetch(emulator.baseUrls) });
  const official = officialFor(emulator.baseUrls, BENCH_KEY);
  for (let round = 0; round < 3; round++) for (const name of ["fal-rx", "official"]) {
    sockets = 0; const lat: number[] = [];
    for (let i = 0; i < 30; i++) {
      const input = { id: i, duration_ms: 20 };
      const data = name === "fal-rx"
        ? (await lastValueFrom(fal.subscribe$<{ completed_at: number }>("bench/timed", { input, mode: "streaming" }).pipe(filter((e) => e.type === "result")))).data
        : ((await official.subscribe("bench/timed", { input, mode: "streaming" })).data as { completed_at: number });
      lat.push(now() - data.completed_at);
    }
    console.log(name.padEnd(9), "new sockets per job", (sockets / 30).toFixed(2), "latency p50", median(lat).toFixed(2));
  }
  await emulator.close();
}
main();
