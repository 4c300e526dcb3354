import { lastValueFrom, tap } from "rxjs";
import { clientsFor } from "./clients";
import { startEmulatorProcess } from "./emulator-process";
import { compare, now, percentile, roundsFor, sizeFor, type Contender, type Options, type Row } from "./harness";

interface Partial {
  index?: number;
  sent_at?: number;
}


/** Bulk streams per measured round. */
const BULK_STREAMS = 5;

/**
 * stream$: throughput of streams of small events (five back to back per round), and per-event lag (receive time minus the
 * server's send time, both on the machine's clock) with events 5 ms apart.
 */
export async function streamBench(options: Options): Promise<Row[]> {
  const emulator = await startEmulatorProcess();
  try {
    const events = sizeFor(options, { smoke: 20, quick: 500, full: 2000 });
    const lagEvents = sizeFor(options, { smoke: 5, quick: 50, full: 200 });
    const { falRx, official } = clientsFor(emulator.baseUrls);

    // Each returns the partials received, with the receive time of each.
    const clients: Record<string, (input: object) => Promise<{ partial: Partial; at: number }[]>> = {
      "fal-rx": async (input) => {
        const received: { partial: Partial; at: number }[] = [];
        await lastValueFrom(
          falRx.stream$<unknown, Partial>("fal-ai/streamer", { input }).pipe(
            tap((event) => event.type === "partial" && received.push({ partial: event.data, at: now() })),
          ),
        );
        return received;
      },
      official: async (input) => {
        const received: { partial: Partial; at: number }[] = [];
        const stream = await official.stream("fal-ai/streamer", { input });
        // on("data") is the official client's fastest path (its for-await lags far behind).
        stream.on("data", (partial: Partial) => received.push({ partial, at: now() }));
        await stream.done();
        return received;
      },
    };

    const contenders: Contender[] = Object.entries(clients).map(([name, call]) => ({
      name,
      async run() {
        // Several streams back to back: one stream of small events lasts only milliseconds.
        const start = performance.now();
        for (let i = 0; i < BULK_STREAMS; i++) {
          const bulk = await call({ events, cumulative: false, delay_ms: 0 });
          if (bulk.length < events) throw new Error(`${name} lost events: ${bulk.length} of ${events}`);
        }
        const seconds = (performance.now() - start) / 1000;
        const paced = await call({ events: lagEvents, cumulative: false, delay_ms: 5, timestamps: true });
        const lags = paced.filter((r) => r.partial.sent_at !== undefined).map((r) => r.at - r.partial.sent_at!);
        if (lags.length < lagEvents) throw new Error(`${name} lost paced events: ${lags.length} of ${lagEvents}`);
        return { throughput: (BULK_STREAMS * events) / seconds, lagP50: percentile(lags, 50), lagP99: percentile(lags, 99) };
      },
    }));
    // Three warm-up rounds: both clients' per-event code is compiled before anything is timed.
    const m = await compare(contenders, roundsFor(options), options.smoke ? 1 : 3);
    return [
      { bench: "stream$", metric: `throughput, ${BULK_STREAMS} streams of ${events} events`, unit: "events/s", falRx: m["fal-rx"]!.throughput!, official: m.official!.throughput, target: "≥ 10×", higherIsBetter: true },
      { bench: "stream$", metric: "delivery lag p50 (5 ms spacing)", unit: "ms", falRx: m["fal-rx"]!.lagP50!, official: m.official!.lagP50 },
      { bench: "stream$", metric: "delivery lag p99 (5 ms spacing)", unit: "ms", falRx: m["fal-rx"]!.lagP99!, official: m.official!.lagP99, target: "≤ official" },
    ];
  } finally {
    await emulator.close();
  }
}
