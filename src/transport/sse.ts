import { createParser, type EventSourceMessage } from "eventsource-parser";
import { Observable, type OperatorFunction } from "rxjs";
import { FalError } from "../errors.js";

/** One server-sent event. */
export interface SseEvent {
  /** The `event:` field; `"message"` when absent. */
  readonly type: string;
  readonly data: string;
  readonly id: string | undefined;
  /** 0-based position among the events of this stream (for error messages). */
  readonly index: number;
}

/** The stream ended in the middle of an event: its data is incomplete and was not delivered. */
export class SseTruncatedError extends FalError {
  override name = "SseTruncatedError";
  constructor(
    /** Position the incomplete event would have had (= the number of complete events). */
    readonly index: number,
  ) {
    super(`the event stream ended in the middle of event #${index}`);
  }
}

/**
 * Bytes in, server-sent events out. A streaming `TextDecoder` (`{stream: true}`) keeps a
 * multi-byte character split across chunks whole; eventsource-parser handles CRLF/CR endings,
 * comments, multi-line `data:`, `id`/`retry` and events split at any byte. Each event is emitted
 * during the chunk that completes it: no buffering beyond the incomplete line.
 *
 * Completes with the source; errors with {@link SseTruncatedError} when the source completes in
 * the middle of an event, and passes source errors through unchanged. Comments (keep-alives) emit
 * nothing: time them on the bytes, before this operator.
 *
 * @example
 * bodyChunks$(response.body).pipe(inactivityTimeout(15_000, what), parseSse())
 */
export function parseSse(): OperatorFunction<Uint8Array, SseEvent> {
  return (source) =>
    new Observable<SseEvent>((subscriber) => {
      const decoder = new TextDecoder();
      let index = 0;
      let truncated = false;
      let ending = false;
      const parser = createParser({
        onEvent: (message: EventSourceMessage) => {
          // An event completed only by our end-of-stream flush was cut off by the server.
          if (ending) truncated = true;
          else subscriber.next({ type: message.event ?? "message", data: message.data, id: message.id, index: index++ });
        },
      });
      return source.subscribe({
        next: (chunk) => parser.feed(decoder.decode(chunk, { stream: true })),
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          parser.feed(decoder.decode());
          // A blank line dispatches whatever is pending: only an unfinished event would fire now.
          ending = true;
          parser.feed("\n\n");
          if (truncated) subscriber.error(new SseTruncatedError(index));
          else subscriber.complete();
        },
      });
    });
}
