import { createPublicKey, type KeyObject } from "node:crypto";
import { catchError, map, throwError, type Observable, type SchedulerLike } from "rxjs";
import { normalizeConfig, type NormalizedConfig } from "../config.js";
import { request$ } from "../transport/request.js";
import { WebhookKeySet } from "../wire/webhook.js";
import { SERVER_DEFAULTS } from "./defaults.js";
import { KeyCache } from "./key-cache.js";
import { WebhookVerificationError } from "./webhook-error.js";

/**
 * One key cache per clock and JWKS URL, for the process: every `verifyWebhook$` call shares it,
 * as the fetch rationing needs. Per clock, so a test's virtual time never serves real calls.
 */
const CACHES = new WeakMap<SchedulerLike, Map<string, KeyCache<readonly KeyObject[]>>>();

/** Fetches carry no key (a client with none): the JWKS is public, and not on a host that gets one. */
let config: NormalizedConfig | undefined;

/** The shared cache of the Ed25519 keys published at `jwksUrl`. */
export function webhookKeys(jwksUrl: string, scheduler: SchedulerLike): KeyCache<readonly KeyObject[]> {
  let caches = CACHES.get(scheduler);
  if (!caches) CACHES.set(scheduler, (caches = new Map()));
  let cache = caches.get(jwksUrl);
  if (!cache) {
    const { jwksMaxAgeMs: maxAgeMs, jwksRefetchAfterMs: refetchAfterMs } = SERVER_DEFAULTS.webhook;
    caches.set(jwksUrl, (cache = new KeyCache(fetchKeys$(jwksUrl, scheduler), { maxAgeMs, refetchAfterMs }, scheduler)));
  }
  return cache;
}

/** GETs the JWKS through the client's transport (retries, typed errors) and imports its Ed25519 keys. */
function fetchKeys$(jwksUrl: string, scheduler: SchedulerLike): Observable<readonly KeyObject[]> {
  config ??= normalizeConfig({ credentials: () => undefined });
  const unavailable = (why: string, cause?: unknown) => new WebhookVerificationError("jwks-unavailable", undefined, `the JWKS at ${jwksUrl} ${why}`, { cause });
  return request$(config, { method: "GET", url: jwksUrl, retry: SERVER_DEFAULTS.webhook.jwksRetry }, scheduler).pipe(
    map(({ data }) => {
      const parsed = WebhookKeySet.safeParse(data);
      if (!parsed.success) throw unavailable("is not a JWKS ({keys: [...]})");
      const keys = parsed.data.keys.filter((key) => key.kty === "OKP" && key.crv === "Ed25519" && typeof key.x === "string").flatMap((key) => importKey(key.x!));
      if (keys.length === 0) throw unavailable("holds no Ed25519 key");
      return keys;
    }),
    // Anything else is the fetch failing: typed by the transport, named here by its reason.
    catchError((error: unknown) =>
      throwError(() => (error instanceof WebhookVerificationError ? error : unavailable(`could not be fetched: ${(error as Error).message}`, error))),
    ),
  );
}

function importKey(x: string): KeyObject[] {
  try {
    return [createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" })];
  } catch {
    return []; // A malformed key verifies nothing: skipped, like keys of other types.
  }
}
