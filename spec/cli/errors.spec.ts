import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { COMMANDS } from "../../src/cli/commands/index";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { runCli } from "../support/cli";
import { useTempDir } from "../support/temp-dir";

/** Bad input across commands: a clear message on stderr, nothing on stdout, exit 2 (usage) or 1 (fal said no). */
describe("fal-rx errors", () => {
  const emu = useEmulator();
  const env = { FAL_KEY: TEST_KEY };
  const base = () => ["--base-url", emu.emulator.url];
  const dir = useTempDir("fal-rx-errors-");
  const upload = join(dir, "file.txt");
  writeFileSync(upload, "bytes");
  const MODEL_COMMANDS = ["run", "subscribe", "stream"];

  it.each(MODEL_COMMANDS)("%s exits 2 when --input is not JSON, sending nothing", async (command) => {
    const run = await runCli([command, "fal-ai/echo", "--input", "{prompt:", ...base()], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`fal-rx ${command}: --input is not valid JSON`);
    expect(run.stderr).toContain(`Usage: fal-rx ${command}`);
    expect(run.stdout).toBe("");
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it.each(MODEL_COMMANDS)("%s exits 2 when --input is JSON but not an object", async (command) => {
    const run = await runCli([command, "fal-ai/echo", "--input", "[1,2]", ...base()], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--input must be a JSON object, got an array");
  });

  it.each(MODEL_COMMANDS)("%s exits 1 for an unknown endpoint, with fal's message and the request id", async (command) => {
    const run = await runCli([command, "nobody/nothing", ...base()], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/failed with 404: Application 'nobody\/nothing' not found\nrequest id: [0-9a-f-]{36}\n$/);
    expect(run.stdout).toBe("");
  });

  it.each(MODEL_COMMANDS)("%s exits 2 for a string that is no endpoint id, sending nothing", async (command) => {
    const run = await runCli([command, "flux", ...base()], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Invalid endpoint id "flux"');
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it.each([
    ["run", "fal-ai/echo"],
    ["subscribe", "fal-ai/echo"],
    ["stream", "fal-ai/streamer"],
    ["upload", upload],
    ["status", "fal-ai/echo", "--request-id", "r"],
  ])("%s exits 1 without a key against a keyed emulator, saying where the key comes from", async (command, ...args) => {
    const run = await runCli([command, ...args, ...base()], { FAL_KEY: undefined });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("failed with 401: no fal key is configured");
    expect(run.stderr).toContain("Unauthorized: missing or wrong fal key");
    expect(run.stderr).toContain("hint: set FAL_KEY (or FAL_KEY_ID and FAL_KEY_SECRET), or pass --key-file");
    expect(run.stdout).toBe("");
  });

  it("prints no part of a wrong key", async () => {
    const run = await runCli(["run", "fal-ai/echo", ...base()], { FAL_KEY: "wrong-id:wrong-secret" });
    expect(run.code).toBe(1);
    expect(run.stderr).not.toContain("wrong-id");
    expect(run.stderr).not.toContain("wrong-secret");
  });

  it("exits 2 for a --key-file that cannot be read", async () => {
    const run = await runCli(["run", "fal-ai/echo", "--key-file", join(dir, "no-key"), ...base()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cannot read --key-file ${join(dir, "no-key")}: ENOENT`);
  });

  it("exits 2 for a --base-url that is not an http(s) URL", async () => {
    const run = await runCli(["run", "fal-ai/echo", "--base-url", "localhost:4010"], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--base-url must be an http(s) URL, got "localhost:4010"');
  });

  it.each(Object.keys(COMMANDS))("%s --help prints its usage on stdout and exits 0", async (command) => {
    const run = await runCli([command, "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Usage: fal-rx ${command}\\b`));
    expect(run.stderr).toBe("");
  });

  it.each(Object.keys(COMMANDS))("%s -h prints the same usage as --help", async (command) => {
    const [short, long] = await Promise.all([runCli([command, "-h"]), runCli([command, "--help"])]);
    expect(short).toEqual({ ...long, code: 0 });
  });

  it.each([
    ["run", "endpoint id", "fal-ai/echo"],
    ["subscribe", "endpoint id", "fal-ai/echo"],
    ["stream", "endpoint id", "fal-ai/streamer"],
    ["status", "endpoint id", "fal-ai/echo", "--request-id", "r"],
    ["result", "endpoint id", "fal-ai/echo", "--request-id", "r"],
    ["cancel", "endpoint id", "fal-ai/echo", "--request-id", "r"],
    ["upload", "file", upload],
  ])("%s exits 2 for a second positional argument, saying it expects one %s, sending nothing", async (command, what, ...args) => {
    const run = await runCli([command, ...args, "extra", ...base()], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`fal-rx ${command}: expects exactly one ${what}\n\nUsage: fal-rx ${command}`);
    expect(run.stdout).toBe("");
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it.each(["emulator", "demo"])("%s exits 2 for a positional argument, which it does not take", async (command) => {
    const run = await runCli([command, "extra"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`fal-rx ${command}: Unexpected argument 'extra'`);
    expect(run.stdout).toBe("");
  });

  it("exits 2 with the command list when no command is given", async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).toContain("Usage: fal-rx <command> [options]");
  });
});
