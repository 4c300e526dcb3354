/**
 * One contender of stream.bench.ts in a process of its own (worker-contender.ts). Each round:
 * for each `[events, streams]` of BULK, `streams` streams of `events` events back to back
 * (throughput). Task "lag": one stream of LAG_EVENTS events `SPACING_MS` apart, whose per-event
 * lags (receive time minus the server's send time) go back as `extra`.
 * Env: CLIENT (a key of streamCalls()), BASE_URLS, BULK (JSON), LAG_EVENTS, SPACING_MS.
 */
import type { BaseUrls } from "fal-rx";
import { streamCalls } from "./stream-calls";
import { serveRounds } from "./worker-contender";

const name = process.env.CLIENT!;
const call = streamCalls(JSON.parse(process.env.BASE_URLS!) as BaseUrls)[name]!;
const bulk = JSON.parse(process.env.BULK!) as [number, number][];
const lagEvents = Number(process.env.LAG_EVENTS);
const spacing = Number(process.env.SPACING_MS);
// The bare read parses nothing, so it cannot count what it got.
const counts = name !== "bare read";

serveRounds(async ({ task }) => {
  if (task === "lag") {
    const paced = await call({ events: lagEvents, cumulative: false, delay_ms: spacing, timestamps: true });
    const lags = paced.filter((r) => r.partial.sent_at !== undefined).map((r) => r.at - r.partial.sent_at!);
    if (lags.length < lagEvents) throw new Error(`${name} lost paced events: ${lags.length} of ${lagEvents}`);
    return { extra: lags };
  }
  const samples: Record<string, number> = {};
  for (const [events, streams] of bulk) {
    const start = performance.now();
    for (let i = 0; i < streams; i++) {
      const got = await call({ events, cumulative: false, delay_ms: 0 });
      if (counts && got.length < events) throw new Error(`${name} lost events: ${got.length} of ${events}`);
    }
    samples[`throughput ${events}`] = (streams * events) / ((performance.now() - start) / 1000);
  }
  return { samples };
});
