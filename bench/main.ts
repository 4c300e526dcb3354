/**
 * `npm run bench [-- --quick] [-- --only name,name]`: runs each benchmark with fal-rx and the
 * official @fal-ai/client in one process run, prints JSON lines, and writes docs/benchmarks.md.
 * `--smoke` runs each once with tiny sizes and writes nothing (spec/bench keeps the scripts alive);
 * `--no-write` prints the JSON lines only (a partial or trial run leaves docs/benchmarks.md alone).
 */
import { cpus } from "node:os";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { bundleBench } from "./bundle.bench";
import { concurrentBench } from "./concurrent.bench";
import { emit, type Options, type Row } from "./harness";
import { leaksBench } from "./leaks.bench";
import { renderReport } from "./report";
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

async function main(argv: string[]): Promise<void> {
  const quick = argv.includes("--quick") || argv.includes("--smoke");
  const smoke = argv.includes("--smoke");
  const onlyIndex = argv.indexOf("--only");
  const only = onlyIndex >= 0 ? argv[onlyIndex + 1]!.split(",") : Object.keys(BENCHES);
  const rows: Row[] = [];
  for (const name of only) {
    const bench = BENCHES[name];
    if (!bench) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(BENCHES).join(", ")}`);
    process.stderr.write(`bench: ${name}…\n`);
    for (const row of await bench({ quick, smoke })) {
      emit(row, name);
      rows.push(row);
    }
  }
  if (smoke || argv.includes("--no-write")) return;
  const machine = { date: new Date().toISOString().slice(0, 10), node: process.version, cpu: `${cpus()[0]?.model ?? "unknown"} × ${cpus().length}`, quick };
  writeFileSync(join(__dirname, "..", "docs", "benchmarks.md"), renderReport(rows, machine));
  process.stderr.write("bench: wrote docs/benchmarks.md\n");
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
