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
  redact,
  type SchemaIssue,
} from "./errors.js";
export type { CallOptions } from "./operations/call-options.js";
export type { Result } from "./operations/result.js";
export type { HttpMethod, RunOptions } from "./operations/run.js";
export type { QueueClient, QueueRequestOptions, QueueResultOptions, QueueStatusOptions, ResultFunction } from "./operations/queue.js";
export type { EndpointInput, EndpointOutput, FalEndpointId, FalEndpoints, KnownEndpointId } from "./operations/endpoint-types.js";
export type { InputSchemaOption, OutputSchemaOption, PartialSchemaOption } from "./operations/schema-options.js";
export type {
  CallInput,
  CallOutput,
  RunFunction,
  StreamFunction,
  SubmitFunction,
  SubscribeFunction,
  TypedOptions,
  TypedRequiredOptions,
  UntypedEndpointId,
} from "./operations/signatures.js";
export type { StandardSchemaV1 } from "./operations/standard-schema.js";
export type { SubmitOptions } from "./operations/submit.js";
export type { SubscribeOptions } from "./operations/subscribe-options.js";
export type { ResultEvent, StatusEvent, SubscribeEvent } from "./queue/events.js";
export type {
  CancelAnswer,
  CompletedStatus,
  InProgressStatus,
  InQueueStatus,
  QueueLogLine,
  QueueRequestRef,
  QueueStatus,
} from "./wire/queue.js";
export { partials, result, type StreamEvent, type StreamPartial, type StreamResult } from "./operations/stream-events.js";
export type { StreamOptions } from "./operations/stream-options.js";
export {
  toViewState,
  type ViewPartialOf,
  type ViewPhase,
  type ViewResultOf,
  type ViewState,
  type ViewStateEvent,
} from "./operations/view-state.js";
export type { TokenProvider } from "./transport/token.js";
export { fetchHandler } from "./transport/http-handler.js";
export { retryWithBackoff, isRetryable } from "./transport/retry.js";
export { FileReadError } from "./storage/file-read-error.js";
export type { Uploadable, WithFileUrls } from "./storage/uploadable.js";
export type { StorageClient } from "./storage/storage-client.js";
export type { UploadEvent, UploadedEvent, UploadProgressEvent } from "./storage/upload-events.js";
export type { TransformInputOptions, UploadLifecycle, UploadOptions } from "./storage/upload-options.js";
export type { StorageAcl, StorageAclDecision } from "./wire/storage.js";
export type { ExpiresIn } from "./wire/lifecycle.js";
export type { ValidationErrorDetail } from "./wire/errors.js";
export { parseEndpointId, type EndpointId } from "./wire/endpoint-id.js";
export { emulatorBaseUrls } from "./wire/emulator-urls.js";
export { VERSION } from "./version.js";
