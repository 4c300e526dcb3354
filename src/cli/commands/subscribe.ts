import { fromEvent, lastValueFrom, take, takeUntil, tap } from "rxjs";
import { FalTimeoutError, type FalClient, type QueueStatus } from "../../index.js";
import { numberFlag } from "../args.js";
import { clientFrom, CLIENT_FLAGS, CLIENT_FLAGS_HELP } from "../client-options.js";
import { defineCommand } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { flagLines } from "../help.js";
import { readInput } from "../input.js";
import { printJson } from "../output.js";
import { describeStatus, statusLine } from "../render.js";
import { UsageError } from "../usage-error.js";
import { INPUT_FLAGS, INPUT_FLAGS_HELP } from "./run.js";

export const subscribeCommand = defineCommand({
  summary: "run a model through the queue with a live status line",
  help: `Usage: fal-rx subscribe <endpoint-id> [input flags] [--logs] [--poll-interval ms] [--mode polling|streaming] [--timeout ms]

Submits to fal's queue, shows each status change on stderr (a live line on a terminal, one line
per change otherwise), and prints the result's JSON on stdout. Ctrl-C cancels the job on the
server, then exits 130.

${INPUT_FLAGS_HELP}
${flagLines([
  ["--logs", "ask for the model's log lines (shown in the status line)"],
  ["--poll-interval ms", "between status polls (default 500)"],
  ["--mode M", "polling (default) or streaming (fal's status stream)"],
  ["--timeout ms", "give up after this long, cancelling the job (exit 1)"],
])}
${CLIENT_FLAGS_HELP}
`,
  flags: {
    ...CLIENT_FLAGS,
    ...INPUT_FLAGS,
    logs: { type: "boolean" },
    "poll-interval": { type: "string" },
    mode: { type: "string" },
    timeout: { type: "string" },
  },
  positional: "endpoint id",
  async run(values, id) {
    if (values.mode !== undefined && values.mode !== "polling" && values.mode !== "streaming") {
      throw new UsageError(`--mode must be polling or streaming, got ${JSON.stringify(values.mode)}`);
    }
    const pollInterval = numberFlag("--poll-interval", values["poll-interval"]);
    const timeout = numberFlag("--timeout", values.timeout);
    const input = readInput(values.input, values.i);
    const fal = clientFrom(values);
    const line = statusLine();
    const started = performance.now();
    let last: QueueStatus | undefined;
    const render = () => last && line.update(describeStatus(last, performance.now() - started));
    // On a terminal the elapsed time keeps counting while the status stays the same.
    const ticker = process.stderr.isTTY ? setInterval(render, 100) : undefined;
    const stopLine = () => {
      clearInterval(ticker);
      line.done();
    };
    let requestId: string | undefined;
    let interrupted = false;
    const interrupt$ = fromEvent(process, "SIGINT").pipe(
      take(1),
      tap(() => (interrupted = true)),
    );

    const result = await lastValueFrom(
      fal
        .subscribe$(id, {
          input,
          logs: values.logs === true,
          mode: values.mode as "polling" | "streaming" | undefined,
          ...(pollInterval !== undefined ? { pollInterval } : {}),
          ...(timeout !== undefined ? { timeout } : {}),
          // The CLI cancels by itself (Ctrl-C, --timeout) so it can wait for the server's answer
          // and report it before exiting; a fire-and-forget cancel could die with the process.
          cancelOnUnsubscribe: false,
          onEnqueue: (id) => (requestId = id),
        })
        .pipe(
          tap((event) => {
            if (event.type !== "status") return;
            last = event.status;
            render();
          }),
          takeUntil(interrupt$),
        ),
      { defaultValue: undefined },
    )
      .catch(async (error: unknown) => {
        stopLine();
        if (error instanceof FalTimeoutError && requestId) await cancel(fal, id, requestId);
        throw error;
      })
      .finally(stopLine);

    if (interrupted || !result || result.type !== "result") {
      if (requestId) await cancel(fal, id, requestId);
      else process.stderr.write("interrupted before the queue answered: nothing to cancel\n");
      return EXIT.interrupted;
    }
    process.stderr.write(`request id: ${result.requestId}\n`);
    printJson(result.data);
    return EXIT.ok;
  },
});

/** Cancels the job and says how the server answered (a cancel that fails is reported, not thrown). */
async function cancel(fal: FalClient, id: string, requestId: string): Promise<void> {
  try {
    const answer = await lastValueFrom(fal.queue.cancel$(id, { requestId }));
    process.stderr.write(`cancelled request ${requestId} (${answer.status})\n`);
  } catch (error) {
    process.stderr.write(`could not cancel request ${requestId}: ${(error as Error).message}\n`);
  }
}
