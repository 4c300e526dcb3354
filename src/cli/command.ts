import type { parseArgs, ParseArgsConfig } from "node:util";
import { parse } from "./args.js";
import { EXIT } from "./exit-codes.js";
import { UsageError } from "./usage-error.js";

/** A CLI command: its help text and what it does with its arguments (resolves to an exit code). */
export interface Command {
  readonly summary: string;
  readonly help: string;
  run(argv: string[]): Promise<number>;
}

type Flags = NonNullable<ParseArgsConfig["options"]>;

/** `-h`/`--help`, which every command takes: {@link defineCommand} adds it. */
const HELP_FLAG = { help: { type: "boolean", short: "h" } } as const;

/** The parsed flags of a command declaring `F` (plus `help`). */
export type FlagValues<F extends Flags> = ReturnType<typeof parseArgs<{ options: F & typeof HELP_FLAG }>>["values"];

/** What a command declares; {@link defineCommand} turns it into a {@link Command}. */
export interface CommandSpec<F extends Flags, P extends string | undefined> {
  readonly summary: string;
  readonly help: string;
  /** Its flags, for node:util's strict `parseArgs`; `-h`/`--help` is added. */
  readonly flags: F;
  /** What its one positional argument is ("endpoint id", "file"); absent when it takes none. */
  readonly positional?: P;
  /** Runs it with the flags and the positional argument, once both are known to be well-formed. */
  run(values: FlagValues<F>, positional: P extends string ? string : undefined): Promise<number>;
}

/**
 * A command with the argument handling every command shares, in one place: flags parsed strictly
 * (a parse error is a UsageError: exit 2), `--help` prints the help on stdout and exits 0 before
 * anything else is checked, and the positional argument must be exactly one (or none at all).
 *
 * @example
 * export const runCommand = defineCommand({
 *   summary: "call a model", help: "Usage: fal-rx run <endpoint-id>\n", flags: CLIENT_FLAGS,
 *   positional: "endpoint id",
 *   run: async (values, id) => ...,
 * });
 */
export function defineCommand<F extends Flags, P extends string | undefined = undefined>(spec: CommandSpec<F, P>): Command {
  return {
    summary: spec.summary,
    help: spec.help,
    async run(argv) {
      const takesOne = spec.positional !== undefined;
      // parseArgs' precise types cannot be worked out for a generic F: parsed as a plain config,
      // then cast to the values of the flags this command declared.
      const config: ParseArgsConfig = { args: argv, options: { ...spec.flags, ...HELP_FLAG }, allowPositionals: takesOne };
      const { values, positionals } = parse(config);
      if (values.help) {
        process.stdout.write(spec.help);
        return EXIT.ok;
      }
      const [positional, ...extra] = positionals;
      if (takesOne && (!positional || extra.length)) throw new UsageError(`expects exactly one ${spec.positional}`);
      return spec.run(values as unknown as FlagValues<F>, positional as P extends string ? string : undefined);
    },
  };
}
