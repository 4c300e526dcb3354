import { defer, type Observable } from "rxjs";

/** The upload machinery (uploads.ts): upload$, uploadEvents$, uploadInput$. */
export type Uploads = typeof import("./uploads.js");

/**
 * Emits the upload machinery, loading it on first use, then completes. A dynamic `import()`, so
 * bundlers split the multipart, single-PUT, content-sniffing and option code out of the entry
 * chunk: a run$/subscribe$/stream$ app whose inputs never hold a file never loads it. Cold: the
 * import starts at subscribe (the module system caches it after the first). Errors with the
 * loader's error when the chunk cannot be fetched (an app deployed anew while a tab was open).
 *
 * @example
 * loadUploads$().pipe(switchMap((uploads) => uploads.upload$(config, file)))
 */
export function loadUploads$(): Observable<Uploads> {
  return defer(() => import("./uploads.js"));
}
