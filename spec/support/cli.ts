import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";

/** The built CLI (npm test builds first), run as a user would: a child process. */
export const BIN = resolve(__dirname, "..", "..", "dist", "cjs", "cli", "bin.js");

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI; `done` resolves when it exits (killed after `timeoutMs`, so nothing hangs). */
export function startCli(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 15_000) {
  const child: ChildProcess = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliRun>((resolveRun) => {
    const killer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(killer);
      // Let the pipes drain before reporting.
      setImmediate(() => resolveRun({ code, signal, stdout, stderr }));
    });
  });
  return { child, done, output: () => ({ stdout, stderr }) };
}

export function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return startCli(args, env).done;
}

