/** The queue requests a client can send, told apart by method and path. */
export type RequestKind = "submit" | "status" | "statusStream" | "result" | "cancel" | "other";

export type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

/**
 * Wraps a fetch to count the requests a client sends, by kind, at the moment it sends them. Given
 * to both clients (around `rewritingFetch`), so "requests per job" and "one cancel per
 * unsubscribe" are what each client put on the wire, with no change to the emulator.
 */
export function countingFetch(inner: FetchFn): { fetch: FetchFn; counts: Record<RequestKind, number>; total(): number; reset(): void } {
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
