import { TEST_KEY, useEmulator } from "../support/emulator";
import { runCli, startCli } from "../support/cli";
import { until } from "../support/observe";

describe("fal-rx subscribe", () => {
  // A job that stays IN_PROGRESS (one log line out) until the spec has seen the CLI report it: a
  // job that runs for a fixed time can end before a loaded machine's CLI polls it at all.
  let openGate = () => {};
  const emu = useEmulator({
    endpoints: {
      "acme/broken": () => {
        throw new Error("CUDA out of memory");
      },
      "acme/gated": async (_input: unknown, ctx) => {
        ctx.log("step 1/2");
        await new Promise<void>((resolve) => (openGate = resolve));
        ctx.log("step 2/2");
        return { steps: 2 };
      },
    },
  });
  /** Runs the CLI on acme/gated and lets the job finish once stderr shows an IN_PROGRESS line. */
  const runGated = async (args: string[]) => {
    const cli = startCli(["subscribe", "acme/gated", ...args, ...base()], env, 60_000);
    await until(() => /^IN_PROGRESS/m.test(cli.output().stderr), "an IN_PROGRESS status line", 30_000);
    openGate();
    return cli.done;
  };
  const env = { FAL_KEY: TEST_KEY };
  const base = () => ["--base-url", emu.emulator.url];
  const statusPolls = () => emu.emulator.requests.filter((r) => /\/status(\?|$)/.test(r.url));

  it("prints the result JSON on stdout and one plain status line per change on stderr when not a TTY", async () => {
    const run = await runGated(["--poll-interval", "20"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ steps: 2 });
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^IN_QUEUE · position 0 · \d+\.\ds$/);
    expect(lines).toContainEqual(expect.stringMatching(/^IN_PROGRESS · \d+\.\ds$/));
    expect(lines.at(-2)).toMatch(/^COMPLETED · \d+\.\ds$/);
    expect(lines.at(-1)).toBe(`request id: ${emu.emulator.jobs().at(-1)!.requestId}`);
    // Plain lines: no carriage returns or escape codes in a log file or CI output.
    expect(run.stderr).not.toMatch(/[\r\u001b]/);
  }, 60_000);

  it("asks for logs with --logs and shows the latest log line in the status lines", async () => {
    const run = await runGated(["--logs", "--poll-interval", "20"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^IN_PROGRESS · step 1\/2 · \d+\.\ds$/m);
    expect(statusPolls().length).toBeGreaterThan(0);
    expect(statusPolls().every((r) => r.url.endsWith("?logs=1"))).toBe(true);
  }, 60_000);

  it("asks for no logs and shows none without --logs", async () => {
    const run = await runCli(["subscribe", "fal-ai/slow", "-i", "duration_ms=200", "-i", "steps=2", "--poll-interval", "20", ...base()], env);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("step");
    expect(statusPolls().every((r) => r.url.endsWith("?logs=0"))).toBe(true);
  });

  it("follows fal's status stream instead of polling with --mode streaming", async () => {
    const run = await runCli(["subscribe", "fal-ai/slow", "-i", "duration_ms=200", "-i", "steps=2", "--logs", "--mode", "streaming", ...base()], env);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ steps: 2, duration_ms: 200 });
    const requestId = emu.emulator.jobs().at(-1)!.requestId;
    expect(emu.emulator.requests.map((r) => r.url).filter((url) => url.includes("/status"))).toEqual([
      `/queue/fal-ai/slow/requests/${requestId}/status/stream?logs=1`,
    ]);
    expect(run.stderr).toMatch(/^IN_PROGRESS · step 2\/2 · \d+\.\ds$/m);
  });

  it("polls as often as --poll-interval says", async () => {
    // 1.5 s of work: polls 25 ms apart make dozens (six even on a loaded machine); the default 500 ms
    // would make at most four.
    const run = await runCli(["subscribe", "fal-ai/slow", "-i", "duration_ms=1500", "--poll-interval", "25", ...base()], env);
    expect(run.code).toBe(0);
    expect(statusPolls().length).toBeGreaterThanOrEqual(6);
  });

  it("exits 2 for a --mode that is neither polling nor streaming, sending nothing", async () => {
    const run = await runCli(["subscribe", "fal-ai/slow", "--mode", "fast", ...base()], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--mode must be polling or streaming, got "fast"');
    expect(run.stderr).toContain("Usage: fal-rx subscribe");
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("exits 2 for a --poll-interval that is not a number", async () => {
    const run = await runCli(["subscribe", "fal-ai/slow", "--poll-interval", "soon", ...base()], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--poll-interval must be a number >= 0, got "soon"');
  });

  it("cancels the job on the server when interrupted with SIGINT, then exits 130", async () => {
    const before = emu.emulator.jobs().length;
    const cli = startCli(["subscribe", "fal-ai/slow", "-i", "duration_ms=30000", "--poll-interval", "50", ...base()], env);
    await until(() => emu.emulator.jobs()[before]?.status === "IN_PROGRESS", "the job to start");
    const job = emu.emulator.jobs()[before]!;
    cli.child.kill("SIGINT");
    const run = await cli.done;
    expect(run.code).toBe(130);
    expect(emu.emulator.job(job.requestId)!.cancelled).toBe(true);
    expect(emu.emulator.requests.filter((r) => r.method === "PUT").map((r) => r.url)).toEqual([
      `/queue/fal-ai/slow/requests/${job.requestId}/cancel`,
    ]);
    expect(run.stderr).toContain(`cancelled request ${job.requestId} (CANCELLATION_REQUESTED)`);
    expect(run.stdout).toBe("");
    // The handler honours the cancel: the job ends long before its 30 s.
    await until(() => emu.emulator.job(job.requestId)!.status === "COMPLETED", "the cancelled job to end");
  });

  it("cancels the job when --timeout runs out, then exits 1 naming the request", async () => {
    // Long enough for the submit to be answered on a loaded machine (a child process starting up),
    // short beside the job's 30 s: the timeout falls while the job runs.
    const run = await runCli(["subscribe", "fal-ai/slow", "-i", "duration_ms=30000", "--timeout", "3000", "--poll-interval", "50", ...base()], env);
    const job = emu.emulator.jobs().at(-1)!;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`(request ${job.requestId}) timed out after 3000 ms`);
    expect(job.cancelled).toBe(true);
  });

  it("exits 1 with the model's error and the request id when the job fails", async () => {
    const run = await runCli(["subscribe", "acme/broken", "--poll-interval", "20", ...base()], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("CUDA out of memory");
    expect(run.stderr).toContain(`request id: ${emu.emulator.jobs().at(-1)!.requestId}`);
    expect(run.stdout).toBe("");
  });

  it("submits the --input JSON as the job's input", async () => {
    const run = await runCli(["subscribe", "fal-ai/echo", "--input", '{"a":1}', "-i", "b=two", "--poll-interval", "10", ...base()], env);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ a: 1, b: "two" });
    expect(emu.emulator.jobs().at(-1)!.input).toEqual({ a: 1, b: "two" });
  });
});
