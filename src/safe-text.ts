/**
 * Text fit for an error message or a log: URLs and platform messages with no key, user-info or
 * token in them, and received values quoted as JSON, cut short. The error classes build their
 * messages with these; so does every module that words a detail for them.
 */

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

/** Keeps messages short; bodies can be megabytes. */
export function snippet(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** A value's JSON, or its `String()` when it has none (a BigInt, a cycle, `undefined`). Never throws. */
export function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A received value for a message: its JSON, cut short; `nothing` when absent. */
export function describeReceived(value: unknown): string {
  return value === undefined ? "nothing" : snippet(safeJson(value), 60);
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
