import type { IncomingMessage, ServerResponse } from "node:http";
import type { EndpointRegistry } from "./endpoints.js";
import type { FaultQueue } from "./faults.js";

/** A request as the emulator recorded it, for tests to assert on. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query, as received (host prefix included). */
  readonly url: string;
  /** Which of fal's hosts it was for; `"upload"` for signed upload URLs. */
  readonly route: "run" | "queue" | "rest" | "upload" | "unknown";
  /** The endpoint id it resolved to, when it did. */
  endpoint?: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** What every route handler works with. */
export interface RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The path after the host prefix (`/fal-ai/echo`), without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: Buffer;
  readonly record: RecordedRequest;
  readonly endpoints: EndpointRegistry;
  readonly faults: FaultQueue;
  /** The emulator's own origin + prefix for a host, to build returned URLs. */
  readonly baseUrl: (route: "run" | "queue" | "rest" | "upload") => string;
}
