import { WireFormatError } from "../errors.js";
import { snippet } from "../safe-text.js";
import { HEADER } from "../wire/headers.js";

/** A 2xx answer, body decoded. */
export interface FalResponse<T> {
  readonly data: T;
  /** `x-fal-request-id`, when the server sent one. */
  readonly requestId: string | undefined;
  readonly status: number;
  readonly headers: Headers;
}

/**
 * Decodes a 2xx body by its content type: JSON (checked, never a bare SyntaxError), text, or a
 * Blob for anything binary. An empty body is `undefined`.
 */
export async function readResponse<T>(response: Response, method: string, url: string): Promise<FalResponse<T>> {
  const type = response.headers.get("content-type") ?? "";
  const data = isTextual(type) ? fromText(await response.text(), type, { response, method, url }) : await response.blob();
  return answer(response, data as T);
}

/**
 * {@link readResponse} for a body already read chunk by chunk (a stream call's answer that turned out
 * not to be an event stream, read under its inactivity timeout).
 */
export function decodeChunks<T>(response: Response, chunks: readonly Uint8Array[], method: string, url: string): FalResponse<T> {
  const type = response.headers.get("content-type") ?? "";
  if (!isTextual(type)) return answer(response, new Blob(chunks as unknown as BlobPart[], { type }) as T);
  const decoder = new TextDecoder();
  const text = chunks.map((chunk) => decoder.decode(chunk, { stream: true })).join("") + decoder.decode();
  return answer(response, fromText(text, type, { response, method, url }) as T);
}

function answer<T>(response: Response, data: T): FalResponse<T> {
  return { data, requestId: response.headers.get(HEADER.requestId) ?? undefined, status: response.status, headers: response.headers };
}

/** JSON and text answers are read as text; anything else is binary. No content type counts as text. */
function isTextual(type: string): boolean {
  return isJson(type) || type.startsWith("text/") || type === "";
}

function fromText(text: string, type: string, where: { response: Response; method: string; url: string }): unknown {
  if (isJson(type)) return parseJson(text, where);
  return text === "" ? undefined : text;
}

/** Parses a body that claims to be JSON; a {@link WireFormatError} naming the URL when it is not. */
export function parseJson(text: string, where: { response: Response; method: string; url: string }): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new WireFormatError({
      status: where.response.status,
      body: text,
      url: where.url,
      method: where.method,
      requestId: where.response.headers.get(HEADER.requestId) ?? undefined,
      detail: `the body claims to be JSON but is not (${(cause as Error).message}); it starts with ${JSON.stringify(snippet(text, 80))}`,
      cause,
    });
  }
}

function isJson(contentType: string): boolean {
  return /^application\/([\w.+-]*\+)?json\b/i.test(contentType.trim());
}
