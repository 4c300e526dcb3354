import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createFalClient } from "../../src/index";
import { startEmulator, type Emulator } from "../../src/emulator/index";
import { TEST_KEY } from "../support/emulator";
import { collect } from "../support/observe";

/** A host that is not one of the configured ones: records what it gets and forwards it, key-less. */
async function startForwarder() {
  const received: IncomingHttpHeaders[] = [];
  const forwarder = { url: "", target: "", received, close: () => Promise.resolve() };
  const server: Server = createServer(async (req, res) => {
    received.push(req.headers);
    const answer = await fetch(`${forwarder.target}${req.url}`, { method: req.method });
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  forwarder.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  forwarder.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return forwarder;
}

describe("URLs returned by submit on a foreign host", () => {
  let emulator: Emulator;
  let forwarder: Awaited<ReturnType<typeof startForwarder>>;
  beforeAll(async () => {
    forwarder = await startForwarder();
    emulator = await startEmulator({ queue: { publicUrl: `${forwarder.url}/queue` } });
    forwarder.target = emulator.url;
  });
  afterAll(async () => {
    await emulator.close();
    await forwarder.close();
  });

  it("follows the returned status_url and response_url without sending the key there", async () => {
    const client = createFalClient({ credentials: TEST_KEY, baseUrls: emulator.baseUrls, retry: { baseDelay: 1, maxDelay: 5 } });
    const events = await collect(client.subscribe$<{ x: number }>("fal-ai/echo", { input: { x: 1 }, pollInterval: 1 }));
    expect(events.at(-1)).toMatchObject({ type: "result", data: { x: 1 } });
    const first = events[0]!.type === "status" ? events[0]!.status : undefined;
    expect(first!.status_url.startsWith(`${forwarder.url}/queue/fal-ai/echo/requests/`)).toBe(true);

    const submit = emulator.requests.find((r) => r.method === "POST")!;
    expect(submit.headers.authorization).toBe(`Key ${TEST_KEY}`);
    expect(forwarder.received.length).toBeGreaterThanOrEqual(2);
    expect(forwarder.received.map((headers) => headers.authorization)).toEqual(forwarder.received.map(() => undefined));
  });
});
