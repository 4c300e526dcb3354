import { FalError } from "../errors.js";

/**
 * A file to upload could not be read: a `File` changed or deleted on disk after it was picked, a
 * Blob from `fs.openAsBlob` whose file changed, a Blob whose backing store is gone. Nothing was
 * reported as uploaded; ask for the file again rather than retrying. `cause` is the platform's
 * error (often a `NotReadableError`).
 */
export class FileReadError extends FalError {
  override name = "FileReadError";
  constructor(
    /** Which file: its description, and where it was in an input (`input.image_url`). */
    readonly file: string,
    cause: unknown,
  ) {
    super(`Could not read ${file} to upload it: ${reason(cause)}`, { cause });
  }
}

function reason(cause: unknown): string {
  const error = cause as { name?: unknown; message?: unknown } | undefined;
  if (!error || typeof error.message !== "string") return String(cause);
  return typeof error.name === "string" && error.name !== "Error" ? `${error.name}: ${error.message}` : error.message;
}
