import { WireFormatError } from "../errors.js";
import type { FalResponse } from "../transport/response.js";
import { HEADER } from "../wire/headers.js";

/** What checkedBody needs of a zod schema. */
interface Schema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: readonly Issue[] } };
}

interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * The body of a 2xx answer, checked against its schema; throws a {@link WireFormatError} naming the
 * URL, the what, and the zod path when the server sent another shape.
 */
export function checkedBody<T>(schema: Schema<T>, response: FalResponse<unknown>, method: string, url: string, what: string): T {
  const parsed = schema.safeParse(response.data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = (issue?.path ?? []).map((part) => (typeof part === "number" ? part : String(part)));
  throw new WireFormatError({
    status: response.status,
    body: response.data,
    url,
    method,
    requestId: response.headers.get(HEADER.requestId) ?? undefined,
    detail: `${what} is not the expected shape${path.length ? ` at ${path.join(".")}` : ""}: ${issue?.message ?? "invalid"}`,
    path,
  });
}
