/**
 * fal's endpoint-id grammar, shared by the client (to build URLs) and the emulator (to route them).
 *
 * Accepted forms: `owner/alias[/path...]`, `workflows/owner/alias[/path...]`,
 * `comfy/owner/alias[/path...]`, and the legacy single segment `12345-my-app` (= `12345/my-app`).
 */
export interface EndpointId {
  /** `workflows` or `comfy` when the id is namespaced. */
  readonly namespace?: "workflows" | "comfy";
  readonly owner: string;
  readonly alias: string;
  /** Sub-path after the alias, with a leading `/`, or `""`. */
  readonly path: string;
}

export const ENDPOINT_ID_FORMS =
  "owner/alias[/path], workflows/owner/alias, comfy/owner/alias, 12345-app, or a full https:// URL";

/** Namespaces that come before the owner (`workflows/owner/alias`). */
export const NAMESPACES: ReadonlySet<string> = new Set(["workflows", "comfy"]);
/** One segment of an id. */
export const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._~-]*$/;
const LEGACY = /^(\d+)-([A-Za-z0-9][A-Za-z0-9._~-]*)$/;

/** Parses an id; `undefined` when it is not one of the accepted forms. */
export function parseEndpointId(id: string): EndpointId | undefined {
  if (typeof id !== "string" || id.length === 0) return undefined;
  const parts = id.split("/");
  if (!parts.every((part) => SEGMENT.test(part))) return undefined;

  // The legacy form is a single segment (`12345-my-app`); with more segments the id is read as
  // owner/alias, as fal's own clients do.
  const legacy = parts.length === 1 ? LEGACY.exec(parts[0]!) : null;
  if (legacy) return { owner: legacy[1]!, alias: legacy[2]!, path: "" };

  const namespace = NAMESPACES.has(parts[0]!) ? (parts[0] as EndpointId["namespace"]) : undefined;
  const rest = namespace ? parts.slice(1) : parts;
  if (rest.length < 2) return undefined;
  return { namespace, owner: rest[0]!, alias: rest[1]!, path: joinPath(rest.slice(2)) };
}

/** `[namespace/]owner/alias`: the part of an id the queue's request routes use. */
export function appIdOf(id: EndpointId): string {
  return `${id.namespace ? `${id.namespace}/` : ""}${id.owner}/${id.alias}`;
}

/** The canonical id, path included. */
export function formatEndpointId(id: EndpointId): string {
  return appIdOf(id) + id.path;
}

function joinPath(segments: string[]): string {
  return segments.length === 0 ? "" : `/${segments.join("/")}`;
}
