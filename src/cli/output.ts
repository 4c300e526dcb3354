import { ApiError } from "../index.js";

/** A result on stdout: pretty JSON on a terminal, one line otherwise (pipes, `jq`). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, process.stdout.isTTY ? 2 : undefined)}\n`);
}

/** What failed, on stderr, with fal's request id when there is one. */
export function describeFailure(error: unknown): string {
  if (error instanceof ApiError) {
    // A 401 is nearly always a missing or wrong key: say where the CLI looks for one.
    const hint = error.status === 401 ? "\nhint: set FAL_KEY (or FAL_KEY_ID and FAL_KEY_SECRET), or pass --key-file" : "";
    return `${error.message}${error.requestId ? `\nrequest id: ${error.requestId}` : ""}${error.errorType ? `\nerror type: ${error.errorType}` : ""}${hint}`;
  }
  return error instanceof Error ? error.message : String(error);
}
