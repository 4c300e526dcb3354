import type { RouteContext } from "../context.js";
import type { JobQueue } from "../queue.js";
import type { QueueJob } from "../queue-job.js";
import { statusBody, statusKey, statusText } from "../queue-status.js";

/**
 * `GET .../requests/{id}/status/stream?logs=0|1`: server-sent events, one per change of the job
 * (status, queue position, new log lines), each `data:` a status whose `logs` are only the lines
 * new since the previous event. A comment every `keepAliveMs` keeps the connection open, as fal's
 * does every 15 s. Ends after the COMPLETED event, or at once when `emulator.reset()` forgets the job.
 */
export function streamStatus(ctx: RouteContext, queue: JobQueue, job: QueueJob, base: string, keepAliveMs: number): void {
  const { res } = ctx;
  const logs = ctx.query.get("logs") === "1";
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
    "x-fal-request-id": job.requestId,
  });
  let sentLogs = 0;
  let lastKey = "";
  const send = () => {
    if (res.writableEnded || res.destroyed) return;
    if (!queue.holds(job)) return end();
    // Compared before any body is built: most changes a watcher hears (a log line on a stream
    // without logs) show nothing new.
    const key = `${statusKey(queue, job)} ${logs ? job.logs.length : 0}`;
    if (key === lastKey) return;
    lastKey = key;
    const text = logs ? JSON.stringify(statusBody(queue, job, base, job.logs.slice(sentLogs))) : statusText(queue, job, base);
    sentLogs = job.logs.length;
    res.write(`data: ${text}\n\n`);
    if (job.status === "COMPLETED") end();
  };
  // Told of this job's own changes only, and of its queue position moving.
  const off = queue.watch(job, send);
  const keepAlive = setInterval(() => {
    if (!res.writableEnded && !res.destroyed) res.write(": keep-alive\n\n");
  }, keepAliveMs);
  const stop = () => {
    off();
    clearInterval(keepAlive);
  };
  const end = () => {
    stop();
    res.end();
  };
  res.on("close", stop);
  send();
}
