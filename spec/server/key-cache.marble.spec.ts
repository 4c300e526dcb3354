import { defer, type Observable } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { KeyCache } from "../../src/server/key-cache";

/** The JWKS cache's windows, in virtual time: fal's keys kept, fetches shared and rationed. */
describe("KeyCache timing", () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });
  const policy = { maxAgeMs: 1_000, refetchAfterMs: 100 };
  const cacheOf = (fetch$: Observable<string>) => new KeyCache(fetch$, policy, scheduler);

  it("shares one fetch between verifications that ask at once", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const fetch$ = cold("--(k|)");
      const cache = cacheOf(fetch$);
      expectObservable(cache.keys$()).toBe("--(k|)");
      expectObservable(cache.keys$(), "-^").toBe("--(k|)");
      expectSubscriptions(fetch$.subscriptions).toBe("^-!");
    });
  });

  it("serves the keys from the cache while fresh, and fetches again once they are maxAgeMs old", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const fetch$ = cold("--(k|)");
      const cache = cacheOf(fetch$);
      expectObservable(cache.keys$()).toBe("--(k|)");
      expectObservable(cache.keys$(), "500ms ^").toBe("500ms (k|)");
      expectObservable(cache.keys$(), "1001ms ^").toBe("1001ms (k|)"); // 999 ms old: still fresh
      expectObservable(cache.keys$(), "1002ms ^").toBe("1002ms --(k|)");
      expectSubscriptions(fetch$.subscriptions).toBe(["^-!", "1002ms ^-!"]);
    });
  });

  it("refetches for a signature no cached key verifies at most once per refetchAfterMs", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const fetch$ = cold("--(k|)");
      const cache = cacheOf(fetch$);
      expectObservable(cache.keys$()).toBe("--(k|)");
      expectObservable(cache.refetch$(), "50ms ^").toBe("50ms |"); // 50 ms after the fetch began: refused
      expectObservable(cache.refetch$(), "99ms ^").toBe("99ms |");
      expectObservable(cache.refetch$(), "100ms ^").toBe("100ms --(k|)");
      expectObservable(cache.refetch$(), "150ms ^").toBe("150ms |");
      expectSubscriptions(fetch$.subscriptions).toBe(["^-!", "100ms ^-!"]);
    });
  });

  it("lets a refetch join a fetch still in flight instead of refusing it", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const fetch$ = cold("-----(k|)");
      const cache = cacheOf(fetch$);
      expectObservable(cache.keys$()).toBe("-----(k|)");
      expectObservable(cache.refetch$(), "--^").toBe("-----(k|)");
      expectSubscriptions(fetch$.subscriptions).toBe("^----!");
    });
  });

  it("after a failed fetch, errors at once for refetchAfterMs, then fetches again", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const failing = cold("--#", undefined, "JWKS down");
      const working = cold("--(k|)");
      let fetches = 0;
      const cache = cacheOf(defer(() => (++fetches === 1 ? failing : working)));
      expectObservable(cache.keys$()).toBe("--#", undefined, "JWKS down");
      expectObservable(cache.keys$(), "50ms ^").toBe("50ms #", undefined, "JWKS down");
      expectObservable(cache.refetch$(), "60ms ^").toBe("60ms |");
      expectObservable(cache.keys$(), "100ms ^").toBe("100ms --(k|)");
      expectSubscriptions(failing.subscriptions).toBe("^-!");
      expectSubscriptions(working.subscriptions).toBe("100ms ^-!");
    });
  });

  it("aborts the fetch when every verification waiting for it unsubscribes", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const fetch$ = cold("-----(k|)");
      const cache = cacheOf(fetch$);
      expectObservable(cache.keys$(), "^-!").toBe("---");
      expectObservable(cache.keys$(), "^--!").toBe("---");
      expectSubscriptions(fetch$.subscriptions).toBe("^--!");
    });
  });

  it("does nothing before subscribe", () => {
    scheduler.run(({ cold, expectSubscriptions }) => {
      const fetch$ = cold("-(k|)");
      const cache = cacheOf(fetch$);
      cache.keys$();
      cache.refetch$();
      expectSubscriptions(fetch$.subscriptions).toBe([]);
    });
  });
});
