import { lastValueFrom, tap, toArray } from "rxjs";
import { ApiError, FileReadError, InvalidOptionError } from "../../src/index";
import { useEmulator } from "../support/emulator";
import { collect, errorOf, firstValueFrom, until } from "../support/observe";
import { download } from "./bytes";

const text = async (url: unknown) => Buffer.from((await download(String(url))).bytes).toString();
const FILE_URL = expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/upload\/files\//);

describe("storage.transformInput$", () => {
  const emu = useEmulator();
  const uploads = () => emu.emulator.requests.filter((request) => request.method === "PUT");

  it("replaces files at any depth, in objects and arrays, with the URLs of their bytes", async () => {
    const input = {
      image_url: new Blob(["top"]),
      nested: { mask: Buffer.from("deep"), list: [new TextEncoder().encode("in array").buffer, { file: new File(["named"], "a.txt") }] },
    };
    const [output] = await collect(emu.client().storage.transformInput$(input));
    expect(output).toEqual({ image_url: FILE_URL, nested: { mask: FILE_URL, list: [FILE_URL, { file: FILE_URL }] } });
    expect(await text(output!.image_url)).toBe("top");
    expect(await text(output!.nested.mask)).toBe("deep");
    expect(await text(output!.nested.list[0])).toBe("in array");
    expect(await text((output!.nested.list[1] as { file: string }).file)).toBe("named");
  });

  it("leaves strings, data URIs, URLs, numbers, booleans, null, Dates and class instances alone", async () => {
    class Point {
      constructor(readonly x: number) {}
    }
    const date = new Date(0);
    const point = new Point(1);
    const input = { prompt: "a cat", data: "data:image/png;base64,iVBORw0KGgo=", url: "https://example.com/x.png", n: 3, ok: true, none: null, date, point, image: new Blob(["x"]) };
    const [output] = await collect(emu.client().storage.transformInput$(input));
    expect(output).toEqual({ ...input, image: FILE_URL });
    expect(output!.date).toBe(date);
    expect(output!.point).toBe(point);
  });

  it("does not modify the caller's input, and shares the branches without files", async () => {
    const blob = new Blob(["x"]);
    const untouched = { deep: { values: [1, 2, 3] } };
    const input = { a: { image: blob }, untouched };
    const [output] = await collect(emu.client().storage.transformInput$(input));
    expect(input.a.image).toBe(blob);
    expect(output!.a).not.toBe(input.a);
    expect(output!.untouched).toBe(untouched);
  });

  it("emits an input without files as it is and sends nothing", async () => {
    const input = { prompt: "a cat", sizes: [1, 2] };
    const outputs = await collect(emu.client().storage.transformInput$(input));
    expect(outputs).toEqual([input]);
    expect(outputs[0]).toBe(input);
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("uploads a file found twice only once", async () => {
    const blob = new Blob(["same"]);
    const [output] = await collect(emu.client().storage.transformInput$({ a: blob, b: [blob] }));
    expect(output!.a).toBe(output!.b[0]);
    expect(uploads()).toHaveLength(1);
  });

  it("uploads at most fileConcurrency files at once", async () => {
    // Every PUT is held: the uploads started are all the uploads allowed at once.
    emu.emulator.fail({ type: "hang", route: "upload", times: 6 });
    const files = Array.from({ length: 6 }, (_, i) => new Blob([`file ${i}`]));
    const subscription = emu.client().storage.transformInput$({ files }, { fileConcurrency: 2 }).subscribe();
    await until(() => emu.emulator.storage.inFlight === 2, "two PUTs to be held");
    expect(emu.emulator.requests.filter((request) => request.route === "rest")).toHaveLength(2);
    subscription.unsubscribe();
    await until(() => emu.emulator.storage.inFlight === 0, "the held PUTs to be aborted");
  });

  it("passes upload options on to each upload", async () => {
    await firstValueFrom(emu.client().storage.transformInput$({ a: new Blob(["x"]) }, { lifecycle: { expiresIn: "1h" } }));
    expect(JSON.parse(emu.emulator.requests[0]!.headers["x-fal-object-lifecycle"]!)).toEqual({ expiration_duration_seconds: 3600 });
  });

  it("errors with InvalidOptionError naming the place of a circular reference, sending nothing", async () => {
    const input: Record<string, unknown> = { image: new Blob(["x"]), inner: {} };
    (input.inner as Record<string, unknown>).back = input;
    const error = await errorOf(emu.client().storage.transformInput$(input));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toMatch(/^Invalid option input\.inner\.back: "a circular reference"/);
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it.each([
    [{ fileConcurrency: 0 }, "fileConcurrency"],
    [{ partSize: -1 }, "partSize"],
  ])("errors with InvalidOptionError for %j even without files in the input", async (options, option) => {
    const error = await errorOf(emu.client().storage.transformInput$({ prompt: "no files" }, options));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(option);
  });

  it("errors with the upload's error, emitting no half-transformed input", async () => {
    emu.emulator.fail({ type: "status", status: 401, route: "rest", body: { detail: "no storage for you" } });
    const outputs: unknown[] = [];
    const files = { a: new Blob(["x"]), b: new Blob(["y"]) };
    const error = await errorOf(emu.client({ retry: { maxRetries: 0 } }).storage.transformInput$(files).pipe(tap((output) => outputs.push(output))));
    expect(error).toBeInstanceOf(ApiError);
    expect(outputs).toEqual([]);
  });

  it("names the place of a file that cannot be read", async () => {
    const unreadable = new Blob(["x"]);
    // A Blob whose bytes cannot be read, as a File deleted after it was picked behaves.
    Object.defineProperty(unreadable, "slice", {
      value: () => ({ arrayBuffer: () => Promise.reject(Object.assign(new Error("The blob could not be read"), { name: "NotReadableError" })) }),
    });
    const error = await errorOf(emu.client().storage.transformInput$({ inputs: [{ image: unreadable }] }));
    expect(error).toBeInstanceOf(FileReadError);
    expect(error.message).toBe("Could not read input.inputs[0].image (a Blob (1 bytes)) to upload it: NotReadableError: The blob could not be read");
    expect(emu.emulator.requests).toHaveLength(0);
  });
});

describe("run$ with files in the input", () => {
  const emu = useEmulator();

  it("uploads a Blob nested in the input and sends its URL to the model", async () => {
    const { data } = await firstValueFrom(emu.client().run$<{ image: { url: string }[]; prompt: string }>("fal-ai/echo", {
      input: { prompt: "edit", image: [{ url: new Blob(["pixels"], { type: "image/webp" }) }] },
    }));
    expect(data).toEqual({ prompt: "edit", image: [{ url: FILE_URL }] });
    expect(emu.emulator.requests.map((request) => `${request.method} ${request.route}`)).toEqual(["POST rest", "PUT upload", "POST run"]);
    expect(await text(data.image[0]!.url)).toBe("pixels");
  });

  it("puts uploaded URLs in the query string of a GET", async () => {
    await firstValueFrom(emu.client().run$("fal-ai/echo", { method: "get", input: { image_url: Buffer.from("q") } }));
    const sent = new URL(emu.emulator.requests.at(-1)!.url, "http://x");
    expect(sent.searchParams.get("image_url")).toMatch(/\/upload\/files\//);
  });

  it("does not call the model when an upload fails", async () => {
    emu.emulator.fail({ type: "status", status: 500, route: "upload", times: 10 });
    const error = await errorOf(emu.client({ retry: { maxRetries: 1 } }).run$("fal-ai/echo", { input: { image_url: new Blob(["x"]) } }));
    expect(error).toBeInstanceOf(ApiError);
    expect(emu.emulator.requests.filter((request) => request.route === "run")).toHaveLength(0);
  });
});

describe("stream$ with files in the input", () => {
  const emu = useEmulator();

  it("uploads a Blob in the input before opening the stream, and streams with its URL", async () => {
    let seen: unknown;
    emu.emulator.register("acme/describe", {
      run: () => ({}),
      async *stream(input: { image_url: string }) {
        seen = input;
        yield { caption: "a" };
        yield { caption: "a cat" };
      },
    });
    const events = await lastValueFrom(emu.client().stream$("acme/describe", { input: { image_url: new Blob(["img"], { type: "image/png" }) } }).pipe(toArray()));
    expect(events.at(-1)).toMatchObject({ type: "result", data: { caption: "a cat" } });
    expect(seen).toEqual({ image_url: FILE_URL });
    expect(emu.emulator.requests.map((request) => `${request.method} ${request.route}`)).toEqual(["POST rest", "PUT upload", "POST run"]);
  });
});

describe("subscribe$ with files in the input", () => {
  const emu = useEmulator();

  it("uploads a Blob in the input before submitting, and the job gets its URL", async () => {
    const events = await lastValueFrom(
      emu.client().subscribe$("fal-ai/echo", { input: { image_url: new Blob(["img"], { type: "image/png" }) }, pollInterval: 10 }).pipe(toArray()),
    );
    expect(events.at(-1)).toMatchObject({ type: "result", data: { image_url: FILE_URL } });
    const routes = emu.emulator.requests.map((request) => `${request.method} ${request.route}`);
    expect(routes.slice(0, 3)).toEqual(["POST rest", "PUT upload", "POST queue"]);
  });
});
