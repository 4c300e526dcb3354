import { createFalClient, type BaseUrls, type FalClient } from "fal-rx";
import type { FetchFn } from "./counting-fetch";
import { BENCH_KEY } from "./emulator-process";
import { officialFor, rewritingFetch, type OfficialClient } from "./official";

/**
 * fal-rx and the official client, both pointed at the bench emulator at `baseUrls` with
 * {@link BENCH_KEY}, both sending through `fetchImpl`: {@link rewritingFetch} unless given (e.g. a
 * counting fetch around it), so each pays the same wrapper's cost.
 */
export function clientsFor(baseUrls: BaseUrls, fetchImpl: FetchFn = rewritingFetch(baseUrls)): { falRx: FalClient; official: OfficialClient } {
  return {
    falRx: createFalClient({ credentials: BENCH_KEY, baseUrls, fetch: fetchImpl }),
    official: officialFor(baseUrls, BENCH_KEY, fetchImpl),
  };
}
