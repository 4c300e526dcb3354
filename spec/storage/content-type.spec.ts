import { extensionOf, sniffContentType } from "../../src/storage/content-type";

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === "string" ? [...part].map((c) => c.charCodeAt(0)) : part)));

describe("sniffContentType", () => {
  it.each([
    ["image/png", bytes([0x89], "PNG\r\n", [0x1a, 0x0a, 0, 0])],
    ["image/jpeg", bytes([0xff, 0xd8, 0xff, 0xe0])],
    ["image/gif", bytes("GIF89a")],
    ["image/webp", bytes("RIFF", [1, 2, 3, 4], "WEBPVP8 ")],
    ["audio/wav", bytes("RIFF", [1, 2, 3, 4], "WAVEfmt ")],
    ["audio/mpeg", bytes("ID3", [4, 0])],
    ["audio/flac", bytes("fLaC")],
    ["audio/ogg", bytes("OggS")],
    ["video/mp4", bytes([0, 0, 0, 0x20], "ftypisom")],
    ["video/quicktime", bytes([0, 0, 0, 0x14], "ftypqt  ")],
    ["video/webm", bytes([0x1a, 0x45, 0xdf, 0xa3])],
    ["application/pdf", bytes("%PDF-1.7")],
  ])("recognises %s", (type, head) => {
    expect(sniffContentType(head)).toBe(type);
  });

  it.each([
    ["text", bytes("hello world")],
    ["a RIFF that is neither WebP nor WAV", bytes("RIFF", [1, 2, 3, 4], "AVI LIST")],
    ["WEBP at offset 8 without RIFF", bytes("XXXX", [1, 2, 3, 4], "WEBP")],
    ["a signature cut short", bytes([0x89, 0x50, 0x4e])],
    ["nothing", bytes()],
  ])("does not guess for %s", (_what, head) => {
    expect(sniffContentType(head)).toBeUndefined();
  });
});

describe("extensionOf", () => {
  it.each([
    ["image/png", "png"],
    ["image/jpeg", "jpg"],
    ["IMAGE/PNG; charset=binary", "png"],
    ["image/svg+xml", "svg"],
    ["audio/x-wav", "wav"],
    ["audio/mpeg", "mp3"],
    ["video/quicktime", "mov"],
    ["application/octet-stream", "bin"],
    ["text/plain;charset=utf-8", "txt"],
    ["nonsense", "bin"],
  ])("names %s files .%s", (type, extension) => {
    expect(extensionOf(type)).toBe(extension);
  });
});
