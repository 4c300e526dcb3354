import { resolve } from "node:path";
import { build } from "esbuild";

/** The package root: bundles resolve "fal-rx/..." through package.json exports to dist/. */
export const ROOT = resolve(__dirname, "..", "..");

/**
 * A minified browser ESM bundle of `contents`, as a user's bundler would make it: through the
 * package's exports, not our tsconfig's `paths` (which map entries to sources for the docs specs).
 */
export function bundleForBrowser(contents: string, external: string[] = []) {
  return build({
    stdin: { contents, resolveDir: ROOT },
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    minify: true,
    metafile: true,
    external,
    tsconfigRaw: {},
    logLevel: "silent",
  });
}
