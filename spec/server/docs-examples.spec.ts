import { readFileSync } from "node:fs";
import { resolve } from "node:path";

/**
 * docs/server.md's (and angular.md's) server code is these files, byte for byte: the type check
 * (`npm run typecheck`, which covers spec/) compiles them against the sources, Express against the
 * shapes in examples/express.d.ts.
 */
const EXAMPLES: [doc: string, caption: string, file: string][] = [
  ["server.md", "server.ts", "express-proxy.ts"],
  ["server.md", "server.ts (Angular SSR)", "angular-server.ts"],
  ["angular.md", "server.ts (Angular SSR)", "angular-server.ts"],
  ["server.md", "server.ts (node:http)", "node-http-proxy.ts"],
  ["server.md", "app/api/fal/proxy/route.ts", "fetch-proxy.ts"],
  ["server.md", "server.ts", "express-webhook.ts"],
  ["server.md", "app/api/fal/webhook/route.ts", "fetch-webhook.ts"],
];

describe("the server docs' examples", () => {
  it.each(EXAMPLES)("docs/%s shows %s as examples/%s", (doc, caption, file) => {
    const docs = readFileSync(resolve(__dirname, "../../docs", doc), "utf8");
    const source = readFileSync(resolve(__dirname, "examples", file), "utf8");
    expect(docs).toContain(`\`\`\`ts\n// ${caption}\n${source}\`\`\``);
  });
});
