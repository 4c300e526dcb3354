import type { Command } from "../command.js";
import { demoCommand } from "./demo.js";
import { emulatorCommand } from "./emulator.js";
import { cancelCommand, resultCommand, statusCommand } from "./request.js";
import { runCommand } from "./run.js";
import { streamCommand } from "./stream.js";
import { subscribeCommand } from "./subscribe.js";
import { uploadCommand } from "./upload.js";

/** Every command, by name. */
export const COMMANDS: Record<string, Command> = {
  run: runCommand,
  subscribe: subscribeCommand,
  stream: streamCommand,
  upload: uploadCommand,
  status: statusCommand,
  result: resultCommand,
  cancel: cancelCommand,
  emulator: emulatorCommand,
  demo: demoCommand,
};

/** The top-level help: every command with its summary. */
export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return `Usage: fal-rx <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nfal-rx <command> --help shows a command's options; fal-rx --version the version.
Exit codes: 0 success, 1 API or model error, 2 usage error, 130 interrupted.\n`;
}
