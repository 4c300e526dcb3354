import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import type { Options, Row } from "./harness";

const ROOT = join(__dirname, "..");

/** A typical app entry per client: create a client and use run, subscribe and stream (no file). */
const ENTRIES = {
  falRx: `import { createFalClient } from "fal-rx";
const fal = createFalClient({ proxyUrl: "/api/fal/proxy" });
export const calls = [fal.run$, fal.subscribe$, fal.stream$];`,
  official: `import { createFalClient } from "@fal-ai/client";
const fal = createFalClient({ proxyUrl: "/api/fal/proxy" });
export const calls = [fal.run, fal.subscribe, fal.stream];`,
  runOnly: `import { createFalClient } from "fal-rx";
export const run = createFalClient().run$;`,
};

/** Upload code that must stay in the lazy chunk (src/storage/load-uploads.ts). */
const UPLOAD_CODE = /dist\/esm\/(storage\/(uploads|upload|upload-input|multipart-upload|single-upload|initiate|upload-body|upload-options|content-type|file-source|signed-url)|wire\/storage)\.js$/;

interface Bundle {
  /** Gzip bytes of what loads before the app runs: the entry and the chunks it imports statically. */
  first: number;
  /** Gzip bytes of every file, the lazily imported chunks included. */
  total: number;
  /** Package files with code in the first-load chunks. */
  firstInputs: string[];
}

/**
 * A minified browser ESM bundle of `contents`. With `splitting`, as app bundlers build (Vite,
 * webpack, the Angular CLI): each `import()` a chunk of its own, and what it shares with the entry
 * a shared chunk the entry imports. Every file is gzipped on its own, as it is served.
 */
export async function bundle(contents: string, external: string[], splitting = true): Promise<Bundle> {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: "ts" },
    absWorkingDir: ROOT,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    splitting,
    outdir: join(ROOT, "out"),
    external,
    logLevel: "silent",
  });
  const outputs = result.metafile.outputs;
  const gzip = (path: string) => gzipSync(result.outputFiles.find((file) => file.path === join(ROOT, path))!.contents, { level: 9 }).byteLength;
  const first = new Set<string>();
  const visit = (path: string) => {
    if (first.has(path)) return;
    first.add(path);
    for (const imported of outputs[path]!.imports) if (!imported.external && imported.kind === "import-statement") visit(imported.path);
  };
  visit(Object.keys(outputs).find((path) => outputs[path]!.entryPoint === "<stdin>")!);
  const sum = (paths: string[]) => paths.reduce((bytes, path) => bytes + gzip(path), 0);
  return {
    first: sum([...first]),
    total: sum(Object.keys(outputs).filter((path) => path.endsWith(".js"))),
    firstInputs: [...first].flatMap((path) => Object.entries(outputs[path]!.inputs).filter(([, input]) => input.bytesInOutput > 0).map(([input]) => input)),
  };
}

export async function bundleBench(_options: Options): Promise<Row[]> {
  const official = await bundle(ENTRIES.official, []);
  const external = await bundle(ENTRIES.falRx, ["rxjs"]);
  const oneFile = await bundle(ENTRIES.falRx, ["rxjs"], false);
  const bundled = await bundle(ENTRIES.falRx, []);
  const runOnly = await bundle(ENTRIES.runOnly, ["rxjs"]);
  const leaked = runOnly.firstInputs.filter((path) => /\/(emulator|cli)\/|node:/.test(path));
  if (leaked.length) throw new Error(`a run$-only app pulled in ${leaked.join(", ")}`);
  const eager = external.firstInputs.filter((path) => UPLOAD_CODE.test(path));
  if (eager.length) throw new Error(`an app that never uploads loads ${eager.join(", ")} up front`);
  const app = "run$/subscribe$/stream$ app";
  return [
    { bench: "bundle", metric: `gzip, ${app}, first load (rxjs external)`, unit: "B", falRx: external.first, official: official.first, target: "≤ 1.0×" },
    { bench: "bundle", metric: `gzip, ${app}, with the lazy upload chunk (rxjs external)`, unit: "B", falRx: external.total, official: official.total },
    { bench: "bundle", metric: `gzip, ${app}, one file, no code splitting (rxjs external)`, unit: "B", falRx: oneFile.total, official: official.total },
    { bench: "bundle", metric: `gzip, ${app}, first load (rxjs bundled)`, unit: "B", falRx: bundled.first, official: official.first, target: "≤ 0.65×" },
    { bench: "bundle", metric: "gzip, run$-only app, first load (rxjs external)", unit: "B", falRx: runOnly.first, official: undefined },
  ];
}
