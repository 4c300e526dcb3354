import { defer, type Observable } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { ApiError, FalTimeoutError, NetworkError, type QueueStatus, type SubscribeEvent } from "../../src/index";
import { cancelOnUnsubscribe } from "../../src/queue/cancel-on-unsubscribe";
import { totalTimeout } from "../../src/queue/deadline";
import { pollStatus, streamThenPoll } from "../../src/queue/watch";
import { SseEventTooLargeError, SseTruncatedError } from "../../src/transport/sse";

const urls = { request_id: "r1", response_url: "u/r1", status_url: "u/r1/status", cancel_url: "u/r1/cancel" };
const queued: QueueStatus = { status: "IN_QUEUE", queue_position: 1, ...urls };
const running: QueueStatus = { status: "IN_PROGRESS", logs: [], ...urls };
const completed: QueueStatus = { status: "COMPLETED", logs: [], metrics: {}, ...urls };
const values = { a: queued, b: running, c: completed };

describe("queue watch timing", () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  /** One poll per subscription, each the next of `polls`. */
  const sequence = (polls: Observable<QueueStatus>[]) => {
    let next = 0;
    return defer(() => polls[next++]!);
  };

  it("polls at once, then pollInterval ms after each answer, until COMPLETED", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const polls = [cold("--(a|)", values), cold("--(b|)", values), cold("--(c|)", values)];
      expectObservable(pollStatus(sequence(polls), 10, scheduler)).toBe("--a 11ms b 11ms (c|)", values);
      expectSubscriptions(polls[0]!.subscriptions).toBe("^-!");
      expectSubscriptions(polls[1]!.subscriptions).toBe("12ms ^-!");
      expectSubscriptions(polls[2]!.subscriptions).toBe("24ms ^-!");
    });
  });

  it("never overlaps polls: a slow answer pushes the next poll back", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const polls = [cold("20ms (a|)", values), cold("-(c|)", values)];
      expectObservable(pollStatus(sequence(polls), 3, scheduler)).toBe("20ms a 3ms (c|)", values);
      expectSubscriptions(polls[0]!.subscriptions).toBe("^ 19ms !");
      expectSubscriptions(polls[1]!.subscriptions).toBe("23ms ^!");
    });
  });

  it("stops the timer and aborts the poll in flight when unsubscribed", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const polls = [cold("-(a|)", values), cold("---(b|)", values), cold("-(c|)", values)];
      expectObservable(pollStatus(sequence(polls), 5, scheduler), "^ 7ms !").toBe("-a", values);
      expectSubscriptions(polls[1]!.subscriptions).toBe("6ms ^-!");
      expectSubscriptions(polls[2]!.subscriptions).toBe([]);
    });
  });

  it.each([
    ["ends cleanly", "-a-|", undefined],
    ["is cut off mid-event", "-a-#", new SseTruncatedError(1)],
    ["goes silent, not even a keep-alive", "-a-#", new FalTimeoutError("inactivity", 45_000, "GET u/r1/status/stream")],
    ["loses its connection (not retried once events flowed)", "-a-#", new NetworkError("GET", "u/r1/status/stream", new TypeError("terminated"))],
    ["sends an event that never ends", "-a-#", new SseEventTooLargeError(1, 16)],
  ])("continues by polling when the status stream %s before COMPLETED", (_how, streamMarbles, error) => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const stream = cold(streamMarbles, values, error);
      const polling = cold("-b-(c|)", values);
      expectObservable(streamThenPoll(stream, polling)).toBe("-a--b-(c|)", values);
      expectSubscriptions(polling.subscriptions).toBe("---^--!");
    });
  });

  it("never polls when the stream reaches COMPLETED, and closes the stream there", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const stream = cold("-a-c-b|", values);
      const polling = cold("-c|", values);
      expectObservable(streamThenPoll(stream, polling)).toBe("-a-(c|)", values);
      expectSubscriptions(stream.subscriptions).toBe("^--!");
      expectSubscriptions(polling.subscriptions).toBe([]);
    });
  });

  it("errors when the stream fails otherwise, without polling", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const failure = new ApiError({ status: 401, body: undefined, url: "u", method: "GET" });
      const polling = cold("-c|", values);
      expectObservable(streamThenPoll(cold("-a#", values, failure), polling)).toBe("-a#", values, failure);
      expectSubscriptions(polling.subscriptions).toBe([]);
    });
  });

  it("errors with FalTimeoutError at the deadline, after unsubscribing the source", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold("a 100ms b|", values);
      const expected = new FalTimeoutError("total", 50, "subscribe$ acme/x");
      expectObservable(source.pipe(totalTimeout(50, () => "subscribe$ acme/x", scheduler))).toBe("a 49ms #", values, expected);
      expectSubscriptions(source.subscriptions).toBe("^ 49ms !");
    });
  });

  it("lets a source that ends in time complete, without a timeout error", () => {
    scheduler.run(({ cold, expectObservable }) => {
      expectObservable(cold("a 40ms (c|)", values).pipe(totalTimeout(50, () => "x", scheduler))).toBe("a 40ms (c|)", values);
    });
  });
});

describe("cancelOnUnsubscribe", () => {
  let scheduler: TestScheduler;
  let cancelled: string[];
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    cancelled = [];
  });
  const events = {
    q: { type: "status", status: queued },
    p: { type: "status", status: running },
    c: { type: "status", status: completed },
    r: { type: "result", data: 1, requestId: "r1" },
  } satisfies Record<string, SubscribeEvent<number>>;
  const guard = cancelOnUnsubscribe<number>((ref) => cancelled.push(ref.cancel_url));

  it("cancels once, with the request's cancel_url, when unsubscribed mid-run", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold("q-p------", events);
      expectObservable(source.pipe(guard), "^--!").toBe("q-p", events);
      expectSubscriptions(source.subscriptions).toBe("^--!");
    });
    expect(cancelled).toEqual(["u/r1/cancel"]);
  });

  it.each([
    ["the result completes the job", "q-p-c-r|", undefined],
    ["it is unsubscribed after COMPLETED (during the result fetch)", "q-p-c---", undefined],
    ["the server answers with an error", "q-p-#", new ApiError({ status: 500, body: undefined, url: "u", method: "GET" })],
    ["the server cannot be reached", "q-p-#", new NetworkError("GET", "u", new Error("reset"))],
    ["it ends before submit answered", "----", undefined],
  ])("does not cancel when %s", (_when, marbles, error) => {
    scheduler.run(({ cold, expectObservable }) => {
      expectObservable(cold(marbles, events, error).pipe(guard), "^------!");
    });
    expect(cancelled).toEqual([]);
  });

  it("cancels when the Observable errors with something other than the server's answer (a timeout)", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const timeout = new FalTimeoutError("total", 3, "x");
      expectObservable(cold("q-p#", events, timeout).pipe(guard)).toBe("q-p#", events, timeout);
    });
    expect(cancelled).toEqual(["u/r1/cancel"]);
  });
});
