import { ApiError, FalError } from "../index.js";

/** A result on stdout: pretty JSON on a terminal, one line otherwise (pipes, `jq`). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, process.stdout.isTTY ? 2 : undefined)}\n`);
}

/** What failed, on stderr, with fal's request id when there is one. */
export function describeFailure(error: unknown): string {
  if (error instanceof ApiError) {
    return `${error.message}${error.requestId ? `\nrequest id: ${error.requestId}` : ""}${error.errorType ? `\nerror type: ${error.errorType}` : ""}`;
  }
  if (error instanceof FalError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
