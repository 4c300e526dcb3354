import { ErrorBody, ValidationErrorDetails } from "../../src/wire/errors";
import { CancelAnswer, QueueStatusPayload, SubmitAnswer } from "../../src/wire/queue";
import { CompleteMultipartRequest, InitiateUploadResponse, ObjectLifecycle, UploadedPart } from "../../src/wire/storage";
import { TokenAnswer, tokenOf } from "../../src/wire/token";

/** The path of the first issue, or `undefined` when the value passes. */
const issuePath = (schema: { safeParse(value: unknown): { success: boolean; error?: { issues: { path: PropertyKey[] }[] } } }, value: unknown) => {
  const checked = schema.safeParse(value);
  return checked.success ? undefined : checked.error!.issues[0]!.path;
};

const URLS = { response_url: "https://q/r", status_url: "https://q/r/status", cancel_url: "https://q/r/cancel" };

describe("wire schemas", () => {
  it.each([
    ["a queued status", { status: "IN_QUEUE", queue_position: 0, request_id: "r", ...URLS }],
    ["a running status with null logs", { status: "IN_PROGRESS", logs: null }],
    ["a running status with log lines", { status: "IN_PROGRESS", logs: [{ message: "step 1", level: "INFO", source: "user", timestamp: "2025-01-01T00:00:00Z" }] }],
    ["a completed status with null metrics fields", { status: "COMPLETED", metrics: { inference_time: null }, error: null }],
    ["a failed completed status", { status: "COMPLETED", logs: [], error: "boom", error_type: "runner_server_error" }],
  ])("accepts %s", (_what, payload) => {
    expect(QueueStatusPayload.safeParse(payload)).toEqual({ success: true, data: payload });
  });

  it("keeps fields a status does not name, nested ones included", () => {
    const payload = { status: "IN_PROGRESS", logs: [{ message: "hi", later: { added: true } }], added_by_fal: [1, 2] };
    expect(QueueStatusPayload.parse(payload)).toEqual(payload);
  });

  it.each([
    ["a queued status without its position", { status: "IN_QUEUE" }],
    ["an unknown status", { status: "CANCELLED" }],
    ["a log line without a message", { status: "IN_PROGRESS", logs: [{ level: "INFO" }] }],
  ])("rejects %s", (_what, payload) => {
    expect(QueueStatusPayload.safeParse(payload).success).toBe(false);
  });

  it("accepts a submit answer with only its request_id and keeps the rest", () => {
    const answer = { request_id: "r", gateway_request_id: null, queue_position: null, extra: "kept" };
    expect(SubmitAnswer.parse(answer)).toEqual(answer);
  });

  it("rejects a submit answer without request_id, at request_id", () => {
    expect(issuePath(SubmitAnswer, { status: "IN_QUEUE", ...URLS })).toEqual(["request_id"]);
  });

  it("accepts every cancel status as a string and rejects a cancel answer without one", () => {
    expect(CancelAnswer.safeParse({ status: "NOT_FOUND" }).success).toBe(true);
    expect(issuePath(CancelAnswer, {})).toEqual(["status"]);
  });

  it("accepts an initiate answer of two URLs and rejects one whose file_url is not a URL", () => {
    expect(InitiateUploadResponse.safeParse({ upload_url: "https://s/u?sig=1", file_url: "https://cdn/f.png" }).success).toBe(true);
    expect(issuePath(InitiateUploadResponse, { upload_url: "https://s/u", file_url: "f.png" })).toEqual(["file_url"]);
  });

  it("accepts a part answer and a complete body of parts", () => {
    expect(UploadedPart.safeParse({ partNumber: 1, etag: '"abc"' }).success).toBe(true);
    expect(issuePath(CompleteMultipartRequest, { parts: [{ partNumber: 1, etag: "a" }, { partNumber: "2", etag: "b" }] })).toEqual(["parts", 1, "partNumber"]);
  });

  it("accepts an object lifecycle with null expiry and any initial_acl", () => {
    expect(ObjectLifecycle.safeParse({ expiration_duration_seconds: null, initial_acl: { default: "hide" } }).success).toBe(true);
    expect(issuePath(ObjectLifecycle, { expiration_duration_seconds: "1h" })).toEqual(["expiration_duration_seconds"]);
  });

  it.each([
    ["a JSON string", "jwt-1", "jwt-1"],
    ["{detail: token}, as older proxies wrap it", { detail: "jwt-2" }, "jwt-2"],
  ])("reads a token answer given as %s", (_what, answer, token) => {
    expect(tokenOf(TokenAnswer.parse(answer))).toBe(token);
  });

  it.each([[""], [{ detail: "" }], [{ token: "jwt" }], [42]])("rejects the token answer %j", (answer) => {
    expect(TokenAnswer.safeParse(answer).success).toBe(false);
  });

  it("accepts FastAPI's detail list and rejects a loc that is neither string nor number", () => {
    expect(ValidationErrorDetails.safeParse([{ loc: ["body", "images", 0], msg: "field required", type: "missing" }]).success).toBe(true);
    expect(issuePath(ValidationErrorDetails, [{ loc: ["body", true], msg: "m", type: "t" }])).toEqual([0, "loc", 1]);
  });

  it.each([
    ["FastAPI's 422", { detail: [{ loc: ["body", "prompt"], msg: "field required", type: "missing" }] }],
    ["an app's text 422", { detail: "prompt is too long" }],
    ["a platform error", { detail: "Request timed out", error_type: "request_timeout" }],
  ])("accepts %s as an error body", (_what, body) => {
    expect(ErrorBody.safeParse(body)).toEqual({ success: true, data: body });
  });
});
