/**
 * fal-rx/emulator: a local fal-compatible server (Node only). Serves run, queue and rest under one
 * origin, told apart by path prefix, so `createFalClient({ baseUrls: emulator.baseUrls })` talks
 * to it with no other change.
 */
import type { AddressInfo } from "node:net";
import type { RecordedRequest } from "./context.js";
import { EndpointRegistry, registerBuiltIns, type EndpointHandler } from "./endpoints.js";
import { FaultQueue, type Fault } from "./faults.js";
import { handleRun } from "./routes/run.js";
import { createEmulatorServer, PREFIXES } from "./server.js";

export { EndpointError, EndpointResponse, type EndpointDefinition, type EndpointHandler } from "./endpoints.js";
export type { Fault, FaultKind, FaultScope } from "./faults.js";
export type { RecordedRequest } from "./context.js";
export type { JobContext, LogLine } from "./jobs.js";

export interface EmulatorOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to bind. @default "127.0.0.1" */
  host?: string;
  /** When set, every run/queue/rest request must carry `Authorization: Key <key>`. @default undefined */
  key?: string;
  /** Your own endpoints, by id, next to the built-ins. @default {} */
  endpoints?: Record<string, EndpointHandler>;
}

export interface Emulator {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The three hosts, for `createFalClient({ baseUrls })` or `fal.config({ baseUrls })`. */
  readonly baseUrls: { readonly run: string; readonly queue: string; readonly rest: string };
  /** Every request received, oldest first. */
  readonly requests: readonly RecordedRequest[];
  /** Forgets recorded requests and pending faults. */
  reset(): void;
  /** Serves a model: `(input, context) => output`, or `{run, stream}`. */
  register(id: string, handler: EndpointHandler): void;
  /** Makes the next matching request(s) fail: see {@link Fault}. */
  fail(fault: Fault): void;
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
  let url = "";

  const server = createEmulatorServer({
    key: options.key,
    endpoints,
    faults,
    requests,
    routes: { run: handleRun },
    origin: () => url,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  url = `http://${host}:${address.port}`;

  return {
    url,
    baseUrls: { run: `${url}${PREFIXES.run}`, queue: `${url}${PREFIXES.queue}`, rest: `${url}${PREFIXES.rest}` },
    requests,
    reset() {
      requests.length = 0;
      faults.clear();
    },
    register: (id, handler) => endpoints.register(id, handler),
    fail: (fault) => faults.add(fault),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
