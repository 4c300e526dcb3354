import type { RouteContext } from "../context.js";
import { sendJson } from "../http.js";
import type { RouteHandler } from "../server.js";

/**
 * `{rest}/...`: fal's rest host serves several areas (storage uploads, tokens), each under its own
 * path prefix. Give each area's handler its prefix: `restRouter({ "/storage": ..., "/tokens": ... })`.
 */
export function restRouter(areas: Record<string, RouteHandler>): RouteHandler {
  return (ctx: RouteContext) => {
    const area = Object.keys(areas).find((prefix) => ctx.path === prefix || ctx.path.startsWith(`${prefix}/`));
    if (area === undefined) return sendJson(ctx.res, 404, { detail: `No rest route for ${ctx.req.method} ${ctx.path}` });
    return areas[area]!(ctx);
  };
}
