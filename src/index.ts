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
  type HttpHandler,
  type HttpRequest,
  type NormalizedConfig,
  type RequestBody,
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
  OutputValidationError,
  ValidationError,
  WireFormatError,
  FileReadError,
  type SchemaIssue,
} from "./errors.js";
export { redact } from "./safe-text.js";
export type { CallOptions } from "./call/options.js";
export type { HttpMethod } from "./call/route.js";
export type { RunFunction, RunOptions } from "./run/run.js";
export type { QueueClient, QueueRequestOptions, QueueResultOptions, QueueStatusOptions, ResultFunction } from "./queue/queue-client.js";
export type {
  CallInput,
  CallOutput,
  EndpointInput,
  EndpointOutput,
  FalEndpointId,
  FalEndpoints,
  KnownEndpointId,
  Result,
  TypedOptions,
  TypedRequiredOptions,
  UntypedEndpointId,
} from "./call/typing.js";
export type { InputSchemaOption, OutputSchemaOption, PartialSchemaOption } from "./call/schemas.js";
export type { StandardSchemaV1 } from "./call/standard-schema.js";
export type { SubmitFunction, SubmitOptions } from "./queue/submit.js";
export type { SubscribeFunction } from "./queue/subscribe.js";
export type { SubscribeOptions } from "./queue/subscribe-options.js";
export type { ResultEvent, StatusEvent, SubscribeEvent } from "./queue/watch.js";
export type {
  CancelAnswer,
  CompletedStatus,
  InProgressStatus,
  InQueueStatus,
  QueueLogLine,
  QueueRequestRef,
  QueueStatus,
} from "./wire/queue.js";
export { partials, result, type StreamEvent, type StreamPartial, type StreamResult } from "./stream/events.js";
export type { StreamOptions } from "./stream/options.js";
export type { StreamFunction } from "./stream/stream.js";
export {
  toViewState,
  type ViewPartialOf,
  type ViewPhase,
  type ViewResultOf,
  type ViewState,
  type ViewStateEvent,
} from "./view-state.js";
export type { TokenProvider } from "./transport/token.js";
export { fetchHandler } from "./transport/http-handler.js";
export { retryWithBackoff, isRetryable } from "./transport/retry.js";
export type { Uploadable, WithFileUrls } from "./storage/uploadable.js";
export type { StorageClient } from "./storage/storage-client.js";
export type { UploadEvent, UploadedEvent, UploadProgressEvent } from "./storage/upload-events.js";
export type { TransformInputOptions, UploadLifecycle, UploadOptions } from "./storage/upload-options.js";
export type { StorageAcl, StorageAclDecision } from "./wire/storage.js";
export type { ExpiresIn } from "./wire/lifecycle.js";
export type { ValidationErrorDetail } from "./wire/errors.js";
export { parseEndpointId, type EndpointId } from "./wire/endpoint-id.js";
export { VERSION } from "./version.js";
