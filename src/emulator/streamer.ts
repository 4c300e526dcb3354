import type { JobContext } from "./jobs.js";
import { knob, MAX_KNOB_MS } from "./knobs.js";
import { SseCut, SseFrame } from "./stream-frames.js";

/**
 * Input of the built-in `fal-ai/streamer`: an LLM-like answer streamed token by token, plus fault
 * knobs that change what goes on the wire. Positions (`*_after`) count partials already sent.
 */
export interface StreamerInput {
  /** Echoed in the answer. */
  prompt?: string;
  /** The answer to stream, split into word tokens. @default a sentence with multi-byte characters */
  text?: string;
  /** Number of token events (the text's words, cycled); the final result comes after them. @default one per word */
  events?: number;
  /** ms between events. @default 20 */
  delay_ms?: number;
  /** Partials carry the text so far (`text`) besides `delta`. @default true */
  cumulative?: boolean;
  /** Partials carry `sent_at`: epoch ms (fractional) when the server wrote them. @default false */
  timestamps?: boolean;
  /** Each event is written in pieces, ~1 ms apart: mid-field, inside a multi-byte character, between the line endings. @default false */
  split?: boolean;
  /** @default "lf" */
  line_ending?: "lf" | "crlf" | "cr";
  /** A `: keep-alive` comment every that many ms while waiting (between events, during a stall). @default off */
  keep_alive_ms?: number;
  /** An error instead of the next event, then the end. @default off */
  error_after?: number;
  /** `"event"`: `event: error` + `data: {error}`; `"data"`: a plain data event carrying `{error}`. @default "event" */
  error_as?: "event" | "data";
  /** A data event that is not JSON, then the stream goes on. @default off */
  non_json_after?: number;
  /** Half of the next event, then the connection is cut. @default off */
  cut_after?: number;
  /** `"reset"`: the socket is destroyed; `"end"`: the body ends cleanly, mid-event. @default "reset" */
  cut_as?: "reset" | "end";
  /** Silence (keep-alives aside) before the next event. @default off */
  stall_after?: number;
  /** How long the stall lasts; it ends early when the client leaves. @default 600000 */
  stall_ms?: number;
  /** A 200 event stream with a comment and no data event at all. @default false */
  no_data?: boolean;
}

const DEFAULT_ANSWER =
  "Ça marche: Observables are lazy push collections — déjà vu for café regulars, 流れ 🚀. A fal job becomes one stream of events.";

const EOL = { lf: "\n", crlf: "\r\n", cr: "\r" } as const;

/**
 * `fal-ai/streamer`: `run` answers the final event, `stream` sends the events with the knobs
 * applied. (An `EndpointDefinition`, typed structurally: endpoints.ts registers it.)
 */
export const streamer = {
  async run(input: StreamerInput | undefined, ctx: JobContext): Promise<unknown> {
    const knobs = checked(input ?? {});
    let last: unknown;
    for (const event of answer(knobs)) {
      await pause(delayOf(knobs), ctx);
      last = event;
    }
    return last;
  },
  stream: (input: StreamerInput | undefined, ctx: JobContext): AsyncIterable<unknown> => frames(input ?? {}, ctx),
};

/** The knobs, range-checked (a 422 naming the first one out of range): no wait beyond an hour, no endless stream. */
function checked(knobs: StreamerInput): StreamerInput {
  for (const field of ["delay_ms", "stall_ms"] as const) if (knobs[field] !== undefined) knob(knobs[field], field, 0, MAX_KNOB_MS);
  if (knobs.keep_alive_ms !== undefined) knob(knobs.keep_alive_ms, "keep_alive_ms", 1, MAX_KNOB_MS);
  if (knobs.events !== undefined) knob(knobs.events, "events", 0, 1_000_000);
  return knobs;
}

/** The logical events: one per token, then the final `{text, done: true}`. */
function* answer(knobs: StreamerInput): Generator<Record<string, unknown>> {
  const text = knobs.text ?? (knobs.prompt ? `You asked: “${knobs.prompt}” ${DEFAULT_ANSWER}` : DEFAULT_ANSWER);
  const words = text.match(/\S+\s*/g) ?? [];
  const count = knobs.events ?? words.length;
  let sofar = "";
  for (let index = 0; index < count && words.length > 0; index++) {
    const delta = words[index % words.length]!;
    sofar += delta;
    const event: Record<string, unknown> = knobs.cumulative === false ? { index, delta } : { index, delta, text: sofar };
    yield event;
  }
  yield { text: sofar, done: true };
}

async function* frames(input: StreamerInput, ctx: JobContext): AsyncGenerator<unknown> {
  const knobs = checked(input);
  const eol = EOL[knobs.line_ending ?? "lf"] ?? "\n";
  if (knobs.no_data) {
    yield new SseFrame(`: no data today${eol}${eol}`);
    return;
  }
  let sent = 0;
  // Events of a burst (no delay, no keep-alives, no knob due) are written BURST at a time, the way
  // a fast model's tokens share TCP segments: one write each would make this loop, not the
  // client, the limit of how fast a stream can be read.
  let burst: string[] = [];
  const flush = () => {
    const frame = new SseFrame(burst.join(""));
    burst = [];
    return frame;
  };
  for (const event of answer(knobs)) {
    if (bursting(knobs, sent)) {
      burst.push(`data: ${JSON.stringify(event)}${eol}${eol}`);
      sent++;
      if (burst.length === BURST) yield flush();
      continue;
    }
    if (burst.length > 0) yield flush();
    yield* wait(delayOf(knobs), knobs, eol, ctx);
    if (sent === knobs.stall_after) yield* wait(knobs.stall_ms ?? 600_000, knobs, eol, ctx);
    if (sent === knobs.error_after) {
      const error = { error: { message: "The model failed mid-stream", type: "runner_server_error" } };
      yield new SseFrame(`${knobs.error_as === "data" ? "" : `event: error${eol}`}data: ${JSON.stringify(error)}${eol}${eol}`);
      return;
    }
    if (sent === knobs.non_json_after) yield new SseFrame(`data: this is not JSON {oops${eol}${eol}`);
    // Stamped as it is written, after any wait.
    if (knobs.timestamps && event.done === undefined) event.sent_at = performance.timeOrigin + performance.now();
    const bytes = Buffer.from(`data: ${JSON.stringify(event)}${eol}${eol}`);
    if (sent === knobs.cut_after) {
      yield new SseFrame(bytes.subarray(0, Math.floor(bytes.length / 2)));
      if (knobs.cut_as !== "end") yield new SseCut();
      return;
    }
    if (knobs.split) {
      for (const piece of awkwardPieces(bytes, eol)) {
        yield new SseFrame(piece);
        // Pieces written in the same tick may leave in one TCP segment: space them out.
        await ctx.sleep(1);
      }
    } else {
      yield new SseFrame(bytes);
    }
    sent++;
  }
  if (burst.length > 0) yield flush();
}

/** Events written together in a burst. */
const BURST = 64;

/** Can event number `sent` go out with the ones before it, without a wait or a fault in between? */
function bursting(knobs: StreamerInput, sent: number): boolean {
  if (delayOf(knobs) > 0 || knobs.keep_alive_ms || knobs.split || knobs.timestamps) return false;
  return ![knobs.stall_after, knobs.error_after, knobs.non_json_after, knobs.cut_after].includes(sent);
}

/**
 * An event's bytes cut where readers break: inside `data:`, inside the first multi-byte
 * character, between the two line endings and, for CRLF, between `\r` and `\n`.
 */
function awkwardPieces(bytes: Buffer, eol: string): Buffer[] {
  const cuts = new Set<number>([2, bytes.length - eol.length, bytes.length - 1]);
  const lead = bytes.findIndex((byte) => byte >= 0xc0); // first byte of a multi-byte character
  if (lead >= 0) cuts.add(lead + 1);
  const points = [...cuts].filter((cut) => cut > 0 && cut < bytes.length).sort((a, b) => a - b);
  return [0, ...points].map((from, i) => bytes.subarray(from, points[i] ?? bytes.length));
}

/** Waits `ms`, sending a keep-alive comment every `keep_alive_ms` meanwhile when asked. */
async function* wait(ms: number, knobs: StreamerInput, eol: string, ctx: JobContext): AsyncGenerator<SseFrame> {
  const every = knobs.keep_alive_ms;
  if (!every || every <= 0) {
    await pause(ms, ctx);
    return;
  }
  for (let left = ms; left > 0; left -= every) {
    await ctx.sleep(Math.min(every, left));
    if (left >= every) yield new SseFrame(`: keep-alive${eol}${eol}`);
  }
}

function delayOf(knobs: StreamerInput): number {
  return Math.max(0, Number(knobs.delay_ms ?? 20));
}

function pause(ms: number, ctx: JobContext): Promise<void> {
  return ms > 0 ? ctx.sleep(ms) : Promise.resolve();
}
