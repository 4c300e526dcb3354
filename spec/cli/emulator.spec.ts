import { startCli } from "../support/cli";
import { closedPort } from "../support/emulator";
import { until } from "../support/observe";

describe("fal-rx emulator", () => {
  it("serves fal's routes on the given port until SIGINT, then exits 0", async () => {
    const port = await closedPort();
    const cli = startCli(["emulator", "--port", String(port), "--key", "k"]);
    await until(() => cli.output().stdout.includes("listening"), "the emulator to listen", 15_000);
    expect(cli.output().stdout).toContain(`http://127.0.0.1:${port}/queue`);
    const response = await fetch(`http://127.0.0.1:${port}/run/fal-ai/echo`, {
      method: "POST",
      headers: { authorization: "Key k", "content-type": "application/json" },
      body: '{"ok":true}',
    });
    expect(await response.json()).toEqual({ ok: true });
    cli.child.kill("SIGINT");
    const run = await cli.done;
    expect(run.code).toBe(0);
  });

  it("exits 2 for a port that is not one", async () => {
    const run = await startCli(["emulator", "--port", "http"]).done;
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--port must be 0..65535");
  });
});
