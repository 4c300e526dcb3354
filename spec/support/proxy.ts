import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedProxyRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
}

/**
 * A server-side proxy like the one fal's docs describe: forwards to `x-fal-target-url`, adding
 * the key the browser never holds. Records what it received.
 */
export async function startProxy(key: string) {
  const received: RecordedProxyRequest[] = [];
  const server = createServer(async (req, res) => {
    received.push({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers["x-fal-target-url"] ?? "");
    const answer = await fetch(target, {
      method: req.method,
      headers: { "content-type": String(req.headers["content-type"] ?? "application/json"), authorization: `Key ${key}` },
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/fal/proxy`;
  return {
    url,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
