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

/**
 * One realtime connection as the emulator saw it, for tests to assert on. Kept here, not beside the
 * WebSocket code, so that the emulator's published types never name `ws` (an optional peer).
 */
export interface RealtimeConnectionRecord {
  /** Path and query as requested (the token is in it; the key never may be). */
  readonly url: string;
  readonly endpoint: string;
  /** `fal_jwt_token` of the URL, if any. */
  readonly token: string | undefined;
  /** `max_buffering` of the URL, if any. */
  readonly maxBuffering: number | undefined;
  /** Every input received, decoded, in order (refused ones included). */
  readonly inputs: unknown[];
  /** Every frame sent, decoded, in order. */
  readonly outputs: unknown[];
  /** How it ended, once the close is complete: the close code and reason, and who closed first. */
  closed?: { code: number; reason: string; by: "client" | "server" };
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
