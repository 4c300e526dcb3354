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
import type { AngularCallOptions, AngularQueueClient, AngularStorageClient, FalService, PendingTaskOption } from "./fal-service.js";
import { handOff, withProbe, type HandOffContext, type TransferableOperation } from "./hand-off.js";
import { pendingUntil } from "./pending-until.js";
import { skippedCall } from "./render-place.js";

/** What an Angular client needs from the injector it was created in. */
export interface AngularContext {
  readonly tasks: PendingTasks;
  /** Whether calls that do not say hold a pending task. */
  readonly pendingTaskByDefault: boolean;
  /** Emits (and replays) once the owning injector is destroyed. */
  readonly destroyed$: Observable<unknown>;
  /** Calls are skipped: the app is being prerendered (see {@link skippedCall}). */
  readonly skipCalls: boolean;
  /** Where outcomes are recorded (server) or replayed from (browser). */
  readonly handOff: HandOffContext;
}

type Guard = <T>(source$: Observable<T>, options: PendingTaskOption | undefined, settled: (value: T) => boolean, what: string) => Observable<T>;

const first = () => true;
const isResult = (event: { type: string }) => event.type === "result";

/**
 * Wraps a core client into the {@link FalService}: every operation holds a pending task until it
 * settles (see {@link pendingUntil}), ends when the owning injector is destroyed, and is skipped
 * while prerendering; `run$`, `subscribe$` and `stream$` also hand their outcome from the server
 * render to the browser (see {@link handOff}). Members this file does not know are passed through
 * as the core client has them.
 */
export function falService(core: CoreFalClient, context: AngularContext): FalService {
  const guard: Guard = (source$, options, settled, what) => {
    if (context.skipCalls) return skippedCall<never>(what).pipe(takeUntil(context.destroyed$));
    const tracked$ = (options?.pendingTask ?? context.pendingTaskByDefault) ? source$.pipe(pendingUntil(context.tasks, settled)) : source$;
    return tracked$.pipe(takeUntil(context.destroyed$));
  };
  const transferable = <E>(operation: TransferableOperation, endpointId: string, options: AngularCallOptions | undefined, source$: Observable<E>, settled: (event: E) => boolean) => {
    const { call$, probe } = handOff(context.handOff, { operation, endpointId, options: options as Record<string, unknown> | undefined }, source$);
    return withProbe(guard(call$, options, settled, `${operation} ${endpointId}`), probe);
  };
  // One implementation serves both overloads of each typed operation (`any`: the types are the interface's).
  return {
    ...core,
    run$: (endpointId: string, options?: RunOptions & AngularCallOptions) =>
      transferable("run$", endpointId, options, core.run$<any>(endpointId, coreOptions(options)), first),
    stream$: (endpointId: string, options?: StreamOptions & AngularCallOptions) =>
      transferable("stream$", endpointId, options, core.stream$<any, any>(endpointId, coreOptions(options)), isResult),
    subscribe$: (endpointId: string, options?: SubscribeOptions & AngularCallOptions) =>
      transferable("subscribe$", endpointId, options, core.subscribe$<any>(endpointId, coreOptions(options)), isResult),
    storage: storageClient(core.storage, guard),
    queue: queueClient(core.queue, guard),
  };
}

function storageClient(core: CoreFalClient["storage"], guard: Guard): AngularStorageClient {
  return {
    ...core,
    upload$: (file: Uploadable, options?: UploadOptions & PendingTaskOption) => guard(core.upload$(file, coreOptions(options)), options, first, "storage.upload$"),
    uploadEvents$: (file: Uploadable, options?: UploadOptions & PendingTaskOption) =>
      guard(core.uploadEvents$(file, coreOptions(options)), options, (event: UploadEvent) => event.type === "uploaded", "storage.uploadEvents$"),
    transformInput$: <T>(input: T, options?: TransformInputOptions & PendingTaskOption) =>
      guard(core.transformInput$(input, coreOptions(options)), options, first, "storage.transformInput$"),
  };
}

function queueClient(core: CoreFalClient["queue"], guard: Guard): AngularQueueClient {
  return {
    ...core,
    submit$: (endpointId: string, options?: SubmitOptions & PendingTaskOption) =>
      guard(core.submit$<unknown>(endpointId, coreOptions(options)), options, first, `queue.submit$ ${endpointId}`),
    status$: (endpointId: string, options: QueueStatusOptions & PendingTaskOption) =>
      guard(core.status$(endpointId, coreOptions(options)), options, first, `queue.status$ ${endpointId}`),
    streamStatus$: (endpointId: string, options: QueueStatusOptions & PendingTaskOption) =>
      guard(core.streamStatus$(endpointId, coreOptions(options)), options, (status) => status.status === "COMPLETED", `queue.streamStatus$ ${endpointId}`),
    result$: (endpointId: string, options: QueueResultOptions & PendingTaskOption) =>
      guard(core.result$<any>(endpointId, coreOptions(options)), options, first, `queue.result$ ${endpointId}`),
    cancel$: (endpointId: string, options: QueueRequestOptions & PendingTaskOption) =>
      guard(core.cancel$(endpointId, coreOptions(options)), options, first, `queue.cancel$ ${endpointId}`),
    subscribe$: (endpointId: string, options?: SubscribeOptions & PendingTaskOption) =>
      guard(core.subscribe$<any>(endpointId, coreOptions(options)), options, isResult, `queue.subscribe$ ${endpointId}`),
  };
}

/** The options without ours, so the core client sees exactly what it documents (it refuses unknown ones). */
function coreOptions<T extends AngularCallOptions>(options: T): Omit<T, keyof AngularCallOptions>;
function coreOptions<T extends AngularCallOptions>(options: T | undefined): Omit<T, keyof AngularCallOptions> | undefined;
function coreOptions<T extends AngularCallOptions>(options: T | undefined): Omit<T, keyof AngularCallOptions> | undefined {
  if (options === undefined) return undefined;
  const { pendingTask: _task, transfer: _transfer, ...rest } = options;
  return rest;
}
