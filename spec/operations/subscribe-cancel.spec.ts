import { catchError, filter, lastValueFrom, of, Subject, switchMap, takeWhile, toArray, type Subscription } from "rxjs";
import { ApiError, FalTimeoutError, type SubscribeEvent } from "../../src/index";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { errorOf, firstValueFrom, until } from "../support/observe";
import { brief, queueTraffic } from "../queue/brief";
import { gatedEndpoint, Gates } from "../queue/gates";

describe("subscribe$ cancellation", () => {
  const gates = new Gates();
  const emu = useEmulator({ endpoints: { "acme/held": gatedEndpoint(gates) } });
  const cancels = () => emu.emulator.requests.filter((r) => r.method === "PUT");
  /**
   * A few round trips on the run host: time enough for any request a live timer would still send
   * (polls run every 1 ms here) to reach the emulator, without a sleep. Not a queue request itself.
   */
  const settle = async () => {
    for (let i = 0; i < 3; i++) await firstValueFrom(emu.client().run$("fal-ai/echo", { input: { settle: i } }));
  };

  function start(options: Record<string, unknown> = {}, name = "held") {
    const events: SubscribeEvent<unknown>[] = [];
    const subscription: Subscription = emu
      .client()
      .subscribe$("acme/held", { input: { name }, pollInterval: 1, ...options })
      .subscribe({ next: (e) => events.push(e), error: () => undefined });
    const requestId = () => (events[0]?.type === "status" ? events[0].status.request_id : "");
    return { events, subscription, requestId };
  }

  it("leaves a job it only watches by requestId running when unsubscribed", async () => {
    const owner = start({ cancelOnUnsubscribe: false }, "watched");
    await until(() => owner.events.some((e) => brief(e) === "IN_PROGRESS []"), "the job to run");
    const watcher = start({ requestId: owner.requestId() });
    await until(() => watcher.events.length > 0, "the watcher's first status");
    watcher.subscription.unsubscribe();
    await settle();
    expect(cancels()).toHaveLength(0);
    expect(emu.emulator.job(owner.requestId())!.cancelled).toBe(false);
    owner.subscription.unsubscribe();
    gates.open("watched");
  });

  it("cancels a job watched by requestId when asked with cancelOnUnsubscribe: true", async () => {
    const owner = start({ cancelOnUnsubscribe: false }, "watched-cancel");
    await until(() => owner.events.some((e) => brief(e) === "IN_PROGRESS []"), "the job to run");
    const watcher = start({ requestId: owner.requestId(), cancelOnUnsubscribe: true });
    await until(() => watcher.events.length > 0, "the watcher's first status");
    watcher.subscription.unsubscribe();
    await until(() => emu.emulator.job(owner.requestId())?.cancelled === true, "the job to be cancelled");
    expect(cancels()).toHaveLength(1);
    owner.subscription.unsubscribe();
  });

  it("sends exactly one cancel when unsubscribed mid-run, and no status request after it", async () => {
    const run = start();
    await until(() => run.events.some((e) => brief(e) === "IN_PROGRESS []"), "the job to run");
    run.subscription.unsubscribe();
    await until(() => emu.emulator.job(run.requestId())?.status === "COMPLETED", "the job to end");
    await settle();

    const traffic = queueTraffic(emu.emulator.requests, run.requestId());
    expect(traffic.filter((line) => line.startsWith("PUT"))).toEqual(["PUT /acme/held/requests/{id}/cancel"]);
    expect(traffic.at(-1)).toBe("PUT /acme/held/requests/{id}/cancel");
    expect(cancels()[0]!.headers.authorization).toBe(`Key ${TEST_KEY}`);
    expect(emu.emulator.job(run.requestId())).toMatchObject({ cancelled: true, outcome: { errorType: "client_cancelled" } });
  });

  it("cancels the old job on fal when switchMap moves to a new prompt", async () => {
    const prompts = new Subject<string>();
    const results: SubscribeEvent<unknown>[] = [];
    const ids: string[] = [];
    prompts
      .pipe(
        switchMap((name) => emu.client().subscribe$("acme/held", { input: { name }, pollInterval: 1, onEnqueue: (id) => ids.push(id) })),
        filter((e) => e.type === "result"),
      )
      .subscribe((e) => results.push(e));
    prompts.next("first");
    await until(() => ids.length === 1, "the first submit");
    prompts.next("second");
    await until(() => ids.length === 2, "the second submit");
    gates.open("second");
    await until(() => results.length === 1, "the second result");

    expect(results.map(brief)).toEqual(['result {"name":"second"}']);
    expect(emu.emulator.job(ids[0]!)).toMatchObject({ cancelled: true, status: "COMPLETED" });
    expect(emu.emulator.job(ids[1]!)).toMatchObject({ cancelled: false });
    expect(cancels().map((r) => r.url)).toEqual([`/queue/acme/held/requests/${ids[0]}/cancel`]);
  });

  it("sends no cancel once the request completed, even when unsubscribed during the result fetch", async () => {
    gates.open("done");
    const events = await lastValueFrom(
      emu
        .client()
        .subscribe$("acme/held", { input: { name: "done" }, pollInterval: 1 })
        .pipe(takeWhile((e) => !(e.type === "status" && e.status.status === "COMPLETED"), true), toArray()),
    );
    expect(events.map(brief).at(-1)).toBe("COMPLETED []");
    await settle();
    expect(cancels()).toHaveLength(0);
  });

  it("sends no cancel when cancelOnUnsubscribe is false", async () => {
    const run = start({ cancelOnUnsubscribe: false }, "kept");
    await until(() => run.events.length === 2, "the job to run");
    run.subscription.unsubscribe();
    await settle();
    expect(cancels()).toHaveLength(0);
    gates.open("kept");
  });

  it("sends no cancel when unsubscribed before submit answered (there is no id yet)", async () => {
    emu.emulator.fail({ type: "hang", route: "queue" });
    const run = start();
    await until(() => emu.emulator.requests.length === 1, "the submit to arrive");
    run.subscription.unsubscribe();
    await settle();
    expect(queueTraffic(emu.emulator.requests)).toEqual(["POST /acme/held"]);
  });

  it("reports a failed cancel to onCancelError", async () => {
    const cancelErrors: unknown[] = [];
    const run = start({ pollInterval: 60_000, onCancelError: (error: unknown) => cancelErrors.push(error) }, "cancel-fails");
    await until(() => run.events.length === 2, "the first poll's answer");
    emu.emulator.fail({ type: "status", status: 500, body: { detail: "cancel broke" }, route: "queue" });
    run.subscription.unsubscribe();
    await until(() => cancelErrors.length === 1, "the cancel error");
    expect(cancelErrors[0]).toBeInstanceOf(ApiError);
    expect((cancelErrors[0] as ApiError).message).toContain(`/requests/${run.requestId()}/cancel failed with 500: cancel broke`);
    gates.open("cancel-fails");
  });

  it("sends no cancel when the server answered with an error (the job is left to be resumed)", async () => {
    const error = await errorOf(emu.client().queue.subscribe$("acme/held", { requestId: "no-such-request", pollInterval: 1 }));
    expect((error as ApiError).status).toBe(404);
    expect(cancels()).toHaveLength(0);
  });

  it("errors with a catchable FalTimeoutError after timeout ms, and cancels the request", async () => {
    const ids: string[] = [];
    const outcome = await lastValueFrom(
      emu
        .client()
        // Long enough for the submit to be answered on a loaded machine: the timeout falls while the job waits.
        .subscribe$("acme/held", { input: { name: "never" }, timeout: 1500, pollInterval: 5, onEnqueue: (id) => ids.push(id) })
        .pipe(catchError((error: unknown) => of(error))),
    );
    expect(outcome).toBeInstanceOf(FalTimeoutError);
    expect(outcome).toMatchObject({ kind: "total", ms: 1500 });
    expect((outcome as Error).message).toContain(`subscribe$ acme/held (request ${ids[0]}) timed out after 1500 ms`);
    await until(() => cancels().length === 1, "the cancel");
    expect(cancels()[0]!.url).toBe(`/queue/acme/held/requests/${ids[0]}/cancel`);
    await until(() => emu.emulator.job(ids[0]!)?.cancelled === true, "the job to be cancelled");
  });
});
