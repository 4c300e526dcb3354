import { exited, forkScript, killAfter, stopChild } from "./child";
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
 * `script` (in bench/) calls {@link serveRounds}; it starts at once, so a benchmark's workers start
 * side by side. `ask()` sends a task of the benchmark's own and returns the whole answer (several
 * workers may be asked at once, each one thing at a time). A worker that has not answered within
 * `timeoutMs` is killed and the round fails; `close()` ends it.
 */
export function workerContender(
  name: string,
  script: string,
  env: Record<string, string>,
  timeoutMs: number,
): Contender & { ask(message: WorkerMessage): Promise<Answer>; close(): Promise<void> } {
  const worker = forkScript(script, env, ["ignore", "inherit", "inherit", "ipc"]);
  const ask = (message: WorkerMessage) =>
    new Promise<Answer>((resolve, reject) => {
      const task = `${name} (${script}, ${JSON.stringify(message)})`;
      if (exited(worker)) return reject(new Error(`${task}: the worker had exited with ${worker.exitCode ?? worker.signalCode}`));
      const limit = killAfter(worker, timeoutMs);
      const onExit = (code: number | null, signal: string | null) => {
        limit.cancel();
        reject(new Error(`${task}: ${limit.fired ? `no answer within ${timeoutMs / 1000} s, killed` : `the worker exited with ${code ?? signal}`}`));
      };
      worker.once("exit", onExit);
      worker.once("message", (answer: Answer) => {
        limit.cancel();
        worker.off("exit", onExit);
        if (answer.error !== undefined) reject(new Error(`${task}: ${answer.error}`));
        else resolve(answer);
      });
      worker.send(message);
    });
  return {
    name,
    run: async (round) => (await ask(round)).samples ?? {},
    ask,
    close: () => stopChild(worker),
  };
}

/** The worker's side: answers each message from {@link workerContender} with `round`, until disconnected. */
export function serveRounds(round: (message: WorkerMessage) => Promise<{ samples?: Samples; extra?: unknown }>): void {
  // The channel closes when the benchmark is done with it, or gone: exit then, whatever pooled
  // keep-alive sockets or a round still in flight would keep running.
  process.once("disconnect", () => process.exit(0));
  process.on("message", (message: WorkerMessage) => {
    round(message).then(
      (answer) => process.send!(answer),
      (error: unknown) => process.send!({ error: (error as Error).stack ?? String(error) }),
    );
  });
}
