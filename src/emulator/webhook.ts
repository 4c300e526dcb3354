import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from "node:crypto";
import type { QueueJob } from "./queue-job.js";
import { WEBHOOK_HEADER, webhookMessage, type WebhookKeySet, type WebhookPayload } from "../wire/webhook.js";

export type { WebhookPayload };

/** The webhook body for a finished job, in fal's shape. */
function webhookPayload(job: QueueJob): WebhookPayload {
  const outcome = job.outcome!;
  const ok = outcome.status < 400;
  const payload = outcome.json || !Buffer.isBuffer(outcome.body) ? outcome.body : null;
  return {
    request_id: job.requestId,
    gateway_request_id: job.requestId,
    status: ok ? "OK" : "ERROR",
    payload,
    error: ok ? null : (outcome.error ?? `Invalid status code: ${outcome.status}`),
    payload_error: payload === null && !ok ? "the error body is not JSON" : null,
  };
}

/**
 * The emulator's signing key, made at start as fal keeps its own: signs each delivery (ED25519 over
 * fal's message) and publishes its public half as the JWKS at `{rest}/.well-known/jwks.json`, so a
 * webhook handler's verification can be tested offline, end to end.
 */
export class WebhookSigner {
  private readonly privateKey: KeyObject;
  /** The public key, as fal publishes its own. */
  readonly jwks: WebhookKeySet;

  constructor(private readonly userId = "emulator") {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    this.privateKey = privateKey;
    const { x } = publicKey.export({ format: "jwk" });
    this.jwks = { keys: [{ kty: "OKP", crv: "Ed25519", x, kid: randomUUID(), use: "sig", alg: "EdDSA" }] };
  }

  /** The four signature headers for `body`, timestamped now (fal signs each attempt anew). */
  headers(requestId: string, body: string): Record<string, string> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const digest = createHash("sha256").update(body).digest("hex");
    const signature = sign(null, Buffer.from(webhookMessage(requestId, this.userId, timestamp, digest)), this.privateKey);
    return {
      [WEBHOOK_HEADER.requestId]: requestId,
      [WEBHOOK_HEADER.userId]: this.userId,
      [WEBHOOK_HEADER.timestamp]: timestamp,
      [WEBHOOK_HEADER.signature]: signature.toString("hex"),
    };
  }
}

/**
 * POSTs the outcome to the job's webhook URL, signed. Like fal, retries a failed delivery (no answer
 * or a non-2xx), here 3 tries 100 ms apart instead of 10 over 2 hours; gives up silently after that
 * or when `signal` aborts (the emulator closing).
 */
export async function deliverWebhook(job: QueueJob, signer: WebhookSigner, signal: AbortSignal, tries = 3): Promise<void> {
  if (!job.webhookUrl) return;
  const body = JSON.stringify(webhookPayload(job));
  for (let attempt = 1; attempt <= tries && !signal.aborted; attempt++) {
    try {
      const headers = { "content-type": "application/json", ...signer.headers(job.requestId, body) };
      const response = await fetch(job.webhookUrl, { method: "POST", headers, body, signal });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Unreachable receiver: try again below.
    }
    if (attempt < tries) await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
