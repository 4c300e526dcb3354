import { appendFileSync, openAsBlob, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tap } from "rxjs";
import { ApiError, fal, FileReadError, InvalidOptionError, NetworkError, type FetchLike } from "../../src/index";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { startProxy } from "../support/proxy";
import { collect, errorOf, firstValueFrom } from "../support/observe";
import { download, patternBytes, sameBytes } from "./bytes";
import { useTempDir } from "../support/temp-dir";

const scratch = useTempDir("fal-rx-");

describe("storage.upload$ (single upload)", () => {
  const emu = useEmulator();
  const uploads = () => emu.emulator.requests.filter((request) => request.route === "upload");

  it("initiates with the key, PUTs the bytes without it, and emits the file_url the bytes are served at", async () => {
    const bytes = patternBytes(50_000);
    const urls = await collect(emu.client().storage.upload$(new Blob([bytes], { type: "image/png" })));
    expect(urls).toHaveLength(1);
    const [initiate, put] = emu.emulator.requests;
    expect(initiate).toMatchObject({ method: "POST", url: "/rest/storage/upload/initiate?storage_type=fal-cdn-v3" });
    expect(initiate!.headers.authorization).toBe(`Key ${TEST_KEY}`);
    expect(put).toMatchObject({ method: "PUT", route: "upload" });
    expect(put!.headers.authorization).toBeUndefined();
    expect(put!.headers["content-type"]).toBe("image/png");
    const served = await download(urls[0]!);
    expect(served.contentType).toBe("image/png");
    expect(sameBytes(served.bytes, bytes)).toEqual({ length: bytes.length, firstDifference: -1 });
  });

  it.each([
    ["a Blob", (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>])],
    ["a Buffer", (bytes: Uint8Array) => Buffer.from(bytes)],
  ])("streams %s of several read chunks with its Content-Length, not chunked, byte-exact (Node)", async (_kind, make) => {
    const bytes = patternBytes(2.5 * 1024 * 1024);
    const url = await firstValueFrom(emu.client().storage.upload$(make(bytes)));
    const [put] = uploads();
    expect(put!.headers["content-length"]).toBe(String(bytes.length));
    expect(put!.headers["transfer-encoding"]).toBeUndefined();
    expect(sameBytes((await download(url)).bytes, bytes)).toEqual({ length: bytes.length, firstDifference: -1 });
  });

  it("sends the Blob itself, byte-exact, when the client has a custom fetch (which may not take a stream body)", async () => {
    const bytes = patternBytes(2.5 * 1024 * 1024);
    const bodies: string[] = [];
    const fetchImpl: FetchLike = (input, init) => {
      bodies.push(Object.prototype.toString.call(init.body));
      return fetch(input, init);
    };
    const url = await firstValueFrom(emu.client({ fetch: fetchImpl }).storage.upload$(new Blob([bytes as Uint8Array<ArrayBuffer>])));
    expect(bodies.at(-1)).toBe("[object Blob]");
    const [put] = uploads();
    expect(put!.headers["content-length"]).toBe(String(bytes.length));
    expect(sameBytes((await download(url)).bytes, bytes)).toEqual({ length: bytes.length, firstDifference: -1 });
  });

  it("reports a single upload as progress 0, progress total, then uploaded", async () => {
    const events = await collect(emu.client().storage.uploadEvents$(new Blob(["hello"])));
    expect(events).toEqual([
      { type: "progress", loaded: 0, total: 5 },
      { type: "progress", loaded: 5, total: 5 },
      { type: "uploaded", url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/upload\/files\//) },
    ]);
  });

  it("uploads an empty file with one progress event", async () => {
    const events = await collect(emu.client().storage.uploadEvents$(new Uint8Array(0)));
    expect(events.map((event) => event.type)).toEqual(["progress", "uploaded"]);
    expect(events[0]).toEqual({ type: "progress", loaded: 0, total: 0 });
  });

  it("sends a File's name and type to initiate", async () => {
    await firstValueFrom(emu.client().storage.upload$(new File(["a,b"], "table.csv", { type: "text/csv" })));
    expect(JSON.parse(emu.emulator.requests[0]!.body.toString())).toEqual({ content_type: "text/csv", file_name: "table.csv" });
  });

  it.each([
    ["a Buffer", () => Buffer.from("plain bytes")],
    ["a Uint8Array view into a larger buffer", () => new TextEncoder().encode("xxplain bytesyy").subarray(2, 13)],
    ["an ArrayBuffer", () => new TextEncoder().encode("plain bytes").buffer],
  ])("uploads exactly the bytes of %s", async (_kind, make) => {
    const url = await firstValueFrom(emu.client().storage.upload$(make()));
    expect(Buffer.from((await download(url)).bytes).toString()).toBe("plain bytes");
  });

  it("sniffs the content type of type-less bytes and names the file after it", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    await firstValueFrom(emu.client().storage.upload$(Buffer.from(png)));
    const sent = JSON.parse(emu.emulator.requests[0]!.body.toString());
    expect(sent.content_type).toBe("image/png");
    expect(sent.file_name).toMatch(/^\d+\.png$/);
    expect(emu.emulator.requests[1]!.headers["content-type"]).toBe("image/png");
  });

  it("falls back to application/octet-stream for bytes it does not recognise", async () => {
    await firstValueFrom(emu.client().storage.upload$(Buffer.from("just text")));
    expect(JSON.parse(emu.emulator.requests[0]!.body.toString())).toEqual({ content_type: "application/octet-stream", file_name: expect.stringMatching(/\.bin$/) });
  });

  it("uses fileName and contentType when given", async () => {
    await firstValueFrom(emu.client().storage.upload$(Buffer.from("{}"), { fileName: "data.json", contentType: "application/json" }));
    expect(JSON.parse(emu.emulator.requests[0]!.body.toString())).toEqual({ content_type: "application/json", file_name: "data.json" });
  });

  it.each([
    [{ expiresIn: "1d" }, { expiration_duration_seconds: 86400 }],
    [{ expiresIn: 90 }, { expiration_duration_seconds: 90 }],
    [{ expiresIn: "never" }, { expiration_duration_seconds: null }],
    [{ initialAcl: { default: "forbid" } }, { initial_acl: { default: "forbid" } }],
  ] as const)("sends lifecycle %j as X-Fal-Object-Lifecycle %j", async (lifecycle, header) => {
    await firstValueFrom(emu.client().storage.upload$(new Blob(["x"]), { lifecycle }));
    expect(JSON.parse(emu.emulator.requests[0]!.headers["x-fal-object-lifecycle"]!)).toEqual(header);
  });

  it("sends no lifecycle header when none is asked for", async () => {
    await firstValueFrom(emu.client().storage.upload$(new Blob(["x"])));
    expect(emu.emulator.requests[0]!.headers["x-fal-object-lifecycle"]).toBeUndefined();
  });

  it("is cold: nothing is read or sent before subscribe, and each subscription uploads again", async () => {
    const upload$ = emu.client().storage.upload$(new Blob(["x"]));
    await new Promise((resolve) => setImmediate(resolve));
    expect(emu.emulator.requests).toHaveLength(0);
    const first = await firstValueFrom(upload$);
    const second = await firstValueFrom(upload$);
    expect(first).not.toBe(second);
    expect(uploads()).toHaveLength(2);
  });

  it("reads the fal singleton's config at subscribe time", async () => {
    const upload$ = fal.storage.upload$(new Blob(["late config"]));
    fal.config({ credentials: TEST_KEY, baseUrls: emu.emulator.baseUrls });
    const url = await firstValueFrom(upload$);
    expect(Buffer.from((await download(url)).bytes).toString()).toBe("late config");
  });

  it("sends every request through a custom fetch, uploads included", async () => {
    const seen: string[] = [];
    const fetch: FetchLike = (url, init) => {
      seen.push(`${init.method} ${new URL(url).pathname}`);
      return globalThis.fetch(url, init);
    };
    await firstValueFrom(emu.client({ fetch }).storage.upload$(new Blob(["x"])));
    expect(seen).toEqual(["POST /rest/storage/upload/initiate", expect.stringMatching(/^PUT \/upload\/signed\//)]);
  });

  it("initiates through the proxy and PUTs straight to the signed URL, with no key anywhere but the proxy's", async () => {
    const proxy = await startProxy(TEST_KEY);
    try {
      const client = emu.client({ credentials: () => undefined, proxyUrl: { url: proxy.url, when: "always" } });
      const url = await firstValueFrom(client.storage.upload$(new Blob(["via proxy"])));
      expect(proxy.received.map((request) => request.headers["x-fal-target-url"])).toEqual([expect.stringContaining("/rest/storage/upload/initiate")]);
      expect(uploads()).toHaveLength(1);
      expect(uploads()[0]!.headers.authorization).toBeUndefined();
      expect(Buffer.from((await download(url)).bytes).toString()).toBe("via proxy");
    } finally {
      await proxy.close();
    }
  });
});

describe("storage.upload$ errors", () => {
  const emu = useEmulator();
  const noRetry = () => emu.client({ retry: { maxRetries: 0 } });

  it.each([
    ["a path string", "cat.png"],
    ["a plain object", { data: [1, 2] }],
    ["null", null],
  ])("errors with InvalidOptionError for %s, sending nothing", async (_what, value) => {
    const error = await errorOf(emu.client().storage.upload$(value as never));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.message).toMatch(/Invalid option file: .*expected a Blob, File, Buffer, Uint8Array or ArrayBuffer/);
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it.each([
    [{ partSize: 0 }, "partSize"],
    [{ concurrency: 1.5 }, "concurrency"],
    [{ multipartThreshold: -1 }, "multipartThreshold"],
    [{ contentType: "png" }, "contentType"],
    [{ fileName: "" }, "fileName"],
    [{ lifecycle: { expiresIn: "2w" } }, "lifecycle.expiresIn"],
  ])("errors with InvalidOptionError for %j, naming %s", async (options, option) => {
    const error = await errorOf(emu.client().storage.upload$(new Blob(["x"]), options as never));
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(option);
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("errors with ApiError when initiate is refused, sending no bytes", async () => {
    emu.emulator.fail({ type: "status", status: 403, route: "rest", body: { detail: "storage disabled" } });
    const error = (await errorOf(noRetry().storage.upload$(new Blob(["x"])))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/POST .*\/rest\/storage\/upload\/initiate.* failed with 403: storage disabled/);
    expect(error.message).not.toContain(TEST_KEY);
    expect(emu.emulator.requests.filter((request) => request.route === "upload")).toHaveLength(0);
  });

  it("retries a PUT that fails with 500, then emits the URL of intact bytes", async () => {
    emu.emulator.fail({ type: "status", status: 500, route: "upload", times: 2 });
    const url = await firstValueFrom(emu.client().storage.upload$(new Blob(["third time"])));
    expect(emu.emulator.requests.filter((request) => request.method === "PUT")).toHaveLength(3);
    expect(Buffer.from((await download(url)).bytes).toString()).toBe("third time");
  });

  it("errors with an ApiError that names the upload but not the URL's signature when the PUT fails for good", async () => {
    emu.emulator.fail({ type: "status", status: 507, route: "upload", body: { detail: "disk full" } });
    const events: string[] = [];
    const error = (await errorOf(noRetry().storage.uploadEvents$(new Blob(["abc"])).pipe(tap((event) => events.push(event.type))))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(507);
    expect(error.message).toMatch(/^PUT http:\/\/127\.0\.0\.1:\d+\/upload\/signed\/[\w-]+\?… failed with 507: upload of 3 bytes: disk full$/);
    expect(error.message).not.toMatch(/signature=/);
    expect(error.url).not.toMatch(/signature=/);
    expect(events).not.toContain("uploaded");
  });

  it("errors with NetworkError, signature cut, when the storage drops the connection every time", async () => {
    emu.emulator.fail({ type: "drop", route: "upload", times: 10 });
    const error = await errorOf(emu.client({ retry: { maxRetries: 1 } }).storage.upload$(new Blob(["abc"])));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(/^PUT .*\/upload\/signed\/[\w-]+\?… failed before an answer/);
  });

  it("errors with FileReadError, before anything is sent, for a file that changed on disk", async () => {
    const path = join(scratch, "photo.bin");
    writeFileSync(path, patternBytes(1000));
    const blob = await openAsBlob(path);
    appendFileSync(path, "changed");
    const error = await errorOf(emu.client().storage.upload$(blob));
    expect(error).toBeInstanceOf(FileReadError);
    expect(error.message).toMatch(/^Could not read a Blob \(1000 bytes\) to upload it: NotReadableError/);
    expect(emu.emulator.requests).toHaveLength(0);
  });
});
