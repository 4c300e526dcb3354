/**
 * The `fal-rx` command line. One module per command under `commands/`; this file only dispatches
 * and maps outcomes to exit codes: 0 success, 1 API or model error, 2 usage error.
 */
import { InvalidEndpointIdError, InvalidOptionError, VERSION } from "../index.js";
import { COMMANDS, usage } from "./commands/index.js";
import { EXIT } from "./exit-codes.js";
import { describeFailure } from "./output.js";
import { UsageError } from "./usage-error.js";

/** Runs one `fal-rx` command line; resolves to the process's exit code (see exit-codes.ts). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === "--version" || name === "-v") {
    process.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`fal-rx: unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    // The library refuses a bad id or option before sending anything: the arguments were wrong.
    if (error instanceof UsageError || error instanceof InvalidEndpointIdError || error instanceof InvalidOptionError) {
      process.stderr.write(`fal-rx ${name}: ${error.message}\n\n${command.help}`);
      return EXIT.usage;
    }
    process.stderr.write(`fal-rx ${name}: ${describeFailure(error)}\n`);
    return EXIT.failure;
  }
}
