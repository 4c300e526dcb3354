import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "../support/bundle";

/**
 * fal-rx as its users' test runners load it: the packed tarball (npm test builds dist/ first)
 * installed into a fresh ts-jest project and a fresh vitest project, without `ws` (an optional
 * peer), each with a test file that runs run$, subscribe$, stream$ and a realtime connection
 * against the emulator. The runners come at the versions this repository uses, so the npm cache
 * `npm ci` filled serves them.
 */
const execute = promisify(execFile);

const versionOf = (name: string) => (JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
const at = (...names: string[]) => names.map((name) => `${name}@${versionOf(name)}`);

/** The user's test file; `header` is what the runner needs to be imported (vitest's `test`, ...). */
const userTest = (header: string) => `${header}
import { lastValueFrom, of, toArray } from "rxjs";
import { createFalClient, type FalClient } from "fal-rx";
import { startEmulator, type Emulator } from "fal-rx/emulator";
import { createRealtimeClient, RealtimeConnectionError } from "fal-rx/realtime";

let emulator: Emulator;
let fal: FalClient;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  fal = createFalClient({ baseUrls: emulator.baseUrls, credentials: "any" });
});
afterAll(() => emulator.close());

test("run$ answers with the endpoint's output", async () => {
  const { data } = await lastValueFrom(fal.run$("fal-ai/echo", { input: { prompt: "a cat" } }));
  expect(data).toEqual({ prompt: "a cat" });
});

test("subscribe$ goes through the queue: a status, then the result", async () => {
  const events = await lastValueFrom(fal.subscribe$("fal-ai/echo", { input: { n: 1 }, pollInterval: 10 }).pipe(toArray()));
  const first = events[0]!;
  if (first.type !== "status") throw new Error("the first event is not a status: " + JSON.stringify(first));
  expect(first.status.status).toBe("IN_QUEUE");
  expect(events[events.length - 1]).toEqual({ type: "result", data: { n: 1 }, requestId: first.status.request_id });
});

test("stream$ pushes the partials, then the result", async () => {
  const events = await lastValueFrom(fal.stream$("fal-ai/streamer", { input: { text: "Observables are lazy", delay_ms: 1 } }).pipe(toArray()));
  expect(events).toMatchObject([
    { type: "partial", data: { delta: "Observables ", text: "Observables " } },
    { type: "partial", data: { delta: "are ", text: "Observables are " } },
    { type: "partial", data: { delta: "lazy", text: "Observables are lazy" } },
    { type: "partial", data: { text: "Observables are lazy", done: true } },
    { type: "result", data: { text: "Observables are lazy", done: true } },
  ]);
});

test("a realtime connection is closed with a reason naming ws, which is not installed", async () => {
  const session$ = createRealtimeClient(fal).connect$("fal-ai/realtime-echo", of({ request_id: "r1" }), { reconnect: { maxRetries: 0 } });
  const error = await lastValueFrom(session$).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RealtimeConnectionError);
  expect(error).toMatchObject({ code: 1011, attempts: 1 });
  expect((error as Error).message).toContain(\`code 1011 (the emulator's realtime endpoints need the "ws" package (8 or later): npm install --save-dev ws)\`);
  expect(emulator.realtime.connections).toMatchObject([{ endpoint: "fal-ai/realtime-echo", closed: { code: 1011, by: "server" } }]);
});
`;

const TESTS = [
  "run$ answers with the endpoint's output",
  "subscribe$ goes through the queue: a status, then the result",
  "stream$ pushes the partials, then the result",
  "a realtime connection is closed with a reason naming ws, which is not installed",
];

interface UserProject {
  /** Folder name, npm packages beside the tarball, files to write. */
  name: string;
  packages: string[];
  files: Record<string, string>;
  /** The runner's command line (after `node`), writing jest-style JSON results to result.json. */
  command: string[];
}

const PROJECTS: UserProject[] = [
  {
    name: "ts-jest",
    packages: at("rxjs", "jest", "ts-jest", "typescript", "@types/jest"),
    files: {
      "package.json": JSON.stringify({ name: "fal-rx-user-ts-jest", private: true }),
      "jest.config.js": `module.exports = { preset: "ts-jest", testEnvironment: "node" };\n`,
      "fal.test.ts": userTest(""),
    },
    command: ["node_modules/jest/bin/jest.js", "--ci", "--json", "--outputFile=result.json"],
  },
  {
    name: "vitest",
    packages: at("rxjs", "vitest"),
    files: {
      "package.json": JSON.stringify({ name: "fal-rx-user-vitest", private: true, type: "module" }),
      "fal.test.ts": userTest(`import { afterAll, beforeAll, expect, test } from "vitest";`),
    },
    command: ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", "--outputFile=result.json"],
  },
];

/**
 * The runners' own environment: not this jest worker's. Node 20 has no global WebSocket unless
 * asked for one; Node >= 22 has it, as browsers do.
 */
function runnerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" };
  for (const name of Object.keys(env)) if (name.startsWith("JEST_")) delete env[name];
  if (Number(process.versions.node.split(".")[0]) < 22) env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ""} --experimental-websocket`.trim();
  return env;
}

describe("fal-rx in its users' test runners", () => {
  let work = "";
  /** npm install's output, by project. */
  const installed = new Map<string, string>();

  beforeAll(async () => {
    if (!existsSync(join(ROOT, "dist/cjs/index.js"))) throw new Error("dist/ is missing: run `npm run build` (npm test does)");
    work = await mkdtemp(join(tmpdir(), "fal-rx-users-"));
    // dist/ is built already: pack it as it is, without `prepack` building it again.
    const packed = await execute("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], { cwd: ROOT });
    const tarball = join(work, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
    await Promise.all(
      PROJECTS.map(async (project) => {
        const dir = join(work, project.name);
        await mkdir(dir);
        for (const [file, text] of Object.entries(project.files)) await writeFile(join(dir, file), text);
        // --prefix: under `npm test` the environment holds this repository's npm_config_local_prefix.
        const { stdout, stderr } = await execute(
          "npm",
          ["install", "--prefix", dir, "--prefer-offline", "--no-audit", "--no-fund", tarball, ...project.packages],
          { cwd: dir, maxBuffer: 16 * 1024 * 1024 },
        );
        installed.set(project.name, stdout + stderr);
      }),
    );
  }, 240_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it.each(PROJECTS.map((project) => project.name))("installs into a %s project on this Node without an engine warning, and without ws", (name) => {
    expect(installed.get(name)).toMatch(/added \d+ packages/);
    expect(installed.get(name)).not.toMatch(/EBADENGINE/);
    expect(existsSync(join(work, name, "node_modules", "fal-rx", "dist", "cjs", "index.js"))).toBe(true);
    expect(existsSync(join(work, name, "node_modules", "ws"))).toBe(false);
  });

  it.each(PROJECTS.map((project) => [project.name, project] as const))(
    "passes run$, subscribe$, stream$ and realtime tests in a %s project",
    async (_name, project) => {
      const dir = join(work, project.name);
      // A failing run rejects with the runner's output in the message.
      await execute(process.execPath, project.command, { cwd: dir, env: runnerEnv(), maxBuffer: 16 * 1024 * 1024 });
      const result = JSON.parse(await readFile(join(dir, "result.json"), "utf8")) as {
        numTotalTests: number;
        numPassedTests: number;
        testResults: { assertionResults: { title: string; status: string }[] }[];
      };
      const passed = result.testResults.flatMap((file) => file.assertionResults.filter((test) => test.status === "passed").map((test) => test.title));
      expect(passed.sort()).toEqual([...TESTS].sort());
      expect(result.numPassedTests).toBe(result.numTotalTests);
    },
    120_000,
  );
});
