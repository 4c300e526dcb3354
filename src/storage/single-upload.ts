import { catchError, concat, EMPTY, ignoreElements, of, switchMap, throwError, type Observable, type SchedulerLike } from "rxjs";
import type { NormalizedConfig } from "../config.js";
import { request$ } from "../transport/request.js";
import type { FileSource } from "./file-source.js";
import { initiate$, type UploadTarget } from "./initiate.js";
import { uploadBody } from "./upload-body.js";
import { asFileReadError, putRetry, shownSigned } from "./signed-url.js";
import { progressEvent, uploadedEvent, type UploadEvent } from "./upload-events.js";

/**
 * One initiate (with the key), one PUT of all the bytes to the signed `upload_url` (without it).
 * Emits `progress 0/total` once the PUT starts, `progress total/total` and `uploaded` once the
 * storage has acknowledged it (fetch reports no finer progress on a request body), then completes.
 */
export function singleUpload$(
  config: NormalizedConfig,
  source: FileSource,
  target: UploadTarget,
  scheduler: SchedulerLike,
): Observable<UploadEvent> {
  const total = source.size;
  const body = uploadBody(config, source, 0, total);
  return initiate$(config, "single", target, scheduler).pipe(
    switchMap(({ uploadUrl, fileUrl }) =>
      concat(
        total > 0 ? of(progressEvent(0, total)) : EMPTY,
        request$(
          config,
          {
            method: "PUT",
            url: uploadUrl,
            ...body,
            headers: { ...body.headers, "content-type": target.contentType },
            retry: putRetry(config),
            shownAs: shownSigned(uploadUrl, `upload of ${total} bytes`),
          },
          scheduler,
        ).pipe(
          ignoreElements(),
          catchError((error: unknown) => throwError(() => asFileReadError(error, source.description))),
        ),
        of(progressEvent(total, total), uploadedEvent(fileUrl)),
      ),
    ),
  );
}
