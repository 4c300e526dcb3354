#!/usr/bin/env node
import { main } from "./main.js";

// A reader that stopped reading (`fal-rx run … | head -c 0`) closes the pipe: the output is
// not wanted any more, which is no failure of the command. Leave quietly, as Unix tools do.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
