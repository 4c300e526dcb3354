import type { NormalizedConfig } from "../config.js";

/**
 * May this URL receive the key? Only the configured run/queue/rest hosts and the proxy may: same
 * origin, and the path under the configured base path (the emulator serves all three under one
 * origin, told apart by path prefix). Checked on the final URL, after middleware and proxy.
 */
export function mayReceiveKey(url: string, config: NormalizedConfig): boolean {
  const trusted = [config.baseUrls.run, config.baseUrls.queue, config.baseUrls.rest];
  if (config.proxy) trusted.push(config.proxy.url);
  return trusted.some((base) => isUnder(url, base));
}

function isUnder(url: string, base: string): boolean {
  let target: URL;
  let root: URL;
  try {
    target = new URL(url);
    root = new URL(base, target);
  } catch {
    return false;
  }
  if (target.origin !== root.origin) return false;
  const basePath = root.pathname.replace(/\/$/, "");
  return basePath === "" || target.pathname === basePath || target.pathname.startsWith(`${basePath}/`);
}
