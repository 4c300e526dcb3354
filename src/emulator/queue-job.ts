import type { EndpointDefinition } from "./endpoints.js";
import type { JobOutcome } from "./job-outcome.js";
import { newRequestId, type LogLine } from "./jobs.js";

/** A queued request, as the emulator tracks it (tests read it with `emulator.job(id)`). */
export interface QueueJob {
  readonly requestId: string;
  /** The endpoint id it was submitted to (`owner/alias[/path]`). */
  readonly endpoint: string;
  /** `[namespace/]owner/alias`: what its request routes are under. */
  readonly appId: string;
  readonly input: unknown;
  readonly priority: "normal" | "low";
  readonly webhookUrl: string | undefined;
  readonly status: "IN_QUEUE" | "IN_PROGRESS" | "COMPLETED";
  /** A cancel was asked for (PUT cancel_url). */
  readonly cancelled: boolean;
  readonly logs: readonly LogLine[];
  readonly outcome: JobOutcome | undefined;
  /** Seconds from start to finish, when it ran. */
  readonly inferenceTime: number | undefined;
}

/** Told when what a status of its job shows may have changed: status, queue position, a log line. */
export type JobWatcher = (job: QueueJob) => void;

/**
 * A job as the queue holds it: the public fields, writable, plus what running it takes. Everything
 * about one job lives here, so nothing is left behind in a side table when it ends or is forgotten.
 */
export type Job = { -readonly [K in keyof QueueJob]: QueueJob[K] } & {
  logs: LogLine[];
  /** The handler it runs; dropped once it completes. */
  definition: EndpointDefinition | undefined;
  /** Set while it runs: aborting it signals the handler (cancel, close, reset). */
  abort: AbortController | undefined;
  /** While it waits with an `x-fal-request-timeout`: fails it when the wait runs out. */
  startTimer: ReturnType<typeof setTimeout> | undefined;
  /** `Date.now()` at its start, for `inferenceTime`. */
  startedAt: number | undefined;
  /** Jobs of its endpoint that start before it while it waits, 0 otherwise: kept by its `EndpointLine`. */
  position: number;
  /** Its open status streams. */
  readonly watchers: Set<JobWatcher>;
};

/** A new job, waiting: with no line yet (its `EndpointLine` places it). */
export function createJob(
  endpoint: { id: string; appId: string; definition: EndpointDefinition },
  input: unknown,
  options: Pick<QueueJob, "priority" | "webhookUrl">,
): Job {
  return {
    requestId: newRequestId(),
    endpoint: endpoint.id,
    appId: endpoint.appId,
    input,
    ...options,
    status: "IN_QUEUE",
    cancelled: false,
    logs: [],
    outcome: undefined,
    inferenceTime: undefined,
    definition: endpoint.definition,
    abort: undefined,
    startTimer: undefined,
    startedAt: undefined,
    position: 0,
    watchers: new Set(),
  };
}
