/** Bytes the server has acknowledged so far, of `total`. Never goes backwards. */
export interface UploadProgressEvent {
  readonly type: "progress";
  readonly loaded: number;
  readonly total: number;
}

/** The upload is complete: the file is at `url`. Always the last event. */
export interface UploadedEvent {
  readonly type: "uploaded";
  readonly url: string;
}

/** What `uploadEvents$` emits: progress events, then one `uploaded`. */
export type UploadEvent = UploadProgressEvent | UploadedEvent;

export function progressEvent(loaded: number, total: number): UploadProgressEvent {
  return { type: "progress", loaded, total };
}

export function uploadedEvent(url: string): UploadedEvent {
  return { type: "uploaded", url };
}
