import { Observable, type MonoTypeOperatorFunction } from "rxjs";
import type { QueueLogLine, QueueStatus } from "../wire/queue.js";

/**
 * Lets a status through only when something changed: the status itself, the queue position, or new
 * log lines. Every IN_PROGRESS and COMPLETED status it emits carries all log lines so far, whether
 * the source sent all lines each time (polls) or only new ones (status-stream events).
 *
 * `seed` is a status already emitted (the submit answer): an equal first poll is then dropped.
 *
 * One operator rather than `scan` + `filter` + `map`: every job in flight holds it between polls.
 *
 * @example
 * polls$.pipe(statusChanges(submitted)) // IN_QUEUE(2) IN_QUEUE(2) IN_QUEUE(1) -> IN_QUEUE(1)
 */
export function statusChanges(seed?: QueueStatus): MonoTypeOperatorFunction<QueueStatus> {
  return (source) =>
    new Observable<QueueStatus>((subscriber) => {
      // The last status let through (`undefined` before the first), and every log line so far.
      let last = seed;
      let logs: readonly QueueLogLine[] = seed && "logs" in seed ? seed.logs : [];
      return source.subscribe({
        next: (incoming) => {
          if ("logs" in incoming) logs = mergeLogs(logs, incoming.logs);
          const status = "logs" in incoming ? ({ ...incoming, logs } as QueueStatus) : incoming;
          if (!differs(last, status)) return;
          last = status;
          subscriber.next(status);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}

function differs(before: QueueStatus | undefined, after: QueueStatus): boolean {
  if (!before || before.status !== after.status) return true;
  if (before.status === "IN_QUEUE" && after.status === "IN_QUEUE") return before.queue_position !== after.queue_position;
  if ("logs" in before && "logs" in after) return before.logs.length !== after.logs.length;
  return false;
}

/**
 * Merges newly received log lines into those known. A source that resends everything (a poll, or a
 * reconnected stream) overlaps the known lines; one that sends deltas does not. The incoming lines
 * are placed after the longest suffix of `known` they start with, so neither kind duplicates lines.
 */
export function mergeLogs(known: readonly QueueLogLine[], incoming: readonly QueueLogLine[]): readonly QueueLogLine[] {
  if (incoming.length === 0) return known;
  // Only the last `incoming.length` known lines can overlap: key just those, not every line so far.
  const first = Math.max(0, known.length - incoming.length);
  const keys = known.slice(first).map(keyOf);
  const incomingKeys = incoming.map(keyOf);
  for (let start = first; start < known.length; start++) {
    if (keys.slice(start - first).every((key, i) => key === incomingKeys[i])) return [...known.slice(0, start), ...incoming];
  }
  return [...known, ...incoming];
}

function keyOf(line: QueueLogLine): string {
  return [line.timestamp, line.level, line.source, line.message].join("\u0000");
}
