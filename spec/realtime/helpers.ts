import { BehaviorSubject, filter, firstValueFrom, Subject, type Observable } from "rxjs";
import { WebSocket } from "ws";
import type { Emulator } from "../../src/emulator/index";
import { createRealtimeClient, type RealtimeEvent, type RealtimeOptions } from "../../src/realtime/index";
import { TEST_KEY, type useEmulator } from "../support/emulator";

/** Node 20 has no global WebSocket: every spec passes ws's, as a Node user would. */
export const NODE_OPTIONS = { WebSocketCtor: WebSocket, throttle: 0, reconnect: { baseDelay: 1, maxDelay: 5 } } satisfies RealtimeOptions;

/** A realtime client on the spec's emulator (fast reconnects, no throttle unless asked). */
export function realtimeOn(emu: ReturnType<typeof useEmulator>) {
  const client = createRealtimeClient(emu.client());
  return {
    connect$: <O = Record<string, unknown>, I = unknown>(id: string, inputs$: Observable<I>, options: RealtimeOptions<I> = {}) =>
      client.connect$<O, I>(id, inputs$, { ...NODE_OPTIONS, ...options, reconnect: { ...NODE_OPTIONS.reconnect, ...options.reconnect } }),
    session: <I = unknown, O = Record<string, unknown>>(id: string, options: RealtimeOptions<I> = {}) =>
      client.session<I, O>(id, { ...NODE_OPTIONS, ...options }),
  };
}

/** A token as the user's own server would get it: `POST {rest}/tokens/` with the key. */
export async function issueToken(emulator: Emulator, alias = "realtime-echo"): Promise<string> {
  const response = await fetch(`${emulator.baseUrls.rest}/tokens/`, {
    method: "POST",
    headers: { authorization: `Key ${TEST_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ allowed_apps: [alias], token_expiration: 120 }),
  });
  return (await response.json()) as string;
}

/**
 * A tokenProvider whose answers the spec releases one by one (`release(token)`), recording the
 * app paths it was asked for: lets a spec act while the session is between connections.
 */
export function heldTokenProvider() {
  const asked: string[] = [];
  const answers = new Subject<string>();
  return {
    asked,
    provider: (app: string) => {
      asked.push(app);
      return answers;
    },
    release: (token: string) => answers.next(token),
  };
}

/** The inputs the emulator received on each realtime connection. */
export function inputsByConnection(emulator: Emulator): unknown[][] {
  return emulator.realtime.connections.map((connection) => connection.inputs);
}


/** A subscribed session: push `inputs`, read `events`, await the n-th with `waitFor(n)`, `stop()` to leave. */
export function startSession<O>(session$: (inputs$: Observable<Record<string, unknown>>) => Observable<RealtimeEvent<O>>) {
  const inputs = new Subject<Record<string, unknown>>();
  const events: RealtimeEvent<O>[] = [];
  const count = new BehaviorSubject(0);
  let failure: unknown;
  const subscription = session$(inputs).subscribe({
    next: (event) => {
      events.push(event);
      count.next(events.length);
    },
    error: (error: unknown) => {
      failure = error;
      count.error(error);
    },
  });
  return {
    inputs,
    events,
    /** Resolves once `n` events have arrived; rejects with the session's error if it fails first. */
    waitFor: (n: number) => firstValueFrom(count.pipe(filter((seen) => seen >= n))),
    requestIds: () => events.map((e) => (e.type === "result" ? e.requestId : e.type)),
    failure: () => failure,
    stop: () => subscription.unsubscribe(),
  };
}
