import { asyncScheduler, catchError, defer, from, map, mergeMap, of, throwError, toArray, type Observable, type SchedulerLike } from "rxjs";
import { DEFAULTS, type NormalizedConfig } from "../config.js";
import { InvalidOptionError } from "../errors.js";
import { FileReadError } from "./file-read-error.js";
import { isUploadable, type Uploadable } from "./file-source.js";
import { checkedUploadEvents$, urlWhenUploaded } from "./upload.js";
import { isCount, normalizeUploadOptions, type UploadOptions } from "./upload-options.js";

/** Options of `transformInput$`: how each file is uploaded, and how many at once. */
export interface TransformInputOptions extends Pick<UploadOptions, "lifecycle" | "multipartThreshold" | "partSize" | "concurrency"> {
  /** Files uploaded at once (each may have `concurrency` parts in flight). @default 4 */
  fileConcurrency?: number;
}

/** The input's type once every file in it is a URL. */
export type WithFileUrls<T> = 0 extends 1 & T
  ? T // any stays any
  : T extends Uploadable
    ? string
    : T extends Date | RegExp | ((...args: never[]) => unknown)
      ? T
      : T extends object
        ? { [K in keyof T]: WithFileUrls<T[K]> }
        : T;

/**
 * Uploads every file in an input and emits the input with each replaced by its URL, then
 * completes. Walks plain objects and arrays at any depth; a file is a Blob/File, a Buffer or
 * other Uint8Array, or an ArrayBuffer. Everything else (strings, data URIs, URLs, numbers, Dates,
 * null, class instances) is left as it is. Files upload in parallel, `fileConcurrency` at once; the
 * same file found twice is uploaded once. The caller's input is never modified: objects on the
 * way to a file are copied, the rest is shared. An input without files is emitted as it is, with
 * nothing sent.
 *
 * Errors: whatever an upload errors with ({@link FileReadError} names the file's place, e.g.
 * `input.image_url`); {@link InvalidOptionError} for a circular input. Any failure aborts the
 * other uploads, so no half-transformed input is emitted.
 *
 * @example
 * fal.storage.transformInput$({ image_url: file, prompt: "a cat" })
 *   .subscribe((input) => console.log(input.image_url)); // "https://v3.fal.media/files/..."
 */
export function transformInput$<T>(
  config: NormalizedConfig,
  input: T,
  options: TransformInputOptions = {},
  scheduler: SchedulerLike = asyncScheduler,
): Observable<WithFileUrls<T>> {
  return defer(() => {
    const { fileConcurrency = DEFAULTS.storage.fileConcurrency, ...uploadOptions } = options;
    if (!isCount(fileConcurrency)) {
      return throwError(() => new InvalidOptionError("fileConcurrency", fileConcurrency, "a whole number >= 1"));
    }
    // Checked once for all the files, and even for an input without files.
    const checked = normalizeUploadOptions(uploadOptions);
    if (checked instanceof InvalidOptionError) return throwError(() => checked);
    const found = findFiles(input, "input", new Map(), []);
    if (found instanceof InvalidOptionError) return throwError(() => found);
    if (found.size === 0) return of(input as WithFileUrls<T>);
    return from(found).pipe(
      mergeMap(
        ([file, path]) =>
          checkedUploadEvents$(config, file, checked, scheduler).pipe(
            urlWhenUploaded(),
            map((url) => [file, url] as const),
            catchError((error: unknown) =>
              throwError(() => (error instanceof FileReadError ? new FileReadError(`${path} (${error.file})`, error.cause) : error)),
            ),
          ),
        fileConcurrency,
      ),
      toArray(),
      map((uploaded) => withUrls(input, new Map(uploaded)) as WithFileUrls<T>),
    );
  });
}

/** Every file in `value`, with the first place it was found; an error for a circular structure. */
function findFiles(value: unknown, path: string, found: Map<Uploadable, string>, ancestors: object[]): Map<Uploadable, string> | InvalidOptionError {
  if (isUploadable(value)) {
    if (!found.has(value)) found.set(value, path);
    return found;
  }
  const children = childrenOf(value);
  if (!children) return found;
  if (ancestors.includes(value as object)) {
    return new InvalidOptionError(path, "a circular reference", "input that can be sent as JSON (no cycles)");
  }
  ancestors.push(value as object);
  for (const [key, child] of children) {
    const result = findFiles(child, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`, found, ancestors);
    if (result instanceof InvalidOptionError) return result;
  }
  ancestors.pop();
  return found;
}

/** A copy of `value` with files replaced by their URLs; unchanged branches are shared, not copied. */
function withUrls(value: unknown, urls: ReadonlyMap<unknown, string>): unknown {
  const url = urls.get(value);
  if (url !== undefined) return url;
  const children = childrenOf(value);
  if (!children) return value;
  let changed = false;
  const copied = children.map(([key, child]) => {
    const replaced = withUrls(child, urls);
    if (replaced !== child) changed = true;
    return [key, replaced] as const;
  });
  if (!changed) return value;
  return Array.isArray(value) ? copied.map(([, child]) => child) : Object.fromEntries(copied);
}

/** The entries of a plain object or array (the containers JSON has); `undefined` for anything else. */
function childrenOf(value: unknown): [string, unknown][] | undefined {
  if (Array.isArray(value)) return value.map((child, index) => [String(index), child]);
  if (typeof value !== "object" || value === null) return undefined;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null ? Object.entries(value) : undefined;
}
