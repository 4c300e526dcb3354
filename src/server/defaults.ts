import { DEFAULTS } from "../config.js";
import { FAL_JWKS_URL } from "../wire/webhook.js";

/** Every default of `fal-rx/server` (kept beside it, so the client entry stays lean). */
export const SERVER_DEFAULTS = {
  /** falProxy: bytes a request body may have. Inputs are JSON with file URLs: files go to storage directly. */
  maxBodySize: 10 * 1024 * 1024,
  webhook: {
    jwksUrl: FAL_JWKS_URL,
    /** Seconds a delivery's timestamp may be from now, either way (fal's documented window). */
    toleranceSeconds: 300,
    /** fal says its JWKS may be cached up to 24 h. */
    jwksMaxAgeMs: 24 * 60 * 60 * 1000,
    /** An unknown signature, or a failed fetch, fetches the JWKS again at most once a minute. */
    jwksRefetchAfterMs: 60_000,
    /** A JWKS fetch retries twice, briefly: fal retries a refused delivery later anyway. */
    jwksRetry: { ...DEFAULTS.retry, maxRetries: 2, baseDelay: 250, maxDelay: 1_000 },
  },
} as const;
