/**
 * Heap held per subscribe$ job in flight, in a process of its own (see child.ts): `JOBS` jobs
 * started at once and left waiting, with every request answered from memory (the global fetch
 * replaced: no sockets, no undici objects, so only the client's own state counts). PHASE "timer":
 * each job between two polls (status IN_PROGRESS, poll interval 10 min); PHASE "fetch": each job's
 * first status request unanswered. The heap is read once every job has sent its first status
 * request (both clients send it at once after the submit answer). Prints one JSON line: `{bytesPerJob}`.
 * Env: CLIENT ("fal-rx" | "official"), PHASE, JOBS.
 */
import { exitWithParent } from "./child";
import { clientsFor } from "./clients";
import { settledHeap, sleep } from "./harness";
import { SUBSCRIBE_FORMS } from "./subscribe-forms";

const FAL_HOSTS = { run: "https://fal.run", queue: "https://queue.fal.run", rest: "https://rest.fal.ai" };

async function main(): Promise<void> {
  exitWithParent();
  const jobs = Number(process.env.JOBS);
  const phase = process.env.PHASE === "fetch" ? "fetch" : "timer";
  // Unanswered requests stay reachable, as a socket would keep them.
  const unanswered: unknown[] = [];
  let statusRequests = 0;
  const base = `${FAL_HOSTS.queue}/bench/timed/requests/in-memory`;
  const ref = { request_id: "in-memory", response_url: base, status_url: `${base}/status`, cancel_url: `${base}/cancel` };
  const answer = (body: object) =>
    new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json", "x-fal-request-id": "in-memory" } });
  globalThis.fetch = async (input, init) => {
    if ((init?.method ?? "GET").toUpperCase() === "POST") return answer({ ...ref, status: "IN_QUEUE", queue_position: 0 });
    if (String(input).includes("/status")) statusRequests++;
    if (phase === "fetch") return new Promise<Response>((resolve) => unanswered.push(resolve));
    return String(input).includes("/status") ? answer({ ...ref, status: "IN_PROGRESS", logs: null }) : answer({});
  };
  const { falRx, official } = clientsFor(FAL_HOSTS);
  const options = { input: { id: 1 }, pollInterval: 600_000 };
  const start =
    process.env.CLIENT === "fal-rx"
      ? () => SUBSCRIBE_FORMS["firstValueFrom(filter(result))"](falRx.subscribe$("bench/timed", options))
      : () => official.subscribe("bench/timed", options);
  const held: Promise<unknown>[] = [];
  // Starts `count` jobs and waits until each has sent its first status request, and a little more
  // for the answers to be read and the next polls' timers set.
  const launch = async (count: number) => {
    for (let i = 0; i < count; i++) held.push(start().catch(() => undefined));
    while (statusRequests < held.length) await sleep(10);
    await sleep(50);
  };
  // Warm: code compiled and module state allocated before the baseline.
  await launch(50);
  const before = settledHeap();
  await launch(jobs);
  const after = settledHeap();
  process.stdout.write(`${JSON.stringify({ bytesPerJob: (after - before) / jobs, held: held.length + unanswered.length })}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
