import { lastValueFrom } from "rxjs";
import { clientFrom, CLIENT_FLAGS, CLIENT_FLAGS_HELP } from "../client-options.js";
import { defineCommand } from "../command.js";
import { flagLines } from "../help.js";
import { readInput } from "../input.js";
import { printJson } from "../output.js";

export const INPUT_FLAGS = {
  input: { type: "string" },
  i: { type: "string", multiple: true },
} as const;

export const INPUT_FLAGS_HELP = flagLines([
  ["--input JSON", "the input as JSON, or --input @file.json"],
  ["-i key=value", "one input field (repeatable; JSON values parsed, dotted keys nest)"],
]);

export const runCommand = defineCommand({
  summary: "call a model synchronously and print its result",
  help: `Usage: fal-rx run <endpoint-id> [--input JSON | --input @file.json | -i key=value ...]

Calls the endpoint once (fal's synchronous route) and prints the result's JSON on stdout.

${INPUT_FLAGS_HELP}
${CLIENT_FLAGS_HELP}
`,
  flags: { ...CLIENT_FLAGS, ...INPUT_FLAGS },
  positional: "endpoint id",
  async run(values, id) {
    const input = readInput(values.input, values.i);
    const { data } = await lastValueFrom(clientFrom(values).run$(id, { input }));
    printJson(data);
    return 0;
  },
});
