import type { IncomingMessage, ServerResponse } from "node:http";

/** A body larger than the emulator accepts (answered 413, never kept). */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the request body is larger than the emulator's limit of ${limit} bytes`);
  }
}

/**
 * Reads a whole request body, up to `limit` bytes: past it, the rest is drained unread (so the
 * answer can still go out on the same connection) and the promise rejects with
 * {@link BodyTooLargeError}. `keep: false` drains the body without keeping a byte (a request
 * refused before its body matters).
 */
export function readBody(req: IncomingMessage, limit: number, keep = true): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (keep && size <= limit) chunks.push(chunk);
    });
    req.on("end", () => (keep && size > limit ? reject(new BodyTooLargeError(limit)) : resolve(Buffer.concat(chunks))));
    req.on("error", reject);
  });
}

/** Sends a JSON answer (a no-op when the client has gone). */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.writableEnded || res.destroyed) return;
  sendJsonText(res, status, body === undefined ? "" : JSON.stringify(body), headers);
}

/** Sends JSON already serialised (a no-op when the client has gone). */
export function sendJsonText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Sends a string or bytes as they are (`text/plain` unless headers say otherwise), anything else as JSON. */
export function sendBody(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (typeof body !== "string" && !Buffer.isBuffer(body)) return sendJson(res, status, body, headers);
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(body), ...headers });
  res.end(body);
}

/** Browsers may call the emulator from any page (tests, demos): allow it. */
export const CORS_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "*",
  "access-control-allow-methods": "GET, POST, PUT, DELETE, PATCH, OPTIONS",
  "access-control-expose-headers": "*",
};

/** A URL path's segments, decoded: `/acme/my%20app/x` is `["acme", "my app", "x"]`. */
export function pathSegments(path: string): string[] {
  return path.split("/").filter(Boolean).map(decodeURIComponent);
}

/** Does every percent-escape of the path decode (`%E0%A4%A` does not)? A path that does not is a 400. */
export function decodablePath(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** Parses a JSON body; `{ok: false}` for text that is not JSON. An empty body is `undefined`. */
export function parseJsonBody(body: Buffer): { ok: true; value: unknown } | { ok: false; message: string } {
  if (body.length === 0) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(body.toString("utf8")) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}
