/** Deterministic, non-repeating-looking bytes: a reassembly bug (order, offset, a lost part) shows. */
export function patternBytes(length: number, seed = 7): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

/** The bytes served at a URL (a file_url of the emulator). */
export async function download(url: string): Promise<{ status: number; contentType: string | null; bytes: Uint8Array }> {
  const response = await fetch(url);
  return { status: response.status, contentType: response.headers.get("content-type"), bytes: new Uint8Array(await response.arrayBuffer()) };
}

/** Equal bytes, compared without jest printing megabytes on failure. */
export function sameBytes(a: Uint8Array, b: Uint8Array): { length: number; firstDifference: number } {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return { length: a.length, firstDifference: i };
  return { length: a.length, firstDifference: -1 };
}

export const KB = 1024;
export const MB = 1024 * 1024;
