import { clientsFor } from "./clients";
import { countGlobalFetch } from "./counting-fetch";
import { startEmulatorProcess } from "./emulator-process";
import { compare, now, percentile, roundsFor, sizeFor, type Contender, type Options, type Row } from "./harness";
import { SUBSCRIBE_FORMS } from "./subscribe-forms";

type Mode = "polling" | "streaming";

interface Timed {
  id: number;
  completed_at: number;
}

/** How fal-rx's result is awaited here: unsubscribing on the result, as `firstValueFrom` users do. */
const FORM = "firstValueFrom(filter(result))";

/**
 * subscribe$ completion latency: from the moment a job completes on the emulator (`completed_at`,
 * bench/timed) to the moment the client hands over its result, both on the machine's clock; in
 * polling mode (default interval) and streaming mode. Plus HTTP requests per job, counted on the
 * global fetch both clients send through. fal-rx's result is awaited with
 * `firstValueFrom(subscribe$(...).pipe(filter(isResult)))`, the official client's with `await subscribe(...)`.
 *
 * Each round submits `jobs` jobs at once whose durations are spread evenly over one poll interval
 * (200 to 700 ms), so in polling mode completions land at every phase of the poll cycle, the same
 * phases for both clients. With `--smoke`, 0 to 50 ms and no warm-up round: it times nothing.
 */
export async function subscribeBench(options: Options): Promise<Row[]> {
  const emulator = await startEmulatorProcess();
  const counter = countGlobalFetch();
  try {
    const jobs = sizeFor(options, { smoke: 3, quick: 10, full: 20 });
    const [shortest, spread] = sizeFor(options, { smoke: [0, 50], quick: [200, 500], full: [200, 500] });
    const { falRx, official } = clientsFor(emulator.baseUrls);

    // Each resolves with the job's answer and the time the client delivered it.
    const clients: Record<string, (input: object, mode: Mode) => Promise<{ data: Timed; at: number }>> = {
      "fal-rx": async (input, mode) => {
        const event = await SUBSCRIBE_FORMS[FORM](falRx.subscribe$<Timed>("bench/timed", { input, mode }));
        return { data: event.data, at: now() };
      },
      official: async (input, mode) => {
        const result = await official.subscribe("bench/timed", { input, mode });
        return { data: result.data as Timed, at: now() };
      },
    };

    const batch = async (name: string, mode: Mode) => {
      counter.reset();
      const answers = await Promise.all(
        Array.from({ length: jobs }, (_, id) => clients[name]!({ id, duration_ms: shortest + Math.round((spread * id) / jobs) }, mode)),
      );
      answers.forEach(({ data }, id) => {
        if (data.id !== id) throw new Error(`${name} (${mode}) got job ${data.id}'s result for job ${id}`);
      });
      const latencies = answers.map(({ data, at }) => at - data.completed_at);
      return { p50: percentile(latencies, 50), p90: percentile(latencies, 90), requestsPerJob: counter.total() / jobs };
    };

    const contenders: Contender[] = Object.keys(clients).map((name) => ({
      name,
      async run() {
        const polling = await batch(name, "polling");
        const streaming = await batch(name, "streaming");
        return {
          pollP50: polling.p50,
          pollP90: polling.p90,
          pollRequests: polling.requestsPerJob,
          streamP50: streaming.p50,
          streamP90: streaming.p90,
          streamRequests: streaming.requestsPerJob,
        };
      },
    }));
    const m = await compare(contenders, roundsFor(options), options.smoke ? 0 : 1);
    const [x, o] = [m["fal-rx"]!, m.official!];
    const bench = "subscribe$ completion";
    return [
      { bench, metric: "latency p50, streaming", unit: "ms", falRx: x.streamP50!, official: o.streamP50, target: "≤ 1.2×" },
      { bench, metric: "latency p90, streaming", unit: "ms", falRx: x.streamP90!, official: o.streamP90 },
      { bench, metric: "latency p50, polling (500 ms)", unit: "ms", falRx: x.pollP50!, official: o.pollP50, target: "≤ 1.0×" },
      { bench, metric: "latency p90, polling (500 ms)", unit: "ms", falRx: x.pollP90!, official: o.pollP90, target: "≤ 1.0×" },
      { bench, metric: "HTTP requests per job, streaming", unit: "", falRx: x.streamRequests!, official: o.streamRequests, target: "≤ 1.0×" },
      { bench, metric: "HTTP requests per job, polling", unit: "", falRx: x.pollRequests!, official: o.pollRequests, target: "≤ 1.0×" },
    ];
  } finally {
    counter.restore();
    await emulator.close();
  }
}
