import { resolve } from "node:path";
import { build, type BuildResult, type Metafile } from "esbuild";

/** The package root: bundles resolve "fal-rx/..." through package.json exports to dist/. */
export const ROOT = resolve(__dirname, "..", "..");

/**
 * A minified browser ESM bundle of `contents`, as a user's bundler would make it: through the
 * package's exports, not our tsconfig's `paths` (which map entries to sources for the docs specs).
 * With `splitting`, each `import()` gets a chunk of its own (and what it shares with the entry a
 * shared chunk), as Vite, webpack and the Angular CLI build apps; without, it is one file.
 */
export function bundleForBrowser(contents: string, external: string[] = [], options: { splitting?: boolean } = {}) {
  return build({
    stdin: { contents, resolveDir: ROOT },
    // Metafile paths are relative to this: `dist/esm/...`, as the specs name them.
    absWorkingDir: ROOT,
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    minify: true,
    metafile: true,
    external,
    tsconfigRaw: {},
    logLevel: "silent",
    ...(options.splitting ? { splitting: true, outdir: resolve(ROOT, "out") } : {}),
  });
}

/** One output file of a bundle: its bytes and the package files whose code went into it. */
export interface Chunk {
  readonly path: string;
  readonly bytes: Uint8Array;
  /** Input paths that put code in this file (`bytesInOutput > 0`). */
  readonly inputs: string[];
}

/**
 * A split bundle's files, sorted by when a browser needs them: `initial`, the entry and every chunk
 * it imports statically (loaded before the app runs); `lazy`, the chunks only `import()` reaches.
 */
export function chunksOf(result: BuildResult<{ metafile: true; write: false }>): { initial: Chunk[]; lazy: Chunk[] } {
  const outputs: Metafile["outputs"] = result.metafile.outputs;
  const chunk = (path: string): Chunk => ({
    path,
    bytes: result.outputFiles.find((file) => file.path === resolve(ROOT, path))!.contents,
    inputs: Object.entries(outputs[path]!.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([input]) => input),
  });
  const entry = Object.keys(outputs).find((path) => outputs[path]!.entryPoint === "<stdin>")!;
  const initial = new Set<string>();
  const visit = (path: string) => {
    if (initial.has(path)) return;
    initial.add(path);
    for (const imported of outputs[path]!.imports) if (!imported.external && imported.kind === "import-statement") visit(imported.path);
  };
  visit(entry);
  const paths = Object.keys(outputs).filter((path) => path.endsWith(".js"));
  return { initial: paths.filter((path) => initial.has(path)).map(chunk), lazy: paths.filter((path) => !initial.has(path)).map(chunk) };
}
