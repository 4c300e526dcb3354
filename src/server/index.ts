/**
 * fal-rx/server (Node >= 20; never loaded by the client entry): the route browsers' `proxyUrl`
 * points to, which keeps the fal key on the server (`falProxy` for node:http and Express,
 * `falProxyFetch` for fetch-API servers), and verification of fal's signed webhook deliveries
 * (`verifyWebhook$`).
 */
export { falProxy, type FalProxyHandler } from "./node-proxy.js";
export { falProxyFetch } from "./fetch-proxy.js";
export type { FalProxyOptions } from "./proxy-options.js";
export { verifyWebhook$, type VerifyWebhookOptions, type WebhookDelivery } from "./verify-webhook.js";
export { WebhookVerificationError, type WebhookRefusalReason } from "./webhook-error.js";
export type { WebhookPayload } from "../wire/webhook.js";
export { FAL_JWKS_URL } from "../wire/webhook.js";
