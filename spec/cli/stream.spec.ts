import { TEST_KEY, useEmulator } from "../support/emulator";
import { runCli, startCli } from "../support/cli";
import { until } from "../support/observe";

describe("fal-rx stream", () => {
  const emu = useEmulator({
    endpoints: {
      "acme/counter": {
        run: () => ({ n: 3 }),
        async *stream() {
          for (let n = 1; n <= 3; n++) yield { n };
        },
      },
    },
  });
  const env = { FAL_KEY: TEST_KEY };
  const base = () => ["--base-url", emu.emulator.url];
  const streamer = (...knobs: string[]) => ["stream", "fal-ai/streamer", "-i", "text=one two three", "-i", "delay_ms=1", ...knobs.flatMap((knob) => ["-i", knob]), ...base()];

  it("prints a streamed text answer as plain text ending with a newline", async () => {
    const run = await runCli(streamer(), env);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("one two three\n");
    expect(run.stderr).toBe("");
    expect(emu.emulator.requests[0]).toMatchObject({ method: "POST", url: "/run/fal-ai/streamer/stream" });
  });

  it("prints delta-only partials as the same text", async () => {
    const run = await runCli(streamer("cumulative=false"), env);
    expect(run.stdout).toBe("one two three\n");
  });

  it("prints each partial the moment it arrives, before the stream ends", async () => {
    // The stream stalls after two words: what is on stdout by then was printed as it came.
    const cli = startCli(streamer("stall_after=2", "stall_ms=60000"), env);
    await until(() => cli.output().stdout === "one two ", "the first two words");
    cli.child.kill("SIGINT");
    const run = await cli.done;
    expect(run.stdout).toBe("one two ");
  });

  it("prints one JSON object per event with --jsonl, the last a result line with the request id", async () => {
    const run = await runCli([...streamer("cumulative=false"), "--jsonl"], env);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n").map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { type: "partial", data: { index: 0, delta: "one " } },
      { type: "partial", data: { index: 1, delta: "two " } },
      { type: "partial", data: { index: 2, delta: "three" } },
      { type: "partial", data: { text: "one two three", done: true } },
      { type: "result", data: { text: "one two three", done: true }, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    ]);
  });

  it("prints partials that are not text one JSON per line, the result not twice", async () => {
    const run = await runCli(["stream", "acme/counter", ...base()], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('{"n":1}\n{"n":2}\n{"n":3}\n');
  });

  it("ends the text line and exits 1 with the server's error and request id when the stream fails midway", async () => {
    const run = await runCli(streamer("error_after=2"), env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("one two \n");
    expect(run.stderr).toContain("The model failed mid-stream");
    expect(run.stderr).toMatch(/request id: [0-9a-f-]{36}\nerror type: runner_server_error/);
  });

  it("gives up after --timeout ms without a byte and exits 1", async () => {
    const run = await runCli([...streamer("stall_after=1", "stall_ms=60000"), "--timeout", "200"], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("one \n");
    expect(run.stderr).toContain("timed out after 200 ms (inactivity timeout)");
  });

  it("exits 2 for a --timeout that is not a number, sending nothing", async () => {
    const run = await runCli([...streamer(), "--timeout=-5"], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--timeout must be a number >= 0, got "-5"');
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("exits 1 for an app without a streaming route, with fal's 404", async () => {
    const run = await runCli(["stream", "fal-ai/echo", ...base()], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("failed with 404: Path /stream not found");
  });
});
