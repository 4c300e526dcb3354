import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/**
 * The house layering (STYLE.md): a folder per capability over shared layers; a file imports only
 * from its own layer or lower ones, capabilities of one layer never import each other, the client
 * never reaches Node-only code, only transport/ fetches, and there are no cycles.
 */
const SRC = resolve(__dirname, "..", "src");
const DOCS = resolve(__dirname, "..", "docs");
/** The core's layers, lowest first: folders, and top-level files by name (`routes` is routes.ts). */
const LAYERS: readonly (readonly string[])[] = [
  ["wire"],
  ["safe-text"],
  ["errors"],
  ["config", "routes", "version"],
  ["transport"],
  ["storage"],
  ["call"],
  ["run", "queue", "stream"],
  ["client", "view-state"],
  // endpoints.ts is the types-only `fal-rx/endpoints` entry: beside index, imported by nothing.
  ["index", "endpoints"],
];
/** The capability folders that share a layer: each is followed in its own folder, none imports another. */
const CAPABILITIES = ["run", "queue", "stream"];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

const sources = files(SRC).map((path) => {
  const text = readFileSync(path, "utf8");
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) => m[1]!);
  const local = specifiers.filter((s) => s.startsWith(".")).map((s) => resolve(dirname(path), s.replace(/\.js$/, ".ts")));
  return { path, rel: relative(SRC, path), text, specifiers, local };
});

const top = (rel: string) => rel.split("/")[0]!.replace(/\.ts$/, "");
const area = (rel: string) => top(rel);
const isClientSide = (rel: string) => !["emulator", "cli", "angular", "server"].includes(area(rel));
const layerIndex = (rel: string) => LAYERS.findIndex((layer) => layer.includes(top(rel)));
const INDEX = LAYERS.findIndex((layer) => layer.includes("index"));
/** Secondary client entries (`fal-rx/realtime`): built on the core layers, never imported by them. */
const ENTRIES = ["realtime"];
const isCore = (rel: string) => isClientSide(rel) && !ENTRIES.includes(area(rel));

describe("architecture", () => {
  it("finds the sources", () => {
    expect(sources.length).toBeGreaterThan(20);
  });

  it.each(sources.filter((s) => isCore(s.rel)).map((s) => [s.rel, s] as const))(
    "%s imports only its own layer or lower ones",
    (_rel, source) => {
      const own = layerIndex(source.rel);
      expect(own).toBeGreaterThanOrEqual(0);
      for (const target of source.local) {
        const targetRel = relative(SRC, target);
        expect({ import: targetRel, ok: isCore(targetRel) && layerIndex(targetRel) <= own }).toEqual({ import: targetRel, ok: true });
      }
    },
  );

  it("keeps the capabilities of one layer apart: run/, queue/ and stream/ import none of the others", () => {
    const offenders = sources
      .filter((s) => CAPABILITIES.includes(area(s.rel)))
      .flatMap((s) =>
        s.local
          .map((target) => relative(SRC, target))
          .filter((target) => CAPABILITIES.includes(area(target)) && area(target) !== area(s.rel))
          .map((target) => `${s.rel} -> ${target}`),
      );
    expect(offenders).toEqual([]);
  });

  it("has a folder per guide in docs/, and a guide per folder but the shared wire/ and call/", () => {
    const folders = readdirSync(SRC).filter((name) => statSync(join(SRC, name)).isDirectory());
    const guides = readdirSync(DOCS).filter((name) => name.endsWith(".md")).map((name) => name.replace(/\.md$/, ""));
    expect(folders.filter((folder) => !guides.includes(folder)).sort()).toEqual(["call", "wire"]);
    // Guides to a file (config.ts, errors.ts, call/typing.ts) or to no code at all.
    expect(guides.filter((guide) => !folders.includes(guide)).sort()).toEqual(["benchmarks", "config", "errors", "migration", "typing"]);
  });

  it("keeps errors.ts to the error classes (and their init types)", () => {
    const errors = sources.find((s) => s.rel === "errors.ts")!;
    const exported = [...errors.text.matchAll(/^export (?:declare )?(\w+) (\w+)(?: extends (\w+))?/gm)].map(([, kind, name, base]) => ({ kind: kind!, name: name!, base }));
    expect(exported.length).toBeGreaterThan(10);
    const offenders = exported.filter(({ kind, name, base }) => !(kind === "interface" || (kind === "class" && name.endsWith("Error") && base !== undefined)));
    expect(offenders).toEqual([]);
  });

  it("reads fal's error bodies (the wire's ErrorBody and ValidationErrorDetails) only in transport/", () => {
    const offenders = sources
      .filter((s) => area(s.rel) !== "wire" && area(s.rel) !== "transport" && /\b(ErrorBody|ValidationErrorDetails)\b/.test(s.text))
      .map((s) => s.rel);
    expect(offenders).toEqual([]);
  });

  it("normalises options by throwing: no error returned as a value, no instanceof-Error ladders", () => {
    const offenders = sources
      .filter((s) => isClientSide(s.rel))
      .flatMap((s) =>
        [
          ...s.text.matchAll(/\|\s*(?:InvalidOptionError|InvalidEndpointIdError)\b|\breturn new (?:InvalidOptionError|InvalidEndpointIdError)\(|instanceof Error\) return throwError/g),
        ].map((match) => `${s.rel}: ${match[0]}`),
      );
    expect(offenders).toEqual([]);
  });

  it("keeps the client free of Node-only modules", () => {
    const offenders = sources
      .filter((s) => isClientSide(s.rel))
      .flatMap((s) => s.specifiers.filter((spec) => spec.startsWith("node:") || ["http", "fs", "net", "path", "ws"].includes(spec)).map((spec) => `${s.rel} -> ${spec}`));
    expect(offenders).toEqual([]);
  });

  it("lets realtime/ import only itself and the core below index", () => {
    const offenders = sources
      .filter((s) => area(s.rel) === "realtime")
      .flatMap((s) =>
        s.local
          .map((target) => relative(SRC, target))
          .filter((target) => area(target) !== "realtime" && !(isCore(target) && layerIndex(target) < INDEX))
          .map((target) => `${s.rel} -> ${target}`),
      );
    expect(offenders).toEqual([]);
  });

  it("keeps realtime/, MessagePack and rxjs/webSocket out of the core entry", () => {
    const offenders = sources
      .filter((s) => isCore(s.rel))
      .flatMap((s) => [
        ...s.local.filter((target) => area(relative(SRC, target)) === "realtime").map((target) => `${s.rel} -> ${relative(SRC, target)}`),
        ...s.specifiers.filter((spec) => spec.startsWith("@msgpack/") || spec === "rxjs/webSocket").map((spec) => `${s.rel} -> ${spec}`),
      ]);
    expect(offenders).toEqual([]);
  });

  it("lets angular/ (the fal-rx/angular entry) import only itself, the core index, Angular and rxjs", () => {
    const offenders = sources
      .filter((s) => area(s.rel) === "angular")
      .flatMap((s) => [
        ...s.local.map((target) => relative(SRC, target)).filter((target) => area(target) !== "angular" && target !== "index.ts"),
        ...s.specifiers.filter((spec) => !spec.startsWith(".") && !spec.startsWith("@angular/") && spec !== "rxjs"),
      ].map((offender) => `${s.rel} -> ${offender}`));
    expect(offenders).toEqual([]);
  });

  it("keeps angular/ and every @angular package out of the other entries", () => {
    const offenders = sources
      .filter((s) => area(s.rel) !== "angular")
      .flatMap((s) => [
        ...s.local.filter((target) => area(relative(SRC, target)) === "angular").map((target) => relative(SRC, target)),
        ...s.specifiers.filter((spec) => spec.startsWith("@angular/")),
      ].map((offender) => `${s.rel} -> ${offender}`));
    expect(offenders).toEqual([]);
  });

  it("lets cli/ import only itself, the core entry (index.ts) and the emulator's entry", () => {
    const allowed = ["index.ts", "emulator/index.ts"];
    const offenders = sources
      .filter((s) => area(s.rel) === "cli")
      .flatMap((s) =>
        s.local
          .map((target) => relative(SRC, target))
          .filter((target) => area(target) !== "cli" && !allowed.includes(target))
          .map((target) => `${s.rel} -> ${target}`),
      );
    expect(offenders).toEqual([]);
  });

  it("imports @fal-ai/client only as types, only in the fal-rx/endpoints entry, which nothing imports", () => {
    const official = (spec: string) => spec === "@fal-ai/client" || spec.startsWith("@fal-ai/client/");
    const offenders = sources
      .filter((s) => s.rel !== "endpoints.ts")
      .flatMap((s) => s.specifiers.filter(official).map((spec) => `${s.rel} -> ${spec}`));
    expect(offenders).toEqual([]);
    const entry = sources.find((s) => s.rel === "endpoints.ts")!;
    const statements = entry.text.match(/^(import|export)\b[^;]*"@fal-ai\/client[^"]*";/gm) ?? [];
    expect(statements).toEqual([expect.stringMatching(/^import type \{ EndpointTypeMap \} from "@fal-ai\/client\/endpoints";$/)]);
    const importers = sources.filter((s) => s.local.includes(join(SRC, "endpoints.ts"))).map((s) => s.rel);
    expect(importers).toEqual([]);
  });

  it("lets server/ (the fal-rx/server entry) import only itself, the core below index, rxjs and node: modules", () => {
    const offenders = sources
      .filter((s) => area(s.rel) === "server")
      .flatMap((s) => [
        ...s.local.map((target) => relative(SRC, target)).filter((target) => area(target) !== "server" && !(isCore(target) && layerIndex(target) < INDEX)),
        ...s.specifiers.filter((spec) => !spec.startsWith(".") && !spec.startsWith("node:") && spec !== "rxjs"),
      ].map((offender) => `${s.rel} -> ${offender}`));
    expect(offenders).toEqual([]);
  });

  it("keeps server/ out of every other entry: nothing outside it imports it", () => {
    const offenders = sources
      .filter((s) => area(s.rel) !== "server")
      .flatMap((s) => s.local.filter((target) => area(relative(SRC, target)) === "server").map((target) => `${s.rel} -> ${relative(SRC, target)}`));
    expect(offenders).toEqual([]);
  });

  it("lets wire/ depend on nothing outside itself but zod/mini", () => {
    const offenders = sources
      .filter((s) => area(s.rel) === "wire")
      .flatMap((s) => s.specifiers.filter((spec) => !spec.startsWith("./") && spec !== "zod/mini").map((spec) => `${s.rel} -> ${spec}`));
    expect(offenders).toEqual([]);
  });

  it("imports zod's code only in wire/, and only zod/mini (elsewhere zod's types at most)", () => {
    const offenders = sources.flatMap((s) => {
      const zod = s.specifiers.filter((spec) => spec.startsWith("zod"));
      const typeOnly = [...s.text.matchAll(/^import type [^;]*? from "zod\/mini";$/gm)].length;
      const allowed = zod.every((spec) => spec === "zod/mini") && (area(s.rel) === "wire" || typeOnly === zod.length);
      return allowed ? [] : [`${s.rel} -> ${zod.join(", ")}`];
    });
    expect(offenders).toEqual([]);
  });

  it("lets the emulator import only wire/, itself, node: modules, ws and MessagePack", () => {
    const offenders = sources
      .filter((s) => area(s.rel) === "emulator")
      .flatMap((s) =>
        s.specifiers
          .filter((spec) => !spec.startsWith("node:") && spec !== "ws" && spec !== "@msgpack/msgpack")
          .filter((spec) => {
            if (!spec.startsWith(".")) return true;
            const target = area(relative(SRC, resolve(dirname(s.path), spec)));
            return target !== "emulator" && target !== "wire";
          })
          .map((spec) => `${s.rel} -> ${spec}`),
      );
    expect(offenders).toEqual([]);
  });

  it("calls fetch only in transport/", () => {
    const offenders = sources
      .filter((s) => isClientSide(s.rel) && area(s.rel) !== "transport")
      .filter((s) => /\bfetch\$\(|fromFetch\(|\bfetchImpl\(/.test(s.text))
      .map((s) => s.rel);
    expect(offenders).toEqual([]);
  });

  it("keeps time inside RxJS: no setTimeout, setInterval or Date.now in client or server code", () => {
    const offenders = sources.filter((s) => (isClientSide(s.rel) || area(s.rel) === "server") && /\b(setTimeout|setInterval|Date\.now)\(/.test(s.text)).map((s) => s.rel);
    expect(offenders).toEqual([]);
  });

  it("imports the upload machinery (storage/uploads.ts) only through import() in storage/load-uploads.ts", () => {
    // A static import anywhere would put multipart, sniffing and upload options back in every
    // app's entry chunk (spec/build/lazy-uploads.spec.ts measures the chunks themselves).
    const uploads = join(SRC, "storage", "uploads.ts");
    const importers = sources
      .filter((s) => s.local.includes(uploads))
      .map((s) => ({ file: s.rel, dynamicOnly: !/\bfrom\s*"\.\/uploads\.js"/.test(s.text) && /\bimport\("\.\/uploads\.js"\)/.test(s.text) }));
    expect(importers).toEqual([{ file: "storage/load-uploads.ts", dynamicOnly: true }]);
  });

  it("has no import cycles", () => {
    const graph = new Map(sources.map((s) => [s.path, s.local]));
    const state = new Map<string, "visiting" | "done">();
    const cycles: string[] = [];
    const visit = (node: string, trail: string[]) => {
      if (state.get(node) === "done") return;
      if (state.get(node) === "visiting") {
        cycles.push([...trail.slice(trail.indexOf(node)), node].map((p) => relative(SRC, p)).join(" -> "));
        return;
      }
      state.set(node, "visiting");
      for (const next of graph.get(node) ?? []) visit(next, [...trail, node]);
      state.set(node, "done");
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });
});
