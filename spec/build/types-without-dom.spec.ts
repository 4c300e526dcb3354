import { execFile } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "../support/bundle";
import { useTempDir } from "../support/temp-dir";

const run = promisify(execFile);

/** The published types, as a Node project without the DOM lib compiles them, library checks on. */
describe("the published types", () => {
  const project = useTempDir("fal-rx-types-");

  beforeAll(() => {
    const modules = join(project, "node_modules");
    mkdirSync(join(modules, "@types"), { recursive: true });
    symlinkSync(ROOT, join(modules, "fal-rx"));
    for (const name of ["rxjs", "zod", "eventsource-parser", "@msgpack", "@types/node", "undici-types"]) {
      symlinkSync(join(ROOT, "node_modules", name), join(modules, name));
    }
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2022"], types: ["node"], strict: true, skipLibCheck: false, noEmit: true },
        files: ["main.ts"],
      }),
    );
    writeFileSync(
      join(project, "main.ts"),
      [
        'import { createFalClient, result } from "fal-rx";',
        'import { startEmulator } from "fal-rx/emulator";',
        'import { createRealtimeClient } from "fal-rx/realtime";',
        'import { falProxy, falProxyFetch, verifyWebhook$ } from "fal-rx/server";',
        "const fal = createFalClient({});",
        'fal.subscribe$("fal-ai/echo", { input: {} }).pipe(result()).subscribe();',
        "void startEmulator;",
        "void createRealtimeClient;",
        'void [falProxy({ allowEndpoints: ["fal-ai/flux/*"], allowUnauthenticated: true }), falProxyFetch, verifyWebhook$];',
      ].join("\n"),
    );
  });

  it("compile in a Node project without the DOM lib, with skipLibCheck off", async () => {
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const outcome = await run(process.execPath, [tsc, "-p", project]).then(
      () => "",
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(outcome).toBe("");
    // A whole type check of the package and its dependencies: seconds when idle, far more on a CI
    // machine running other suites; the limit only stops a hang.
  }, 120_000);
});
