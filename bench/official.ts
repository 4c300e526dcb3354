import { createFalClient } from "@fal-ai/client";
import type { BaseUrls } from "fal-rx";
import type { FetchFn } from "./counting-fetch";

/**
 * The official client pointed at an emulator: it has no base-URL option, so its `fetch` rewrites
 * fal's hosts to the emulator's. Benchmarks take it with fal-rx's from clientsFor() (clients.ts).
 */
export function officialFor(baseUrls: BaseUrls, key: string, fetchImpl: FetchFn = rewritingFetch(baseUrls)) {
  return createFalClient({ credentials: key, fetch: fetchImpl as typeof fetch });
}

/**
 * fetch with fal's hosts swapped for the emulator's. It calls the global `fetch` when a request is
 * sent (not the one there when it was made), so a counting wrapper installed on the global later
 * (countGlobalFetch) sees the official client's requests as it sees fal-rx's. Its own cost is a
 * few string compares per request, about a microsecond against the ~500 µs of an exchange.
 */
export function rewritingFetch(baseUrls: BaseUrls): FetchFn {
  const hosts: [string, string][] = [
    ["https://queue.fal.run", baseUrls.queue],
    ["https://fal.run", baseUrls.run],
    ["https://rest.fal.ai", baseUrls.rest],
  ];
  const rewrite = (url: string) => {
    for (const [from, to] of hosts) if (url.startsWith(`${from}/`)) return to + url.slice(from.length);
    return url;
  };
  return (input, init) => fetch(rewrite(String(input)), init);
}

/** The official client, as {@link officialFor} creates it. */
export type OfficialClient = ReturnType<typeof officialFor>;
