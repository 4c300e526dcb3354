import { array, checkShape, either, literal, nullish, number, object, optional, string, url, variants } from "../../src/wire/shape";
import { QueueStatusPayload } from "../../src/wire/queue";

const issueOf = (shape: Parameters<typeof checkShape>[0], value: unknown) => {
  const checked = checkShape(shape, value);
  return checked.ok ? undefined : checked.issue;
};

describe("shapes", () => {
  it("returns the very value it checked, extra fields included", () => {
    const value = { message: "hi", later: { added: true } };
    const checked = checkShape(object({ message: string }), value);
    expect(checked).toEqual({ ok: true, value });
    expect(checked.ok && checked.value).toBe(value);
  });

  it.each([
    ["a string", string, 3, "string"],
    ["a number", number, "3", "number"],
    ["a URL", url, "not a url", "a URL"],
    ["a literal", literal("A", "B"), "C", 'one of "A", "B"'],
    ["an object", object({}), [], "object"],
    ["an array", array(string), {}, "array"],
  ])("names what %s expected when the value is not one", (_name, shape, value, expected) => {
    expect(issueOf(shape, value)).toEqual({ path: [], expected });
  });

  it("reports the path of the first wrong field, through objects and arrays", () => {
    const shape = object({ logs: array(object({ message: string })) });
    expect(issueOf(shape, { logs: [{ message: "ok" }, { level: "INFO" }] })).toEqual({ path: ["logs", 1, "message"], expected: "string" });
  });

  it("lets optional fields be absent but not null, and nullish fields be either", () => {
    expect(issueOf(object({ a: optional(string) }), {})).toBeUndefined();
    expect(issueOf(object({ a: optional(string) }), { a: null })).toEqual({ path: ["a"], expected: "string" });
    expect(issueOf(object({ a: nullish(string) }), { a: null })).toBeUndefined();
    expect(issueOf(object({ a: nullish(string) }), { a: 1 })).toEqual({ path: ["a"], expected: "string" });
  });

  it("accepts either of two shapes and names both when neither fits", () => {
    const shape = either(string, number);
    expect(issueOf(shape, 1)).toBeUndefined();
    expect(issueOf(shape, "x")).toBeUndefined();
    expect(issueOf(shape, true)).toEqual({ path: [], expected: "string or number" });
  });

  it("checks a tagged object against the variant its tag names", () => {
    const shape = variants("kind", { a: object({ kind: literal("a"), n: number }), b: object({ kind: literal("b"), s: string }) });
    expect(issueOf(shape, { kind: "b", s: "x" })).toBeUndefined();
    expect(issueOf(shape, { kind: "a", s: "x" })).toEqual({ path: ["n"], expected: "number" });
    expect(issueOf(shape, { kind: "c" })).toEqual({ path: ["kind"], expected: 'one of "a", "b"' });
    expect(issueOf(shape, null)).toEqual({ path: [], expected: "object" });
  });

  it("accepts each queue status fal sends and rejects a queued one without its position", () => {
    expect(issueOf(QueueStatusPayload, { status: "IN_QUEUE", queue_position: 0, request_id: "r" })).toBeUndefined();
    expect(issueOf(QueueStatusPayload, { status: "IN_PROGRESS", logs: null })).toBeUndefined();
    expect(issueOf(QueueStatusPayload, { status: "COMPLETED", metrics: { inference_time: null }, error: null })).toBeUndefined();
    expect(issueOf(QueueStatusPayload, { status: "IN_QUEUE" })).toEqual({ path: ["queue_position"], expected: "number" });
  });
});
