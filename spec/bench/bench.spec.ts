import { execFile } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { isRunning } from "../../bench/child";

/**
 * The benchmarks are not part of `npm test` (they take minutes); this runs every one of them once
 * with tiny sizes (`bench/main.ts --smoke`, against the built package) so the scripts cannot rot:
 * each must print its JSON rows, with finite numbers, nothing may be written, and none of the
 * processes it starts (workers, emulators) may outlive it.
 */
const ROOT = resolve(__dirname, "..", "..");
const SUITES = ["bundle", "run", "stream", "subscribe", "concurrent", "leaks", "upload"];
const REPORT = resolve(ROOT, "docs", "benchmarks.md");

interface Line {
  suite: string;
  bench: string;
  metric: string;
  falRx: unknown;
  official: unknown;
}

function runSmoke(): Promise<{ code: number; stdout: string; stderr: string }> {
  const tsNode = require.resolve("ts-node/dist/bin.js");
  const args = ["--expose-gc", tsNode, "-T", "-P", "bench/tsconfig.json", "bench/main.ts", "--smoke"];
  return new Promise((done) => {
    execFile(process.execPath, args, { cwd: ROOT, timeout: 100_000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) =>
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("bench/main.ts --smoke", () => {
  let run: { code: number; stdout: string; stderr: string };
  let lines: Line[];
  const reportBefore = existsSync(REPORT) ? statSync(REPORT).mtimeMs : undefined;

  beforeAll(async () => {
    if (!existsSync(resolve(ROOT, "dist/cjs/index.js"))) throw new Error("dist/ is missing: run `npm run build` (npm test does)");
    run = await runSmoke();
    lines = run.stdout
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as Line);
  }, 120_000);

  it("exits with 0", () => {
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.not.stringContaining("bench failed") });
  });

  it("prints JSON rows for every benchmark", () => {
    expect([...new Set(lines.map((line) => line.suite))].sort()).toEqual([...SUITES].sort());
  });

  it("reports a finite fal-rx figure and a finite or absent official one in every row", () => {
    const bad = lines.filter(
      (line) => !Number.isFinite(line.falRx) || !(line.official === undefined || Number.isFinite(line.official)),
    );
    expect(bad).toEqual([]);
  });

  it("writes no report", () => {
    expect(existsSync(REPORT) ? statSync(REPORT).mtimeMs : undefined).toBe(reportBefore);
  });

  it("stops every process it started before it ends, and leaves none running", () => {
    const [, started = "", running] = /bench: child processes ([\d,]*); still running: (\S+)/.exec(run.stderr) ?? [];
    const pids = started.split(",").filter(Boolean).map(Number);
    expect(pids.length).toBeGreaterThan(0);
    expect(running).toBe("none");
    expect(pids.filter(isRunning)).toEqual([]);
  });
});

