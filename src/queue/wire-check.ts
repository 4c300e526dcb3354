import type * as z from "zod/mini";
import { snippet, valueAtPath, WireFormatError } from "../errors.js";

/** Where a payload came from, for the error's message and fields. */
export interface PayloadOrigin {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly requestId?: string;
}

/**
 * Checks a decoded queue payload against its schema. Returns the parsed value, or throws a
 * {@link WireFormatError} whose `path` and message name the first field that is wrong, e.g.
 * `GET .../status failed with 202: the status is not fal's shape: queue_position: expected number, got "3"`.
 * Meant to be called inside an operator (`map`), so the throw becomes the Observable's error.
 */
export function checkWire<T>(schema: z.ZodMiniType<T>, value: unknown, origin: PayloadOrigin, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.filter((part): part is string | number => typeof part !== "symbol");
  const where = path.length > 0 ? path.join(".") : "(the whole body)";
  throw new WireFormatError({
    status: origin.status,
    body: value,
    url: origin.url,
    method: origin.method,
    requestId: origin.requestId,
    path,
    detail: `${what} is not fal's shape: ${where}: ${describeIssue(issue, valueAtPath(value, path))}`,
  });
}

function describeIssue(issue: z.core.$ZodIssue, actual: unknown): string {
  const got = actual === undefined ? "nothing" : snippet(JSON.stringify(actual) ?? String(actual), 60);
  if (issue.code === "invalid_type") return `expected ${issue.expected}, got ${got}`;
  if (issue.code === "invalid_union" && "options" in issue && Array.isArray(issue.options)) {
    return `expected one of ${issue.options.map((option) => JSON.stringify(option)).join(", ")}, got ${got}`;
  }
  return `${issue.message}, got ${got}`;
}
