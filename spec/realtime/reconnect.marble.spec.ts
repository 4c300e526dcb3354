import { defer } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { FalError } from "../../src/errors";
import { RealtimeConnectionError } from "../../src/realtime/errors";
import { REALTIME_DEFAULTS, type ReconnectOptions } from "../../src/realtime/options";
import { ConnectionDroppedError, reconnectWithBackoff } from "../../src/realtime/reconnect";

const policy: ReconnectOptions = { ...REALTIME_DEFAULTS.reconnect, enableJitter: false };
const URL = "wss://fal.run/fal-ai/app/realtime?fal_jwt_token=secret-jwt";
const dropped = (code: number | undefined = 1011, reason = "runner restarted") => new ConnectionDroppedError(code, reason, URL);

/** Reconnect backoff, pinned on virtual time: 500 ms, 1 s, 2 s, then a typed error. */
describe("reconnectWithBackoff timing", () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it("reconnects after 500 ms, 1 s and 2 s, then errors with RealtimeConnectionError", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const connection = cold("-#", undefined, dropped());
      const expected = new RealtimeConnectionError({ code: 1011, reason: "runner restarted", attempts: 4, url: URL });
      expectObservable(connection.pipe(reconnectWithBackoff(policy))).toBe("- 500ms - 1s - 2s -#", undefined, expected);
      expectSubscriptions(connection.subscriptions).toBe(["^!", "- 500ms ^!", "- 500ms - 1s ^!", "- 500ms - 1s - 2s ^!"]);
    });
  });

  it("counts only consecutive failures: a result resets the backoff", () => {
    scheduler.run(({ cold, expectObservable }) => {
      let attempt = 0;
      const failing = cold("-#", undefined, dropped());
      const working = cold("-r#", { r: "result" }, dropped());
      // fail, fail, answer then drop, fail: the fourth connection waits 500 ms again, not 4 s.
      const source = defer(() => (++attempt === 3 ? working : failing));
      const result = source.pipe(reconnectWithBackoff({ ...policy, maxRetries: 3 }));
      const error = new RealtimeConnectionError({ code: 1011, reason: "runner restarted", attempts: 4, url: URL });
      expectObservable(result).toBe("- 500ms - 1s -r 500ms - 1s - 2s -#", { r: "result" }, error);
    });
  });

  it("caps the delay at maxDelay", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const error = new RealtimeConnectionError({ code: 1011, reason: "runner restarted", attempts: 5, url: URL });
      const result = cold("#", undefined, dropped()).pipe(reconnectWithBackoff({ ...policy, maxRetries: 4, maxDelay: 1500 }));
      expectObservable(result).toBe("500ms 1s 1500ms 1500ms #", undefined, error);
    });
  });

  it("carries the last close code and reason, with the token redacted", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const result = cold("#", undefined, new ConnectionDroppedError(undefined, "Unauthorized", URL)).pipe(reconnectWithBackoff({ ...policy, maxRetries: 0 }));
      expectObservable(result).toBe("#", undefined, new RealtimeConnectionError({ code: undefined, reason: "Unauthorized", attempts: 1, url: URL }));
    });
    const error = new RealtimeConnectionError({ code: 4001, reason: "bye", attempts: 2, url: URL });
    expect(error).toBeInstanceOf(FalError);
    expect(error.message).toBe("Realtime connection to wss://fal.run/fal-ai/app/realtime?fal_jwt_token=[redacted] lost after 2 attempts: code 4001 (bye)");
    expect(error.url).not.toContain("secret-jwt");
  });

  it("passes any other error through at once, without reconnecting", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const failure = new FalError("app said no");
      const connection = cold("--#", undefined, failure);
      expectObservable(connection.pipe(reconnectWithBackoff(policy))).toBe("--#", undefined, failure);
      expectSubscriptions(connection.subscriptions).toBe("^-!");
    });
  });

  it("completes when a connection ends normally", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const connection = cold("-r-|", { r: "result" });
      expectObservable(connection.pipe(reconnectWithBackoff(policy))).toBe("-r-|", { r: "result" });
    });
  });

  it("stops waiting when unsubscribed during a backoff", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const connection = cold("#", undefined, dropped());
      expectObservable(connection.pipe(reconnectWithBackoff(policy)), "200ms !").toBe("");
      expectSubscriptions(connection.subscriptions).toBe("(^!)");
    });
  });

  it("spreads the delay ±25 % with the injected random source", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const error = new RealtimeConnectionError({ code: 1011, reason: "runner restarted", attempts: 2, url: URL });
      const jittered = cold("#", undefined, dropped()).pipe(reconnectWithBackoff({ ...policy, maxRetries: 1, enableJitter: true }, undefined, () => 0));
      expectObservable(jittered).toBe("375ms #", undefined, error);
    });
  });
});
