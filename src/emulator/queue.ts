import type { EndpointDefinition } from "./endpoints.js";
import { CANCELLED, failureOf, outcomeOf, START_TIMED_OUT, type JobOutcome } from "./job-outcome.js";
import { createJobContext, newRequestId, type LogLine } from "./jobs.js";

/** The emulator's queue settings (`startEmulator({ queue })`). */
export interface QueueOptions {
  /**
   * Jobs of one endpoint that run at once; the others wait IN_QUEUE, their `queue_position`
   * moving as jobs ahead start. A number for every endpoint, or per endpoint id with `"*"` for the rest.
   * @default Infinity (every job starts right after its submit is answered)
   */
  concurrency?: number | Record<string, number>;
  /** ms between keep-alive comments on the status stream. @default 15000 (fal's) */
  keepAliveMs?: number;
  /** Base of the `status_url`/`response_url`/`cancel_url` submit returns. @default the emulator's queue URL */
  publicUrl?: string;
}

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

type Job = { -readonly [K in keyof QueueJob]: QueueJob[K] } & { logs: LogLine[]; startedAt?: number };

/**
 * The emulator's queue: jobs wait per endpoint up to its concurrency (normal priority before low,
 * first come first served), run their handler, and keep their outcome. Listeners hear every change.
 */
export class JobQueue {
  private readonly jobs = new Map<string, Job>();
  private readonly waiting: Job[] = [];
  private readonly handlers = new Map<string, EndpointDefinition>();
  private readonly aborts = new Map<string, AbortController>();
  private readonly listeners = new Set<(job: QueueJob) => void>();
  private readonly startTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly concurrency: QueueOptions["concurrency"],
    private readonly onComplete: (job: QueueJob) => void,
  ) {}

  /** Queues a job. `startTimeoutMs` (from `x-fal-request-timeout`): if it has not started by then, it fails with fal's user timeout. */
  submit(
    endpoint: { id: string; appId: string; definition: EndpointDefinition },
    input: unknown,
    options: Pick<QueueJob, "priority" | "webhookUrl"> & { startTimeoutMs?: number },
  ): QueueJob {
    const { startTimeoutMs, ...jobOptions } = options;
    const job: Job = {
      requestId: newRequestId(),
      endpoint: endpoint.id,
      appId: endpoint.appId,
      input,
      ...jobOptions,
      status: "IN_QUEUE",
      cancelled: false,
      logs: [],
      outcome: undefined,
      inferenceTime: undefined,
    };
    this.jobs.set(job.requestId, job);
    this.handlers.set(job.requestId, endpoint.definition);
    this.waiting.push(job);
    if (startTimeoutMs !== undefined) {
      const timer = setTimeout(() => this.expire(job), startTimeoutMs);
      this.startTimers.set(job.requestId, timer);
    }
    // After the submit answer is written: it reports the job IN_QUEUE, as fal's does.
    setImmediate(() => this.pump(job.endpoint));
    return job;
  }

  get(requestId: string): QueueJob | undefined {
    return this.jobs.get(requestId);
  }

  all(): QueueJob[] {
    return [...this.jobs.values()];
  }

  /** Requests of the same endpoint that will start before this one. */
  position(job: QueueJob): number {
    const index = this.ordered(job.endpoint).indexOf(job as Job);
    return Math.max(0, index);
  }

  /** Jobs of `endpoint` still waiting. */
  waitingFor(endpoint: string): number {
    return this.ordered(endpoint).length;
  }

  cancel(requestId: string): "CANCELLATION_REQUESTED" | "ALREADY_COMPLETED" {
    const job = this.jobs.get(requestId)!;
    if (job.status === "COMPLETED") return "ALREADY_COMPLETED";
    job.cancelled = true;
    if (job.status === "IN_QUEUE") {
      this.waiting.splice(this.waiting.indexOf(job), 1);
      this.complete(job, CANCELLED);
    } else {
      // A running job gets the signal; it ends as cancelled only if its handler honours it.
      this.aborts.get(requestId)?.abort(new Error("cancelled"));
    }
    return "CANCELLATION_REQUESTED";
  }

  onChange(listener: (job: QueueJob) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Cancels running jobs and forgets waiting ones (the emulator is closing). */
  close(): void {
    this.waiting.length = 0;
    for (const timer of this.startTimers.values()) clearTimeout(timer);
    for (const abort of this.aborts.values()) abort.abort(new Error("emulator closed"));
    this.listeners.clear();
  }

  private ordered(endpoint: string): Job[] {
    const mine = this.waiting.filter((job) => job.endpoint === endpoint);
    return [...mine.filter((job) => job.priority !== "low"), ...mine.filter((job) => job.priority === "low")];
  }

  private limit(endpoint: string): number {
    const { concurrency } = this;
    if (typeof concurrency === "number") return concurrency;
    return concurrency?.[endpoint] ?? concurrency?.["*"] ?? Infinity;
  }

  private pump(endpoint: string): void {
    while (this.running(endpoint) < this.limit(endpoint)) {
      const next = this.ordered(endpoint)[0];
      if (!next) return;
      this.waiting.splice(this.waiting.indexOf(next), 1);
      this.start(next);
    }
  }

  private running(endpoint: string): number {
    let count = 0;
    for (const id of this.aborts.keys()) if (this.jobs.get(id)!.endpoint === endpoint) count++;
    return count;
  }

  /** A job still waiting when its start timeout runs out: 504 `request_timeout`, as fal answers. */
  private expire(job: Job): void {
    this.startTimers.delete(job.requestId);
    if (job.status !== "IN_QUEUE") return;
    this.waiting.splice(this.waiting.indexOf(job), 1);
    this.complete(job, START_TIMED_OUT);
  }

  private start(job: Job): void {
    clearTimeout(this.startTimers.get(job.requestId));
    this.startTimers.delete(job.requestId);
    const abort = new AbortController();
    this.aborts.set(job.requestId, abort);
    job.status = "IN_PROGRESS";
    job.startedAt = Date.now();
    this.notify(job);
    const context = createJobContext(job.requestId, abort.signal, job.logs, () => this.notify(job));
    const handler = this.handlers.get(job.requestId)!;
    Promise.resolve()
      .then(() => handler.run(job.input, context))
      .then(
        (output) => this.complete(job, outcomeOf(output)),
        (error: unknown) => this.complete(job, job.cancelled && abort.signal.aborted ? CANCELLED : failureOf(error)),
      );
  }

  private complete(job: Job, outcome: JobOutcome): void {
    if (job.status === "COMPLETED") return;
    clearTimeout(this.startTimers.get(job.requestId));
    this.startTimers.delete(job.requestId);
    job.status = "COMPLETED";
    job.outcome = outcome;
    if (job.startedAt !== undefined) job.inferenceTime = (Date.now() - job.startedAt) / 1000;
    this.aborts.delete(job.requestId);
    this.handlers.delete(job.requestId);
    this.notify(job);
    this.onComplete(job);
    this.pump(job.endpoint);
  }

  private notify(job: Job): void {
    for (const listener of [...this.listeners]) listener(job);
  }
}
