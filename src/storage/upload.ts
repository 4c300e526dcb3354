import {
  asyncScheduler,
  catchError,
  defer,
  filter,
  map,
  switchMap,
  throwError,
  type Observable,
  type OperatorFunction,
  type SchedulerLike,
} from "rxjs";
import { DEFAULTS, type NormalizedConfig } from "../config.js";
import { InvalidOptionError } from "../errors.js";
import { extensionOf, sniffContentType, SNIFF_BYTES } from "./content-type.js";
import { FileReadError } from "./file-read-error.js";
import { describeValue, fileSource, UPLOADABLE_FORMS, type FileSource } from "./file-source.js";
import type { Uploadable } from "./uploadable.js";
import type { UploadTarget } from "./initiate.js";
import { multipartUpload$ } from "./multipart-upload.js";
import { singleUpload$ } from "./single-upload.js";
import { normalizeUploadOptions, type NormalizedUploadOptions, type UploadOptions } from "./upload-options.js";
import type { UploadedEvent, UploadEvent } from "./upload-events.js";

/**
 * Uploads a file to fal storage and reports it as events, the way Angular's `observe: "events"`
 * does: `{type: "progress", loaded, total}` (from 0, never backwards, ending at `total`), then one
 * `{type: "uploaded", url}`, then completes. Files above `multipartThreshold` (90 MB) go multipart:
 * 10 MB parts, 4 in flight, each retried on its own, progress after each part.
 *
 * Cold: nothing is read or sent before subscribe. Unsubscribing aborts every request in flight;
 * a multipart upload left that way is never completed, so no URL of a partial file escapes.
 *
 * Errors: {@link InvalidOptionError} (not an uploadable value, a bad option: nothing sent),
 * {@link FileReadError} (the file cannot be read), {@link ApiError} (initiate refused, or a PUT
 * refused after retries: the message names the part), {@link WireFormatError}, {@link NetworkError}.
 *
 * @example
 * fal.storage.uploadEvents$(file).subscribe((event) => {
 *   if (event.type === "progress") bar.value = event.loaded / event.total;
 *   else imageUrl = event.url;
 * });
 */
export function uploadEvents$(
  config: NormalizedConfig,
  file: Uploadable,
  options?: UploadOptions,
  scheduler: SchedulerLike = asyncScheduler,
): Observable<UploadEvent> {
  return defer(() => {
    const normalized = normalizeUploadOptions(options);
    return normalized instanceof InvalidOptionError ? throwError(() => normalized) : checkedUploadEvents$(config, file, normalized, scheduler);
  });
}

/** {@link uploadEvents$} with options already normalised (once for all the files of an input). */
export function checkedUploadEvents$(
  config: NormalizedConfig,
  file: Uploadable,
  options: NormalizedUploadOptions,
  scheduler: SchedulerLike,
): Observable<UploadEvent> {
  return defer(() => {
    const source = fileSource(file);
    if (!source) return throwError(() => new InvalidOptionError("file", describeValue(file), UPLOADABLE_FORMS));
    // Reading the first bytes before anything is sent turns an unreadable file into a clear error
    // (not a failed PUT after an initiate) and gives a type-less Buffer or Blob its content type.
    return source.head$(SNIFF_BYTES).pipe(
      catchError((cause: unknown) => throwError(() => new FileReadError(source.description, cause))),
      switchMap((head) => {
        const target = targetOf(source, head, options, scheduler);
        return source.size > options.multipartThreshold
          ? multipartUpload$(config, source, target, options, scheduler)
          : singleUpload$(config, source, target, scheduler);
      }),
    );
  });
}

/**
 * Uploads a file to fal storage: emits its URL once the upload is complete, then completes (the
 * `run$` of storage). Same upload, options and errors as {@link uploadEvents$}.
 *
 * @example
 * fal.storage.upload$(file, { lifecycle: { expiresIn: "1d" } })
 *   .pipe(switchMap((url) => fal.run$("fal-ai/flux/dev/image-to-image", { input: { image_url: url } })))
 *   .subscribe(({ data }) => show(data));
 */
export function upload$(
  config: NormalizedConfig,
  file: Uploadable,
  options?: UploadOptions,
  scheduler: SchedulerLike = asyncScheduler,
): Observable<string> {
  return uploadEvents$(config, file, options, scheduler).pipe(urlWhenUploaded());
}

/** The URL from an upload's events. */
export function urlWhenUploaded(): OperatorFunction<UploadEvent, string> {
  return (events) =>
    events.pipe(
      filter((event): event is UploadedEvent => event.type === "uploaded"),
      map((event) => event.url),
    );
}

function targetOf(source: FileSource, head: Uint8Array, options: NormalizedUploadOptions, scheduler: SchedulerLike): UploadTarget {
  const contentType = options.contentType ?? (source.type || sniffContentType(head) || DEFAULTS.storage.contentType);
  // fal's own client names anonymous uploads `<now>.<ext>` too; the extension sets the served type.
  const fileName = options.fileName ?? source.name ?? `${scheduler.now()}.${extensionOf(contentType)}`;
  return { contentType, fileName, lifecycleHeader: options.lifecycleHeader };
}
