import { inject, InjectionToken } from "@angular/core";
import type { Observable } from "rxjs";
import type {
  CancelAnswer,
  FalClient as CoreFalClient,
  QueueClient,
  QueueRequestOptions,
  QueueStatus,
  QueueStatusOptions,
  ResultFunction,
  RunFunction,
  StorageClient,
  StreamFunction,
  SubmitFunction,
  SubscribeFunction,
  TransformInputOptions,
  Uploadable,
  UploadEvent,
  UploadOptions,
  WithFileUrls,
} from "../index.js";

/** The option every operation of the Angular client takes on top of the core one's. */
export interface PendingTaskOption {
  /**
   * Keep the application unstable (Angular's `PendingTasks`) from subscribe until this call's
   * result, error or unsubscribe, so `whenStable()` and server-side rendering wait for it. Turn it
   * off for calls that may outlive a render, such as a long stream the server need not wait for.
   * @default true (false when the provider has `withNoPendingTasks()`)
   */
  pendingTask?: boolean;
}

/**
 * The option `run$`, `subscribe$` and `stream$` of the Angular client take on top: whether the
 * outcome of a call made during server-side rendering is handed to the browser (docs/angular.md, "SSR").
 */
export interface TransferOption {
  /**
   * Hand this call's outcome from the server render to the browser through Angular's
   * `TransferState`, so hydration shows it without calling fal again. `false` opts this call out;
   * `{key}` names the entry instead of the key fal-rx derives from the endpoint and the input (for
   * input that has files in it, or to share one entry between calls).
   * @default true (false when the provider has `withNoTransferState()`)
   */
  transfer?: boolean | { readonly key: string };
}

/** Every option the Angular client adds to `run$`, `subscribe$` and `stream$`. */
export type AngularCallOptions = PendingTaskOption & TransferOption;

/**
 * The client `provideFal()` configures, injected as `inject(FalService)`: the core client's
 * operations, each taking {@link PendingTaskOption} too (`run$`, `subscribe$`, `stream$` also
 * {@link TransferOption}). Each operation holds a pending task until its result (unless told
 * not to) and stops when the injector that owns the client is destroyed (the application, or a
 * lazy route's injector): it completes then, after cancelling whatever is in flight (a
 * `subscribe$` job included, as on unsubscribe).
 */
export interface FalService extends CoreFalClient {
  /** {@link CoreFalClient.run$}, typed the same way (docs/typing.md); the task settles with the result. */
  readonly run$: RunFunction<AngularCallOptions>;
  /** {@link CoreFalClient.stream$}; the task settles with the `result` event (not the partials). */
  readonly stream$: StreamFunction<AngularCallOptions>;
  /** {@link CoreFalClient.subscribe$}; the task settles with the `result` event (not the statuses). */
  readonly subscribe$: SubscribeFunction<AngularCallOptions>;
  /** fal storage; each call's task settles with the URL (the `uploaded` event) or the transformed input. */
  readonly storage: AngularStorageClient;
  /** The queue's single steps; each call's task settles with its one answer (`streamStatus$`: COMPLETED). */
  readonly queue: AngularQueueClient;
}

/** {@link StorageClient}, each call taking {@link PendingTaskOption}. */
export interface AngularStorageClient extends StorageClient {
  upload$(file: Uploadable, options?: UploadOptions & PendingTaskOption): Observable<string>;
  uploadEvents$(file: Uploadable, options?: UploadOptions & PendingTaskOption): Observable<UploadEvent>;
  transformInput$<T>(input: T, options?: TransformInputOptions & PendingTaskOption): Observable<WithFileUrls<T>>;
}

/** {@link QueueClient}, each call taking {@link PendingTaskOption}. */
export interface AngularQueueClient extends QueueClient {
  readonly submit$: SubmitFunction<PendingTaskOption>;
  status$(endpointId: string, options: QueueStatusOptions & PendingTaskOption): Observable<QueueStatus>;
  streamStatus$(endpointId: string, options: QueueStatusOptions & PendingTaskOption): Observable<QueueStatus>;
  readonly result$: ResultFunction<PendingTaskOption>;
  cancel$(endpointId: string, options: QueueRequestOptions & PendingTaskOption): Observable<CancelAnswer>;
  readonly subscribe$: SubscribeFunction<PendingTaskOption>;
}

/**
 * The injection token of the configured client: `inject(FalService)`. Provided by
 * {@link provideFal}; without it, injecting fails with Angular's "No provider" error naming this
 * token. (`FalClient` is the core client's type, in `fal-rx`; this is its Angular form.)
 *
 * @example
 * export class CaptionService {
 *   private readonly fal = inject(FalService);
 *   caption(url: string) {
 *     return this.fal.run$<{ caption: string }>("fal-ai/florence-2-large/caption", { input: { image_url: url } });
 *   }
 * }
 */
export const FalService = new InjectionToken<FalService>("FalService (add provideFal(...) to the application's providers)");

/**
 * `inject(FalService)`: the configured client, in an injection context (a constructor, a field
 * initializer, a provider factory). Throws Angular's injection-context error elsewhere.
 *
 * @example
 * readonly fal = injectFal();
 */
export function injectFal(): FalService {
  return inject(FalService);
}
