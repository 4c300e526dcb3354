import { asyncScheduler, defer, of, tap, type Observable, type SchedulerLike } from "rxjs";
import { FalError } from "../errors.js";
import { firstToken } from "../transport/token.js";
import { REALTIME_DEFAULTS } from "./options.js";

/** Tokens for the connections of one realtime session. */
export interface TokenCache {
  /** One token for a new connection: the cached one while fresh, else a newly fetched one. */
  readonly token$: Observable<string>;
  /** Forgets the cached token: the next connection fetches a new one. */
  invalidate(): void;
}

/**
 * Caches the token of a session. A token is reused for a new connection only while younger than
 * 90 % of `lifetimeSeconds` (fal's own client refreshes at that point), so no connection ever
 * starts with a token about to expire; with no known lifetime it is reused until invalidated.
 * The caller invalidates it when a connection drops or the server refuses it, so every
 * reconnect after a failure gets a fresh token.
 *
 * `fetch` is asked for its first value; an empty or non-string answer is a {@link FalError}.
 *
 * @example
 * const tokens = tokenCache(() => temporaryToken$(config, "app"), 120);
 * tokens.token$.pipe(switchMap((token) => connect(token)))
 */
export function tokenCache(
  fetch: () => Observable<string>,
  lifetimeSeconds: number | undefined,
  what: string,
  scheduler: SchedulerLike = asyncScheduler,
): TokenCache {
  let cached: { token: string; fetchedAt: number } | undefined;
  const fresh = (entry: { fetchedAt: number }) =>
    lifetimeSeconds === undefined || scheduler.now() - entry.fetchedAt < lifetimeSeconds * 1000 * REALTIME_DEFAULTS.tokenRefreshRatio;

  const token$ = defer(() => {
    if (cached && fresh(cached)) return of(cached.token);
    cached = undefined;
    return fetch().pipe(
      firstToken((got) =>
        got === "no value"
          ? new FalError(`No token for ${what}: the token source completed without one`)
          : new FalError(`No token for ${what}: expected a non-empty string, got ${got}`),
      ),
      tap((token) => (cached = { token, fetchedAt: scheduler.now() })),
    );
  });

  return {
    token$,
    invalidate: () => {
      cached = undefined;
    },
  };
}
