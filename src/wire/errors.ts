import { array, either, number, object, optional, string, unknown, type Shape } from "./shape.js";

/** One FastAPI validation error: `{loc: ["body", "prompt"], msg, type}`. */
export interface ValidationErrorDetail {
  readonly loc: (string | number)[];
  readonly msg: string;
  readonly type: string;
  readonly [other: string]: unknown;
}
export const ValidationErrorDetail: Shape<ValidationErrorDetail> = object({
  loc: array(either(string, number)),
  msg: string,
  type: string,
});

/** FastAPI's `detail` list. */
export const ValidationErrorDetails = array(ValidationErrorDetail);

/**
 * The error bodies fal sends: FastAPI's `{detail: [...]}`, apps' `{detail: "text"}`, platform
 * errors `{detail, error_type}`. Loose: anything else passes through and is shown raw.
 */
export interface ErrorBody {
  readonly detail?: unknown;
  readonly error_type?: string;
  readonly message?: string;
  readonly error?: unknown;
  readonly [other: string]: unknown;
}
export const ErrorBody: Shape<ErrorBody> = object({
  detail: unknown,
  error_type: optional(string),
  message: optional(string),
  error: unknown,
});
