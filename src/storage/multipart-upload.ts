import {
  catchError,
  concat,
  defer,
  ignoreElements,
  map,
  mergeMap,
  of,
  range,
  switchMap,
  throwError,
  type Observable,
  type SchedulerLike,
} from "rxjs";
import type { NormalizedConfig } from "../config.js";
import { request$ } from "../transport/request.js";
import type { FalResponse } from "../transport/response.js";
import { multipartCompleteUrl, multipartPartUrl, UploadedPart, type CompleteMultipartRequest } from "../wire/storage.js";
import type { FileSource } from "./file-source.js";
import { initiate$, type UploadTarget } from "./initiate.js";
import { uploadBody } from "./upload-body.js";
import { asFileReadError, putRetry, shownSigned, unsigned } from "./signed-url.js";
import { progressEvent, uploadedEvent, type UploadEvent } from "./upload-events.js";
import { checkWire, originOf } from "../transport/wire-check.js";

interface SentPart {
  readonly partNumber: number;
  readonly etag: string;
  readonly bytes: number;
}

/**
 * initiate-multipart, then every `partSize` slice PUT to `{upload_url path}/{n}{query}` with at
 * most `concurrency` in flight (each retried on its own), then `POST .../complete` with the
 * `{partNumber, etag}` list in ascending order. Emits `progress` at the start and after each
 * acknowledged part (a running sum: never backwards), then `uploaded`, then completes.
 *
 * Memory stays under `concurrency × partSize`: a part is read only while it is being sent (see
 * `uploadBody`). Unsubscribing, or any part failing for good, aborts every part
 * in flight and never sends `complete`.
 */
export function multipartUpload$(
  config: NormalizedConfig,
  source: FileSource,
  target: UploadTarget,
  sizing: { readonly partSize: number; readonly concurrency: number },
  scheduler: SchedulerLike,
): Observable<UploadEvent> {
  const total = source.size;
  const count = Math.ceil(total / sizing.partSize);
  return initiate$(config, "multipart", target, scheduler).pipe(
    switchMap(({ uploadUrl, fileUrl }) =>
      defer(() => {
        // Per subscription: what has been acknowledged so far.
        const sent: SentPart[] = [];
        let loaded = 0;
        const parts$ = range(1, count).pipe(
          mergeMap((partNumber) => part$(config, source, uploadUrl, partNumber, count, sizing.partSize, scheduler), sizing.concurrency),
          map((part) => {
            sent.push(part);
            loaded += part.bytes;
            return progressEvent(loaded, total);
          }),
        );
        return concat(
          of(progressEvent(0, total)),
          parts$,
          defer(() => complete$(config, source, uploadUrl, sent, scheduler)),
          of(uploadedEvent(fileUrl)),
        );
      }),
    ),
  );
}

function part$(
  config: NormalizedConfig,
  source: FileSource,
  uploadUrl: string,
  partNumber: number,
  count: number,
  partSize: number,
  scheduler: SchedulerLike,
): Observable<SentPart> {
  const start = (partNumber - 1) * partSize;
  const end = Math.min(start + partSize, source.size);
  const url = multipartPartUrl(uploadUrl, partNumber);
  const what = `part ${partNumber} of ${count} (bytes ${start}-${end - 1})`;
  // No Content-Type on parts, as fal's own client sends them: the file's type went with initiate.
  const shownAs = shownSigned(url, what);
  const body = uploadBody(config, source, start, end);
  return request$(config, { method: "PUT", url, ...body, retry: putRetry(config), shownAs }, scheduler).pipe(
    map((response) => ({ partNumber, etag: etagOf(response, url, what), bytes: end - start })),
    catchError((error: unknown) => throwError(() => asFileReadError(error, source.description))),
  );
}

/** The part's etag: from the `{partNumber, etag}` body fal sends, else from an `ETag` header. */
function etagOf(response: FalResponse<unknown>, url: string, what: string): string {
  const parsed = UploadedPart.safeParse(response.data);
  if (parsed.success) return parsed.data.etag;
  return response.headers.get("etag") ?? checkWire(UploadedPart, response.data, originOf("PUT", unsigned(url), response), `the answer to ${what}`).etag;
}

function complete$(
  config: NormalizedConfig,
  source: FileSource,
  uploadUrl: string,
  sent: readonly SentPart[],
  scheduler: SchedulerLike,
): Observable<never> {
  const url = multipartCompleteUrl(uploadUrl);
  // Parts finish in any order; fal wants them listed in ascending order.
  const parts = [...sent].sort((a, b) => a.partNumber - b.partNumber).map(({ partNumber, etag }) => ({ partNumber, etag }));
  const json: CompleteMultipartRequest = { parts };
  const shownAs = shownSigned(url, `completing the upload of ${parts.length} parts`);
  return request$(config, { method: "POST", url, json, shownAs }, scheduler).pipe(ignoreElements());
}
