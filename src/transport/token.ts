import { map, type Observable, type ObservableInput, type SchedulerLike } from "rxjs";
import { DEFAULTS, type NormalizedConfig } from "../config.js";
import { WireFormatError } from "../errors.js";
import { restUrl, withQuery } from "../routes.js";
import { request$ } from "./request.js";
import type { FalResponse } from "./response.js";

/**
 * Supplies a short-lived token for `app` (the endpoint id and path, e.g.
 * `"fal-ai/any-llm/stream"`), typically by calling your own server, which holds the key and
 * asks fal (`POST {rest}/tokens/`). A Promise, an Observable (its first value is used) or any
 * ObservableInput.
 */
export type TokenProvider = (app: string) => ObservableInput<string>;

/** The query parameter fal reads a short-lived token from. */
export const TOKEN_QUERY = "fal_jwt_token";

/**
 * Asks fal for a short-lived token that lets a browser call `alias` without the key:
 * `POST {rest}/tokens/` with `{allowed_apps: [alias], token_expiration}`. Goes through the normal
 * pipeline (key or proxy, retries). Emits the token once, then completes.
 *
 * Errors: the usual {@link ApiError}/{@link NetworkError}; a {@link WireFormatError} when the answer
 * is not a token (a JSON string, or `{detail: token}` as older proxies wrap it).
 *
 * @example
 * temporaryToken$(config, "any-llm").subscribe((token) => connect(token));
 */
export function temporaryToken$(config: NormalizedConfig, alias: string, scheduler?: SchedulerLike): Observable<string> {
  const url = restUrl(config.baseUrls, "tokens/");
  const json = { allowed_apps: [alias], token_expiration: DEFAULTS.tokenExpirationSeconds };
  return request$<FalResponse<unknown>>(config, { method: "POST", url, json }, scheduler).pipe(
    map((response) => {
      const token = tokenIn(response.data);
      if (token !== undefined) return token;
      throw new WireFormatError({
        status: response.status,
        body: response.data,
        url,
        method: "POST",
        requestId: response.requestId,
        detail: "expected the token as a JSON string",
      });
    }),
  );
}

/**
 * The request config and URL for a call authenticated by a token instead of the key: the token
 * goes in the query, and neither the key nor the proxy is used (this mode exists for browsers that
 * have no streaming proxy). Middleware still applies.
 */
export function withToken(config: NormalizedConfig, url: string, token: string): { config: NormalizedConfig; url: string } {
  return {
    config: { ...config, proxy: undefined, resolveKey: () => undefined },
    url: withQuery(url, { [TOKEN_QUERY]: token }),
  };
}

function tokenIn(data: unknown): string | undefined {
  if (typeof data === "string" && data !== "") return data;
  // Older fal proxies wrap the token: `{detail: "<token>"}`.
  const detail = (data as { detail?: unknown } | null | undefined)?.detail;
  return typeof detail === "string" && detail !== "" ? detail : undefined;
}
