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

describe("fal-rx emulator's control routes", () => {
  it("serves the request log, the jobs and reset under /_emulator/, behind the key", async () => {
    const port = await closedPort();
    const cli = startCli(["emulator", "--port", String(port), "--key", "k"]);
    try {
      await until(() => cli.output().stdout.includes("listening"), "the emulator to listen", 15_000);
      expect(cli.output().stdout).toContain(`http://127.0.0.1:${port}/_emulator/`);
      const origin = `http://127.0.0.1:${port}`;
      const auth = { authorization: "Key k" };
      await fetch(`${origin}/queue/fal-ai/echo`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: '{"n":1}' });
      expect((await fetch(`${origin}/_emulator/jobs`)).status).toBe(401);

      const jobs = (await (await fetch(`${origin}/_emulator/jobs`, { headers: auth })).json()) as { endpoint: string; input: unknown }[];
      expect(jobs).toEqual([expect.objectContaining({ endpoint: "fal-ai/echo", input: { n: 1 } })]);
      const requests = (await (await fetch(`${origin}/_emulator/requests`, { headers: auth })).json()) as { url: string; headers: Record<string, string> }[];
      expect(requests.map((request) => request.url)).toEqual(["/queue/fal-ai/echo"]);
      expect(requests[0]!.headers.authorization).toBe("Key [redacted]");

      expect((await fetch(`${origin}/_emulator/reset`, { method: "POST", headers: auth })).status).toBe(204);
      expect(await (await fetch(`${origin}/_emulator/jobs`, { headers: auth })).json()).toEqual([]);
    } finally {
      cli.child.kill("SIGINT");
      await cli.done;
    }
  });
});
