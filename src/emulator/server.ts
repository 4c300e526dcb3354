import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { RecordedRequest, RouteContext } from "./context.js";
import type { EndpointRegistry } from "./endpoints.js";
import type { FaultQueue } from "./faults.js";
import { CORS_HEADERS, readBody, sendJson } from "./http.js";
import type { TokenStore } from "./tokens.js";
import { keyAuthorization } from "../wire/headers.js";

/** Host prefixes: fal's three hosts (and the signed upload URLs) share one origin here. */
export const PREFIXES = { run: "/run", queue: "/queue", rest: "/rest", upload: "/upload" } as const;
export type RouteName = keyof typeof PREFIXES;

/**
 * The run, queue and rest base URLs of an emulator listening at `origin` (one origin, told apart
 * by path prefix): what `createFalClient({ baseUrls })` needs to talk to it.
 *
 * @example
 * emulatorBaseUrls("http://127.0.0.1:4010").queue // "http://127.0.0.1:4010/queue"
 */
export function emulatorBaseUrls(origin: string): { readonly run: string; readonly queue: string; readonly rest: string } {
  return { run: `${origin}${PREFIXES.run}`, queue: `${origin}${PREFIXES.queue}`, rest: `${origin}${PREFIXES.rest}` };
}

export type RouteHandler = (ctx: RouteContext) => void | Promise<void>;

export interface ServerParts {
  key: string | undefined;
  endpoints: EndpointRegistry;
  faults: FaultQueue;
  routes: Partial<Record<RouteName, RouteHandler>>;
  requests: RecordedRequest[];
  origin: () => string;
  /** Short-lived tokens, accepted instead of the key on the run host (`fal_jwt_token`). */
  tokens?: TokenStore;
}

/** The emulator's HTTP server: records each request, checks the key, hands it to its route. */
export function createEmulatorServer(parts: ServerParts): Server {
  const server = createServer((req, res) => {
    handle(parts, req, res).catch((error: unknown) => {
      sendJson(res, 500, { detail: `emulator: ${(error as Error).message}`, error_type: "internal_error" });
    });
  });
  // Node closes an idle keep-alive connection after 5 s; a client that picks that connection for
  // its next request at the same moment gets ECONNRESET, a race a loaded CI machine (or a burst of
  // a thousand calls) loses. A minute, as load balancers keep them, leaves the closing to the client.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 61_000;
  return server;
}

async function handle(parts: ServerParts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
  if (req.method === "OPTIONS") {
    res.writeHead(204).end();
    return;
  }
  const url = new URL(req.url ?? "/", "http://emulator");
  const route = routeOf(url.pathname);
  const body = await readBody(req);
  const record = recordRequest(parts.requests, req, route ?? "unknown", body);

  const handler = route && parts.routes[route];
  if (!route || !handler) {
    return sendJson(res, 404, { detail: `No route for ${req.method} ${url.pathname}` });
  }
  // Signed upload URLs carry their own authorisation, like fal's CDN: no key there.
  if (route !== "upload" && parts.key !== undefined && record.headers.authorization !== keyAuthorization(parts.key)) {
    const token = url.searchParams.get("fal_jwt_token");
    // Streams from browsers carry a short-lived token for the app instead of the key.
    const tokenOk = route === "run" && token !== null && parts.tokens?.allows(token, url.pathname.slice(PREFIXES.run.length)) === true;
    if (!tokenOk) {
      const why = token === null ? "missing or wrong fal key" : "fal_jwt_token is invalid, expired, or not for this app";
      return sendJson(res, 401, { detail: `Unauthorized: ${why}` });
    }
  }
  const origin = parts.origin();
  await handler({
    req,
    res,
    path: url.pathname.slice(PREFIXES[route].length) || "/",
    query: url.searchParams,
    body,
    record,
    endpoints: parts.endpoints,
    faults: parts.faults,
    baseUrl: (name) => `${origin}${PREFIXES[name]}`,
  });
}

function routeOf(pathname: string): RouteName | undefined {
  return (Object.keys(PREFIXES) as RouteName[]).find(
    (name) => pathname === PREFIXES[name] || pathname.startsWith(`${PREFIXES[name]}/`),
  );
}

/**
 * Adds a request to the emulator's log (`emulator.requests`) and returns its record, for the route
 * to fill in `endpoint`: every request, HTTP or WebSocket upgrade, is recorded here.
 */
export function recordRequest(log: RecordedRequest[], req: IncomingMessage, route: RecordedRequest["route"], body: Buffer): RecordedRequest {
  const record: RecordedRequest = { method: req.method ?? "GET", url: req.url ?? "/", route, headers: flatHeaders(req), body };
  log.push(record);
  return record;
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}
