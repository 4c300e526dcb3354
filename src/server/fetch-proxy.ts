import { answerHeaders, exchange, type Bytes } from "./exchange.js";
import { normalizeProxyOptions, type FalProxyOptions } from "./proxy-options.js";

/** Statuses whose answer has no body (`new Response` refuses one). */
const NO_BODY = new Set([101, 204, 205, 304]);

/**
 * {@link falProxy} for fetch-API servers (Hono, Next.js route handlers, Deno, Bun, Angular's
 * server request handler): `(request) => Promise<Response>`. fal's answer body is passed through as
 * a stream; the caller's `request.signal`, or the server cancelling the answer's body, aborts the
 * call to fal. `authorize` gets the `Request` and must not read its body.
 *
 * @example
 * const proxy = falProxyFetch({ allowEndpoints: ["fal-ai/flux/*"], authorize: (request) => hasSession(request) });
 * app.all("/api/fal/proxy", (c) => proxy(c.req.raw)); // Hono
 */
export function falProxyFetch(options: FalProxyOptions<Request>): (request: Request) => Promise<Response> {
  const normalized = normalizeProxyOptions(options);
  return async (request) => {
    const outcome = await exchange(normalized, {
      method: request.method,
      headers: request.headers,
      request,
      signal: request.signal,
      readBody: (limit) => bodyOf(request, limit),
    });
    if (!(outcome instanceof Response)) return Response.json({ detail: outcome.detail }, { status: outcome.status });
    return new Response(NO_BODY.has(outcome.status) ? null : outcome.body, { status: outcome.status, headers: answerHeaders(outcome) });
  };
}

/** The body's bytes; `undefined` past `limit`, when the rest is cancelled unread. */
async function bodyOf(request: Request, limit: number): Promise<Bytes | undefined> {
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader!.read()) {
    size += chunk.value.length;
    if (size > limit) {
      await reader!.cancel();
      return undefined;
    }
    chunks.push(chunk.value);
  }
  const bytes = new Uint8Array(size);
  chunks.reduce((offset, chunk) => (bytes.set(chunk, offset), offset + chunk.length), 0);
  return bytes;
}
