import type { BaseUrls } from "./config.js";
import { InvalidEndpointIdError } from "./errors.js";
import { appIdOf, ENDPOINT_ID_FORMS, formatEndpointId, parseEndpointId, type EndpointId } from "./wire/endpoint-id.js";

/** What an endpoint argument resolved to: a parsed id, or a full URL used as given. */
export type Endpoint = { kind: "id"; id: EndpointId } | { kind: "url"; url: string };

/**
 * Parses an id or full URL. Throws {@link InvalidEndpointIdError} when it is neither: called inside
 * an operation's `defer`, so the throw errors the Observable.
 */
export function resolveEndpoint(endpoint: string): Endpoint {
  if (typeof endpoint === "string" && /^https?:\/\//i.test(endpoint)) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new InvalidEndpointIdError(endpoint, ENDPOINT_ID_FORMS);
    }
    return { kind: "url", url: url.href.replace(/\/$/, "") };
  }
  const id = parseEndpointId(endpoint);
  if (!id) throw new InvalidEndpointIdError(String(endpoint), ENDPOINT_ID_FORMS);
  return { kind: "id", id };
}

/** `{run}/{id}{path}`: synchronous runs (and `/stream`). */
export function runUrl(base: BaseUrls, endpoint: Endpoint, path = ""): string {
  return `${endpointUrl(base.run, endpoint)}${path}`;
}

/** `{queue}/{id}`: queue submit. */
export function submitUrl(base: BaseUrls, endpoint: Endpoint): string {
  return endpointUrl(base.queue, endpoint);
}

/** `{queue}/{ns/}{owner}/{alias}/requests/{requestId}`: status, result and cancel drop the path. */
export function requestUrl(base: BaseUrls, endpoint: Endpoint, requestId: string): string {
  const app = endpoint.kind === "id" ? `${base.queue}/${appIdOf(endpoint.id)}` : endpoint.url;
  return `${app}/requests/${encodeURIComponent(requestId)}`;
}

/** `{rest}/{path}`: storage and tokens. */
export function restUrl(base: BaseUrls, path: string): string {
  return `${base.rest}/${path.replace(/^\//, "")}`;
}

/** Appends query parameters (`undefined` values skipped) to a URL that may already have some. */
export function withQuery(url: string, query: Record<string, unknown> | undefined): string {
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    params.append(name, typeof value === "object" && value !== null ? JSON.stringify(value) : String(value));
  }
  const search = params.toString();
  if (!search) return url;
  return `${url}${url.includes("?") ? "&" : "?"}${search}`;
}

function endpointUrl(host: string, endpoint: Endpoint): string {
  return endpoint.kind === "url" ? endpoint.url : `${host}/${formatEndpointId(endpoint.id)}`;
}
