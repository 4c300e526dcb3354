import { decode, encode } from "@msgpack/msgpack";

/** What goes out in one WebSocket frame: text as is, bytes as is. */
export type Frame = string | ArrayBuffer | ArrayBufferView;

/**
 * The default input encoding of fal's realtime protocol: a string or raw bytes go out as they are
 * (text and binary frames), anything else as MessagePack (a binary frame).
 *
 * @example
 * encodeInput({ prompt: "a cat" }) // Uint8Array of MessagePack
 */
export function encodeInput(input: unknown): Frame {
  if (typeof input === "string" || input instanceof ArrayBuffer || ArrayBuffer.isView(input)) return input;
  return encode(input);
}

/**
 * The default frame decoding: text frames are JSON (fal's control frames), binary frames are
 * MessagePack (results). Throws on a frame that is neither; the caller reports it.
 */
export function decodeFrame(data: string | ArrayBuffer): unknown {
  return typeof data === "string" ? JSON.parse(data) : decode(data);
}
