import { createParser, type EventSourceMessage } from "eventsource-parser";
import { Observable } from "rxjs";
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
}

/**
 * Server-sent events from a response body, pushed as their bytes arrive: a streaming TextDecoder
 * (multi-byte characters split across chunks) feeds eventsource-parser (CRLF/CR, comments,
 * multi-line data, `id`/`retry`, events split anywhere). Completes when the body ends cleanly;
 * errors with {@link SseTruncatedError} when it ends mid-event, or with the read error. Unsubscribing
 * cancels the reader, which releases the connection.
 */
export function sse$(body: ReadableStream<Uint8Array> | null): Observable<SseEvent> {
  return new Observable<SseEvent>((subscriber) => {
    if (!body) {
      subscriber.complete();
      return;
    }
    const reader = body.getReader();
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

    const pump = (): void => {
      reader.read().then(
        ({ done, value }) => {
          if (subscriber.closed) return;
          if (!done) {
            parser.feed(decoder.decode(value, { stream: true }));
            return pump();
          }
          parser.feed(decoder.decode());
          ending = true;
          parser.feed("\n\n");
          if (truncated) subscriber.error(new SseTruncatedError(`the event stream ended in the middle of event #${index}`));
          else subscriber.complete();
        },
        (error: unknown) => subscriber.error(error),
      );
    };
    pump();

    return () => {
      reader.cancel().catch(() => undefined);
    };
  });
}
