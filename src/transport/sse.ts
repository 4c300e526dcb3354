import { createParser, type EventSourceMessage } from "eventsource-parser";
import { Observable, type OperatorFunction } from "rxjs";
import { FalError } from "../errors.js";

const CR = 0x0d;

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

/** An event (or a line) grew past the limit without ending: the stream is not one fal would send. */
export class SseEventTooLargeError extends FalError {
  override name = "SseEventTooLargeError";
  constructor(
    /** Position of the event that grew too large (= the number of complete events). */
    readonly index: number,
    readonly limit: number,
  ) {
    super(`event #${index} of the event stream grew past ${limit} bytes without ending`);
  }
}

/**
 * Bytes in, server-sent events out. A streaming `TextDecoder` (`{stream: true}`) keeps a
 * multi-byte character split across chunks whole; eventsource-parser handles CRLF/CR endings,
 * comments, multi-line `data:`, `id`/`retry` and events split at any byte. Each event is emitted
 * during the chunk that completes it: no buffering beyond the incomplete line.
 *
 * Completes with the source; errors with {@link SseTruncatedError} when the source completes in
 * the middle of an event, with {@link SseEventTooLargeError} (unsubscribing the source) once more
 * than `maxEventSize` bytes arrive without completing an event or a comment, and passes source
 * errors through unchanged. Comments (keep-alives) emit nothing: time them on the bytes, before
 * this operator.
 *
 * @example
 * bodyChunks$(response.body).pipe(inactivityTimeout(15_000, what), parseSse())
 */
export function parseSse(maxEventSize = Number.POSITIVE_INFINITY): OperatorFunction<Uint8Array, SseEvent> {
  return (source) =>
    new Observable<SseEvent>((subscriber) => {
      const decoder = new TextDecoder();
      let index = 0;
      let truncated = false;
      let ending = false;
      // Bytes since an event or a comment last ended (counted per chunk: the limit is exact to
      // within one chunk, which is all it needs to be to bound memory).
      let pending = 0;
      let endsWithCr = false;
      const parser = createParser({
        onEvent: (message: EventSourceMessage) => {
          pending = 0;
          // An event completed only by our end-of-stream flush was cut off by the server.
          if (ending) truncated = true;
          else subscriber.next({ type: message.event ?? "message", data: message.data, id: message.id, index: index++ });
        },
        onComment: () => {
          pending = 0;
        },
      });
      // Erroring also unsubscribes the source (the returned subscription), closing the connection.
      return source.subscribe({
        next: (chunk) => {
          pending += chunk.byteLength;
          endsWithCr = chunk[chunk.byteLength - 1] === CR;
          parser.feed(decoder.decode(chunk, { stream: true }));
          if (pending > maxEventSize) subscriber.error(new SseEventTooLargeError(index, maxEventSize));
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          parser.feed(decoder.decode());
          // A line ended by a lone CR stays pending in the parser, which waits to see whether an LF
          // follows: the end of the stream says none will. An LF completes that CR and nothing else.
          if (endsWithCr) parser.feed("\n");
          // A blank line dispatches whatever is pending: only an unfinished event would fire now.
          ending = true;
          parser.feed("\n\n");
          if (truncated) subscriber.error(new SseTruncatedError(index));
          else subscriber.complete();
        },
      });
    });
}
