import { Subject, takeUntil } from "rxjs";
import type { JobContext } from "../../src/emulator/index";
import { falProxy, falProxyFetch } from "../../src/server/index";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { until } from "../support/observe";
import { browserClient, fetchApiServer, useServer } from "../support/servers";

/** The browser going away (unsubscribe, switchMap) reaches the emulator through either proxy. */
describe("falProxy and falProxyFetch when the browser goes away", () => {
  const emu = useEmulator();
  const options = () => ({ baseUrls: emu.emulator.baseUrls, credentials: TEST_KEY, allowEndpoints: ["acme/*"], allowUnauthenticated: true as const });
  const node = useServer(() => falProxy(options()));
  const fetchApi = useServer(() => fetchApiServer(falProxyFetch(options())));
  const proxies = [
    ["falProxy", () => `${node.url}/api/fal/proxy`],
    ["falProxyFetch", () => `${fetchApi.url}/api/fal/proxy`],
  ] as const;

  /** An endpoint that runs until its signal aborts, and tells when it did. */
  function endless(id: string) {
    const seen = { aborted: false, started: false };
    emu.emulator.register(id, {
      run: async (_input: unknown, ctx: JobContext) => {
        seen.started = true;
        ctx.signal.addEventListener("abort", () => (seen.aborted = true));
        await ctx.sleep(60_000);
        return {};
      },
      async *stream(_input: unknown, ctx: JobContext) {
        ctx.signal.addEventListener("abort", () => (seen.aborted = true));
        for (let i = 0; ; i++) {
          yield { i };
          await ctx.sleep(5);
        }
      },
    });
    return seen;
  }

  it.each(proxies)("%s: unsubscribing from stream$ mid-stream aborts the stream at the emulator", async (_name, url) => {
    const seen = endless("acme/endless-stream");
    const stop = new Subject<void>();
    const partials: unknown[] = [];
    browserClient(emu.emulator, url()).stream$("acme/endless-stream").pipe(takeUntil(stop)).subscribe((event) => partials.push(event));
    await until(() => partials.length >= 2, "two partials through the proxy");
    stop.next();
    await until(() => seen.aborted, "the emulator to see the stream aborted");
  });

  it.each(proxies)("%s: unsubscribing from run$ mid-run disconnects the synchronous run at the emulator", async (_name, url) => {
    const seen = endless("acme/endless-run");
    const subscription = browserClient(emu.emulator, url()).run$("acme/endless-run").subscribe({ error: () => undefined });
    await until(() => seen.started, "the run to start");
    subscription.unsubscribe();
    await until(() => seen.aborted, "the emulator to see the run's caller gone");
  });

  it.each(proxies)("%s: unsubscribing from subscribe$ mid-run cancels the job: the cancel passes through with the key", async (_name, url) => {
    endless("acme/endless-job");
    const statuses: string[] = [];
    const subscription = browserClient(emu.emulator, url())
      .subscribe$("acme/endless-job", { input: {} })
      .subscribe({ next: (event) => event.type === "status" && statuses.push(event.status.status), error: () => undefined });
    await until(() => statuses.includes("IN_PROGRESS"), "the job to run");
    const [job] = emu.emulator.jobs();
    subscription.unsubscribe();
    await until(() => emu.emulator.job(job!.requestId)?.cancelled === true, "the job to be cancelled");
    const cancel = emu.emulator.requests.find((request) => request.method === "PUT")!;
    expect(cancel.url).toBe(`/queue/acme/endless-job/requests/${job!.requestId}/cancel`);
    expect(cancel.headers.authorization).toBe(`Key ${TEST_KEY}`);
  });
});
