import type { BaseUrls } from "../config.js";
import { InvalidEndpointIdError } from "../errors.js";
import { resolveEndpoint, runUrl, withQuery } from "../routes.js";
import { TOKEN_QUERY } from "../wire/headers.js";
import { ENDPOINT_ID_FORMS, formatEndpointId, parseEndpointId } from "../wire/endpoint-id.js";
import { REALTIME_DEFAULTS } from "./options.js";

/** Where a realtime session connects, and what its tokens are for. */
export interface RealtimeTarget {
  /** The app path a `tokenProvider` is asked about, e.g. `"fal-ai/app/realtime"`. */
  readonly appPath: string;
  /** The alias a fetched token is allowed for (`allowed_apps`). */
  readonly alias: string;
  /** `wss://<run host>/{id}{path}?fal_jwt_token=...[&max_buffering=n]`: the token, never the key. */
  url(token: string): string;
}

/**
 * Resolves an endpoint id (or full URL) to its realtime URL on the run host, `https` becoming
 * `wss` (and `http`, the emulator's, `ws`). The path defaults to `/realtime` unless the id already
 * ends with it, as fal's own client does. Throws {@link InvalidEndpointIdError} for an id (or a
 * URL's path) that is none of fal's forms.
 */
export function realtimeTarget(
  baseUrls: BaseUrls,
  endpointId: string,
  path: string | undefined,
  maxBuffering: number | undefined,
): RealtimeTarget {
  const endpoint = resolveEndpoint(endpointId);
  const id = endpoint.kind === "id" ? endpoint.id : parseEndpointId(new URL(endpoint.url).pathname.replace(/^\//, ""));
  if (!id) throw new InvalidEndpointIdError(endpointId, ENDPOINT_ID_FORMS);
  const formatted = endpoint.kind === "id" ? formatEndpointId(id) : new URL(endpoint.url).pathname.replace(/^\//, "");
  const suffix = path ?? (formatted.endsWith(REALTIME_DEFAULTS.path) ? "" : REALTIME_DEFAULTS.path);
  const http = runUrl(baseUrls, endpoint, suffix);
  const base = http.replace(/^http(s?):/i, (_match, secure: string) => `ws${secure}:`);
  return {
    appPath: `${formatted}${suffix}`,
    alias: id.alias,
    url: (token) => withQuery(base, { [TOKEN_QUERY]: token, max_buffering: maxBuffering }),
  };
}
