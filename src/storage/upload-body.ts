import type { NormalizedConfig, RequestBody } from "../config.js";
import type { FileSource } from "./file-source.js";

/** How much of a file is read at a time when it is streamed (Node). */
const STREAM_CHUNK = 1024 * 1024;

/** A PUT's body and the headers it needs; the body is made anew for every attempt. */
export interface UploadBody {
  readonly rawBody: () => RequestBody;
  readonly headers: Record<string, string>;
}

/**
 * Bytes `[start, end)` of a file as a PUT body. In a browser, the file's own slice (a Blob slice,
 * which the browser streams from disk, or a view of bytes); so too wherever `config.streamUploads`
 * is off (workers, React Native, a custom `fetch`). In Node with its own fetch, a stream that reads a chunk at a time, sent with its
 * `Content-Length` (signed storage URLs want a length, not chunked encoding): Node's fetch copies a
 * Blob or byte body more than once on its way to the socket (a Blob through its web stream), while
 * a stream's chunks go as they are. Memory then stays at a chunk or two per request in flight, and
 * the copies' CPU is saved (docs/benchmarks.md).
 */
export function uploadBody(config: NormalizedConfig, source: FileSource, start: number, end: number): UploadBody {
  if (!config.streamUploads) return { rawBody: () => source.slice(start, end), headers: {} };
  return { rawBody: () => chunkStream(source, start, end), headers: { "content-length": String(end - start) } };
}

function chunkStream(source: FileSource, start: number, end: number): ReadableStream<Uint8Array> {
  let at = start;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (at >= end) return controller.close();
        const from = at;
        at = Math.min(at + STREAM_CHUNK, end);
        return Promise.resolve(source.bytes(from, at)).then((bytes) => controller.enqueue(bytes));
      },
    },
    // Read the next chunk only once the last one is taken: one chunk waits, never the whole part.
    { highWaterMark: 1 },
  );
}
