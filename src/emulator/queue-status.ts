import type { LogLine } from "./jobs.js";
import type { JobQueue } from "./queue.js";
import type { QueueJob } from "./queue-job.js";

/** The URLs submit returns for a job: under `base` (the emulator's queue URL, or `publicUrl`). */
export function jobUrls(base: string, job: QueueJob): { response_url: string; status_url: string; cancel_url: string } {
  const request = `${base}/${job.appId}/requests/${job.requestId}`;
  return { response_url: request, status_url: `${request}/status`, cancel_url: `${request}/cancel` };
}

/**
 * A job's status in fal's shape. `logs` is what to put in `logs`: every line for a poll with
 * `logs=1`, only the new ones for a status-stream event, `null` when logs were not asked for.
 */
export function statusBody(queue: JobQueue, job: QueueJob, base: string, logs: readonly LogLine[] | null): Record<string, unknown> {
  const common = { request_id: job.requestId, ...jobUrls(base, job) };
  switch (job.status) {
    case "IN_QUEUE":
      return { status: "IN_QUEUE", queue_position: queue.position(job), logs: null, ...common };
    case "IN_PROGRESS":
      return { status: "IN_PROGRESS", logs, ...common };
    case "COMPLETED": {
      const { error, errorType } = job.outcome!;
      return {
        status: "COMPLETED",
        logs,
        metrics: job.inferenceTime === undefined ? {} : { inference_time: job.inferenceTime },
        ...(error !== undefined ? { error, error_type: errorType } : {}),
        ...common,
      };
    }
  }
}

/**
 * What a status without logs shows of a job: its status and, while it waits, its position. Two
 * statuses with the same key have the same body (a COMPLETED job's outcome never changes).
 */
export function statusKey(queue: JobQueue, job: QueueJob): string {
  return job.status === "IN_QUEUE" ? `IN_QUEUE ${queue.position(job)}` : job.status;
}

// Keyed weakly by job: a forgotten job's text goes with it.
const statusTexts = new WeakMap<QueueJob, { key: string; text: string }>();

/**
 * `statusBody(..., null)` as JSON text, serialised once per state of the job (and `base`) however
 * many status streams and polls ask for it.
 */
export function statusText(queue: JobQueue, job: QueueJob, base: string): string {
  const key = `${statusKey(queue, job)} ${base}`;
  const cached = statusTexts.get(job);
  if (cached?.key === key) return cached.text;
  const text = JSON.stringify(statusBody(queue, job, base, null));
  statusTexts.set(job, { key, text });
  return text;
}
