import { firstValueFrom, tap } from "rxjs";
import { result, type BaseUrls } from "fal-rx";
import { clientsFor } from "./clients";
import { BENCH_KEY } from "./emulator-process";
import { now } from "./harness";

export interface Partial {
  index?: number;
  sent_at?: number;
}

/** A partial and the time the client delivered it. */
export interface Received {
  partial: Partial;
  at: number;
}

/** One stream read to its end; resolves with the partials delivered (none for the bare read). */
export type StreamCall = (input: object) => Promise<Received[]>;

/**
 * One `fal-ai/streamer` stream per contender of stream.bench.ts. fal-rx as users read a stream
 * and its result: partials in a `tap`, the result awaited with
 * `firstValueFrom(stream$(...).pipe(..., result()))`, which unsubscribes on the result. The
 * official client with its fastest path, `on("data")` then `await stream.done()` (its documented
 * `for await` delivers later). The floor, "bare read": the same request, the body read to its end,
 * nothing parsed.
 */
export function streamCalls(baseUrls: BaseUrls): Record<string, StreamCall> {
  const { falRx, official } = clientsFor(baseUrls);
  const url = `${baseUrls.run}/fal-ai/streamer/stream`;
  return {
    "fal-rx": async (input) => {
      const received: Received[] = [];
      await firstValueFrom(
        falRx.stream$<unknown, Partial>("fal-ai/streamer", { input }).pipe(
          tap((event) => event.type === "partial" && received.push({ partial: event.data, at: now() })),
          result(),
        ),
      );
      return received;
    },
    official: async (input) => {
      const received: Received[] = [];
      const stream = await official.stream("fal-ai/streamer", { input });
      stream.on("data", (partial: Partial) => received.push({ partial, at: now() }));
      await stream.done();
      return received;
    },
    "bare read": async (input) => {
      const headers = { authorization: `Key ${BENCH_KEY}`, "content-type": "application/json", accept: "text/event-stream" };
      const response = await fetch(url, { method: "POST", headers, body: JSON.stringify(input) });
      if (!response.ok || !response.headers.get("content-type")?.startsWith("text/event-stream")) throw new Error(`bare read: ${response.status}`);
      const reader = response.body!.getReader();
      while (!(await reader.read()).done);
      return [];
    },
  };
}
