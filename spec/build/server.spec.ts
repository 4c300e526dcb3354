import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { bundleForBrowser, ROOT } from "../support/bundle";

/** The built `fal-rx/server` entry (npm test builds first), and what the client entry must not bundle. */
const run = promisify(execFile);

describe("the built server entry", () => {
  beforeAll(() => {
    if (!existsSync(resolve(ROOT, "dist/esm/server/index.js"))) throw new Error("dist/ is missing server: run `npm run build` (npm test does)");
  });

  it("keeps server/ and node: modules out of an app that imports the client", async () => {
    const { metafile } = await bundleForBrowser(`export { createFalClient, fal } from "fal-rx";`, ["rxjs"]);
    expect(Object.keys(metafile.inputs).filter((path) => /\/server\/|node:/.test(path))).toEqual([]);
  });

  it("bundles for Node without the emulator, Angular or realtime", async () => {
    const result = await build({
      stdin: { contents: `export * from "fal-rx/server";`, resolveDir: ROOT },
      absWorkingDir: ROOT,
      bundle: true,
      platform: "node",
      format: "esm",
      write: false,
      metafile: true,
      external: ["rxjs"],
      tsconfigRaw: {},
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.includes("dist/esm/server/node-proxy.js"))).toBe(true);
    expect(inputs.filter((path) => /\/(emulator|angular|realtime|cli)\/|@angular|@msgpack/.test(path))).toEqual([]);
  });

  // A browser-like client (no key) -> falProxy on node:http -> the emulator, and a signed delivery verified.
  const script = (load: string) => `
    ${load}
    (async () => {
      const emulator = await startEmulator({ key: "built-key" });
      const proxy = http.createServer(falProxy({ baseUrls: emulator.baseUrls, credentials: "built-key", allowEndpoints: ["fal-ai/echo"], allowUnauthenticated: true }));
      await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
      const client = createFalClient({ baseUrls: emulator.baseUrls, credentials: () => undefined, proxyUrl: { url: "http://127.0.0.1:" + proxy.address().port, when: "always" } });
      try {
        const { data } = await firstValueFrom(client.run$("fal-ai/echo", { input: { via: process.env.FORMAT } }));
        const error = await firstValueFrom(verifyWebhook$({ headers: {}, body: "" }, { jwksUrl: emulator.jwksUrl })).catch((e) => e);
        console.log(JSON.stringify({ data, refused: error instanceof WebhookVerificationError && error.reason }));
      } finally {
        proxy.close();
        await emulator.close();
      }
    })().catch((e) => { console.error(e.message); process.exitCode = 1; });`;

  it.each([
    ["ESM", "--input-type=module", `import http from "node:http"; import { firstValueFrom } from "rxjs"; import { createFalClient } from "fal-rx"; import { startEmulator } from "fal-rx/emulator"; import { falProxy, verifyWebhook$, WebhookVerificationError } from "fal-rx/server";`],
    ["CommonJS", "--input-type=commonjs", `const http = require("node:http"); const { firstValueFrom } = require("rxjs"); const { createFalClient } = require("fal-rx"); const { startEmulator } = require("fal-rx/emulator"); const { falProxy, verifyWebhook$, WebhookVerificationError } = require("fal-rx/server");`],
  ])("proxies a call and refuses an unsigned delivery through the %s entry", async (format, flag, load) => {
    const { stdout } = await run(process.execPath, [flag, "-e", script(load)], { cwd: ROOT, env: { ...process.env, FORMAT: format } });
    expect(JSON.parse(stdout)).toEqual({ data: { via: format }, refused: "missing-header" });
  });
});
