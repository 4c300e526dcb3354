/**
 * fal-rx/emulator: a local fal-compatible server (Node only). Serves run, queue and rest under one
 * origin, told apart by path prefix, so `createFalClient({ baseUrls: emulator.baseUrls })` talks
 * to it with no other change.
 */
import type { AddressInfo } from "node:net";
import type { RecordedRequest } from "./context.js";
import { EndpointRegistry, registerBuiltIns, type EndpointHandler } from "./endpoints.js";
import { FaultQueue, type Fault } from "./faults.js";
import { JobQueue, type QueueOptions } from "./queue.js";
import type { QueueJob } from "./queue-job.js";
import { queueRoute } from "./routes/queue.js";
import { handleRun } from "./routes/run.js";
import { attachRealtime, type RealtimeControl } from "./routes/realtime.js";
import { deliverWebhook, WebhookSigner } from "./webhook.js";
import { jwksRoute } from "./routes/jwks.js";
import { restRouter } from "./routes/rest.js";
import { StorageRoutes, type StorageObservations } from "./routes/storage.js";
import { tokensRoute } from "./routes/tokens.js";
import { controlRoute } from "./routes/control.js";
import { TokenStore } from "./tokens.js";
import { createEmulatorServer, emulatorBaseUrls } from "./server.js";
import { JWKS_PATH } from "../wire/webhook.js";

export { EndpointError, EndpointResponse, type EndpointDefinition, type EndpointHandler } from "./endpoints.js";
export type { Fault, FaultKind, FaultScope } from "./faults.js";
export type { RecordedRequest } from "./context.js";
export type { StorageObservations } from "./routes/storage.js";
export type { JobContext, LogLine } from "./jobs.js";
export type { QueueOptions } from "./queue.js";
export type { QueueJob } from "./queue-job.js";
export type { JobOutcome } from "./job-outcome.js";
export type { WebhookPayload } from "./webhook.js";
export { scripted, type Script, type ScriptedLog } from "./scripted.js";
export { SseCut, SseFrame } from "./stream-frames.js";
export type { StreamerInput } from "./streamer.js";
export type { RealtimeControl } from "./routes/realtime.js";
export type { RealtimeConnectionRecord } from "./context.js";
export { emulatorBaseUrls } from "./server.js";
export { RealtimeAppFailure, type RealtimeContext, type RealtimeEchoInput } from "./realtime-app.js";

export interface EmulatorOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to bind. @default "127.0.0.1" */
  host?: string;
  /** When set, every run/queue/rest request must carry `Authorization: Key <key>` (on the run host a valid `fal_jwt_token` does too). @default undefined */
  key?: string;
  /** Your own endpoints, by id, next to the built-ins. @default {} */
  endpoints?: Record<string, EndpointHandler>;
  /**
   * Delay, in ms, before each request to a signed upload URL (a whole file, a part, complete) is
   * answered, as a CDN far away would: benchmarks of parallel uploads need latency to hide.
   * @default 0
   */
  uploadLatencyMs?: number;
  /** The queue: per-endpoint concurrency, status-stream keep-alive, returned URLs. @default see {@link QueueOptions} */
  queue?: QueueOptions;
  /**
   * Bytes a request body may have: a larger one is answered 413 and not kept. Above fal's 90 MB
   * single-upload size, so any upload fal-rx or the official client makes fits.
   * @default 134217728 (128 MiB)
   */
  maxBodySize?: number;
  /**
   * How many requests `emulator.requests` keeps, newest last: an emulator that runs for hours (the
   * CLI's) must not keep every one. @default Infinity (in-process, where tests read them all)
   */
  maxRecordedRequests?: number;
  /**
   * Serve the request log, the jobs and reset over HTTP, under `/_emulator/` (`GET requests`,
   * `GET jobs`, `POST reset`), for tools outside this process; with `key`, they need it too. The
   * `fal-rx emulator` command turns this on. See docs/emulator.md, "From outside the process".
   * @default false
   */
  control?: boolean;
}

export interface Emulator {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The three hosts, for `createFalClient({ baseUrls })` or `fal.config({ baseUrls })`. */
  readonly baseUrls: { readonly run: string; readonly queue: string; readonly rest: string };
  /**
   * `{rest}/.well-known/jwks.json`: the public key of the signing key made at start, which signs
   * every webhook delivery as fal signs its own. For `verifyWebhook$(delivery, { jwksUrl })`
   * (`fal-rx/server`).
   */
  readonly jwksUrl: string;
  /** Every request received, oldest first. */
  readonly requests: readonly RecordedRequest[];
  /**
   * Forgets recorded requests, pending faults, issued tokens, uploads, the realtime logs and queue
   * jobs: waiting ones are dropped, running ones get the abort signal (their end is ignored: no
   * webhook), open status streams of them end, and their routes answer 404.
   */
  reset(): void;
  /** Serves a model: `(input, context) => output`, or `{run, stream}`. */
  register(id: string, handler: EndpointHandler): void;
  /** Makes the next matching request(s) fail: see {@link Fault}. */
  fail(fault: Fault): void;
  /** What storage saw beyond the request log: signed-URL requests in flight, and those aborted. */
  readonly storage: StorageObservations;
  /** A queued request by id (status, logs, `cancelled`, outcome), or `undefined`. */
  job(requestId: string): QueueJob | undefined;
  /** Every queued request, in submit order. */
  jobs(): QueueJob[];
  /** The realtime (WebSocket) route: its connection log and knobs (fail, drop, timeout, expireTokens). */
  readonly realtime: RealtimeControl;
  /** Stops listening, drops open connections, cancels running jobs. */
  close(): Promise<void>;
}

/**
 * Starts an emulator.
 *
 * @example
 * const emulator = await startEmulator({ port: 0 });
 * const fal = createFalClient({ baseUrls: emulator.baseUrls, credentials: "test" });
 * // ...
 * await emulator.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const endpoints = new EndpointRegistry();
  registerBuiltIns(endpoints);
  for (const [id, handler] of Object.entries(options.endpoints ?? {})) endpoints.register(id, handler);
  const faults = new FaultQueue();
  const requests: RecordedRequest[] = [];
  const log = { entries: requests, limit: options.maxRecordedRequests ?? Number.POSITIVE_INFINITY };
  const tokens = new TokenStore();
  const storage = new StorageRoutes(options.uploadLatencyMs);
  const webhooks = new AbortController();
  const signer = new WebhookSigner();
  const queue = new JobQueue(options.queue?.concurrency, (job) => void deliverWebhook(job, signer, webhooks.signal));
  let url = "";

  const server = createEmulatorServer({
    key: options.key,
    endpoints,
    faults,
    log,
    routes: {
      run: handleRun,
      queue: queueRoute(queue, { keepAliveMs: options.queue?.keepAliveMs ?? 15_000, publicUrl: options.queue?.publicUrl }),
      rest: restRouter({ "/tokens": tokensRoute(tokens), "/storage": storage.initiate, "/.well-known": jwksRoute(signer) }),
      upload: storage.upload,
    },
    tokens,
    origin: () => url,
    bodyLimit: options.maxBodySize ?? 128 * 1024 * 1024,
    control: options.control ? controlRoute({ requests, jobs: () => queue.all(), reset: () => reset() }) : undefined,
  });
  const realtime = await attachRealtime(server, { key: options.key, endpoints, tokens, log });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // A deep accept queue: bursts of connections (a thousand subscriptions at once) are queued, not refused.
    server.listen({ port: options.port ?? 0, host: options.host ?? "127.0.0.1", backlog: 4096 }, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  url = `http://${host}:${address.port}`;
  const reset = () => {
    requests.length = 0;
    faults.clear();
    tokens.clear();
    storage.reset();
    realtime.reset();
    queue.clear();
  };

  return {
    url,
    baseUrls: emulatorBaseUrls(url),
    jwksUrl: `${emulatorBaseUrls(url).rest}/${JWKS_PATH}`,
    requests,
    reset,
    register: (id, handler) => endpoints.register(id, handler),
    fail: (fault) => faults.add(fault),
    storage,
    job: (requestId) => queue.get(requestId),
    jobs: () => queue.all(),
    realtime: realtime.control,
    close: () =>
      new Promise<void>((resolve) => {
        queue.close();
        webhooks.abort();
        realtime.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
