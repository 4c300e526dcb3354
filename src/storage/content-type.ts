/** Bytes read to sniff a content type: enough for every signature below. */
export const SNIFF_BYTES = 16;

// [content type, byte offset, signature]. Only unambiguous magic numbers: a wrong guess would be
// worse than application/octet-stream, which models still accept.
const SIGNATURES: readonly [string, number, readonly number[]][] = [
  ["image/png", 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ["image/jpeg", 0, [0xff, 0xd8, 0xff]],
  ["image/gif", 0, ascii("GIF8")],
  ["image/webp", 8, ascii("WEBP")],
  ["audio/wav", 8, ascii("WAVE")],
  ["audio/mpeg", 0, ascii("ID3")],
  ["audio/flac", 0, ascii("fLaC")],
  ["audio/ogg", 0, ascii("OggS")],
  ["video/quicktime", 4, ascii("ftypqt")],
  ["video/mp4", 4, ascii("ftyp")],
  ["video/webm", 0, [0x1a, 0x45, 0xdf, 0xa3]],
  ["application/pdf", 0, ascii("%PDF-")],
];

/**
 * The content type the first bytes of a file announce (PNG, JPEG, GIF, WebP, WAV, MP3, FLAC, Ogg,
 * MP4, QuickTime, WebM, PDF), or `undefined`. Used for Buffers and type-less Blobs, so a
 * `readFileSync("cat.png")` reaches fal as `image/png`, not as anonymous bytes.
 */
export function sniffContentType(head: Uint8Array): string | undefined {
  const riff = startsWith(head, 0, ascii("RIFF"));
  for (const [type, offset, signature] of SIGNATURES) {
    // WebP and WAV live inside a RIFF container: both parts must match.
    if ((type === "image/webp" || type === "audio/wav") && !riff) continue;
    if (startsWith(head, offset, signature)) return type;
  }
  return undefined;
}

/**
 * A file-name extension for a content type, for uploads without a name (fal's CDN derives the
 * served type from it): `image/png` -> `png`, `image/svg+xml` -> `svg`, `audio/x-wav` -> `wav`.
 */
export function extensionOf(contentType: string): string {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  const known = KNOWN_EXTENSIONS[type];
  if (known) return known;
  const base = (type.split("/")[1] ?? "").replace(/^x-/, "").split("+")[0]!;
  return /^[a-z0-9.-]{1,16}$/.test(base) ? base : "bin";
}

const KNOWN_EXTENSIONS: Record<string, string> = {
  "image/jpeg": "jpg",
  "audio/mpeg": "mp3",
  "video/quicktime": "mov",
  "application/octet-stream": "bin",
  "text/plain": "txt",
};

function startsWith(bytes: Uint8Array, offset: number, signature: readonly number[]): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((byte, i) => bytes[offset + i] === byte);
}

function ascii(text: string): number[] {
  return [...text].map((char) => char.charCodeAt(0));
}
