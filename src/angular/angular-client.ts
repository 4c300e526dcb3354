import type { PendingTasks } from "@angular/core";
import { takeUntil, type Observable } from "rxjs";
import type {
  FalClient as CoreFalClient,
  QueueRequestOptions,
  QueueResultOptions,
  QueueStatusOptions,
  RunOptions,
  StreamOptions,
  SubmitOptions,
  SubscribeOptions,
  TransformInputOptions,
  Uploadable,
  UploadEvent,
  UploadOptions,
} from "../index.js";
import type { AngularQueueClient, AngularStorageClient, FalClient, PendingTaskOption } from "./fal-client.js";
import { pendingUntil } from "./pending-until.js";

/** What an Angular client needs from the injector it was created in. */
export interface AngularContext {
  readonly tasks: PendingTasks;
  /** Whether calls that do not say hold a pending task. */
  readonly pendingTaskByDefault: boolean;
  /** Emits (and replays) once the owning injector is destroyed. */
  readonly destroyed$: Observable<unknown>;
}

type Guard = <T>(source$: Observable<T>, options: PendingTaskOption | undefined, settled: (value: T) => boolean) => Observable<T>;

const first = () => true;
const isResult = (event: { type: string }) => event.type === "result";

/**
 * Wraps a core client: every operation holds a pending task until it settles (see
 * {@link pendingUntil}) and ends when the owning injector is destroyed. Members this file does not
 * know are passed through as the core client has them.
 */
export function angularFalClient(core: CoreFalClient, context: AngularContext): FalClient {
  const guard: Guard = (source$, options, settled) => {
    const tracked$ = (options?.pendingTask ?? context.pendingTaskByDefault) ? source$.pipe(pendingUntil(context.tasks, settled)) : source$;
    return tracked$.pipe(takeUntil(context.destroyed$));
  };
  // One implementation serves both overloads of each typed operation (`any`: the types are the interface's).
  return {
    ...core,
    run$: (endpointId: string, options?: RunOptions & PendingTaskOption) =>
      guard(core.run$<any>(endpointId, coreOptions(options)), options, first),
    stream$: (endpointId: string, options?: StreamOptions & PendingTaskOption) =>
      guard(core.stream$<any, any>(endpointId, coreOptions(options)), options, isResult),
    subscribe$: (endpointId: string, options?: SubscribeOptions & PendingTaskOption) =>
      guard(core.subscribe$<any>(endpointId, coreOptions(options)), options, isResult),
    storage: storageClient(core.storage, guard),
    queue: queueClient(core.queue, guard),
  };
}

function storageClient(core: CoreFalClient["storage"], guard: Guard): AngularStorageClient {
  return {
    ...core,
    upload$: (file: Uploadable, options?: UploadOptions & PendingTaskOption) => guard(core.upload$(file, coreOptions(options)), options, first),
    uploadEvents$: (file: Uploadable, options?: UploadOptions & PendingTaskOption) =>
      guard(core.uploadEvents$(file, coreOptions(options)), options, (event: UploadEvent) => event.type === "uploaded"),
    transformInput$: <T>(input: T, options?: TransformInputOptions & PendingTaskOption) =>
      guard(core.transformInput$(input, coreOptions(options)), options, first),
  };
}

function queueClient(core: CoreFalClient["queue"], guard: Guard): AngularQueueClient {
  return {
    ...core,
    submit$: (endpointId: string, options?: SubmitOptions & PendingTaskOption) =>
      guard(core.submit$<unknown>(endpointId, coreOptions(options)), options, first),
    status$: (endpointId: string, options: QueueStatusOptions & PendingTaskOption) =>
      guard(core.status$(endpointId, coreOptions(options)), options, first),
    streamStatus$: (endpointId: string, options: QueueStatusOptions & PendingTaskOption) =>
      guard(core.streamStatus$(endpointId, coreOptions(options)), options, (status) => status.status === "COMPLETED"),
    result$: (endpointId: string, options: QueueResultOptions & PendingTaskOption) =>
      guard(core.result$<any>(endpointId, coreOptions(options)), options, first),
    cancel$: (endpointId: string, options: QueueRequestOptions & PendingTaskOption) =>
      guard(core.cancel$(endpointId, coreOptions(options)), options, first),
    subscribe$: (endpointId: string, options?: SubscribeOptions & PendingTaskOption) =>
      guard(core.subscribe$<any>(endpointId, coreOptions(options)), options, isResult),
  };
}

/** The options without ours, so the core client sees exactly what it documents. */
function coreOptions<T extends PendingTaskOption>(options: T): Omit<T, "pendingTask">;
function coreOptions<T extends PendingTaskOption>(options: T | undefined): Omit<T, "pendingTask"> | undefined;
function coreOptions<T extends PendingTaskOption>(options: T | undefined): Omit<T, "pendingTask"> | undefined {
  if (options === undefined) return undefined;
  const { pendingTask: _ours, ...rest } = options;
  return rest;
}
