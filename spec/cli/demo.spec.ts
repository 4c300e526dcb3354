import { SCENES } from "../../src/cli/commands/demo-scenes";
import { runCli, startCli } from "../support/cli";

describe("fal-rx demo", () => {
  it("runs every part against the embedded emulator with no key set, printing each numbered part and its code, and exits 0", async () => {
    // The demo paces itself for a human (about 5 s): the child gets more than the usual 15 s.
    const run = await startCli(["demo"], {}, 30_000).done;
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^fal-rx demo — embedded emulator at http:\/\/127\.0\.0\.1:\d+\n/);
    let from = 0;
    for (const [index, scene] of SCENES.entries()) {
      const at = run.stdout.indexOf(`\n${index + 1}. ${scene.title}\n`, from);
      expect({ part: index + 1, found: at > from }).toEqual({ part: index + 1, found: true });
      expect(run.stdout.indexOf(scene.code.split("\n")[0]!, at)).toBeGreaterThan(at);
      from = at;
    }
    // What the parts are there to show: the replaced job and the timed-out one cancelled on the server.
    expect(run.stdout).toContain('server: "a red fox" -> cancelled');
    expect(run.stdout).toMatch(/FalTimeoutError: .* timed out after 300 ms[\s\S]*server: job \S+ cancelled/);
    expect(run.stdout).toContain("Done.");
  }, 40_000);

  it("shows its help with --help", async () => {
    const run = await runCli(["demo", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: fal-rx demo");
  });
});
