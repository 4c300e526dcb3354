import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { bundleForBrowser, ROOT } from "../support/bundle";

/** The built fal-rx/angular entry (npm test builds dist/ first), and the core entry's freedom from it. */
const run = promisify(execFile);

// Angular and rxjs stay outside the bundle, so an import of either shows up as text in the output.
const bundle = (contents: string) => bundleForBrowser(contents, ["rxjs", "@angular/*"]);

describe("the built fal-rx/angular entry", () => {
  beforeAll(() => {
    if (!existsSync(resolve(ROOT, "dist/esm/angular/index.js"))) throw new Error("dist/ is missing: run `npm run build` (npm test does)");
  });

  it("leaves every Angular module out of a bundle of all that fal-rx exports", async () => {
    const result = await bundle(`export * from "fal-rx";`);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.includes("dist/esm/client.js"))).toBe(true);
    expect(inputs.filter((path) => /angular/.test(path))).toEqual([]);
    expect(result.outputFiles[0]!.text).not.toMatch(/@angular\//);
  });

  it("imports only Angular and rxjs from outside the package", async () => {
    const result = await bundle(`export * from "fal-rx/angular";`);
    const [output] = Object.values(result.metafile.outputs);
    const externals = new Set(output!.imports.filter((entry) => entry.external).map((entry) => entry.path));
    // rxjs/fetch is the rxjs peer's own fromFetch, which the core sends with.
    expect([...externals].sort()).toEqual(["@angular/common/http", "@angular/core", "@angular/core/rxjs-interop", "rxjs", "rxjs/fetch"]);
    expect(Object.keys(result.metafile.inputs).some((path) => path.includes("dist/esm/angular/index.js"))).toBe(true);
  });

  it("loads through its ESM and CommonJS entries in Node", async () => {
    for (const [flag, load] of [
      // Angular's own packages need the JIT compiler (or the CLI's linker) to load at all.
      ["--input-type=module", `import "@angular/compiler"; import { provideFal, FalService } from "fal-rx/angular";`],
      ["--input-type=commonjs", `require("@angular/compiler"); const { provideFal, FalService } = require("fal-rx/angular");`],
    ] as const) {
      const code = `${load} console.log(typeof provideFal, String(FalService));`;
      const { stdout } = await run(process.execPath, [flag, "-e", code], { cwd: ROOT });
      expect(stdout.trim()).toBe("function InjectionToken FalService (add provideFal(...) to the application's providers)");
    }
  });
});
