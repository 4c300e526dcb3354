import { lastValueFrom, Subject, take, tap, toArray } from "rxjs";
import { bodyChunks$ } from "../../src/transport/body-chunks";
import { parseSse, SseEventTooLargeError, SseTruncatedError } from "../../src/transport/sse";
import { errorOf } from "../support/observe";

/**
 * The SSE reader over bodies split at awkward points. These bodies are built in memory: the point
 * is where chunk boundaries fall, which a socket does not let a test choose. stream$ specs cover
 * the reader over the wire.
 */
/** A body's events, as stream$ and the status stream read them. */
const sse$ = (stream: ReadableStream<Uint8Array> | null) => bodyChunks$(stream).pipe(parseSse());

function body(chunks: (string | number[])[], opts: { failAfter?: boolean } = {}) {
  const encoder = new TextEncoder();
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.shift();
      if (next === undefined) {
        if (opts.failAfter) controller.error(new TypeError("terminated"));
        else controller.close();
        return;
      }
      controller.enqueue(typeof next === "string" ? encoder.encode(next) : new Uint8Array(next));
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
}

const read = (chunks: (string | number[])[]) => lastValueFrom(sse$(body(chunks).stream).pipe(toArray()));

describe("sse$", () => {
  it("emits each data event with its position", async () => {
    const events = await read(['data: {"a":1}\n\n', 'data: {"a":2}\n\n']);
    expect(events.map((e) => [e.index, e.type, e.data])).toEqual([
      [0, "message", '{"a":1}'],
      [1, "message", '{"a":2}'],
    ]);
  });

  it("reassembles an event split mid-line and mid-field", async () => {
    const events = await read(["da", 'ta: {"te', 'xt":"hi"}', "\n", "\n"]);
    expect(events.map((e) => e.data)).toEqual(['{"text":"hi"}']);
  });

  it("decodes a multi-byte character split across chunks", async () => {
    const euro = [...new TextEncoder().encode("data: €😀\n\n")];
    // Split inside the 3-byte € and inside the 4-byte emoji.
    const events = await read([euro.slice(0, 7), euro.slice(7, 10), euro.slice(10)]);
    expect(events.map((e) => e.data)).toEqual(["€😀"]);
  });

  it("accepts CRLF split between \\r and \\n, and bare CR", async () => {
    const events = await read(["data: one\r", "\n\r", "\ndata: two\r\rdata: three\n\n"]);
    expect(events.map((e) => e.data)).toEqual(["one", "two", "three"]);
  });

  it("joins multi-line data and skips comments", async () => {
    const events = await read([": keep-alive\n\n", "data: line 1\ndata: line 2\n\n", ":ping\n"]);
    expect(events.map((e) => e.data)).toEqual(["line 1\nline 2"]);
  });

  it("reads event names and ids, and ignores retry", async () => {
    const events = await read(["retry: 1000\nid: 7\nevent: error\ndata: {}\n\n"]);
    expect(events).toEqual([{ type: "error", data: "{}", id: "7", index: 0 }]);
  });

  it("errors when the body ends in the middle of an event", async () => {
    const error = await errorOf(sse$(body(['data: {"a":1}\n\n', 'data: {"a":']).stream));
    expect(error).toBeInstanceOf(SseTruncatedError);
    expect(error.message).toContain("event #1");
  });

  it("errors when the connection fails mid-stream", async () => {
    const error = await errorOf(sse$(body(["data: 1\n\n"], { failAfter: true }).stream));
    expect(error.message).toBe("terminated");
  });

  it("cancels the reader when unsubscribed", async () => {
    const source = body(["data: 1\n\n", "data: 2\n\n", "data: 3\n\n"]);
    const first = await lastValueFrom(sse$(source.stream).pipe(take(1), toArray()));
    expect(first.map((e) => e.data)).toEqual(["1"]);
    expect(source.cancelled()).toBe(true);
  });

  it("errors with SseEventTooLargeError and cancels the reader when an event grows past the limit", async () => {
    const source = body(["data: 1\n\n", "data: ", "x".repeat(40), "x".repeat(40), "never read\n\n"]);
    const seen: string[] = [];
    const error = await errorOf(bodyChunks$(source.stream).pipe(parseSse(64), tap((event) => seen.push(event.data))));
    expect(error).toBeInstanceOf(SseEventTooLargeError);
    expect(error).toMatchObject({ index: 1, limit: 64 });
    expect(seen).toEqual(["1"]);
    expect(source.cancelled()).toBe(true);
  });

  it("counts a long stream of short events and keep-alive comments against no limit", async () => {
    const chunks = Array.from({ length: 50 }, (_, i) => (i % 2 ? ": keep-alive\n\n" : `data: ${i}\n\n`));
    const events = await lastValueFrom(bodyChunks$(body(chunks).stream).pipe(parseSse(32), toArray()));
    expect(events).toHaveLength(25);
  });

  it("completes with nothing for an empty body", async () => {
    expect(await read([])).toEqual([]);
  });

  it("reads a stream split at every possible byte, one byte per chunk", async () => {
    const bytes = [...new TextEncoder().encode('data: {"t":"Ça €"}\r\n\r\n: ping\r\nevent: done\r\ndata: 😀\r\n\r\n')];
    const events = await read(bytes.map((byte) => [byte]));
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ["message", '{"t":"Ça €"}'],
      ["done", "😀"],
    ]);
  });

  it.each([...Array(14).keys()].map((n) => n + 1))("reads an event cut into two chunks after byte %i", async (cut) => {
    const bytes = [...new TextEncoder().encode("data: é😀\n\n")];
    const events = await read([bytes.slice(0, cut), bytes.slice(cut)]);
    expect(events.map((e) => e.data)).toEqual(["é😀"]);
  });

  it("emits an event during the chunk that completes it, not later", () => {
    const chunks = new Subject<Uint8Array>();
    const seen: string[] = [];
    chunks.pipe(parseSse()).subscribe((event) => seen.push(event.data));
    chunks.next(new TextEncoder().encode("data: first\n"));
    expect(seen).toEqual([]);
    chunks.next(new TextEncoder().encode("\ndata: sec"));
    expect(seen).toEqual(["first"]);
  });

  it("says which event was cut off", async () => {
    const error = await errorOf(sse$(body(["data: 1\n\n", "data: 2\n\n", "data: 3\n"]).stream));
    expect(error).toBeInstanceOf(SseTruncatedError);
    expect((error as SseTruncatedError).index).toBe(2);
  });
});
