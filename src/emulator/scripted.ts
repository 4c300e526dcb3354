import type { EndpointDefinition } from "./endpoints.js";
import type { LogLine } from "./jobs.js";

/** A scripted log line: text, or text with a level and the ms into the run it is logged at. */
export type ScriptedLog = string | { message: string; level?: LogLine["level"]; atMs?: number };

/** How a scripted endpoint behaves. */
export interface Script {
  /** How long a run takes, in ms. @default 0 */
  durationMs?: number;
  /** Lines logged during the run, spread evenly over `durationMs` unless they say `atMs`. @default [] */
  logs?: readonly ScriptedLog[];
  /** The output, or a function of the input. @default the input */
  output?: unknown;
  /** Thrown at the end instead of returning: an `EndpointError(status, body)` fails with that answer. @default undefined */
  fail?: unknown;
}

/**
 * An endpoint with a fixed duration and log script, for queue tests and demos. Cancellable: a
 * cancel (or the caller leaving) ends it at once.
 *
 * @example
 * startEmulator({ endpoints: { "acme/render": scripted({ durationMs: 300, logs: ["loading", "sampling"], output: { ok: true } }) } });
 */
export function scripted(script: Script): EndpointDefinition {
  const duration = Math.max(0, script.durationMs ?? 0);
  const lines = (script.logs ?? []).map((line, i, all) => {
    const entry = typeof line === "string" ? { message: line } : line;
    return { ...entry, atMs: entry.atMs ?? Math.round(((i + 1) / (all.length + 1)) * duration) };
  });
  lines.sort((a, b) => a.atMs - b.atMs);
  return {
    async run(input, ctx) {
      let elapsed = 0;
      for (const line of lines) {
        if (line.atMs > elapsed) await ctx.sleep(line.atMs - elapsed);
        elapsed = Math.max(elapsed, line.atMs);
        ctx.log(line.message, line.level);
      }
      if (duration > elapsed) await ctx.sleep(duration - elapsed);
      if (script.fail !== undefined) throw script.fail;
      return typeof script.output === "function" ? (script.output as (input: unknown) => unknown)(input) : (script.output ?? input);
    },
  };
}
