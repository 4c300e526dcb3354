// From node:timers, not the global: a jsdom test environment (Angular component tests) has no setImmediate.
import { setImmediate } from "node:timers";
import { EndpointLine } from "./endpoint-line.js";
import type { EndpointDefinition } from "./endpoints.js";
import { CANCELLED, failureOf, outcomeOf, START_TIMED_OUT, type JobOutcome } from "./job-outcome.js";
import { createJobContext } from "./jobs.js";
import { createJob, type Job, type JobWatcher, type QueueJob } from "./queue-job.js";

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

/**
 * The emulator's queue: jobs wait per endpoint up to its concurrency (normal priority before low,
 * first come first served), run their handler, and keep their outcome. A job's watchers (its open
 * status streams) are told when it changes, and when its queue position moves.
 */
export class JobQueue {
  private readonly jobs = new Map<string, Job>();
  private readonly lines = new Map<string, EndpointLine>();

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
    const job = createJob(endpoint, input, jobOptions);
    this.jobs.set(job.requestId, job);
    this.lineOf(job.endpoint).add(job);
    // A normal-priority job goes ahead of waiting low-priority ones: their streams hear it now.
    this.changed(job);
    if (startTimeoutMs !== undefined) job.startTimer = setTimeout(() => this.expire(job), startTimeoutMs);
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

  /** Whether the queue still holds this job: `false` once {@link clear} forgot it. */
  holds(job: QueueJob): boolean {
    return this.jobs.get(job.requestId) === job;
  }

  /** Requests of the same endpoint that will start before this one (0 once it left the line). */
  position(job: QueueJob): number {
    return (job as Job).position;
  }

  /** Jobs of `endpoint` still waiting. */
  waitingFor(endpoint: string): number {
    return this.lines.get(endpoint)?.waiting ?? 0;
  }

  cancel(requestId: string): "CANCELLATION_REQUESTED" | "ALREADY_COMPLETED" {
    const job = this.jobs.get(requestId)!;
    if (job.status === "COMPLETED") return "ALREADY_COMPLETED";
    job.cancelled = true;
    if (job.status === "IN_QUEUE") {
      this.lineOf(job.endpoint).remove(job);
      this.complete(job, CANCELLED);
    } else {
      // A running job gets the signal; it ends as cancelled only if its handler honours it.
      job.abort?.abort(new Error("cancelled"));
    }
    return "CANCELLATION_REQUESTED";
  }

  /** Calls `watcher` on every change of `job` a status shows; returns the unsubscribe. */
  watch(job: QueueJob, watcher: JobWatcher): () => void {
    const { watchers } = job as Job;
    watchers.add(watcher);
    return () => watchers.delete(watcher);
  }

  /**
   * Forgets every job (`emulator.reset()`): waiting ones are dropped, running ones get the abort
   * signal and whatever they do after is ignored (they never complete, send no webhook, take no
   * slot), and their watchers are told one last time, to see the job gone.
   */
  clear(): void {
    const forgotten = [...this.jobs.values()];
    this.jobs.clear();
    this.lines.clear();
    for (const job of forgotten) {
      this.halt(job, "emulator reset");
      this.tell(job);
    }
  }

  /** Cancels running jobs and forgets waiting ones (the emulator is closing). */
  close(): void {
    for (const line of this.lines.values()) line.clear();
    for (const job of this.jobs.values()) {
      job.watchers.clear();
      this.halt(job, "emulator closed");
    }
  }

  private halt(job: Job, why: string): void {
    disarmStartTimer(job);
    job.abort?.abort(new Error(why));
  }

  private lineOf(endpoint: string): EndpointLine {
    let line = this.lines.get(endpoint);
    if (!line) this.lines.set(endpoint, (line = new EndpointLine()));
    return line;
  }

  private limit(endpoint: string): number {
    const { concurrency } = this;
    if (typeof concurrency === "number") return concurrency;
    return concurrency?.[endpoint] ?? concurrency?.["*"] ?? Infinity;
  }

  private pump(endpoint: string): void {
    const line = this.lines.get(endpoint);
    while (line && line.running < this.limit(endpoint)) {
      const next = line.next();
      if (!next) return;
      line.remove(next);
      this.start(next, line);
    }
  }

  /** A job still waiting when its start timeout runs out: 504 `request_timeout`, as fal answers. */
  private expire(job: Job): void {
    job.startTimer = undefined;
    if (job.status !== "IN_QUEUE" || !this.holds(job)) return;
    this.lineOf(job.endpoint).remove(job);
    this.complete(job, START_TIMED_OUT);
  }

  private start(job: Job, line: EndpointLine): void {
    disarmStartTimer(job);
    const abort = (job.abort = new AbortController());
    line.running++;
    job.status = "IN_PROGRESS";
    job.startedAt = Date.now();
    this.changed(job);
    const context = createJobContext(job.requestId, abort.signal, job.logs, () => this.changed(job));
    const handler = job.definition!;
    Promise.resolve()
      .then(() => handler.run(job.input, context))
      .then(
        (output) => this.complete(job, outcomeOf(output)),
        (error: unknown) => this.complete(job, job.cancelled && abort.signal.aborted ? CANCELLED : failureOf(error)),
      );
  }

  private complete(job: Job, outcome: JobOutcome): void {
    // A job forgotten by clear() ends unseen: the queue it counted in is gone.
    if (job.status === "COMPLETED" || !this.holds(job)) return;
    disarmStartTimer(job);
    job.status = "COMPLETED";
    job.outcome = outcome;
    if (job.startedAt !== undefined) job.inferenceTime = (Date.now() - job.startedAt) / 1000;
    if (job.abort) this.lineOf(job.endpoint).running--;
    job.abort = undefined;
    job.definition = undefined;
    this.changed(job);
    this.onComplete(job);
    this.pump(job.endpoint);
  }

  /**
   * `job` changed: its watchers are told, and so are those of the jobs whose position moved since
   * the last change of the endpoint (a start or removal moves the jobs behind it; a submit moves
   * the low-priority ones). No other job's status can have changed.
   */
  private changed(job: Job): void {
    if (!this.holds(job)) return;
    this.tell(job);
    for (const moved of this.lineOf(job.endpoint).takeMoved()) if (moved !== job) this.tell(moved);
  }

  private tell(job: Job): void {
    for (const watcher of [...job.watchers]) watcher(job);
  }
}

function disarmStartTimer(job: Job): void {
  clearTimeout(job.startTimer);
  job.startTimer = undefined;
}
