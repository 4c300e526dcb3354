import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { TEST_KEY, useEmulator } from "../support/emulator";
import { runCli } from "../support/cli";
import { useTempDir } from "../support/temp-dir";

describe("fal-rx upload", () => {
  const emu = useEmulator();
  const env = { FAL_KEY: TEST_KEY };
  const base = () => ["--base-url", emu.emulator.url];
  const dir = useTempDir("fal-rx-upload-");
  const file = (name: string, bytes: Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

  it("prints the file's URL on stdout, where the uploaded bytes are served back", async () => {
    const bytes = randomBytes(300 * 1024);
    const run = await runCli(["upload", file("noise.bin", bytes), ...base()], env);
    expect(run.code).toBe(0);
    const url = run.stdout.trimEnd();
    expect(run.stdout).toBe(`${url}\n`);
    expect(url).toMatch(new RegExp(`^${emu.emulator.url}/upload/files/[\\w-]+/noise\\.bin$`));
    const served = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(served.equals(bytes)).toBe(true);
  });

  it("shows the progress on stderr, one plain line per update when not a TTY, ending at 100%", async () => {
    const run = await runCli(["upload", file("small.bin", randomBytes(1024)), ...base()], env);
    expect(run.code).toBe(0);
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines.at(-1)).toBe(`[${"#".repeat(24)}] 100% 1.0/1.0 KB`);
    expect(run.stderr).not.toMatch(/[\r\u001b]/);
  });

  it("sends the key to the initiate call only, never with the bytes to the signed URL", async () => {
    await runCli(["upload", file("keyed.bin", randomBytes(16)), ...base()], env);
    const [initiate, put] = emu.emulator.requests;
    expect(initiate).toMatchObject({ method: "POST", url: "/rest/storage/upload/initiate?storage_type=fal-cdn-v3" });
    expect(initiate!.headers.authorization).toBe(`Key ${TEST_KEY}`);
    expect(put).toMatchObject({ method: "PUT", route: "upload" });
    expect(put!.headers.authorization).toBeUndefined();
  });

  it("names the file's type from its first bytes, or as --content-type says", async () => {
    const sniffed = await runCli(["upload", file("picture", PNG), ...base()], env);
    expect((await fetch(sniffed.stdout.trimEnd())).headers.get("content-type")).toBe("image/png");
    const told = await runCli(["upload", file("notes", Buffer.from("hello")), "--content-type", "text/markdown", ...base()], env);
    expect((await fetch(told.stdout.trimEnd())).headers.get("content-type")).toBe("text/markdown");
  });

  it("asks fal to keep the file as long as --expires-in says", async () => {
    const run = await runCli(["upload", file("brief.txt", Buffer.from("x")), "--expires-in", "1h", ...base()], env);
    expect(run.code).toBe(0);
    expect(JSON.parse(emu.emulator.requests[0]!.headers["x-fal-object-lifecycle"]!)).toEqual({ expiration_duration_seconds: 3600 });
  });

  it("exits 2 for an --expires-in fal does not know", async () => {
    const run = await runCli(["upload", file("odd.txt", Buffer.from("x")), "--expires-in", "fortnight", ...base()], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("fortnight");
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("exits 2 for a file that does not exist, sending nothing", async () => {
    const run = await runCli(["upload", join(dir, "missing.png"), ...base()], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cannot read ${join(dir, "missing.png")}: ENOENT`);
    expect(run.stderr).toContain("Usage: fal-rx upload <file>");
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("exits 2 for a directory, sending nothing", async () => {
    const run = await runCli(["upload", dir, ...base()], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cannot read ${dir}: not a file`);
    expect(emu.emulator.requests).toHaveLength(0);
  });

  it("exits 2 without a file or with two", async () => {
    expect((await runCli(["upload", ...base()], env)).code).toBe(2);
    const two = await runCli(["upload", file("a", PNG), file("b", PNG), ...base()], env);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain("expects exactly one file");
  });
});
