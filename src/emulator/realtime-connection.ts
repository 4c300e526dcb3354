import { decode, encode } from "@msgpack/msgpack";
import type { RawData, WebSocket } from "ws";
import type { RealtimeConnectionRecord } from "./context.js";
import type { EndpointDefinition } from "./endpoints.js";
import { createJobContext, newRequestId } from "./jobs.js";
import { RealtimeAppFailure } from "./realtime-app.js";

/** Closes the server started, by socket: their code and reason as the server chose them. */
const serverCloses = new WeakMap<WebSocket, { code: number; reason: string }>();

/** Records how `ws` ended once its close is complete (both sides done, or the connection cut). */
export function recordClose(ws: WebSocket, record: RealtimeConnectionRecord, code: number, reason: string): void {
  const byServer = serverCloses.get(ws);
  record.closed ??= byServer ? { ...byServer, by: "server" } : { code, reason, by: "client" };
}

/** fal's answer to a refused or expired token. */
const UNAUTHORIZED = { status: "error", error: "Unauthorized" } as const;

/**
 * Serves one accepted realtime connection: checks the token on every input (it may expire while
 * connected), answers inputs one at a time through the app's `realtime` handler (results in the
 * input's format: MessagePack for binary, JSON for text), drops the oldest waiting inputs beyond
 * `max_buffering`, and records everything in `record`.
 */
export function serveRealtime(ws: WebSocket, endpoint: EndpointDefinition, record: RealtimeConnectionRecord, authorized: () => boolean): void {
  const abort = new AbortController();
  const waiting: { input: unknown; binary: boolean }[] = [];
  let busy = false;

  ws.on("close", () => abort.abort(new Error("realtime connection closed")));
  ws.on("message", (data, isBinary) => {
    const input = decodeInput(data, isBinary);
    record.inputs.push(input);
    // Once a close has started (either side), frames are discarded, as RFC 6455 allows.
    if (ws.readyState !== 1) return;
    if (!authorized()) return refuse(ws, record);
    waiting.push({ input, binary: isBinary });
    while (record.maxBuffering !== undefined && waiting.length > record.maxBuffering) waiting.shift();
    void pump();
  });

  async function pump(): Promise<void> {
    if (busy) return;
    busy = true;
    for (let next = waiting.shift(); next && !abort.signal.aborted; next = waiting.shift()) {
      await answer(next.input, next.binary);
    }
    busy = false;
  }

  async function answer(input: unknown, binary: boolean): Promise<void> {
    const given = (input as { request_id?: unknown } | null)?.request_id;
    const requestId = typeof given === "string" ? given : newRequestId();
    const job = createJobContext(requestId, abort.signal, []);
    const ctx = { ...job, message: (data: Record<string, unknown>) => sendFrame(ws, record, { type: "x-fal-message", ...data }, false) };
    try {
      const output = await endpoint.realtime!(input, ctx);
      const frame = isRecord(output) ? { ...output, request_id: requestId } : output;
      sendFrame(ws, record, frame, binary);
    } catch (error) {
      if (abort.signal.aborted) return;
      const [name, reason] = error instanceof RealtimeAppFailure ? [error.error, error.reason] : ["INTERNAL_ERROR", String((error as Error)?.message ?? error)];
      sendFrame(ws, record, { type: "x-fal-error", error: name, reason, request_id: requestId }, false);
    }
  }
}

/** `{status: "error", error: "Unauthorized"}`, then a close: the client must reconnect with a new token. */
export function refuse(ws: WebSocket, record: RealtimeConnectionRecord): void {
  sendFrame(ws, record, UNAUTHORIZED, false);
  closeByServer(ws, 1008, "Unauthorized");
}

/** Closes from the server side: with a close frame, or with `code` undefined by cutting the TCP connection (1006). */
export function closeByServer(ws: WebSocket, code: number | undefined, reason = ""): void {
  if (ws.readyState > 1) return;
  serverCloses.set(ws, { code: code ?? 1006, reason });
  if (code === undefined) ws.terminate();
  else ws.close(code, reason);
}

/** Sends a frame: MessagePack in a binary frame, or JSON in a text frame. */
export function sendFrame(ws: WebSocket, record: RealtimeConnectionRecord, frame: unknown, binary: boolean): void {
  if (ws.readyState !== 1) return;
  record.outputs.push(frame);
  ws.send(binary ? encode(frame) : JSON.stringify(frame));
}

/** Binary frames are MessagePack (bytes as they are if not); text frames JSON (the text if not). */
function decodeInput(data: RawData, isBinary: boolean): unknown {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
  if (isBinary) {
    try {
      return decode(bytes);
    } catch {
      return bytes;
    }
  }
  const text = bytes.toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}
