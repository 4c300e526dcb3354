import { execFile } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { BIN } from "../support/cli";
import { TEST_KEY, useEmulator } from "../support/emulator";

const exec = promisify(execFile);

/** The CLI in a shell pipeline, as scripts use it. */
describe("fal-rx in a pipeline", () => {
  const emu = useEmulator();
  const env = () => ({ PATH: process.env.PATH, NO_COLOR: "1", FAL_KEY: TEST_KEY, BIN, NODE: process.execPath, URL: emu.emulator.url });

  it("reads --input @- from standard input", async () => {
    const { stdout } = await exec("bash", ["-c", `echo '{"from":"stdin"}' | "$NODE" "$BIN" run fal-ai/echo --input @- --base-url "$URL"`], { env: env() });
    expect(JSON.parse(stdout)).toEqual({ from: "stdin" });
  });

  it("exits quietly with 0 when the reader closes the pipe early", async () => {
    // head exits at once, long before the CLI writes its answer.
    const script = `"$NODE" "$BIN" run fal-ai/echo -i "text=$(head -c 100000 /dev/zero | tr '\\0' x)" --base-url "$URL" 2>"$ERR" | head -c 0; echo "\${PIPESTATUS[0]}"`;
    const err = join(tmpdir(), `fal-rx-pipe-${process.pid}.txt`);
    try {
      const { stdout } = await exec("bash", ["-c", script], { env: { ...env(), ERR: err } });
      expect(stdout.trim()).toBe("0");
      expect(readFileSync(err, "utf8")).toBe("");
    } finally {
      rmSync(err, { force: true });
    }
  });
});
