import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { runCli } from "../support/cli";
import { useTempDir } from "../support/temp-dir";

describe("fal-rx run", () => {
  const emu = useEmulator();
  const dir = useTempDir("fal-rx-cli-");
  const keyFile = join(dir, "key");
  writeFileSync(keyFile, `${TEST_KEY}\n`);
  const base = () => ["--base-url", emu.emulator.url];

  it("prints the result JSON on stdout and exits 0", async () => {
    const run = await runCli(["run", "fal-ai/echo", "--input", '{"prompt":"a cat"}', ...base()], { FAL_KEY: TEST_KEY });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ prompt: "a cat" });
    expect(run.stderr).toBe("");
  });

  it("builds the input from -i key=value pairs, JSON values and dotted keys included", async () => {
    const run = await runCli(["run", "fal-ai/echo", "-i", "prompt=a cat", "-i", "steps=4", "-i", "size.width=512", ...base()], { FAL_KEY: TEST_KEY });
    expect(JSON.parse(run.stdout)).toEqual({ prompt: "a cat", steps: 4, size: { width: 512 } });
  });

  it("reads --input @file and the key from --key-file", async () => {
    const inputFile = join(dir, "input.json");
    writeFileSync(inputFile, '{"from":"file"}');
    const run = await runCli(["run", "fal-ai/echo", "--input", `@${inputFile}`, "--key-file", keyFile, ...base()]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ from: "file" });
    expect(emu.emulator.requests[0]!.headers.authorization).toBe(`Key ${TEST_KEY}`);
  });

  it("exits 2 with a clear message when --input is not JSON, sending nothing", async () => {
    const run = await runCli(["run", "fal-ai/echo", "--input", "{prompt:", ...base()], { FAL_KEY: TEST_KEY });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--input is not valid JSON");
    expect(run.stderr).toContain("Usage: fal-rx run");
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("exits 2 for an unknown flag or a missing endpoint id", async () => {
    expect((await runCli(["run", "--nope", ...base()])).code).toBe(2);
    const missing = await runCli(["run", ...base()]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("expects exactly one endpoint id");
  });

  it("exits 1 for an unknown endpoint, with fal's message and the request id", async () => {
    const run = await runCli(["run", "nobody/nothing", ...base()], { FAL_KEY: TEST_KEY });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("failed with 404: Application 'nobody/nothing' not found");
    expect(run.stdout).toBe("");
  });

  it("exits 1 without a key against a keyed emulator, and prints no key", async () => {
    const run = await runCli(["run", "fal-ai/echo", ...base()]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("failed with 401");
    expect(run.stderr).not.toContain(TEST_KEY);
  });

  it("prints a model's validation error with its field and exits 1", async () => {
    emu.emulator.fail({ type: "validation" });
    const run = await runCli(["run", "fal-ai/echo", ...base()], { FAL_KEY: TEST_KEY });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/failed with 422: prompt: Field required\nrequest id: [0-9a-f-]{36}/);
  });
});

describe("fal-rx", () => {
  it("lists the commands with --help and exits 0", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Commands:[\s\S]*run[\s\S]*emulator/);
  });

  it("prints the package's version with --version and exits 0", async () => {
    const run = await runCli(["--version"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${require("../../package.json").version}\n`);
  });

  it("exits 2 for an unknown command", async () => {
    const run = await runCli(["frobnicate"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command "frobnicate"');
  });

  it("shows each command's help", async () => {
    const run = await runCli(["run", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: fal-rx run <endpoint-id>");
  });
});
