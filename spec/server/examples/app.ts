import type { IncomingMessage } from "node:http";

/** docs/server.md's examples import these from "./app": your app's own session check and storage. */
export function isSignedIn(req: IncomingMessage): boolean {
  return /(^|;\s*)session=/.test(req.headers.cookie ?? "");
}

export function hasSession(request: Request): boolean {
  return /(^|;\s*)session=/.test(request.headers.get("cookie") ?? "");
}

export function saveResult(requestId: string, result: unknown): void {
  void requestId;
  void result;
}
