import { defer } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { DEFAULTS, type RetryOptions } from "../../src/config";
import { ApiError, NetworkError, ValidationError } from "../../src/errors";
import { retryDelay, retryWithBackoff } from "../../src/transport/retry";

const policy: RetryOptions = { ...DEFAULTS.retry, enableJitter: false };
const apiError = (status: number, extra: Partial<ConstructorParameters<typeof ApiError>[0]> = {}) =>
  new ApiError({ status, body: undefined, url: "https://fal.run/x/y", method: "POST", ...extra });

describe("retryWithBackoff timing", () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it("waits 1 s, 2 s, 4 s between attempts, then errors with the last failure", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const failure = apiError(503);
      const source = cold("-#", undefined, failure);
      const result = source.pipe(retryWithBackoff(policy));
      expectObservable(result).toBe("- 1s - 2s - 4s -#", undefined, failure);
      expectSubscriptions(source.subscriptions).toBe([
        "^!",
        "- 1s ^!",
        "- 1s - 2s ^!",
        "- 1s - 2s - 4s ^!",
      ]);
    });
  });

  it("emits the value of the attempt that succeeds and stops retrying", () => {
    scheduler.run(({ cold, expectObservable }) => {
      let attempt = 0;
      const source = cold("-#", undefined, apiError(429));
      const ok = cold("-(a|)", { a: "result" });
      const result = defer(() => (++attempt < 3 ? source : ok)).pipe(
        retryWithBackoff(policy),
      );
      expectObservable(result).toBe("- 1s - 2s -(a|)", { a: "result" });
    });
  });

  it("caps the backoff at maxDelay", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const failure = apiError(502);
      const result = cold("#", undefined, failure).pipe(retryWithBackoff({ ...policy, maxRetries: 4, baseDelay: 1000, maxDelay: 3000 }));
      expectObservable(result).toBe("1s 2s 3s 3s #", undefined, failure);
    });
  });

  it("waits what Retry-After asks, in seconds", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const failure = apiError(429, { retryAfter: "7" });
      const result = cold("#", undefined, failure).pipe(retryWithBackoff({ ...policy, maxRetries: 1 }));
      expectObservable(result).toBe("7s #", undefined, failure);
    });
  });

  it("waits until a Retry-After HTTP date", () => {
    scheduler.run(({ cold, expectObservable }) => {
      // Virtual time starts at the epoch, so 00:00:05 GMT is 5 s away.
      const failure = apiError(503, { retryAfter: new Date(5_000).toUTCString() });
      const result = cold("#", undefined, failure).pipe(retryWithBackoff({ ...policy, maxRetries: 1 }));
      expectObservable(result).toBe("5s #", undefined, failure);
    });
  });

  it("waits the whole Retry-After even when it is longer than maxDelay", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const failure = apiError(503, { retryAfter: "45" });
      const result = cold("#", undefined, failure).pipe(retryWithBackoff({ ...policy, maxRetries: 1, maxDelay: 5_000 }));
      expectObservable(result).toBe("45s #", undefined, failure);
    });
  });

  it("waits exactly 60 s when Retry-After says 60", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const failure = apiError(429, { retryAfter: "60" });
      const result = cold("#", undefined, failure).pipe(retryWithBackoff({ ...policy, maxRetries: 1 }));
      expectObservable(result).toBe("60s #", undefined, failure);
    });
  });

  it("gives up at once, with retryAfter on the error, when Retry-After asks for more than 60 s", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const failure = apiError(503, { retryAfter: "3600" });
      const source = cold("#", undefined, failure);
      expectObservable(source.pipe(retryWithBackoff({ ...policy, maxRetries: 3 }))).toBe("#", undefined, failure);
      expectSubscriptions(source.subscriptions).toBe("(^!)");
    });
    expect(apiError(503, { retryAfter: "3600" }).retryAfter).toBe("3600");
  });

  it("gives up at once when a Retry-After date is more than 60 s away", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const failure = apiError(503, { retryAfter: new Date(61_000).toUTCString() });
      expectObservable(cold("#", undefined, failure).pipe(retryWithBackoff({ ...policy, maxRetries: 3 }))).toBe("#", undefined, failure);
    });
  });

  it("retries transport failures", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const failure = new NetworkError("POST", "https://fal.run/x/y", new TypeError("fetch failed"));
      const result = cold("#", undefined, failure).pipe(retryWithBackoff({ ...policy, maxRetries: 1 }));
      expectObservable(result).toBe("1s #", undefined, failure);
    });
  });

  it.each([
    ["a 422", () => new ValidationError({ status: 422, body: { detail: "bad" }, url: "u", method: "POST" })],
    ["a 500", () => apiError(500)],
    ["the user timeout 504", () => apiError(504, { userTimeout: true })],
    ["a non-fal error", () => new Error("bug")],
  ])("errors at once on %s, subscribing once", (_name, make) => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const failure = make();
      const source = cold("--#", undefined, failure);
      expectObservable(source.pipe(retryWithBackoff(policy))).toBe("--#", undefined, failure);
      expectSubscriptions(source.subscriptions).toBe("^-!");
    });
  });

  it("stops waiting when unsubscribed during a backoff", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold("#", undefined, apiError(503));
      expectObservable(source.pipe(retryWithBackoff(policy)), "500ms !").toBe("");
      expectSubscriptions(source.subscriptions).toBe("(^!)");
    });
  });
});

describe("retryDelay jitter", () => {
  const jittery = { ...policy, enableJitter: true };
  it("spreads the delay by ±25 % using the injected random source", () => {
    expect(retryDelay(apiError(503), 1, jittery, 0, () => 0)).toBe(750);
    expect(retryDelay(apiError(503), 1, jittery, 0, () => 1)).toBe(1250);
    expect(retryDelay(apiError(503), 2, jittery, 0, () => 0.5)).toBe(2000);
  });

  it("keeps a jittered delay under maxDelay", () => {
    expect(retryDelay(apiError(503), 10, jittery, 0, () => 1)).toBe(jittery.maxDelay);
  });
});
