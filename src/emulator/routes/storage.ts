import type { RouteContext } from "../context.js";
import { applyFault } from "../faults.js";
import { parseJsonBody, sendBody, sendJson } from "../http.js";
import { newRequestId } from "../jobs.js";
import type { RouteHandler } from "../server.js";
import { HEADER } from "../../wire/headers.js";
import { InitiateUploadRequest, STORAGE_PATH, ObjectLifecycle } from "../../wire/storage.js";
import { UploadSessions, type UploadAnswer } from "./storage-sessions.js";

/** What the emulator's storage saw, beyond the request log: for tests of aborts. */
export interface StorageObservations {
  /** Requests to signed URLs (PUTs, complete) received and not answered yet, e.g. held by a `hang` fault. */
  readonly inFlight: number;
  /** Requests to signed URLs whose client went away before the answer (unsubscribed, aborted), oldest first. */
  readonly aborted: readonly { readonly url: string; readonly part: number | undefined }[];
}

/**
 * fal storage, emulated: `{rest}/storage/upload/initiate[-multipart]` (with the key) hands out
 * signed URLs under `/upload/signed/...`, which take the bytes (and refuse any `Authorization`, so
 * a leaked key fails tests); complete files are served at their `file_url`, `/upload/files/...`.
 */
export class StorageRoutes implements StorageObservations {
  private readonly sessions = new UploadSessions();
  inFlight = 0;
  readonly aborted: { url: string; part: number | undefined }[] = [];

  /** @param latencyMs delay before each signed-URL request is answered: a CDN far away. */
  constructor(private readonly latencyMs = 0) {}

  /** Forgets uploads and observations. */
  reset(): void {
    this.sessions.clear();
    this.aborted.length = 0;
  }

  /** Mounted under `{rest}/storage`. */
  readonly initiate: RouteHandler = (ctx) => {
    const kind = ctx.path === `/${STORAGE_PATH.initiate}` ? "single" : ctx.path === `/${STORAGE_PATH.initiateMultipart}` ? "multipart" : undefined;
    if (kind === undefined || ctx.req.method !== "POST") {
      return sendJson(ctx.res, 404, { detail: `No storage route for ${ctx.req.method} ${ctx.path}` });
    }
    const fault = ctx.faults.take("rest", undefined);
    if (fault) return applyFault(fault, ctx.res, newRequestId());

    const parsed = parseJsonBody(ctx.body);
    const body = parsed.ok ? InitiateUploadRequest.safeParse(parsed.value) : undefined;
    if (!body?.success) {
      return sendJson(ctx.res, 422, { detail: [{ loc: ["body"], msg: "expected {content_type, file_name}", type: "value_error" }] });
    }
    const lifecycle = ctx.record.headers[HEADER.objectLifecycle];
    if (lifecycle !== undefined && !isLifecycle(lifecycle)) {
      return sendJson(ctx.res, 400, { detail: `Invalid X-Fal-Object-Lifecycle: ${lifecycle}` });
    }
    const session = this.sessions.open(kind, body.data.content_type, body.data.file_name);
    const upload = ctx.baseUrl("upload");
    sendJson(ctx.res, 200, {
      upload_url: `${upload}/signed/${session.id}?signature=${session.signature}`,
      file_url: `${upload}/files/${session.id}/${encodeURIComponent(session.fileName)}`,
    });
  };

  /** Mounted under `/upload`: the signed URLs and the served files. */
  readonly upload: RouteHandler = (ctx) => {
    const [area, id = "", last, ...extra] = ctx.path.split("/").filter(Boolean);
    const reading = ctx.req.method === "GET" || ctx.req.method === "HEAD";
    if (area === "files" && reading && last !== undefined && extra.length === 0) return this.serveFile(ctx, id, last);
    if (area !== "signed" || extra.length > 0) return sendJson(ctx.res, 404, { detail: `No upload route for ${ctx.req.method} ${ctx.path}` });
    // Signed URLs carry their own authorisation; a key here means the client leaked it.
    if (ctx.record.headers.authorization !== undefined) {
      return sendJson(ctx.res, 403, { detail: "An Authorization header was sent to a signed upload URL: the fal key must never go there" });
    }
    const session = this.sessions.get(id);
    if (!session) return sendJson(ctx.res, 404, { detail: `No upload ${id}` });
    if (ctx.query.get("signature") !== session.signature) return sendJson(ctx.res, 403, { detail: "Bad or missing signature" });

    if (ctx.req.method === "POST" && last === "complete") return this.answer(ctx, undefined, () => this.complete(ctx, id));
    if (ctx.req.method !== "PUT") return sendJson(ctx.res, 405, { detail: `${ctx.req.method} is not allowed on an upload URL` });
    const part = last === undefined ? undefined : Number(last);
    return this.answer(ctx, part, () =>
      part === undefined ? this.sessions.putWhole(id, ctx.body, ctx.record.headers["content-type"]) : this.sessions.putPart(id, part, ctx.body),
    );
  };

  /** Applies an upload fault, else answers with what `handle` returns; tracks clients that leave. */
  private async answer(ctx: RouteContext, part: number | undefined, handle: () => UploadAnswer): Promise<void> {
    this.inFlight++;
    let dropped = false;
    ctx.res.on("close", () => {
      this.inFlight--;
      if (!ctx.res.writableFinished && !dropped) this.aborted.push({ url: ctx.record.url, part });
    });
    const fault = ctx.faults.take("upload", undefined, part);
    if (fault) {
      dropped = fault.type === "drop";
      return applyFault(fault, ctx.res, newRequestId());
    }
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (ctx.res.destroyed) return;
    const { status, body, headers } = handle();
    if (body === undefined) {
      ctx.res.writeHead(status, { "content-length": 0, ...headers }).end();
      return;
    }
    sendJson(ctx.res, status, body, headers);
  }

  private complete(ctx: RouteContext, id: string) {
    const parsed = parseJsonBody(ctx.body);
    return this.sessions.complete(id, parsed.ok ? parsed.value : undefined);
  }

  private serveFile(ctx: RouteContext, id: string, name: string): void {
    const file = this.sessions.file(id);
    if (!file || decodeURIComponent(name) !== file.fileName) return sendJson(ctx.res, 404, { detail: `No file ${id} (never uploaded, or not complete)` });
    if (ctx.req.method === "HEAD") {
      ctx.res.writeHead(200, { "content-type": file.contentType, "content-length": file.bytes.length }).end();
      return;
    }
    sendBody(ctx.res, 200, file.bytes, { "content-type": file.contentType });
  }
}

function isLifecycle(header: string): boolean {
  try {
    return ObjectLifecycle.safeParse(JSON.parse(header)).success;
  } catch {
    return false;
  }
}
