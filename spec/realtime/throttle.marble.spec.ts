import { TestScheduler } from "rxjs/testing";
import { throttleInputs } from "../../src/realtime/throttle";

/** The realtime send throttle: leading + trailing, latest input of each window, timing pinned. */
describe("throttleInputs timing", () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  });

  it("sends the first input at once, then only the latest input of each 128 ms window at its end", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const inputs = cold("a 20ms b 20ms c 20ms d");
      expectObservable(inputs.pipe(throttleInputs(128))).toBe("a 127ms d");
    });
  });

  it("still sends the held last input when the inputs complete, at the end of its window", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const inputs = cold("a 9ms b 9ms (c|)");
      expectObservable(inputs.pipe(throttleInputs(128))).toBe("a 127ms (c|)");
      expectSubscriptions(inputs.subscriptions).toBe("^ 19ms !");
    });
  });

  it("keeps throttling while inputs keep coming: one input per window, always the newest", () => {
    scheduler.run(({ cold, expectObservable }) => {
      // An input every 50 ms for 300 ms: windows end at 128 and 256 (each trailing send opens a new one).
      const inputs = cold("a 49ms b 49ms c 49ms d 49ms e 49ms f 49ms g");
      expectObservable(inputs.pipe(throttleInputs(128))).toBe("a 127ms c 127ms f 127ms g");
    });
  });

  it("sends an input after a quiet period at once (a new leading edge)", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const inputs = cold("a 299ms b");
      expectObservable(inputs.pipe(throttleInputs(128))).toBe("a 299ms b");
    });
  });

  it("lets every input through with throttle 0", () => {
    scheduler.run(({ cold, expectObservable }) => {
      const inputs = cold("abc 5ms d|");
      expectObservable(inputs.pipe(throttleInputs(0))).toBe("abc 5ms d|");
    });
  });

  it("drops a held input and its timer when unsubscribed", () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const inputs = cold("a 9ms b");
      expectObservable(inputs.pipe(throttleInputs(128)), "50ms !").toBe("a");
      expectSubscriptions(inputs.subscriptions).toBe("^ 49ms !");
    });
  });
});
