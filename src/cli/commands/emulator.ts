import { startEmulator } from "../../emulator/index.js";
import { defineCommand } from "../command.js";
import { flagLines } from "../help.js";
import { UsageError } from "../usage-error.js";

export const emulatorCommand = defineCommand({
  summary: "run a local fal-compatible server",
  help: `Usage: fal-rx emulator [--port N] [--host H] [--key K]

Starts the fal emulator and prints its base URLs. Point a client at it with
createFalClient({ baseUrls }) or any fal-rx command with --base-url <url>.
Its request log, jobs and reset are served under /_emulator/ (GET requests,
GET jobs, POST reset), for tests that run outside this process.

${flagLines([
  ["--port N", "port to listen on (default 4010; 0 picks a free one)"],
  ["--host H", "interface to bind (default 127.0.0.1)"],
  ["--key K", 'require "Authorization: Key K" on every request'],
  ["-h, --help", "this help"],
])}
`,
  flags: {
    port: { type: "string", default: "4010" },
    host: { type: "string", default: "127.0.0.1" },
    key: { type: "string" },
  },
  async run(values) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, got ${values.port}`);
    // Runs for hours: the request log keeps the newest thousand, not every request ever made.
    const emulator = await startEmulator({ port, host: values.host, key: values.key, maxRecordedRequests: 1_000, control: true });
    process.stdout.write(
      `fal emulator listening on ${emulator.url}\n` +
        `  run:   ${emulator.baseUrls.run}\n  queue: ${emulator.baseUrls.queue}\n  rest:  ${emulator.baseUrls.rest}\n` +
        `  control: ${emulator.url}/_emulator/ (requests, jobs, reset)\n` +
        `${values.key ? "  requires the key given with --key\n" : ""}Ctrl-C stops it.\n`,
    );
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await emulator.close();
    return 0;
  },
});
