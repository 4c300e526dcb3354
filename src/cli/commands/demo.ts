import { catchError, lastValueFrom, of, tap, type Observable } from "rxjs";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { createFalClient, ValidationError, type FalClient } from "../../index.js";
import { parse } from "../args.js";
import type { Command } from "../command.js";
import { style } from "../render.js";

/** One part of the demo: what it shows, the code it runs, and the run itself. */
interface Scene {
  title: string;
  code: string;
  run(fal: FalClient, emulator: Emulator, print: (line: string) => void): Observable<unknown>;
}

const SCENES: Scene[] = [
  {
    title: "run$: one call, one result",
    code: `fal.run$("fal-ai/echo", { input: { prompt: "a cat in a spacesuit" } })
  .subscribe(({ data, requestId }) => console.log(data, requestId));`,
    run: (fal, _emulator, print) =>
      fal.run$("fal-ai/echo", { input: { prompt: "a cat in a spacesuit" } }).pipe(
        tap(({ data, requestId }) => print(`result ${JSON.stringify(data)}  (request ${requestId.slice(0, 8)}…)`)),
      ),
  },
  {
    title: "retries: two 503s with Retry-After, then the answer",
    code: `// the emulator fails the next two calls with 503 + Retry-After: 0
fal.run$("fal-ai/echo", { input: { attempt: "survives" } }).subscribe(...)`,
    run: (fal, emulator, print) => {
      emulator.fail({ type: "unavailable", times: 2, retryAfter: 0, endpoint: "fal-ai/echo" });
      const before = emulator.requests.length;
      return fal.run$("fal-ai/echo", { input: { attempt: "survives" } }).pipe(
        tap(({ data }) => print(`result ${JSON.stringify(data)} after ${emulator.requests.length - before} HTTP attempts`)),
      );
    },
  },
  {
    title: "errors: a 422 becomes a typed ValidationError",
    code: `fal.run$("fal-ai/echo", { input: {} }).pipe(
  catchError((e) => e instanceof ValidationError ? of(e.getFieldErrors("prompt")) : throwError(() => e)))`,
    run: (fal, emulator, print) => {
      emulator.fail({ type: "validation", endpoint: "fal-ai/echo" });
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

export const demoCommand: Command = {
  summary: "show what fal-rx does, against the embedded emulator",
  help: `Usage: fal-rx demo

Starts the embedded fal emulator (no key, no network needed) and runs each part of the demo,
printing the code it runs and what came back.
`,
  async run(argv) {
    const { values } = parse({ args: argv, options: { help: { type: "boolean", short: "h" } } });
    if (values.help) {
      process.stdout.write(this.help);
      return 0;
    }
    const emulator = await startEmulator({ key: "demo-key" });
    const fal = createFalClient({ baseUrls: emulator.baseUrls, credentials: "demo-key", retry: { baseDelay: 200 } });
    const print = (line: string) => process.stdout.write(`  ${line}\n`);
    try {
      process.stdout.write(style.bold(`fal-rx demo — embedded emulator at ${emulator.url}\n`));
      for (const [index, scene] of SCENES.entries()) {
        process.stdout.write(`\n${style.bold(`${index + 1}. ${scene.title}`)}\n`);
        process.stdout.write(`${style.dim(scene.code.replace(/^/gm, "   │ "))}\n`);
        await lastValueFrom(scene.run(fal, emulator, print), { defaultValue: undefined });
      }
      process.stdout.write(`\n${style.bold("Done.")} Every part above went over real HTTP to the emulator.\n`);
      return 0;
    } finally {
      await emulator.close();
    }
  },
};
