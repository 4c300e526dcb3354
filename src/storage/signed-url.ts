import { DEFAULTS, type NormalizedConfig, type RetryOptions } from "../config.js";
import { FileReadError } from "../errors.js";
import { unreadableFileCause } from "../transport/retry.js";

/**
 * The retry policy of a PUT to a signed URL: the client's, plus 500. Sending the same bytes to the
 * same URL again is idempotent, and storage backends answer 500 for passing internal failures.
 */
export function putRetry(config: NormalizedConfig): RetryOptions {
  const codes = new Set([...config.retry.retryableStatusCodes, ...DEFAULTS.storage.extraRetryableStatusCodes]);
  return { ...config.retry, retryableStatusCodes: [...codes] };
}

/**
 * How errors name a request to a signed URL: without the signature (the query is a write
 * capability), and with what was being sent (`part 3 of 12`). For `request$`'s `shownAs`.
 */
export function shownSigned(url: string, context: string): { url: string; context: string } {
  return { url: unsigned(url), context };
}

/** A failure to read the file (fetch reports it as a transport failure) as a {@link FileReadError}. */
export function asFileReadError(error: unknown, file: string): unknown {
  const unreadable = unreadableFileCause(error);
  return unreadable ? new FileReadError(file, unreadable) : error;
}

/** A signed URL without its signature: origin and path, `?…` when there was a query. */
export function unsigned(url: string): string {
  const at = url.indexOf("?");
  return at < 0 ? url : `${url.slice(0, at)}?…`;
}
