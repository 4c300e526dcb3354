import { DEFAULTS, type NormalizedConfig, type RetryOptions } from "../config.js";
import { ApiError, NetworkError, unreadableFileCause, WireFormatError } from "../errors.js";
import { FileReadError } from "./file-read-error.js";

/**
 * The retry policy of a PUT to a signed URL: the client's, plus 500. Sending the same bytes to the
 * same URL again is idempotent, and storage backends answer 500 for passing internal failures.
 */
export function putRetry(config: NormalizedConfig): RetryOptions {
  const codes = new Set([...config.retry.retryableStatusCodes, ...DEFAULTS.storage.extraRetryableStatusCodes]);
  return { ...config.retry, retryableStatusCodes: [...codes] };
}

/**
 * The error of a request to a signed URL, made fit to show: the signature (the query, a write
 * capability) cut from the URL, `what` was being sent named (`part 3 of 12`), and a failure to read
 * the file told apart from the network failing. Class and fields are kept.
 */
export function signedUrlError(error: unknown, what: string, file: string): unknown {
  const unreadable = unreadableFileCause(error);
  if (unreadable) return new FileReadError(file, unreadable);
  if (error instanceof NetworkError) return new NetworkError(error.method, unsigned(error.url), error.cause);
  if (!(error instanceof ApiError)) return error;
  const prefix = `${error.method} ${error.url} failed with ${error.status}`;
  const why = error.message.startsWith(prefix) ? error.message.slice(prefix.length).replace(/^: /, "") : error.message;
  const init = {
    status: error.status,
    body: error.body,
    url: unsigned(error.url),
    method: error.method,
    requestId: error.requestId,
    errorType: error.errorType,
    retryAfter: error.retryAfter,
    needsRetry: error.needsRetry,
    userTimeout: error.userTimeout,
    detail: why ? `${what}: ${why}` : what,
    cause: error,
  };
  if (error instanceof WireFormatError) return new WireFormatError({ ...init, path: error.path });
  return new (error.constructor as typeof ApiError)(init);
}

/** A signed URL without its signature: origin and path, `?…` when there was a query. */
export function unsigned(url: string): string {
  const at = url.indexOf("?");
  return at < 0 ? url : `${url.slice(0, at)}?…`;
}
