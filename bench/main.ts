/**
 * `npm run bench [-- --quick] [-- --only name,name] [-- --runs n]`: runs each benchmark with
 * fal-rx and the official @fal-ai/client in one process run, prints JSON lines (one per row and
 * run), and writes docs/benchmarks.md from all runs (medians, the range of the ratios, targets met).
 * The full run makes two runs of every benchmark (one with --quick): ranges need more than one.
 * `--smoke` runs each once with tiny sizes and writes nothing (spec/bench keeps the scripts alive);
 * `--no-write` prints the JSON lines only (a partial or trial run leaves docs/benchmarks.md alone);
 * `--from a.jsonl,b.jsonl` runs nothing and writes the report from saved JSON lines (each file's
 * runs kept apart), e.g. two `--no-write` runs made at different times.
 * A benchmark that overruns its time limit (`timeLimits()`), or a child process that does not
 * answer in time, fails the run, which then exits at once with every process it started.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { basename, join } from "node:path";
import { bundleBench } from "./bundle.bench";
import { runningPids, startedPids } from "./child";
import { concurrentBench } from "./concurrent.bench";
import { emit, timeLimits, type Options, type Row } from "./harness";
import { leaksBench } from "./leaks.bench";
import { renderReport, type Machine } from "./report";
import { runBench } from "./run.bench";
import { streamBench } from "./stream.bench";
import { subscribeBench } from "./subscribe.bench";
import { uploadBench } from "./upload.bench";

const BENCHES: Record<string, (options: Options) => Promise<Row[]>> = {
  bundle: bundleBench,
  run: runBench,
  stream: streamBench,
  subscribe: subscribeBench,
  concurrent: concurrentBench,
  leaks: leaksBench,
  upload: uploadBench,
};

const REPORT = join(__dirname, "..", "docs", "benchmarks.md");

function flag(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

async function main(argv: string[]): Promise<void> {
  const quick = argv.includes("--quick") || argv.includes("--smoke");
  const smoke = argv.includes("--smoke");
  const options: Options = { quick, smoke };
  const machine: Machine = { date: new Date().toISOString().slice(0, 10), node: process.version, cpu: `${cpus()[0]?.model ?? "unknown"} × ${cpus().length}`, quick };
  const from = flag(argv, "--from");
  if (from) {
    const files = from.split(",");
    writeFileSync(REPORT, renderReport(files.flatMap(savedRuns), { ...machine, from: files.map((file) => basename(file)) }));
    process.stderr.write(`bench: wrote docs/benchmarks.md from ${from}\n`);
    return;
  }
  const only = flag(argv, "--only")?.split(",") ?? Object.keys(BENCHES);
  const unknown = only.filter((name) => !BENCHES[name]);
  if (unknown.length) throw new Error(`unknown benchmark ${unknown.join(", ")}; known: ${Object.keys(BENCHES).join(", ")}`);
  const runCount = Number(flag(argv, "--runs") ?? (quick ? 1 : 2));
  const runs: Row[][] = [];
  machine.loads = [];
  // Whole passes over the benchmarks, so a slow spell on the machine lands in one run of each.
  for (let run = 1; run <= runCount; run++) {
    const rows: Row[] = [];
    machine.loads.push(loadavg()[0]!);
    for (const name of only) {
      process.stderr.write(`bench: ${name}${runCount > 1 ? ` (run ${run} of ${runCount})` : ""}…\n`);
      for (const row of await withinLimit(BENCHES[name]!(options), timeLimits(options).benchMs, name)) {
        emit(row, name, run);
        rows.push(row);
      }
    }
    runs.push(rows);
  }
  if (smoke) process.stderr.write(`bench: child processes ${startedPids.join(",")}; still running: ${runningPids().join(",") || "none"}\n`);
  if (smoke || argv.includes("--no-write")) return;
  writeFileSync(REPORT, renderReport(runs, machine));
  process.stderr.write("bench: wrote docs/benchmarks.md\n");
}

/** `work`, or an error naming the benchmark once `ms` have passed (what it started is killed on exit). */
function withinLimit<T>(work: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`benchmark ${name} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** The runs in a file of JSON lines as `emit()` printed them (other lines are skipped). */
function savedRuns(file: string): Row[][] {
  const runs = new Map<number, Row[]>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.startsWith("{")) continue;
    const { suite: _suite, run = 1, ratio: _ratio, ...row } = JSON.parse(line) as Row & { suite: string; run?: number; ratio?: number };
    runs.set(run, [...(runs.get(run) ?? []), row]);
  }
  return [...runs.values()];
}

main(process.argv.slice(2)).then(
  () => {
    // Everything is closed by now; anything still keeping the process alive is a benchmark's leftover.
    setTimeout(() => {
      process.stderr.write(`bench failed: still running 10 s after the last benchmark, kept alive by ${process.getActiveResourcesInfo().join(", ")}\n`);
      process.exit(1);
    }, 10_000).unref();
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    // Exit now, whatever the failed benchmark left waiting; the processes it started go with it (child.ts).
    process.exit(1);
  },
);
