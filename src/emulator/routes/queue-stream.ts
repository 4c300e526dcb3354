import type { RouteContext } from "../context.js";
import type { JobQueue, QueueJob } from "../queue.js";
import { statusBody } from "../queue-status.js";

/**
 * `GET .../requests/{id}/status/stream?logs=0|1`: server-sent events, one per change of the job
 * (status, queue position, new log lines), each `data:` a status whose `logs` are only the lines
 * new since the previous event. A comment every `keepAliveMs` keeps the connection open, as fal's
 * does every 15 s. Ends after the COMPLETED event.
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
    const body = statusBody(queue, job, base, logs ? job.logs.slice(sentLogs) : null);
    const key = JSON.stringify([body.status, body.queue_position, logs ? job.logs.length : 0]);
    if (key === lastKey) return;
    lastKey = key;
    sentLogs = job.logs.length;
    res.write(`data: ${JSON.stringify(body)}\n\n`);
    if (job.status === "COMPLETED") {
      stop();
      res.end();
    }
  };
  // Any change of a job of the same endpoint may move this one's queue position.
  const off = queue.onChange((changed) => {
    if (changed.endpoint === job.endpoint) send();
  });
  const keepAlive = setInterval(() => {
    if (!res.writableEnded && !res.destroyed) res.write(": keep-alive\n\n");
  }, keepAliveMs);
  const stop = () => {
    off();
    clearInterval(keepAlive);
  };
  res.on("close", stop);
  send();
}
