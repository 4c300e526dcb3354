/**
 * The `fal-rx` command line. One module per command under `commands/`; this file only dispatches
 * and maps outcomes to exit codes: 0 success, 1 API or model error, 2 usage error.
 */
import { COMMANDS, usage } from "./commands/index.js";
import { describeFailure } from "./output.js";
import { UsageError } from "./usage-error.js";

export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`fal-rx: unknown command ${JSON.stringify(name)}\n\n${usage()}`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`fal-rx ${name}: ${error.message}\n\n${command.help}`);
      return EXIT.usage;
    }
    process.stderr.write(`fal-rx ${name}: ${describeFailure(error)}\n`);
    return EXIT.failure;
  }
}
