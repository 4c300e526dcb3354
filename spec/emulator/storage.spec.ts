import { createHash } from "node:crypto";
import { startEmulator } from "../../src/emulator/index";
import { TEST_KEY, useEmulator } from "../support/emulator";

/** The emulator's storage routes, spoken to directly with fetch: the protocol as fal documents it. */
describe("the emulator's storage", () => {
  const emu = useEmulator();
  const key = { authorization: `Key ${TEST_KEY}` };

  async function initiate(kind: "initiate" | "initiate-multipart", body: unknown = { content_type: "text/plain", file_name: "a.txt" }, headers: Record<string, string> = key) {
    const response = await fetch(`${emu.emulator.baseUrls.rest}/storage/upload/${kind}?storage_type=fal-cdn-v3`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { upload_url: string; file_url: string; detail?: unknown } };
  }
  const beside = (uploadUrl: string, segment: string) => {
    const url = new URL(uploadUrl);
    return `${url.origin}${url.pathname}/${segment}${url.search}`;
  };
  const put = (url: string, body: string, headers: Record<string, string> = {}) => fetch(url, { method: "PUT", body, headers });
  const complete = (uploadUrl: string, parts: unknown) =>
    fetch(beside(uploadUrl, "complete"), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ parts }) });
  const md5 = (text: string) => `"${createHash("md5").update(text).digest("hex")}"`;
  const served = async (url: string) => {
    const response = await fetch(url);
    return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
  };

  it("hands out a signed upload URL and a file URL on the emulator's origin", async () => {
    const { status, body } = await initiate("initiate");
    expect(status).toBe(200);
    expect(body.upload_url).toMatch(new RegExp(`^${emu.emulator.url}/upload/signed/[\\w-]+\\?signature=\\w+$`));
    expect(body.file_url).toMatch(new RegExp(`^${emu.emulator.url}/upload/files/[\\w-]+/a\\.txt$`));
  });

  it("requires the key on initiate", async () => {
    expect((await initiate("initiate", undefined, {})).status).toBe(401);
  });

  it("answers 422 to an initiate without content_type and file_name", async () => {
    expect((await initiate("initiate", { name: "a.txt" })).status).toBe(422);
  });

  it("answers 400 to a lifecycle header that is not fal's JSON", async () => {
    expect((await initiate("initiate", undefined, { ...key, "x-fal-object-lifecycle": "1d" })).status).toBe(400);
    expect((await initiate("initiate", undefined, { ...key, "x-fal-object-lifecycle": '{"expiration_duration_seconds":60}' })).status).toBe(200);
  });

  it("stores a single PUT and serves it at file_url with its content type", async () => {
    const { body } = await initiate("initiate");
    expect((await served(body.file_url)).status).toBe(404);
    expect((await put(body.upload_url, "hello", { "content-type": "text/plain" })).status).toBe(200);
    expect(await served(body.file_url)).toEqual({ status: 200, type: "text/plain", text: "hello" });
  });

  it("refuses an upload PUT that carries any Authorization header, storing nothing", async () => {
    const { body } = await initiate("initiate");
    const response = await put(body.upload_url, "leak", { "content-type": "text/plain", ...key });
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/fal key must never go there/);
    expect((await served(body.file_url)).status).toBe(404);
  });

  it("refuses an upload URL without its signature", async () => {
    const { body } = await initiate("initiate");
    expect((await put(body.upload_url.replace(/\?.*/, ""), "x")).status).toBe(403);
    expect((await put(body.upload_url.replace(/signature=\w+/, "signature=forged"), "x")).status).toBe(403);
  });

  it("refuses a PUT whose content type differs from the one given at initiate", async () => {
    const { body } = await initiate("initiate");
    expect((await put(body.upload_url, "x", { "content-type": "image/png" })).status).toBe(400);
  });

  it("answers a part PUT with {partNumber, etag} and an ETag header", async () => {
    const { body } = await initiate("initiate-multipart");
    const response = await put(beside(body.upload_url, "2"), "part two");
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe(md5("part two"));
    expect(await response.json()).toEqual({ partNumber: 2, etag: md5("part two") });
  });

  it("reassembles the listed parts in order on complete, and serves the file", async () => {
    const { body } = await initiate("initiate-multipart");
    await put(beside(body.upload_url, "2"), "world");
    await put(beside(body.upload_url, "1"), "hello ");
    const response = await complete(body.upload_url, [{ partNumber: 1, etag: md5("hello ") }, { partNumber: 2, etag: md5("world") }]);
    expect(response.status).toBe(200);
    expect(await served(body.file_url)).toEqual({ status: 200, type: "text/plain", text: "hello world" });
  });

  it("keeps the last copy of a part sent twice (a client's retry)", async () => {
    const { body } = await initiate("initiate-multipart");
    await put(beside(body.upload_url, "1"), "first try");
    await put(beside(body.upload_url, "1"), "retried");
    expect((await complete(body.upload_url, [{ partNumber: 1, etag: md5("retried") }])).status).toBe(200);
    expect((await served(body.file_url)).text).toBe("retried");
  });

  it.each([
    ["parts out of order", [2, 1], /ascending order: part 1 comes after part 2/],
    ["a wrong etag", [1, "bad"], /Part 2: etag .* does not match/],
    ["a part left out of the list", [1], /Parts 2 were uploaded but not listed/],
    ["a gap in the list", [1, 3], /Part 2 is missing/],
    ["an empty list", [], /empty/],
  ])("refuses a complete with %s, serving nothing", async (_what, list, message) => {
    const { body } = await initiate("initiate-multipart");
    await put(beside(body.upload_url, "1"), "one");
    await put(beside(body.upload_url, "2"), "two");
    const etags: Record<number, string> = { 1: md5("one"), 2: md5("two"), 3: md5("three") };
    const parts = list.length === 2 && list[1] === "bad" ? [{ partNumber: 1, etag: etags[1] }, { partNumber: 2, etag: '"bad"' }] : (list as number[]).map((n) => ({ partNumber: n, etag: etags[n] }));
    const response = await complete(body.upload_url, parts);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toMatch(message);
    expect((await served(body.file_url)).status).toBe(404);
  });

  it("refuses a whole-file PUT to a multipart upload, and parts to a single one", async () => {
    const multipart = (await initiate("initiate-multipart")).body;
    expect((await put(multipart.upload_url, "x")).status).toBe(400);
    const single = (await initiate("initiate")).body;
    expect((await put(beside(single.upload_url, "1"), "x")).status).toBe(400);
  });

  it("fails a given part as many times as asked, and only that part", async () => {
    emu.emulator.fail({ type: "status", status: 500, part: 2, times: 2 });
    const { body } = await initiate("initiate-multipart");
    expect((await put(beside(body.upload_url, "1"), "a")).status).toBe(200);
    expect((await put(beside(body.upload_url, "2"), "b")).status).toBe(500);
    expect((await put(beside(body.upload_url, "2"), "b")).status).toBe(500);
    expect((await put(beside(body.upload_url, "2"), "b")).status).toBe(200);
  });

  it("answers upload requests after uploadLatencyMs, as a far-away CDN would", async () => {
    const far = await startEmulator({ uploadLatencyMs: 120 });
    try {
      const response = await fetch(`${far.baseUrls.rest}/storage/upload/initiate`, { method: "POST", body: JSON.stringify({ content_type: "text/plain", file_name: "a.txt" }) });
      const { upload_url } = (await response.json()) as { upload_url: string };
      const started = performance.now();
      expect((await put(upload_url, "x", { "content-type": "text/plain" })).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    } finally {
      await far.close();
    }
  });

  it("keeps faults scoped to any host away from upload URLs", async () => {
    const { body } = await initiate("initiate");
    emu.emulator.fail({ type: "status", status: 500 });
    expect((await put(body.upload_url, "x", { "content-type": "text/plain" })).status).toBe(200);
    // The fault is still waiting, for the next request on fal's own hosts.
    expect((await initiate("initiate")).status).toBe(500);
  });
});
