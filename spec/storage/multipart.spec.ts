import { createHash } from "node:crypto";
import { appendFileSync, openAsBlob, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tap, type Subscription } from "rxjs";
import { ApiError, FileReadError, type FetchLike, type UploadEvent, type UploadProgressEvent } from "../../src/index";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { collect, errorOf, until } from "../support/observe";
import { download, KB, MB, patternBytes, sameBytes } from "./bytes";
import { useTempDir } from "../support/temp-dir";

const scratch = useTempDir("fal-rx-");

// Small sizes so the specs stay light: the defaults (90 MB / 10 MB / 4) only scale these.
const SMALL = { multipartThreshold: MB, partSize: 256 * KB } as const;
const SIZE = 5 * 256 * KB + 1234; // 6 parts, the last one short

describe("storage.uploadEvents$ (multipart)", () => {
  const emu = useEmulator();
  const requests = (pattern: RegExp) => emu.emulator.requests.filter((request) => pattern.test(`${request.method} ${request.url}`));
  const parts = () => requests(/^PUT \/upload\/signed\/[\w-]+\/\d+\?/);
  const completes = () => requests(/^POST \/upload\/signed\/[\w-]+\/complete\?/);
  const uploadedUrl = (events: UploadEvent[]) => (events.at(-1) as { url: string }).url;

  it("goes multipart above the threshold: initiate-multipart, one PUT per part, complete; the file is byte-exact", async () => {
    const bytes = patternBytes(SIZE);
    const events = await collect(emu.client().storage.uploadEvents$(bytes, SMALL));
    expect(requests(/^POST \/rest\/storage\/upload\/initiate-multipart\?storage_type=fal-cdn-v3$/)).toHaveLength(1);
    expect(parts().map((part) => part.body.length).sort((a, b) => b - a)).toEqual([...Array(5).fill(256 * KB), 1234]);
    expect(completes()).toHaveLength(1);
    const served = await download(uploadedUrl(events));
    expect(sameBytes(served.bytes, bytes)).toEqual({ length: SIZE, firstDifference: -1 });
  });

  it("stays single at exactly the threshold", async () => {
    await collect(emu.client().storage.upload$(patternBytes(MB), SMALL));
    expect(requests(/initiate\?/)).toHaveLength(1);
    expect(parts()).toHaveLength(0);
  });

  it("lists the parts in ascending order with the etags the storage returned", async () => {
    await collect(emu.client().storage.upload$(patternBytes(SIZE), SMALL));
    const etags = new Map(parts().map((part) => [Number(/\/(\d+)\?/.exec(part.url)![1]), `"${createHash("md5").update(part.body).digest("hex")}"`]));
    const { parts: listed } = JSON.parse(completes()[0]!.body.toString());
    expect(listed).toEqual([1, 2, 3, 4, 5, 6].map((partNumber) => ({ partNumber, etag: etags.get(partNumber) })));
  });

  it("reports progress from 0, once per acknowledged part, never backwards, ending at total, then uploaded", async () => {
    const events = await collect(emu.client().storage.uploadEvents$(patternBytes(SIZE), SMALL));
    const progress = events.filter((event): event is UploadProgressEvent => event.type === "progress");
    expect(progress).toHaveLength(7);
    expect(progress[0]).toEqual({ type: "progress", loaded: 0, total: SIZE });
    expect(progress.every((event, i) => i === 0 || event.loaded > progress[i - 1]!.loaded)).toBe(true);
    expect(progress.at(-1)).toEqual({ type: "progress", loaded: SIZE, total: SIZE });
    expect(events.at(-1)!.type).toBe("uploaded");
    expect(events.filter((event) => event.type === "uploaded")).toHaveLength(1);
  });

  it("never sends the key to a part or complete URL", async () => {
    await collect(emu.client().storage.upload$(patternBytes(SIZE), SMALL));
    expect(emu.emulator.requests.filter((request) => request.route === "upload").map((request) => request.headers.authorization)).toEqual(Array(7).fill(undefined));
    expect(emu.emulator.requests[0]!.headers.authorization).toBe(`Key ${TEST_KEY}`);
  });

  it("keeps at most `concurrency` parts in flight", async () => {
    let active = 0;
    let most = 0;
    const fetch: FetchLike = (url, init) => {
      if (!/\/\d+\?/.test(url)) return globalThis.fetch(url, init);
      most = Math.max(most, ++active);
      return globalThis.fetch(url, init).finally(() => active--);
    };
    await collect(emu.client({ fetch }).storage.upload$(patternBytes(SIZE), { ...SMALL, concurrency: 2 }));
    expect(most).toBe(2);
  });

  it("retries a failing part on its own and still reassembles byte-exact", async () => {
    emu.emulator.fail({ type: "status", status: 503, part: 3, times: 2 });
    emu.emulator.fail({ type: "drop", part: 5, times: 1 });
    const bytes = patternBytes(SIZE);
    const events = await collect(emu.client().storage.uploadEvents$(bytes, SMALL));
    const tries = (n: number) => parts().filter((part) => part.url.includes(`/${n}?`)).length;
    expect([1, 2, 3, 4, 5, 6].map(tries)).toEqual([1, 1, 3, 1, 2, 1]);
    expect(sameBytes((await download(uploadedUrl(events))).bytes, bytes).firstDifference).toBe(-1);
  });

  it("errors with an ApiError naming the part when it fails for good, aborting the others and never completing", async () => {
    emu.emulator.fail({ type: "status", status: 403, part: 4, body: { detail: "signature expired" } });
    const seen: string[] = [];
    const upload$ = emu.client().storage.uploadEvents$(patternBytes(SIZE), SMALL).pipe(tap((event) => seen.push(event.type)));
    const error = (await errorOf(upload$)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/^PUT http:\/\/127\.0\.0\.1:\d+\/upload\/signed\/[\w-]+\/4\?… failed with 403: part 4 of 6 \(bytes 786432-1048575\): signature expired$/);
    expect(error.message).not.toContain(TEST_KEY);
    expect(completes()).toHaveLength(0);
    expect(seen).not.toContain("uploaded");
  });

  it("aborts every part in flight and sends no complete when unsubscribed mid-upload", async () => {
    for (const part of [3, 4, 5, 6]) emu.emulator.fail({ type: "hang", part });
    const events: UploadEvent[] = [];
    // 10 parts, 4 at a time: 1-2 done, 3-6 held, 7-10 not started when the subscriber leaves.
    const upload$ = emu.client().storage.uploadEvents$(patternBytes(10 * 256 * KB), SMALL);
    const subscription: Subscription = upload$.subscribe((event) => events.push(event));
    await until(() => emu.emulator.storage.inFlight === 4, "parts 3-6 to be held");
    subscription.unsubscribe();
    await until(() => emu.emulator.storage.aborted.length === 4, "the client to abort the held parts");
    expect(emu.emulator.storage.aborted.map((request) => request.part).sort()).toEqual([3, 4, 5, 6]);
    expect(emu.emulator.storage.inFlight).toBe(0);
    // (Scoped to this upload: parts a previous test aborted may still arrive.)
    const id = /\/signed\/([\w-]+)\//.exec(emu.emulator.storage.aborted[0]!.url)![1]!;
    expect(parts().filter((part) => part.url.includes(id)).map((part) => Number(/\/(\d+)\?/.exec(part.url)![1])).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(completes()).toHaveLength(0);
    expect(events.map((event) => event.type)).not.toContain("uploaded");
  });

  it("errors with FileReadError, never completing, when the file changes on disk mid-upload", async () => {
    const path = join(scratch, "video.bin");
    writeFileSync(path, patternBytes(SIZE));
    const blob = await openAsBlob(path);
    let changed = false;
    const upload$ = emu.client().storage.uploadEvents$(blob, { ...SMALL, concurrency: 1 }).pipe(
      tap((event) => {
        if (event.type === "progress" && event.loaded > 0 && !changed) {
          changed = true;
          appendFileSync(path, "more");
        }
      }),
    );
    const error = await errorOf(upload$);
    expect(error).toBeInstanceOf(FileReadError);
    expect(error.message).toMatch(/^Could not read a Blob \(\d+ bytes\) to upload it: NotReadableError/);
    expect(completes()).toHaveLength(0);
    // An unreadable body is not retried: every part URL was tried at most once.
    const partPuts = emu.emulator.requests.filter((request) => request.method === "PUT").map((request) => request.url);
    expect(new Set(partPuts).size).toBe(partPuts.length);
  });

  it("errors with ApiError naming the complete call when the storage refuses it", async () => {
    const upload$ = emu.client({ retry: { maxRetries: 0 } }).storage.uploadEvents$(patternBytes(SIZE), SMALL).pipe(
      // Once every part is in, the next upload request is the complete call.
      tap((event) => {
        if (event.type === "progress" && event.loaded === SIZE) emu.emulator.fail({ type: "status", status: 404, route: "upload", body: { detail: "upload expired" } });
      }),
    );
    const error = (await errorOf(upload$)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toMatch(/^POST .*\/upload\/signed\/[\w-]+\/complete\?… failed with 404: completing the upload of 6 parts: upload expired$/);
    expect(completes()).toHaveLength(1);
  });
});
