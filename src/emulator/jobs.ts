import { randomUUID } from "node:crypto";

/** A log line, as fal reports them in queue statuses. */
export interface LogLine {
  message: string;
  level: "STDERR" | "STDOUT" | "ERROR" | "INFO" | "WARN" | "DEBUG";
  source: string;
  timestamp: string;
}


/** What an endpoint handler gets besides its input. */
export interface JobContext {
  readonly requestId: string;
  /** Aborted when the job is cancelled or the caller of a synchronous run disconnects. */
  readonly signal: AbortSignal;
  /** Appends a log line (seen in queue statuses with `logs=1`). */
  log(message: string, level?: LogLine["level"]): void;
  /** Resolves after `ms`, rejects when `signal` aborts: a handler that sleeps is cancellable. */
  sleep(ms: number): Promise<void>;
}

/** A handler's context for one request; `logs` collects what it logs. */
export function createJobContext(requestId: string, signal: AbortSignal, logs: LogLine[], onLog?: () => void): JobContext {
  return {
    requestId,
    signal,
    log(message, level = "INFO") {
      logs.push({ message, level, source: "user", timestamp: new Date().toISOString() });
      onLog?.();
    },
    sleep(ms) {
      return new Promise<void>((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason);
        const timer = setTimeout(() => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        }, ms);
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal.reason);
        };
        signal.addEventListener("abort", onAbort, { once: true });
      });
    },
  };
}

/** A request id in fal's shape (a UUID). */
export function newRequestId(): string {
  return randomUUID();
}
