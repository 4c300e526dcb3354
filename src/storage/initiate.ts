import { map, type Observable, type SchedulerLike } from "rxjs";
import type { NormalizedConfig } from "../config.js";
import { restUrl, withQuery } from "../routes.js";
import { request$ } from "../transport/request.js";
import { HEADER } from "../wire/headers.js";
import { InitiateUploadResponse, STORAGE_PATH, STORAGE_TYPE, type InitiateUploadRequest } from "../wire/storage.js";
import { checkWire, originOf } from "../transport/wire-check.js";

/** What fal is told about the file before any byte is sent. */
export interface UploadTarget {
  readonly contentType: string;
  readonly fileName: string;
  /** `X-Fal-Object-Lifecycle`, when a lifecycle was asked for. */
  readonly lifecycleHeader: string | undefined;
}

/** Where the bytes go (a signed URL: never given the key) and where the file will be served. */
export interface UploadSlot {
  readonly uploadUrl: string;
  readonly fileUrl: string;
}

/**
 * `POST {rest}/storage/upload/initiate[-multipart]?storage_type=fal-cdn-v3` with the key. Emits
 * one {@link UploadSlot}, then completes. Errors: ApiError (after the client's retries),
 * WireFormatError when the answer lacks `upload_url`/`file_url`, NetworkError.
 */
export function initiate$(
  config: NormalizedConfig,
  kind: "single" | "multipart",
  target: UploadTarget,
  scheduler: SchedulerLike,
): Observable<UploadSlot> {
  const path = kind === "single" ? STORAGE_PATH.initiate : STORAGE_PATH.initiateMultipart;
  const url = withQuery(restUrl(config.baseUrls, path), { storage_type: STORAGE_TYPE });
  const headers: Record<string, string> = target.lifecycleHeader ? { [HEADER.objectLifecycle]: target.lifecycleHeader } : {};
  const json: InitiateUploadRequest = { content_type: target.contentType, file_name: target.fileName };
  return request$(config, { method: "POST", url, headers, json }, scheduler).pipe(
    map((response) => checkWire(InitiateUploadResponse, response.data, originOf("POST", url, response), "the initiate answer")),
    map((answer) => ({ uploadUrl: answer.upload_url, fileUrl: answer.file_url })),
  );
}
