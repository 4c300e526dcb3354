import { InvalidOptionError } from "../errors.js";
import { KNOWN_OPTIONS, PORTED_OPTIONS, type OperationName } from "./known-options.js";
import { HEADER } from "../wire/headers.js";
import { expirationSeconds, EXPIRES_IN_FORMS, lifecycleHeaderValue, type ExpiresIn } from "../wire/lifecycle.js";

/** Options every call that runs a model takes (run$, the queue's submit, stream$). */
export interface CallOptions {
  /** Extra request headers. @default {} */
  headers?: Record<string, string>;
  /**
   * Seconds (> 1) a runner has to *start* the request, queue wait included; sent as
   * `x-fal-request-timeout`. On expiry fal answers 504 and the call is not retried.
   * @default undefined (fal's own limit)
   */
  startTimeout?: number;
  /** How long files the model generates are kept (`x-fal-object-lifecycle-preference`). @default undefined */
  storageSettings?: { expiresIn: ExpiresIn };
}

/**
 * An operation's options argument, checked: `{}` when absent, the object itself when it is one and
 * names only options `operation` takes. Anything else (`null`, a string, an array: a port that
 * passed the input where options go; an unknown or misspelt name, with the fal-rx name when it is
 * `@fal-ai/client`'s) throws {@link InvalidOptionError} — called inside the operation's `defer`,
 * so it errors the Observable.
 */
export function optionsObject<T extends object>(options: T | undefined, operation: OperationName): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new InvalidOptionError("options", options, "an options object such as { input: {...} }");
  }
  checkOptionNames(options, KNOWN_OPTIONS[operation], operation);
  return options;
}

/**
 * Throws {@link InvalidOptionError} for the first option (set, not `undefined`) that `operation`
 * does not take, naming it, and for one of `@fal-ai/client`'s ({@link PORTED_OPTIONS}, or the
 * caller's own `ported`) what to use instead.
 */
export function checkOptionNames(options: object, known: readonly string[], operation: string, ported: Readonly<Record<string, string>> = {}): void {
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined || known.includes(name)) continue;
    const instead = ported[name] ?? PORTED_OPTIONS[name];
    throw new InvalidOptionError(name, value, instead ? `${operation} has ${instead}` : `one of ${operation}'s options: ${known.join(", ")}`);
  }
}

/**
 * The headers those options become, or the {@link InvalidOptionError} of the first bad one. Never
 * throws: operations turn the error into an errored Observable.
 */
export function callHeaders(options: CallOptions): Record<string, string> | InvalidOptionError {
  const headers: Record<string, string> = { ...options.headers };
  if (options.startTimeout !== undefined) {
    const seconds = options.startTimeout;
    if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds <= 1) {
      return new InvalidOptionError("startTimeout", seconds, "a number of seconds greater than 1");
    }
    headers[HEADER.requestTimeout] = String(seconds);
  }
  if (options.storageSettings !== undefined) {
    const seconds = expirationSeconds(options.storageSettings?.expiresIn);
    if (seconds === undefined) {
      return new InvalidOptionError("storageSettings.expiresIn", options.storageSettings?.expiresIn, EXPIRES_IN_FORMS);
    }
    headers[HEADER.objectLifecyclePreference] = lifecycleHeaderValue(seconds);
  }
  return headers;
}
