import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";

/**
 * The type-level specs. ts-jest only transpiles here (`isolatedModules`), so a type error in a
 * spec would not fail the run: this spec compiles spec/typing/*.types.ts with the repo's compiler
 * options and fails on any diagnostic, an unused `@ts-expect-error` included. It also checks what
 * an editor offers, and that a project without `fal-rx/endpoints` needs no `@fal-ai/client`.
 */
const ROOT = resolve(__dirname, "..", "..");
const HERE = __dirname;
const CASES = readdirSync(HERE)
  .filter((name) => name.endsWith(".types.ts"))
  .map((name) => join(HERE, name));

const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, "tsconfig.json"), {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
    throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
  },
})!;
const options: ts.CompilerOptions = { ...config.options, noEmit: true };

/** A language service over `roots` and the `virtual` files (path -> text), with some paths hidden. */
function service(roots: string[], virtual: Record<string, string>, hidden?: RegExp): ts.LanguageService {
  const exists = (path: string) => path in virtual || (!hidden?.test(path) && ts.sys.fileExists(path));
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [...roots, ...Object.keys(virtual)],
    getScriptVersion: () => "1",
    getScriptSnapshot: (path) => {
      const text = virtual[path] ?? (exists(path) ? ts.sys.readFile(path) : undefined);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => ROOT,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (settings) => ts.getDefaultLibFilePath(settings),
    fileExists: exists,
    readFile: (path) => virtual[path] ?? (exists(path) ? ts.sys.readFile(path) : undefined),
    readDirectory: ts.sys.readDirectory,
    directoryExists: (path) => !hidden?.test(`${path}/`) && ts.sys.directoryExists(path),
    getDirectories: ts.sys.getDirectories,
  };
  return ts.createLanguageService(host);
}

function errorsIn(languageService: ts.LanguageService, file: string): string[] {
  const diagnostics = [...languageService.getSyntacticDiagnostics(file), ...languageService.getSemanticDiagnostics(file)];
  return diagnostics.map((diagnostic) => {
    const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    return `${diagnostic.file!.fileName.slice(ROOT.length + 1)}:${line + 1}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, " ")}`;
  });
}

describe("the type-level specs (spec/typing/*.types.ts)", () => {
  const probe = join(HERE, "__probe__.ts");
  const completion = join(HERE, "__completion__.ts");
  const completionText = `import { fal } from "../../src/index";\nimport type {} from "../../src/endpoints";\nfal.run$("fal-ai/flux/d`;
  let languageService: ts.LanguageService;

  beforeAll(() => {
    languageService = service(CASES, {
      // Two wrong expectations: the harness must report both.
      [probe]: [
        `import { fal, type Result } from "../../src/index";`,
        `import type {} from "../../src/endpoints";`,
        `import { expectType, type Equal } from "./type-assert";`,
        `const run$ = fal.run$("fal-ai/flux/dev", { input: { prompt: "a cat" } });`,
        `expectType<Equal<typeof run$, Result<unknown>>>(true);`,
        `// @ts-expect-error`,
        `fal.run$("fal-ai/flux/dev", { input: { prompt: "a cat" } });`,
      ].join("\n"),
      [completion]: completionText,
    });
    // Building the program (the sources, rxjs, zod, fal's 2 MB map) is the slow part: once, here.
    languageService.getProgram();
  }, 60_000);

  it("finds the cases", () => {
    expect(CASES.map((path) => path.slice(HERE.length + 1)).sort()).toEqual(["angular.types.ts", "endpoints.types.ts", "schemas.types.ts"]);
  });

  it.each(CASES.map((path) => [path.slice(HERE.length + 1), path]))("%s compiles: every expectation holds, every @ts-expect-error is an error", (_name, path) => {
    expect(errorsIn(languageService, path)).toEqual([]);
  });

  it("fails on a wrong expectation and on a @ts-expect-error that is not an error", () => {
    const errors = errorsIn(languageService, probe);
    expect(errors).toEqual([
      expect.stringMatching(/__probe__\.ts:5: Type 'false' does not satisfy the constraint 'true'/),
      expect.stringMatching(/__probe__\.ts:6: Unused '@ts-expect-error' directive/),
    ]);
  });

  it("offers fal's endpoint ids as completions for the id", () => {
    const completions = languageService.getCompletionsAtPosition(completion, completionText.length, {});
    const names = completions?.entries.map((entry) => entry.name) ?? [];
    expect(names).toEqual(expect.arrayContaining(["fal-ai/flux/dev", "fal-ai/flux/dev/image-to-image", "fal-ai/florence-2-large/caption"]));
    expect(names.length).toBeGreaterThan(1000);
  });
});

describe("a project that does not import fal-rx/endpoints", () => {
  const file = join(HERE, "__without_endpoints__.ts");
  // What such a project writes; @fal-ai/client is hidden, as if it were not installed.
  const text = [
    `import type { Observable } from "rxjs";`,
    `import * as z from "zod/mini";`,
    `import { fal, type KnownEndpointId, type Result } from "../../src/index";`,
    `import { expectType, type Equal } from "./type-assert";`,
    `expectType<Equal<KnownEndpointId, never>>(true);`,
    `const flux$ = fal.run$("fal-ai/flux/dev", { input: { prompt: "a cat", anything: [1] } });`,
    `expectType<Equal<typeof flux$, Observable<Result<unknown>>>>(true);`,
    `const checked$ = fal.run$("fal-ai/flux/dev", { output: z.object({ seed: z.number() }) });`,
    `expectType<Equal<typeof checked$, Observable<Result<{ seed: number }>>>>(true);`,
    `const named$ = fal.subscribe$<{ images: { url: string }[] }>("fal-ai/flux/dev", { input: {} });`,
  ].join("\n");

  it("compiles without @fal-ai/client installed, with unknown data for every id", () => {
    const languageService = service([], { [file]: text }, /\/node_modules\/@fal-ai\/client\//);
    expect(errorsIn(languageService, file)).toEqual([]);
    const loaded = languageService
      .getProgram()!
      .getSourceFiles()
      .map((source) => source.fileName);
    expect(loaded.filter((name) => name.includes("@fal-ai/client"))).toEqual([]);
    expect(loaded.some((name) => name.endsWith("src/index.ts"))).toBe(true);
  }, 60_000);
});
