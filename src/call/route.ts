import { InvalidOptionError } from "../errors.js";

/** The HTTP methods a model's route may be called with. */
export type HttpMethod = "get" | "post" | "put" | "delete" | "patch";

const METHODS = new Set<string>(["get", "post", "put", "delete", "patch"]);

/** A call's method, path and extra query, checked: what `run$` and `stream$` share. */
export interface CallRoute {
  /** Upper case, as sent. */
  readonly method: string;
  /** `""` or a path starting with `"/"`. */
  readonly path: string;
  readonly query: Record<string, unknown> | undefined;
}

/**
 * Applies `defaultPath` and checks `method` and `path` (typed options are still checked: callers
 * may be plain JavaScript). Throws {@link InvalidOptionError} for the first problem (inside the
 * operation's `defer`, so it errors the Observable).
 *
 * @example
 * normalizeRoute({ method: "GET", path: "/v2" }, "") // { method: "GET", path: "/v2", query: undefined }
 * normalizeRoute({ path: 5 }, "")                     // throws InvalidOptionError: path
 */
export function normalizeRoute(
  options: { readonly method?: unknown; readonly path?: unknown; readonly query?: Record<string, unknown> },
  defaultPath: string,
): CallRoute {
  const method = String(options.method ?? "post").toLowerCase();
  if (!METHODS.has(method)) throw new InvalidOptionError("method", options.method, "get, post, put, delete or patch");
  const path = options.path ?? defaultPath;
  if (typeof path !== "string" || (path !== "" && !path.startsWith("/"))) {
    throw new InvalidOptionError("path", path, 'a path starting with "/"');
  }
  return { method: method.toUpperCase(), path, query: options.query };
}

/**
 * Where a call's (prepared) input goes: for GET, into the query string (an explicit `query`
 * entry wins over an input field of the same name) and no body; otherwise the JSON body, `{}`
 * when there is no input (fal's apps expect an object).
 */
export function placeInput(route: CallRoute, input: unknown): { query: Record<string, unknown> | undefined; json: unknown } {
  if (route.method === "GET") return { query: { ...(input as Record<string, unknown> | undefined), ...route.query }, json: undefined };
  return { query: route.query, json: input ?? {} };
}
