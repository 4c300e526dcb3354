import { Observable, Subject } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { ApiError, toViewState, type StreamEvent, type SubscribeEvent, type UploadEvent, type ViewState } from "../src/index";
import type { QueueStatus } from "../src/wire/queue";

const ref = { request_id: "req-1", response_url: "u", status_url: "u/status", cancel_url: "u/cancel" };
const queued = (position: number): SubscribeEvent<never> => ({ type: "status", status: { ...ref, status: "IN_QUEUE", queue_position: position } });
const line = (message: string) => ({ message, level: "INFO", source: "user", timestamp: "2025-01-01T00:00:00Z" });
const running = (...messages: string[]): SubscribeEvent<never> => ({ type: "status", status: { ...ref, status: "IN_PROGRESS", logs: messages.map(line) } as QueueStatus });
const completed = (...messages: string[]): SubscribeEvent<never> => ({
  type: "status",
  status: { ...ref, status: "COMPLETED", logs: messages.map(line), metrics: {} } as QueueStatus,
});
const initial: ViewState<never, never> = {
  phase: "queued",
  position: undefined,
  logs: [],
  partial: undefined,
  result: undefined,
  error: undefined,
  requestId: undefined,
  progress: undefined,
};

describe("toViewState", () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it("emits the initial queued state synchronously on subscribe", () => {
    const states: ViewState[] = [];
    new Subject<SubscribeEvent<unknown>>().pipe(toViewState()).subscribe((state) => states.push(state));
    expect(states).toEqual([initial]);
  });

  it("folds subscribe$ events into queue position, logs, request id and the result", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const events = cold<SubscribeEvent<{ url: string }>>("-a-b-c-d-e|", {
        a: queued(2),
        b: queued(1),
        c: running("step 1"),
        d: completed("step 1", "step 2"),
        e: { type: "result", data: { url: "x.png" }, requestId: "req-1" },
      });
      expectObservable(events.pipe(toViewState())).toBe("0a-b-c-d-e|", {
        0: initial,
        a: { ...initial, phase: "queued", position: 2, requestId: "req-1" },
        b: { ...initial, phase: "queued", position: 1, requestId: "req-1" },
        c: { ...initial, phase: "running", logs: [line("step 1")], requestId: "req-1" },
        d: { ...initial, phase: "running", logs: [line("step 1"), line("step 2")], requestId: "req-1" },
        e: { ...initial, phase: "done", logs: [line("step 1"), line("step 2")], requestId: "req-1", result: { url: "x.png" } },
      });
    });
  });

  it("keeps every log line when a status carries only the new ones", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const events = cold<SubscribeEvent<never>>("-a-b|", { a: running("one"), b: running("two") });
      expectObservable(events.pipe(toViewState())).toBe("0a-b|", {
        0: initial,
        a: { ...initial, phase: "running", logs: [line("one")], requestId: "req-1" },
        b: { ...initial, phase: "running", logs: [line("one"), line("two")], requestId: "req-1" },
      });
    });
  });

  it("shows the latest partial of a stream while streaming, and keeps it once done", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const events = cold<StreamEvent<{ text: string }>>("-a-b-c|", {
        a: { type: "partial", data: { text: "Hel" } },
        b: { type: "partial", data: { text: "Hello" } },
        c: { type: "result", data: { text: "Hello!" }, requestId: "req-2" },
      });
      expectObservable(events.pipe(toViewState())).toBe("0a-b-c|", {
        0: initial,
        a: { ...initial, phase: "streaming", partial: { text: "Hel" } },
        b: { ...initial, phase: "streaming", partial: { text: "Hello" } },
        c: { ...initial, phase: "done", partial: { text: "Hello" }, result: { text: "Hello!" }, requestId: "req-2" },
      });
    });
  });

  it("shows an upload's progress, then its URL as the result", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const events = cold<UploadEvent>("-a-b-c|", {
        a: { type: "progress", loaded: 5, total: 10 },
        b: { type: "progress", loaded: 10, total: 10 },
        c: { type: "uploaded", url: "https://cdn/x.png" },
      });
      expectObservable(events.pipe(toViewState())).toBe("0a-b-c|", {
        0: initial,
        a: { ...initial, phase: "running", progress: { loaded: 5, total: 10 } },
        b: { ...initial, phase: "running", progress: { loaded: 10, total: 10 } },
        c: { ...initial, phase: "done", progress: { loaded: 10, total: 10 }, result: "https://cdn/x.png" },
      });
    });
  });

  it("treats run$'s single result as done", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const events = cold("--a|", { a: { data: { caption: "a cat" }, requestId: "req-3" } });
      expectObservable(events.pipe(toViewState())).toBe("0-a|", {
        0: initial,
        a: { ...initial, phase: "done", result: { caption: "a cat" }, requestId: "req-3" },
      });
    });
  });

  it("ends with an error state and completes instead of erroring, keeping what was shown", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const failure = new ApiError({ status: 500, body: "boom", url: "https://fal.run/x/y", method: "POST" });
      const events = cold<StreamEvent<{ text: string }>>("-a-#", { a: { type: "partial", data: { text: "Hel" } } }, failure);
      expectObservable(events.pipe(toViewState())).toBe("0a-(e|)", {
        0: initial,
        a: { ...initial, phase: "streaming", partial: { text: "Hel" } },
        e: { ...initial, phase: "error", partial: { text: "Hel" }, error: failure },
      });
    });
  });

  it("clears the queue position when a queued call fails", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const failure = new Error("cut");
      const events = cold<SubscribeEvent<never>>("-a-#", { a: queued(3) }, failure);
      expectObservable(events.pipe(toViewState())).toBe("0a-(e|)", {
        0: initial,
        a: { ...initial, position: 3, requestId: "req-1" },
        e: { ...initial, phase: "error", requestId: "req-1", error: failure },
      });
    });
  });

  it("wraps a non-Error failure in an Error whose cause is the original", () => {
    const states: ViewState[] = [];
    new Observable<UploadEvent>((subscriber) => subscriber.error("nope")).pipe(toViewState()).subscribe((state) => states.push(state));
    const error = states.at(-1)!.error!;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe("nope");
    expect(error.cause).toBe("nope");
  });

  it("emits nothing for an event that changes nothing", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const events = cold("-a-b|", { a: queued(1), b: { type: "unknown" } as never });
      expectObservable(events.pipe(toViewState())).toBe("0a--|", { 0: initial, a: { ...initial, position: 1, requestId: "req-1" } });
    });
  });

  it("makes a new frozen object per change, keeping unchanged fields' identity", () => {
    const states: ViewState[] = [];
    const events = new Subject<SubscribeEvent<unknown>>();
    events.pipe(toViewState()).subscribe((state) => states.push(state));
    events.next(running("one"));
    events.next(completed("one"));
    expect(states).toHaveLength(3);
    expect(new Set(states).size).toBe(3);
    expect(states.every((state) => Object.isFrozen(state))).toBe(true);
    expect(states[2]!.logs).toBe(states[1]!.logs);
  });

  it("unsubscribes the source (cancelling the call) when unsubscribed", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const events = cold<SubscribeEvent<never>>("-a-b-c|", { a: queued(3), b: queued(2), c: queued(1) });
      expectObservable(events.pipe(toViewState()), "^--!").toBe("0a-", { 0: initial, a: { ...initial, position: 3, requestId: "req-1" } });
      expectSubscriptions(events.subscriptions).toBe("^--!");
    });
  });

  it("infers the result and partial types from the events", () => {
    const stream$ = new Subject<StreamEvent<{ answer: string }, { delta: string }>>();
    const upload$ = new Subject<UploadEvent>();
    const typed: Observable<ViewState<{ answer: string }, { delta: string }>> = stream$.pipe(toViewState());
    const url: Observable<ViewState<string, never>> = upload$.pipe(toViewState());
    expect([typed, url]).toHaveLength(2);
  });
});
