import { defer, from, map, of, type Observable } from "rxjs";
import { isArrayBuffer, isBlob, isBytes } from "./uploadable.js";
import type { RequestBody } from "../config.js";

export const UPLOADABLE_FORMS =
  "a Blob, File, Buffer, Uint8Array or ArrayBuffer (in Node, open a path with fs.openAsBlob(path))";

/** One uploadable value, seen the same way whatever its kind. */
export interface FileSource {
  readonly size: number;
  /** The Blob's own content type; `""` when it has none (bytes never have one). */
  readonly type: string;
  /** A `File`'s name, when it has one. */
  readonly name: string | undefined;
  /** Bytes `[start, end)` as a fetch body, without copying: `Blob.slice` is lazy, `subarray` a view. */
  slice(start: number, end: number): RequestBody;
  /** Bytes `[start, end)` themselves: read from a Blob (one copy), a view of bytes. */
  bytes(start: number, end: number): Uint8Array | PromiseLike<Uint8Array>;
  /** Reads the first `length` bytes now: proves the file is readable, and lets its type be sniffed. */
  head$(length: number): Observable<Uint8Array>;
  /** For messages: `File "cat.png" (12 bytes)`. */
  readonly description: string;
}

/** The {@link FileSource} of an uploadable value; `undefined` for anything else. */
export function fileSource(value: unknown): FileSource | undefined {
  if (isBlob(value)) return blobSource(value);
  if (isBytes(value)) return bytesSource(value, value.constructor.name === "Buffer" ? "Buffer" : "Uint8Array");
  if (isArrayBuffer(value)) return bytesSource(new Uint8Array(value), "ArrayBuffer");
  return undefined;
}

/** A value that is not uploadable, fit for an `InvalidOptionError` message (primitives as they are). */
export function describeValue(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return "an array";
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name !== "" && name !== "Object" ? `a ${name}` : "an object";
}

function blobSource(blob: Blob): FileSource {
  const name = typeof (blob as File).name === "string" && (blob as File).name !== "" ? (blob as File).name : undefined;
  return {
    size: blob.size,
    type: blob.type,
    name,
    // No content type on the slice: a part's Content-Type is set (or not) by the caller.
    slice: (start, end) => blob.slice(start, end),
    bytes: (start, end) => blob.slice(start, end).arrayBuffer().then((buffer) => new Uint8Array(buffer)),
    head$: (length) => defer(() => from(blob.slice(0, length).arrayBuffer())).pipe(map((buffer) => new Uint8Array(buffer))),
    description: `${name !== undefined ? `File ${JSON.stringify(name)}` : "a Blob"} (${blob.size} bytes)`,
  };
}

function bytesSource(bytes: Uint8Array, kind: string): FileSource {
  return {
    size: bytes.byteLength,
    type: "",
    name: undefined,
    // A view, not a copy. (fetch may copy the view's bytes when it sends them: one part at a time.)
    slice: (start, end) => bytes.subarray(start, end) as Uint8Array<ArrayBuffer>,
    bytes: (start, end) => bytes.subarray(start, end),
    head$: (length) => of(bytes.subarray(0, length)),
    description: `a ${kind} (${bytes.byteLength} bytes)`,
  };
}
