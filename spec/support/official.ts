import { createFalClient } from "@fal-ai/client";
import type { Emulator } from "../../src/emulator/index";

/**
 * The official @fal-ai/client pointed at an emulator. It has no base-URL option, so its `fetch`
 * rewrites fal's hosts to the emulator's; everything else (headers, bodies, retries, polling) is
 * the official client's own behaviour on the wire.
 */
export function officialClient(emulator: Emulator, key: string, extra: Record<string, unknown> = {}) {
  const hosts: [string, string][] = [
    ["https://queue.fal.run", emulator.baseUrls.queue],
    ["https://fal.run", emulator.baseUrls.run],
    ["https://rest.fal.ai", emulator.baseUrls.rest],
  ];
  const rewrite = (url: string) => {
    for (const [from, to] of hosts) if (url.startsWith(`${from}/`)) return to + url.slice(from.length);
    return url;
  };
  return createFalClient({
    credentials: key,
    fetch: ((input: string, init: RequestInit) => fetch(rewrite(String(input)), init)) as typeof fetch,
    retry: { baseDelay: 1, maxDelay: 5 } as never,
    ...extra,
  });
}
