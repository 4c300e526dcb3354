import { createHash, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { asyncScheduler, type SchedulerLike } from "rxjs";
import { startServer, type TestServer } from "./servers";

/** A webhook delivery as a receiver got it: headers and the raw body. */
export interface Delivery {
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A server recording the webhook deliveries POSTed to it (answered 200), for `fal_webhook`. */
export async function startReceiver(): Promise<TestServer & { readonly deliveries: Delivery[] }> {
  const deliveries: Delivery[] = [];
  const server = await startServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.end();
    });
  });
  return { ...server, deliveries };
}

/** What a signed delivery's headers hold; each may be overridden to forge one. */
export interface SignedFields {
  requestId: string;
  userId: string;
  /** Unix seconds. @default now */
  timestamp: number;
}

/**
 * A stand-in for fal's signing side: an Ed25519 key, its JWKS served on loopback (GETs counted),
 * and `sign()` for deliveries of any body. `rotate()` swaps the key, as fal may.
 */
export async function startKeyServer() {
  let key = generateKeyPairSync("ed25519");
  let answer: { status: number; body: unknown } | undefined;
  const jwks = () => ({ keys: [{ kty: "OKP", crv: "Ed25519", x: key.publicKey.export({ format: "jwk" }).x, use: "sig" }] });
  const server = await startServer((_req, res) => {
    const { status, body } = answer ?? { status: 200, body: jwks() };
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  return {
    jwksUrl: `${server.url}/.well-known/jwks.json`,
    /** GETs of the JWKS so far. */
    get fetches() {
      return server.received.length;
    },
    /** Headers of a delivery of `body`, signed with the current key (or `privateKey`). */
    sign(body: string | Buffer, fields: Partial<SignedFields> = {}, privateKey: KeyObject = key.privateKey): Record<string, string> {
      const { requestId = "req-1", userId = "user-1", timestamp = Math.floor(Date.now() / 1000) } = fields;
      const digest = createHash("sha256").update(body).digest("hex");
      const signature = sign(null, Buffer.from(`${requestId}\n${userId}\n${timestamp}\n${digest}`), privateKey).toString("hex");
      return {
        "X-Fal-Webhook-Request-Id": requestId,
        "X-Fal-Webhook-User-Id": userId,
        "X-Fal-Webhook-Timestamp": String(timestamp),
        "X-Fal-Webhook-Signature": signature,
      };
    },
    rotate() {
      key = generateKeyPairSync("ed25519");
    },
    /** Answers JWKS GETs with this instead (`undefined`: the JWKS again). */
    answer(next: { status: number; body: unknown } | undefined) {
      answer = next;
    },
    close: () => server.close(),
  };
}

/** A payload in fal's shape. */
export function payload(requestId = "req-1", output: unknown = { images: [{ url: "https://v3.fal.media/x.png" }] }): string {
  return JSON.stringify({ request_id: requestId, gateway_request_id: requestId, status: "OK", payload: output, error: null, payload_error: null });
}

/** The real clock, `offsetMs` ahead (behind when negative): deliveries look that much older (newer). */
export function clockAhead(offsetMs: number): SchedulerLike {
  return { now: () => Date.now() + offsetMs, schedule: asyncScheduler.schedule.bind(asyncScheduler) };
}

/** The real clock, plus what `advance()` adds: the cache's minute passes without waiting one. */
export function movableClock(): SchedulerLike & { advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    schedule: asyncScheduler.schedule.bind(asyncScheduler),
    advance: (ms) => (offset += ms),
  };
}
