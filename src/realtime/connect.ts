import {
  asyncScheduler,
  defer,
  ignoreElements,
  map,
  merge,
  repeat,
  switchMap,
  tap,
  type Observable,
  type SchedulerLike,
} from "rxjs";
import { DEFAULTS, type NormalizedConfig } from "../config.js";
import { FalError } from "../errors.js";
import { providedToken$, temporaryToken$ } from "../transport/token.js";
import type { RealtimeEvent } from "./events.js";
import type { Frame } from "./codec.js";
import { normalizeRealtimeOptions, type NormalizedRealtimeOptions, type RealtimeOptions } from "./options.js";
import { Outbox } from "./outbox.js";
import { ConnectionDroppedError, reconnectWithBackoff } from "./reconnect.js";
import { socket$ } from "./socket.js";
import { throttleInputs } from "./throttle.js";
import { tokenCache } from "./token-policy.js";
import { realtimeTarget, type RealtimeTarget } from "./url.js";

/**
 * A realtime session: a function from a stream of inputs to a stream of results. Subscribing
 * fetches a token and opens the WebSocket; each value of `inputs$` is sent (throttled: only the
 * latest of each window goes out); each answer is emitted as `{type: "result", data, requestId}`.
 * Unsubscribing closes the socket with 1000.
 *
 * A connection that drops (a close code other than 1000, a failed open, `Unauthorized`) is
 * re-opened with a fresh token after a backoff; the latest unsent input is sent on the new one.
 * When the server closes normally (1000), the next input opens a new connection; if `inputs$` has
 * completed by then, the Observable completes. `TIMEOUT` frames are ignored.
 *
 * Errors: {@link InvalidEndpointIdError}/{@link InvalidOptionError} (nothing sent),
 * {@link RealtimeConnectionError} (reconnects exhausted), {@link RealtimeAppError} (an
 * `x-fal-error` answer), the token request's {@link ApiError}/{@link NetworkError}, and any error
 * of `inputs$`.
 *
 * @example
 * connect$(config, "fal-ai/fast-lcm-diffusion", prompts$).subscribe((event) => show(event.data));
 */
export function connect$<O = unknown, I = unknown>(
  config: NormalizedConfig,
  endpointId: string,
  inputs$: Observable<I>,
  options: RealtimeOptions<I> = {},
  scheduler: SchedulerLike = asyncScheduler,
  random: () => number = Math.random,
): Observable<RealtimeEvent<O>> {
  return defer(() => {
    const normalized = normalizeRealtimeOptions(options, DEFAULTS.tokenExpirationSeconds);
    const target = realtimeTarget(config.baseUrls, endpointId, normalized.path, normalized.maxBuffering);

    const outbox = new Outbox();
    const feed$ = inputs$.pipe(
      throttleInputs(normalized.throttle, scheduler),
      map((input) => encodeOrFail(normalized.encode, input, target.appPath)),
      tap({ next: (frame) => outbox.offer(frame), complete: () => outbox.end() }),
      ignoreElements(),
    );

    const tokens = tokenCache(() => fetchToken$(config, normalized, target, scheduler), normalized.tokenExpiration, target.appPath, scheduler);
    const connection$ = tokens.token$.pipe(
      switchMap((token) =>
        socket$<O>(
          { url: target.url(token), WebSocketCtor: normalized.WebSocketCtor, decode: normalized.decode, messages: normalized.messages },
          outbox,
        ),
      ),
      // A connection that failed or was refused may have failed because of its token: never reuse it.
      tap({ error: (error: unknown) => error instanceof ConnectionDroppedError && tokens.invalidate() }),
      reconnectWithBackoff(normalized.reconnect, scheduler, random),
      // The server ended the connection normally: open a new one when there is something to send.
      repeat({ delay: () => outbox.demand$() }),
    );
    return merge(feed$, connection$);
  });
}

function fetchToken$<I>(config: NormalizedConfig, options: NormalizedRealtimeOptions<I>, target: RealtimeTarget, scheduler: SchedulerLike): Observable<string> {
  if (!options.tokenProvider) return temporaryToken$(config, target.alias, scheduler);
  return providedToken$(options.tokenProvider, target.appPath);
}

function encodeOrFail<I>(encode: (input: I) => Frame, input: I, appPath: string): Frame {
  try {
    return encode(input);
  } catch (cause) {
    throw new FalError(`Could not encode an input for ${appPath}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}
