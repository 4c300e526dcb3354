import { ErrorBody, ValidationErrorDetails, type ValidationErrorDetail } from "./wire/errors.js";

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
    const why = [init.context, init.detail ?? describeBody(init.body)].filter(Boolean).join(": ");
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

/** A 422: the model rejected its input. `fieldErrors` lists what was wrong and where. */
export class ValidationError extends ApiError {
  override name = "ValidationError";
  readonly fieldErrors: readonly ValidationErrorDetail[];

  constructor(init: ApiErrorInit) {
    const fieldErrors = fieldErrorsOf(init.body);
    super({ ...init, detail: init.detail ?? fieldErrors.map(formatFieldError).join("; ") });
    this.fieldErrors = fieldErrors;
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

/**
 * A model's output (or a stream's partial) that the caller's `output` (or `partial`) schema
 * rejects. Not a {@link WireFormatError}: fal kept its protocol, the answer is only not what this
 * caller's code expects (a schema out of date, a model that changed), so the request succeeded on
 * fal (`requestId` finds it) and the value that was received is in `data`.
 */
export class OutputValidationError extends FalError {
  override name = "OutputValidationError";
  /** The first issue's path, as {@link WireFormatError.path}. */
  readonly path: readonly (string | number)[];

  constructor(
    /** What was checked: the result (`output` schema), or a stream's partial (`partial` schema). */
    readonly kind: "output" | "partial",
    readonly endpointId: string,
    /** fal's request id; `""` if fal sent none. */
    readonly requestId: string,
    /** Every issue, in the schema's order (at least one). */
    readonly issues: readonly SchemaIssue[],
    /** The value as it was received. */
    readonly data: unknown,
    /** Which partial (1 for the first) for `kind: "partial"`. */
    readonly index?: number,
  ) {
    const first = issues[0] ?? { path: [], message: "rejected" };
    const what = kind === "output" ? "an output" : `partial #${index ?? "?"}`;
    const where = first.path.length > 0 ? first.path.join(".") : "(the whole value)";
    const more = issues.length > 1 ? `; and ${issues.length - 1} more issue${issues.length > 2 ? "s" : ""}` : "";
    super(
      `${endpointId} returned ${what} that does not match the ${kind} schema (request ${requestId || "id unknown"}): ` +
        `${where}: ${first.message} (got ${describeReceived(valueAtPath(data, first.path))})${more}`,
    );
    this.path = first.path;
  }
}

/**
 * The platform's "could not read this Blob" error in `error` or its causes (fetch wraps it in a
 * TypeError, fal-rx in a NetworkError), or `undefined` when the failure was something else.
 */
export function unreadableFileCause(error: unknown): Error | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if ((current as { name?: unknown }).name === "NotReadableError") return current as Error;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The value at a schema issue's path, or `undefined` when the path leads nowhere. */
export function valueAtPath(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}

/** A received value for a message: its JSON, cut short; `nothing` when absent. */
export function describeReceived(value: unknown): string {
  return value === undefined ? "nothing" : snippet(safeJson(value), 60);
}

const SECRET_QUERY = /([?&](?:fal_jwt_token|fal_key|key|token|auth)=)[^&#]*/gi;

/** A URL (or a text quoting URLs) fit for messages and logs: no user-info, no token in a query. */
export function redact(url: string): string {
  return url.replace(/\/\/[^/@\s]*@/g, "//").replace(SECRET_QUERY, "$1[redacted]");
}

/**
 * A platform error whose text is fit to keep: `error` itself when its message, stack and causes
 * hold neither `secret` (nor its `id`/`secret` halves) nor a URL's user-info or token; otherwise a
 * copy of the chain with those replaced by `[redacted]`, keeping `name`, `code` and `errors` (which
 * tell a refused connection from a reset).
 */
export function scrubbed(error: unknown, secret: string | undefined, depth = 0): unknown {
  if (!error || typeof error !== "object" || depth > 4) return error;
  const original = error as Error & { code?: unknown; errors?: unknown };
  const clean = (text: string) => redactSecret(redact(text), secret);
  const cause = scrubbed(original.cause, secret, depth + 1);
  const message = typeof original.message === "string" ? clean(original.message) : original.message;
  const stack = typeof original.stack === "string" ? clean(original.stack) : original.stack;
  if (message === original.message && stack === original.stack && cause === original.cause) return error;
  const copy = new Error(message, cause === undefined ? undefined : { cause });
  copy.name = original.name;
  copy.stack = stack;
  if (original.code !== undefined) (copy as { code?: unknown }).code = original.code;
  if (original.errors !== undefined) (copy as { errors?: unknown }).errors = original.errors;
  return copy;
}

function redactSecret(text: string, secret: string | undefined): string {
  if (!secret) return text;
  // The whole key, and each half of `id:secret` (a message may quote one line of a broken value).
  const parts = [secret, ...secret.split(/[:\s]+/).filter((part) => part.length >= 4)];
  return parts.reduce((result, part) => result.split(part).join("[redacted]"), text);
}

function describeBody(body: unknown): string {
  if (body === undefined || body === null || body === "") return "";
  if (typeof body === "string") return snippet(body);
  const parsed = ErrorBody.safeParse(body);
  if (parsed.success) {
    const { detail, message, error } = parsed.data;
    if (typeof detail === "string") return detail;
    const fieldErrors = fieldErrorList(detail);
    if (fieldErrors) return fieldErrors.map(formatFieldError).join("; ");
    if (typeof message === "string") return message;
    if (typeof error === "string") return error;
  }
  return snippet(safeJson(body));
}

function fieldErrorsOf(body: unknown): ValidationErrorDetail[] {
  const parsed = ErrorBody.safeParse(body);
  const detail = parsed.success ? parsed.data.detail : undefined;
  const fieldErrors = fieldErrorList(detail);
  if (fieldErrors) return fieldErrors;
  const msg = typeof detail === "string" ? detail : describeBody(body) || "validation failed";
  return [{ loc: ["body"], msg, type: "value_error" }];
}

/** FastAPI's `detail` list, when `detail` is one. */
function fieldErrorList(detail: unknown): ValidationErrorDetail[] | undefined {
  const parsed = ValidationErrorDetails.safeParse(detail);
  return parsed.success ? parsed.data : undefined;
}

function formatFieldError(error: ValidationErrorDetail): string {
  const where = error.loc.filter((part) => part !== "body").join(".");
  return where ? `${where}: ${error.msg}` : error.msg;
}

/** Keeps messages short; bodies can be megabytes. */
export function snippet(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function causeText(cause: unknown): string {
  // Duck-typed: fetch's errors may come from another realm (jsdom, vm), where instanceof fails.
  const error = cause as { message?: unknown; cause?: { code?: unknown; message?: unknown } } | undefined;
  if (!error || typeof error.message !== "string") return String(cause);
  const inner = error.cause;
  const detail = inner?.code ?? inner?.message;
  return detail ? `${error.message} (${String(detail)})` : error.message;
}
