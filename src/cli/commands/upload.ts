import { accessSync, constants, openAsBlob, statSync } from "node:fs";
import { basename } from "node:path";
import { lastValueFrom, tap } from "rxjs";
import { clientFrom, CLIENT_FLAGS, CLIENT_FLAGS_HELP } from "../client-options.js";
import { defineCommand } from "../command.js";
import { flagLines } from "../help.js";
import { progressBar, statusLine } from "../render.js";
import { cannotRead, UsageError } from "../usage-error.js";

export const uploadCommand = defineCommand({
  summary: "upload a file to fal storage and print its URL",
  help: `Usage: fal-rx upload <file> [--expires-in never|immediate|1h|1d|7d|30d|1y|seconds] [--content-type T]

Uploads the file (multipart above 90 MB, parts in parallel) with a progress bar on stderr, and
prints the file's URL on stdout.

${flagLines([
  ["--expires-in E", "how long fal keeps the file (default: fal's own)"],
  ["--content-type T", "the file's type (default: guessed from its first bytes)"],
])}
${CLIENT_FLAGS_HELP}
`,
  flags: { ...CLIENT_FLAGS, "expires-in": { type: "string" }, "content-type": { type: "string" } },
  positional: "file",
  async run(values, path) {
    checkReadable(path);
    // A lazy Blob over the file: parts are read as they are sent, never the whole file at once.
    const file = await openAsBlob(path).catch((error: unknown) => {
      throw cannotRead(path, error);
    });
    const expiresIn = values["expires-in"];
    const line = statusLine();
    let url = "";
    await lastValueFrom(
      clientFrom(values)
        .storage.uploadEvents$(file, {
          fileName: basename(path),
          ...(values["content-type"] ? { contentType: values["content-type"] } : {}),
          ...(expiresIn !== undefined ? { lifecycle: { expiresIn: /^\d+$/.test(expiresIn) ? Number(expiresIn) : (expiresIn as never) } } : {}),
        })
        .pipe(tap((event) => (event.type === "progress" ? line.update(progressBar(event.loaded, event.total)) : (url = event.url)))),
    ).finally(() => line.done());
    process.stdout.write(`${url}\n`);
    return 0;
  },
});

/**
 * openAsBlob is lazy: a missing or unreadable file would only fail once the upload reads it, as an
 * upload error (exit 1). Checked up front, it is the usage error it is (exit 2), and nothing is sent.
 */
function checkReadable(path: string): void {
  try {
    if (!statSync(path).isFile()) throw new UsageError(`cannot read ${path}: not a file`);
    accessSync(path, constants.R_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw cannotRead(path, error);
  }
}
