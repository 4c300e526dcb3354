import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { bundleForBrowser, chunksOf, ROOT } from "../support/bundle";
import { TEST_KEY, useEmulator } from "../support/emulator";

/** The built package (npm test builds it first), as users load it: ESM, CommonJS, and a browser bundle. */
const run = promisify(execFile);

describe("the built package", () => {
  const emu = useEmulator();

  beforeAll(() => {
    if (!existsSync(resolve(ROOT, "dist/esm/index.js"))) throw new Error("dist/ is missing: run `npm run build` (npm test does)");
  });

  const script = (load: string) => `
    ${load}
    const client = createFalClient({ credentials: ${JSON.stringify(TEST_KEY)}, baseUrls: JSON.parse(process.env.BASE_URLS) });
    client.run$("fal-ai/echo", { input: { from: process.env.FORMAT } }).subscribe({
      next: (r) => console.log(JSON.stringify(r.data)),
      error: (e) => { console.error(e.message); process.exitCode = 1; },
    });`;

  it("runs run$ through the ESM entry", async () => {
    const code = script(`import { createFalClient } from "fal-rx";`);
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", code], {
      cwd: ROOT,
      env: { ...process.env, BASE_URLS: JSON.stringify(emu.emulator.baseUrls), FORMAT: "esm" },
    });
    expect(JSON.parse(stdout)).toEqual({ from: "esm" });
  });

  it("runs run$ through the CommonJS entry", async () => {
    const code = script(`const { createFalClient } = require("fal-rx");`);
    const { stdout } = await run(process.execPath, ["-e", code], {
      cwd: ROOT,
      env: { ...process.env, BASE_URLS: JSON.stringify(emu.emulator.baseUrls), FORMAT: "cjs" },
    });
    expect(JSON.parse(stdout)).toEqual({ from: "cjs" });
  });

  it("starts the emulator through its own ESM and CommonJS entries", async () => {
    for (const [flag, load] of [
      ["--input-type=module", `import { startEmulator } from "fal-rx/emulator";`],
      ["--input-type=commonjs", `const { startEmulator } = require("fal-rx/emulator");`],
    ] as const) {
      const code = `${load} startEmulator().then(async (e) => { console.log(e.baseUrls.run.startsWith(e.url)); await e.close(); });`;
      const { stdout } = await run(process.execPath, [flag, "-e", code], { cwd: ROOT });
      expect(stdout.trim()).toBe("true");
    }
  });

  it("bundles the client entry for browsers without Node modules or the emulator", async () => {
    const result = await bundleForBrowser(`export { createFalClient } from "fal-rx";`, ["rxjs"]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((path) => /\/(emulator|cli)\/|node:/.test(path))).toEqual([]);
    expect(inputs.some((path) => path.includes("dist/esm/client.js"))).toBe(true);
  });

  it("keeps only the zod/mini schemas wire/ uses in the browser bundle: no locales, no JSON Schema", async () => {
    // `import { z } from "zod/mini"` would keep all of zod (its namespace object is one value,
    // ~100 KB gzip); `import * as z` lets the bundler drop what is not called.
    // Split as app bundlers split: in one file, esbuild wraps what the lazy upload chunk reaches
    // (zod included) in initialisers, leaving a few bytes of stub for every zod module.
    const { initial, lazy } = chunksOf(await bundleForBrowser(`export { createFalClient } from "fal-rx";`, ["rxjs"], { splitting: true }));
    const kept = [...initial, ...lazy].flatMap((chunk) => chunk.inputs);
    expect(kept.some((path) => path.includes("node_modules/zod/"))).toBe(true);
    expect(kept.filter((path) => /node_modules\/zod\/.*(locales|json-schema|compile)/.test(path))).toEqual([]);
  });
});
