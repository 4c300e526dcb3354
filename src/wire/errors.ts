import * as z from "zod/mini";

/** One FastAPI validation error: `{loc: ["body", "prompt"], msg, type}`. */
export const ValidationErrorDetail = z.looseObject({
  loc: z.array(z.union([z.string(), z.number()])),
  msg: z.string(),
  type: z.string(),
});
export type ValidationErrorDetail = z.infer<typeof ValidationErrorDetail>;

/** FastAPI's `detail` list: the body of a 422 is `{detail: ValidationErrorDetails}`. */
export const ValidationErrorDetails = z.array(ValidationErrorDetail);

/**
 * The error bodies fal sends: FastAPI's `{detail: [...]}` (`detail` then checked against
 * {@link ValidationErrorDetails}), apps' `{detail: "text"}`, platform errors `{detail, error_type}`.
 * Loose: anything else passes through and is shown raw.
 */
export const ErrorBody = z.looseObject({
  detail: z.optional(z.unknown()),
  error_type: z.optional(z.string()),
  message: z.optional(z.string()),
  error: z.optional(z.unknown()),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
