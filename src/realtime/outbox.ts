import { defer, of, Subject, take, type Observable } from "rxjs";
import type { Frame } from "./codec.js";

/** Sends a frame on the open socket; `false` when the socket is no longer open. */
export type Sender = (frame: Frame) => boolean;

/**
 * The inputs of one realtime session between its input stream and whichever connection is open.
 * It holds at most one unsent frame (the latest: an interactive app only cares about the newest
 * input), sends it as soon as a connection opens, and never sends a frame twice, with one
 * exception: a frame the server refused with `Unauthorized` was not processed, so it goes out
 * again on the next connection unless a newer one is waiting.
 */
export class Outbox {
  private pending: { frame: Frame } | undefined;
  /** The last frame sent on the open connection that no answer has followed yet. */
  private unanswered: { frame: Frame } | undefined;
  private sender: Sender | undefined;
  private readonly offers = new Subject<void>();

  /** A new input: sent now if a connection is open, else kept (replacing an older unsent one). */
  offer(frame: Frame): void {
    if (!this.trySend(frame)) this.pending = { frame };
    this.offers.next();
  }

  /** No more inputs will come. */
  end(): void {
    this.offers.complete();
  }

  /** A connection opened: the pending frame goes out first. */
  attach(sender: Sender): void {
    this.sender = sender;
    const waiting = this.pending;
    this.pending = undefined;
    if (waiting && !this.trySend(waiting.frame)) this.pending = waiting;
  }

  /**
   * The connection of `sender` ended (a late close event of an old connection changes nothing).
   * What it sent may have been processed, so it is not sent again.
   */
  detach(sender: Sender): void {
    if (this.sender !== sender) return;
    this.sender = undefined;
    this.unanswered = undefined;
  }

  /** A result arrived: what was sent has been answered. */
  answered(): void {
    this.unanswered = undefined;
  }

  /** The server refused the token: its last unanswered frame was not processed and is due again. */
  refused(): void {
    if (!this.pending && this.unanswered) this.pending = this.unanswered;
    this.unanswered = undefined;
  }

  /**
   * Emits once there is something to send (at once if a frame is pending); completes without a
   * value when the inputs have ended with nothing pending. Used to reconnect on demand after the
   * server closed the connection normally.
   */
  demand$(): Observable<void> {
    return defer(() => (this.pending ? of(undefined) : this.offers.pipe(take(1))));
  }

  private trySend(frame: Frame): boolean {
    if (!this.sender?.(frame)) return false;
    this.unanswered = { frame };
    return true;
  }
}
