import { callHeaders, type CallOptions } from "../call/options.js";
import { normalizeRoute, type CallRoute, type HttpMethod } from "../call/route.js";
import { normalizeSchemas, type CallSchemas, type InputSchemaOption, type OutputSchemaOption, type PartialSchemaOption } from "../call/schemas.js";
import { DEFAULTS } from "../config.js";
import { InvalidOptionError } from "../errors.js";
import { resolveEndpoint, type Endpoint } from "../routes.js";
import type { TokenProvider } from "../transport/token.js";

/** Options of `stream$`; `O` and `P` type the `output` and `partial` schemas (see docs/typing.md). */
export interface StreamOptions<I = unknown, O = unknown, P = unknown>
  extends CallOptions,
    InputSchemaOption<I>,
    OutputSchemaOption<O>,
    PartialSchemaOption<P> {
  /** The model's input: the JSON body, or the query string for GET. @default undefined (sends `{}`) */
  input?: I;
  /** The app's streaming route, appended to the id (not twice if the id already ends with it). @default "/stream" */
  path?: string;
  /** @default "post" */
  method?: HttpMethod | Uppercase<HttpMethod>;
  /** Extra query parameters. @default undefined */
  query?: Record<string, unknown>;
  /**
   * Inactivity timeout in ms: no byte for that long (keep-alive comments count) fails the stream
   * with `FalTimeoutError` (`kind: "inactivity"`) and closes the connection. Counted from the
   * answer's headers on; `Infinity` turns it off.
   * @default 15000 (`DEFAULTS.streamTimeout`)
   */
  timeout?: number;
  /**
   * `"server"`: the key or the proxy, as for every call. `"client"`: for browsers without a
   * streaming proxy, a short-lived token (from `tokenProvider`, else `POST {rest}/tokens/` through
   * the key or proxy) is sent as `fal_jwt_token`, and the stream goes straight to fal.
   * @default "server"
   */
  connectionMode?: "server" | "client";
  /** Supplies the token in `"client"` mode, given `"<endpoint id><path>"`. @default undefined (ask fal) */
  tokenProvider?: TokenProvider;
  /** The `Accept` header. @default "text/event-stream" */
  accept?: string;
  /**
   * The most bytes one event (or one line of it) may take before it ends: a server that never ends
   * an event would otherwise grow memory without bound while its bytes keep the inactivity timeout
   * away. Past it the stream fails with `WireFormatError` and the connection is closed.
   * @default 16777216 (16 MiB, `DEFAULTS.maxEventSize`)
   */
  maxEventSize?: number;
}

/** Stream options with defaults applied and checked. */
export interface NormalizedStreamOptions<I> extends CallRoute {
  readonly endpoint: Endpoint;
  /** The id or URL as the caller gave it (what a token provider is told). */
  readonly endpointId: string;
  readonly input: I | undefined;
  /** The path actually appended: `""` when the id already ends with it. */
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly timeout: number;
  readonly maxEventSize: number;
  readonly connectionMode: "server" | "client";
  readonly tokenProvider: TokenProvider | undefined;
  readonly schemas: CallSchemas;
}

/**
 * Applies defaults and checks every option: throws {@link InvalidEndpointIdError} or
 * {@link InvalidOptionError} for the first problem (inside `stream$`'s `defer`, so it errors the
 * Observable).
 */
export function normalizeStreamOptions<I>(endpointId: string, options: StreamOptions<I>): NormalizedStreamOptions<I> {
  const endpoint = resolveEndpoint(endpointId);
  const route = normalizeRoute(options, "/stream");
  const timeout = options.timeout ?? DEFAULTS.streamTimeout;
  if (typeof timeout !== "number" || !(timeout > 0)) {
    throw new InvalidOptionError("timeout", timeout, "a number of milliseconds > 0, or Infinity");
  }
  const maxEventSize = options.maxEventSize ?? DEFAULTS.maxEventSize;
  if (typeof maxEventSize !== "number" || !(maxEventSize >= 1)) {
    throw new InvalidOptionError("maxEventSize", maxEventSize, "a number of bytes >= 1, or Infinity");
  }
  const connectionMode = options.connectionMode ?? "server";
  if (connectionMode !== "server" && connectionMode !== "client") {
    throw new InvalidOptionError("connectionMode", connectionMode, '"server" or "client"');
  }
  const { tokenProvider } = options;
  if (tokenProvider !== undefined && typeof tokenProvider !== "function") {
    throw new InvalidOptionError("tokenProvider", tokenProvider, "a function (app) => token, Promise or Observable of one");
  }
  if (connectionMode === "client" && endpoint.kind === "url" && !tokenProvider) {
    throw new InvalidOptionError("tokenProvider", undefined, 'a tokenProvider: with a full URL and connectionMode "client" the app to ask a token for is unknown');
  }
  const accept = options.accept ?? "text/event-stream";
  if (typeof accept !== "string" || accept === "") throw new InvalidOptionError("accept", accept, "a media type");
  const headers = callHeaders(options);
  const schemas = normalizeSchemas(options);

  return {
    ...route,
    endpoint,
    endpointId,
    input: options.input,
    path: alreadyThere(endpoint, route.path) ? "" : route.path,
    headers: { ...headers, accept },
    timeout,
    maxEventSize,
    connectionMode,
    tokenProvider,
    schemas,
  };
}

/** fal's own client does not append `/stream` to an id that already ends with it; neither do we. */
function alreadyThere(endpoint: Endpoint, path: string): boolean {
  if (path === "") return true;
  const current = endpoint.kind === "url" ? new URL(endpoint.url).pathname : endpoint.id.path;
  return current.endsWith(path);
}
