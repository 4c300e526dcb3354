import { lastValueFrom } from "rxjs";
import { parse } from "../args.js";
import { clientFrom, CLIENT_FLAGS, CLIENT_FLAGS_HELP } from "../client-options.js";
import type { Command } from "../command.js";
import { flagLines } from "../help.js";
import { readInput } from "../input.js";
import { printJson } from "../output.js";
import { UsageError } from "../usage-error.js";

export const INPUT_FLAGS = {
  input: { type: "string" },
  i: { type: "string", multiple: true },
} as const;

export const INPUT_FLAGS_HELP = flagLines([
  ["--input JSON", "the input as JSON, or --input @file.json"],
  ["-i key=value", "one input field (repeatable; JSON values parsed, dotted keys nest)"],
]);

export const runCommand: Command = {
  summary: "call a model synchronously and print its result",
  help: `Usage: fal-rx run <endpoint-id> [--input JSON | --input @file.json | -i key=value ...]

Calls the endpoint once (fal's synchronous route) and prints the result's JSON on stdout.

${INPUT_FLAGS_HELP}
${CLIENT_FLAGS_HELP}
`,
  async run(argv) {
    const { values, positionals } = parse({ args: argv, options: { ...CLIENT_FLAGS, ...INPUT_FLAGS }, allowPositionals: true });
    if (values.help) {
      process.stdout.write(this.help);
      return 0;
    }
    const [id, ...extra] = positionals;
    if (!id || extra.length) throw new UsageError("expects exactly one endpoint id");
    const input = readInput(values.input, values.i);
    const { data } = await lastValueFrom(clientFrom(values).run$(id, { input }));
    printJson(data);
    return 0;
  },
};
