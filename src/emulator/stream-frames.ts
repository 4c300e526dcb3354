/**
 * What an endpoint's `stream` may yield besides partials (which are sent as `data: <json>\n\n`):
 * raw frames and a cut, so endpoints can produce any wire shape, broken ones included.
 */

/** Bytes written to the event stream as they are: a comment, a named event, half an event. */
export class SseFrame {
  constructor(readonly bytes: string | Uint8Array) {}
}

/** The connection is destroyed at once: no clean end of the body (the client sees a reset). */
export class SseCut {}
