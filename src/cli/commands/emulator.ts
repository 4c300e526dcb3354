import { startEmulator } from "../../emulator/index.js";
import { parse } from "../args.js";
import type { Command } from "../command.js";
import { flagLines } from "../help.js";
import { UsageError } from "../usage-error.js";

export const emulatorCommand: Command = {
  summary: "run a local fal-compatible server",
  help: `Usage: fal-rx emulator [--port N] [--host H] [--key K]

Starts the fal emulator and prints its base URLs. Point a client at it with
createFalClient({ baseUrls }) or any fal-rx command with --base-url <url>.

${flagLines([
  ["--port N", "port to listen on (default 4010; 0 picks a free one)"],
  ["--host H", "interface to bind (default 127.0.0.1)"],
  ["--key K", 'require "Authorization: Key K" on every request'],
  ["-h, --help", "this help"],
])}
`,
  async run(argv) {
    const { values } = parse({ args: argv, options: {
      port: { type: "string", default: "4010" },
      host: { type: "string", default: "127.0.0.1" },
      key: { type: "string" },
      help: { type: "boolean", short: "h" },
    } });
    if (values.help) {
      process.stdout.write(this.help);
      return 0;
    }
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535, got ${values.port}`);
    const emulator = await startEmulator({ port, host: values.host, key: values.key });
    process.stdout.write(
      `fal emulator listening on ${emulator.url}\n` +
        `  run:   ${emulator.baseUrls.run}\n  queue: ${emulator.baseUrls.queue}\n  rest:  ${emulator.baseUrls.rest}\n` +
        `${values.key ? "  requires the key given with --key\n" : ""}Ctrl-C stops it.\n`,
    );
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await emulator.close();
    return 0;
  },
};
