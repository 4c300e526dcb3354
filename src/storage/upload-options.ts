import { DEFAULTS } from "../config.js";
import { InvalidOptionError } from "../errors.js";
import { expirationSeconds, EXPIRES_IN_FORMS, type ExpiresIn } from "../wire/lifecycle.js";
import { uploadLifecycleHeaderValue, type StorageAcl } from "../wire/storage.js";

/** How long fal keeps an uploaded file, and who may read it: the official client's shape. */
export interface UploadLifecycle {
  /** `"never" | "immediate" | "1h" | "1d" | "7d" | "30d" | "1y"` or seconds. @default fal's default */
  expiresIn?: ExpiresIn;
  /** Read access rules for the file (`initial_acl`). @default fal's default */
  initialAcl?: StorageAcl;
}

/** Options of `upload$` / `uploadEvents$`. */
export interface UploadOptions {
  /** Sent as `X-Fal-Object-Lifecycle`. @default undefined (no header: fal's default) */
  lifecycle?: UploadLifecycle;
  /** The name fal stores the file under. @default the File's name, else `<now>.<extension of the type>` */
  fileName?: string;
  /**
   * The file's content type.
   * @default the Blob's type, else sniffed from the first bytes (PNG, JPEG, MP4...), else
   * `"application/octet-stream"`
   */
  contentType?: string;
  /** Files larger than this many bytes go multipart; `Infinity` never does. @default 94371840 (90 MB) */
  multipartThreshold?: number;
  /** Bytes per multipart part (the last one may be smaller). @default 10485760 (10 MB) */
  partSize?: number;
  /** Parts in flight at once; memory stays under `concurrency × partSize`. @default 4 */
  concurrency?: number;
}

/** Options of `transformInput$`: how each file is uploaded, and how many at once. */
export interface TransformInputOptions extends Pick<UploadOptions, "lifecycle" | "multipartThreshold" | "partSize" | "concurrency"> {
  /** Files uploaded at once (each may have `concurrency` parts in flight). @default 4 */
  fileConcurrency?: number;
}

/** {@link UploadOptions} with defaults applied and checked. */
export interface NormalizedUploadOptions {
  readonly lifecycleHeader: string | undefined;
  readonly fileName: string | undefined;
  readonly contentType: string | undefined;
  readonly multipartThreshold: number;
  readonly partSize: number;
  readonly concurrency: number;
}

const CONTENT_TYPE = /^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/;

/** Applies defaults and checks every option; the {@link InvalidOptionError} of the first bad one. */
export function normalizeUploadOptions(options: UploadOptions | undefined): NormalizedUploadOptions | InvalidOptionError {
  const given = options ?? {};
  const { multipartThreshold = DEFAULTS.storage.multipartThreshold, partSize = DEFAULTS.storage.partSize } = given;
  const { concurrency = DEFAULTS.storage.concurrency } = given;
  if (!isCount(partSize)) return new InvalidOptionError("partSize", partSize, "a whole number of bytes >= 1");
  if (!isCount(concurrency)) return new InvalidOptionError("concurrency", concurrency, "a whole number >= 1");
  if (typeof multipartThreshold !== "number" || !(multipartThreshold >= 0)) {
    return new InvalidOptionError("multipartThreshold", multipartThreshold, "a number of bytes >= 0, or Infinity");
  }
  if (given.fileName !== undefined && (typeof given.fileName !== "string" || given.fileName.trim() === "")) {
    return new InvalidOptionError("fileName", given.fileName, "a non-empty string");
  }
  if (given.contentType !== undefined && (typeof given.contentType !== "string" || !CONTENT_TYPE.test(given.contentType))) {
    return new InvalidOptionError("contentType", given.contentType, 'a media type such as "image/png"');
  }
  const lifecycleHeader = lifecycleHeaderOf(given.lifecycle);
  if (lifecycleHeader instanceof InvalidOptionError) return lifecycleHeader;
  return { lifecycleHeader, fileName: given.fileName, contentType: given.contentType, multipartThreshold, partSize, concurrency };
}

function lifecycleHeaderOf(lifecycle: UploadLifecycle | undefined): string | undefined | InvalidOptionError {
  if (lifecycle === undefined) return undefined;
  if (typeof lifecycle !== "object" || lifecycle === null) {
    return new InvalidOptionError("lifecycle", lifecycle, "an object {expiresIn?, initialAcl?}");
  }
  let seconds: number | null | undefined;
  if (lifecycle.expiresIn !== undefined) {
    seconds = expirationSeconds(lifecycle.expiresIn);
    if (seconds === undefined) return new InvalidOptionError("lifecycle.expiresIn", lifecycle.expiresIn, EXPIRES_IN_FORMS);
  }
  return uploadLifecycleHeaderValue(seconds, lifecycle.initialAcl);
}

/** A whole number >= 1 (a size in bytes, a count of parts or files). */
export function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1;
}
