import { ApiError, ValidationError, WireFormatError } from "../../src/index";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { errorOf } from "../support/observe";

describe("errors from the wire", () => {
  const emu = useEmulator();
  const noRetry = () => emu.client({ retry: { maxRetries: 0 } });

  function expectNoKey(error: Error) {
    expect(error.message).not.toContain(TEST_KEY);
    expect(JSON.stringify({ ...error })).not.toContain(TEST_KEY);
  }

  it("turns FastAPI's 422 list into a ValidationError with field errors", async () => {
    emu.emulator.fail({
      type: "validation",
      detail: [
        { loc: ["body", "prompt"], msg: "Field required", type: "missing" },
        { loc: ["body", "image_size", "width"], msg: "must be > 0", type: "greater_than" },
      ],
    });
    const error = (await errorOf(noRetry().run$("fal-ai/echo", { input: {} }))) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(422);
    expect(error.fieldErrors).toHaveLength(2);
    expect(error.getFieldErrors("width")).toEqual([{ loc: ["body", "image_size", "width"], msg: "must be > 0", type: "greater_than" }]);
    expect(error.getFieldErrors("seed")).toEqual([]);
    expect(error.message).toContain("/run/fal-ai/echo failed with 422: prompt: Field required; image_size.width: must be > 0");
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expectNoKey(error);
  });

  it("turns a 422 with a text detail into one body-level field error", async () => {
    emu.emulator.fail({ type: "validation", detail: "Image too large" });
    const error = (await errorOf(noRetry().run$("fal-ai/echo"))) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.fieldErrors).toEqual([{ loc: ["body"], msg: "Image too large", type: "value_error" }]);
    expect(error.getFieldErrors("body")).toHaveLength(1);
    expect(error.message).toMatch(/failed with 422: Image too large$/);
  });

  it("keeps a 422 whose detail list is not FastAPI's shape readable instead of failing on it", async () => {
    emu.emulator.fail({ type: "validation", detail: ["too big", { msg: "no loc" }] });
    const error = (await errorOf(noRetry().run$("fal-ai/echo"))) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain('failed with 422: {"detail":["too big",{"msg":"no loc"}]}');
    expect(error.fieldErrors).toEqual([{ loc: ["body"], msg: expect.stringContaining("too big"), type: "value_error" }]);
  });

  it("carries status, body, error type and request id of a platform error", async () => {
    emu.emulator.fail({
      type: "status",
      status: 500,
      body: { detail: "Runner crashed", error_type: "runner_server_error" },
      headers: { "x-fal-error-type": "runner_server_error" },
    });
    const error = (await errorOf(noRetry().run$("fal-ai/echo"))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ status: 500, errorType: "runner_server_error", method: "POST", body: { detail: "Runner crashed" } });
    expect(error.url).toBe(`${emu.emulator.baseUrls.run}/fal-ai/echo`);
    expect(error.message).toBe(`POST ${emu.emulator.baseUrls.run}/fal-ai/echo failed with 500: Runner crashed`);
  });

  it("reads the error type from x-fal-error-type when the body has none", async () => {
    emu.emulator.fail({ type: "status", status: 503, body: { detail: "busy" }, headers: { "x-fal-error-type": "runner_connection_error" } });
    const error = (await errorOf(noRetry().run$("fal-ai/echo"))) as ApiError;
    expect(error.errorType).toBe("runner_connection_error");
  });

  it("keeps a non-JSON error page as text", async () => {
    emu.emulator.fail({ type: "status", status: 502, body: "<html>Bad gateway</html>", headers: { "content-type": "text/html" } });
    const error = (await errorOf(noRetry().run$("fal-ai/echo"))) as ApiError;
    expect(error.status).toBe(502);
    expect(error.body).toBe("<html>Bad gateway</html>");
    expect(error.message).toContain("failed with 502: <html>Bad gateway</html>");
  });

  it("reports a 2xx body that claims JSON but is not as a WireFormatError naming the URL", async () => {
    emu.emulator.fail({ type: "malformed-json" });
    const error = (await errorOf(noRetry().run$("fal-ai/echo"))) as WireFormatError;
    expect(error).toBeInstanceOf(WireFormatError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).not.toBeInstanceOf(SyntaxError);
    expect(error.message).toContain(`${emu.emulator.baseUrls.run}/fal-ai/echo`);
    expect(error.message).toContain("claims to be JSON but is not");
    expect(error.cause).toBeInstanceOf(Error);
    expectNoKey(error);
  });

  it("answers an unknown endpoint with fal's 404", async () => {
    const error = (await errorOf(noRetry().run$("nobody/nothing"))) as ApiError;
    expect(error.status).toBe(404);
    expect(error.message).toContain("Application 'nobody/nothing' not found");
  });

  it("reports a wrong key as a 401 without echoing the key", async () => {
    const error = (await errorOf(emu.client({ credentials: "wrong:key" }).run$("fal-ai/echo"))) as ApiError;
    expect(error.status).toBe(401);
    expect(error.message).not.toContain("wrong:key");
  });

  it("reports a model's own failure as an ApiError with its message", async () => {
    emu.emulator.register("acme/broken", () => {
      throw new Error("CUDA out of memory");
    });
    const error = (await errorOf(noRetry().run$("acme/broken"))) as ApiError;
    expect(error).toMatchObject({ status: 500, errorType: "runner_server_error" });
    expect(error.message).toContain("CUDA out of memory");
  });
});
