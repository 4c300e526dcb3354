import { FalError } from "../errors.js";
import { redact } from "../safe-text.js";

/**
 * The realtime connection was lost and could not be re-established: `attempts` consecutive
 * connections failed (closed with a code other than 1000, failed to open, or had their token
 * refused). A connection-level failure, unlike {@link RealtimeAppError}: the inputs were fine.
 *
 * @example
 * connect$(...).pipe(catchError((e) => e instanceof RealtimeConnectionError ? showOffline(e.code) : throwError(() => e)))
 */
export class RealtimeConnectionError extends FalError {
  override name = "RealtimeConnectionError";
  /**
   * The close code of the last connection (1006 when it never opened or was cut without a close
   * frame); `undefined` when the client closed it itself because the server answered `Unauthorized`.
   */
  readonly code: number | undefined;
  /** The close reason, `"Unauthorized"`, or what the transport reported. */
  readonly reason: string;
  /** Consecutive connections tried, the first one included. */
  readonly attempts: number;
  /** The WebSocket URL, token redacted. */
  readonly url: string;

  constructor(init: { code: number | undefined; reason: string; attempts: number; url: string }) {
    const url = redact(init.url);
    const how = init.code === undefined ? init.reason : `code ${init.code}${init.reason ? ` (${init.reason})` : ""}`;
    super(`Realtime connection to ${url} lost after ${init.attempts} attempt${init.attempts === 1 ? "" : "s"}: ${how}`);
    this.code = init.code;
    this.reason = init.reason;
    this.attempts = init.attempts;
    this.url = url;
  }
}

/**
 * The app answered an input with an `x-fal-error` frame (other than `TIMEOUT`, which only says the
 * connection idled). The connection itself was fine; the Observable errors and the socket is
 * closed normally.
 */
export class RealtimeAppError extends FalError {
  override name = "RealtimeAppError";
  /** fal's error name, e.g. `"INVALID_INPUT"`. */
  readonly error: string;
  readonly reason: string;
  /** The `request_id` of the frame, `""` when it had none. */
  readonly requestId: string;
  /** The WebSocket URL, token redacted. */
  readonly url: string;

  constructor(init: { error: string; reason: string; requestId: string; url: string }) {
    const url = redact(init.url);
    super(`Realtime app at ${url} answered ${init.error}${init.reason ? `: ${init.reason}` : ""}`);
    this.error = init.error;
    this.reason = init.reason;
    this.requestId = init.requestId;
    this.url = url;
  }
}
