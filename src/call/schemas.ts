import { concatMap, defer, from, identity, map, of, switchMap, type MonoTypeOperatorFunction, type Observable, type SchedulerLike } from "rxjs";
import type { NormalizedConfig } from "../config.js";
import { InvalidOptionError, OutputValidationError, type SchemaIssue } from "../errors.js";
import { valueAtPath } from "../safe-text.js";
import { transformInput$ } from "../storage/transform-input.js";
import type { StandardSchemaV1 } from "./standard-schema.js";

/** The `inputSchema` option of the calls that send an input (run$, subscribe$, stream$, `queue.submit$`). */
export interface InputSchemaOption<I = unknown> {
  /**
   * Checks `input` at subscribe, before anything is sent (uploads included), and types it. What is
   * sent is what the schema makes of it (zod fills defaults and drops unknown keys). A rejected
   * input errors with `InvalidOptionError` naming the first wrong field (`input.num_images`).
   * Ignored by `subscribe$` with `requestId` (nothing is submitted). Any Standard Schema: zod,
   * `zod/mini`, valibot, arktype.
   * @default undefined (sent as given)
   */
  inputSchema?: StandardSchemaV1<I, unknown>;
}

/** The `output` option of the calls that return a model's output (run$, subscribe$, stream$, `queue.result$`, `queue.subscribe$`). */
export interface OutputSchemaOption<O = unknown> {
  /**
   * Checks the result's `data` before it is emitted, and types it: `data` is the schema's output.
   * A rejected result errors with `OutputValidationError` naming the endpoint, the request id and
   * the field path (`images.0.url`). Any Standard Schema: zod, `zod/mini`, valibot, arktype.
   * @default undefined (emitted as received, typed by the endpoint or `unknown`)
   */
  output?: StandardSchemaV1<unknown, O>;
}

/** The `partial` option of `stream$`. */
export interface PartialSchemaOption<P = unknown> {
  /**
   * Checks each partial's `data` before it is emitted, and types it. Every data event is a partial,
   * the last one too (it then becomes the result, checked by `output`). A rejected partial errors
   * the stream with `OutputValidationError` (kind `"partial"`, with the partial's number) and
   * closes the connection.
   * @default undefined (emitted as received)
   */
  partial?: StandardSchemaV1<unknown, P>;
}

/** The schema options as a caller may pass them (checked by {@link normalizeSchemas}). */
export interface SchemaOptionsInput {
  inputSchema?: unknown;
  output?: unknown;
  partial?: unknown;
}

/** A call's schemas, checked: each a Standard Schema or `undefined` (not checked). */
export interface CallSchemas {
  readonly input: StandardSchemaV1 | undefined;
  readonly output: StandardSchemaV1 | undefined;
  readonly partial: StandardSchemaV1 | undefined;
}

const OPTION_OF = { input: "inputSchema", output: "output", partial: "partial" } as const;
const ACCEPTED = "a Standard Schema (zod 3.24+ or 4, zod/mini, valibot, arktype...: an object with `~standard.validate`)";

/** The schema options, checked: throws {@link InvalidOptionError} for the first that is not a schema. */
export function normalizeSchemas(options: SchemaOptionsInput): CallSchemas {
  const schemas: Partial<Record<keyof CallSchemas, StandardSchemaV1>> = {};
  for (const [key, option] of Object.entries(OPTION_OF) as [keyof CallSchemas, keyof SchemaOptionsInput][]) {
    const value = options[option];
    if (value === undefined) continue;
    // The schema itself is not shown: it may be large; its kind says enough.
    if (!isStandardSchema(value)) throw new InvalidOptionError(option, describeKind(value), ACCEPTED);
    schemas[key] = value;
  }
  return { input: schemas.input, output: schemas.output, partial: schemas.partial };
}

/**
 * The input to send: `input` itself without a schema, else what the schema makes of it (zod fills
 * defaults and drops unknown keys). Emits once, then completes; runs before anything is sent
 * (uploads included). A rejected input errors with an {@link InvalidOptionError} naming the first
 * wrong field, e.g. `Invalid option input.num_images: "2" (expected what inputSchema accepts: ...)`.
 */
export function checkedInput$(schema: StandardSchemaV1 | undefined, input: unknown): Observable<unknown> {
  if (!schema) return of(input);
  return validate$(schema, input).pipe(
    map((result) => {
      if (!result.issues) return result.value;
      const [first, ...rest] = issuesOf(result.issues);
      const path = first?.path ?? [];
      const more = rest.length > 0 ? `; and ${rest.length} more issue${rest.length > 1 ? "s" : ""}` : "";
      throw new InvalidOptionError(
        ["input", ...path].join("."),
        valueAtPath(input, path),
        `what inputSchema accepts: ${first?.message ?? "rejected"}${more}`,
      );
    }),
  );
}

/**
 * A call's input as it goes on the wire: checked by its `inputSchema` first (a rejected input
 * sends nothing, not even an upload), then every file in it (Blob, File, Buffer...) uploaded and
 * replaced by its URL. Run once per call, before the request, so a retried request reuses the URLs.
 */
export function preparedInput$(
  config: NormalizedConfig,
  schema: StandardSchemaV1 | undefined,
  input: unknown,
  scheduler: SchedulerLike,
): Observable<unknown> {
  if (!schema) return transformInput$(config, input, {}, scheduler);
  return checkedInput$(schema, input).pipe(switchMap((checked) => transformInput$(config, checked, {}, scheduler)));
}

/**
 * Checks the `data` of every value (run$'s and the queue's results) against `schema` and emits it
 * with the schema's output as `data`; without a schema, values pass untouched. A value the schema
 * rejects errors with an {@link OutputValidationError} (kind `"output"`) naming the endpoint, the
 * value's `requestId` and the field path.
 */
export function checkedResults<R extends { readonly data: unknown; readonly requestId: string }>(
  endpointId: string,
  schema: StandardSchemaV1 | undefined,
): MonoTypeOperatorFunction<R> {
  if (!schema) return identity;
  return concatMap((value) => checkedData$(schema, value, () => ({ kind: "output", endpointId, requestId: value.requestId })));
}

/** An event of subscribe$ or stream$: only `partial` and `result` events carry data to check. */
type CallEvent = { readonly type: string; readonly data?: unknown; readonly requestId?: string };

/**
 * {@link checkedResults} for the events of subscribe$ and stream$: `result` events by `output`,
 * `partial` events by `partial` (kind `"partial"`, with the partial's number), any other event
 * untouched. `requestId` names the request for events that do not carry it (partials).
 */
export function checkedEvents<E extends CallEvent>(
  endpointId: string,
  schemas: Pick<CallSchemas, "output" | "partial">,
  requestId = "",
): MonoTypeOperatorFunction<E> {
  if (!schemas.output && !schemas.partial) return identity;
  return (source) =>
    defer(() => {
      let partials = 0;
      return source.pipe(
        concatMap((event) => {
          const kind = event.type === "partial" ? "partial" : event.type === "result" ? "output" : undefined;
          const index = kind === "partial" ? ++partials : undefined;
          const schema = kind && schemas[kind];
          if (!kind || !schema) return of(event);
          return checkedData$(schema, event as E & { data: unknown }, () => ({ kind, endpointId, requestId: event.requestId ?? requestId, index }));
        }),
      );
    });
}

interface Origin {
  readonly kind: "output" | "partial";
  readonly endpointId: string;
  readonly requestId: string;
  readonly index?: number;
}

function checkedData$<T extends { readonly data: unknown }>(schema: StandardSchemaV1, value: T, origin: () => Origin): Observable<T> {
  return validate$(schema, value.data).pipe(
    map((result) => {
      if (!result.issues) return { ...value, data: result.value };
      const { kind, endpointId, requestId, index } = origin();
      throw new OutputValidationError({ kind, endpointId, requestId, issues: issuesOf(result.issues), data: value.data, index });
    }),
  );
}

/** Runs a schema: synchronous results stay synchronous; a Promise (async refinements) is awaited. */
function validate$(schema: StandardSchemaV1, value: unknown): Observable<StandardSchemaV1.Result<unknown>> {
  return defer(() => {
    const result = schema["~standard"].validate(value);
    return isPromiseLike(result) ? from(result) : of(result);
  });
}

/** Standard Schema paths mix keys and `{key}` segments; zod gives numbers for array indexes. */
function issuesOf(issues: readonly StandardSchemaV1.Issue[]): SchemaIssue[] {
  return issues.map((issue) => ({
    message: issue.message,
    path: (issue.path ?? []).map((segment) => {
      const key = typeof segment === "object" && segment !== null ? segment.key : segment;
      return typeof key === "symbol" ? String(key) : key;
    }),
  }));
}

function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  // arktype's schemas are functions; everyone else's are objects.
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return false;
  const props = (value as { "~standard"?: { validate?: unknown } })["~standard"];
  return typeof props === "object" && props !== null && typeof props.validate === "function";
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

function describeKind(value: unknown): unknown {
  if (typeof value === "object" && value !== null) return `${Array.isArray(value) ? "an array" : "an object"} without ~standard.validate`;
  if (typeof value === "function") return "a function without ~standard.validate";
  return value;
}
