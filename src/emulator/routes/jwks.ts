import type { RouteContext } from "../context.js";
import { sendJson } from "../http.js";
import type { RouteHandler } from "../server.js";
import type { WebhookSigner } from "../webhook.js";
import { JWKS_PATH } from "../../wire/webhook.js";

/**
 * `GET {rest}/.well-known/jwks.json`: the public key the emulator signs webhook deliveries with.
 * Public, like fal's: no key needed (server.ts lets it through).
 */
export function jwksRoute(signer: WebhookSigner): RouteHandler {
  return (ctx: RouteContext) => {
    if (ctx.req.method !== "GET" || ctx.path !== `/${JWKS_PATH}`) {
      return sendJson(ctx.res, 404, { detail: `No rest route for ${ctx.req.method} ${ctx.path}` });
    }
    sendJson(ctx.res, 200, signer.jwks, { "cache-control": "public, max-age=86400" });
  };
}
