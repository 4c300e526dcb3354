import { Subject, takeUntil } from "rxjs";
import { useEmulator } from "../support/emulator";
import { until } from "../support/observe";

describe("fetch$ reading a body", () => {
  const emu = useEmulator();

  it("aborts the exchange when unsubscribed after the headers, mid-body", async () => {
    let firstEventSent = false;
    let serverSawClose = false;
    emu.emulator.register("acme/drip", {
      run: () => ({}),
      async *stream(_input, ctx) {
        ctx.signal.addEventListener("abort", () => (serverSawClose = true));
        yield { part: 1 };
        firstEventSent = true;
        await ctx.sleep(10_000);
        yield { part: 2 };
      },
    });
    const stop = new Subject<void>();
    const values: unknown[] = [];
    const errors: unknown[] = [];
    // run$ reads the whole body, so it is still reading when we leave.
    emu.client().run$("acme/drip", { path: "/stream" }).pipe(takeUntil(stop)).subscribe({ next: (v) => values.push(v), error: (e) => errors.push(e) });
    await until(() => firstEventSent, "the first bytes to be sent");
    stop.next();
    await until(() => serverSawClose, "the server to see the connection close");
    expect(values).toEqual([]);
    expect(errors).toEqual([]);
  });
});
