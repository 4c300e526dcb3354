import { createFalClient, type BaseUrls, type FalClient } from "fal-rx";
import { BENCH_KEY } from "./emulator-process";
import { officialFor, rewritingFetch, type OfficialClient } from "./official";

/**
 * fal-rx and the official client, both pointed at the bench emulator at `baseUrls` with
 * {@link BENCH_KEY}, each configured as its users configure it: fal-rx with `baseUrls` and no
 * `fetch` (its default transport, rxjs's `fromFetch` over the global fetch), the official client,
 * which has no base-URL option, with {@link rewritingFetch} (a few string compares a request) over
 * the same global fetch. Count their requests with `countGlobalFetch()` (counting-fetch.ts).
 */
export function clientsFor(baseUrls: BaseUrls): { falRx: FalClient; official: OfficialClient } {
  return {
    falRx: createFalClient({ credentials: BENCH_KEY, baseUrls }),
    official: officialFor(baseUrls, BENCH_KEY, rewritingFetch(baseUrls)),
  };
}

/**
 * fal-rx given a `fetch` of its own (config `fetch`): requests go through its tap-abort handler
 * instead of `fromFetch`. A reference row in run.bench.ts; the fetch is the same host-rewriting
 * wrapper the official client gets (a no-op here, fal-rx already targets the emulator).
 */
export function falRxWithFetchOption(baseUrls: BaseUrls): FalClient {
  return createFalClient({ credentials: BENCH_KEY, baseUrls, fetch: rewritingFetch(baseUrls) });
}
