import { readFileSync } from "node:fs";
import { emulatorBaseUrls } from "../emulator/index.js";
import { createFalClient, type FalClient } from "../index.js";
import { flagLines } from "./help.js";
import { cannotRead, UsageError } from "./usage-error.js";

/** The flags every command that talks to fal takes (`-h` comes with every command: command.ts). */
export const CLIENT_FLAGS = {
  "base-url": { type: "string" },
  "key-file": { type: "string" },
} as const;

export const CLIENT_FLAGS_HELP = flagLines([
  ["--base-url URL", "talk to an emulator (e.g. http://127.0.0.1:4010) instead of fal.ai"],
  ["--key-file F", "read the key from a file (default: FAL_KEY, or FAL_KEY_ID:FAL_KEY_SECRET)"],
  ["-h, --help", "this help"],
]);

/** A client for `--base-url` (an emulator origin) with the key from `--key-file` or the environment. */
export function clientFrom(values: { "base-url"?: string; "key-file"?: string }): FalClient {
  let credentials: string | undefined;
  if (values["key-file"] !== undefined) {
    try {
      credentials = readFileSync(values["key-file"], "utf8").trim();
    } catch (error) {
      throw cannotRead(`--key-file ${values["key-file"]}`, error);
    }
  }
  const base = values["base-url"]?.replace(/\/$/, "");
  if (base !== undefined && !/^https?:\/\//.test(base)) throw new UsageError(`--base-url must be an http(s) URL, got ${JSON.stringify(base)}`);
  return createFalClient({
    ...(credentials !== undefined ? { credentials } : {}),
    ...(base ? { baseUrls: emulatorBaseUrls(base) } : {}),
  });
}
