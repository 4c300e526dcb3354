import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { Contender, Samples } from "./harness";

/** What a worker is asked: a round of `compare()` (no `task`), or a task of the benchmark's own. */
export interface WorkerMessage {
  warmup: boolean;
  task?: string;
}

/** What a worker answers for one round: its samples, and anything else the benchmark collects. */
export interface Answer {
  samples?: Samples;
  extra?: unknown;
  error?: string;
}

/**
 * A contender that lives in a process of its own for the whole benchmark, told by `compare()` to
 * run each round (IPC), so the clients still alternate round by round (machine load drifting over
 * seconds hits each alike) while none shares a heap or a JIT with another: in one process the
 * contender that allocates more leaves garbage the next one's rounds collect, and undici's code,
 * shared by every client there, is compiled for all of their call shapes at once.
 * `script` (in bench/) calls {@link serveRounds}; `onExtra` gets what a round sent besides samples;
 * `ask()` sends a task of the benchmark's own (several workers may be asked at once).
 */
export function workerContender(
  name: string,
  script: string,
  env: Record<string, string>,
  onExtra?: (extra: unknown, warmup: boolean) => void,
): Contender & { ask(message: WorkerMessage): Promise<Answer>; close(): void } {
  let child: ChildProcess | undefined;
  const start = () =>
    fork(join(__dirname, script), [], {
      execArgv: ["--expose-gc", "-r", require.resolve("ts-node/register/transpile-only")],
      env: { ...process.env, ...env, TS_NODE_PROJECT: join(__dirname, "tsconfig.json") },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
  const ask = (message: WorkerMessage) => {
    const worker = (child ??= start());
    return new Promise<Answer>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`${name} (${script}) exited with ${code}`));
      worker.once("exit", onExit);
      worker.once("message", (answer: Answer) => {
        worker.off("exit", onExit);
        if (answer.error !== undefined) reject(new Error(`${name} (${script}): ${answer.error}`));
        else resolve(answer);
      });
      worker.send(message);
    });
  };
  return {
    name,
    async run(round) {
      const answer = await ask(round);
      if (answer.extra !== undefined) onExtra?.(answer.extra, round.warmup);
      return answer.samples ?? {};
    },
    ask,
    close() {
      child?.disconnect();
      child = undefined;
    },
  };
}

/** The worker's side: answers each message from {@link workerContender} with `round`, until disconnected. */
export function serveRounds(round: (message: WorkerMessage) => Promise<{ samples?: Samples; extra?: unknown }>): void {
  // Pooled keep-alive sockets would keep it running once the benchmark is done with it.
  process.once("disconnect", () => process.exit(0));
  process.on("message", (message: WorkerMessage) => {
    round(message).then(
      (answer) => process.send!(answer),
      (error: unknown) => process.send!({ error: (error as Error).stack ?? String(error) }),
    );
  });
}
