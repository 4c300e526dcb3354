import { defer, switchMap, type Observable } from "rxjs";
import type { NormalizedConfig } from "../config.js";
import { loadUploads$ } from "./load-uploads.js";
import { transformInput$ } from "./transform-input.js";
import type { Uploadable, WithFileUrls } from "./uploadable.js";
// Types only (for the links below): the upload code itself is loaded by loadUploads$.
import type { upload$, uploadEvents$ } from "./upload.js";
import type { UploadEvent } from "./upload-events.js";
import type { TransformInputOptions, UploadOptions } from "./upload-options.js";

/** fal storage, as a client's `storage`. Every method returns a cold Observable. */
export interface StorageClient {
  /** Uploads a file; emits its URL, then completes. See {@link upload$}. */
  upload$(file: Uploadable, options?: UploadOptions): Observable<string>;
  /** The same upload as events: `progress`..., then `uploaded`. See {@link uploadEvents$}. */
  uploadEvents$(file: Uploadable, options?: UploadOptions): Observable<UploadEvent>;
  /** Uploads every file in an input; emits the input with URLs in their place. See {@link transformInput$}. */
  transformInput$<T>(input: T, options?: TransformInputOptions): Observable<WithFileUrls<T>>;
}

/**
 * A {@link StorageClient} on a config, read at subscribe time (so the `fal` singleton picks up a
 * later `fal.config()`). The upload code is loaded on the first subscription that needs it
 * ({@link loadUploads$}), so a client that never uploads never loads it.
 *
 * @example
 * const storage = createStorageClient(() => settings);
 * storage.upload$(blob).subscribe((url) => console.log(url));
 */
export function createStorageClient(config: () => NormalizedConfig): StorageClient {
  return {
    upload$: (file, options) => loadUploads$().pipe(switchMap((uploads) => uploads.upload$(config(), file, options))),
    uploadEvents$: (file, options) => loadUploads$().pipe(switchMap((uploads) => uploads.uploadEvents$(config(), file, options))),
    transformInput$: (input, options) => defer(() => transformInput$(config(), input, options)),
  };
}
