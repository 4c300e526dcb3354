import { emulatorBaseUrls, type FalConfig } from "fal-rx";

/** fal's three hosts, by the base URL each stands for. */
export const FAL_HOSTS: Readonly<Record<string, "run" | "queue" | "rest">> = { "fal.run": "run", "queue.fal.run": "queue", "rest.fal.ai": "rest" };

/**
 * A URL on one of fal's hosts as the emulator at `origin` serves it (`https://queue.fal.run/x` ->
 * `{origin}/queue/x`); any other URL as it is.
 */
export function onEmulator(url: string, origin: string): string {
  const target = new URL(url);
  const host = FAL_HOSTS[target.hostname];
  return target.protocol === "https:" && host ? `${emulatorBaseUrls(origin)[host]}${target.pathname}${target.search}` : url;
}

/**
 * The server's config for the emulator (scripts/emulator.mjs), which hands out fal's own queue URLs
 * (`status_url` on queue.fal.run) so that the browser sends them to this app's proxy like any fal
 * URL: here they go to the emulator. Without an emulator the server needs no config: it calls fal
 * with FAL_KEY from its environment.
 */
export function emulatorConfig(origin: string): FalConfig {
  return {
    baseUrls: emulatorBaseUrls(origin),
    requestMiddleware: async (request) => ({ ...request, url: onEmulator(request.url, origin) }),
  };
}
