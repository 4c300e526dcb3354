import { firstValueFrom, tap } from "rxjs";
import { result } from "fal-rx";
import { clientsFor } from "./clients";
import { countAborts } from "./counting-fetch";
import { BENCH_KEY, startEmulatorProcess } from "./emulator-process";
import { compare, now, percentile, roundsFor, sizeFor, type Contender, type Options, type Row } from "./harness";

interface Partial {
  index?: number;
  sent_at?: number;
}

interface Received {
  partial: Partial;
  at: number;
}

type StreamCall = (input: object) => Promise<Received[]>;

/** ms between the paced events of the lag rows. */
const SPACING_MS = 5;

/**
 * stream$: throughput of streams of small events at two lengths (several streams back to back per
 * round: one stream of 2,000 events lasts milliseconds), and per-event delivery lag (receive time
 * minus the server's send time, both on the machine's clock) with events {@link SPACING_MS} ms
 * apart, pooled over the measured rounds (a p99 needs more than one stream's events).
 *
 * fal-rx is called as users read a stream and its result: partials in a `tap`, the result awaited
 * with `firstValueFrom(stream$(...).pipe(..., result()))`, which unsubscribes on the result. The
 * official client with its fastest path, `on("data")` then `await stream.done()` (its documented
 * `for await` delivers later). The floor is a bare fetch that reads the same body and parses nothing
 * (throughput rows only).
 */
export async function streamBench(options: Options): Promise<Row[]> {
  const emulator = await startEmulatorProcess();
  try {
    // Events per stream -> streams per round.
    const bulk: [number, number][] = sizeFor(options, {
      smoke: [[20, 1]],
      quick: [[2000, 3], [20_000, 1]],
      full: [[2000, 5], [20_000, 2]],
    });
    const lagEvents = sizeFor(options, { smoke: 5, quick: 100, full: 300 });
    const { falRx, official } = clientsFor(emulator.baseUrls);

    const clients: Record<string, StreamCall> = {
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
    };

    // The floor: the same request, the body read to its end, nothing parsed.
    const url = `${emulator.baseUrls.run}/fal-ai/streamer/stream`;
    const bareRead = async (input: object) => {
      const headers = { authorization: `Key ${BENCH_KEY}`, "content-type": "application/json", accept: "text/event-stream" };
      const response = await fetch(url, { method: "POST", headers, body: JSON.stringify(input) });
      if (!response.ok || !response.headers.get("content-type")?.startsWith("text/event-stream")) throw new Error(`bare read: ${response.status}`);
      const reader = response.body!.getReader();
      while (!(await reader.read()).done);
    };

    const throughput = async (name: string, read: (input: object) => Promise<unknown>, samples: Record<string, number>) => {
      for (const [events, streams] of bulk) {
        const start = performance.now();
        for (let i = 0; i < streams; i++) {
          const got = await read({ events, cumulative: false, delay_ms: 0 });
          if (Array.isArray(got) && got.length < events) throw new Error(`${name} lost events: ${got.length} of ${events}`);
        }
        samples[`throughput ${events}`] = (streams * events) / ((performance.now() - start) / 1000);
      }
    };
    const lags: Record<string, number[]> = {};
    const floor: Contender = {
      name: "bare read",
      async run() {
        const samples: Record<string, number> = {};
        await throughput("bare read", bareRead, samples);
        return samples;
      },
    };
    const contenders: Contender[] = Object.entries(clients).map(([name, call]) => ({
      name,
      async run({ warmup }) {
        const samples: Record<string, number> = {};
        await throughput(name, call, samples);
        const paced = await call({ events: lagEvents, cumulative: false, delay_ms: SPACING_MS, timestamps: true });
        const roundLags = paced.filter((r) => r.partial.sent_at !== undefined).map((r) => r.at - r.partial.sent_at!);
        if (roundLags.length < lagEvents) throw new Error(`${name} lost paced events: ${roundLags.length} of ${lagEvents}`);
        if (!warmup) (lags[name] ??= []).push(...roundLags);
        return samples;
      },
    }));
    // Three warm-up rounds: both clients' per-event code is compiled before anything is timed.
    const m = await compare([...contenders, floor], roundsFor(options), options.smoke ? 1 : 3);
    const aborts = await abortsPerStream(clients, bulk[0]![0]);
    const lag = (p: number) => (name: string) => percentile(lags[name]!, p);
    return [
      ...bulk.map(([events, streams]): Row => ({
        bench: "stream$",
        metric: `throughput, ${streams} stream${streams > 1 ? "s" : ""} of ${events} events`,
        unit: "events/s",
        falRx: m["fal-rx"]![`throughput ${events}`]!,
        official: m.official![`throughput ${events}`],
        baseline: { name: "bare read", value: m["bare read"]![`throughput ${events}`]! },
        target: "≥ 10×",
        higherIsBetter: true,
      })),
      { bench: "stream$", metric: `delivery lag p50 (${SPACING_MS} ms spacing, all rounds' events)`, unit: "ms", falRx: lag(50)("fal-rx"), official: lag(50)("official") },
      { bench: "stream$", metric: `delivery lag p99 (${SPACING_MS} ms spacing, all rounds' events)`, unit: "ms", falRx: lag(99)("fal-rx"), official: lag(99)("official"), target: "≤ 1.0×" },
      { bench: "stream$", metric: "AbortController.abort() per stream", unit: "", falRx: aborts["fal-rx"]!, official: aborts.official, target: "0" },
    ];
  } finally {
    await emulator.close();
  }
}

/** Aborts per stream, counted outside the timed rounds (the counter patches AbortController). */
async function abortsPerStream(clients: Record<string, StreamCall>, events: number): Promise<Record<string, number>> {
  const streams = 5;
  const aborts = countAborts();
  try {
    const perStream: Record<string, number> = {};
    for (const [name, call] of Object.entries(clients)) {
      aborts.reset();
      for (let i = 0; i < streams; i++) await call({ events, cumulative: false, delay_ms: 0 });
      perStream[name] = aborts.count() / streams;
    }
    return perStream;
  } finally {
    aborts.restore();
  }
}
