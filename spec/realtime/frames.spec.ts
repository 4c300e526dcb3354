import { decode, encode } from "@msgpack/msgpack";
import { decodeFrame, encodeInput } from "../../src/realtime/codec";
import { lastValueFrom, of, toArray } from "rxjs";
import { classifyFrame, results, type RealtimeEvent } from "../../src/realtime/events";

describe("realtime frames", () => {
  describe("classifyFrame", () => {
    it("reads a plain object as a result carrying its request_id", () => {
      expect(classifyFrame({ images: [], request_id: "r1" })).toEqual({ kind: "result", data: { images: [], request_id: "r1" }, requestId: "r1" });
    });

    it("gives a result without request_id the request id \"\"", () => {
      expect(classifyFrame({ ok: 1 })).toEqual({ kind: "result", data: { ok: 1 }, requestId: "" });
    });

    it.each([["bare text", "hello"], ["bytes", new Uint8Array([1, 2])], ["an array", [1, 2]], ["null", null]])("reads %s as a result", (_name, frame) => {
      expect(classifyFrame(frame)).toEqual({ kind: "result", data: frame, requestId: "" });
    });

    it("recognises fal's Unauthorized answer", () => {
      expect(classifyFrame({ status: "error", error: "Unauthorized" })).toEqual({ kind: "unauthorized" });
    });

    it("reads x-fal-message as information, not a result", () => {
      const frame = { type: "x-fal-message", message: "warming up" };
      expect(classifyFrame(frame)).toEqual({ kind: "message", data: frame });
    });

    it("reads an x-fal-error TIMEOUT as the connection idling, not a failure", () => {
      expect(classifyFrame({ type: "x-fal-error", error: "TIMEOUT", reason: "idle" })).toEqual({ kind: "idle" });
    });

    it("reads any other x-fal-error as an app error with its reason and request id", () => {
      expect(classifyFrame({ type: "x-fal-error", error: "INVALID_INPUT", reason: "prompt is empty", request_id: "r2" })).toEqual({
        kind: "error",
        error: "INVALID_INPUT",
        reason: "prompt is empty",
        requestId: "r2",
      });
    });
  });

  describe("default codec", () => {
    it("encodes objects as MessagePack", () => {
      const frame = encodeInput({ prompt: "a cat", strength: 0.5 });
      expect(frame).toBeInstanceOf(Uint8Array);
      expect(decode(frame as Uint8Array)).toEqual({ prompt: "a cat", strength: 0.5 });
    });

    it("sends strings and bytes as they are", () => {
      const bytes = new Uint8Array([1, 2, 3]);
      expect(encodeInput("raw text")).toBe("raw text");
      expect(encodeInput(bytes)).toBe(bytes);
      expect(encodeInput(bytes.buffer)).toBe(bytes.buffer);
    });

    it("decodes text frames as JSON and binary frames as MessagePack", () => {
      expect(decodeFrame('{"a":1}')).toEqual({ a: 1 });
      const packed = encode({ b: [1, "two"] });
      expect(decodeFrame(packed.buffer.slice(packed.byteOffset, packed.byteOffset + packed.byteLength) as ArrayBuffer)).toEqual({ b: [1, "two"] });
    });

    it("throws on a text frame that is not JSON (the session reports it)", () => {
      expect(() => decodeFrame("not json")).toThrow(SyntaxError);
    });
  });

  it("results() keeps the results and drops the messages", async () => {
    const events: RealtimeEvent<number>[] = [
      { type: "message", data: { type: "x-fal-message" } },
      { type: "result", data: 1, requestId: "a" },
      { type: "message", data: { type: "x-fal-message" } },
      { type: "result", data: 2, requestId: "b" },
    ];
    expect(await lastValueFrom(of(...events).pipe(results(), toArray()))).toEqual([events[1], events[3]]);
  });
});
