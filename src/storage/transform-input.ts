import { asyncScheduler, defer, of, switchMap, type Observable, type SchedulerLike } from "rxjs";
import type { NormalizedConfig } from "../config.js";
import type { InvalidOptionError } from "../errors.js";
import type { FileReadError } from "./file-read-error.js";
import { holdsFileOrCycle } from "./input-files.js";
import { loadUploads$ } from "./load-uploads.js";
import type { WithFileUrls } from "./uploadable.js";
import type { TransformInputOptions } from "./upload-options.js";

/**
 * Uploads every file in an input and emits the input with each replaced by its URL, then
 * completes. Walks plain objects and arrays at any depth; a file is a Blob/File, a Buffer or
 * other Uint8Array, or an ArrayBuffer. Everything else (strings, data URIs, URLs, numbers, Dates,
 * null, class instances) is left as it is. Files upload in parallel, `fileConcurrency` at once; the
 * same file found twice is uploaded once. The caller's input is never modified: objects on the
 * way to a file are copied, the rest is shared. An input without files is emitted as it is, with
 * nothing sent.
 *
 * The upload code is loaded (`import()`, see {@link loadUploads$}) only when there are options to
 * check or a file to upload: run$, subscribe$ and stream$ call this for every input, and most hold
 * no file.
 *
 * Errors: whatever an upload errors with ({@link FileReadError} names the file's place, e.g.
 * `input.image_url`); {@link InvalidOptionError} for a circular input or a bad option. Any failure
 * aborts the other uploads, so no half-transformed input is emitted.
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
    // Without options there is nothing to check (the defaults are valid): the walk alone decides.
    if (Object.keys(options).length === 0 && !holdsFileOrCycle(input)) return of(input as WithFileUrls<T>);
    return loadUploads$().pipe(switchMap((uploads) => uploads.uploadInput$(config, input, options, scheduler)));
  });
}
