import { describeReceived, valueAtPath, WireFormatError } from "../errors.js";
import { checkShape, type Shape } from "../wire/shape.js";
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
 * Checks a decoded payload against its shape. Returns the value, or throws a
 * {@link WireFormatError} whose `path` and message name the first field that is wrong, e.g.
 * `GET .../status failed with 202: the status is not fal's shape: queue_position: expected number, got "3"`.
 * Meant to be called inside an operator (`map`), so the throw becomes the Observable's error.
 */
export function checkWire<T>(shape: Shape<T>, value: unknown, origin: PayloadOrigin, what: string): T {
  const checked = checkShape(shape, value);
  if (checked.ok) return checked.value;
  const { path, expected } = checked.issue;
  const got = describeReceived(valueAtPath(value, path));
  throw new WireFormatError({
    status: origin.status,
    body: value,
    url: origin.url,
    method: origin.method,
    requestId: origin.requestId,
    path: [...path],
    detail: `${what} is not fal's shape: ${path.length > 0 ? path.join(".") : "(the whole body)"}: expected ${expected}, got ${got}`,
  });
}
