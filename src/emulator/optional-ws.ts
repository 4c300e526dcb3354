import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { WebSocketServer } from "ws";

/** Why realtime connections are refused; each kept under 123 bytes, as it travels as a close reason. */
export const WS_MISSING = `the emulator's realtime endpoints need the "ws" package (8 or later): npm install --save-dev ws`;
export const WS_UNUSABLE = `the emulator's realtime endpoints need ws 8+ for Node: the ws found has no WebSocketServer (a browser build?)`;

/**
 * `ws` is an optional peer dependency that only the realtime route needs, so it is loaded when an
 * emulator starts, never when `fal-rx/emulator` is imported. Without it the emulator serves HTTP as
 * usual and answers realtime connections with {@link closeWithReason}; the Error says why, the
 * loader's own error in `cause`. A ws without `WebSocketServer` is older than 8, or the browser stub
 * a bundler or jsdom's export conditions picked.
 */
export async function loadWebSocketServer(): Promise<typeof WebSocketServer | Error> {
  const ws = await import("ws").catch((cause: unknown) => new Error(WS_MISSING, { cause }));
  if (ws instanceof Error) return ws;
  return typeof ws.WebSocketServer === "function" ? ws.WebSocketServer : new Error(WS_UNUSABLE);
}

/** RFC 6455 §1.3: what the server appends to the client's key to prove it speaks WebSocket. */
const HANDSHAKE_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/**
 * Accepts a WebSocket upgrade without `ws`, only to close it at once with 1011 and `reason`. A
 * refused upgrade would be plainer, but a client's WebSocket reports no HTTP status or body, only
 * a failed open (1006); a close frame's reason is what reaches the user's error. The handshake
 * (§4.2.2) and an unmasked close frame (§5.5.1) are all it takes.
 */
export function closeWithReason(req: IncomingMessage, socket: Duplex, code: number, reason: string): void {
  // The client may reset the connection instead of answering our close: nothing to do then.
  socket.on("error", () => socket.destroy());
  const key = req.headers["sec-websocket-key"];
  if (typeof key !== "string") {
    socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\n\r\n${reason}`);
    return;
  }
  const accept = createHash("sha1").update(key + HANDSHAKE_GUID).digest("base64");
  const payload = Buffer.concat([Buffer.from([code >> 8, code & 0xff]), Buffer.from(reason, "utf8")]);
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  // FIN + opcode 8 (close), then the payload length (< 126, so one byte).
  socket.end(Buffer.concat([Buffer.from([0x88, payload.length]), payload]));
  // Read (and drop) the client's answering close frame, so its end reaches us and the socket closes.
  socket.resume();
}
