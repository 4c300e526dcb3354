import { EMPTY, of } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { FalError } from "../../src/errors";
import { tokenCache } from "../../src/realtime/token-policy";

/** When a realtime session reuses its token and when it fetches a new one, on virtual time. */
describe("tokenCache timing", () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it("fetches on first use and reuses the token for connections before 90 % of its lifetime", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const fetched = cold("10ms (a|)", { a: "token-1" });
      const tokens = tokenCache(() => fetched, 120, "fal-ai/app/realtime");
      expectObservable(tokens.token$).toBe("10ms (a|)", { a: "token-1" });
      // Fetched at 10 ms; 90 % of 120 s is 108 s: at 100 s it is still fresh, and nothing is fetched.
      expectObservable(tokens.token$, "100s ^").toBe("100s (a|)", { a: "token-1" });
      expectSubscriptions(fetched.subscriptions).toBe("^ 9ms !");
    });
  });

  it("fetches a new token once 90 % of the lifetime has passed", () => {
    scheduler.run(({ cold, expectObservable }) => {
      let n = 0;
      const tokens = tokenCache(() => cold("10ms (a|)", { a: `token-${++n}` }), 120, "app");
      expectObservable(tokens.token$).toBe("10ms (a|)", { a: "token-1" });
      // Fetched at 10 ms: one frame before 10 ms + 108 s it is still reused, at that point refetched.
      expectObservable(tokens.token$, "10ms 107999ms ^").toBe("10ms 107999ms (a|)", { a: "token-1" });
      expectObservable(tokens.token$, "10ms 108s ^").toBe("10ms 108s 10ms (a|)", { a: "token-2" });
    });
  });

  it("fetches a new token after invalidate(), whatever its age", () => {
    scheduler.run(({ cold, expectObservable }) => {
      let n = 0;
      const tokens = tokenCache(() => cold("5ms (a|)", { a: `token-${++n}` }), 120, "app");
      expectObservable(tokens.token$).toBe("5ms (a|)", { a: "token-1" });
      scheduler.schedule(() => tokens.invalidate(), 20);
      expectObservable(tokens.token$, "30ms ^").toBe("30ms 5ms (a|)", { a: "token-2" });
    });
  });

  it("reuses a token of unknown lifetime until invalidated", () => {
    scheduler.run(({ cold, expectObservable }) => {
      let n = 0;
      const tokens = tokenCache(() => cold("(a|)", { a: `token-${++n}` }), undefined, "app");
      expectObservable(tokens.token$).toBe("(a|)", { a: "token-1" });
      expectObservable(tokens.token$, "1000s ^").toBe("1000s (a|)", { a: "token-1" });
    });
  });

  it("takes the first token of a source that keeps emitting", () => {
    scheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
      const provider = hot("-a-b-c", { a: "t1", b: "t2", c: "t3" });
      expectObservable(tokenCache(() => provider, 120, "app").token$).toBe("-(a|)", { a: "t1" });
      expectSubscriptions(provider.subscriptions).toBe("^!");
    });
  });

  it.each([
    ["completes without a token", () => EMPTY, /No token for fal-ai\/app\/realtime: the token source completed without one/],
    ["gives an empty string", () => of(""), /No token for fal-ai\/app\/realtime: expected a non-empty string, got string/],
  ])("errors with a FalError when the source %s", (_name, source, message) => {
    let error: unknown;
    tokenCache(source, 120, "fal-ai/app/realtime").token$.subscribe({ error: (e: unknown) => (error = e) });
    expect(error).toBeInstanceOf(FalError);
    expect((error as Error).message).toMatch(message);
  });
});
