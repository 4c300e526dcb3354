import { describeReceived, redact, safeJson, scrubbed, snippet, valueAtPath } from "./safe-text.js";
import type { ValidationErrorDetail } from "./wire/errors.js";

/*
 * The error classes fal-rx emits. Their messages are built here from what each caller read: the
 * transport reads fal's error bodies (transport/error-body.ts) and hands over `detail` and
 * `fieldErrors`; safe-text.ts keeps secrets out of every message.
 */

/** Base class of every error fal-rx emits. `cause` keeps the original error when there was one. */
export class FalError extends Error {
  override name = "FalError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface ApiErrorInit {
  status: number;
  body: unknown;
  url: string;
  method: string;
  requestId?: string;
  errorType?: string;
  /** The raw `Retry-After` header (seconds or an HTTP date), when given. */
  retryAfter?: string;
  /** fal marked the failure temporary (`X-Fal-Needs-Retry: 1`). */
  needsRetry?: boolean;
  /** fal's user timeout (`x-fal-request-timeout-type: user`): never retried. */
  userTimeout?: boolean;
  /**
   * Why it failed, in words: what the transport read from fal's error body (FastAPI's `detail`,
   * a message), or what a check found. @default none (the message ends at the status)
   */
  detail?: string;
  /** What the request was doing (`part 3 of 12 (bytes …)`), put before the detail. */
  context?: string;
  /**
   * The whole message, for a failure that is not the HTTP exchange's own (a job that COMPLETED with
   * an error, over a 200). @default `<method> <url> failed with <status>: <context>: <detail>`
   */
  message?: string;
  cause?: unknown;
}

/** A non-2xx answer (or a 2xx body that was not what it claimed to be). */
export class ApiError extends FalError {
  override name = "ApiError";
  readonly status: number;
  readonly body: unknown;
  /** The URL that answered, redacted. */
  readonly url: string;
  readonly method: string;
  /** `x-fal-request-id` of the answer, when present. */
  readonly requestId: string | undefined;
  /** `error_type` from the body or `x-fal-error-type`, when present. */
  readonly errorType: string | undefined;
  /** The raw `Retry-After` header, when the server sent one. */
  readonly retryAfter: string | undefined;
  readonly needsRetry: boolean;
  readonly userTimeout: boolean;

  constructor(init: ApiErrorInit) {
    const url = redact(init.url);
    const why = [init.context, init.detail].filter(Boolean).join(": ");
    super(init.message ?? `${init.method} ${url} failed with ${init.status}${why ? `: ${why}` : ""}`, { cause: init.cause });
    this.status = init.status;
    this.body = init.body;
    this.url = url;
    this.method = init.method;
    this.requestId = init.requestId;
    this.errorType = init.errorType;
    this.retryAfter = init.retryAfter;
    this.needsRetry = init.needsRetry ?? false;
    this.userTimeout = init.userTimeout ?? false;
  }
}

/** What a {@link ValidationError} is made from: an {@link ApiErrorInit}, and the field errors read from its body. */
export interface ValidationErrorInit extends ApiErrorInit {
  /**
   * What was wrong and where (FastAPI's `detail` list, as the transport reads it).
   * @default one body-level error whose `msg` is `detail`
   */
  fieldErrors?: readonly ValidationErrorDetail[];
}

/** A 422: the model rejected its input. `fieldErrors` lists what was wrong and where. */
export class ValidationError extends ApiError {
  override name = "ValidationError";
  readonly fieldErrors: readonly ValidationErrorDetail[];

  constructor(init: ValidationErrorInit) {
    super(init);
    this.fieldErrors = init.fieldErrors ?? [{ loc: ["body"], msg: init.detail || "validation failed", type: "value_error" }];
  }

  /** The errors whose location ends in `field` (e.g. `"prompt"` matches `["body", "prompt"]`). */
  getFieldErrors(field: string): ValidationErrorDetail[] {
    return this.fieldErrors.filter((error) => error.loc[error.loc.length - 1] === field);
  }
}

/** A body that is not the JSON, or not the shape, the protocol promises. */
export class WireFormatError extends ApiError {
  override name = "WireFormatError";
  /** Where in the payload the shape was wrong: the zod issue path (e.g. `["logs", 0, "message"]`), empty for unparsable bodies. */
  readonly path: readonly (string | number)[];
  constructor(init: ApiErrorInit & { path?: readonly (string | number)[] }) {
    super(init);
    this.path = init.path ?? [];
  }
}

/** A request that never got an answer: connection refused, reset, DNS failure. */
export class NetworkError extends FalError {
  override name = "NetworkError";
  readonly url: string;
  readonly method: string;
  /**
   * The request surely never reached the server: the connection was refused, the host name did
   * not resolve, or connecting timed out. `false` when it may have been sent (a reset, a cut body,
   * or a platform that does not say why, as browsers don't).
   */
  readonly beforeSend: boolean;
  /**
   * @param secret The key the request carried: scrubbed, with any URL user-info, from the text of
   *   `cause` (a platform's message may quote a header value or the URL) before it is kept.
   */
  constructor(method: string, url: string, cause: unknown, secret?: string) {
    const safeUrl = redact(url);
    const safeCause = scrubbed(cause, secret);
    super(`${method} ${safeUrl} failed before an answer: ${causeText(safeCause)}`, { cause: safeCause });
    this.url = safeUrl;
    this.method = method;
    this.beforeSend = failedBeforeSend(safeCause);
  }
}

/** Error codes (Node/undici) of failures that happen before any byte of the request is written. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

function failedBeforeSend(cause: unknown): boolean {
  // fetch wraps the socket error: TypeError("fetch failed", {cause: {code}}); happy-eyeballs
  // connects report an AggregateError whose every attempt must have failed to connect.
  const inner = (cause as { cause?: { code?: unknown; errors?: unknown } } | undefined)?.cause;
  if (!inner) return false;
  if (typeof inner.code === "string" && NOT_SENT_CODES.has(inner.code)) return true;
  const attempts = Array.isArray(inner.errors) ? (inner.errors as { code?: unknown }[]) : [];
  return attempts.length > 0 && attempts.every((attempt) => typeof attempt?.code === "string" && NOT_SENT_CODES.has(attempt.code));
}

/** A time limit set by fal-rx ran out (`kind` says which). */
export class FalTimeoutError extends FalError {
  override name = "FalTimeoutError";
  constructor(
    readonly kind: "request" | "start" | "inactivity" | "total",
    readonly ms: number,
    what: string,
  ) {
    super(`${what} timed out after ${ms} ms (${kind} timeout)`);
  }
}

/** An endpoint id that is none of fal's accepted forms. Nothing was sent. */
export class InvalidEndpointIdError extends FalError {
  override name = "InvalidEndpointIdError";
  constructor(
    readonly endpointId: string,
    forms: string,
  ) {
    // Cut short: a message quotes what it got, not a megabyte of it.
    super(`Invalid endpoint id ${snippet(safeJson(endpointId), 120)}: expected ${forms}`);
  }
}

/** An option with a value fal-rx does not accept. Nothing was sent. */
export class InvalidOptionError extends FalError {
  override name = "InvalidOptionError";
  constructor(
    readonly option: string,
    readonly value: unknown,
    accepted: string,
  ) {
    super(`Invalid option ${option}: ${snippet(safeJson(value), 120)} (expected ${accepted})`);
  }
}

/** One problem a schema found: where (`["images", 0, "url"]`, `[]` for the whole value) and what. */
export interface SchemaIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** What an {@link OutputValidationError} is made from. */
export interface OutputValidationErrorInit {
  /** What was checked: the result (`output` schema), or a stream's partial (`partial` schema). */
  readonly kind: "output" | "partial";
  readonly endpointId: string;
  /** fal's request id; `""` if fal sent none. */
  readonly requestId: string;
  /** Every issue, in the schema's order (at least one). */
  readonly issues: readonly SchemaIssue[];
  /** The value as it was received. */
  readonly data: unknown;
  /** Which partial (1 for the first) for `kind: "partial"`. */
  readonly index?: number;
}

/**
 * A model's output (or a stream's partial) that the caller's `output` (or `partial`) schema
 * rejects. Not a {@link WireFormatError}: fal kept its protocol, the answer is only not what this
 * caller's code expects (a schema out of date, a model that changed), so the request succeeded on
 * fal (`requestId` finds it) and the value that was received is in `data`.
 */
export class OutputValidationError extends FalError {
  override name = "OutputValidationError";
  /** What was checked: the result (`output` schema), or a stream's partial (`partial` schema). */
  readonly kind: "output" | "partial";
  readonly endpointId: string;
  /** fal's request id; `""` if fal sent none. */
  readonly requestId: string;
  /** Every issue, in the schema's order (at least one). */
  readonly issues: readonly SchemaIssue[];
  /** The value as it was received. */
  readonly data: unknown;
  /** Which partial (1 for the first) for `kind: "partial"`. */
  readonly index: number | undefined;
  /** The first issue's path, as {@link WireFormatError.path}. */
  readonly path: readonly (string | number)[];

  constructor(init: OutputValidationErrorInit) {
    const { kind, endpointId, requestId, issues, data, index } = init;
    const first = issues[0] ?? { path: [], message: "rejected" };
    const what = kind === "output" ? "an output" : `partial #${index ?? "?"}`;
    const where = first.path.length > 0 ? first.path.join(".") : "(the whole value)";
    const more = issues.length > 1 ? `; and ${issues.length - 1} more issue${issues.length > 2 ? "s" : ""}` : "";
    super(
      `${endpointId} returned ${what} that does not match the ${kind} schema (request ${requestId || "id unknown"}): ` +
        `${where}: ${first.message} (got ${describeReceived(valueAtPath(data, first.path))})${more}`,
    );
    this.kind = kind;
    this.endpointId = endpointId;
    this.requestId = requestId;
    this.issues = issues;
    this.data = data;
    this.index = index;
    this.path = first.path;
  }
}

/**
 * A file to upload could not be read: a `File` changed or deleted on disk after it was picked, a
 * Blob from `fs.openAsBlob` whose file changed, a Blob whose backing store is gone. Nothing was
 * reported as uploaded; ask for the file again rather than retrying. `cause` is the platform's
 * error (often a `NotReadableError`).
 */
export class FileReadError extends FalError {
  override name = "FileReadError";
  constructor(
    /** Which file: its description, and where it was in an input (`input.image_url`). */
    readonly file: string,
    cause: unknown,
  ) {
    super(`Could not read ${file} to upload it: ${reason(cause)}`, { cause });
  }
}

function reason(cause: unknown): string {
  const error = cause as { name?: unknown; message?: unknown } | undefined;
  if (!error || typeof error.message !== "string") return String(cause);
  return typeof error.name === "string" && error.name !== "Error" ? `${error.name}: ${error.message}` : error.message;
}

function causeText(cause: unknown): string {
  // Duck-typed: fetch's errors may come from another realm (jsdom, vm), where instanceof fails.
  const error = cause as { message?: unknown; cause?: { code?: unknown; message?: unknown } } | undefined;
  if (!error || typeof error.message !== "string") return String(cause);
  const inner = error.cause;
  const detail = inner?.code ?? inner?.message;
  return detail ? `${error.message} (${String(detail)})` : error.message;
}
