import type { BaseUrls } from "fal-rx";
import { forkScript, stopChild } from "./child";

/** The key the bench emulator requires (it gets it in its options) and the clients send. */
export const BENCH_KEY = "bench-key:secret";

/** How long an emulator may take to listen: it takes well under a second. */
const START_TIMEOUT_MS = 20_000;

/**
 * The emulator in its own process, so the benchmark process's CPU time is the client's alone.
 * It sends its URLs (IPC) once listening, and exits when `close()` or the end of this process
 * closes its channel.
 */
export async function startEmulatorProcess(options: Record<string, unknown> = {}): Promise<{ baseUrls: BaseUrls; close(): Promise<void> }> {
  // No stdout: the benchmark's own is its JSON lines.
  const child = forkScript("emulator-server.js", { EMULATOR_OPTIONS: JSON.stringify({ key: BENCH_KEY, ...options }) }, ["ignore", "ignore", "inherit", "ipc"]);
  try {
    const { baseUrls } = await new Promise<{ baseUrls: BaseUrls }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the emulator did not listen within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      child.once("message", (message: { baseUrls: BaseUrls }) => {
        clearTimeout(timer);
        resolve(message);
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the emulator exited with ${code ?? signal} before listening`));
      });
    });
    return { baseUrls, close: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}
