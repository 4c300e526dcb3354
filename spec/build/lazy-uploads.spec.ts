import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { bundleForBrowser, chunksOf, ROOT } from "../support/bundle";
import { TEST_KEY, useEmulator } from "../support/emulator";

/**
 * The upload code (multipart, single PUT, sniffing, upload options) is loaded with `import()` only
 * when an input holds a file or `fal.storage` uploads (storage/load-uploads.ts): not in the chunks an
 * app loads first, and still there, in the built ESM and CommonJS entries, when a file comes.
 */
const run = promisify(execFile);

/** The app of bench/bundle.bench.ts: a client and the three calls, never a file. */
const APP = `import { createFalClient } from "fal-rx";
const fal = createFalClient({ proxyUrl: "/api/fal/proxy" });
export const calls = [fal.run$, fal.subscribe$, fal.stream$];`;

const UPLOAD_FILES = ["multipart-upload", "single-upload", "initiate", "upload-body", "upload-options", "content-type", "file-source", "upload"];
const isUploadCode = (path: string) => /dist\/esm\/(storage\/(uploads|upload-input|signed-url)|wire\/storage)\.js$/.test(path) || UPLOAD_FILES.some((name) => path.endsWith(`dist/esm/storage/${name}.js`));

describe("the upload code", () => {
  const emu = useEmulator();

  beforeAll(() => {
    if (!existsSync(resolve(ROOT, "dist/esm/index.js"))) throw new Error("dist/ is missing: run `npm run build` (npm test does)");
  });

  it("is left out of the chunks a run$/subscribe$/stream$ app loads first", async () => {
    const { initial } = chunksOf(await bundleForBrowser(APP, ["rxjs"], { splitting: true }));
    const inputs = initial.flatMap((chunk) => chunk.inputs);
    expect(inputs).toContain("dist/esm/client.js");
    expect(inputs.filter(isUploadCode)).toEqual([]);
  });

  it("goes into one chunk of its own, which only import() reaches", async () => {
    const { lazy } = chunksOf(await bundleForBrowser(APP, ["rxjs"], { splitting: true }));
    expect(lazy).toHaveLength(1);
    expect(lazy[0]!.inputs).toEqual(expect.arrayContaining(UPLOAD_FILES.map((name) => `dist/esm/storage/${name}.js`)));
  });

  const script = (load: string) => `
    ${load}
    const client = createFalClient({ credentials: ${JSON.stringify(TEST_KEY)}, baseUrls: JSON.parse(process.env.BASE_URLS) });
    client.run$("fal-ai/echo", { input: { image_url: new Blob(["pixels"], { type: "image/png" }) } }).subscribe({
      next: (r) => console.log(JSON.stringify(r.data)),
      error: (e) => { console.error(e.message); process.exitCode = 1; },
    });`;

  it.each([
    ["ESM", ["--input-type=module"], `import { createFalClient } from "fal-rx";`],
    ["CommonJS", ["--input-type=commonjs"], `const { createFalClient } = require("fal-rx");`],
  ])("is loaded by the built %s entry when run$'s input holds a Blob, which is uploaded", async (_format, flags, load) => {
    const { stdout } = await run(process.execPath, [...flags, "-e", script(load)], {
      cwd: ROOT,
      env: { ...process.env, BASE_URLS: JSON.stringify(emu.emulator.baseUrls) },
    });
    expect(JSON.parse(stdout)).toEqual({ image_url: expect.stringMatching(/\/upload\/files\//) });
    expect(emu.emulator.requests.map((request) => `${request.method} ${request.route}`)).toEqual(["POST rest", "PUT upload", "POST run"]);
  });
});
