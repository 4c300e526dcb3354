import { EndpointError } from "./endpoint-error.js";

/** The longest wait a knob may ask for: an hour (a timer's own limit is about 24.8 days). */
export const MAX_KNOB_MS = 3_600_000;

/**
 * A numeric knob of a built-in endpoint, checked: a number in `[min, max]`, else an
 * {@link EndpointError} answering 422 in FastAPI's shape, naming the field and the range.
 */
export function knob(value: unknown, field: string, min: number, max: number): number {
  if (typeof value === "number" && value >= min && value <= max) return value;
  const msg = `Input should be a number from ${min} to ${max}`;
  throw new EndpointError(422, { detail: [{ loc: ["body", field], msg, type: "value_error", input: value ?? null }] });
}
