import { lastValueFrom, map, type Observable } from "rxjs";
import { clientFrom, CLIENT_FLAGS, CLIENT_FLAGS_HELP } from "../client-options.js";
import type { FalClient } from "../../index.js";
import { defineCommand, type Command } from "../command.js";
import { flagLines } from "../help.js";
import { printJson } from "../output.js";
import { UsageError } from "../usage-error.js";

type Step = "status" | "result" | "cancel";

const SUMMARIES: Record<Step, string> = {
  status: "print the queue status of a request started elsewhere",
  result: "print the result of a finished queue request",
  cancel: "cancel a queued or running request",
};

/** `fal-rx status|result|cancel <id> --request-id R`: one queue step for a known request. */
function requestCommand(step: Step): Command {
  return defineCommand({
    summary: SUMMARIES[step],
    help: `Usage: fal-rx ${step} <endpoint-id> --request-id R${step === "status" ? " [--logs]" : ""}

${SUMMARIES[step][0]!.toUpperCase()}${SUMMARIES[step].slice(1)}, as JSON on stdout.

${flagLines([["--request-id R", "the request_id submit returned"], ...(step === "status" ? [["--logs", "include the log lines"] as const] : [])])}
${CLIENT_FLAGS_HELP}
`,
    flags: { ...CLIENT_FLAGS, "request-id": { type: "string" }, ...(step === "status" ? { logs: { type: "boolean" } } : {}) },
    positional: "endpoint id",
    async run(values, id) {
      const requestId = values["request-id"];
      if (!requestId) throw new UsageError("--request-id is required");
      printJson(await lastValueFrom(call(clientFrom(values), step, id, requestId, (values as { logs?: boolean }).logs === true)));
      return 0;
    },
  });
}

function call(fal: FalClient, step: Step, id: string, requestId: string, logs: boolean): Observable<unknown> {
  switch (step) {
    case "status":
      return fal.queue.status$(id, { requestId, logs });
    case "result":
      return fal.queue.result$(id, { requestId }).pipe(map((result) => result.data));
    case "cancel":
      return fal.queue.cancel$(id, { requestId });
  }
}

export const statusCommand = requestCommand("status");
export const resultCommand = requestCommand("result");
export const cancelCommand = requestCommand("cancel");
