import type { RouteContext } from "../context.js";
import { parseJsonBody, sendJson } from "../http.js";
import type { RouteHandler } from "../server.js";
import type { TokenStore } from "../tokens.js";

/** fal's own clients ask 120 s; anything from 1 s to a day is accepted here. */
const DEFAULT_EXPIRATION = 120;
const MAX_EXPIRATION = 86_400;

/**
 * `POST {rest}/tokens/` with `{allowed_apps: [alias], token_expiration}`: answers the token as a
 * JSON string, as fal does. Needs the key (the server checks it like on every rest call).
 */
export function tokensRoute(store: TokenStore): RouteHandler {
  return (ctx: RouteContext) => {
    if (ctx.req.method !== "POST" || !/^\/tokens\/?$/.test(ctx.path)) {
      return sendJson(ctx.res, 404, { detail: `No rest route for ${ctx.req.method} ${ctx.path}` });
    }
    const body = parseJsonBody(ctx.body);
    const input = (body.ok ? body.value : undefined) as { allowed_apps?: unknown; token_expiration?: unknown } | undefined;
    const apps = input?.allowed_apps;
    if (!Array.isArray(apps) || apps.length === 0 || !apps.every((app) => typeof app === "string" && app !== "")) {
      return sendJson(ctx.res, 422, {
        detail: [{ loc: ["body", "allowed_apps"], msg: "a non-empty list of app aliases is required", type: "value_error" }],
      });
    }
    const seconds = input?.token_expiration ?? DEFAULT_EXPIRATION;
    if (typeof seconds !== "number" || !(seconds >= 1 && seconds <= MAX_EXPIRATION)) {
      return sendJson(ctx.res, 422, {
        detail: [{ loc: ["body", "token_expiration"], msg: `seconds between 1 and ${MAX_EXPIRATION}`, type: "value_error" }],
      });
    }
    sendJson(ctx.res, 200, store.issue(apps as string[], seconds));
  };
}
