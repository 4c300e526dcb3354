import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { bundleForBrowser, ROOT } from "../support/bundle";
import { TEST_KEY, useEmulator } from "../support/emulator";

/** The built `fal-rx/realtime` entry (npm test builds first), and what the core entry must not bundle. */
const run = promisify(execFile);

async function bundleInputs(contents: string): Promise<string[]> {
  return Object.keys((await bundleForBrowser(contents)).metafile.inputs);
}

describe("the built realtime entry", () => {
  const emu = useEmulator();

  beforeAll(() => {
    if (!existsSync(resolve(ROOT, "dist/esm/realtime/index.js"))) throw new Error("dist/ is missing realtime: run `npm run build` (npm test does)");
  });

  it("keeps MessagePack, rxjs/webSocket and the realtime code out of an app that imports only the core", async () => {
    const inputs = await bundleInputs(`export { createFalClient, fal } from "fal-rx";`);
    expect(inputs.filter((path) => /@msgpack|\/realtime\/|webSocket|WebSocketSubject/i.test(path))).toEqual([]);
    expect(inputs.some((path) => path.includes("dist/esm/client.js"))).toBe(true);
  });

  it("bundles the realtime entry for browsers with MessagePack, without ws or Node modules", async () => {
    const inputs = await bundleInputs(`export { realtime, createRealtimeClient } from "fal-rx/realtime";`);
    expect(inputs.some((path) => path.includes("node_modules/@msgpack/msgpack/"))).toBe(true);
    expect(inputs.some((path) => path.includes("dist/esm/realtime/connect.js"))).toBe(true);
    expect(inputs.filter((path) => /node_modules\/ws\/|\/emulator\/|node:/.test(path))).toEqual([]);
  });

  const script = (load: string) => `
    ${load}
    const client = createFalClient({ credentials: ${JSON.stringify(TEST_KEY)}, baseUrls: JSON.parse(process.env.BASE_URLS) });
    createRealtimeClient(client)
      .connect$("fal-ai/realtime-echo", of({ request_id: process.env.FORMAT }), { WebSocketCtor: WebSocket })
      .pipe(take(1))
      .subscribe({ next: (e) => console.log(JSON.stringify(e)), error: (e) => { console.error(e.message); process.exitCode = 1; } });`;

  it.each([
    ["ESM", ["--input-type=module"], `import { createFalClient } from "fal-rx"; import { createRealtimeClient } from "fal-rx/realtime"; import { of, take } from "rxjs"; import { WebSocket } from "ws";`],
    ["CommonJS", ["--input-type=commonjs"], `const { createFalClient } = require("fal-rx"); const { createRealtimeClient } = require("fal-rx/realtime"); const { of, take } = require("rxjs"); const { WebSocket } = require("ws");`],
  ])("runs a realtime session through the %s entry on Node with ws", async (format, flags, load) => {
    const { stdout } = await run(process.execPath, [...flags, "-e", script(load)], {
      cwd: ROOT,
      env: { ...process.env, BASE_URLS: JSON.stringify(emu.emulator.baseUrls), FORMAT: format },
    });
    expect(JSON.parse(stdout)).toEqual({ type: "result", data: { request_id: format }, requestId: format });
  });
});
