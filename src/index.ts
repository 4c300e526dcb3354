/**
 * fal-rx: fal.ai model endpoints as RxJS Observables. Runs in browsers and Node >= 20; nothing
 * here imports a Node-only module (the emulator and the CLI have their own entries).
 */
export { createFalClient, fal, type FalClient, type FalSingleton } from "./client.js";
export {
  DEFAULTS,
  type BaseUrls,
  type FalConfig,
  type FetchLike,
  type NormalizedConfig,
  type ProxyWhen,
  type RequestDescriptor,
  type RetryOptions,
  type RuntimeEnv,
} from "./config.js";
export {
  ApiError,
  FalError,
  FalTimeoutError,
  InvalidEndpointIdError,
  InvalidOptionError,
  NetworkError,
  ValidationError,
  WireFormatError,
  redact,
} from "./errors.js";
export type { CallOptions } from "./operations/call-options.js";
export type { Result } from "./operations/result.js";
export type { HttpMethod, RunOptions } from "./operations/run.js";
export { retryWithBackoff, isRetryable } from "./transport/retry.js";
export type { ExpiresIn } from "./wire/lifecycle.js";
export type { ValidationErrorDetail } from "./wire/errors.js";
export { parseEndpointId, type EndpointId } from "./wire/endpoint-id.js";
export { VERSION } from "./version.js";
