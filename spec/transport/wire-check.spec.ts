import { WireFormatError } from "../../src/errors";
import { checkWire, type PayloadOrigin } from "../../src/transport/wire-check";
import { ValidationErrorDetails } from "../../src/wire/errors";
import { QueueStatusPayload, statusPayloadSchema, SubmitAnswer } from "../../src/wire/queue";
import { InitiateUploadResponse } from "../../src/wire/storage";
import { TokenAnswer } from "../../src/wire/token";

const STATUS_URL = "https://queue.fal.run/fal-ai/echo/requests/r-1/status?logs=0";
const origin: PayloadOrigin = { method: "GET", url: STATUS_URL, status: 202, requestId: "req-9" };

/** The error `checkWire` throws for `value`; fails the test when the value passes. */
function wireErrorOf(schema: Parameters<typeof checkWire>[0], value: unknown, what = "the status", from = origin): WireFormatError {
  try {
    checkWire(schema, value, from, what);
  } catch (error) {
    return error as WireFormatError;
  }
  throw new Error("expected checkWire to throw");
}

describe("checkWire", () => {
  it("returns the checked value with every field it was sent", () => {
    const payload = { status: "IN_QUEUE", queue_position: 2, added_by_fal: { x: 1 } };
    expect(checkWire(QueueStatusPayload, payload, origin, "the status")).toEqual(payload);
  });

  it("throws a WireFormatError with the answer's status, method, URL, request id, body and issue path", () => {
    const body = { status: "IN_QUEUE", queue_position: "3" };
    const error = wireErrorOf(QueueStatusPayload, body);
    expect(error).toBeInstanceOf(WireFormatError);
    expect(error).toMatchObject({ status: 202, method: "GET", url: STATUS_URL, requestId: "req-9", body, path: ["queue_position"] });
  });

  it("says what, where, why: method, URL and status, then the field, what it expected and what came", () => {
    const error = wireErrorOf(QueueStatusPayload, { status: "IN_QUEUE", queue_position: "3" });
    expect(error.message).toBe(`GET ${STATUS_URL} failed with 202: the status is not fal's shape: queue_position: expected number, got "3"`);
  });

  it.each([
    ["a tag of another type", { status: 42 }, ["status"], 'status: expected "IN_QUEUE" | "IN_PROGRESS" | "COMPLETED", got 42'],
    ["an unknown tag", { status: "CANCELLED" }, ["status"], 'status: expected "IN_QUEUE" | "IN_PROGRESS" | "COMPLETED", got "CANCELLED"'],
    ["a field the tag's variant requires", { status: "IN_QUEUE" }, ["queue_position"], "queue_position: expected number, got nothing"],
    ["a field deep in the variant", { status: "IN_PROGRESS", logs: [{ message: "ok" }, { level: "INFO" }] }, ["logs", 1, "message"], "logs.1.message: expected string, got nothing"],
    ["a body that is no object", "busy", [], '(the whole body): expected object, got "busy"'],
    ["no body at all", undefined, [], "(the whole body): expected object, got nothing"],
  ])("names the status's literal values or the variant's field for %s", (_what, body, path, detail) => {
    const error = wireErrorOf(QueueStatusPayload, body);
    expect(error.path).toEqual(path);
    expect(error.message).toContain(`the status is not fal's shape: ${detail}`);
  });

  it.each([
    ["a valid IN_QUEUE", { status: "IN_QUEUE", queue_position: 0, extra: 1 }],
    ["a valid COMPLETED", { status: "COMPLETED", logs: null, metrics: { inference_time: 1.5 }, error: null }],
    ["a wrong field of a known tag", { status: "IN_QUEUE", queue_position: "3" }],
    ["a wrong field deep in a variant", { status: "IN_PROGRESS", logs: [{ level: "INFO" }] }],
    ["an unknown tag", { status: "CANCELLED" }],
    ["a tag of another type", { status: 42 }],
    ["no object", "busy"],
  ])("checks %s by its tag's branch with the union's outcome and words", (_what, body) => {
    const outcome = (schema: Parameters<typeof checkWire>[0]) => {
      try {
        return { value: checkWire(schema, body, origin, "the status") };
      } catch (error) {
        return { message: (error as Error).message, path: (error as WireFormatError).path };
      }
    };
    expect(outcome(statusPayloadSchema(body))).toEqual(outcome(QueueStatusPayload));
  });

  it("picks the tag's own branch, and the union for a tag it does not know", () => {
    expect(statusPayloadSchema({ status: "COMPLETED" })).not.toBe(QueueStatusPayload);
    expect(statusPayloadSchema({ status: "CANCELLED" })).toBe(QueueStatusPayload);
    expect(statusPayloadSchema({ status: "toString" })).toBe(QueueStatusPayload);
    expect(statusPayloadSchema(null)).toBe(QueueStatusPayload);
  });

  it("names both kinds a union accepts when the value is neither", () => {
    const error = wireErrorOf(ValidationErrorDetails, [{ loc: ["body", true], msg: "m", type: "t" }], "the detail");
    expect(error.path).toEqual([0, "loc", 1]);
    expect(error.message).toContain("the detail is not fal's shape: 0.loc.1: expected string or number, got true");
  });

  it("reports a custom check by its own words", () => {
    const error = wireErrorOf(InitiateUploadResponse, { upload_url: "https://s/u", file_url: "cdn/f.png" }, "the initiate answer");
    expect(error.path).toEqual(["file_url"]);
    expect(error.message).toContain('the initiate answer is not fal\'s shape: file_url: expected a URL, got "cdn/f.png"');
  });

  it.each([
    ["an object without detail", { token: 1 }, ["detail"], "detail: expected a non-empty string, got nothing"],
    ["an empty string", "", [], '(the whole body): expected a non-empty string or object, got ""'],
    ["a number", 42, [], "(the whole body): expected a non-empty string or object, got 42"],
  ])("reports a token answer that is %s", (_what, answer, path, detail) => {
    const error = wireErrorOf(TokenAnswer, answer, "the token answer");
    expect(error.path).toEqual(path);
    expect(error.message).toContain(`the token answer is not fal's shape: ${detail}`);
  });

  it("cuts a long received value short", () => {
    const error = wireErrorOf(SubmitAnswer, { request_id: ["y".repeat(500)] }, "the submit answer");
    expect(error.message).toMatch(/request_id: expected string, got \["y{58}…$/);
  });

  it("keeps user-info and tokens of the URL out of the message and fields", () => {
    const from = { method: "GET", url: "https://user:secret@queue.fal.run/x/status?fal_jwt_token=abc", status: 200 };
    const error = wireErrorOf(QueueStatusPayload, {}, "the status", from);
    expect(error.url).toBe("https://queue.fal.run/x/status?fal_jwt_token=[redacted]");
    expect(error.message).not.toMatch(/secret|abc/);
  });
});
