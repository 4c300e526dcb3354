import { defer, EMPTY, Observable, of, share, tap, throwError, type SchedulerLike } from "rxjs";

/** How long fetched keys are kept, and how often an unknown signature or a failure may fetch again. */
export interface KeyCachePolicy {
  /** ms fetched keys are used before they are fetched again (fal: up to 24 h). */
  readonly maxAgeMs: number;
  /** ms after a fetch began before another may begin for a signature no key verified, or after a failure. */
  readonly refetchAfterMs: number;
}

/**
 * A JWKS (any value) fetched when first needed and kept for `maxAgeMs`. Deliberately shared: every
 * verification waiting for keys waits on the same fetch (all of them unsubscribing aborts it), and
 * fetches are rationed, so forged deliveries, which any stranger can send, cannot make this server
 * hammer fal: after a fetch begins, neither an unknown signature nor a failed fetch starts another
 * for `refetchAfterMs`. Time is the scheduler's, so tests pin every window.
 */
export class KeyCache<T> {
  private cached: { readonly value: T; readonly at: number } | undefined;
  private failure: unknown;
  private inflight: Observable<T> | undefined;
  private lastFetchAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly fetch$: Observable<T>,
    private readonly policy: KeyCachePolicy,
    private readonly scheduler: SchedulerLike,
  ) {}

  /**
   * The keys: cached ones while fresh, else the fetch in flight or a new one. Errors with the last
   * fetch's error while it is recent and nothing fresh is cached.
   */
  keys$(): Observable<T> {
    return defer(() => {
      const now = this.scheduler.now();
      if (this.cached && now - this.cached.at < this.policy.maxAgeMs) return of(this.cached.value);
      if (this.inflight) return this.inflight;
      if (this.failure !== undefined && this.recent(now)) {
        const failure = this.failure;
        return throwError(() => failure);
      }
      return this.fetching(now);
    });
  }

  /**
   * Keys fetched anew, for a signature the cached keys did not verify; completes without a value
   * when a fetch began less than `refetchAfterMs` ago (joins one still in flight).
   */
  refetch$(): Observable<T> {
    return defer(() => {
      const now = this.scheduler.now();
      return this.inflight ?? (this.recent(now) ? EMPTY : this.fetching(now));
    });
  }

  private recent(now: number): boolean {
    return now - this.lastFetchAt < this.policy.refetchAfterMs;
  }

  private fetching(now: number): Observable<T> {
    this.lastFetchAt = now;
    const inflight = this.fetch$.pipe(
      tap({
        next: (value) => {
          this.cached = { value, at: this.scheduler.now() };
          this.failure = undefined;
        },
        error: (error: unknown) => (this.failure = error),
        finalize: () => {
          if (this.inflight === inflight) this.inflight = undefined;
        },
      }),
      share(),
    );
    this.inflight = inflight;
    return inflight;
  }
}
