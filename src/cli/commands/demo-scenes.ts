import { catchError, concat, EMPTY, filter, finalize, ignoreElements, map, of, switchMap, tap, timer, type Observable } from "rxjs";
import type { Emulator } from "../../emulator/index.js";
import { FalTimeoutError, ValidationError, type FalClient } from "../../index.js";
import { describeStatus, statusLine } from "../render.js";

/** Endpoints and inputs per target: the embedded emulator, or fal.ai itself (`--live`). */
export interface DemoTarget {
  /** The emulator, when the demo runs on it (fault knobs and server-side checks need it). */
  emulator: Emulator | undefined;
  echo: string;
  /** A queued job that takes a second or two and logs. */
  slow: { id: string; input: (tag: string) => Record<string, unknown> };
  /** A job that takes longer than the timeout scene waits. */
  slower: { id: string; input: Record<string, unknown> };
  llm: { id: string; input: Record<string, unknown> };
}

export function emulatorTarget(emulator: Emulator): DemoTarget {
  return {
    emulator,
    echo: "fal-ai/echo",
    slow: { id: "fal-ai/slow", input: (tag) => ({ prompt: tag, duration_ms: 1600, steps: 4 }) },
    slower: { id: "fal-ai/slow", input: { duration_ms: 5000, prompt: "timeout" } },
    llm: { id: "fal-ai/streamer", input: { prompt: "What is an Observable?", delay_ms: 35 } },
  };
}

/** Real fal endpoints for `--live` (documented, not tested here: it needs a key and the network). */
export const LIVE_TARGET: DemoTarget = {
  emulator: undefined,
  echo: "fal-ai/fast-sdxl",
  slow: { id: "fal-ai/flux/schnell", input: (tag) => ({ prompt: tag }) },
  slower: { id: "fal-ai/flux/dev", input: { prompt: "a very detailed city at night", num_inference_steps: 50 } },
  llm: { id: "fal-ai/any-llm", input: { model: "google/gemini-flash-1.5", prompt: "What is an Observable? Two sentences." } },
};

/** One part of the demo: what it shows, the code it runs, and the run itself. */
export interface Scene {
  title: string;
  code: string;
  /** Needs the emulator's fault knobs; skipped with `--live`. */
  emulatorOnly?: boolean;
  run(fal: FalClient, target: DemoTarget, print: (line: string) => void): Observable<unknown>;
}

const short = (id: string) => `${id.slice(0, 8)}…`;
const promptOf = (input: unknown) => (input as { prompt?: string } | undefined)?.prompt;

export const SCENES: Scene[] = [
  {
    title: "run$: one call, one result",
    code: `fal.run$("fal-ai/echo", { input: { prompt: "a cat in a spacesuit" } })
  .subscribe(({ data, requestId }) => console.log(data, requestId));`,
    run: (fal, target, print) =>
      fal.run$(target.echo, { input: { prompt: "a cat in a spacesuit" } }).pipe(
        tap(({ data, requestId }) => print(`result ${JSON.stringify(data).slice(0, 160)}  (request ${short(requestId)})`)),
      ),
  },
  {
    title: "retries: two 503s with Retry-After, then the answer",
    code: `// the emulator fails the next two calls with 503 + Retry-After: 0
fal.run$("fal-ai/echo", { input: { attempt: "survives" } }).subscribe(...)`,
    emulatorOnly: true,
    run: (fal, { emulator }, print) => {
      emulator!.fail({ type: "unavailable", times: 2, retryAfter: 0, endpoint: "fal-ai/echo" });
      const before = emulator!.requests.length;
      return fal.run$("fal-ai/echo", { input: { attempt: "survives" } }).pipe(
        tap(({ data }) => print(`result ${JSON.stringify(data)} after ${emulator!.requests.length - before} HTTP attempts`)),
      );
    },
  },
  {
    title: "subscribe$: the queue, every status change as an event",
    code: `fal.subscribe$("fal-ai/slow", { input: { duration_ms: 1600, steps: 4 }, logs: true })
  .subscribe((event) => event.type === "status" ? render(event.status) : show(event.data));`,
    run: (fal, target, print) => {
      const line = statusLine(process.stdout);
      const started = performance.now();
      // The demo emulator runs one job per endpoint at a time: two jobs submitted first hold the
      // runner and the queue, so ours visibly moves up (position 1, then 0) before it runs.
      const blocker = () => fal.queue.submit$(target.slow.id, { input: { duration_ms: 400, steps: 1 } });
      const blocker$ = target.emulator ? concat(blocker(), blocker()) : EMPTY;
      const ours$ = fal.subscribe$(target.slow.id, { input: target.slow.input("a lighthouse at dawn"), logs: true, pollInterval: 100 }).pipe(
        tap((event) => {
          if (event.type === "status") return line.update(`  ${describeStatus(event.status, performance.now() - started)}`);
          line.done();
          print(`result ${JSON.stringify(event.data).slice(0, 160)}  (request ${short(event.requestId)})`);
        }),
        finalize(() => line.done()),
      );
      return concat(blocker$.pipe(ignoreElements()), ours$);
    },
  },
  {
    title: "stream$: an LLM-like answer, token by token",
    code: `fal.stream$("fal-ai/streamer", { input: { prompt: "What is an Observable?" } })
  .pipe(partials())
  .subscribe((partial) => process.stdout.write(partial.delta));`,
    run: (fal, target, print) => {
      let shown = "";
      process.stdout.write("  ");
      return fal.stream$<unknown, { delta?: string; text?: string; output?: string }>(target.llm.id, { input: target.llm.input }).pipe(
        tap((event) => {
          if (event.type === "result") return process.stdout.write("\n");
          // The emulator sends deltas; fal's LLM apps send the text so far.
          const sofar = event.data.text ?? event.data.output;
          const next = event.data.delta ?? (sofar?.startsWith(shown) ? sofar.slice(shown.length) : "");
          shown += next;
          process.stdout.write(next);
        }),
        filter((event) => event.type === "result"),
        tap(() => print("(stream complete)")),
      );
    },
  },
  {
    title: "switchMap: a new prompt replaces the old job, which is cancelled on the server",
    code: `prompts$.pipe(switchMap((prompt) => fal.subscribe$("fal-ai/slow", { input: { prompt } })))
// "a red fox" is submitted, then "a blue whale" arrives 400 ms later`,
    run: (fal, target, print) => {
      const prompts$ = concat(of("a red fox"), timer(400).pipe(map(() => "a blue whale")));
      return prompts$.pipe(
        tap((prompt) => print(`prompt: "${prompt}"`)),
        switchMap((prompt) =>
          fal.subscribe$(target.slow.id, { input: target.slow.input(prompt), pollInterval: 100 }).pipe(
            filter((event) => event.type === "result"),
            map(() => prompt),
          ),
        ),
        tap((prompt) => {
          print(`result for "${prompt}"`);
          for (const job of target.emulator?.jobs().filter((j) => /red fox|blue whale/.test(promptOf(j.input) ?? "")) ?? []) {
            print(`server: "${promptOf(job.input)}" -> ${job.cancelled ? "cancelled" : job.status}`);
          }
        }),
      );
    },
  },
  {
    title: "timeout + catchError: give up after 300 ms, the job is cancelled",
    code: `fal.subscribe$("fal-ai/slow", { input: { duration_ms: 5000 }, timeout: 300 }).pipe(
  catchError((e) => e instanceof FalTimeoutError ? of("took too long") : throwError(() => e)))`,
    run: (fal, target, print) =>
      fal.subscribe$(target.slower.id, { input: target.slower.input, timeout: 300, pollInterval: 100 }).pipe(
        catchError((error: unknown) => {
          if (!(error instanceof FalTimeoutError)) throw error;
          print(`FalTimeoutError: ${error.message}`);
          if (!target.emulator) return EMPTY;
          // The cancel is fire-and-forget: give it a moment to reach the server before looking.
          return timer(100).pipe(
            tap(() => {
              const job = target.emulator!.jobs().find((j) => promptOf(j.input) === "timeout");
              print(`server: job ${job ? short(job.requestId) : "?"} ${job?.cancelled ? "cancelled" : "not cancelled"}`);
            }),
          );
        }),
      ),
  },
  {
    title: "errors: a 422 becomes a typed ValidationError",
    code: `fal.run$("fal-ai/echo", { input: {} }).pipe(
  catchError((e) => e instanceof ValidationError ? of(e.getFieldErrors("prompt")) : throwError(() => e)))`,
    emulatorOnly: true,
    run: (fal, { emulator }, print) => {
      emulator!.fail({ type: "validation", endpoint: "fal-ai/echo" });
      return fal.run$("fal-ai/echo", { input: {} }).pipe(
        catchError((error: unknown) => {
          if (!(error instanceof ValidationError)) throw error;
          print(`ValidationError: ${error.message}`);
          print(`getFieldErrors("prompt") -> ${JSON.stringify(error.getFieldErrors("prompt"))}`);
          return of(undefined);
        }),
      );
    },
  },
];
