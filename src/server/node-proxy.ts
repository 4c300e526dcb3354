import { once } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { answerHeaders, exchange, type Bytes } from "./exchange.js";
import { normalizeProxyOptions, type FalProxyOptions, type NormalizedProxyOptions } from "./proxy-options.js";
import type { Refusal } from "./target.js";

/** A `node:http` handler that is also Express/Connect middleware. */
export type FalProxyHandler<Req extends IncomingMessage = IncomingMessage> = (req: Req, res: ServerResponse, next?: (error?: unknown) => void) => void;

/**
 * The route browsers' `proxyUrl` points to, for `node:http` and Express/Connect: checks
 * `x-fal-target-url` (fal's hosts and `allowEndpoints` only), asks `authorize`, adds the key, and
 * passes fal's answer back as it arrives (server-sent events are not held back). The browser going
 * away aborts the call to fal. Reads the body itself, or takes what a body parser left in
 * `req.body` (JSON is then re-serialised: mount it before the parsers to forward bytes untouched).
 * Answers every request itself, refusals as JSON `{detail}`; `next` is never called.
 *
 * Throws {@link InvalidOptionError} when made with options that cannot be safe: neither `authorize`
 * nor `allowUnauthenticated: true`, no `allowEndpoints`.
 *
 * @example
 * app.use("/api/fal/proxy", falProxy<express.Request>({
 *   allowEndpoints: ["fal-ai/flux/*"],
 *   authorize: (req) => req.session?.user !== undefined,
 * }));
 */
export function falProxy<Req extends IncomingMessage = IncomingMessage>(options: FalProxyOptions<Req>): FalProxyHandler<Req> {
  const normalized = normalizeProxyOptions(options);
  return (req, res) => void handle(normalized, req, res);
}

async function handle<Req extends IncomingMessage>(options: NormalizedProxyOptions<Req>, req: Req, res: ServerResponse): Promise<void> {
  const gone = new AbortController();
  const onClose = () => res.writableFinished || gone.abort();
  res.once("close", onClose);
  // A write racing the browser's leaving fails on a closed socket: handled by the abort, not a crash.
  res.on("error", () => gone.abort());
  try {
    const outcome = await exchange(options, {
      method: req.method ?? "GET",
      headers: headersOf(req),
      request: req,
      signal: gone.signal,
      readBody: (limit) => bodyOf(req, limit),
    });
    if (!(outcome instanceof Response)) return refuse(res, outcome);
    res.writeHead(outcome.status, Object.fromEntries(answerHeaders(outcome)));
    // Headers now: an event stream's client learns it is connected before the first event.
    res.flushHeaders();
    const reader = outcome.body?.getReader();
    for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader!.read()) {
      if (!res.write(chunk.value)) await once(res, "drain", { signal: gone.signal });
    }
    res.end();
  } catch {
    // fal's answer broke off mid-body, or the browser left: cut the answer short rather than end it
    // cleanly, so a partial body is never taken for a whole one.
    if (res.headersSent) res.destroy();
    else refuse(res, { status: 502, detail: "The answer from fal could not be passed on" });
  } finally {
    res.off("close", onClose);
  }
}

function refuse(res: ServerResponse, refusal: Refusal): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify({ detail: refusal.detail });
  res.writeHead(refusal.status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

/**
 * The body: from the stream, or, once a body parser has read the stream, from `req.body` (bytes
 * from `express.raw()`, text from `express.text()`, anything else re-serialised as JSON).
 */
function bodyOf(req: IncomingMessage & { body?: unknown }, limit: number): Promise<Bytes | undefined> {
  if (req.readableEnded) {
    const { body } = req;
    // A parser's Buffer never views a SharedArrayBuffer.
    const bytes = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? (body as Bytes) : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
    return Promise.resolve(bytes.length > limit ? undefined : bytes);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Past the limit the rest is read and dropped, so the 413 can still be answered on this connection.
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.once("end", () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.once("error", reject);
  });
}
