import type { NormalizedConfig } from "../config.js";

/**
 * May this URL receive the key? Only the configured run/queue/rest hosts and the proxy may: same
 * origin, and the path under the configured base path (the emulator serves all three under one
 * origin, told apart by path prefix). Checked on the final URL, after middleware and proxy.
 */
export function mayReceiveKey(url: string, config: NormalizedConfig): boolean {
  const target = parse(url);
  if (!target) return false;
  if (underFalHost(target, config)) return true;
  // A relative proxy path ("/api/fal/proxy", in browsers) is resolved against the page, never
  // against the request's own URL (that would let any host with the same path receive the key).
  return config.proxy !== undefined && isUnder(target, rootOf(config.proxy.url));
}

/** Is this URL one of fal's configured hosts (not the proxy)? Those requests may go via the proxy. */
export function isFalHost(url: string, config: NormalizedConfig): boolean {
  const target = parse(url);
  return target !== undefined && underFalHost(target, config);
}

interface Root {
  readonly origin: string;
  /** The base path without a trailing slash; "" for a bare origin. */
  readonly path: string;
}

// Base URLs are few and fixed per client: parse each once, not on every request.
const ROOTS = new Map<string, Root | undefined>();

function underFalHost(target: URL, config: NormalizedConfig): boolean {
  const { run, queue, rest } = config.baseUrls;
  return isUnder(target, rootOf(run)) || isUnder(target, rootOf(queue)) || isUnder(target, rootOf(rest));
}

function rootOf(base: string): Root | undefined {
  // Every request asks three times: the cache answers first, before any pattern is tried.
  if (ROOTS.has(base)) return ROOTS.get(base);
  const root = toRoot(parse(base));
  // Relative bases depend on the page's address: parsed each time, not cached.
  if (/^[a-z][a-z0-9+.-]*:/i.test(base)) ROOTS.set(base, root);
  return root;
}

function toRoot(url: URL | undefined): Root | undefined {
  return url && { origin: url.origin, path: url.pathname.replace(/\/$/, "") };
}

function isUnder(target: URL, root: Root | undefined): boolean {
  if (!root || target.origin !== root.origin) return false;
  return root.path === "" || target.pathname === root.path || target.pathname.startsWith(`${root.path}/`);
}

/** Parses a URL; a relative one (a browser's same-origin proxy path) against the page's address. */
function parse(url: string): URL | undefined {
  try {
    return new URL(url, (globalThis as { location?: { href?: string } }).location?.href);
  } catch {
    return undefined;
  }
}
