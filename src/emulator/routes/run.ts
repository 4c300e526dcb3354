import { applyFault } from "../faults.js";
import { parseJsonBody, sendJson } from "../http.js";
import { failureOf, outcomeOf, sendOutcome } from "../job-outcome.js";
import { createJobContext, newRequestId } from "../jobs.js";
import type { RouteContext } from "../context.js";
import { streamEvents } from "./stream.js";

/** `{run}/{id}[/path]`: synchronous runs; `.../stream` answers server-sent events. */
export async function handleRun(ctx: RouteContext): Promise<void> {
  const found = ctx.endpoints.resolve(ctx.path);
  if (!found) return notFound(ctx);
  ctx.record.endpoint = found.id;
  const requestId = newRequestId();
  const fault = ctx.faults.take("run", found.id);
  if (fault) return applyFault(fault, ctx.res, requestId);

  const input = inputOf(ctx);
  if (!input.ok) return sendJson(ctx.res, 422, invalidJson(input.message), { "x-fal-request-id": requestId });

  const streaming = found.rest === "/stream";
  // Any sub-path but /stream, and /stream of an endpoint that does not stream, is fal's 404.
  if (found.rest !== "" && !(streaming && found.endpoint.stream)) {
    return sendJson(ctx.res, 404, { detail: `Path ${found.rest} not found` }, { "x-fal-request-id": requestId });
  }

  // A caller that goes away aborts the handler, as fal signals a disconnected client.
  const abort = new AbortController();
  ctx.res.on("close", () => {
    if (!ctx.res.writableFinished) abort.abort(new Error("client disconnected"));
  });
  const job = createJobContext(requestId, abort.signal, []);
  try {
    // A handler that fails before its first event throws here, to be answered as an HTTP error.
    if (streaming) return await streamEvents(ctx, found.endpoint, input.value, job, requestId);
    sendOutcome(ctx.res, outcomeOf(await found.endpoint.run(input.value, job)), requestId);
  } catch (error) {
    sendOutcome(ctx.res, failureOf(error), requestId);
  }
}

/** GET puts the input in the query string; everything else sends JSON. */
function inputOf(ctx: RouteContext): { ok: true; value: unknown } | { ok: false; message: string } {
  if (ctx.req.method === "GET") return { ok: true, value: Object.fromEntries(ctx.query) };
  return parseJsonBody(ctx.body);
}

export function notFound(ctx: RouteContext): void {
  const name = ctx.path.split("/").filter(Boolean).slice(0, 2).join("/");
  // fal's gateway ids every request it routes, failed ones too: the id is what support asks for.
  sendJson(ctx.res, 404, { detail: `Application '${name}' not found` }, { "x-fal-request-id": newRequestId() });
}

export function invalidJson(message: string): unknown {
  return { detail: [{ loc: ["body"], msg: `Invalid JSON: ${message}`, type: "json_invalid" }] };
}
