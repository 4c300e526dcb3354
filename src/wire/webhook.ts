import * as z from "zod/mini";

/**
 * fal's signed webhook deliveries: the headers, the signed message, the JWKS and the payload.
 * Shared by the emulator (which signs) and `fal-rx/server` (which verifies).
 */
export const WEBHOOK_HEADER = {
  requestId: "x-fal-webhook-request-id",
  userId: "x-fal-webhook-user-id",
  timestamp: "x-fal-webhook-timestamp",
  signature: "x-fal-webhook-signature",
} as const;

/** Where fal publishes the public keys its deliveries are signed with. */
export const FAL_JWKS_URL = "https://rest.alpha.fal.ai/.well-known/jwks.json";

/** The JWKS path on a rest host (the emulator serves its own there). */
export const JWKS_PATH = ".well-known/jwks.json";

/**
 * The bytes fal signs: request id, user id, timestamp and the hex SHA-256 of the raw body, one per
 * line. The digest comes in already made: wire/ has no crypto.
 */
export function webhookMessage(requestId: string, userId: string, timestamp: string, bodySha256Hex: string): string {
  return `${requestId}\n${userId}\n${timestamp}\n${bodySha256Hex}`;
}

/** One key of a JWKS. Only `{kty: "OKP", crv: "Ed25519", x}` keys verify fal's deliveries; others are skipped. */
export const WebhookKey = z.looseObject({ kty: z.string(), crv: z.optional(z.string()), x: z.optional(z.string()), kid: z.optional(z.string()) });
export type WebhookKey = z.infer<typeof WebhookKey>;

export const WebhookKeySet = z.looseObject({ keys: z.array(WebhookKey) });
export type WebhookKeySet = z.infer<typeof WebhookKeySet>;

/**
 * What fal POSTs to a `fal_webhook` URL when a request ends. `payload` is the result (`OK`) or the
 * error body (`ERROR`); `null` when the result was not JSON, `payload_error` then says why.
 */
export const WebhookPayload = z.looseObject({
  request_id: z.string(),
  gateway_request_id: z.string(),
  status: z.enum(["OK", "ERROR"]),
  payload: z.unknown(),
  error: z.optional(z.nullable(z.string())),
  payload_error: z.optional(z.nullable(z.string())),
});

/** What {@link WebhookPayload} checks, with the result typed as `Output` (not checked: fal's model decides it). */
export interface WebhookPayload<Output = unknown> {
  request_id: string;
  gateway_request_id: string;
  status: "OK" | "ERROR";
  /** The result (`OK`) or the error body (`ERROR`); `null` when it was not JSON. */
  payload: Output | null;
  /** Why it failed (`ERROR`). */
  error?: string | null;
  /** Why `payload` is `null`. */
  payload_error?: string | null;
}
