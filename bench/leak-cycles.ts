import type { FalClient } from "fal-rx";
import { sleep } from "./harness";
import type { OfficialClient } from "./official";

export type Mode = "polling" | "streaming";

/** A job still running when a cycle leaves it: one step, so no status change meanwhile. */
const INPUT = { duration_ms: 1000, steps: 1 };

/**
 * What the cycles of one measurement left behind: calls not settled yet, and, through a
 * FinalizationRegistry, how many cycles' objects (fal-rx's Subscription, the official client's
 * promise) survive a GC: anything still referencing a finished cycle shows as retained.
 */
export class CycleTracker {
  unsettled = 0;
  private registered = 0;
  private collected = 0;
  private readonly registry = new FinalizationRegistry<null>(() => this.collected++);

  started(handle: object): void {
    this.unsettled++;
    this.registered++;
    this.registry.register(handle, null);
  }

  settled(): void {
    this.unsettled--;
  }

  /** Cycles whose objects survived a full GC (finalizers run in a later task, hence the waits). */
  async retained(gc: () => void): Promise<number> {
    for (let i = 0; i < 3; i++) {
      gc();
      await sleep(10);
    }
    return this.registered - this.collected;
  }

  /**
   * Resolves once every call has settled, or after `ms`. The official client's streaming calls
   * settle only when their job ends; one still running when the emulator closes retries its
   * requests with backoff (up to seconds) against a closed port, and keeps the process alive.
   */
  async drained(ms: number): Promise<void> {
    for (const end = performance.now() + ms; this.unsettled > 0 && performance.now() < end; ) await sleep(10);
  }
}

/**
 * One subscribe-then-unsubscribe cycle per client: subscribe to a 1 s job, wait until it is being
 * watched (the first status after the submit answer: a poll's, or the status stream's), then leave
 * in the next macrotask, i.e. between polls or with the stream open. fal-rx leaves by
 * `unsubscribe()`; the official client by `AbortController.abort()`, its documented way. Resolves
 * once the client was told to leave.
 */
export function cycles(falRx: FalClient, official: OfficialClient): Record<string, (mode: Mode, tracker: CycleTracker) => Promise<void>> {
  return {
    "fal-rx": (mode, tracker) =>
      new Promise((resolve, reject) => {
        let statuses = 0;
        const subscription = falRx.subscribe$("fal-ai/slow", { input: INPUT, mode }).subscribe({
          next: (event) => {
            // The first status is the submit answer; the second comes from watching.
            if (event.type !== "status" || ++statuses !== 2) return;
            setImmediate(() => {
              subscription.unsubscribe();
              // Settled at once, or never: nothing else would end it.
              if (subscription.closed) tracker.settled();
              resolve();
            });
          },
          error: reject,
          complete: () => reject(new Error("fal-rx: the job completed before the cycle left it")),
        });
        tracker.started(subscription);
      }),
    official: (mode, tracker) =>
      new Promise((resolve, reject) => {
        const controller = new AbortController();
        let left = false;
        const call = official.subscribe("fal-ai/slow", {
          input: INPUT,
          mode,
          abortSignal: controller.signal,
          onQueueUpdate: () => {
            if (left) return;
            left = true;
            setImmediate(() => {
              controller.abort();
              resolve();
            });
          },
        });
        tracker.started(call);
        // Polling rejects once its pending timer fires; streaming ignores the signal and resolves
        // when the job ends.
        call.then(
          () => tracker.settled(),
          (error: unknown) => {
            tracker.settled();
            if (!left) reject(error as Error);
          },
        );
      }),
  };
}
