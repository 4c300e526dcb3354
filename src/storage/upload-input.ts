import { catchError, defer, from, map, mergeMap, of, throwError, toArray, type Observable, type SchedulerLike } from "rxjs";
import { DEFAULTS, type NormalizedConfig } from "../config.js";
import { InvalidOptionError } from "../errors.js";
import { FileReadError } from "./file-read-error.js";
import { childrenOf } from "./input-files.js";
import { isUploadable, type Uploadable, type WithFileUrls } from "./uploadable.js";
import { checkedUploadEvents$, urlWhenUploaded } from "./upload.js";
import { isCount, normalizeUploadOptions, type TransformInputOptions } from "./upload-options.js";

/**
 * The whole of `transformInput$` (see transform-input.ts, which calls it only when there is
 * something to check or upload): the options checked, every file uploaded, the input emitted with
 * their URLs, then complete.
 */
export function uploadInput$<T>(
  config: NormalizedConfig,
  input: T,
  options: TransformInputOptions,
  scheduler: SchedulerLike,
): Observable<WithFileUrls<T>> {
  return defer(() => {
    const { fileConcurrency = DEFAULTS.storage.fileConcurrency, ...uploadOptions } = options;
    if (!isCount(fileConcurrency)) {
      return throwError(() => new InvalidOptionError("fileConcurrency", fileConcurrency, "a whole number >= 1"));
    }
    // Checked once for all the files, and even for an input without files.
    const checked = normalizeUploadOptions(uploadOptions);
    if (checked instanceof InvalidOptionError) return throwError(() => checked);
    const found = findFiles(input);
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
function findFiles(
  value: unknown,
  path = "input",
  found = new Map<Uploadable, string>(),
  ancestors: object[] = [],
): Map<Uploadable, string> | InvalidOptionError {
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
