/**
 * fal-rx: fal.ai model endpoints as RxJS Observables. Runs in browsers and Node >= 20; nothing
 * here imports a Node-only module (the emulator and the CLI have their own entries).
 *
 * What users call and name, nothing internal: `spec/public-api.spec.ts` pins the list, so an
 * export added here shows in review.
 */

// The client.
export { createFalClient, fal, type FalClient, type FalSingleton } from "./client.js";
export { VERSION } from "./version.js";

// Config.
export type {
  BaseUrls,
  FalConfig,
  FetchLike,
  HttpHandler,
  HttpRequest,
  ProxyWhen,
  RequestBody,
  RequestDescriptor,
  RetryOptions,
  RuntimeEnv,
} from "./config.js";
export { fetchHandler } from "./transport/http-handler.js";
export type { TokenProvider } from "./transport/token.js";

// Errors.
export {
  ApiError,
  FalError,
  FalTimeoutError,
  FileReadError,
  InvalidEndpointIdError,
  InvalidOptionError,
  NetworkError,
  OutputValidationError,
  ValidationError,
  WireFormatError,
  type SchemaIssue,
} from "./errors.js";
export type { ValidationErrorDetail } from "./wire/errors.js";

// What every call takes and gives (docs/typing.md).
export type { CallOptions } from "./call/options.js";
export type { HttpMethod } from "./call/route.js";
export type { InputSchemaOption, OutputSchemaOption, PartialSchemaOption } from "./call/schemas.js";
export type { StandardSchemaV1 } from "./call/standard-schema.js";
export type { EndpointInput, EndpointOutput, FalEndpointId, FalEndpoints, KnownEndpointId, Result } from "./call/typing.js";
export { parseEndpointId, type EndpointId } from "./wire/endpoint-id.js";
export { emulatorBaseUrls } from "./wire/emulator-urls.js";

// run$ (docs/run.md).
export type { RunFunction, RunOptions } from "./run/run.js";

// The queue (docs/queue.md).
export type { QueueClient, QueueRequestOptions, QueueResultOptions, QueueStatusOptions, ResultFunction } from "./queue/queue-client.js";
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

// stream$ (docs/stream.md).
export { partials, result, type StreamEvent, type StreamPartial, type StreamResult } from "./stream/events.js";
export type { StreamOptions } from "./stream/options.js";
export type { StreamFunction } from "./stream/stream.js";

// Storage (docs/storage.md).
export type { StorageClient } from "./storage/storage-client.js";
export type { Uploadable, WithFileUrls } from "./storage/uploadable.js";
export type { UploadEvent, UploadedEvent, UploadProgressEvent } from "./storage/upload-events.js";
export type { TransformInputOptions, UploadLifecycle, UploadOptions } from "./storage/upload-options.js";
export type { StorageAcl, StorageAclDecision } from "./wire/storage.js";
export type { ExpiresIn } from "./wire/lifecycle.js";

// Any call's events as one state for a template (docs/angular.md).
export {
  toViewState,
  type ViewPartialOf,
  type ViewPhase,
  type ViewResultOf,
  type ViewState,
  type ViewStateEvent,
} from "./view-state.js";
