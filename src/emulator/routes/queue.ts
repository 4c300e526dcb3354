import { appIdOf, parseEndpointId } from "../../wire/endpoint-id.js";
import { HEADER } from "../../wire/headers.js";
import type { RouteContext } from "../context.js";
import { applyFault } from "../faults.js";
import { parseJsonBody, pathSegments, sendJson, sendJsonText } from "../http.js";
import { sendOutcome } from "../job-outcome.js";
import { newRequestId } from "../jobs.js";
import type { JobQueue } from "../queue.js";
import type { QueueJob } from "../queue-job.js";
import { jobUrls, statusBody, statusText } from "../queue-status.js";
import type { RouteHandler } from "../server.js";
import { streamStatus } from "./queue-stream.js";
import { invalidJson, notFound } from "./run.js";

export interface QueueRouteOptions {
  readonly keepAliveMs: number;
  readonly publicUrl: string | undefined;
}

/**
 * fal's queue host: `POST {queue}/{id}` submits; under `{queue}/{owner}/{alias}/requests/{id}`:
 * `GET` the result, `GET /status` (202 while waiting or running, 200 when done), `GET /status/stream`,
 * `PUT /cancel`. Faults (`route: "queue"`) apply to every one of them.
 */
export function queueRoute(queue: JobQueue, options: QueueRouteOptions): RouteHandler {
  return (ctx) => {
    const base = options.publicUrl ?? ctx.baseUrl("queue");
    if (ctx.req.method === "POST") return submit(ctx, queue, base);
    const target = requestTarget(ctx.path);
    const job = target && queue.get(target.requestId);
    if (!target || !job || job.appId !== target.appId) {
      return sendJson(ctx.res, 404, { detail: `Request ${target?.requestId ?? ""} not found`.trim() });
    }
    ctx.record.endpoint = job.endpoint;
    const fault = ctx.faults.take("queue", job.endpoint);
    if (fault) return applyFault(fault, ctx.res, job.requestId);
    const route = `${ctx.req.method} ${target.rest}`;
    const id = { "x-fal-request-id": job.requestId };
    switch (route) {
      case "GET /status": {
        const code = job.status === "COMPLETED" ? 200 : 202;
        if (ctx.query.get("logs") === "1") return sendJson(ctx.res, code, statusBody(queue, job, base, job.logs), id);
        return sendJsonText(ctx.res, code, statusText(queue, job, base), id);
      }
      case "GET /status/stream":
        return streamStatus(ctx, queue, job, base, options.keepAliveMs);
      case "GET ":
        return sendResult(ctx, job);
      case "PUT /cancel": {
        const answer = queue.cancel(job.requestId);
        return sendJson(ctx.res, answer === "ALREADY_COMPLETED" ? 400 : 202, { status: answer }, id);
      }
      default:
        return sendJson(ctx.res, 405, { detail: `No queue route for ${ctx.req.method} .../requests/{id}${target.rest}` }, id);
    }
  };
}

function submit(ctx: RouteContext, queue: JobQueue, base: string): void {
  const found = ctx.endpoints.resolve(ctx.path);
  if (!found) return notFound(ctx);
  ctx.record.endpoint = found.id;
  const fault = ctx.faults.take("queue", found.id);
  if (fault) return applyFault(fault, ctx.res, newRequestId());
  if (found.rest !== "") return sendJson(ctx.res, 404, { detail: `Path ${found.rest} not found` });
  const input = parseJsonBody(ctx.body);
  if (!input.ok) return sendJson(ctx.res, 422, invalidJson(input.message));

  const maxLength = Number(ctx.query.get("fal_max_queue_length") ?? Infinity);
  if (queue.waitingFor(found.id) >= maxLength) {
    return sendJson(ctx.res, 429, { detail: `The queue of ${found.id} is full (${maxLength} waiting)` });
  }
  const job = queue.submit(
    { id: found.id, appId: appIdOf(parseEndpointId(found.id)!), definition: found.endpoint },
    input.value,
    {
      priority: ctx.req.headers[HEADER.queuePriority] === "low" ? "low" : "normal",
      webhookUrl: ctx.query.get("fal_webhook") ?? undefined,
      startTimeoutMs: startTimeoutMs(ctx.req.headers[HEADER.requestTimeout]),
    },
  );
  sendJson(
    ctx.res,
    200,
    { status: "IN_QUEUE", request_id: job.requestId, ...jobUrls(base, job), queue_position: queue.position(job) },
    { "x-fal-request-id": job.requestId },
  );
}

function sendResult(ctx: RouteContext, job: QueueJob): void {
  const id = { "x-fal-request-id": job.requestId };
  if (job.status !== "COMPLETED") return sendJson(ctx.res, 400, { detail: "Request is still in progress" }, id);
  sendOutcome(ctx.res, job.outcome!, job.requestId);
}

/** `[ns/]owner/alias/requests/{id}[/rest]` -> its parts; `undefined` for any other path. */
function requestTarget(path: string): { appId: string; requestId: string; rest: string } | undefined {
  const segments = pathSegments(path);
  const at = segments.indexOf("requests", 2);
  const app = parseEndpointId(segments.slice(0, at).join("/"));
  if (at < 0 || !app || app.path !== "" || segments.length < at + 2) return undefined;
  return { appId: appIdOf(app), requestId: segments[at + 1]!, rest: segments.length > at + 2 ? `/${segments.slice(at + 2).join("/")}` : "" };
}

/** `x-fal-request-timeout` (seconds) in ms; `undefined` when absent or not a positive number. */
function startTimeoutMs(header: string | string[] | undefined): number | undefined {
  const seconds = Number(header);
  return typeof header === "string" && seconds > 0 ? seconds * 1000 : undefined;
}
