/** What fal-rx uploads: a Blob or File (browser, Node), a Buffer or any Uint8Array, an ArrayBuffer. */
export type Uploadable = Blob | ArrayBuffer | Uint8Array;

/** The input's type once every file in it is a URL. */
export type WithFileUrls<T> = 0 extends 1 & T
  ? T // any stays any
  : T extends Uploadable
    ? string
    : T extends Date | RegExp | ((...args: never[]) => unknown)
      ? T
      : T extends object
        ? { [K in keyof T]: WithFileUrls<T[K]> }
        : T;

/** Is this a value transformInput$ uploads? Blob/File, Uint8Array (Buffer included), ArrayBuffer. */
export function isUploadable(value: unknown): value is Uploadable {
  return isBlob(value) || isBytes(value) || isArrayBuffer(value);
}

// Tag checks as well as instanceof: a Blob or ArrayBuffer from another realm (an iframe, a vm
// context, a test environment) fails instanceof but is still one.

/** A Blob or File, from this realm or another. */
export function isBlob(value: unknown): value is Blob {
  if (typeof Blob !== "undefined" && value instanceof Blob) return true;
  const tag = tagOf(value);
  return (tag === "Blob" || tag === "File") && typeof (value as Blob).slice === "function";
}

/** A Uint8Array (a Node Buffer is one), from this realm or another. */
export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array || (ArrayBuffer.isView(value) && tagOf(value) === "Uint8Array");
}

/** An ArrayBuffer, from this realm or another. */
export function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return value instanceof ArrayBuffer || tagOf(value) === "ArrayBuffer";
}

function tagOf(value: unknown): string {
  return Object.prototype.toString.call(value).slice(8, -1);
}
