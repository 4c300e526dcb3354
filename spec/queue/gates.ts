import type { EndpointDefinition, JobContext } from "../../src/emulator/index";

/**
 * Named gates a test opens one step at a time, so a job's progress (and so the statuses a client
 * sees) is decided by the test, not by timing. A gate opened before anyone waits stays open once.
 */
export class Gates {
  private readonly waiters = new Map<string, (() => void)[]>();
  private readonly credits = new Map<string, number>();

  /** Resolves when `name` is opened; rejects when `signal` aborts (the job was cancelled). */
  wait(name: string, signal: AbortSignal): Promise<void> {
    const credit = this.credits.get(name) ?? 0;
    if (credit > 0) {
      this.credits.set(name, credit - 1);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const release = () => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        this.waiters.set(name, (this.waiters.get(name) ?? []).filter((waiter) => waiter !== release));
        reject(signal.reason);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiters.set(name, [...(this.waiters.get(name) ?? []), release]);
    });
  }

  /** Lets one waiter of `name` through (or the next one to come). */
  open(name: string): void {
    const [first, ...rest] = this.waiters.get(name) ?? [];
    if (first) {
      this.waiters.set(name, rest);
      first();
    } else {
      this.credits.set(name, (this.credits.get(name) ?? 0) + 1);
    }
  }

  /** How many jobs wait at `name`. */
  waiting(name: string): number {
    return this.waiters.get(name)?.length ?? 0;
  }
}

export interface GatedInput {
  /** The gate this job waits at. */
  name: string;
  /** Lines to log, each after its gate opens. */
  logs?: string[];
}

/**
 * An endpoint that waits at gate `name` before each log line and once more before returning
 * `{name}`. Cancellable at any gate.
 */
export function gatedEndpoint(gates: Gates): EndpointDefinition {
  return {
    async run(input: GatedInput, ctx: JobContext) {
      for (const line of input.logs ?? []) {
        await gates.wait(input.name, ctx.signal);
        ctx.log(line);
      }
      await gates.wait(input.name, ctx.signal);
      return { name: input.name };
    },
  };
}
