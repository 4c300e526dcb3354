import * as z from "zod/mini";

/** Query every initiate call carries: fal's current CDN (what fal's own client asks for). */
export const STORAGE_TYPE = "fal-cdn-v3";

/** Paths on the rest host, without the query. */
export const STORAGE_PATH = {
  initiate: "storage/upload/initiate",
  initiateMultipart: "storage/upload/initiate-multipart",
} as const;

/** Body of both initiate calls. */
export const InitiateUploadRequest = z.looseObject({ content_type: z.string(), file_name: z.string() });
export type InitiateUploadRequest = z.infer<typeof InitiateUploadRequest>;

/**
 * An absolute URL (`https:`, or any other scheme `URL` parses). A `z.custom` check rather than
 * `z.url()`, whose regexes and options the browser bundle would carry for one field.
 */
const Url = z.custom<string>((value) => typeof value === "string" && parsesAsUrl(value), "a URL");

function parsesAsUrl(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

/** Answer of both initiate calls: where to PUT the bytes, and where the file will be. */
export const InitiateUploadResponse = z.looseObject({ upload_url: Url, file_url: Url });
export type InitiateUploadResponse = z.infer<typeof InitiateUploadResponse>;

/** Answer of a part PUT. */
export const UploadedPart = z.looseObject({ partNumber: z.number(), etag: z.string() });
export type UploadedPart = z.infer<typeof UploadedPart>;

/** Body of the multipart complete call: every part, in ascending order. */
export const CompleteMultipartRequest = z.looseObject({ parts: z.array(UploadedPart) });
export type CompleteMultipartRequest = z.infer<typeof CompleteMultipartRequest>;

/**
 * A part's URL: `{upload_url path}/{partNumber}{upload_url query}`. The query is the signature of a
 * signed URL, so it must survive unchanged.
 */
export function multipartPartUrl(uploadUrl: string, partNumber: number): string {
  return besidePath(uploadUrl, String(partNumber));
}

/** The complete call's URL: `{upload_url path}/complete{upload_url query}`. */
export function multipartCompleteUrl(uploadUrl: string): string {
  return besidePath(uploadUrl, "complete");
}

function besidePath(uploadUrl: string, segment: string): string {
  const url = new URL(uploadUrl);
  return `${url.origin}${url.pathname.replace(/\/$/, "")}/${segment}${url.search}`;
}

export type StorageAclDecision = "hide" | "forbid" | "allow";

/** Who may read an uploaded file (`initial_acl`), the official client's shape. */
export interface StorageAcl {
  default?: StorageAclDecision;
  rules?: { user: string; decision: StorageAclDecision }[];
}

/** The object-lifecycle JSON of an upload, as sent in `X-Fal-Object-Lifecycle`. */
export const ObjectLifecycle = z.looseObject({
  expiration_duration_seconds: z.nullish(z.number()),
  initial_acl: z.optional(z.unknown()),
});
export type ObjectLifecycle = z.infer<typeof ObjectLifecycle>;

/**
 * The `X-Fal-Object-Lifecycle` value of an upload, `undefined` when nothing is asked for.
 * `seconds` comes from `expirationSeconds()` (lifecycle.ts): `null` ("never") is sent as `null`, the way
 * run's `x-fal-object-lifecycle-preference` sends it.
 */
export function uploadLifecycleHeaderValue(seconds: number | null | undefined, initialAcl: StorageAcl | undefined): string | undefined {
  const value: ObjectLifecycle = {};
  if (seconds !== undefined) value.expiration_duration_seconds = seconds;
  if (initialAcl !== undefined) value.initial_acl = initialAcl;
  return Object.keys(value).length > 0 ? JSON.stringify(value) : undefined;
}
