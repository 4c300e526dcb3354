import { backoffOptionsError } from "../config.js";
import { InvalidOptionError } from "../errors.js";
import { checkOptionNames } from "../operations/call-options.js";
import type { TokenProvider } from "../transport/token.js";
import { decodeFrame, encodeInput, type Frame } from "./codec.js";

/**
 * A WebSocket constructor: the browser's (and Node >= 22's) global `WebSocket`, or the `ws`
 * package's `WebSocket` on Node 20. Only `new Ctor(url)` is used.
 */
export type WebSocketCtorLike = new (url: string, protocols?: string | string[]) => object;

/** How a dropped connection is re-established: consecutive failures, exponential backoff. */
export interface ReconnectOptions {
  /** Reconnects after consecutive failures before erroring (a result resets the count). @default 3 */
  maxRetries: number;
  /** Delay before the first reconnect, in ms. @default 500 */
  baseDelay: number;
  /** Upper bound of any delay, in ms. @default 5000 */
  maxDelay: number;
  /** Growth of the delay per consecutive failure. @default 2 */
  backoffMultiplier: number;
  /** ±25 % random spread so many clients do not reconnect in step. @default true */
  enableJitter: boolean;
}

/** Options of a realtime session (`connect$`, `session`); every one has a default. */
export interface RealtimeOptions<I = unknown> {
  /** Route after the endpoint id. `""` when the id already names it. @default "/realtime" (none if the id ends in /realtime) */
  path?: string;
  /** Throttle window in ms: only the latest input of each window is sent (leading and trailing); 0 sends every input. @default 128 */
  throttle?: number;
  /** Frames (1..60) the app may buffer before dropping old ones; sent as `max_buffering`. @default undefined (the app decides) */
  maxBuffering?: number;
  /**
   * Supplies a short-lived token for the app path (e.g. `"fal-ai/app/realtime"`), typically from
   * your own server. @default `POST {rest}/tokens/` through the client (key or proxy)
   */
  tokenProvider?: TokenProvider;
  /**
   * Lifetime of a token in seconds: a token older than 90 % of it is never used for a new
   * connection. @default 120 for fetched tokens; for `tokenProvider` tokens, undefined (reused until rejected)
   */
  tokenExpiration?: number;
  /** Input -> frame. @default MessagePack for values, strings and bytes as they are */
  encode?: (input: I) => Frame;
  /** Frame data (text, or bytes as an ArrayBuffer) -> value. @default JSON for text, MessagePack for bytes */
  decode?: (data: string | ArrayBuffer) => unknown;
  /** @default globalThis.WebSocket (browsers, Node >= 22); on Node 20 pass `ws`'s `WebSocket` */
  WebSocketCtor?: WebSocketCtorLike;
  /** Any subset of the reconnect policy. @default see {@link ReconnectOptions} */
  reconnect?: Partial<ReconnectOptions>;
  /** Also emit `{type: "message"}` for the app's informational `x-fal-message` frames. @default false */
  messages?: boolean;
}

/** Every realtime default (kept here, not in the core DEFAULTS, so the core entry stays lean). */
export const REALTIME_DEFAULTS = {
  path: "/realtime",
  throttle: 128,
  /** fal's own client refreshes at 90 % of a token's lifetime. */
  tokenRefreshRatio: 0.9,
  /** Close code and reason sent when the subscriber leaves. */
  normalClose: { code: 1000, reason: "client closed" },
  reconnect: { maxRetries: 3, baseDelay: 500, maxDelay: 5_000, backoffMultiplier: 2, enableJitter: true },
} as const satisfies { reconnect: ReconnectOptions; [key: string]: unknown };

const REALTIME_OPTIONS = ["path", "throttle", "maxBuffering", "tokenProvider", "tokenExpiration", "encode", "decode", "WebSocketCtor", "reconnect", "messages"];

/** `@fal-ai/client`'s realtime option names, and fal-rx's. */
const REALTIME_PORTED: Readonly<Record<string, string>> = {
  throttleInterval: "throttle",
  encodeMessage: "encode",
  decodeMessage: "decode",
  tokenExpirationSeconds: "tokenExpiration",
  onResult: "no callbacks: subscribe to the Observable (results come as events)",
  onError: "no callbacks: errors come through the Observable (catchError)",
  connectionKey: "no such option: each subscription is its own connection (share() one if you want to)",
};

/** Options after defaults and checks: nothing optional except what has no default. */
export interface NormalizedRealtimeOptions<I> {
  readonly path: string | undefined;
  readonly throttle: number;
  readonly maxBuffering: number | undefined;
  readonly tokenProvider: TokenProvider | undefined;
  readonly tokenExpiration: number | undefined;
  readonly encode: (input: I) => Frame;
  readonly decode: (data: string | ArrayBuffer) => unknown;
  readonly WebSocketCtor: WebSocketCtorLike;
  readonly reconnect: ReconnectOptions;
  readonly messages: boolean;
}

/** Applies defaults and checks every option; the first bad one is returned as an error, never thrown. */
export function normalizeRealtimeOptions<I>(
  options: RealtimeOptions<I>,
  defaultExpiration: number,
): NormalizedRealtimeOptions<I> | InvalidOptionError {
  try {
    checkOptionNames(options, REALTIME_OPTIONS, "connect$", REALTIME_PORTED);
  } catch (error) {
    return error as InvalidOptionError;
  }
  const { path, throttle = REALTIME_DEFAULTS.throttle, maxBuffering, tokenProvider, encode, decode } = options;
  if (path !== undefined && (typeof path !== "string" || (path !== "" && !path.startsWith("/")))) {
    return new InvalidOptionError("path", path, 'a path starting with "/", or ""');
  }
  if (typeof throttle !== "number" || !Number.isFinite(throttle) || throttle < 0) {
    return new InvalidOptionError("throttle", throttle, "a number of ms >= 0");
  }
  if (maxBuffering !== undefined && !(Number.isInteger(maxBuffering) && maxBuffering >= 1 && maxBuffering <= 60)) {
    return new InvalidOptionError("maxBuffering", maxBuffering, "an integer from 1 to 60");
  }
  for (const [name, fn] of [["tokenProvider", tokenProvider], ["encode", encode], ["decode", decode]] as const) {
    if (fn !== undefined && typeof fn !== "function") return new InvalidOptionError(name, fn, "a function");
  }
  const tokenExpiration = options.tokenExpiration ?? (tokenProvider ? undefined : defaultExpiration);
  if (tokenExpiration !== undefined && !(typeof tokenExpiration === "number" && tokenExpiration > 0 && Number.isFinite(tokenExpiration))) {
    return new InvalidOptionError("tokenExpiration", tokenExpiration, "a number of seconds > 0");
  }
  const WebSocketCtor = options.WebSocketCtor ?? (globalThis as { WebSocket?: WebSocketCtorLike }).WebSocket;
  if (typeof WebSocketCtor !== "function") {
    // Node 20 has no global WebSocket: say which package to install, and what to pass.
    const accepted =
      options.WebSocketCtor === undefined
        ? `a WebSocket constructor, since this runtime has no global WebSocket (Node < 22): npm install ws, then pass the "ws" package's WebSocket as WebSocketCtor`
        : "a WebSocket constructor";
    return new InvalidOptionError("WebSocketCtor", options.WebSocketCtor, accepted);
  }
  const reconnect = { ...REALTIME_DEFAULTS.reconnect, ...options.reconnect };
  const invalid = backoffOptionsError("reconnect", reconnect);
  if (invalid) return invalid;
  return {
    path,
    throttle,
    maxBuffering,
    tokenProvider,
    tokenExpiration,
    encode: encode ?? encodeInput,
    decode: decode ?? decodeFrame,
    WebSocketCtor,
    reconnect,
    messages: options.messages === true,
  };
}
