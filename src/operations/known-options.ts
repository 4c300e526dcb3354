/**
 * The option names each operation takes, for the unknown-option check of `optionsObject`: a
 * misspelt or ported option (`pollingInterval`, `abortSignal`) must not be silently ignored,
 * least of all by JavaScript callers, whom the types do not reach. Kept beside the interfaces'
 * names; `spec/operations/bad-arguments.spec.ts` tries each list against its operation.
 */
const CALL = ["headers", "startTimeout", "storageSettings"];
const SUBMIT = [...CALL, "input", "inputSchema", "webhookUrl", "priority", "hint"];
const RUN = [...CALL, "input", "inputSchema", "output", "method", "path", "query"];

export const KNOWN_OPTIONS = {
  run$: RUN,
  stream$: [...RUN, "partial", "timeout", "maxEventSize", "connectionMode", "tokenProvider", "accept"],
  "queue.submit$": SUBMIT,
  subscribe$: [
    ...SUBMIT,
    ...["output", "requestId", "mode", "pollInterval", "logs", "timeout", "cancelOnUnsubscribe", "onCancelError", "onEnqueue", "onQueueUpdate"],
  ],
  "queue.status$": ["requestId", "logs"],
  "queue.result$": ["requestId", "output"],
  "queue.cancel$": ["requestId"],
} as const satisfies Record<string, readonly string[]>;

export type OperationName = keyof typeof KNOWN_OPTIONS;

/** `@fal-ai/client`'s names that fal-rx spells otherwise or does without, and what to use instead. */
export const PORTED_OPTIONS: Readonly<Record<string, string>> = {
  abortSignal: "no such option: unsubscribe instead (takeUntil(...), switchMap, or subscription.unsubscribe())",
  signal: "no such option: unsubscribe instead (takeUntil(...), switchMap, or subscription.unsubscribe())",
  queryParams: "query",
  pollingInterval: "pollInterval",
  responseHandler: "no such option: answers are decoded by their content type (JSON, text, or a Blob)",
  webhook: "webhookUrl",
  timeoutType: "startTimeout (seconds a runner has to start)",
};
