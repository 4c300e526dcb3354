import { execFile } from "node:child_process";
import { join } from "node:path";

/**
 * Runs a bench script (TypeScript, in bench/) in a fresh node process and returns the JSON it
 * prints last. For what a shared process would blur: peak RSS (memory a previous contender's run
 * took and the heap kept is not reported again), and a clean heap and pool per measurement.
 */
export function runChild<T>(script: string, env: Record<string, string>, timeoutMs = 120_000): Promise<T> {
  const args = ["--expose-gc", "-r", require.resolve("ts-node/register/transpile-only"), join(__dirname, script)];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { env: { ...process.env, ...env, TS_NODE_PROJECT: join(__dirname, "tsconfig.json") }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${script} failed: ${error.message}\n${stderr}`));
        const last = stdout.trim().split("\n").pop() ?? "";
        try {
          resolve(JSON.parse(last) as T);
        } catch {
          reject(new Error(`${script} printed no JSON result:\n${stdout}\n${stderr}`));
        }
      },
    );
  });
}
