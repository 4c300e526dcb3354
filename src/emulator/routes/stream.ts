import type { ServerResponse } from "node:http";
import type { RouteContext } from "../context.js";
import { EndpointError, type EndpointDefinition } from "../endpoints.js";
import type { JobContext } from "../jobs.js";
import { SseCut, SseFrame } from "../stream-frames.js";

/**
 * `{run}/{id}/stream`: the endpoint's `stream` as server-sent events, each partial written the
 * moment it is yielded (`data: <json>\n\n`; {@link SseFrame}s as they are; {@link SseCut} destroys
 * the connection). Headers go out with the first item, so a handler that fails before yielding
 * anything is answered with a normal HTTP error: this function rethrows for the caller to send it.
 * A failure after that is reported the way fal does mid-stream, as an `event: error`.
 */
export async function streamEvents(
  ctx: RouteContext,
  endpoint: EndpointDefinition,
  input: unknown,
  job: JobContext,
  requestId: string,
): Promise<void> {
  const { res } = ctx;
  let started = false;
  const start = () => {
    if (started) return;
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", "x-fal-request-id": requestId });
    started = true;
  };
  // Events produced in one burst (no wait between them) leave in one write instead of one syscall
  // each; an event that follows a wait still leaves at once (uncorked before the loop turns).
  let corked = false;
  const write = (bytes: string | Uint8Array): boolean => {
    if (!corked) {
      corked = true;
      res.cork();
      process.nextTick(() => {
        corked = false;
        res.uncork();
      });
    }
    return res.write(bytes);
  };
  try {
    for await (const item of endpoint.stream!(input, job)) {
      if (res.destroyed) return;
      start();
      if (item instanceof SseCut) {
        await flushed(res);
        res.socket?.destroy();
        return;
      }
      const bytes = item instanceof SseFrame ? item.bytes : `data: ${JSON.stringify(item)}\n\n`;
      // Respect backpressure: a fast producer must not buffer the whole stream in memory.
      if (!write(bytes)) await drained(res);
    }
    start();
    res.end();
  } catch (error) {
    if (!started) throw error;
    if (res.destroyed) return; // the client left, which aborted the handler: nobody to tell
    res.end(`event: error\ndata: ${JSON.stringify({ error: errorPayload(error) })}\n\n`);
  }
}

function errorPayload(error: unknown): Record<string, unknown> {
  if (error instanceof EndpointError) {
    const body = (error.body ?? {}) as { detail?: unknown; error_type?: unknown };
    const message = typeof body.detail === "string" ? body.detail : JSON.stringify(error.body);
    return { message, type: body.error_type ?? "runner_server_error", status_code: error.status };
  }
  return { message: error instanceof Error ? error.message : String(error), type: "runner_server_error" };
}

/** Resolves once what was written has left the process: destroying a socket drops unsent bytes. */
function flushed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    // While corked, the callback waits for the uncork and the flush that follows it.
    const socket = res.socket;
    if (!socket || socket.destroyed || socket.writableLength === 0) return resolve();
    socket.write("", () => resolve());
  });
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.once("drain", done);
    res.once("close", done);
  });
}
