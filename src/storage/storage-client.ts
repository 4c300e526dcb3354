import { defer, type Observable } from "rxjs";
import type { NormalizedConfig } from "../config.js";
import type { Uploadable } from "./file-source.js";
import { transformInput$, type TransformInputOptions, type WithFileUrls } from "./transform-input.js";
import type { UploadEvent } from "./upload-events.js";
import type { UploadOptions } from "./upload-options.js";
import { upload$, uploadEvents$ } from "./upload.js";

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
 * later `fal.config()`).
 *
 * @example
 * const storage = createStorageClient(() => settings);
 * storage.upload$(blob).subscribe((url) => console.log(url));
 */
export function createStorageClient(config: () => NormalizedConfig): StorageClient {
  return {
    upload$: (file, options) => defer(() => upload$(config(), file, options)),
    uploadEvents$: (file, options) => defer(() => uploadEvents$(config(), file, options)),
    transformInput$: (input, options) => defer(() => transformInput$(config(), input, options)),
  };
}
