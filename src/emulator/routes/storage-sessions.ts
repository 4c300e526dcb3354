import { createHash, randomBytes, randomUUID } from "node:crypto";
import { CompleteMultipartRequest } from "../../wire/storage.js";

interface Session {
  readonly id: string;
  readonly kind: "single" | "multipart";
  /** The signed URL's `signature` query: a URL without it is refused, as a CDN would. */
  readonly signature: string;
  readonly contentType: string;
  readonly fileName: string;
  readonly parts: Map<number, { etag: string; bytes: Buffer }>;
  /** The complete file, once the single PUT or the multipart complete arrived. */
  file: Buffer | undefined;
}

/** How a request to a signed URL is answered; `body: undefined` is an empty body. */
export interface UploadAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Parts a multipart upload may have (S3's limit, which fal's storage shares). */
const MAX_PARTS = 10_000;

/**
 * The emulator's uploads: sessions handed out by initiate, their parts, and the complete files.
 * Every check is strict, so a client bug (a wrong etag, parts out of order, a part left out) fails
 * loudly instead of leaving a corrupt file behind. Re-sending a part or a whole file overwrites it,
 * so a client's retry after a lost answer works.
 */
export class UploadSessions {
  private readonly sessions = new Map<string, Session>();

  open(kind: Session["kind"], contentType: string, fileName: string): Session {
    const session: Session = {
      id: randomUUID(),
      kind,
      signature: randomBytes(12).toString("hex"),
      contentType,
      fileName,
      parts: new Map(),
      file: undefined,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  clear(): void {
    this.sessions.clear();
  }

  /** A complete file, by session id. */
  file(id: string): { bytes: Buffer; contentType: string; fileName: string } | undefined {
    const session = this.sessions.get(id);
    return session?.file ? { bytes: session.file, contentType: session.contentType, fileName: session.fileName } : undefined;
  }

  /** `PUT {upload_url}`: the whole file of a single upload. */
  putWhole(id: string, bytes: Buffer, contentType: string | undefined): UploadAnswer {
    const session = this.sessions.get(id)!;
    if (session.kind !== "single") return refuse("This upload is multipart: PUT its parts to {upload_url path}/{partNumber}");
    // A signed URL is signed for the content type given at initiate; another one is refused.
    if (contentType !== undefined && normalType(contentType) !== normalType(session.contentType)) {
      return refuse(`Content-Type ${contentType} does not match ${session.contentType}, given at initiate`);
    }
    session.file = bytes;
    return { status: 200, body: undefined, headers: { etag: etagOf(bytes) } };
  }

  /** `PUT {upload_url path}/{partNumber}`: one part of a multipart upload. */
  putPart(id: string, partNumber: number, bytes: Buffer): UploadAnswer {
    const session = this.sessions.get(id)!;
    if (session.kind !== "multipart") return refuse("This upload is not multipart: PUT the whole file to upload_url");
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PARTS) {
      return refuse(`Part number must be a whole number from 1 to ${MAX_PARTS}`);
    }
    if (session.file) return refuse("This upload is already complete");
    const etag = etagOf(bytes);
    session.parts.set(partNumber, { etag, bytes });
    return { status: 200, body: { partNumber, etag }, headers: { etag } };
  }

  /** `POST {upload_url path}/complete` with `{parts: [{partNumber, etag}]}`. */
  complete(id: string, body: unknown): UploadAnswer {
    const session = this.sessions.get(id)!;
    if (session.kind !== "multipart") return refuse("This upload is not multipart: there is nothing to complete");
    if (session.file) return { status: 200, body: undefined };
    const parsed = CompleteMultipartRequest.safeParse(body);
    if (!parsed.success) return refuse("Expected {parts: [{partNumber, etag}]}");
    const problem = problemWith(parsed.data.parts, session.parts);
    if (problem) return refuse(problem);
    session.file = Buffer.concat(parsed.data.parts.map(({ partNumber }) => session.parts.get(partNumber)!.bytes));
    session.parts.clear();
    return { status: 200, body: undefined };
  }
}

/** What is wrong with a complete call's part list, if anything. */
function problemWith(listed: readonly { partNumber: number; etag: string }[], uploaded: ReadonlyMap<number, { etag: string }>): string | undefined {
  if (listed.length === 0) return "The part list is empty";
  for (let i = 1; i < listed.length; i++) {
    const [before, after] = [listed[i - 1]!.partNumber, listed[i]!.partNumber];
    if (after <= before) return `Parts must be listed in ascending order: part ${after} comes after part ${before}`;
  }
  for (const [index, { partNumber, etag }] of listed.entries()) {
    if (partNumber !== index + 1) return `Part ${index + 1} is missing from the list`;
    const part = uploaded.get(partNumber);
    if (!part) return `Part ${partNumber} was never uploaded`;
    if (part.etag !== etag) return `Part ${partNumber}: etag ${etag} does not match the uploaded part's ${part.etag}`;
  }
  if (uploaded.size > listed.length) return `Parts ${[...uploaded.keys()].filter((n) => n > listed.length).join(", ")} were uploaded but not listed`;
  return undefined;
}

function refuse(detail: string): UploadAnswer {
  return { status: 400, body: { detail } };
}

function etagOf(bytes: Buffer): string {
  return `"${createHash("md5").update(bytes).digest("hex")}"`;
}

function normalType(contentType: string): string {
  return contentType.toLowerCase().replace(/\s+/g, "");
}
