import { lastValueFrom, tap } from "rxjs";
import { numberFlag } from "../args.js";
import { clientFrom, CLIENT_FLAGS, CLIENT_FLAGS_HELP } from "../client-options.js";
import { defineCommand } from "../command.js";
import { flagLines } from "../help.js";
import { readInput } from "../input.js";
import { printJson } from "../output.js";
import { INPUT_FLAGS, INPUT_FLAGS_HELP } from "./run.js";

export const streamCommand = defineCommand({
  summary: "call a streaming endpoint and print partials as they arrive",
  help: `Usage: fal-rx stream <endpoint-id> [input flags] [--jsonl] [--path /stream] [--timeout ms]

Calls the endpoint's streaming route. Text answers (partials with a growing "text" or a "delta")
are printed as they arrive, ending with a newline; other partials are printed one JSON per line
(fal's last event is the result, so it is not printed twice; a non-streaming answer is printed as
its JSON). With --jsonl every event is one JSON line: {"type":"partial","data":...} ... then
{"type":"result","data":...,"requestId":...}.

${INPUT_FLAGS_HELP}
${flagLines([
  ["--jsonl", "one JSON object per event on stdout"],
  ["--path P", "the streaming route (default /stream)"],
  ["--timeout ms", "give up after this long without a byte (default 15000)"],
])}
${CLIENT_FLAGS_HELP}
`,
  flags: { ...CLIENT_FLAGS, ...INPUT_FLAGS, jsonl: { type: "boolean" }, path: { type: "string" }, timeout: { type: "string" } },
  positional: "endpoint id",
  async run(values, id) {
    const timeout = numberFlag("--timeout", values.timeout);
    const printer = values.jsonl ? jsonLines() : textOrJson();
    await lastValueFrom(
      clientFrom(values)
        .stream$(id, {
          input: readInput(values.input, values.i),
          ...(values.path !== undefined ? { path: values.path } : {}),
          ...(timeout !== undefined ? { timeout } : {}),
        })
        .pipe(tap((event) => (event.type === "partial" ? printer.partial(event.data) : printer.result(event.data, event.requestId)))),
    ).finally(() => printer.end());
    return 0;
  },
});

function jsonLines() {
  return {
    partial: (data: unknown) => process.stdout.write(`${JSON.stringify({ type: "partial", data })}\n`),
    result: (data: unknown, requestId: string) => process.stdout.write(`${JSON.stringify({ type: "result", data, requestId })}\n`),
    end: () => undefined,
  };
}

/** Prints the new part of a growing `text` (or each `delta`) inline; anything else as JSON lines. */
function textOrJson() {
  let printed = "";
  let textMode = false;
  // Text printed since the last newline: ended before anything else (the result, an error on stderr).
  let lineOpen = false;
  let lastJson: string | undefined;
  return {
    partial(data: unknown) {
      const { text, delta } = (data ?? {}) as { text?: unknown; delta?: unknown };
      if (typeof text === "string" && text.startsWith(printed)) {
        process.stdout.write(text.slice(printed.length));
        printed = text;
        textMode = true;
        lineOpen ||= text.length > 0;
      } else if (typeof delta === "string") {
        process.stdout.write(delta);
        printed += delta;
        textMode = true;
        lineOpen ||= delta.length > 0;
      } else {
        this.end();
        lastJson = JSON.stringify(data);
        process.stdout.write(`${lastJson}\n`);
      }
    },
    result(data: unknown) {
      // fal's last data event is the result: printed once, unless no partial came (a plain body).
      if (!textMode && JSON.stringify(data) !== lastJson) printJson(data);
      this.end();
    },
    end() {
      if (lineOpen) process.stdout.write("\n");
      lineOpen = false;
    },
  };
}
