import { fork, type ChildProcess, type StdioOptions } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

/**
 * The processes a benchmark starts: workers, one-shot measurements, emulators. Every one is
 * forked with an IPC channel and exits when it closes, so none outlives the benchmark process,
 * even one killed by a timeout (`exitWithParent()`, `serveRounds()`, emulator-server.js); those
 * still running when the benchmark process exits are killed.
 */
const live = new Set<ChildProcess>();
/** The pids of every process started so far: `main.ts --smoke` prints them, spec/bench checks none is left. */
export const startedPids: number[] = [];
/** The pids of those still running: none once every benchmark has closed what it started. */
export const runningPids = () => [...live].flatMap((child) => (child.pid === undefined ? [] : [child.pid]));
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/** Where this process's children find bench/*.ts as JavaScript: inside the package, so `fal-rx` resolves to dist/ by its own name. */
const OUT_ROOT = join(__dirname, "..", ".bench-tmp");
const OUT = join(OUT_ROOT, `js-${process.pid}`);
let compiled = false;

/**
 * bench/*.ts compiled to CommonJS once per benchmark process, with esbuild. Children run that
 * JavaScript, not ts-node: ts-node loads TypeScript and compiles the imports again in every process,
 * about 1 s of CPU each (2 s of wall on a busy 2-core machine), and a smoke run started 16 of them.
 * Each benchmark process has a folder of its own, removed when it exits (and, if it was killed, by
 * the next one): a run keeps the code it started with while the sources are edited and run again.
 */
function compiledScript(script: string): string {
  if (!compiled) {
    for (const folder of existsSync(OUT_ROOT) ? readdirSync(OUT_ROOT) : []) {
      const pid = /^js-(\d+)$/.exec(folder)?.[1];
      if (pid && !isRunning(Number(pid))) rmSync(join(OUT_ROOT, folder), { recursive: true, force: true });
    }
    // Required here, not imported: workers import this module, and they compile nothing.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildSync } = require("esbuild") as typeof import("esbuild");
    const entryPoints = readdirSync(__dirname).filter((file) => file.endsWith(".ts")).map((file) => join(__dirname, file));
    buildSync({ entryPoints, outdir: OUT, format: "cjs", platform: "node", target: "node20", sourcemap: "inline", logLevel: "silent" });
    process.once("exit", () => rmSync(OUT, { recursive: true, force: true }));
    compiled = true;
  }
  return join(OUT, script.replace(/\.ts$/, ".js"));
}

/** Is there a process `pid`? (Signal 0 only checks; EPERM: there is, someone else's.) */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Forks `script` (in bench/: TypeScript, run compiled, or JavaScript as it is) with `env` and an
 * IPC channel, under the benchmark's control: killed if still running when this process exits.
 */
export function forkScript(script: string, env: Record<string, string>, stdio: StdioOptions): ChildProcess {
  const path = script.endsWith(".ts") ? compiledScript(script) : join(__dirname, script);
  // execArgv given, so a profiled or ts-node parent's flags are not inherited.
  const child = fork(path, [], { execArgv: ["--expose-gc", "--enable-source-maps"], env: { ...process.env, ...env }, stdio });
  live.add(child);
  if (child.pid !== undefined) startedPids.push(child.pid);
  child.once("exit", () => live.delete(child));
  // An "error" (a failed spawn, a send on a closed channel) must not be thrown here: the exit or
  // the time limit that follows reports it.
  child.on("error", () => undefined);
  return child;
}

/** Has `child` exited (or never started)? */
export const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/** Kills `child` if it is still running `ms` from now: `fired` says whether it did, `cancel()` stops the clock. */
export function killAfter(child: ChildProcess, ms: number): { readonly fired: boolean; cancel(): void } {
  let fired = false;
  const timer = setTimeout(() => {
    fired = true;
    child.kill("SIGKILL");
  }, ms);
  return {
    get fired() {
      return fired;
    },
    cancel: () => clearTimeout(timer),
  };
}

/**
 * Ends a child started by {@link forkScript}: closes its IPC channel (it exits on that) and
 * resolves once it has exited, killing it if it has not within `graceMs`.
 */
export function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (exited(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    if (child.connected) child.disconnect();
    else child.kill("SIGTERM");
  });
}

/**
 * Called first by a script run with {@link runChild}: it exits when the benchmark process goes
 * away (its IPC channel closes), and the channel alone does not keep it running once its work is done.
 */
export function exitWithParent(): void {
  process.channel?.unref();
  process.once("disconnect", () => process.exit(1));
}

/**
 * Runs a bench script in a fresh node process and returns the JSON it prints last. For what a
 * shared process would blur: peak RSS (memory a previous contender's run took and the heap kept
 * is not reported again), and a clean heap and pool per measurement. Killed after `timeoutMs`.
 */
export function runChild<T>(script: string, env: Record<string, string>, timeoutMs: number): Promise<T> {
  const child = forkScript(script, env, ["ignore", "pipe", "pipe", "ipc"]);
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const limit = killAfter(child, timeoutMs);
  return new Promise((resolve, reject) => {
    child.once("close", (code, signal) => {
      limit.cancel();
      if (code !== 0) {
        const how = limit.fired ? `killed after the ${timeoutMs / 1000} s timeout` : code === null ? `killed (${signal})` : `exit code ${code}`;
        return reject(new Error(`${script} ${JSON.stringify(env).slice(0, 200)} failed: ${how}\n${stderr}`));
      }
      const last = stdout.trim().split("\n").pop() ?? "";
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no JSON result:\n${stdout}\n${stderr}`));
      }
    });
  });
}
