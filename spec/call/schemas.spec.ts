import { tap } from "rxjs";
import * as z from "zod";
import * as zm from "zod/mini";
import { InvalidOptionError, OutputValidationError, type StandardSchemaV1, type StreamEvent } from "../../src/index";
import type { JobContext } from "../../src/emulator/index";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { collect, errorOf, firstValueFrom, until } from "../support/observe";

const REQUEST_ID = /^[0-9a-f-]{36}$/;

const Image = z.object({ url: z.string(), width: z.number().int() });
const Images = z.object({ images: z.array(Image) });

/** A schema as valibot or arktype give one: only `~standard`, paths made of `{key}` segments. */
const positive: StandardSchemaV1<unknown, { n: number }> = {
  "~standard": {
    version: 1,
    vendor: "hand-written",
    validate: (value) => {
      const n = (value as { n?: unknown } | undefined)?.n;
      return typeof n === "number" && n > 0 ? { value: { n } } : { issues: [{ message: "must be a positive number", path: [{ key: "n" }] }] };
    },
  },
};

describe("schemas: run$", () => {
  const emu = useEmulator();

  it("emits the output schema's value as data (defaults filled, unknown keys dropped)", async () => {
    const output = z.object({ n: z.number(), label: z.string().default("none") });
    const { data } = await firstValueFrom(emu.client().run$("fal-ai/echo", { input: { n: 1, extra: true }, output }));
    expect(data).toEqual({ n: 1, label: "none" });
  });

  it("errors with OutputValidationError naming the endpoint, the request id and the field path", async () => {
    const input = { images: [{ url: "https://cdn.example/a.png", width: 512 }, { url: 5, width: 512 }] };
    const error = (await errorOf(emu.client().run$("fal-ai/echo", { input, output: Images }))) as OutputValidationError;
    expect(error).toBeInstanceOf(OutputValidationError);
    expect(error).toMatchObject({ kind: "output", endpointId: "fal-ai/echo", path: ["images", 1, "url"], data: input, index: undefined });
    expect(error.requestId).toMatch(REQUEST_ID);
    expect(error.issues).toEqual([{ path: ["images", 1, "url"], message: expect.stringContaining("expected string") }]);
    expect(error.message).toBe(
      `fal-ai/echo returned an output that does not match the output schema (request ${error.requestId}): ` +
        "images.1.url: Invalid input: expected string, received number (got 5)",
    );
    expect(error.message).not.toContain(TEST_KEY);
    // The model ran: one request, answered 200.
    expect(emu.emulator.requests).toHaveLength(1);
  });

  it("lists every issue, and counts the others in the message", async () => {
    const input = { images: [{ url: 1, width: "wide" }] };
    const error = (await errorOf(emu.client().run$("fal-ai/echo", { input, output: Images }))) as OutputValidationError;
    expect(error.issues.map((issue) => issue.path)).toEqual([
      ["images", 0, "url"],
      ["images", 0, "width"],
    ]);
    expect(error.message).toMatch(/images\.0\.url: .*; and 1 more issue$/);
  });

  it("rejects an input the inputSchema refuses before anything is sent, uploads included", async () => {
    const inputSchema = z.object({ prompt: z.string(), num_images: z.number(), image: z.instanceof(Blob) });
    const input = { prompt: "a cat", num_images: "2", image: new Blob(["png"]) };
    const error = (await errorOf(emu.client().run$("fal-ai/echo", { inputSchema, input } as never))) as InvalidOptionError;
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toMatchObject({ option: "input.num_images", value: "2" });
    expect(error.message).toBe(
      'Invalid option input.num_images: "2" (expected what inputSchema accepts: Invalid input: expected number, received string)',
    );
    expect(emu.emulator.requests).toEqual([]);
  });

  it("sends what the input schema makes of the input", async () => {
    const inputSchema = z.object({ prompt: z.string().trim(), steps: z.number().default(28) });
    await firstValueFrom(emu.client().run$("fal-ai/echo", { inputSchema, input: { prompt: "  a cat ", unknown: 1 } as never }));
    expect(JSON.parse(emu.emulator.requests[0]!.body.toString())).toEqual({ prompt: "a cat", steps: 28 });
  });

  it("checks with zod/mini schemas and hand-written Standard Schemas alike", async () => {
    const mini = await errorOf(emu.client().run$("fal-ai/echo", { input: { n: "1" }, output: zm.object({ n: zm.number() }) }));
    expect(mini).toMatchObject({ path: ["n"], message: expect.stringContaining("n: Invalid input: expected number") });
    const hand = await errorOf(emu.client().run$("fal-ai/echo", { input: { n: -1 }, output: positive }));
    expect(hand).toMatchObject({ path: ["n"], message: expect.stringContaining("n: must be a positive number (got -1)") });
    const { data } = await firstValueFrom(emu.client().run$("fal-ai/echo", { input: { n: 2, x: 1 }, output: positive }));
    expect(data).toEqual({ n: 2 });
  });

  it("waits for schemas with asynchronous checks", async () => {
    const output = z.object({ url: z.string().refine(async (url) => url.startsWith("https://"), "must be https") });
    const { data } = await firstValueFrom(emu.client().run$("fal-ai/echo", { input: { url: "https://x" }, output }));
    expect(data).toEqual({ url: "https://x" });
    const error = await errorOf(emu.client().run$("fal-ai/echo", { input: { url: "http://x" }, output }));
    expect(error).toMatchObject({ name: "OutputValidationError", path: ["url"], message: expect.stringContaining("url: must be https") });
  });

  it("errors with InvalidOptionError for a schema option that is not a schema, before anything is sent", async () => {
    const error = await errorOf(emu.client().run$("fal-ai/echo", { input: {}, output: { url: "string" } as never }));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toMatchObject({ option: "output", value: "an object without ~standard.validate" });
    expect(emu.emulator.requests).toEqual([]);
  });
});

describe("schemas: the queue", () => {
  const emu = useEmulator();

  it("checks subscribe$'s result after the statuses; the finished job is not cancelled", async () => {
    const seen: string[] = [];
    const input = { images: [{ url: "u", width: 1.5 }] };
    const error = (await errorOf(
      emu
        .client()
        .subscribe$("fal-ai/echo", { input, output: Images, pollInterval: 1 })
        .pipe(tap((event) => seen.push(event.type === "status" ? event.status.status : event.type))),
    )) as OutputValidationError;
    expect(error).toBeInstanceOf(OutputValidationError);
    const [job] = emu.emulator.jobs().slice(-1);
    expect(error).toMatchObject({ kind: "output", endpointId: "fal-ai/echo", requestId: job!.requestId, path: ["images", 0, "width"], data: input });
    expect(error.message).toContain(`(request ${job!.requestId}): images.0.width: `);
    expect(seen[0]).toBe("IN_QUEUE");
    expect(seen.at(-1)).toBe("COMPLETED");
    expect(emu.emulator.requests.filter((request) => request.method === "PUT")).toEqual([]);
  });

  it("emits the statuses, then the result typed and checked by the schema", async () => {
    const events = await collect(emu.client().subscribe$("fal-ai/echo", { input: { n: 3 }, output: positive, pollInterval: 1 }));
    expect(events.at(-1)).toEqual({ type: "result", data: { n: 3 }, requestId: expect.stringMatching(REQUEST_ID) });
    expect(events.slice(0, -1).every((event) => event.type === "status")).toBe(true);
  });

  it("rejects a bad input to queue.submit$ and subscribe$ with nothing sent", async () => {
    const inputSchema = z.object({ prompt: z.string() });
    const submit = await errorOf(emu.client().queue.submit$("fal-ai/echo", { inputSchema, input: { prompt: 1 } as never }));
    const subscribe = await errorOf(emu.client().subscribe$("fal-ai/echo", { inputSchema, input: {} as never }));
    expect(submit).toMatchObject({ name: "InvalidOptionError", option: "input.prompt", value: 1 });
    expect(subscribe).toMatchObject({ name: "InvalidOptionError", option: "input.prompt", value: undefined });
    expect(emu.emulator.requests).toEqual([]);
  });

  it("ignores the input schema when resuming by request id (nothing is submitted)", async () => {
    const { request_id } = await firstValueFrom(emu.client().queue.submit$("fal-ai/echo", { input: { n: 4 } }));
    const strict = z.object({ prompt: z.string() });
    const events = await collect(emu.client().subscribe$("fal-ai/echo", { requestId: request_id, inputSchema: strict, output: positive, pollInterval: 1 }));
    expect(events.at(-1)).toEqual({ type: "result", data: { n: 4 }, requestId: request_id });
  });

  it("checks queue.result$ against its output schema", async () => {
    const { request_id } = await firstValueFrom(emu.client().queue.submit$("fal-ai/echo", { input: { n: 0 } }));
    await until(() => emu.emulator.job(request_id)?.status === "COMPLETED", "the job to complete");
    const error = await errorOf(emu.client().queue.result$("fal-ai/echo", { requestId: request_id, output: positive }));
    expect(error).toMatchObject({ name: "OutputValidationError", requestId: request_id, path: ["n"], data: { n: 0 } });
  });
});

describe("schemas: stream$", () => {
  const emu = useEmulator();

  it("checks every partial with `partial` and the result with `output`, the last event being both", async () => {
    const partial = z.object({ text: z.string() });
    const output = z.object({ text: z.string(), done: z.literal(true) });
    const events = await collect(emu.client().stream$("fal-ai/streamer", { input: { text: "a b", delay_ms: 0 }, partial, output }));
    expect(events).toEqual<StreamEvent<unknown, unknown>[]>([
      { type: "partial", data: { text: "a " } },
      { type: "partial", data: { text: "a b" } },
      { type: "partial", data: { text: "a b" } },
      { type: "result", data: { text: "a b", done: true }, requestId: expect.stringMatching(REQUEST_ID) },
    ]);
  });

  it("errors at the first partial that does not match, naming its number, and closes the connection", async () => {
    let aborted = false;
    emu.emulator.register("acme/counter", {
      run: () => ({}),
      async *stream(_input: unknown, ctx: JobContext) {
        ctx.signal.addEventListener("abort", () => (aborted = true));
        yield { n: 1 };
        yield { n: "two" };
        for (let n = 3; ; n++) {
          yield { n };
          await ctx.sleep(5);
        }
      },
    });
    const seen: unknown[] = [];
    let failure: unknown;
    emu.client()
      .stream$("acme/counter", { partial: z.object({ n: z.number() }) })
      .subscribe({ next: (event) => seen.push(event), error: (error: unknown) => (failure = error) });
    await until(() => failure !== undefined, "the stream to error");
    expect(seen).toEqual([{ type: "partial", data: { n: 1 } }]);
    expect(failure).toBeInstanceOf(OutputValidationError);
    const error = failure as OutputValidationError;
    expect(error).toMatchObject({ kind: "partial", index: 2, endpointId: "acme/counter", path: ["n"], data: { n: "two" } });
    expect(error.requestId).toMatch(REQUEST_ID);
    expect(error.message).toBe(
      `acme/counter returned partial #2 that does not match the partial schema (request ${error.requestId}): ` +
        'n: Invalid input: expected number, received string (got "two")',
    );
    await until(() => aborted, "the server to see the disconnect");
  });

  it("rejects a bad input before connecting", async () => {
    const error = await errorOf(emu.client().stream$("fal-ai/streamer", { inputSchema: z.object({ text: z.string() }), input: { text: 1 } as never }));
    expect(error).toMatchObject({ name: "InvalidOptionError", option: "input.text" });
    expect(emu.emulator.requests).toEqual([]);
  });
});
