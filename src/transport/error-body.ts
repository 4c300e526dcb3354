import { ApiError, ValidationError } from "../errors.js";
import { safeJson, snippet } from "../safe-text.js";
import { ErrorBody, ValidationErrorDetails, type ValidationErrorDetail } from "../wire/errors.js";
import { HEADER } from "../wire/headers.js";

/**
 * The error for a non-2xx answer: a ValidationError for 422, an ApiError otherwise. Reads the body
 * (JSON when it parses, else the text: a proxy's HTML, a plain-text 502) and words its detail from
 * fal's error shapes: FastAPI's `detail` (a text, or a list of field errors), `message`, `error`.
 */
export async function errorFromResponse(response: Response, method: string, url: string, context?: string): Promise<ApiError> {
  const text = await response.text().catch(() => "");
  let body: unknown = text;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    // Error pages (a proxy's HTML, a plain-text 502) are kept as text.
  }
  const errorType =
    (body && typeof body === "object" && typeof (body as { error_type?: unknown }).error_type === "string"
      ? (body as { error_type: string }).error_type
      : undefined) ?? response.headers.get(HEADER.errorType) ?? undefined;
  const init = {
    status: response.status,
    body,
    url,
    method,
    requestId: response.headers.get(HEADER.requestId) ?? undefined,
    errorType,
    retryAfter: response.headers.get(HEADER.retryAfter) ?? undefined,
    needsRetry: response.headers.get(HEADER.needsRetry) === "1",
    userTimeout: response.headers.get(HEADER.requestTimeoutType) === "user",
    context,
  };
  if (response.status !== 422) return new ApiError({ ...init, detail: describeBody(body) });
  const fieldErrors = fieldErrorsOf(body);
  return new ValidationError({ ...init, fieldErrors, detail: fieldErrors.map(formatFieldError).join("; ") });
}

/** An error body in words: its `detail`, its field errors, `message` or `error`, else the body itself, cut short. */
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

/** A 422's field errors: FastAPI's list, or one body-level error holding whatever the body said. */
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
