import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import type { Options, Row } from "./harness";

const ROOT = join(__dirname, "..");

/** A typical app entry per client: create a client and use run, subscribe and stream. */
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

/** Minified browser ESM bundle of `contents`, gzip bytes, and the files that went in. */
export async function bundle(contents: string, external: string[]): Promise<{ gzip: number; raw: number; inputs: string[] }> {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    external,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.contents;
  return { raw: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, inputs: Object.keys(result.metafile.inputs) };
}

export async function bundleBench(_options: Options): Promise<Row[]> {
  const falRxExternal = await bundle(ENTRIES.falRx, ["rxjs"]);
  const falRxBundled = await bundle(ENTRIES.falRx, []);
  const official = await bundle(ENTRIES.official, []);
  const runOnly = await bundle(ENTRIES.runOnly, ["rxjs"]);
  const leaked = runOnly.inputs.filter((path) => /\/(emulator|cli)\/|node:/.test(path));
  if (leaked.length) throw new Error(`a run$-only app pulled in ${leaked.join(", ")}`);
  return [
    { bench: "bundle", metric: "gzip, rxjs external", unit: "B", falRx: falRxExternal.gzip, official: official.gzip, target: "≤ 0.25×" },
    { bench: "bundle", metric: "gzip, rxjs bundled", unit: "B", falRx: falRxBundled.gzip, official: official.gzip, target: "≤ 0.65×" },
    { bench: "bundle", metric: "gzip, run$-only app (rxjs external)", unit: "B", falRx: runOnly.gzip, official: undefined },
  ];
}
