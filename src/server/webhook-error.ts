import { FalError } from "../errors.js";
import { snippet } from "../safe-text.js";

/** Why a webhook delivery was refused. */
export type WebhookRefusalReason =
  /** One of the four `X-Fal-Webhook-*` headers is absent. */
  | "missing-header"
  /** The timestamp is not Unix seconds within the tolerance of now (a replay, or a clock far off). */
  | "stale-timestamp"
  /** No key of fal's JWKS verifies the signature over these bytes (tampered, forged, or not hex). */
  | "bad-signature"
  /** The JWKS could not be fetched or holds no Ed25519 key: the delivery could not be checked. */
  | "jwks-unavailable"
  /** Signed by fal, but the body is not the JSON payload fal documents. */
  | "bad-payload";

/**
 * A webhook delivery that `verifyWebhook$` refused. Answer it with a non-2xx status: fal retries a
 * failed delivery (10 times over 2 hours), so a refusal for a passing cause (`jwks-unavailable`)
 * costs nothing but a little delay.
 *
 * @example
 * verifyWebhook$(request).pipe(catchError((e) => e instanceof WebhookVerificationError ? of(refuse(e.reason)) : throwError(() => e)))
 */
export class WebhookVerificationError extends FalError {
  override name = "WebhookVerificationError";
  constructor(
    readonly reason: WebhookRefusalReason,
    /** `X-Fal-Webhook-Request-Id` of the delivery, `undefined` when it had none. */
    readonly requestId: string | undefined,
    why: string,
    options?: { cause?: unknown },
  ) {
    // The id is the sender's to choose: quoted, and cut short.
    super(`Webhook delivery${requestId ? ` for request ${snippet(JSON.stringify(requestId), 80)}` : ""} refused (${reason}): ${why}`, options);
  }
}
