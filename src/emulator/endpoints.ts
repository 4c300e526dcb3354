import { formatEndpointId, parseEndpointId } from "../wire/endpoint-id.js";
import { EndpointError } from "./endpoint-error.js";
import { pathSegments } from "./http.js";
import type { JobContext } from "./jobs.js";
import { knob, MAX_KNOB_MS } from "./knobs.js";
import { realtimeEcho, type RealtimeContext } from "./realtime-app.js";
import { streamer } from "./streamer.js";

export { EndpointError };

/**
 * A model: input -> output; `stream` (optional) yields partials, the last one being the result, and
 * may yield `SseFrame`s (raw bytes) and an `SseCut` (stream-frames.ts) to shape the wire.
 */
export interface EndpointDefinition {
  run(input: any, context: JobContext): unknown | Promise<unknown>;
  stream?(input: any, context: JobContext): AsyncIterable<unknown>;
  /** The app's WebSocket route (`{run}/{id}/realtime`): answers one input; the value is the result frame. */
  realtime?(input: any, context: RealtimeContext): unknown | Promise<unknown>;
}

export type EndpointHandler = EndpointDefinition | EndpointDefinition["run"];


/** Returned by a handler to answer with a non-JSON body (text, image bytes) or extra headers. */
export class EndpointResponse {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

/** The endpoints an emulator serves, by canonical id (`owner/alias[/path]`). */
export class EndpointRegistry {
  private readonly endpoints = new Map<string, EndpointDefinition>();

  register(id: string, handler: EndpointHandler): void {
    const parsed = parseEndpointId(id);
    if (!parsed) throw new Error(`emulator: cannot register ${JSON.stringify(id)}: not an endpoint id`);
    this.endpoints.set(formatEndpointId(parsed), typeof handler === "function" ? { run: handler } : handler);
  }

  /**
   * Finds the endpoint a URL path (without host prefix) names: the longest registered id that is
   * a prefix of it. The rest is the sub-path (`/stream`, or an app route).
   */
  resolve(path: string): { id: string; endpoint: EndpointDefinition; rest: string } | undefined {
    const segments = pathSegments(path);
    const parsed = parseEndpointId(segments.join("/"));
    const canonical = parsed ? formatEndpointId(parsed).split("/") : segments;
    for (let length = canonical.length; length >= 2; length--) {
      const id = canonical.slice(0, length).join("/");
      const endpoint = this.endpoints.get(id);
      if (endpoint) return { id, endpoint, rest: canonical.length > length ? `/${canonical.slice(length).join("/")}` : "" };
    }
    return undefined;
  }
}

/** The built-in endpoints every emulator starts with. */
export function registerBuiltIns(registry: EndpointRegistry): void {
  // Returns its input unchanged: the simplest round trip.
  registry.register("fal-ai/echo", (input: unknown) => input ?? {});

  // A job that takes a while and logs its progress: `{duration_ms = 1000, steps = 4}`.
  // Knobs out of range are a 422 naming the field, as a model's input validation answers.
  registry.register("fal-ai/slow", async (input: { duration_ms?: number; steps?: number } | undefined, ctx) => {
    const duration = knob(input?.duration_ms ?? 1000, "duration_ms", 0, MAX_KNOB_MS);
    const steps = Math.floor(knob(input?.steps ?? 4, "steps", 1, 10_000));
    for (let step = 1; step <= steps; step++) {
      await ctx.sleep(duration / steps);
      ctx.log(`step ${step}/${steps}`);
    }
    return { steps, duration_ms: duration };
  });

  // An LLM-like text streamer with wire fault knobs (streamer.ts; docs/emulator.md).
  registry.register("fal-ai/streamer", streamer);

  // A realtime app: answers each WebSocket input with itself after a delay (realtime-app.ts).
  registry.register("fal-ai/realtime-echo", realtimeEcho);
}

