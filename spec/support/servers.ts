import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { createFalClient, type FalClient } from "../../src/index";
import type { Emulator } from "../../src/emulator/index";

export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** A request as a test server received it, before its handler ran. */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly received: ReceivedRequest[];
  close(): Promise<void>;
}

/** A `node:http` server on 127.0.0.1, a free port, recording each request before `handler` answers it. */
export async function startServer(handler: NodeHandler): Promise<TestServer> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    received.push({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * {@link startServer} for the spec file: started in `beforeAll` (after the emulator, when declared
 * after `useEmulator`), closed in `afterAll`, its record cleared before each test.
 */
export function useServer(handler: () => NodeHandler) {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startServer(handler());
  });
  afterAll(() => server?.close());
  beforeEach(() => server && (server.received.length = 0));
  const get = () => server ?? raise("server not started");
  return {
    get url() {
      return get().url;
    },
    get received() {
      return get().received;
    },
  };
}

/**
 * What a fetch-API server (Hono's Node adapter, say) does around a `(request) => Promise<Response>`
 * handler: the node request as a `Request` whose signal aborts when the connection closes, and the
 * `Response` written back as its body arrives.
 */
export function fetchApiServer(handle: (request: Request) => Promise<Response>): NodeHandler {
  return (req, res) => {
    const gone = new AbortController();
    res.once("close", () => res.writableFinished || gone.abort());
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, String(value));
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const init: RequestInit & { duplex: "half" } = { method: req.method, headers, signal: gone.signal, duplex: "half" };
    if (hasBody) init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
    void (async () => {
      const response = await handle(new Request(`http://${req.headers.host}${req.url}`, init));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.flushHeaders();
      const reader = response.body?.getReader();
      gone.signal.addEventListener("abort", () => void reader?.cancel().catch(() => undefined));
      try {
        for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader!.read()) res.write(chunk.value);
        res.end();
      } catch {
        res.destroy();
      }
    })();
  };
}

/** A client as a browser has it: no key, every fal call through the proxy at `proxyUrl`. */
export function browserClient(emulator: Emulator, proxyUrl: string): FalClient {
  return createFalClient({
    credentials: () => undefined,
    baseUrls: emulator.baseUrls,
    proxyUrl: { url: proxyUrl, when: "always" },
    // Retry timing is pinned by marble tests; over the wire only behaviour matters.
    retry: { baseDelay: 1, maxDelay: 5 },
  });
}

function raise(message: string): never {
  throw new Error(message);
}
