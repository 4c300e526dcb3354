/**
 * fal-rx/realtime: fal's realtime WebSocket apps as a function from inputs to results. A separate
 * entry so that MessagePack (and this code) is bundled only by apps that import it. Browsers use
 * the global WebSocket; Node 20 needs `WebSocketCtor` (e.g. the `ws` package's WebSocket).
 */
export { createRealtimeClient, realtime, type RealtimeClient } from "./realtime-client.js";
export type { RealtimeSession } from "./session.js";
export { results, type RealtimeEvent, type RealtimeMessage, type RealtimeResult } from "./events.js";
export { RealtimeAppError, RealtimeConnectionError } from "./errors.js";
export { REALTIME_DEFAULTS, type RealtimeOptions, type ReconnectOptions, type WebSocketCtorLike } from "./options.js";
export { throttleInputs } from "./throttle.js";
export { reconnectWithBackoff } from "./reconnect.js";
export { decodeFrame, encodeInput, type Frame } from "./codec.js";
export type { TokenProvider } from "../transport/token.js";
