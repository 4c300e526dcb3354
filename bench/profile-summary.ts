/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): the functions with the most self time, with
 * their file (node_modules package, dist/ file or node internal). Used for bench/analysis.md:
 *   npx ts-node -T -P bench/tsconfig.json bench/profile-summary.ts <file.cpuprofile> [top=25] [areas]
 * where `areas` (e.g. `fal-rx,rxjs`, or `zod`, `undici (fetch)`) limits the function list to those areas.
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (ms) and per area, from the sample deltas. */
export function summarise(profile: Profile, only?: string[]): { total: number; functions: [string, number][]; areas: [string, number][] } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<string, number>();
  const areaMs = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = shortUrl(url);
    const key = `${functionName || "(anonymous)"} ${where}${where && lineNumber >= 0 ? `:${lineNumber + 1}` : ""}`;
    const area = areaOf(functionName, url);
    areaMs.set(area, (areaMs.get(area) ?? 0) + ms);
    total += ms;
    if (!only || only.includes(area)) selfMs.set(key, (selfMs.get(key) ?? 0) + ms);
  });
  const sorted = (map: Map<string, number>) => [...map.entries()].sort((a, b) => b[1] - a[1]);
  return { total, functions: sorted(selfMs), areas: sorted(areaMs) };
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) return url.slice(modules + "node_modules/".length);
  const dist = url.indexOf("/dist/");
  if (dist >= 0) return `fal-rx${url.slice(dist)}`;
  return url.replace(/^file:\/\/.*\/bench\//, "bench/");
}

function areaOf(functionName: string, url: string): string {
  if (functionName === "(garbage collector)") return "GC";
  if (functionName === "(idle)" || functionName === "(program)") return functionName;
  if (url.includes("node_modules/rxjs")) return "rxjs";
  if (url.includes("node_modules/@fal-ai")) return "@fal-ai/client";
  if (url.includes("node_modules/eventsource-parser")) return "eventsource-parser";
  if (url.includes("node_modules/zod")) return "zod";
  if (url.includes("node_modules/ts-node") || url.includes("node_modules/typescript")) return "ts-node (startup)";
  if (url.startsWith("node:internal/deps/undici") || url.includes("undici")) return "undici (fetch)";
  if (url.includes("/dist/") && !url.includes("node_modules/")) return "fal-rx";
  if (url.startsWith("node:")) return "node internals";
  if (url === "") return "native / V8";
  return "other";
}

if (require.main === module) {
  const [file, top = "25", only] = process.argv.slice(2);
  const { total, functions, areas } = summarise(JSON.parse(readFileSync(file!, "utf8")) as Profile, only?.split(","));
  // Percentages of busy time: idle and ts-node's start-up compile are not the workload.
  const notWork = areas.filter(([area]) => area === "(idle)" || area === "ts-node (startup)").reduce((sum, [, ms]) => sum + ms, 0);
  const busy = total - notWork;
  const pct = (ms: number) => `${((100 * ms) / busy).toFixed(1)} %`;
  process.stdout.write(`total ${total.toFixed(0)} ms, busy ${busy.toFixed(0)} ms (percentages are of busy time)\n\nby area:\n`);
  for (const [area, ms] of areas) process.stdout.write(`  ${pct(ms).padStart(7)}  ${ms.toFixed(0).padStart(6)} ms  ${area}\n`);
  process.stdout.write(`\ntop ${top} by self time:\n`);
  for (const [name, ms] of functions.slice(0, Number(top))) process.stdout.write(`  ${pct(ms).padStart(7)}  ${ms.toFixed(0).padStart(6)} ms  ${name}\n`);
}
