import type { JobContext } from "../../src/emulator/index";
import { JobQueue } from "../../src/emulator/queue";
import type { QueueJob } from "../../src/emulator/queue-job";
import { until } from "../support/observe";

/**
 * Who the queue tells of a change. Every open status stream is a watcher of its job, so this is
 * the work a change costs: with 1000 streams open, telling all of them of every change made each
 * change O(streams).
 */
describe("JobQueue watchers", () => {
  const contexts = new Map<string, JobContext>();
  // Runs until aborted; the test logs through its context.
  const held = {
    run(_input: unknown, ctx: JobContext) {
      contexts.set(ctx.requestId, ctx);
      return new Promise((_resolve, reject) => ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason)));
    },
  };
  const endpoint = (id: string) => ({ id, appId: id, definition: held });
  let queue: JobQueue;

  beforeEach(() => {
    contexts.clear();
    queue = new JobQueue({ "acme/one": 1 }, () => undefined);
  });
  afterEach(() => queue.close());

  /** Submits `count` jobs and counts what each job's watchers hear. */
  function submitWatched(id: string, count: number, priority: QueueJob["priority"] = "normal") {
    const told = new Map<QueueJob, number>();
    const jobs = Array.from({ length: count }, () => queue.submit(endpoint(id), {}, { priority, webhookUrl: undefined }));
    for (const job of jobs) queue.watch(job, () => told.set(job, (told.get(job) ?? 0) + 1));
    return { jobs, told: (job: QueueJob) => told.get(job) ?? 0, total: () => [...told.values()].reduce((a, b) => a + b, 0) };
  }

  it("tells a log line only to the watchers of the job that logged", async () => {
    const { jobs, told, total } = submitWatched("acme/one", 50);
    await until(() => jobs[0]!.status === "IN_PROGRESS", "the first job to start");
    const before = total();
    contexts.get(jobs[0]!.requestId)!.log("hello");
    expect([told(jobs[0]!), total() - before]).toEqual([2, 1]);
  });

  it("tells each waiting job once when the job ahead of them all starts, with its new position", async () => {
    const { jobs, told } = submitWatched("acme/one", 5);
    await until(() => jobs[0]!.status === "IN_PROGRESS", "the first job to start");
    expect(jobs.map((job) => [told(job), queue.position(job)])).toEqual([[1, 0], [1, 0], [1, 1], [1, 2], [1, 3]]);
  });

  it("tells nothing to the watchers of another endpoint's jobs", async () => {
    const other = submitWatched("acme/other", 3);
    const { jobs } = submitWatched("acme/one", 3);
    await until(() => jobs[0]!.status === "IN_PROGRESS" && other.jobs.every((job) => job.status === "IN_PROGRESS"), "the jobs to start");
    const before = other.total();
    queue.cancel(jobs[2]!.requestId);
    contexts.get(jobs[0]!.requestId)!.log("hello");
    expect(other.total() - before).toBe(0);
  });

  it("puts a normal-priority job ahead of the low-priority ones already waiting", () => {
    const low = submitWatched("acme/one", 2, "low");
    const normal = submitWatched("acme/one", 1);
    expect([...low.jobs, ...normal.jobs].map((job) => queue.position(job))).toEqual([1, 2, 0]);
  });

  it("tells the low-priority jobs a normal-priority submit moved back at once, not at the next change", () => {
    const low = submitWatched("acme/one", 2, "low");
    queue.submit(endpoint("acme/one"), {}, { priority: "normal", webhookUrl: undefined });
    expect(low.jobs.map((job) => low.told(job))).toEqual([1, 1]);
  });
});
