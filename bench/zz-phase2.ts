const { createFalClient } = (process.env.EXP ? require("/tmp/exp/cjs/index.js") : require("fal-rx")) as typeof import("fal-rx");
import { filter, lastValueFrom } from "rxjs";
import { BENCH_KEY, startEmulatorProcess } from "./emulator-process";
import { officialFor, rewritingFetch } from "./official";
import { median } from "./harness";
const now = () => performance.timeOrigin + performance.now();
async function main() {
  const emulator = await startEmulatorProcess();
  let t: Record<string, number> = {};
  const inner = rewritingFetch(emulator.baseUrls);
  const fetchSpy = async (url: string, init: RequestInit) => {
    const kind = url.includes("/status/stream") ? "stream" : url.match(/requests\/[^/]+$/) ? "result" : "other";
    t[`${kind}Call`] = now();
    const res = await inner(url, init);
    t[`${kind}Headers`] = now();
    return res;
  };
  const fal = createFalClient({ credentials: BENCH_KEY, baseUrls: emulator.baseUrls, fetch: fetchSpy });
  const official = officialFor(emulator.baseUrls, BENCH_KEY, fetchSpy);
  for (let round = 0; round < 3; round++) for (const name of ["fal-rx", "official"]) {
    const rows: Record<string, number>[] = [];
    for (let i = 0; i < Number(process.argv[2] ?? 30); i++) {
      t = {};
      const input = { id: i, duration_ms: 5 };
      const onQueueUpdate = (s: { status: string }) => { if (s.status === "COMPLETED") t.completedSeen = now(); };
      const data = name === "fal-rx"
        ? (await lastValueFrom(fal.subscribe$<{ completed_at: number }>("bench/timed", { input, mode: "streaming", onQueueUpdate }).pipe(filter((e) => e.type === "result")))).data
        : ((await official.subscribe("bench/timed", { input, mode: "streaming", onQueueUpdate })).data as { completed_at: number });
      const end = now(), c = data.completed_at;
      rows.push({ seen: t.completedSeen! - c, resultCall: t.resultCall! - c, resultHeaders: t.resultHeaders! - c, end: end - c });
    }
    console.log(name.padEnd(9), Object.keys(rows[0]!).map((k) => `${k} ${median(rows.map((r) => r[k]!)).toFixed(2)}`).join("  "));
  }
  await emulator.close();
}
main();
