import { Observable } from "rxjs";
import { webSocket, type WebSocketSubjectConfig } from "rxjs/webSocket";
import { FalError } from "../errors.js";
import { redact } from "../safe-text.js";
import { RealtimeAppError } from "./errors.js";
import { classifyFrame, type RealtimeEvent } from "./events.js";
import type { Frame } from "./codec.js";
import { REALTIME_DEFAULTS, type WebSocketCtorLike } from "./options.js";
import type { Outbox, Sender } from "./outbox.js";
import { ConnectionDroppedError } from "./reconnect.js";

/** Where and how one connection talks. */
export interface SocketSpec {
  readonly url: string;
  readonly WebSocketCtor: WebSocketCtorLike;
  readonly decode: (data: string | ArrayBuffer) => unknown;
  /** Emit `x-fal-message` frames too. */
  readonly messages: boolean;
}

type Socket = { readonly readyState: number };
type Close = { readonly code: number; readonly reason: string };

/**
 * One WebSocket connection, on `rxjs/webSocket`: opens on subscribe, hands the outbox a sender
 * once open, emits results (and messages if asked), ignores `TIMEOUT`. Completes when the server
 * closes with 1000. Errors with {@link ConnectionDroppedError} on any other close, a failed open,
 * or `Unauthorized` (reconnectable), {@link RealtimeAppError} on an `x-fal-error`, a
 * {@link FalError} on an undecodable frame. Unsubscribing closes the socket with 1000.
 */
export function socket$<O>(spec: SocketSpec, outbox: Outbox): Observable<RealtimeEvent<O>> {
  return new Observable<RealtimeEvent<O>>((subscriber) => {
    let open: Socket | undefined;
    let closed: Close | undefined;
    const dropped = (code: number | undefined, reason: string) => new ConnectionDroppedError(code, reason, spec.url);
    const sender: Sender = (frame) => {
      // A socket the server is closing drops sends silently: keep the frame instead.
      if (open?.readyState !== 1) return false;
      socket.next(frame);
      return true;
    };

    const config: WebSocketSubjectConfig<unknown> = {
      url: spec.url,
      WebSocketCtor: spec.WebSocketCtor as NonNullable<WebSocketSubjectConfig<unknown>["WebSocketCtor"]>,
      // ArrayBuffer, not Blob: frames are then decoded synchronously, in order.
      binaryType: "arraybuffer",
      // Frames are encoded before they reach the subject, so a bad input errors our Observable
      // instead of the subject's serializer.
      serializer: (frame) => frame as Frame,
      deserializer: (event) => event.data,
      openObserver: {
        next: (event) => {
          open = event.target as unknown as Socket;
          outbox.attach(sender);
        },
      },
      closeObserver: {
        next: (event) => {
          closed = { code: event.code, reason: event.reason };
          outbox.detach(sender);
        },
      },
    };
    const socket = webSocket<unknown>(config);

    const subscription = socket.subscribe({
      next: (data) => {
        let frame: unknown;
        try {
          frame = spec.decode(data as string | ArrayBuffer);
        } catch (cause) {
          subscriber.error(new FalError(`Realtime frame from ${redact(spec.url)} could not be decoded: ${(cause as Error)?.message}`, { cause }));
          return;
        }
        const kind = classifyFrame(frame);
        switch (kind.kind) {
          case "result":
            outbox.answered();
            return subscriber.next({ type: "result", data: kind.data as O, requestId: kind.requestId });
          case "message":
            if (spec.messages) subscriber.next({ type: "message", data: kind.data });
            return;
          case "idle":
            return;
          case "unauthorized":
            outbox.refused();
            return subscriber.error(dropped(undefined, "Unauthorized"));
          case "error":
            return subscriber.error(new RealtimeAppError({ error: kind.error, reason: kind.reason, requestId: kind.requestId, url: spec.url }));
        }
      },
      // A socket that failed to open (or broke) reports an error event before its close: 1006.
      error: (event: unknown) => {
        const code = closed?.code ?? 1006;
        const message = (event as { message?: unknown } | undefined)?.message;
        const reason = closed?.reason || (typeof message === "string" && message) || "the connection failed";
        subscriber.error(dropped(code, redact(reason)));
      },
      // rxjs completes on any clean close, whatever its code: only 1000 is a normal end.
      complete: () => (closed?.code === 1000 ? subscriber.complete() : subscriber.error(dropped(closed?.code ?? 1005, closed?.reason ?? ""))),
    });

    return () => {
      outbox.detach(sender);
      // Without a code the peer would see 1005 (no status); a subscriber leaving is a normal close.
      if (open?.readyState === 1 && !closed) socket.error(REALTIME_DEFAULTS.normalClose);
      subscription.unsubscribe();
    };
  });
}
