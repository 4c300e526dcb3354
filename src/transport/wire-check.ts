import type * as z from "zod/mini";
import { WireFormatError } from "../errors.js";
import { describeReceived, valueAtPath } from "../safe-text.js";
import type { FalResponse } from "./response.js";

/** Where a payload came from, for the error's message and fields. */
export interface PayloadOrigin {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly requestId?: string;
}

/** The origin of a decoded 2xx answer. */
export function originOf(method: string, url: string, response: FalResponse<unknown>): PayloadOrigin {
  return { method, url, status: response.status, requestId: response.requestId };
}

/**
 * Checks a decoded payload against its zod schema (`wire/`). Returns the checked value (every
 * field kept: the schemas are loose objects), or throws a {@link WireFormatError} whose `path` and
 * message name the first field that is wrong, e.g.
 * `GET .../status failed with 202: the status is not fal's shape: queue_position: expected number, got "3"`.
 * Meant to be called inside an operator (`map`), so the throw becomes the Observable's error.
 * A `secret` payload (a token answer, which may hold a token however it is shaped) is described by
 * its type only and not kept as the error's `body`.
 */
export function checkWire<T>(schema: z.ZodMiniType<T>, value: unknown, origin: PayloadOrigin, what: string, secret = false): T {
  const checked = schema.safeParse(value);
  if (checked.success) return checked.data;
  const { path, text } = mismatch(checked.error.issues, value, secret);
  throw new WireFormatError({
    status: origin.status,
    body: secret ? undefined : value,
    url: origin.url,
    method: origin.method,
    requestId: origin.requestId,
    path,
    detail: `${what} is not fal's shape: ${text}`,
  });
}

/**
 * The first problem of a failed zod check, in words: where, what was expected there and what came
 * (`queue_position: expected number, got "3"`). For a payload that is not an answer to a request
 * (a webhook delivery), whose error is not a {@link WireFormatError}. A `secret` value is described
 * by its type only.
 */
export function mismatch(issues: readonly Issue[], value: unknown, secret = false): { readonly path: Path; readonly text: string } {
  const { path, expected } = firstProblem(issues[0]!, []);
  const received = valueAtPath(value, path);
  const got = secret && received != null ? `a value of type ${typeof received}` : describeReceived(received);
  return { path, text: `${path.length > 0 ? path.join(".") : "(the whole body)"}: expected ${expected}, got ${got}` };
}

type Issue = z.core.$ZodIssue;
type Path = readonly (string | number)[];

/**
 * Where an issue is and what was expected there, in words: the type (`number`), the values of a
 * literal (`"IN_QUEUE" | "COMPLETED"`), or a check's own message (`a URL`). The wire schemas give
 * every custom check its words as its message: zod/mini ships no locale, so there is no other text.
 */
function firstProblem(issue: Issue, base: Path): { path: Path; expected: string } {
  const path = [...base, ...keys(issue)];
  if (issue.code !== "invalid_union") return { path, expected: expectation(issue) };
  // A union fails once per branch. A branch is ruled out when the value is not its kind at all (its
  // issue is at the union itself) or when a literal (the `status` tag) did not match; the first
  // branch left is the one meant, and its issue is the problem. With none left, name what each
  // wanted, at the place where they all failed (`status` for an unknown status).
  const branches = issue.errors;
  const meant = branches.find((branch) => branch[0]!.path.length > 0 && !branch.some((inner) => inner.code === "invalid_value"));
  if (meant) return firstProblem(meant[0]!, path);
  const firsts = branches.map((branch) => branch[0]!);
  const at = keys(firsts[0]!);
  const samePlace = firsts.every((first) => keys(first).join(".") === at.join("."));
  const tags = firsts.every((first) => first.code === "invalid_value");
  return {
    path: samePlace ? [...path, ...at] : path,
    expected: [...new Set(firsts.map(expectation))].join(tags ? " | " : " or "),
  };
}

/** An issue's path; zod allows symbol keys, which JSON never has. */
function keys(issue: Issue): Path {
  return issue.path.map((key) => (typeof key === "symbol" ? String(key) : key));
}

function expectation(issue: Issue): string {
  if (issue.code === "invalid_type") return issue.expected;
  if (issue.code === "invalid_value") return issue.values.map((value) => JSON.stringify(value)).join(" | ");
  return issue.message;
}
