import { map, type SchedulerLike, type Subscription } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { FalTimeoutError } from "../../src/errors";
import { inactivityTimeout } from "../../src/transport/inactivity";
import { parseSse } from "../../src/transport/sse";

const WHAT = "POST https://fal.run/fal-ai/any-llm/stream";

describe("inactivityTimeout timing", () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it("fires after `ms` of silence from subscribe, and unsubscribes the source", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold("-");
      const expected = new FalTimeoutError("inactivity", 100, WHAT);
      expectObservable(source.pipe(inactivityTimeout(100, WHAT))).toBe("100ms #", undefined, expected);
      expectSubscriptions(source.subscriptions).toBe("^ 99ms !");
    });
  });

  it("does not fire while values flow, however long the stream lasts", () => {
    scheduler.run(({ cold, expectObservable }) => {
      // 5 values 90 ms apart: 450 ms in all, far past the 100 ms limit, never 100 ms silent.
      const source = cold("90ms a 89ms b 89ms c 89ms d 89ms (e|)");
      expectObservable(source.pipe(inactivityTimeout(100, WHAT))).toBe("90ms a 89ms b 89ms c 89ms d 89ms (e|)");
    });
  });

  it("restarts the clock on every value: fires `ms` after the last one", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold("50ms a 49ms b");
      const expected = new FalTimeoutError("inactivity", 100, WHAT);
      expectObservable(source.pipe(inactivityTimeout(100, WHAT))).toBe("50ms a 49ms b 99ms #", undefined, expected);
      expectSubscriptions(source.subscriptions).toBe("^ 199ms !");
    });
  });

  it("errors with a catchable FalTimeoutError naming the exchange", () => {
    let caught: unknown;
    scheduler.run(({ cold }) => {
      cold("-").pipe(inactivityTimeout(15_000, WHAT)).subscribe({ error: (error: unknown) => (caught = error) });
    });
    expect(caught).toBeInstanceOf(FalTimeoutError);
    expect(caught).toMatchObject({ kind: "inactivity", ms: 15_000, message: `${WHAT} timed out after 15000 ms (inactivity timeout)` });
  });

  it("never fires with Infinity", () => {
    scheduler.run(({ cold, expectObservable }) => {
      expectObservable(cold("1000s (a|)").pipe(inactivityTimeout(Infinity, WHAT))).toBe("1000s (a|)");
    });
  });

  it("counts keep-alive comments as activity when put on the bytes, before parsing", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const bytes = (text: string) => new TextEncoder().encode(text);
      // Two events 250 ms apart, with a keep-alive comment in between: no gap reaches 200 ms.
      const chunks = cold("10ms a 120ms k 120ms b|", { a: bytes("data: 1\n\n"), k: bytes(": keep-alive\n\n"), b: bytes("data: 2\n\n") });
      const events = chunks.pipe(inactivityTimeout(200, WHAT), parseSse(), map((event) => event.data));
      expectObservable(events).toBe("10ms a 241ms b|", { a: "1", b: "2" });
    });
  });

  it("fires between events when the same gap has no keep-alive", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const bytes = (text: string) => new TextEncoder().encode(text);
      const chunks = cold("10ms a 240ms b|", { a: bytes("data: 1\n\n"), b: bytes("data: 2\n\n") });
      const events = chunks.pipe(inactivityTimeout(200, WHAT), parseSse(), map((event) => event.data));
      expectObservable(events).toBe("10ms a 199ms #", { a: "1" }, new FalTimeoutError("inactivity", 200, WHAT));
    });
  });

  it("keeps one watchdog for the whole stream instead of a timer per value", () => {
    let timersAsked = 0;
    scheduler.run(({ cold, expectObservable }) => {
      const schedule = scheduler.schedule.bind(scheduler) as (...args: unknown[]) => Subscription;
      const counting = {
        now: () => scheduler.now(),
        schedule: (...args: unknown[]) => {
          timersAsked++;
          return schedule(...args);
        },
      } as SchedulerLike;
      const source = cold("1ms a 1ms b 1ms c 1ms d 1ms e 300ms f|");
      expectObservable(source.pipe(inactivityTimeout(100, WHAT, counting))).toBe("1ms a 1ms b 1ms c 1ms d 1ms e 99ms #", undefined, new FalTimeoutError("inactivity", 100, WHAT));
    });
    // Asked once; it re-arms itself (on the same action) only when it wakes before the silence is long enough.
    expect(timersAsked).toBe(1);
  });

  it("leaves no timer behind once the subscriber leaves", () => {
    scheduler.run(({ cold }) => {
      const subscription = cold("10ms a 10ms b").pipe(inactivityTimeout(100, WHAT)).subscribe();
      scheduler.schedule(() => subscription.unsubscribe(), 50);
      scheduler.flush();
      expect(scheduler.actions).toHaveLength(0);
    });
  });
});
