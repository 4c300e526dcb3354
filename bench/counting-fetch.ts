/** The queue requests a client can send, told apart by method and path. */
export type RequestKind = "submit" | "status" | "statusStream" | "result" | "cancel" | "other";

export type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

export interface RequestCounter {
  readonly counts: Record<RequestKind, number>;
  total(): number;
  reset(): void;
}

/**
 * Wraps a fetch to count the requests a client sends, by kind, at the moment it sends them, with
 * no change to the emulator.
 */
export function countingFetch(inner: FetchFn): RequestCounter & { fetch: FetchFn } {
  const counts = zero();
  return {
    counts,
    fetch: (input, init) => {
      counts[kindOf(init?.method ?? "GET", String(input))]++;
      return inner(input, init);
    },
    total: () => Object.values(counts).reduce((sum, n) => sum + n, 0),
    reset: () => Object.assign(counts, zero()),
  };
}

/**
 * Counts what goes through the global `fetch` until `restore()`. Both clients send through it as
 * users' clients do: fal-rx through rxjs's `fromFetch` (its default transport, which looks the
 * global up per request), the official client through `rewritingFetch`, which calls the global.
 * So "requests per job" and "cancels per unsubscribe" are what each put on the wire, and fal-rx is
 * not moved onto its `fetch`-option path (a different handler) just to be counted.
 */
export function countGlobalFetch(): RequestCounter & { restore(): void } {
  const original = globalThis.fetch;
  const counter = countingFetch((input, init) => original(input, init));
  globalThis.fetch = counter.fetch as typeof fetch;
  return { counts: counter.counts, total: counter.total, reset: counter.reset, restore: () => void (globalThis.fetch = original) };
}

/**
 * Counts `AbortController.prototype.abort()` calls until `restore()`: every abort either client
 * makes (fromFetch's, fal-rx's `fetch`-option handler's, the official client's). A call that
 * resolved with its answer and then aborted its finished exchange shows here.
 */
export function countAborts(): { count(): number; reset(): void; restore(): void } {
  const proto = AbortController.prototype;
  const original = proto.abort;
  let aborts = 0;
  proto.abort = function (this: AbortController, reason?: unknown) {
    aborts++;
    return original.call(this, reason);
  };
  return { count: () => aborts, reset: () => void (aborts = 0), restore: () => void (proto.abort = original) };
}

function zero(): Record<RequestKind, number> {
  return { submit: 0, status: 0, statusStream: 0, result: 0, cancel: 0, other: 0 };
}

function kindOf(method: string, url: string): RequestKind {
  const path = url.split("?")[0]!;
  const verb = method.toUpperCase();
  if (verb === "PUT" && path.endsWith("/cancel")) return "cancel";
  if (verb === "POST") return "submit";
  if (verb !== "GET" || !path.includes("/requests/")) return "other";
  if (path.endsWith("/status/stream")) return "statusStream";
  if (path.endsWith("/status")) return "status";
  return "result";
}
