import { lastValueFrom } from "rxjs";
import { startEmulator } from "../../emulator/index.js";
import { createFalClient, type FalClient } from "../../index.js";
import { defineCommand } from "../command.js";
import { style } from "../render.js";
import { UsageError } from "../usage-error.js";
import { emulatorTarget, LIVE_TARGET, SCENES, type DemoTarget } from "./demo-scenes.js";

export const demoCommand = defineCommand({
  summary: "show what fal-rx does, against the embedded emulator",
  help: `Usage: fal-rx demo [--live]

Starts the embedded fal emulator (no key, no network needed) and runs each part of the demo,
printing the code it runs and what came back.

  --live   run the same parts against fal.ai with real endpoints (needs FAL_KEY; billed to you;
           the parts that need the emulator's fault knobs are skipped)
`,
  flags: { live: { type: "boolean" } },
  async run(values) {
    if (values.live) {
      if (!process.env.FAL_KEY) throw new UsageError("--live needs FAL_KEY in the environment");
      process.stdout.write(style.bold("fal-rx demo — live, against fal.ai\n"));
      await play(createFalClient(), LIVE_TARGET);
      return 0;
    }
    const emulator = await startEmulator({ key: "demo-key", queue: { concurrency: 1 } });
    try {
      process.stdout.write(style.bold(`fal-rx demo — embedded emulator at ${emulator.url}\n`));
      await play(createFalClient({ baseUrls: emulator.baseUrls, credentials: "demo-key", retry: { baseDelay: 200 } }), emulatorTarget(emulator));
      process.stdout.write(`\n${style.bold("Done.")} Every part above went over real HTTP to the emulator.\n`);
      return 0;
    } finally {
      await emulator.close();
    }
  },
});

async function play(fal: FalClient, target: DemoTarget): Promise<void> {
  const print = (line: string) => process.stdout.write(`  ${line}\n`);
  for (const [index, scene] of SCENES.entries()) {
    process.stdout.write(`\n${style.bold(`${index + 1}. ${scene.title}`)}\n`);
    if (scene.emulatorOnly && !target.emulator) {
      print(style.dim("(needs the emulator's fault knobs: skipped with --live)"));
      continue;
    }
    process.stdout.write(`${style.dim(scene.code.replace(/^/gm, "   │ "))}\n`);
    await lastValueFrom(scene.run(fal, target, print), { defaultValue: undefined });
  }
}
