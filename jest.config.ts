import type { Config } from "jest";

type Project = NonNullable<Config["projects"]>[number] & Config;

/** Node specs: ts-jest, the node environment (the real fetch, loopback). */
const node: Project = {
  displayName: "node",
  testEnvironment: "node",
  roots: ["<rootDir>/spec"],
  testMatch: ["**/*.spec.ts"],
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/spec/angular/"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.spec.json" }],
  },
  // Sources import "./x.js" (what the ESM build needs); jest resolves them to the .ts files.
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
};

/**
 * Angular specs (spec/angular): TestBed needs a DOM, so jsdom, with Node's own fetch put back
 * (spec/angular/support/environment.ts); jest-preset-angular compiles components and turns
 * Angular's ESM bundles (.mjs) into CommonJS with esbuild, cached like every transform.
 */
const angular: Project = {
  displayName: "angular",
  testEnvironment: "<rootDir>/spec/angular/support/environment.ts",
  // Resolve packages as Node does: the emulator the specs start needs ws's server, not its browser stub.
  testEnvironmentOptions: { customExportConditions: ["node", "node-addons"] },
  roots: ["<rootDir>/spec/angular"],
  testMatch: ["**/*.spec.ts"],
  moduleFileExtensions: ["ts", "js", "mjs", "json"],
  setupFilesAfterEnv: ["<rootDir>/spec/angular/support/setup.ts"],
  transform: {
    "^.+\\.(ts|js|mjs)$": ["jest-preset-angular", { tsconfig: "<rootDir>/tsconfig.spec.json" }],
  },
  transformIgnorePatterns: ["/node_modules/(?!.*\\.mjs$)"],
  moduleNameMapper: {
    // The docs' examples import fal-rx by its published names.
    "^fal-rx$": "<rootDir>/src/index.ts",
    "^fal-rx/angular$": "<rootDir>/src/angular/index.ts",
    "^fal-rx/emulator$": "<rootDir>/src/emulator/index.ts",
    // Server-side rendering specs: see the file for why.
    "^\\.\\./third_party/domino/bundled-domino\\.mjs$": "<rootDir>/spec/angular/support/domino.js",
    "^(\\.{1,2}/.*)\\.js$": "$1",
  },
};

const config: Config = {
  projects: [node, angular],
  testTimeout: 20000,
};

export default config;
