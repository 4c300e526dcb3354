import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";
import type { RealtimeConnectionRecord, RecordedRequest } from "../context.js";
import type { EndpointRegistry } from "../endpoints.js";
import { closeWithReason, loadWebSocketServer } from "../optional-ws.js";
import { closeByServer, recordClose, refuse, sendFrame, serveRealtime } from "../realtime-connection.js";
import { decodablePath } from "../http.js";
import { PREFIXES, recordRequest, type RequestLog } from "../server.js";
import type { TokenStore } from "../tokens.js";

/** Test knobs and log of the emulator's realtime (WebSocket) route. */
export interface RealtimeControl {
  /** Every realtime connection, oldest first. */
  readonly connections: readonly RealtimeConnectionRecord[];
  /**
   * The next `times` connections (default 1) are closed by the server right after they open:
   * with `code` and `reason`, or, without a code, by cutting the connection (the client sees 1006).
   */
  fail(fault?: { times?: number; code?: number; reason?: string }): void;
  /** Closes every open connection the same way, now (a runner restarting). */
  drop(close?: { code?: number; reason?: string }): void;
  /** Sends `frame` as JSON text to every open connection. */
  send(frame: unknown): void;
  /** Sends fal's idle notice `{type: "x-fal-error", error: "TIMEOUT"}` to every open connection. */
  timeout(): void;
  /** Every token used so far is expired from now on: the next input or connection gets `Unauthorized`. */
  expireTokens(): void;
}

/** The route as the emulator holds it: the knobs, plus reset and shutdown. */
export interface RealtimeRoute {
  readonly control: RealtimeControl;
  reset(): void;
  /** Cuts every connection and stops accepting new ones. */
  close(): void;
}

interface RealtimeParts {
  key: string | undefined;
  endpoints: EndpointRegistry;
  tokens: TokenStore;
  log: RequestLog;
}

/**
 * `{run}/{id}/realtime` over WebSocket (`ws` in noServer mode on the emulator's own HTTP server).
 * The connection is authorised by the `fal_jwt_token` query parameter, never by the key; with no
 * key configured (a public emulator) any token not expired by {@link RealtimeControl.expireTokens}
 * passes. A refused token gets `{status: "error", error: "Unauthorized"}` and a 1008 close.
 * Without the `ws` package every connection is closed with 1011 and a reason saying to install it.
 */
export async function attachRealtime(server: Server, parts: RealtimeParts): Promise<RealtimeRoute> {
  const loaded = await loadWebSocketServer();
  // The WebSocket server, or the Error saying why there is none.
  const wss = loaded instanceof Error ? loaded : new loaded({ noServer: true });
  // Sockets closed for want of ws: cut on close() if a client never answers our close frame.
  const unserved = new Set<Duplex>();
  const connections: RealtimeConnectionRecord[] = [];
  const open = new Map<WebSocket, RealtimeConnectionRecord>();
  const faults: { left: number; code?: number; reason?: string }[] = [];
  const expired = new Set<string>();

  const authorized = (token: string | undefined, path: string) =>
    token !== undefined && !expired.has(token) && (parts.key === undefined || parts.tokens.allows(token, path));

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? "/", "http://emulator");
    // Thrown here, a URIError would take the whole process down: nothing catches an upgrade handler.
    if (!decodablePath(url.pathname)) {
      recordRequest(parts.log, req, "unknown", Buffer.alloc(0));
      socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\n\r\n${JSON.stringify({ detail: "Malformed percent-escape in the path" })}`);
      return;
    }
    const path = url.pathname.startsWith(`${PREFIXES.run}/`) ? url.pathname.slice(PREFIXES.run.length) : undefined;
    const found = path === undefined ? undefined : parts.endpoints.resolve(path);
    const record = recordRequest(parts.log, req, path === undefined ? "unknown" : "run", Buffer.alloc(0));
    if (!found || found.rest !== "/realtime" || !found.endpoint.realtime) {
      socket.end(`HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\n\r\n${JSON.stringify({ detail: `No realtime route at ${url.pathname}` })}`);
      return;
    }
    record.endpoint = found.id;
    const endpoint = found.endpoint;
    const token = url.searchParams.get("fal_jwt_token") ?? undefined;
    const buffering = url.searchParams.get("max_buffering");
    const connection: RealtimeConnectionRecord = {
      url: req.url ?? "/",
      endpoint: found.id,
      token,
      maxBuffering: buffering === null ? undefined : Number(buffering),
      inputs: [],
      outputs: [],
    };
    if (wss instanceof Error) {
      connections.push({ ...connection, closed: { code: 1011, reason: wss.message, by: "server" } });
      unserved.add(socket);
      socket.once("close", () => unserved.delete(socket));
      return closeWithReason(req, socket, 1011, wss.message);
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      connections.push(connection);
      open.set(ws, connection);
      ws.on("close", (code, reason) => {
        recordClose(ws, connection, code, reason.toString());
        open.delete(ws);
      });
      const fault = faults[0];
      if (fault) {
        if (--fault.left <= 0) faults.shift();
        return closeByServer(ws, fault.code, fault.reason);
      }
      const allowed = () => authorized(token, path!);
      if (!allowed()) return refuse(ws, connection);
      serveRealtime(ws, endpoint, connection, allowed);
    });
  });

  const closeAll = (code: number | undefined, reason?: string) => {
    for (const ws of open.keys()) closeByServer(ws, code, reason);
  };
  const broadcast = (frame: unknown) => {
    for (const [ws, connection] of open) sendFrame(ws, connection, frame, false);
  };

  return {
    control: {
      connections,
      fail: (fault = {}) => void faults.push({ left: fault.times ?? 1, code: fault.code, reason: fault.reason }),
      drop: (close = {}) => closeAll(close.code, close.reason),
      send: broadcast,
      timeout: () => broadcast({ type: "x-fal-error", error: "TIMEOUT", reason: "no input for a while" }),
      expireTokens: () => {
        for (const connection of connections) if (connection.token !== undefined) expired.add(connection.token);
      },
    },
    reset() {
      connections.length = 0;
      faults.length = 0;
      expired.clear();
    },
    close() {
      for (const ws of open.keys()) ws.terminate();
      for (const socket of unserved) socket.destroy();
      if (!(wss instanceof Error)) wss.close();
    },
  };
}
