import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { RecordedRequest, RouteContext } from "./context.js";
import type { EndpointRegistry } from "./endpoints.js";
import type { FaultQueue } from "./faults.js";
import { BodyTooLargeError, CORS_HEADERS, decodablePath, readBody, sendJson } from "./http.js";
import type { TokenStore } from "./tokens.js";
import { EMULATOR_CONTROL_PREFIX, EMULATOR_PREFIXES } from "../wire/emulator-urls.js";
import { keyAuthorization } from "../wire/headers.js";
import { JWKS_PATH } from "../wire/webhook.js";

export { emulatorBaseUrls } from "../wire/emulator-urls.js";

/** Host prefixes: fal's three hosts (and the signed upload URLs) share one origin here. */
export const PREFIXES = EMULATOR_PREFIXES;
export type RouteName = keyof typeof PREFIXES;

export type RouteHandler = (ctx: RouteContext) => void | Promise<void>;

export interface ServerParts {
  key: string | undefined;
  endpoints: EndpointRegistry;
  faults: FaultQueue;
  routes: Partial<Record<RouteName, RouteHandler>>;
  log: RequestLog;
  origin: () => string;
  /** Short-lived tokens, accepted instead of the key on the run host (`fal_jwt_token`). */
  tokens?: TokenStore;
  /** Bytes a request body may have; a larger one is answered 413 and not kept. */
  bodyLimit: number;
  /** The emulator's own routes under `/_emulator/` (the `control` option); `undefined`: not served. */
  control?: (req: IncomingMessage, res: ServerResponse, path: string) => void;
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
  if (parts.control && (url.pathname === EMULATOR_CONTROL_PREFIX || url.pathname.startsWith(`${EMULATOR_CONTROL_PREFIX}/`))) {
    // Not fal's: kept out of the request log it reads; the key guards it as it guards fal's routes.
    await readBody(req, 0, false);
    if (parts.key !== undefined && req.headers.authorization !== keyAuthorization(parts.key)) {
      return sendJson(res, 401, { detail: "Unauthorized: missing or wrong fal key" });
    }
    return parts.control(req, res, url.pathname.slice(EMULATOR_CONTROL_PREFIX.length) || "/");
  }
  if (!decodablePath(url.pathname)) {
    await readBody(req, 0, false);
    recordRequest(parts.log, req, "unknown", Buffer.alloc(0));
    return sendJson(res, 400, { detail: `Malformed percent-escape in the path ${JSON.stringify(url.pathname)}` });
  }
  const route = routeOf(url.pathname);
  const handler = route && parts.routes[route];
  // Signed upload URLs carry their own authorisation, like fal's CDN: no key there; nor for the
  // public keys webhook deliveries are signed with.
  const open = route === "upload" || (route === "rest" && url.pathname === `${PREFIXES.rest}/${JWKS_PATH}`);
  const refusal = open ? undefined : unauthorized(parts, route, req, url);
  // A request refused before its body matters keeps none of it: the log holds what was served.
  const served = Boolean(handler) && refusal === undefined;
  let body: Buffer;
  try {
    body = await readBody(req, parts.bodyLimit, served);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    recordRequest(parts.log, req, route ?? "unknown", Buffer.alloc(0));
    return sendJson(res, 413, { detail: error.message });
  }
  const record = recordRequest(parts.log, req, route ?? "unknown", body);
  if (!route || !handler) {
    return sendJson(res, 404, { detail: `No route for ${req.method} ${url.pathname}` });
  }
  if (refusal !== undefined) return sendJson(res, 401, { detail: `Unauthorized: ${refusal}` });
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

/** Why a request may not use `route` without the key (`undefined`: it may). */
function unauthorized(parts: ServerParts, route: RouteName | undefined, req: IncomingMessage, url: URL): string | undefined {
  if (parts.key === undefined || req.headers.authorization === keyAuthorization(parts.key)) return undefined;
  const token = url.searchParams.get("fal_jwt_token");
  // Streams from browsers carry a short-lived token for the app instead of the key.
  if (route === "run" && token !== null && parts.tokens?.allows(token, url.pathname.slice(PREFIXES.run.length)) === true) return undefined;
  return token === null ? "missing or wrong fal key" : "fal_jwt_token is invalid, expired, or not for this app";
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
export function recordRequest(log: RequestLog, req: IncomingMessage, route: RecordedRequest["route"], body: Buffer): RecordedRequest {
  const record: RecordedRequest = { method: req.method ?? "GET", url: req.url ?? "/", route, headers: flatHeaders(req), body };
  log.entries.push(record);
  // A long-running emulator (the CLI's) keeps the newest only: memory stays bounded.
  if (log.entries.length > log.limit) log.entries.splice(0, log.entries.length - log.limit);
  return record;
}

/** The request log and how many entries it keeps (`Infinity` in-process, where tests read it all). */
export interface RequestLog {
  readonly entries: RecordedRequest[];
  readonly limit: number;
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}
