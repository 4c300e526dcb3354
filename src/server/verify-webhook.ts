import { createHash, verify, type KeyObject } from "node:crypto";
import { asyncScheduler, concatMap, defaultIfEmpty, defer, from, map, of, throwIfEmpty, type Observable, type SchedulerLike } from "rxjs";
import { InvalidOptionError } from "../errors.js";
import { checkOptionNames } from "../call/options.js";
import { mismatch } from "../transport/wire-check.js";
import { WEBHOOK_HEADER, webhookMessage, WebhookPayload } from "../wire/webhook.js";
import { SERVER_DEFAULTS } from "./defaults.js";
import { webhookKeys } from "./webhook-keys.js";
import { WebhookVerificationError } from "./webhook-error.js";

/** A delivery as received: a fetch `Request` (body unread), or its headers and raw body. */
export type WebhookDelivery =
  | Request
  | {
      /** A `Headers`, or an object such as `node:http`'s `req.headers` (names in any case). */
      readonly headers: Headers | Readonly<Record<string, string | readonly string[] | undefined>>;
      /** The body exactly as received (`express.raw()`'s Buffer): re-serialised JSON does not verify. */
      readonly body: string | Uint8Array | ArrayBuffer;
    };

/** Options of {@link verifyWebhook$}; every one has a default. */
export interface VerifyWebhookOptions {
  /** Where the public keys are. @default "https://rest.alpha.fal.ai/.well-known/jwks.json" (the emulator's: `emulator.jwksUrl`) */
  jwksUrl?: string;
  /** Seconds the delivery's timestamp may be from now, either way. @default 300 */
  toleranceSeconds?: number;
  /** The clock (`now()`) and the JWKS cache's windows and fetch retries. @default asyncScheduler */
  scheduler?: SchedulerLike;
}

/**
 * Verifies a webhook delivery as fal signs them: the `X-Fal-Webhook-*` headers, a timestamp within
 * `toleranceSeconds` of now, an ED25519 signature over `request_id \n user_id \n timestamp \n
 * sha256_hex(body)` that a key of fal's JWKS verifies. Emits the payload once, typed, then completes;
 * errors with a {@link WebhookVerificationError} whose `reason` says why it was refused
 * (an {@link InvalidOptionError} for options or a delivery it cannot read).
 *
 * The JWKS is fetched when first needed and kept 24 h, one fetch shared by concurrent calls; a
 * signature no cached key verifies fetches it again, at most once a minute. Cold: nothing is read
 * or fetched before subscribe.
 *
 * @example
 * app.post("/fal/webhook", express.raw({ type: "*\/*" }), (req, res) => {
 *   verifyWebhook$<FluxOutput>({ headers: req.headers, body: req.body }).subscribe({
 *     next: (delivery) => { save(delivery.request_id, delivery.payload); res.sendStatus(204); },
 *     error: () => res.sendStatus(401),
 *   });
 * });
 */
export function verifyWebhook$<Output = unknown>(delivery: WebhookDelivery, options: VerifyWebhookOptions = {}): Observable<WebhookPayload<Output>> {
  return defer(() => {
    const { jwksUrl, toleranceSeconds, scheduler } = normalizeOptions(options);
    const fields = signedFields(delivery);
    const refuse = (reason: WebhookVerificationError["reason"], why: string, cause?: unknown) => new WebhookVerificationError(reason, fields.requestId, why, { cause });
    const skew = Math.abs(scheduler.now() / 1000 - Number(fields.timestamp));
    if (!/^\d+$/.test(fields.timestamp) || skew > toleranceSeconds) {
      throw refuse("stale-timestamp", `timestamp ${JSON.stringify(fields.timestamp.slice(0, 20))} is not Unix seconds within ${toleranceSeconds} s of now`);
    }
    if (!/^[0-9a-f]{128}$/i.test(fields.signature)) throw refuse("bad-signature", "the signature is not 64 bytes of hex");
    const signature = Buffer.from(fields.signature, "hex");
    const keys = webhookKeys(jwksUrl, scheduler);
    return bodyOf$(delivery).pipe(
      concatMap((body) => {
        const message = Buffer.from(webhookMessage(fields.requestId, fields.userId, fields.timestamp, createHash("sha256").update(body).digest("hex")));
        const verifies = (candidates: readonly KeyObject[]) => candidates.some((key) => verify(null, message, key, signature));
        return keys.keys$().pipe(
          throwIfEmpty(() => refuse("jwks-unavailable", `the JWKS at ${jwksUrl} was not fetched`)),
          // A key fal rotated in since the cache was filled: fetch once more (rationed) before refusing.
          concatMap((cached) => (verifies(cached) ? of(true) : keys.refetch$().pipe(map(verifies), defaultIfEmpty(false)))),
          map((verified) => {
            if (!verified) throw refuse("bad-signature", `no key of the JWKS at ${jwksUrl} verifies the signature over these bytes`);
            return payloadOf<Output>(body, refuse);
          }),
        );
      }),
    );
  });
}

function normalizeOptions(options: VerifyWebhookOptions): Required<VerifyWebhookOptions> {
  checkOptionNames(options, ["jwksUrl", "toleranceSeconds", "scheduler"], "verifyWebhook$");
  const { jwksUrl = SERVER_DEFAULTS.webhook.jwksUrl, toleranceSeconds = SERVER_DEFAULTS.webhook.toleranceSeconds, scheduler = asyncScheduler } = options;
  if (typeof jwksUrl !== "string" || !/^https?:\/\//i.test(jwksUrl)) throw new InvalidOptionError("jwksUrl", jwksUrl, "an absolute http(s) URL");
  if (typeof toleranceSeconds !== "number" || !(toleranceSeconds >= 0) || !Number.isFinite(toleranceSeconds)) {
    throw new InvalidOptionError("toleranceSeconds", toleranceSeconds, "a finite number of seconds >= 0");
  }
  return { jwksUrl, toleranceSeconds, scheduler };
}

/** The four signed headers; a {@link WebhookVerificationError} (`missing-header`) naming the first absent one. */
function signedFields(delivery: WebhookDelivery) {
  const read = headerReader(delivery);
  const requestId = read(WEBHOOK_HEADER.requestId);
  const fields = { requestId: requestId ?? "", userId: read(WEBHOOK_HEADER.userId), timestamp: read(WEBHOOK_HEADER.timestamp), signature: read(WEBHOOK_HEADER.signature) };
  for (const name of Object.values(WEBHOOK_HEADER)) {
    if (!read(name)) throw new WebhookVerificationError("missing-header", requestId || undefined, `the ${name} header is missing`);
  }
  return fields as { requestId: string; userId: string; timestamp: string; signature: string };
}

function headerReader(delivery: WebhookDelivery): (name: string) => string | undefined {
  if (typeof delivery !== "object" || delivery === null || typeof delivery.headers !== "object" || delivery.headers === null) {
    throw new InvalidOptionError("delivery", typeof delivery, "a Request, or { headers, body } with the raw body");
  }
  const { headers } = delivery;
  if (typeof (headers as Headers).get === "function") return (name) => (headers as Headers).get(name) ?? undefined;
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  return (name) => {
    const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === name);
    const value = key === undefined ? undefined : record[key];
    return typeof value === "string" ? value : value?.[0];
  };
}

function bodyOf$(delivery: WebhookDelivery): Observable<Uint8Array> {
  if (delivery instanceof Request) {
    if (delivery.bodyUsed) throw new InvalidOptionError("delivery", "[a Request whose body was read]", "a Request with its body unread, or { headers, body } with the raw body");
    return from(delivery.arrayBuffer()).pipe(map((buffer) => new Uint8Array(buffer)));
  }
  const { body } = delivery;
  if (typeof body === "string") return of(Buffer.from(body));
  if (body instanceof Uint8Array) return of(body);
  if (body instanceof ArrayBuffer) return of(new Uint8Array(body));
  throw new InvalidOptionError("delivery.body", typeof body, "the raw body as received (a string, Buffer, Uint8Array or ArrayBuffer): parsed and re-serialised JSON does not verify");
}

function payloadOf<Output>(body: Uint8Array, refuse: (reason: "bad-payload", why: string, cause?: unknown) => WebhookVerificationError): WebhookPayload<Output> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(body));
  } catch (error) {
    throw refuse("bad-payload", "the body is not JSON", error);
  }
  const parsed = WebhookPayload.safeParse(json);
  if (!parsed.success) throw refuse("bad-payload", `the payload is not fal's shape: ${mismatch(parsed.error.issues, json).text}`);
  return parsed.data as WebhookPayload<Output>;
}
