import { createFalClient } from "@fal-ai/client";
import type { BaseUrls } from "fal-rx";
import type { FetchFn } from "./counting-fetch";

/**
 * The official client pointed at an emulator: it has no base-URL option, so its `fetch` rewrites
 * fal's hosts to the emulator's. Pass `fetchImpl` to wrap that (e.g. with a counting fetch).
 * Benchmarks take it with fal-rx's from clientsFor() (clients.ts).
 */
export function officialFor(
  baseUrls: BaseUrls,
  key: string,
  fetchImpl: FetchFn = rewritingFetch(baseUrls),
) {
  return createFalClient({ credentials: key, fetch: fetchImpl as typeof fetch });
}

/**
 * fetch with fal's hosts swapped for the emulator's. fal-rx gets the same wrapper in every
 * benchmark (where it is a no-op, since it already targets the emulator) so both pay its cost.
 */
export function rewritingFetch(baseUrls: BaseUrls) {
  const hosts: [string, string][] = [
    ["https://queue.fal.run", baseUrls.queue],
    ["https://fal.run", baseUrls.run],
    ["https://rest.fal.ai", baseUrls.rest],
  ];
  const rewrite = (url: string) => {
    for (const [from, to] of hosts) if (url.startsWith(`${from}/`)) return to + url.slice(from.length);
    return url;
  };
  return (input: string, init: RequestInit) => fetch(rewrite(String(input)), init);
}

/** The official client, as {@link officialFor} creates it. */
export type OfficialClient = ReturnType<typeof officialFor>;
