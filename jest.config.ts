import type { Config } from "jest";

const config: Config = {
  testEnvironment: "node",
  roots: ["<rootDir>/spec"],
  testMatch: ["**/*.spec.ts"],
  transform: {
    // eventsource-parser 4 ships ESM only; ts-jest turns it (and our TS) into CommonJS for jest.
    "^.+\\.[tj]s$": ["ts-jest", { tsconfig: "tsconfig.spec.json" }],
  },
  transformIgnorePatterns: ["/node_modules/(?!eventsource-parser/)"],
  // Sources import "./x.js" (what the ESM build needs); jest resolves them to the .ts files.
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  testTimeout: 20000,
};

export default config;
