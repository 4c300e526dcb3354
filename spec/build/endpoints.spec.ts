import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import ts from "typescript";
import { ROOT } from "../support/bundle";

/**
 * The built package (npm test builds dist/ first) and `@fal-ai/client`: its endpoint types are
 * used through `fal-rx/endpoints` only, as types. No entry's JavaScript contains or imports any of
 * it, and the published declarations type fal's ids once (and only once) the entry is imported.
 */
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  exports: Record<string, string | Record<string, string>>;
  bin: Record<string, string>;
};

/** Every JavaScript file a user can load: each export's `import` and `require` target, and the CLI. */
const ENTRIES: [string, string, "esm" | "cjs"][] = [
  ...Object.entries(pkg.exports).flatMap(([name, target]) =>
    typeof target === "string"
      ? []
      : (["import", "require"] as const).filter((condition) => target[condition]).map((condition) => [name, target[condition]!, condition === "import" ? "esm" : "cjs"] as [string, string, "esm" | "cjs"]),
  ),
  ...Object.entries(pkg.bin).map(([name, path]) => [`bin ${name}`, path, "cjs"] as [string, string, "esm" | "cjs"]),
];

const OFFICIAL = /@fal-ai\/client/;

describe("the built package and @fal-ai/client", () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, "dist/esm/endpoints.js"))) throw new Error("dist/ is missing fal-rx/endpoints: run `npm run build` (npm test does)");
  });

  it("has the entries it should", () => {
    expect(ENTRIES.map(([name, , format]) => `${name} ${format}`)).toEqual(
      expect.arrayContaining([". esm", ". cjs", "./endpoints esm", "./endpoints cjs", "./angular esm", "./emulator cjs", "./server esm", "./server cjs", "bin fal-rx cjs"]),
    );
    expect((pkg.exports["./endpoints"] as Record<string, string>).types).toBe("./dist/types/endpoints.d.ts");
  });

  it.each(ENTRIES)("%s (%s) bundles without any @fal-ai/client code or import", async (_name, path, format) => {
    const result = await build({
      entryPoints: [join(ROOT, path)],
      bundle: true,
      platform: "node",
      format,
      write: false,
      minify: true,
      // Peers stay outside; everything else, dependencies included, is bundled and looked at.
      external: ["rxjs", "@angular/*"],
      metafile: true,
      // Through package.json, not our tsconfig's `paths` (which map entries to the sources).
      tsconfigRaw: {},
      logLevel: "silent",
    });
    const [output] = Object.values(result.metafile.outputs);
    expect(Object.keys(result.metafile.inputs).filter((input) => OFFICIAL.test(input))).toEqual([]);
    expect(output!.imports.filter((entry) => OFFICIAL.test(entry.path)).map((entry) => entry.path)).toEqual([]);
    // Minified: comments are gone, so any mention left would be code.
    expect(result.outputFiles[0]!.text).not.toMatch(OFFICIAL);
  });

  it("ships fal-rx/endpoints as an empty module: types only", async () => {
    const esm = await build({
      entryPoints: [join(ROOT, "dist/esm/endpoints.js")],
      bundle: true,
      write: false,
      minify: true,
      format: "esm",
      tsconfigRaw: {},
      logLevel: "silent",
    });
    expect(esm.outputFiles[0]!.text.trim()).toBe("");
    // CommonJS keeps its `__esModule` marker, and nothing else.
    const cjs = readFileSync(join(ROOT, "dist/cjs/endpoints.js"), "utf8").replace(/^\/\/# sourceMappingURL=.*$/m, "");
    expect(cjs.replace(/\s+/g, " ").trim()).toBe('"use strict"; Object.defineProperty(exports, "__esModule", { value: true });');
    expect(readFileSync(join(ROOT, "dist/types/endpoints.d.ts"), "utf8")).toMatch(/^import type \{ EndpointTypeMap \} from "@fal-ai\/client\/endpoints";$/m);
  });
});

describe("the published declarations", () => {
  /** Compiles `text` as a file of this package's user (resolving "fal-rx" through package.json exports). */
  function errorsOf(text: string, moduleResolution: "Bundler" | "NodeNext", hidden?: RegExp): { errors: string[]; files: string[] } {
    const file = join(ROOT, moduleResolution === "NodeNext" ? "__user__.mts" : "__user__.ts");
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
      module: moduleResolution === "NodeNext" ? ts.ModuleKind.NodeNext : ts.ModuleKind.ESNext,
      moduleResolution: moduleResolution === "NodeNext" ? ts.ModuleResolutionKind.NodeNext : ts.ModuleResolutionKind.Bundler,
      types: [],
    };
    const host = ts.createCompilerHost(options);
    const exists = (path: string) => path === file || (!hidden?.test(path) && ts.sys.fileExists(path));
    host.fileExists = exists;
    host.readFile = (path) => (path === file ? text : exists(path) ? ts.sys.readFile(path) : undefined);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (path, version) => (path === file ? ts.createSourceFile(path, text, version) : getSourceFile(path, version));
    const program = ts.createProgram([file], options, host);
    const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
    return { errors, files: program.getSourceFiles().map((source) => source.fileName) };
  }

  const USER = `
    import type { Observable } from "rxjs";
    import { fal, type Result } from "fal-rx";
    type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
    declare function expectType<Same extends true>(same: Same): void;
  `;

  it.each(["Bundler", "NodeNext"] as const)("type fal's ids once fal-rx/endpoints is imported (%s resolution)", (resolution) => {
    const { errors } = errorsOf(
      `${USER}
      import type {} from "fal-rx/endpoints";
      import type { EndpointTypeMap } from "@fal-ai/client/endpoints";
      const flux$ = fal.run$("fal-ai/flux/dev", { input: { prompt: "a cat" } });
      expectType<Equal<typeof flux$, Observable<Result<EndpointTypeMap["fal-ai/flux/dev"]["output"]>>>>(true);
      // @ts-expect-error prompt is a string
      fal.run$("fal-ai/flux/dev", { input: { prompt: 1 } });
      declare module "fal-rx" { interface FalEndpoints { "acme/app": { input: { n: number }; output: { ok: true } } } }
      const own$ = fal.run$("acme/app", { input: { n: 1 } });
      expectType<Equal<typeof own$, Observable<Result<{ ok: true }>>>>(true);`,
      resolution,
    );
    expect(errors).toEqual([]);
  }, 60_000);

  it("type every id as unknown without it, @fal-ai/client not even installed", () => {
    const { errors, files } = errorsOf(
      `${USER}
      const flux$ = fal.run$("fal-ai/flux/dev", { input: { anything: 1 } });
      expectType<Equal<typeof flux$, Observable<Result<unknown>>>>(true);`,
      "Bundler",
      /\/node_modules\/@fal-ai\/client\//,
    );
    expect(errors).toEqual([]);
    expect(files.filter((name) => OFFICIAL.test(name))).toEqual([]);
    expect(files.some((name) => name.endsWith("dist/types/index.d.ts"))).toBe(true);
  }, 60_000);

  it.each(["Bundler", "NodeNext"] as const)("declare fal-rx/emulator without reaching ws's types, an optional peer (%s resolution)", (resolution) => {
    const { errors, files } = errorsOf(
      `import { startEmulator, type Emulator, type RealtimeConnectionRecord } from "fal-rx/emulator";
      const emulator: Promise<Emulator> = startEmulator({ port: 0 });
      declare const record: RealtimeConnectionRecord;
      export const closed = emulator.then((e) => [e.realtime.connections[0]?.closed?.code, record.endpoint]);`,
      resolution,
    );
    expect(errors).toEqual([]);
    expect(files.some((name) => name.endsWith("dist/types/emulator/index.d.ts"))).toBe(true);
    expect(files.filter((name) => /\/node_modules\/(@types\/)?ws\//.test(name))).toEqual([]);
  }, 60_000);
});
