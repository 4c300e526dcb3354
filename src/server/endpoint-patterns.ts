import { NAMESPACES, parseEndpointId, SEGMENT } from "../wire/endpoint-id.js";

/**
 * An `allowEndpoints` entry. An id (`fal-ai/flux/dev`) covers that endpoint and its `/stream`
 * route, not the app's other endpoints (`fal-ai/flux` does not cover `fal-ai/flux/pro`, which
 * costs more); a prefix ending in `/*` covers itself and everything under it; `*` covers all.
 */
export interface EndpointPattern {
  readonly segments: readonly string[];
  readonly wildcard: boolean;
}

/** Parses a pattern; `undefined` when it is neither an endpoint id, a `.../*` prefix, nor `*`. */
export function endpointPattern(text: string): EndpointPattern | undefined {
  if (text === "*") return { segments: [], wildcard: true };
  const wildcard = text.endsWith("/*");
  const segments = (wildcard ? text.slice(0, -2) : text).split("/");
  if (!segments.every((segment) => SEGMENT.test(segment))) return undefined;
  return wildcard || parseEndpointId(text) ? { segments, wildcard } : undefined;
}

/** Does some pattern cover this endpoint path (`fal-ai/flux/dev`, `fal-ai/flux/dev/stream`)? */
export function allowsEndpoint(patterns: readonly EndpointPattern[], path: readonly string[]): boolean {
  return patterns.some(({ segments, wildcard }) =>
    wildcard
      ? startsWith(path, segments)
      : startsWith(path, segments) && (path.length === segments.length || (path.length === segments.length + 1 && path.at(-1) === "stream")),
  );
}

/**
 * Does some pattern cover an endpoint of this app (`[namespace/]owner/alias`)? The queue's status,
 * result and cancel routes name the app only, whichever of its endpoints the request was for.
 */
export function allowsApp(patterns: readonly EndpointPattern[], app: readonly string[]): boolean {
  return patterns.some(({ segments, wildcard }) => startsWith(segments, app) || (wildcard && startsWith(app, segments)));
}

/**
 * Does some pattern cover an app of this alias? A short-lived token (`POST {rest}/tokens/`) names
 * aliases only (`allowed_apps: ["flux"]`); one for an app no pattern covers would let the browser
 * call it directly, around this list.
 */
export function allowsAlias(patterns: readonly EndpointPattern[], alias: string): boolean {
  return patterns.some(({ segments, wildcard }) => {
    const at = NAMESPACES.has(segments[0] ?? "") ? 2 : 1;
    return segments.length > at ? segments[at] === alias : wildcard;
  });
}

/** The `[namespace/]owner/alias` of a queue request route (`.../requests/{id}[/...]`), else `undefined`. */
export function requestRouteApp(path: readonly string[]): readonly string[] | undefined {
  const length = NAMESPACES.has(path[0] ?? "") ? 3 : 2;
  return path[length] === "requests" && path.length > length + 1 ? path.slice(0, length) : undefined;
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}
