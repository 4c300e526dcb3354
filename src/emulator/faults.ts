import type { ServerResponse } from "node:http";
import { sendBody, sendJson } from "./http.js";
import { sendOutcome, START_TIMED_OUT } from "./job-outcome.js";

/** What a fault does to a matching request. */
export type FaultKind =
  /** Any status, headers and body (a string or bytes are sent as they are, anything else as JSON). */
  | { type: "status"; status: number; body?: unknown; headers?: Record<string, string> }
  /** 503 `runner_scheduling_failure`, with `Retry-After` (seconds or an HTTP date) when given. */
  | { type: "unavailable"; retryAfter?: number | string }
  /** 422 in FastAPI's shape (`detail` list) or the text shape (`detail` string). */
  | { type: "validation"; detail?: unknown }
  /** 504 with `x-fal-request-timeout-type: user`: the caller's start timeout ran out. */
  | { type: "user-timeout" }
  /** The connection is destroyed before any answer. */
  | { type: "drop" }
  /** 200, `content-type: application/json`, and a body that is not JSON. */
  | { type: "malformed-json" }
  /** No answer at all: the request stays open until the client gives up (aborts, times out). */
  | { type: "hang" };

/** Which requests a fault hits, and how many times. */
export interface FaultScope {
  /** Only requests for this endpoint id (`owner/alias[/path]`). @default any */
  endpoint?: string;
  /**
   * Only requests on this host. `"upload"` is the signed upload URLs (the CDN), which `"any"` does
   * not reach: faults meant for model calls never hit a file's bytes.
   * @default "any" ("upload" when `part` is set)
   */
  route?: "run" | "queue" | "rest" | "upload" | "any";
  /** Only the multipart part PUT with this part number (1-based). @default any request */
  part?: number;
  /** How many matching requests fail before the fault is used up. @default 1 */
  times?: number;
}

export type Fault = FaultKind & FaultScope;

/** Faults waiting to hit requests, first added first used. */
export class FaultQueue {
  private readonly pending: { fault: Fault; left: number }[] = [];

  add(fault: Fault): void {
    this.pending.push({ fault, left: fault.times ?? 1 });
  }

  clear(): void {
    this.pending.length = 0;
  }

  /** Takes one use of the first fault that matches, if any. */
  take(route: "run" | "queue" | "rest" | "upload", endpoint: string | undefined, part?: number): FaultKind | undefined {
    const index = this.pending.findIndex(({ fault }) => {
      const scope = fault.route ?? (fault.part !== undefined ? "upload" : "any");
      return (
        (scope === route || (scope === "any" && route !== "upload")) &&
        (fault.endpoint === undefined || fault.endpoint === endpoint) &&
        (fault.part === undefined || fault.part === part)
      );
    });
    if (index < 0) return undefined;
    const entry = this.pending[index]!;
    if (--entry.left <= 0) this.pending.splice(index, 1);
    return entry.fault;
  }
}

/** Answers a request the way the fault says. */
export function applyFault(fault: FaultKind, res: ServerResponse, requestId: string): void {
  const id = { "x-fal-request-id": requestId };
  switch (fault.type) {
    case "status":
      return sendBody(res, fault.status, fault.body ?? { detail: `emulated ${fault.status}` }, { ...id, ...fault.headers });
    case "unavailable":
      return sendJson(
        res,
        503,
        { detail: "No runner could be scheduled", error_type: "runner_scheduling_failure" },
        {
          ...id,
          "x-fal-error-type": "runner_scheduling_failure",
          ...(fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {}),
        },
      );
    case "validation":
      return sendJson(
        res,
        422,
        { detail: fault.detail ?? [{ loc: ["body", "prompt"], msg: "Field required", type: "missing" }] },
        id,
      );
    case "user-timeout":
      // The same answer a queued job gets when its start timeout runs out.
      return sendOutcome(res, START_TIMED_OUT, requestId);
    case "drop":
      res.socket?.destroy();
      return;
    case "hang":
      return;
    case "malformed-json":
      res.writeHead(200, { "content-type": "application/json", ...id });
      res.end('{"images": [ {"url": "https://cdn/x.png"} ');
      return;
  }
}
