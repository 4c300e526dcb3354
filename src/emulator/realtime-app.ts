import type { JobContext } from "./jobs.js";

/** What a realtime handler gets besides its input: a job context per input, plus `message()`. */
export interface RealtimeContext extends JobContext {
  /** Sends an informational `{type: "x-fal-message", ...data}` frame (not a result). */
  message(data: Record<string, unknown>): void;
}

/** A realtime handler throws this to answer with `{type: "x-fal-error", error, reason}`. */
export class RealtimeAppFailure extends Error {
  constructor(
    readonly error: string,
    readonly reason: string,
  ) {
    super(`${error}: ${reason}`);
  }
}

/**
 * Input of the built-in `fal-ai/realtime-echo`. Any other field is echoed back.
 */
export interface RealtimeEchoInput {
  /** Echoed as the result's `request_id` (one is made up when absent). */
  request_id?: string;
  /** ms before the answer. @default 10 */
  delay_ms?: number;
  /** Sends `{type: "x-fal-message", message}` before the answer. @default none */
  message?: string;
  /** Answers `{type: "x-fal-error", error: "INVALID_INPUT", reason: fail}` instead of a result. @default none */
  fail?: string;
}

/**
 * `fal-ai/realtime-echo`: answers each input, after `delay_ms`, with the input itself (so a
 * result carries its input's `request_id`). Also served as a plain run (`run` returns the input).
 */
export const realtimeEcho = {
  run: (input: unknown) => input ?? {},
  async realtime(input: RealtimeEchoInput | undefined, ctx: RealtimeContext): Promise<unknown> {
    if (typeof input?.message === "string") ctx.message({ message: input.message });
    const delay = Math.max(0, Number(input?.delay_ms ?? 10));
    if (delay > 0) await ctx.sleep(delay);
    if (typeof input?.fail === "string") throw new RealtimeAppFailure("INVALID_INPUT", input.fail);
    return input ?? {};
  },
};
