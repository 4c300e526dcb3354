import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { BaseUrls } from "fal-rx";

/** The key the bench emulator requires (it gets it in its options) and the clients send. */
export const BENCH_KEY = "bench-key:secret";

/**
 * The emulator in its own process, so the benchmark process's CPU time is the client's alone.
 * It prints one JSON line with its URLs once listening.
 */
export async function startEmulatorProcess(options: Record<string, unknown> = {}): Promise<{ baseUrls: BaseUrls; close(): Promise<void> }> {
  const child = spawn(process.execPath, [join(__dirname, "emulator-server.js")], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, EMULATOR_OPTIONS: JSON.stringify({ key: BENCH_KEY, ...options }) },
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  const { baseUrls } = JSON.parse(first) as { baseUrls: BaseUrls };
  return {
    baseUrls,
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
