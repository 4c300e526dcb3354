import { hash64, isJson, stableJson } from "../../src/angular/stable-json";

/** The hand-off's keys: the same text for the same input, whatever its field order. */
describe("stableJson", () => {
  it("sorts object keys at every depth, so field order does not matter", () => {
    expect(stableJson({ b: 1, a: { d: [1, { z: 0, y: "x" }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":"x","z":0}]},"b":1}');
  });

  it("leaves out undefined fields and writes undefined array items as null, as JSON does", () => {
    expect(stableJson({ a: undefined, b: [undefined, 2] })).toBe('{"b":[null,2]}');
  });

  it.each([
    ["a Blob", new Blob(["x"])],
    ["a Date", new Date(0)],
    ["a Map", new Map()],
    ["NaN", Number.NaN],
    ["a function", () => 1],
  ])("gives no text for input holding %s (no key can be derived)", (_what, value) => {
    expect(stableJson({ input: [value] })).toBeUndefined();
    expect(isJson({ input: [value] })).toBe(false);
  });

  it("accepts what JSON carries", () => {
    expect(isJson({ images: [{ url: "u", width: 1, nsfw: false, seed: null }] })).toBe(true);
  });
});

describe("hash64", () => {
  it("is 64-bit FNV-1a: the published test vectors", () => {
    expect(hash64("")).toBe("cbf29ce484222325");
    expect(hash64("a")).toBe("af63dc4c8601ec8c");
    expect(hash64("foobar")).toBe("85944171f73967e8");
  });
});
