import type { IncomingMessage, ServerResponse } from "node:http";
import type { RecordedRequest } from "../context.js";
import { sendJson } from "../http.js";
import type { QueueJob } from "../queue-job.js";

/** What the control routes read and do. */
export interface ControlParts {
  readonly requests: readonly RecordedRequest[];
  readonly jobs: () => readonly QueueJob[];
  readonly reset: () => void;
}

/** A body shown as text up to this size, when its content type is textual. */
const TEXT_LIMIT = 64 * 1024;
const TEXTUAL = /^(application\/([\w.+-]*\+)?json|text\/|application\/x-www-form-urlencoded)/i;

/**
 * The emulator's own HTTP routes, for tools outside its process (a browser end-to-end test, a
 * script): `GET /_emulator/requests` (the request log), `GET /_emulator/jobs` (the queue's jobs),
 * `POST /_emulator/reset` (what `emulator.reset()` does). Answers JSON; what could carry a
 * credential (the `authorization` header, a `fal_jwt_token` in a URL) is redacted.
 */
export function controlRoute(parts: ControlParts): (req: IncomingMessage, res: ServerResponse, path: string) => void {
  return (req, res, path) => {
    const route = `${req.method ?? "GET"} ${path.replace(/\/$/, "")}`;
    if (route === "GET /requests") return sendJson(res, 200, parts.requests.map(requestView));
    if (route === "GET /jobs") return sendJson(res, 200, parts.jobs().map(jobView));
    if (route === "POST /reset") {
      parts.reset();
      res.writeHead(204).end();
      return;
    }
    sendJson(res, 404, { detail: `No emulator route for ${route}: GET /_emulator/requests, GET /_emulator/jobs, POST /_emulator/reset` });
  };
}

function requestView(request: RecordedRequest) {
  const headers = { ...request.headers };
  if (headers.authorization !== undefined) headers.authorization = headers.authorization.replace(/^(\S+\s+).*/, "$1[redacted]");
  const textual = TEXTUAL.test(headers["content-type"] ?? "") && request.body.length <= TEXT_LIMIT;
  return {
    method: request.method,
    url: redactToken(request.url),
    route: request.route,
    endpoint: request.endpoint,
    headers,
    body: textual ? request.body.toString("utf8") : null,
    bodyBytes: request.body.length,
  };
}

function jobView(job: QueueJob) {
  const { requestId, endpoint, appId, input, priority, status, cancelled, logs, outcome, inferenceTime } = job;
  return { requestId, endpoint, appId, input, priority, status, cancelled, logs, outcome: outcome && { status: outcome.status, body: outcome.json ? outcome.body : null }, inferenceTime };
}

function redactToken(url: string): string {
  return url.replace(/([?&]fal_jwt_token=)[^&]*/g, "$1[redacted]");
}
