import type { RecordedRequest } from "../../src/emulator/index";
import type { QueueStatus, SubscribeEvent } from "../../src/index";

/** An event in one short line, for asserting whole sequences: `IN_QUEUE 1`, `IN_PROGRESS [a,b]`, `result {...}`. */
export function brief(event: SubscribeEvent<unknown> | QueueStatus): string {
  if ("type" in event && event.type === "result") return `result ${JSON.stringify(event.data)}`;
  const status = "type" in event ? event.status : event;
  if (status.status === "IN_QUEUE") return `IN_QUEUE ${status.queue_position}`;
  const error = status.status === "COMPLETED" && status.error ? ` error=${status.error_type}` : "";
  return `${status.status} [${status.logs.map((line) => line.message).join(",")}]${error}`;
}

/** The recorded requests as `METHOD path-after-/queue` lines, for one request id or all. */
export function queueTraffic(requests: readonly RecordedRequest[], requestId?: string): string[] {
  return requests
    .filter((request) => request.route === "queue" && (!requestId || request.url.includes(requestId) || request.method === "POST"))
    .map((request) => `${request.method} ${request.url.replace(/^\/queue/, "").replace(requestId ?? "\u0000", "{id}")}`);
}
